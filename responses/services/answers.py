"""Answering: drafting with optimistic locking, review and approval, contributions,
internal comments, version history, progress, interim replies."""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from inquiries import services as inquiries_services
from inquiries.deadlines import internal_due_on
from inquiries.models import Event, Inquiry, Question
from inquiries.services import deadline_rules, record_event
from responses import notifications, permissions
from responses.models import Answer, Comment, Contribution, InterimReply, Reply, ReplyAnswer, unanswered

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


class SeparationOfDuties(AnswerError):
    """The author of an answer tried to approve it (see `author_may_not_approve`)."""


def author_may_not_approve(answer: Answer, user) -> bool:
    """Four eyes: whoever wrote the answer's text does not approve it, unless the
    municipality turned that off (`Municipality.four_eyes_approval`, on by default)."""
    from inquiries.models import Municipality

    if answer.author_id is None or answer.author_id != getattr(user, "pk", None):
        return False
    municipality = Municipality.current() or Municipality()
    return municipality.four_eyes_approval


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
    mode already holds the database's write lock from BEGIN on, which serializes writers.

    Only the answer's row: locking its question too would deadlock with a signature, which
    records the sent answers (rows that refer to the questions) while it holds the reply."""
    return Answer.objects.select_for_update(of=("self",)).select_related("question").get(pk=answer.pk)


def _lock_text_for_change(answer: Answer) -> Answer:
    """`_lock`, then refuse when the text may not change: the answer is part of a signed reply,
    or approved (`AnswerLocked`: only reopening makes it a draft again)."""
    current = _lock(answer)
    _refuse_if_reply_final(current.question.inquiry_id)
    if current.is_locked:
        raise AnswerLocked(gettext("This answer is approved and locked. The council office can reopen it."))
    return current


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


def normalize_answer_text(text: str) -> str:
    """The text as `save_answer` stores it: Unix line ends, no surrounding blank space."""
    return text.replace("\r\n", "\n").strip()


def save_answer(answer: Answer, *, text: str, base_version: int, by) -> Answer:
    """Save a new text if nobody saved since `base_version`; otherwise raise `AnswerConflict`.

    The check and the write happen under a row lock in one transaction, so of two concurrent
    saves based on the same version exactly one wins. Approved answers are locked.
    Returns the saved answer (unchanged, without a new version, if the text is the same).
    """
    text = normalize_answer_text(text)
    with transaction.atomic():
        current = _lock_text_for_change(answer)
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
    """A step of the review: from which state to which, and whether a user may take it on an
    answer (`permitted`, a predicate of `permissions.py` that decides on the answer's state and
    the user). The one map of who may do which step: the editor offers the steps `permitted`,
    the view refuses (403) what the user may not do, and `transition_answer` checks both again
    under the row lock."""

    action: str
    source: str
    target: str
    label: object
    permitted: Callable[..., bool]


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit", S.DRAFT, S.IN_REVIEW, gettext_lazy("Submit for review"), permissions.can_submit_answer
        ),
        Transition(
            "approve", S.IN_REVIEW, S.APPROVED, gettext_lazy("Approve"), permissions.can_review_answer
        ),
        Transition(
            "send_back", S.IN_REVIEW, S.DRAFT, gettext_lazy("Send back"), permissions.can_review_answer
        ),
        Transition("reopen", S.APPROVED, S.DRAFT, gettext_lazy("Reopen"), permissions.can_reopen_answer),
    )
}


# What each recorded step (`history_change_reason`) is called in the version history and in the
# inquiry's timeline.
ACTION_LABELS = {
    "submit": gettext_lazy("Submitted for review"),
    "approve": gettext_lazy("Approved"),
    "send_back": gettext_lazy("Sent back"),
    "reopen": gettext_lazy("Reopened"),
    "merge": gettext_lazy("Contribution merged"),
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
        if not transition.permitted(by, current):
            raise PermissionDenied
        if action == "submit" and not current.text.strip():
            raise InvalidTransition(gettext("Write an answer before submitting it for review."))
        if action == "send_back" and not comment:
            raise InvalidTransition(gettext("Say what should change when sending an answer back."))
        if action == "approve" and author_may_not_approve(current, by):
            raise SeparationOfDuties(
                gettext("You wrote this answer: someone else approves it (four-eyes principle).")
            )
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
        if action in ("submit", "send_back"):
            fresh = Answer.objects.select_related(
                "author", "question__inquiry", "question__parent", "question__lead_department__head"
            ).get(pk=current.pk)
            if action == "submit":
                notifications.answer_in_review(fresh, by=by)
            else:
                notifications.answer_returned(fresh, by=by)
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
        answer = _lock_text_for_change(answer_for(contribution.question))
        addition = without_internal_label(contribution.text, contribution.department)
        answer.text = "\n\n".join(part for part in (answer.text.strip(), addition) if part)
        answer.version += 1
        answer._history_user = by
        answer._change_reason = "merge"
        answer.save(update_fields=["text", "version", "updated_at"])
        contribution.is_merged = True
        contribution._history_user = by
        contribution.save(update_fields=["is_merged", "updated_at"])
    return answer


# "Ergänzung der Ausländerbehörde:", "Beitrag FB 20:", "INT:": how departments head their part
# for the lead department; the answer to the council speaks with one voice and does not carry it.
_LABEL_WORDS = ("ergänzung", "beitrag", "zuarbeit", "stellungnahme", "anmerkung", "hinweis", "zulieferung")
_LEADING_LABEL = re.compile(r"\A\s*([^\n:.!?]{1,80}):[ \t]*\n?")


def without_internal_label(text: str, department) -> str:
    """The contribution's text without a leading label that names it as a department's part: a
    short first phrase ending in a colon that starts with a word like "Ergänzung" or "Beitrag",
    or is the department's code or name. Text that does not start with such a label stays."""
    text = text.strip()
    match = _LEADING_LABEL.match(text)
    if not match:
        return text
    label = match.group(1).strip().lower()
    words = label.split()
    own = {department.code.lower(), department.name.lower()} if department is not None else set()
    if words[0] in _LABEL_WORDS or label in own or (own and department.code.lower() in words):
        return text[match.end() :].strip()
    return text


