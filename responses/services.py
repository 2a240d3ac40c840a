"""Domain logic for answers: drafting with optimistic locking, contributions, review and
approval, version history, interim replies, progress and reminders.

Services check the workflow's rules (states, versions); views check who may call them
(`responses.permissions`). Every write goes through `save()` so that django-simple-history
records who changed what.
"""

from __future__ import annotations

import difflib
import hashlib
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

from inquiries import services as inquiries_services
from inquiries.deadlines import add_working_days, internal_due_on, working_days_between
from inquiries.models import Event, Inquiry, Question
from inquiries.services import deadline_rules, department_recipients, question_tree, record_event
from inquiries.tasks import send_email_on_commit
from responses.models import Answer, Comment, Contribution, InterimReply, ReminderSent, Reply

logger = logging.getLogger(__name__)

# --- Errors the views turn into messages ----------------------------------------------------


class AnswerError(Exception):
    """A workflow rule refused the change; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidTransition(AnswerError, inquiries_services.InvalidTransition):
    """An answer's workflow step the current state does not allow (the same kind of error as an
    inquiry's, so one `except InvalidTransition` catches both)."""


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


def answers_locked_by_reply(inquiry_id: int, *, lock: bool = False) -> bool:
    """True when the inquiry's answers are part of a signed reply: a reply is signed or sent
    and no supplementary reply is being composed. One query.

    With `lock`, the inquiry's reply rows are locked (PostgreSQL) for the rest of the
    transaction, so that an answer change and `sign_reply` (which locks its reply row) queue
    behind each other: either the change lands before the letter is rendered, or it sees the
    signed reply and is refused."""
    replies = Reply.objects.filter(inquiry_id=inquiry_id)
    if lock:
        replies = replies.select_for_update()
    statuses = list(replies.values_list("status", "supplements_id"))
    final = any(status in Reply.FINAL_STATUSES for status, _ in statuses)
    open_supplement = any(
        supplements_id and status not in Reply.FINAL_STATUSES for status, supplements_id in statuses
    )
    return final and not open_supplement


def _refuse_if_reply_final(inquiry_id: int) -> None:
    if answers_locked_by_reply(inquiry_id, lock=True):
        raise AnswerLocked(
            gettext(
                "The reply to this inquiry is signed: its answers can no longer change. "
                "A correction is a supplementary reply."
            )
        )


def save_answer(answer: Answer, *, text: str, base_version: int, by) -> Answer:
    """Save a new text if nobody saved since `base_version`; otherwise raise `AnswerConflict`.

    The check and the write happen under a row lock in one transaction, so of two concurrent
    saves based on the same version exactly one wins. Approved answers are locked.
    Returns the saved answer (unchanged, without a new version, if the text is the same).
    """
    text = text.replace("\r\n", "\n").strip()
    with transaction.atomic():
        current = _lock(answer)
        _refuse_if_reply_final(current.question.inquiry_id)
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
        _refuse_if_reply_final(current.question.inquiry_id)
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
        _refuse_if_reply_final(answer.question.inquiry_id)
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


# --- The reply: compose, sign, send ------------------------------------------------------------
#
# Reply: draft → ready → signed → sent. The council office composes (draft) and marks the letter
# ready once every answer is approved; the signatory signs only a ready reply, and signing checks
# the answers again (one may have been reopened since). From signed on, the reply and the answers
# of its inquiry are read-only (`answers_locked_by_reply`). A correction is a supplementary reply:
# starting one unlocks the answers again, so that the council office can reopen, correct and
# re-approve them; the supplement carries the questions whose answers were approved after the
# reply it supplements was signed, and signing it locks the answers again.

CAPACITY_LABELS = {
    Reply.Capacity.OWN: "",
    Reply.Capacity.IN_VERTRETUNG: "In Vertretung",
    Reply.Capacity.IM_AUFTRAG: "Im Auftrag",
}
DEFAULT_CLOSING = "Mit freundlichen Grüßen"


