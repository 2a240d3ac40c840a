"""The portal: inquiries together with their answers, as each reader may see them (list,\ndetail, following, statistics; the feed in `feeds.py`)."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from inquiries import permissions, services
from inquiries.forms import InquiryFilterForm
from inquiries.models import Follow, Inquiry, Question
from inquiries.pagination import CappedPaginator
from inquiries.services import question_tree
from inquiries.views.loading import get_inquiry_for_user, get_rw_inquiry_for_user
from portal import services as portal_services
from portal import statistics as stats

PAGE_SIZE = 25
# the list counts up to this many inquiries ("more than 10,000"): an exact count read every row
LIST_COUNT_CAP = 10_000


def _list_queryset(request: HttpRequest):
    return Inquiry.objects.visible_to(request.user).for_table()


def _query_string_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_safe
def inquiry_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = InquiryFilterForm(request.GET)
    inquiries = form.filter(_list_queryset(request), today=today).with_question_count()
    number = request.GET.get("page")
    page = CappedPaginator(inquiries, PAGE_SIZE, cap=LIST_COUNT_CAP, number=number).get_page(number)
    template_name = "portal/inquiry_list.html"
    if request.htmx and not request.htmx.boosted:
        template_name += "#inquiry-table"
    return render(
        request,
        template_name,
        {
            "page": page,
            "filter_form": form,
            "query_string": _query_string_without_page(request),
            "today": today,
        },
    )


_NOT_DRAFT = tuple(status for status in Inquiry.Status if status != Inquiry.Status.DRAFT)


def _get_inquiry_for_user(request: HttpRequest, pk: int) -> Inquiry:
    """The inquiry page's inquiry (404 unless visible), with what the page shows of it."""

    def shape(inquiries):
        inquiries = (
            inquiries.select_related("committee", "lead_department", "deadline_meeting", "follow_up_of")
            # the earlier inquiry is a link: its reference and subject, not its letter
            .defer(*(f"follow_up_of__{name}" for name in Inquiry.WIDE_FIELDS))
        ).annotate(
            # whether to load the follow-ups at all: the usual inquiry has none, and pays no query
            # (the statuses but draft as one IN: an exclude() cost twice as much to compile)
            has_follow_ups=Exists(
                Inquiry.objects.filter(follow_up_of_id=OuterRef("pk"), status__in=_NOT_DRAFT)
            )
        )
        if permissions.can_follow_inquiry(request.user):
            inquiries = inquiries.annotate(
                is_followed=Exists(Follow.objects.filter(inquiry_id=OuterRef("pk"), user_id=request.user.pk))
            )
        return inquiries

    return get_inquiry_for_user(request, pk, shape=shape)


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
        # the meeting the deadline refers to has begun: the office may record that the answer
        # was not possible at short notice there (deadline_meeting is select_related: no query)
        "can_refer": permissions.can_refer_to_next_meeting(user, inquiry)
        and inquiry.deadline_meeting is not None
        and inquiry.deadline_meeting.starts_at <= timezone.now(),
        "can_download_source": bool(inquiry.source_file) and (permissions.is_administration(user) or is_own),
        "follow_ups": follow_ups,
    }


@require_safe
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The inquiry, its questions, the sent reply's answers (through the `portal` template tags,
    `visible_to` only), the signed PDF and the timeline of events and history."""
    inquiry = _get_inquiry_for_user(request, pk)
    is_administration = permissions.is_administration(request.user)
    # the inquiry's own questions in its order: no join for the ordering of all inquiries
    questions = Question.objects.filter(inquiry=inquiry).order_by("position", "pk")
    if is_administration:
        # the departments and the answers' status beside each question (administration only:
        # answers are internal until the reply is sent); a join on the reverse one-to-one
        questions = (
            questions.select_related("lead_department")
            .annotate(answer_status=F("answer__status"))
            .prefetch_related(Prefetch("participating_departments"))
        )
    questions = list(questions)
    return render(
        request,
        "portal/inquiry_detail.html",
        {
            "inquiry": inquiry,
            "questions": question_tree(questions),
            "is_administration": is_administration,
            "can_follow": permissions.can_follow_inquiry(request.user),
            "can_assign": permissions.can_assign_questions(request.user, inquiry),
            "can_send_interim_reply": permissions.can_send_interim_reply(request.user, inquiry),
            # an interim reply always sets expected_on: no query for the usual inquiry
            "interim_replies": inquiry.interim_replies.all() if inquiry.expected_on else [],
            "today": timezone.localdate(),
            **_intake_actions(request, inquiry),
        },
    )


def _get_followable_inquiry(request: HttpRequest, pk: int) -> Inquiry:
    return get_rw_inquiry_for_user(
        request, pk, may=lambda user, _inquiry: permissions.can_follow_inquiry(user)
    )


@require_POST
@login_required
def inquiry_follow(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _get_followable_inquiry(request, pk)
    portal_services.follow_inquiry(inquiry, user=request.user)
    messages.success(request, _("You follow this inquiry and will get an e-mail when it is answered."))
    return redirect(inquiry)


@require_POST
@login_required
def inquiry_unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _get_followable_inquiry(request, pk)
    portal_services.unfollow_inquiry(inquiry, user=request.user)
    messages.success(request, _("You no longer follow this inquiry."))
    return redirect(inquiry)


@require_safe
@login_required
def follow_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_follow_inquiry(request.user):
        raise PermissionDenied
    followed = Follow.objects.filter(user=request.user).values("inquiry")
    inquiries = (
        _list_queryset(request)
        .filter(pk__in=followed)
        .with_question_count()
        .order_by(*Inquiry._meta.ordering)
    )
    page = Paginator(inquiries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/follow_list.html",
        {"page": page, "query_string": "", "today": timezone.localdate()},
    )


@require_safe
@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """For the council office and council members (everyone who reads all submitted inquiries)."""
    if not permissions.sees_all_submitted(request.user):
        raise PermissionDenied
    figures = stats.compute(request.user, today=timezone.localdate())
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="statistik.csv"'
        csv.writer(response).writerows(stats.csv_rows(figures))
        return response
    return render(request, "portal/statistics.html", figures)
