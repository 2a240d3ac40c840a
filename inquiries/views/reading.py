from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from inquiries import permissions, services
from inquiries.models import Inquiry, Question

PAGE_SIZE = 25


def inquiry_list(request: HttpRequest) -> HttpResponse:
    inquiries = (
        Inquiry.objects.visible_to(request.user)
        .select_related("committee", "lead_department")
        .annotate(question_count=Count("questions", filter=Q(questions__parent__isnull=True)))
        .order_by(*Inquiry._meta.ordering)
    )
    page = Paginator(inquiries, PAGE_SIZE).get_page(request.GET.get("page"))
    template_name = "inquiries/inquiry_list.html"
    if request.htmx:
        template_name += "#inquiry-table"
    return render(request, template_name, {"page": page, "today": timezone.localdate()})


def _get_inquiry_for_user(request: HttpRequest, pk: int) -> Inquiry:
    """404 unless the user may see the inquiry: someone who may not see it must not learn
    that it exists."""
    queryset = (
        Inquiry.objects.visible_to(request.user)
        .select_related(
            "committee", "committee__chair", "lead_department", "deadline_meeting", "follow_up_of"
        )
        # whether to load the follow-ups at all: the usual inquiry has none, and pays no query
        .annotate(
            has_follow_ups=Exists(
                Inquiry.objects.filter(follow_up_of=OuterRef("pk")).exclude(status=Inquiry.Status.DRAFT)
            )
        )
    )
    return get_object_or_404(queryset, pk=pk)


def _intake_actions(request: HttpRequest, inquiry: Inquiry) -> dict:
    """What the sender and the council office may do with the inquiry here. Asks for a signed
    reply (one query) only when a withdraw button could show."""
    user = request.user
    is_own = inquiry.submitted_by_id is not None and inquiry.submitted_by_id == user.pk
    can_withdraw = False
    if inquiry.is_open() and (is_own or permissions.is_council_office(user)):
        can_withdraw = permissions.can_withdraw_inquiry(
            user, inquiry, reply_signed=services.reply_is_signed(inquiry)
        )
    follow_ups = []
    if inquiry.has_follow_ups:
        follow_ups = list(
            Inquiry.objects.visible_to(user)
            .filter(follow_up_of=inquiry)
            .exclude(status=Inquiry.Status.DRAFT)
            .order_by("submitted_on", "pk")
        )
    return {
        "can_edit_draft": permissions.can_edit_draft(user, inquiry),
        "can_withdraw": can_withdraw,
        "can_follow_up": permissions.can_follow_up_inquiry(user, inquiry),
        "can_register": permissions.can_register_inquiry(user, inquiry),
        "can_download_source": bool(inquiry.source_file) and (permissions.is_administration(user) or is_own),
        "follow_ups": follow_ups,
    }


def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _get_inquiry_for_user(request, pk)
    is_administration = permissions.is_administration(request.user)
    questions = Question.objects.filter(inquiry=inquiry).select_related("lead_department")
    if is_administration:
        # the answers' status beside each question (administration only: answers are internal
        # until the reply is sent); a join on the reverse one-to-one, no extra query
        questions = questions.annotate(answer_status=F("answer__status"))
    questions = list(questions.prefetch_related(Prefetch("participating_departments")))
    return render(
        request,
        "inquiries/inquiry_detail.html",
        {
            "inquiry": inquiry,
            "questions": services.question_tree(questions),
            "is_administration": is_administration,
            "can_assign": permissions.can_assign_questions(request.user, inquiry),
            "can_send_interim_reply": permissions.can_send_interim_reply(request.user, inquiry),
            # an interim reply always sets expected_on: no query for the usual inquiry
            "interim_replies": inquiry.interim_replies.all() if inquiry.expected_on else [],
            "today": timezone.localdate(),
            **_intake_actions(request, inquiry),
        },
    )