class ReplyError(Exception):
    """A workflow rule refused the change; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReplyAlreadyDone(ReplyError):
    """Signed (or sent) already, e.g. by a double click or a second signatory: not an error for
    the user, the first request did the work."""


class ReplySigningFailed(ReplyError):
    """Rendering or signing failed; the reply is unchanged and no file was kept."""


def _letter_date_of(inquiry: Inquiry) -> date:
    return inquiry.letter_date or inquiry.received_on or inquiry.submitted_on or timezone.localdate()


def _default_intro(inquiry: Inquiry, supplements: Reply | None = None) -> str:
    from responses.document import format_date, inflect_kind

    if supplements is not None:
        return (
            f"in Ergänzung meiner Beantwortung vom {format_date(_reply_date(supplements))} "
            "teile ich Ihnen Folgendes mit:"
        )
    kind = inflect_kind(inquiry.get_kind_display())
    return f"zu Ihrer {kind} vom {format_date(_letter_date_of(inquiry))} nehme ich wie folgt Stellung:"


def _reply_date(reply: Reply) -> date:
    if reply.letter_date:
        return reply.letter_date
    return timezone.localdate(reply.signed_at) if reply.signed_at else timezone.localdate()


def _new_reply(inquiry: Inquiry, *, supplements: Reply | None = None) -> Reply:
    from inquiries.models import Municipality

    municipality = Municipality.current() or Municipality()
    return Reply(
        inquiry=inquiry,
        supplements=supplements,
        intro=_default_intro(inquiry, supplements),
        closing=supplements.closing if supplements else DEFAULT_CLOSING,
        signatory_name=supplements.signatory_name if supplements else municipality.mayor_name,
        signatory_role=supplements.signatory_role if supplements else municipality.mayor_title,
        capacity=supplements.capacity if supplements else Reply.Capacity.OWN,
    )


def current_reply(inquiry: Inquiry) -> Reply | None:
    """The reply the council office works on: an open supplementary reply, else the main one.
    One query."""
    replies = list(Reply.objects.filter(inquiry=inquiry).order_by("created_at", "pk"))
    open_replies = [reply for reply in replies if not reply.is_final]
    if open_replies:
        return open_replies[-1]
    return replies[-1] if replies else None


def get_or_create_reply(inquiry: Inquiry, *, by) -> Reply:
    """The inquiry's main reply, created with the defaults on first use (the mayor signs in
    their own name, "Mit freundlichen Grüßen", an introduction naming the inquiry)."""
    reply = Reply.objects.filter(inquiry=inquiry, supplements__isnull=True).first()
    if reply is not None:
        return reply
    if inquiry.status not in (Inquiry.Status.REGISTERED, Inquiry.Status.IN_PROGRESS):
        raise ReplyError(gettext("Only a registered inquiry in progress can be answered."))
    reply = _new_reply(inquiry)
    reply._history_user = by
    try:
        with transaction.atomic():
            reply.save()
    except IntegrityError:  # created by a concurrent request (one main reply per inquiry)
        return Reply.objects.get(inquiry=inquiry, supplements__isnull=True)
    return reply


def _lock_reply(reply: Reply) -> Reply:
    return Reply.objects.select_for_update().get(pk=reply.pk)


COMPOSE_FIELDS = ("letter_date", "intro", "closing", "signatory_name", "signatory_role", "capacity")


def update_reply(reply: Reply, *, by, **values) -> Reply:
    """Save the letter's texts. A ready reply that changes goes back to draft: the council
    office marks it ready again once the new text has been checked."""
    unknown = set(values) - set(COMPOSE_FIELDS)
    if unknown:
        raise TypeError(f"update_reply() got unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        current = _lock_reply(reply)
        if current.is_final:
            raise ReplyAlreadyDone(gettext("This reply is signed and can no longer change."))
        changed = [name for name, value in values.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, values[name])
        if current.status == Reply.Status.READY:
            current.status = Reply.Status.DRAFT
            changed.append("status")
        current._history_user = by
        current.save(update_fields=[*changed, "updated_at"])
    return current


def mark_reply_ready(reply: Reply, *, by) -> Reply:
    """draft → ready, only when every answer is approved (`inquiry_progress`)."""
    with transaction.atomic():
        current = _lock_reply(reply)
        if current.status != Reply.Status.DRAFT:
            raise ReplyError(gettext("Only a draft reply can be marked ready."))
        if not inquiry_progress(current.inquiry)["all_approved"]:
            raise ReplyError(gettext("Every answer must be approved before the reply is ready to sign."))
        current.status = Reply.Status.READY
        current._history_user = by
        current.save(update_fields=["status", "updated_at"])
    return current


def reopen_reply(reply: Reply, *, by) -> Reply:
    """ready → draft, e.g. when an answer must change before signing."""
    with transaction.atomic():
        current = _lock_reply(reply)
        if current.status != Reply.Status.READY:
            raise ReplyError(gettext("Only a reply that is ready to sign can go back to draft."))
        current.status = Reply.Status.DRAFT
        current._history_user = by
        current.save(update_fields=["status", "updated_at"])
    return current


# -- The letter as data ---------------------------------------------------------------------


def _letterhead_text(municipality) -> str:
    """ "Der Bürgermeister": the configured letterhead without the municipality's name (the
    letter prints that on its own line), else from the mayor's title."""
    lines = []
    for raw in (municipality.letterhead or "").replace("·", "\n").splitlines():
        line = raw.strip()
        if line and line != municipality.name:
            lines.append(line)
    if lines:
        return " · ".join(lines)
    title = municipality.mayor_title or "Bürgermeister"
    return f"{'Die' if title.endswith('in') else 'Der'} {title}"


