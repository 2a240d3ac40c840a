from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from inquiries import permissions
from inquiries.models import Inquiry, Question
from inquiries.services import question_tree

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
    queryset = Inquiry.objects.visible_to(request.user).select_related(
        "committee", "committee__chair", "lead_department", "deadline_meeting", "follow_up_of"
    )
    return get_object_or_404(queryset, pk=pk)


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
            "questions": question_tree(questions),
            "is_administration": is_administration,
            "can_assign": permissions.can_assign_questions(request.user, inquiry),
            "can_send_interim_reply": permissions.can_send_interim_reply(request.user, inquiry),
            # an interim reply always sets expected_on: no query for the usual inquiry
            "interim_replies": inquiry.interim_replies.all() if inquiry.expected_on else [],
            "today": timezone.localdate(),
        },
    )
