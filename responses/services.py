"""Domain logic for answers: drafting with optimistic locking, contributions, review and
approval, version history, interim replies, progress and reminders.

Services check the workflow's rules (states, versions); views check who may call them
(`responses.permissions`). Every write goes through `save()` so that django-simple-history
records who changed what.
"""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from inquiries.deadlines import add_working_days, internal_due_on, working_days_between
from inquiries.models import Event, Inquiry, Question
from inquiries.services import deadline_rules, department_recipients, record_event
from inquiries.tasks import send_email_on_commit
from responses.models import Answer, Comment, Contribution, InterimReply, ReminderSent

logger = logging.getLogger(__name__)

# --- Errors the views turn into messages ----------------------------------------------------


class AnswerError(Exception):
    """A workflow rule refused the change; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidTransition(AnswerError):
    pass


class AnswerLocked(AnswerError):
    pass


class AnswerConflict(AnswerError):
    """Someone saved the answer after the version the user started from. Carries the saved
    text so the page can show it beside the user's unsaved text."""

    def __init__(self, current: Answer):
        super().__init__(
            gettext(
                "Someone else saved this answer while you were editing it. Their version is shown "
                "beside yours; your text has not been saved. Combine both and save again."
            )
        )
        self.current = current
        self.current_text = current.text
        self.current_version = current.version


# --- Drafting --------------------------------------------------------------------------------


def answer_for(question: Question) -> Answer:
    """The question's answer, created empty on first use."""
    try:
        return question.answer
    except Answer.DoesNotExist:
        pass
    answer, _ = Answer.objects.get_or_create(question=question)
    question.answer = answer
    return answer


def _lock(answer: Answer) -> Answer:
    """Re-read the answer with a row lock (PostgreSQL); on SQLite the IMMEDIATE transaction
    mode already holds the database's write lock from BEGIN on, which serializes writers."""
    return Answer.objects.select_for_update().select_related("question").get(pk=answer.pk)


def save_answer(answer: Answer, *, text: str, base_version: int, by) -> Answer:
    """Save a new text if nobody saved since `base_version`; otherwise raise `AnswerConflict`.

    The check and the write happen under a row lock in one transaction, so of two concurrent
    saves based on the same version exactly one wins. Approved answers are locked.
    Returns the saved answer (unchanged, without a new version, if the text is the same).
    """
    text = text.replace("\r\n", "\n").strip()
    with transaction.atomic():
        current = _lock(answer)
        if current.is_locked:
            raise AnswerLocked(
                gettext("This answer is approved and locked. The council office can reopen it.")
            )
        if current.version != base_version:
            raise AnswerConflict(current)
        if current.text == text:
            return current
        current.text = text
        current.version += 1
        current.author = by
        current._history_user = by
        current.save(update_fields=["text", "version", "author", "updated_at"])
    return current


# --- Review and approval: the state machine ----------------------------------------------------

S = Answer.Status


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    label: object


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", S.DRAFT, S.IN_REVIEW, gettext_lazy("Submit for review")),
        Transition("approve", S.IN_REVIEW, S.APPROVED, gettext_lazy("Approve")),
        Transition("send_back", S.IN_REVIEW, S.DRAFT, gettext_lazy("Send back")),
        Transition("reopen", S.APPROVED, S.DRAFT, gettext_lazy("Reopen")),
    )
}


def transition_answer(
    answer: Answer, action: str, *, by, comment: str = "", base_version: int | None = None
) -> Answer:
    """Move an answer along draft → in review → approved (send back: in review → draft;
    reopen: approved → draft). Refuses anything else with `InvalidTransition`.

    With `base_version`, refuses (`AnswerConflict`) when the text changed since the user saw
    it: nobody approves a text they have not read. Sending back needs a comment, which is also
    kept as an internal comment on the question.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise InvalidTransition(gettext("Unknown action."))
    comment = comment.strip()
    with transaction.atomic():
        current = _lock(answer)
        if current.status != transition.source:
            raise InvalidTransition(
                gettext('"%(action)s" is not possible for an answer that is "%(status)s".')
                % {"action": transition.label, "status": current.get_status_display()}
            )
        if base_version is not None and current.version != base_version:
            raise AnswerConflict(current)
        if action == "submit" and not current.text.strip():
            raise InvalidTransition(gettext("Write an answer before submitting it for review."))
        if action == "send_back" and not comment:
            raise InvalidTransition(gettext("Say what should change when sending an answer back."))
        current.status = transition.target
        if transition.target == S.APPROVED:
            current.approver, current.approved_at = by, timezone.now()
        else:
            current.approver, current.approved_at = None, None
        if action == "send_back":
            current.review_comment = comment
        elif action == "submit":
            current.review_comment = ""
        current._history_user = by
        current._change_reason = action
        current.save(update_fields=["status", "approver", "approved_at", "review_comment", "updated_at"])
        if comment:
            Comment.objects.create(question=current.question, author=by, text=comment)
    return current


# --- Contributions and comments -------------------------------------------------------------


def add_contribution(question: Question, *, department, text: str, by) -> Contribution:
    """A participating department's part of the answer."""
    return Contribution.objects.create(question=question, department=department, author=by, text=text.strip())