def _addressee_lines(inquiry: Inquiry, municipality) -> list[str]:
    committee = inquiry.committee
    if committee is None:
        lines = [inquiry.sender_name or municipality.name]
    else:
        article = "die" if committee.kind == committee.Kind.FACTION else "den"
        lines = [f"An {article} {committee.name}"]
        if municipality.name and municipality.name not in committee.name:
            lines.append(f"der {municipality.name}")
        chair = committee.chair
        if chair is not None and (chair.get_full_name() or chair.get_username()):
            lines.append(f"{chair.get_full_name() or chair.get_username()} (Vorsitz)")
    return [*lines, *municipality.address_lines]


def _document_questions(questions: list[Question], *, since=None) -> list:
    """ReplyQuestions in the inquiry's order with their approved answers (unapproved ones are
    left empty). With `since`, only questions whose answer was approved after that moment, with
    the questions above them (their text, not their answer) for context."""
    from responses.document import ReplyQuestion

    def approved_text(question: Question) -> str:
        answer = _answer_or_none(question)
        return answer.text if answer is not None and answer.status == S.APPROVED else ""

    def changed(question: Question) -> bool:
        answer = _answer_or_none(question)
        return (
            answer is not None
            and answer.status == S.APPROVED
            and answer.approved_at is not None
            and answer.approved_at > since
        )

    def build(nodes: list[Question]) -> list:
        result = []
        for question in nodes:
            subs = build(question.children)
            if since is not None and not subs and not changed(question):
                continue
            text = approved_text(question) if since is None or changed(question) else ""
            result.append(ReplyQuestion(question.number, question.text, text, subs))
        return result

    return build(question_tree(questions))


def _answer_or_none(question: Question) -> Answer | None:
    try:
        return question.answer
    except Answer.DoesNotExist:
        return None


