"""Who may work on answers. Reading is decided by `Answer.objects.visible_to(user)`.

Predicates check permissions granted by the role groups, never group names; department
membership comes from `inquiries.permissions.user_department_ids` (cached per request user).
Callers should pass questions with `lead_department` selected and `participating_departments`
prefetched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inquiries.permissions import (
    _has,
    is_administration,
    represented_users,
    user_department_ids,
    works_on_question,
)

if TYPE_CHECKING:
    from inquiries.models import Question
    from inquiries.permissions import User
    from responses.models import Answer, Reply


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
    """Drafting (writing the text, merging contributions, attaching files; submitting for review)
    is the lead department's job."""
    if edits_any_answer(user):
        return True
    return _has(user, "responses.draft_answer") and _in_lead_department(user, question)


def can_contribute(user: User, question: Question) -> bool:
    """Participating departments (and the lead, and the council office) add contributions."""
    return can_view_question_work(user, question)


def can_approve_answer(user: User, question: Question) -> bool:
    """Approve or send back: the head of the question's lead department, or the council office."""
    if _has(user, "responses.approve_any_answer"):
        return True
    lead = question.lead_department
    if lead is None or lead.head_id is None:
        return False
    if lead.head_id == getattr(user, "pk", None):
        return _has(user, "responses.approve_department_answer")
    # the head's deputy (Vertretung) approves while the head is away
    return any(
        person.pk == lead.head_id and person.has_perm("responses.approve_department_answer")
        for person in represented_users(user)[1:]
    )


# The review's steps (`services.answers.TRANSITIONS`), each on the answer: whether the answer's
# state allows the step and whether the user may take it. The transition checks them again under
# the row lock.


def can_submit_answer(user: User, answer: Answer) -> bool:
    """Submit a draft for review: whoever drafts the answer (the lead department)."""
    return answer.status == answer.Status.DRAFT and can_edit_answer(user, answer.question)


def can_review_answer(user: User, answer: Answer) -> bool:
    """Approve or send back an answer in review: the head of the answer's lead department, or the
    council office. Reads answer.question.lead_department."""
    return answer.status == answer.Status.IN_REVIEW and can_approve_answer(user, answer.question)


def can_reopen_answer(user: User, answer: Answer) -> bool:
    """Reopen an approved answer: the council office, whichever department it belongs to."""
    return answer.status == answer.Status.APPROVED and _has(user, "responses.approve_any_answer")


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
    """Signatories, and their deputies while they are away (`signing_for` says for whom)."""
    return _has(user, "responses.sign_reply") or signing_for(user) is not None


def signing_for(user: User):
    """The absent signatory `user` signs for as their deputy, or None when `user` signs in
    their own right (or may not sign)."""
    if _has(user, "responses.sign_reply"):
        return None
    return next(
        (person for person in represented_users(user)[1:] if person.has_perm("responses.sign_reply")), None
    )


def can_send_reply(user: User) -> bool:
    return _has(user, "responses.send_reply")


__all__ = [
    "can_compose_reply",
    "can_preview_reply",
    "can_send_reply",
    "can_sign_reply",
    "signing_for",
    "can_approve_answer",
    "can_contribute",
    "can_edit_answer",
    "can_mark_answered_by_sub_questions",
    "can_reopen_answer",
    "can_review_answer",
    "can_submit_answer",
    "can_view_question_work",
    "edits_any_answer",
    "is_administration",
]
