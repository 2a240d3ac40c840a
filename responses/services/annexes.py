"""Annexes (Anlagen): files that go with an answer or with the reply, listed in the letter and
embedded in the signed PDF/A-3 (so that the signature covers them)."""

from __future__ import annotations

import hashlib
import re

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from responses.annex_check import (  # noqa: F401
    ALLOWED_EXTENSIONS,
    ANNEX_MAX_BYTES,
    MAX_ANNEXES,
    TITLE_MAX,
    AnnexError,
    annex_type,
)
from responses.models import Annex, Answer, Reply, ReplyAnnex
from responses.services.answers import answers_locked_by_reply


def _clean_file_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w.\-() ]+", "_", name).strip(" .") or "Anlage"
    return name[-120:]


@transaction.atomic
def add_annex(
    *, answer: Answer | None = None, reply: Reply | None = None, data: bytes, file_name: str, title: str, by
) -> Annex:
    """Attach a file to an answer (while the answer can still change: not approved, not part of a
    signed reply) or to a reply (while it is not signed). Checked by content and size; at most
    `MAX_ANNEXES` each."""
    if (answer is None) == (reply is None):
        raise TypeError("add_annex() takes an answer or a reply")
    if answer is not None:
        if answer.pk is None:
            answer.save()
        current = Answer.objects.select_for_update().get(pk=answer.pk)
        if current.is_locked or answers_locked_by_reply(current.question.inquiry_id, lock=True):
            raise AnnexError(gettext("This answer can no longer change; reopen it to attach files."))
        existing = Annex.objects.filter(answer=current).count()
    else:
        current = Reply.objects.select_for_update().get(pk=reply.pk)
        if current.is_final:
            raise AnnexError(gettext("This reply is signed and can no longer change."))
        existing = Annex.objects.filter(reply=current).count()
    if existing >= MAX_ANNEXES:
        raise AnnexError(gettext("At most %(count)s annexes each.") % {"count": MAX_ANNEXES})
    file_name = _clean_file_name(file_name)
    content_type = annex_type(data, file_name)
    title = " ".join(title.split())[:TITLE_MAX] or file_name
    annex = Annex(
        answer=current if answer is not None else None,
        reply=current if reply is not None else None,
        title=title,
        file_name=file_name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by,
    )
    annex.file.save(file_name, ContentFile(data), save=False)
    try:
        annex.save()
    except Exception:
        annex.file.storage.delete(annex.file.name)
        raise
    return annex


def remove_annex(annex: Annex, *, by) -> None:
    """Remove an annex while what it belongs to can still change."""
    with transaction.atomic():
        if annex.answer_id is not None:
            answer = Answer.objects.select_for_update().select_related("question").get(pk=annex.answer_id)
            if answer.is_locked or answers_locked_by_reply(answer.question.inquiry_id, lock=True):
                raise AnnexError(gettext("This answer can no longer change; reopen it to remove files."))
        elif Reply.objects.select_for_update().get(pk=annex.reply_id).is_final:
            raise AnnexError(gettext("This reply is signed and can no longer change."))
        if ReplyAnnex.objects.filter(annex=annex).exists():
            raise AnnexError(gettext("A signed reply carries this annex; it stays."))
        annex.delete()


def reply_annexes(reply: Reply, question_ids: list[int]) -> list[Annex]:
    """What the letter carries as annexes, in order: the annexes of the answers it prints (in
    the order of the questions), then the reply's own. Two queries."""
    by_question: dict[int, list[Annex]] = {}
    for annex in Annex.objects.filter(answer__question_id__in=question_ids).select_related("answer"):
        by_question.setdefault(annex.answer.question_id, []).append(annex)
    ordered = [annex for question_id in question_ids for annex in by_question.get(question_id, [])]
    return ordered + list(Annex.objects.filter(reply=reply))


def annex_files(annexes: list[Annex], *, data: bool = True) -> list:
    """The annexes as `ReplyAnnexFile`s for the letter; with `data`, their bytes read from
    storage (and checked against the SHA-256 recorded at upload) for the PDF."""
    from responses.document import ReplyAnnexFile

    files = []
    for position, annex in enumerate(annexes, start=1):
        content = b""
        if data:
            with annex.file.open("rb") as handle:
                content = handle.read()
        if data and hashlib.sha256(content).hexdigest() != annex.sha256:
            raise AnnexError(
                gettext("The stored file of annex %(title)s has changed.") % {"title": annex.title}
            )
        files.append(
            ReplyAnnexFile(
                title=annex.title,
                name=f"Anlage-{position}-{annex.file_name}",
                content_type=annex.content_type,
                sha256=annex.sha256,
                data=content,
            )
        )
    return files


def record_signed_annexes(reply: Reply, annexes: list[Annex]) -> None:
    ReplyAnnex.objects.bulk_create(
        [
            ReplyAnnex(reply=reply, annex=annex, position=position, sha256=annex.sha256)
            for position, annex in enumerate(annexes, start=1)
        ]
    )