def reply_document(reply: Reply, *, draft: bool, demo_certificate: bool | None = None):
    """The letter (`responses.document.ReplyDocument`) as it stands in the database: letterhead
    of the municipality and the council office, reference line, addressee (the committee and its
    chair), every question and sub-question as written followed by its APPROVED answer (others
    stay empty; a draft says "Antwort steht noch aus"), closing and signature block.

    Queries: the reply with inquiry, committee, chair and supplemented reply (none if `reply`
    came with them selected), the municipality, the questions with their answers; one each.
    Without `demo_certificate`, a final letter asks the signing credentials whether they are
    the demo certificate (a draft is not signed: never)."""
    from inquiries.models import Municipality
    from responses.document import ReplyDocument, format_date

    if not _has_related(reply):
        reply = Reply.objects.select_related(
            "inquiry", "inquiry__committee", "inquiry__committee__chair", "supplements"
        ).get(pk=reply.pk)
    inquiry = reply.inquiry
    municipality = Municipality.current() or Municipality(name="")
    questions = list(
        Question.objects.filter(inquiry=inquiry).select_related("answer").order_by("position", "pk")
    )
    supplements = reply.supplements
    since = supplements.signed_at if supplements is not None else None
    if demo_certificate is None:
        if draft:
            demo_certificate = False
        else:
            from responses.signing import load_credentials

            demo_certificate = load_credentials().is_demo
    inquiry_on = _letter_date_of(inquiry)
    return ReplyDocument(
        municipality_name=municipality.name,
        municipality_address_lines=municipality.address_lines,
        state=municipality.get_state_display(),
        letterhead_text=_letterhead_text(municipality),
        sending_office=municipality.council_office_name,
        reference=inquiry.reference or "",
        letter_on=reply.letter_date or timezone.localdate(),
        inquiry_received_on=inquiry.received_on or inquiry_on,
        inquiry_kind_label=inquiry.get_kind_display(),
        inquiry_subject=inquiry.subject,
        inquiry_on=inquiry_on,
        addressee_lines=_addressee_lines(inquiry, municipality),
        salutation="Sehr geehrte Damen und Herren,",
        intro=reply.intro,
        questions=_document_questions(questions, since=since),
        closing=reply.closing,
        signatory_name=reply.signatory_name,
        signatory_role=reply.signatory_role,
        capacity=CAPACITY_LABELS.get(reply.capacity, ""),
        is_draft=draft,
        demo_certificate=bool(demo_certificate),
        supplementary_to=f"vom {format_date(_reply_date(supplements))}" if supplements else None,
    )


def _has_related(reply: Reply) -> bool:
    cache = reply._state.fields_cache
    if "inquiry" not in cache or (reply.supplements_id and "supplements" not in cache):
        return False
    inquiry_cache = reply.inquiry._state.fields_cache
    return not reply.inquiry.committee_id or (
        "committee" in inquiry_cache and "chair" in reply.inquiry.committee._state.fields_cache
    )


def reply_file_name(reply: Reply, *, draft: bool = False) -> str:
    """ "AN-2026-0017-Beantwortung.pdf"; a supplement "…-Ergaenzende-Beantwortung-<id>.pdf"."""
    reference = (reply.inquiry.reference or f"Anfrage-{reply.inquiry_id}").replace("/", "-")
    name = (
        f"{reference}-Ergaenzende-Beantwortung-{reply.pk}"
        if reply.supplements_id
        else f"{reference}-Beantwortung"
    )
    return f"{name}-Entwurf.pdf" if draft else f"{name}.pdf"


def render_draft_pdf(reply: Reply) -> bytes:
    """The letter as it stands, marked ENTWURF on every page; not signed, not stored."""
    from responses.pdf import render_reply_pdf

    return render_reply_pdf(reply_document(reply, draft=True))


# -- Signing --------------------------------------------------------------------------------


