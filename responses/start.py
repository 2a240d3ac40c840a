"""The start page: "what do I have to do now", one set of queues per role, and their counts
in the navigation.

Each queue is one queryset method on the model it lists (intake queues in `inquiries.models`,
answer and reply queues in `responses.models`); this module only picks the queues a user's
permissions give them (a deputy's include the absent user's) and what the page shows of each.
A queue costs one query for its count and one for the rows shown, whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from inquiries import permissions as inquiry_permissions
from inquiries.deadlines import DUE_SOON_WORKING_DAYS  # the worklist's marks: one window
from inquiries.models import Inquiry
from inquiries.services import deadline_rules
from responses import permissions
from responses.models import Answer, Reply, work_inquiries, work_questions

SHOWN = 10  # rows per queue on the start page; the queue's own page lists them all


@dataclass
class Queue:
    key: str
    title: str
    empty: str
    items: QuerySet
    row: str  # which row template: inquiry, question, answer, reply
    more_url: str = ""
    # the navigation's total counts each item once: "due soon" and "overdue" repeat items of
    # the other queues
    in_total: bool = True
    count: int | None = None
    shown: list | None = None

    def load(self) -> Queue:
        self.count = self.items.count()
        self.shown = list(self.items[:SHOWN]) if self.count else []
        return self


def _question_rows(qs: QuerySet) -> QuerySet:
    return qs.select_related("inquiry", "parent", "lead_department", "answer").order_by(
        "due_on", "inquiry__due_on", "inquiry_id", "position", "pk"
    )


def queues_for(user, today: date) -> list[Queue]:
    """The user's queues in the order the start page shows them (unloaded: no query yet)."""
    queues: list[Queue] = []
    inquiries = Inquiry.objects.visible_to(user).select_related("committee")
    if inquiry_permissions.is_council_office(user):
        queues += [
            Queue(
                "to_register",
                _("To register"),
                _("No inquiries are waiting for registration."),
                inquiries.awaiting_registration().order_by("submitted_on", "pk"),
                "inquiry",
                reverse("inquiries:inbox"),
            ),
            Queue(
                "to_assign",
                _("To assign"),
                _("No inquiries are waiting for assignment."),
                inquiries.awaiting_assignment().order_by("due_on", "received_on", "pk"),
                "inquiry",
                reverse("inquiries:inbox"),
            ),
            Queue(
                "overdue_inquiries",
                _("Overdue"),
                _("No inquiry is overdue."),
                inquiries.overdue(today).order_by("due_on", "pk"),
                "inquiry",
                reverse("portal:list") + "?status=overdue",
                in_total=False,
            ),
            Queue(
                "ready_to_compose",
                _("Ready to compose"),
                _("No inquiry has all its answers approved and is waiting for its reply."),
                work_inquiries()
                .visible_to(user)
                .ready_to_compose()
                .select_related("committee")
                .order_by("due_on", "pk"),
                "inquiry",
            ),
            Queue(
                "to_send",
                _("To send"),
                _("No signed reply is waiting to be sent."),
                Reply.objects.visible_to(user)
                .to_send()
                .select_related("inquiry")
                .order_by("signed_at", "pk"),
                "reply",
            ),
        ]
    if permissions.works_on_answers(user) and inquiry_permissions.user_department_ids(user):
        questions = work_questions().visible_to(user)
        horizon = deadline_rules().calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
        worklist = reverse("responses:worklist")
        queues += [
            Queue(
                "lead",
                _("Our lead questions"),
                _("No lead question is waiting for an answer."),
                _question_rows(questions.lead(user)),
                "question",
                worklist,
            ),
            Queue(
                "contribution_requests",
                _("Contribution requests"),
                _("No question is waiting for a contribution of your department."),
                _question_rows(questions.contribution_requests(user)),
                "question",
                worklist,
            ),
            Queue(
                "returned",
                _("Returned to us"),
                _("No answer has been returned."),
                _question_rows(questions.returned(user)),
                "question",
                worklist,
            ),
            Queue(
                "due_soon",
                _("Due soon"),
                _("Nothing is due in the next working days."),
                _question_rows(questions.due_soon(user, today, horizon)),
                "question",
                worklist,
                in_total=False,
            ),
            Queue(
                "overdue_questions",
                _("Overdue questions"),
                _("No question is overdue."),
                _question_rows(questions.overdue(user, today)),
                "question",
                worklist,
                in_total=False,
            ),
        ]
    if inquiry_permissions.acting_for(user, "responses.approve_department_answer"):
        queues.append(
            Queue(
                "to_approve",
                _("For approval"),
                _("No answer of your department is waiting for approval."),
                Answer.objects.visible_to(user)
                .awaiting_approval_by(user)
                .select_related("question", "question__inquiry", "question__parent", "author")
                .order_by("question__due_on", "question__inquiry_id", "question__position", "pk"),
                "answer",
            )
        )
    if permissions.can_sign_reply(user):
        queues.append(
            Queue(
                "to_sign",
                _("For signature"),
                _("No reply is waiting for your signature."),
                Reply.objects.visible_to(user)
                .awaiting_signature()
                .select_related("inquiry")
                .order_by("inquiry__due_on", "updated_at", "pk"),
                "reply",
            )
        )
    if inquiry_permissions.can_submit_inquiry(user):
        queues.append(
            Queue(
                "mine",
                _("My inquiries"),
                _("You have no open inquiries."),
                inquiries.sent_by(user)
                .filter(status__in=(Inquiry.Status.DRAFT, *Inquiry.OPEN_STATUSES))
                .order_by("-updated_at", "-pk"),
                "inquiry",
                reverse("inquiries:mine"),
            )
        )
    return queues


@require_safe
@login_required
def start(request: HttpRequest) -> HttpResponse:
    """What the signed-in user has to do now; someone without a queue (a council member) reads
    the inquiries."""
    today = timezone.localdate()
    queues = [queue.load() for queue in queues_for(request.user, today)]
    if not queues:
        return redirect("portal:list")
    absent = inquiry_permissions.represented_users(request.user)[1:]
    return render(request, "responses/start.html", {"queues": queues, "today": today, "absent": absent})


@require_safe
@login_required
def start_counts(request: HttpRequest) -> HttpResponse:
    """The navigation's count of open items (loaded after the page: every page stays as fast
    as it was). One query per queue."""
    queues = queues_for(request.user, timezone.localdate())
    counts = [(queue, queue.items.count()) for queue in queues]
    return render(
        request,
        "responses/_start_counts.html",
        {"counts": counts, "total": sum(count for queue, count in counts if queue.in_total)},
    )