# the history's change reason of a copied answer: "copy:" and where it came from
COPY_REASON = "copy:"


def copy_earlier_answer(answer: Answer, *, source: ReplyAnswer, base_version: int | None, by) -> Answer:
    """Take an earlier answer, as it was sent, as the starting point of this draft: it replaces
    an empty draft and is appended to one with text. Optimistic locking as in `save_answer`
    (a conflict raises `AnswerConflict`); the history records the source ("copy:AN/2025/0012|3") as
    the change reason. `source` must be one the user may read
    (`ReplyAnswer.objects.visible_to`); reads `source.question.inquiry` and its `parent`."""
    question = source.question
    # language-neutral; `AnswerVersion.action_label` words it
    label = f"{question.inquiry.reference or question.inquiry.pk}|{question.reference_label}"
    with transaction.atomic():
        current = _lock_text_for_change(answer)
        if current.version != base_version:
            raise AnswerConflict(current)
        current.text = "\n\n".join(part for part in (current.text.strip(), source.text.strip()) if part)
        current.version += 1
        current.author = by
        current._history_user = by
        current._change_reason = f"{COPY_REASON}{label}"[:100]
        current.save(update_fields=["text", "version", "author", "updated_at"])
    return current


def add_comment(question: Question, *, text: str, by) -> Comment:
    return Comment.objects.create(question=question, author=by, text=text.strip())