def sign_reply(reply: Reply, *, by) -> Reply:
    """Render the final letter (PDF/A-3b with its data attached), sign it (PAdES, visible
    stamp), store the file once with its SHA-256, and mark the reply signed (REPLY_SIGNED
    event). From then on the reply and the inquiry's answers are read-only.

    Only a ready reply whose answers are all approved is signed. The reply row is locked for
    the whole step and its status checked again under the lock, so two requests at once (a
    double click, two signatories) produce one document: the second raises `ReplyAlreadyDone`.
    Rendering and signing happen inside the lock (a few hundred milliseconds; the lock is this
    reply's alone). If anything fails, the transaction rolls back, the written file is deleted
    and `ReplySigningFailed` says so: the reply stays as it was.

    Must not run inside an outer transaction: the file is deleted only if this one fails.
    """
    from django.core.files.base import ContentFile

    from responses.pdf import render_reply_pdf
    from responses.signing import load_credentials, sign_pdf

    credentials = load_credentials()  # outside the lock: may create the demo certificate
    stored_name = ""
    try:
        with transaction.atomic():
            current = (
                Reply.objects.select_for_update(of=("self",))
                .select_related("inquiry", "inquiry__committee", "inquiry__committee__chair", "supplements")
                .get(pk=reply.pk)
            )
            if current.is_final:
                raise ReplyAlreadyDone(
                    gettext("This reply has already been signed (%(when)s).")
                    % {"when": timezone.localtime(current.signed_at).strftime("%d.%m.%Y %H:%M")}
                )
            if current.status != Reply.Status.READY:
                raise ReplyError(gettext("The council office has not marked this reply ready to sign."))
            if current.supplements_id is None and current.inquiry.status not in (
                Inquiry.Status.REGISTERED,
                Inquiry.Status.IN_PROGRESS,
            ):
                raise ReplyError(gettext("This inquiry is no longer open; its reply cannot be signed."))
            if not inquiry_progress(current.inquiry)["all_approved"]:
                raise ReplyError(gettext("Every answer must be approved before the reply can be signed."))
            if current.letter_date is None:
                current.letter_date = timezone.localdate()
            document = reply_document(current, draft=False, demo_certificate=credentials.is_demo)
            try:
                signed = sign_pdf(
                    render_reply_pdf(document),
                    credentials=credentials,
                    signer_name=", ".join(p for p in (current.signatory_name, current.signatory_role) if p),
                    reason=document.subject_line,
                    location=document.municipality_name,
                )
            except Exception as exc:
                logger.exception("Signing reply %s failed", current.pk)
                raise ReplySigningFailed(
                    gettext("The reply could not be signed; it is unchanged. Please try again or tell IT.")
                ) from exc
            current.signed_pdf.save(reply_file_name(current), ContentFile(signed), save=False)
            stored_name = current.signed_pdf.name
            current.signed_pdf_sha256 = hashlib.sha256(signed).hexdigest()
            current.status = Reply.Status.SIGNED
            current.signed_at = timezone.now()
            current.signed_by = by
            current.is_demo_signature = credentials.is_demo
            current._history_user = by
            current.save(
                update_fields=[
                    "letter_date",
                    "signed_pdf",
                    "signed_pdf_sha256",
                    "status",
                    "signed_at",
                    "signed_by",
                    "is_demo_signature",
                    "updated_at",
                ]
            )
            record_event(
                current.inquiry,
                Event.Kind.REPLY_SIGNED,
                by=by,
                reply=current.pk,
                sha256=current.signed_pdf_sha256,
                demo=credentials.is_demo,
                supplementary=bool(current.supplements_id),
            )
    except Exception:
        if stored_name:
            _delete_file(stored_name)
        raise
    return current


def _delete_file(name: str) -> None:
    from django.core.files.storage import default_storage

    try:
        default_storage.delete(name)
    except Exception:  # the original error matters more
        logger.exception("Could not delete %s after a failed signing", name)


# -- Sending --------------------------------------------------------------------------------


