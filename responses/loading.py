"""Loading what the responses views work on: one pair per model, for reading and for writing
(as `inquiries.views.loading` does for inquiries, after healthchecks' `_get_check_for_user` /
`_get_rw_check_for_user`).

- A question's answer work (the answer editor, contributions, annexes, the review's steps):
  `get_question_for_user` / `get_rw_question_for_user`. The answer is read through its question.
- A reply: `get_reply_for_user` (the administration's pages) / `get_rw_reply_for_user`.
- An annex: `get_annex_for_user` (download) / `get_rw_annex_for_user` (remove).

404 where the user may not know the object exists (`visible_to`), 403 where they may know it but
not act."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from inquiries.models import Question
from responses import permissions, services
from responses.models import Annex, Reply


def get_question_for_user(request: HttpRequest, pk: int) -> Question:
    """Reading a question's answer work: 404 unless the user sees its inquiry, 403 unless they
    work on the question (its departments, the council office). Inquiry, departments and parent
    are preloaded, and `has_sub_questions` is annotated."""
    question = get_object_or_404(
        Question.objects.visible_to(request.user)
        .select_related("inquiry", "lead_department", "parent")
        .prefetch_related("participating_departments")
        .annotate(has_sub_questions=Exists(Question.objects.filter(parent=OuterRef("pk")))),
        pk=pk,
    )
    if not permissions.can_view_question_work(request.user, question):
        raise PermissionDenied
    return question


def get_rw_question_for_user(request: HttpRequest, pk: int, *, may: Callable) -> Question:
    """Writing: as reading, then 403 unless `may(user, question)`."""
    question = get_question_for_user(request, pk)
    if not may(request.user, question):
        raise PermissionDenied
    return question


def _replies(request: HttpRequest):
    return Reply.objects.visible_to(request.user).select_related(*services.REPLY_LETTER_RELATED, "signed_by")


def get_reply_for_user(request: HttpRequest, pk: int) -> Reply:
    """Reading a reply in the making: 404 unless the user is in the administration and sees the
    reply's inquiry. The letter's relations and the signer are preloaded."""
    if not permissions.can_preview_reply(request.user):
        raise Http404
    return get_object_or_404(_replies(request), pk=pk)


def get_rw_reply_for_user(request: HttpRequest, pk: int, *, may: Callable) -> Reply:
    """Writing: 404 unless the user sees the reply, 403 unless `may(user)`, the role's predicate.
    Whether the reply's state allows the step is checked by the service under the reply's row
    lock, which says why in a message."""
    reply = get_object_or_404(_replies(request), pk=pk)
    if not may(request.user):
        raise PermissionDenied
    return reply


def get_annex_for_user(request: HttpRequest, pk: int) -> Annex:
    """Reading an annex: 404 unless `Annex.objects.visible_to` the user, so nobody learns it exists."""
    return get_object_or_404(Annex.objects.visible_to(request.user), pk=pk)


def get_rw_annex_for_user(request: HttpRequest, pk: int) -> Annex:
    """Writing (removing): 404 as for reading, then 403 unless the user may change what the annex
    belongs to: an answer's text (its drafters) or the reply (the council office). The answer's
    question is preloaded."""
    annex = get_object_or_404(
        Annex.objects.visible_to(request.user).select_related("answer__question", "reply"), pk=pk
    )
    if annex.answer_id is not None:
        allowed = permissions.can_edit_answer(request.user, annex.answer.question)
    else:
        allowed = permissions.can_compose_reply(request.user)
    if not allowed:
        raise PermissionDenied
    return annex