def merge_contribution(contribution: Contribution, *, by) -> Answer:
    """Append a contribution to the draft (new version) and mark it merged, in one transaction."""
    with transaction.atomic():
        contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
        if contribution.is_merged:
            raise InvalidTransition(gettext("This contribution has already been merged."))
        answer = _lock(answer_for(contribution.question))
        if answer.is_locked:
            raise AnswerLocked(
                gettext("This answer is approved and locked. The council office can reopen it.")
            )
        answer.text = "\n\n".join(part for part in (answer.text.strip(), contribution.text.strip()) if part)
        answer.version += 1
        answer._history_user = by
        answer._change_reason = "merge"
        answer.save(update_fields=["text", "version", "updated_at"])
        contribution.is_merged = True
        contribution._history_user = by
        contribution.save(update_fields=["is_merged", "updated_at"])
    return answer


def add_comment(question: Question, *, text: str, by) -> Comment:
    return Comment.objects.create(question=question, author=by, text=text.strip())


# --- History ---------------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> SafeString:
    """Word-level difference as HTML: removed words in <del>, added ones in <ins>, all escaped."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))


@dataclass
class AnswerVersion:
    version: int
    status: str
    status_label: str
    at: object
    by: object
    action: str
    diff: SafeString | None
    text_changed: bool


def answer_versions(answer: Answer) -> list[AnswerVersion]:
    """Every saved state of the answer, newest first, with who, when and the text's diff to
    the state before. One query."""
    records = list(answer.history.select_related("history_user").order_by("history_date", "history_id"))
    versions = []
    previous_text = ""
    for record in records:
        changed = record.text != previous_text
        versions.append(
            AnswerVersion(
                version=record.version,
                status=record.status,
                status_label=Answer.Status(record.status).label,
                at=record.history_date,
                by=record.history_user,
                action=record.history_change_reason or "",
                diff=word_diff(previous_text, record.text) if changed else None,
                text_changed=changed,
            )
        )
        previous_text = record.text
    return versions[::-1]


# --- Progress --------------------------------------------------------------------------------


def inquiry_progress(inquiry: Inquiry) -> dict:
    """How far the answers of an inquiry are. One query.

    Every question without sub-questions needs an answer; a question with sub-questions is
    answered through them and may carry an optional introductory answer, which then must be
    approved too before the reply can be composed (`all_approved`).
    """
    rows = list(Question.objects.filter(inquiry=inquiry).values_list("pk", "parent_id", "answer__status"))
    parents = {parent_id for _, parent_id, _ in rows if parent_id}
    counts = {"total": 0, S.DRAFT.value: 0, S.IN_REVIEW.value: 0, S.APPROVED.value: 0, "missing": 0}
    optional_unapproved = 0
    for pk, _, status in rows:
        if pk in parents:
            if status and status != S.APPROVED:
                optional_unapproved += 1
            continue
        counts["total"] += 1
        counts[status or "missing"] += 1
    counts["all_approved"] = (
        counts["total"] > 0 and counts[S.APPROVED.value] == counts["total"] and not optional_unapproved
    )
    return counts


# --- Interim reply ---------------------------------------------------------------------------


@transaction.atomic
def send_interim_reply(inquiry: Inquiry, *, text: str, new_expected_on: date, by) -> InterimReply:
    """Record a Zwischennachricht, set the new expected date and tell the sender.

    From now on the expected date drives the work: unapproved questions whose internal due
    date lies before the new internal due date (expected date minus the review working days)
    move to it; due dates are never moved earlier. Worklists and reminders read these dates.
    """
    interim = InterimReply.objects.create(
        inquiry=inquiry, text=text.strip(), new_expected_on=new_expected_on, sent_by=by
    )
    previous = inquiry.expected_on
    inquiry.expected_on = new_expected_on
    inquiry._history_user = by
    inquiry.save(update_fields=["expected_on", "updated_at"])

    new_due_on = internal_due_on(new_expected_on, rules=deadline_rules())
    questions = (
        Question.objects.filter(inquiry=inquiry)
        .exclude(answer__status=S.APPROVED)
        .filter(Q(due_on__lt=new_due_on) | Q(due_on__isnull=True, lead_department__isnull=False))
    )
    for question in questions:
        question.due_on = new_due_on
        question._history_user = by
        question.save(update_fields=["due_on", "updated_at"])

    record_event(
        inquiry,
        Event.Kind.INTERIM_REPLY,
        by=by,
        expected_on=new_expected_on.isoformat(),
        previous_expected_on=previous.isoformat() if previous else None,
    )
    committee = inquiry.committee
    recipients = [
        inquiry.sender_email,
        getattr(inquiry.submitted_by, "email", ""),
        getattr(committee, "email", ""),
        getattr(getattr(committee, "chair", None), "email", ""),
    ]
    subject = gettext("Interim reply to your inquiry %(reference)s") % {"reference": inquiry.reference or ""}
    body = gettext("%(text)s\n\nNew expected date of the reply: %(date)s\n\n%(url)s") % {
        "text": interim.text,
        "date": new_expected_on.strftime("%d.%m.%Y"),
        "url": settings.SITE_URL + inquiry.get_absolute_url(),
    }
    send_email_on_commit(recipients, subject, body)
    return interim


# --- Reminders -------------------------------------------------------------------------------


@dataclass
class ReminderSummary:
    questions_due_soon: int = 0
    questions_overdue: int = 0
    inquiries_overdue: int = 0
    emails_sent: int = 0
    already_sent: int = 0
    failed: int = 0
    recipients: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        return (
            f"{self.emails_sent} reminder e-mail(s) sent: {self.questions_due_soon} question(s) due soon, "
            f"{self.questions_overdue} question(s) and {self.inquiries_overdue} inquiry(ies) overdue; "
            f"{self.already_sent} already sent before, {self.failed} failed."
        )


def _open_questions():
    return (
        Question.objects.filter(inquiry__status__in=Inquiry.OPEN_STATUSES, due_on__isnull=False)
        .exclude(answer__status=S.APPROVED)
        .select_related("inquiry", "lead_department", "lead_department__head")
        .order_by("due_on", "inquiry_id", "position", "pk")
    )


def council_office_recipients() -> list[str]:
    """Active users who may register inquiries (directly or through a group), with an e-mail."""
    perm = Permission.objects.get(content_type__app_label="inquiries", codename="register_inquiry")
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(user_permissions=perm) | Q(groups__permissions=perm) | Q(is_superuser=True))
        .distinct()
        .order_by("pk")
    )
    return [user.email for user in users]


def _send_once(
    *,
    kind: str,
    recipient: str,
    items: list[tuple[str, object, object]],
    sent_on: date,
    subject: str,
    lines: list[str],
    summary: ReminderSummary,
) -> None:
    """Record one ReminderSent row per item and send one e-mail, in one transaction: if the
    mail fails the rows roll back (tried again next run); if another run recorded the same
    rows first, nothing is sent."""
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(
                [
                    ReminderSent(
                        kind=kind,
                        target=target,
                        question=question,
                        inquiry=inquiry,
                        recipient=recipient,
                        sent_on=sent_on,
                    )
                    for target, question, inquiry in items
                ]
            )
            send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [recipient])
    except IntegrityError:
        summary.already_sent += 1
        return
    except Exception:  # one broken address or SMTP hiccup must not stop the others
        logger.exception("Reminder to %s failed; it is tried again on the next run.", recipient)
        summary.failed += 1
        return
    summary.emails_sent += 1
    summary.recipients.add(recipient)


def _question_line(question: Question) -> str:
    return gettext("%(reference)s question %(number)s, due %(due)s: %(url)s") % {
        "reference": question.inquiry.reference or "",
        "number": question.number,
        "due": question.due_on.strftime("%d.%m.%Y"),
        "url": settings.SITE_URL + reverse("responses:answer_edit", args=[question.pk]),
    }


def send_reminders(today: date) -> ReminderSummary:
    """The daily job: remind lead departments' staff of unapproved questions due within
    `settings.REMINDER_WORKING_DAYS` working days, and tell the council office about overdue
    questions and inquiries.

    Idempotent: a due-soon reminder goes once per question, due date and recipient (a moved
    due date is reminded again); overdue notices once per item, recipient and day.
    """
    summary = ReminderSummary()
    rules = deadline_rules()
    window = settings.REMINDER_WORKING_DAYS
    horizon = add_working_days(today, window, state=rules.state)

    # Due soon: per recipient, the questions not reminded before for their current due date.
    by_recipient: dict[str, list[Question]] = {}
    due_soon = [
        q
        for q in _open_questions().filter(
            due_on__gte=today, due_on__lte=horizon, lead_department__isnull=False
        )
    ]
    summary.questions_due_soon = len(due_soon)
    staff_cache: dict[int, list[str]] = {}
    for question in due_soon:
        department = question.lead_department
        if department.pk not in staff_cache:
            staff_cache[department.pk] = [r for r in dict.fromkeys(department_recipients(department))]
        for recipient in staff_cache[department.pk]:
            by_recipient.setdefault(recipient, []).append(question)
    done = set(
        ReminderSent.objects.filter(kind=ReminderSent.Kind.DUE_SOON, recipient__in=by_recipient).values_list(
            "target", "recipient"
        )
    )
    for recipient, questions in by_recipient.items():
        items = [
            (f"question:{q.pk}:{q.due_on.isoformat()}", q, q.inquiry)
            for q in questions
            if (f"question:{q.pk}:{q.due_on.isoformat()}", recipient) not in done
        ]
        if not items:
            summary.already_sent += 1
            continue
        lines = [gettext("These questions are due soon and their answers are not approved yet:"), ""]
        lines += [_question_line(q) for _, q, _ in items]
        _send_once(
            kind=ReminderSent.Kind.DUE_SOON,
            recipient=recipient,
            items=items,
            sent_on=today,
            subject=gettext("Reminder: answers due soon"),
            lines=lines,
            summary=summary,
        )

    # Overdue: one notice per council office member per day, listing everything overdue.
    overdue_questions = list(_open_questions().filter(due_on__lt=today))
    overdue_inquiries = [
        inquiry
        for inquiry in Inquiry.objects.open().filter(
            Q(expected_on__lt=today) | Q(expected_on__isnull=True, due_on__lt=today)
        )
    ]
    summary.questions_overdue, summary.inquiries_overdue = len(overdue_questions), len(overdue_inquiries)
    if overdue_questions or overdue_inquiries:
        items = [(f"question:{q.pk}", q, q.inquiry) for q in overdue_questions]
        items += [(f"inquiry:{i.pk}", None, i) for i in overdue_inquiries]
        lines = [gettext("Overdue inquiries:")]
        lines += [
            gettext("%(inquiry)s, due %(due)s: %(url)s")
            % {
                "inquiry": str(i),
                "due": i.effective_due_on.strftime("%d.%m.%Y"),
                "url": settings.SITE_URL + i.get_absolute_url(),
            }
            for i in overdue_inquiries
        ] or ["–"]
        lines += ["", gettext("Overdue questions:")]
        lines += [_question_line(q) for q in overdue_questions] or ["–"]
        sent_today = set(
            ReminderSent.objects.filter(kind=ReminderSent.Kind.OVERDUE, sent_on=today).values_list(
                "target", "recipient"
            )
        )
        for recipient in dict.fromkeys(council_office_recipients()):
            if all((target, recipient) in sent_today for target, _, _ in items):
                summary.already_sent += 1
                continue
            fresh = [item for item in items if (item[0], recipient) not in sent_today]
            _send_once(
                kind=ReminderSent.Kind.OVERDUE,
                recipient=recipient,
                items=fresh,
                sent_on=today,
                subject=gettext("Overdue: inquiries and questions"),
                lines=lines,
                summary=summary,
            )
    return summary


def working_days_left(today: date, due_on: date | None) -> int | None:
    if due_on is None:
        return None
    return working_days_between(today, due_on, state=deadline_rules().state)