def committee_recipients(inquiry: Inquiry) -> list[str]:
    """The committee's mailbox, chair and active members with an address."""
    committee = inquiry.committee
    if committee is None:
        return [inquiry.sender_email]
    addresses = [committee.email]
    if committee.chair is not None and committee.chair.is_active:
        addresses.append(committee.chair.email)
    addresses += list(
        committee.members.filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    return [address for address in dict.fromkeys(addresses) if address]


def send_reply(reply: Reply, *, by) -> Reply:
    """signed → sent: the inquiry becomes answered (dated today; a supplement leaves that date
    alone), a REPLY_SENT event, an e-mail to the committee's members and chair with a link once
    the transaction commits, and `_after_reply_sent` (followers). Sending twice raises
    `ReplyAlreadyDone` and sends nothing twice."""
    with transaction.atomic():
        current = (
            Reply.objects.select_for_update(of=("self",))
            .select_related("inquiry", "inquiry__committee", "inquiry__committee__chair")
            .get(pk=reply.pk)
        )
        if current.status == Reply.Status.SENT:
            raise ReplyAlreadyDone(
                gettext("This reply was already sent (%(when)s).")
                % {"when": timezone.localtime(current.sent_at).strftime("%d.%m.%Y %H:%M")}
            )
        if current.status != Reply.Status.SIGNED:
            raise ReplyError(gettext("Only a signed reply can be sent."))
        current.status = Reply.Status.SENT
        current.sent_at = timezone.now()
        current._history_user = by
        current.save(update_fields=["status", "sent_at", "updated_at"])
        inquiry = Inquiry.objects.select_for_update().get(pk=current.inquiry_id)
        if inquiry.status != Inquiry.Status.ANSWERED:
            inquiry.status = Inquiry.Status.ANSWERED
            inquiry.answered_on = timezone.localdate()
            inquiry._history_user = by
            inquiry.save(update_fields=["status", "answered_on", "updated_at"])
        current.inquiry.status, current.inquiry.answered_on = inquiry.status, inquiry.answered_on
        record_event(
            inquiry,
            Event.Kind.REPLY_SENT,
            by=by,
            reply=current.pk,
            supplementary=bool(current.supplements_id),
        )
        subject_template = (
            gettext("Supplementary reply to the inquiry %(reference)s")
            if current.supplements_id
            else gettext("Reply to the inquiry %(reference)s")
        )
        body = gettext(
            "The administration has answered the inquiry %(inquiry)s.\n\n"
            "The signed reply and the answers: %(url)s"
        ) % {"inquiry": str(inquiry), "url": settings.SITE_URL + inquiry.get_absolute_url()}
        send_email_on_commit(
            committee_recipients(current.inquiry),
            subject_template % {"reference": inquiry.reference or ""},
            body,
        )
        _after_reply_sent(current)
    return current


def _after_reply_sent(reply: Reply) -> None:
    """What else happens when a reply is sent, inside `send_reply`'s transaction: followers are
    told (their e-mails go out once it commits)."""
    from inquiries.services import notify_followers

    notify_followers(reply.inquiry)


# -- Supplementary reply --------------------------------------------------------------------


def start_supplementary_reply(reply: Reply, *, by) -> Reply:
    """A correction or late information after a reply was signed: a new reply that refers to
    `reply`, composed the same way. While it is open the inquiry's answers are unlocked, so the
    council office can reopen, correct and re-approve them; the supplement prints the questions
    whose answers were approved after `reply` was signed."""
    with transaction.atomic():
        original = _lock_reply(reply)
        if not original.is_final:
            raise ReplyError(gettext("Only a signed reply can be supplemented."))
        open_reply = (
            Reply.objects.filter(inquiry_id=original.inquiry_id)
            .exclude(status__in=Reply.FINAL_STATUSES)
            .first()
        )
        if open_reply is not None:
            raise ReplyAlreadyDone(gettext("A supplementary reply is already being composed."))
        supplement = _new_reply(original.inquiry, supplements=original)
        supplement._history_user = by
        supplement.save()
    return supplement