# --- History ---------------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> SafeString:
    """Word-level difference as HTML: removed words in <del>, added ones in <ins>, all escaped.
    Each change also says what it is in hidden text: screen readers do not announce <ins> and
    <del>, and colour alone does not tell (WCAG 1.4.1)."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    removed, added = escape(gettext("removed")), escape(gettext("added"))
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(_marked("del", removed, "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(_marked("ins", added, "".join(b[j1:j2])))
    return mark_safe("".join(parts))


def _marked(tag: str, label: str, text: str) -> str:
    hidden = '<span class="visually-hidden">'
    return f"<{tag}>{hidden}[{label}: </span>{escape(text)}{hidden}]</span></{tag}>"


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

    @property
    def action_label(self) -> str:
        if self.action.startswith(COPY_REASON):
            reference, _sep, number = self.action[len(COPY_REASON) :].partition("|")
            return gettext("Copied from the earlier answer to %(reference)s, question %(number)s") % {
                "reference": reference,
                "number": number,
            }
        return str(ACTION_LABELS.get(self.action, "")) if self.action else ""


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

    Counts the questions that need an answer (`Question.needs_answer`: every question with
    text of its own, parents included, unless the council office marked it as answered by its
    sub-questions) by the state of their answer. `all_approved` says the reply may be marked
    ready and signed; `open` lists the questions still without an approved answer, as
    (pk, label) pairs in the inquiry's order; `by_sub_questions` counts the marked questions.
    """
    rows = list(
        Question.objects.filter(inquiry=inquiry)
        .order_by("position", "pk")
        .values_list(
            "pk", "parent__number", "number", "text", "is_answered_by_sub_questions", "answer__status"
        )
    )
    counts = {"total": 0, S.DRAFT.value: 0, S.IN_REVIEW.value: 0, S.APPROVED.value: 0, "missing": 0}
    by_sub_questions = 0
    open_questions = []
    for pk, parent_number, number, text, answered_by_sub_questions, status in rows:
        question = Question(text=text, is_answered_by_sub_questions=answered_by_sub_questions)
        if not question.needs_answer:
            by_sub_questions += answered_by_sub_questions
            continue
        counts["total"] += 1
        counts[status or "missing"] += 1
        if status != S.APPROVED:
            open_questions.append((pk, Question.reference_label_of(parent_number or "", number)))
    counts["by_sub_questions"] = by_sub_questions
    counts["open"] = open_questions
    counts["all_approved"] = counts["total"] > 0 and not open_questions
    return counts


def set_answered_by_sub_questions(question: Question, *, answered: bool, by) -> Question:
    """The council office says whether a question with sub-questions is answered by the
    answers to its sub-questions (then it needs no answer of its own, and the letter says so
    under it) or needs its own answer again. Recorded in the question's history and as an
    event. A reply that was ready to sign goes back to draft: its letter changes.

    Refused (`AnswerLocked`) once the reply is signed, and (`InvalidTransition`) for a question
    without sub-questions."""
    with transaction.atomic():
        _refuse_if_reply_final(question.inquiry_id)
        current = Question.objects.select_for_update().get(pk=question.pk)
        if answered and not current.sub_questions.exists():
            raise InvalidTransition(
                gettext("Only a question with sub-questions can be answered by its sub-questions.")
            )
        if current.is_answered_by_sub_questions == answered:
            return current
        current.is_answered_by_sub_questions = answered
        current._history_user = by
        current.save(update_fields=["is_answered_by_sub_questions", "updated_at"])
        record_event(
            current.inquiry,
            Event.Kind.ANSWERED_BY_SUB_QUESTIONS if answered else Event.Kind.NEEDS_OWN_ANSWER,
            by=by,
            question=current.pk,
            number=current.reference_label,
        )
        for reply in Reply.objects.filter(inquiry_id=current.inquiry_id, status=Reply.Status.READY):
            reply.status = Reply.Status.DRAFT
            reply._history_user = by
            reply.save(update_fields=["status", "updated_at"])
    return current


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

    new_due_on = internal_due_on(new_expected_on, rules=deadline_rules(inquiry.committee))
    questions = unanswered(Question.objects.filter(inquiry=inquiry)).filter(
        Q(due_on__lt=new_due_on) | Q(due_on__isnull=True, lead_department__isnull=False)
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
    interim.inquiry = inquiry
    notifications.interim_reply_sent(interim)
    return interim
