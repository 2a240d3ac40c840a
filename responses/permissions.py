"""Who may work on answers. Reading is decided by `Answer.objects.visible_to(user)`.

Predicates check permissions granted by the role groups, never group names; department
membership comes from `inquiries.permissions.user_department_ids` (cached per request user).
Callers should pass questions with `lead_department` selected and `participating_departments`
prefetched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inquiries.permissions import _has, is_administration, user_department_ids, works_on_question

if TYPE_CHECKING:
    from inquiries.models import Question
    from inquiries.permissions import User
    from responses.models import Answer, Contribution, Reply


def works_on_answers(user: User) -> bool:
    """Department staff, heads and the council office: they have a worklist of questions."""
    return _has(user, "responses.draft_answer")


def edits_any_answer(user: User) -> bool:
    """The council office edits every answer."""
    return _has(user, "responses.edit_any_answer")


def _in_lead_department(user: User, question: Question) -> bool:
    return question.lead_department_id is not None and question.lead_department_id in user_department_ids(
        user
    )


def can_view_question_work(user: User, question: Question) -> bool:
    """The answer editor: the question's departments and the council office."""
    if edits_any_answer(user):
        return True
    return _has(user, "responses.draft_answer") and works_on_question(user, question)


def can_edit_answer(user: User, question: Question) -> bool:
    """Drafting (and submitting for review) is the lead department's job."""
    if edits_any_answer(user):
        return True
    return _has(user, "responses.draft_answer") and _in_lead_department(user, question)


def can_contribute(user: User, question: Question) -> bool:
    """Participating departments (and the lead, and the council office) add contributions."""
    return can_view_question_work(user, question)


def can_merge_contribution(user: User, contribution: Contribution) -> bool:
    return can_edit_answer(user, contribution.question)


def can_approve_answer(user: User, question: Question) -> bool:
    """Approve or send back: the head of the question's lead department, or the council office."""
    if _has(user, "responses.approve_any_answer"):
        return True
    lead = question.lead_department
    return (
        _has(user, "responses.approve_department_answer")
        and lead is not None
        and lead.head_id is not None
        and lead.head_id == getattr(user, "pk", None)
    )


# The review's steps (`services.answers.TRANSITIONS`), each on the answer: the step's state is
# checked by the transition, these decide who may take it.


def can_submit_answer(user: User, answer: Answer) -> bool:
    """Submit for review: whoever drafts the answer (the lead department)."""
    return can_edit_answer(user, answer.question)


def can_review_answer(user: User, answer: Answer) -> bool:
    """Approve or send back: the head of the answer's lead department, or the council office.
    Reads answer.question.lead_department."""
    return can_approve_answer(user, answer.question)


def can_reopen_answer(user: User, answer: Answer) -> bool:
    """Reopen an approved answer: the council office, whichever department it belongs to."""
    return _has(user, "responses.approve_any_answer")


def can_mark_answered_by_sub_questions(user: User) -> bool:
    """Whether a question is answered by its sub-questions decides when a reply is complete:
    the council office's decision, like approving."""
    return _has(user, "responses.approve_any_answer")


# --- The reply ---------------------------------------------------------------------------------
# Reading a reply is `Reply.objects.visible_to(user)`; these decide the administration's steps.
# The services check the workflow's states again under a row lock.


def can_preview_reply(user: User) -> bool:
    """Everyone in the administration reads the reply in the making."""
    return is_administration(user)


def can_compose_reply(user: User, reply: Reply | None = None) -> bool:
    return _has(user, "responses.compose_reply") and (reply is None or not reply.is_final)


def can_sign_reply(user: User) -> bool:
    return _has(user, "responses.sign_reply")


def can_send_reply(user: User) -> bool:
    return _has(user, "responses.send_reply")


__all__ = [
    "can_compose_reply",
    "can_preview_reply",
    "can_send_reply",
    "can_sign_reply",
    "can_approve_answer",
    "can_contribute",
    "can_edit_answer",
    "can_mark_answered_by_sub_questions",
    "can_merge_contribution",
    "can_reopen_answer",
    "can_review_answer",
    "can_submit_answer",
    "can_view_question_work",
    "edits_any_answer",
    "is_administration",
]
