"""The reply: compose, render, sign once, send, supplementary replies."""

from __future__ import annotations

import hashlib
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from inquiries.models import Event, Inquiry
from inquiries.services import record_event
from responses import notifications
from responses.document import DEFAULT_CLOSING
from responses.models import Reply, ReplyAnswer
from responses.services.annexes import record_signed_annexes
from responses.services.answers import inquiry_progress
from responses.services.letter import (
    REPLY_LETTER_RELATED,
    _annexes_of,
    _letter_date_of,
    _reply_date,
    reply_document,
)
from responses.services.verification import keep_signing_certificate

logger = logging.getLogger(__name__)

# --- The reply: compose, sign, send ------------------------------------------------------------
#
# Reply: draft → ready → signed → sent. The council office composes (draft) and marks the letter
# ready once every answer is approved; the signatory signs only a ready reply, and signing checks
# the answers again (one may have been reopened since). From signed on, the reply and the answers
# of its inquiry are read-only (`answers_locked_by_reply`). A correction is a supplementary reply:
# starting one unlocks the answers again, so that the council office can reopen, correct and
# re-approve them; the supplement carries the questions whose answers were approved after the
# reply it supplements was signed, and signing it locks the answers again.


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


def _default_intro(inquiry: Inquiry, supplements: Reply | None = None) -> str:
    from responses.document import format_date, inflect_kind

    if supplements is not None:
        return (
            f"in Ergänzung meiner Beantwortung vom {format_date(_reply_date(supplements))} "
            "teile ich Ihnen Folgendes mit:"
        )
    kind = inflect_kind(inquiry.get_kind_display())
    return f"zu Ihrer {kind} vom {format_date(_letter_date_of(inquiry))} nehme ich wie folgt Stellung:"


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
        _refuse_if_incomplete(
            current.inquiry, gettext("Every answer must be approved before the reply is ready to sign.")
        )
        current.status = Reply.Status.READY
        current._history_user = by
        current.save(update_fields=["status", "updated_at"])
        notifications.reply_ready(current, by=by)
    return current


def _refuse_if_incomplete(inquiry: Inquiry, message: str) -> None:
    """The reply is complete when every question that needs an answer has an approved one
    (`inquiry_progress`); otherwise `ReplyError` with `message` and the questions still open."""
    progress = inquiry_progress(inquiry)
    if progress["all_approved"]:
        return
    if progress["open"]:
        message += " " + gettext("Still open: %(questions)s.") % {
            "questions": ", ".join(label for _, label in progress["open"])
        }
    raise ReplyError(message)


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

    return render_reply_pdf(reply_document(reply, draft=True, annex_data=True))


# -- Signing --------------------------------------------------------------------------------


def sign_reply(reply: Reply, *, by) -> Reply:
    """Render the final letter (tagged PDF/A-3a with its data attached), sign it (PAdES, visible
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
    from responses.permissions import signing_for
    from responses.signing.credentials import load_credentials
    from responses.signing.signature import sign_pdf

    credentials = load_credentials()  # outside the lock: may create the demo certificate
    # a deputy signs for the absent signatory; the signature and the history say so
    absent = signing_for(by)
    stored_name = ""
    try:
        with transaction.atomic():
            current = (
                Reply.objects.select_for_update(of=("self",))
                .select_related(*REPLY_LETTER_RELATED)
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
            _refuse_if_incomplete(
                current.inquiry, gettext("Every answer must be approved before the reply can be signed.")
            )
            if current.letter_date is None:
                current.letter_date = timezone.localdate()
            document = reply_document(
                current, draft=False, demo_certificate=credentials.is_demo, annex_data=True
            )
            try:
                signed = sign_pdf(
                    render_reply_pdf(document),
                    credentials=credentials,
                    signer_name=", ".join(p for p in (current.signatory_name, current.signatory_role) if p),
                    reason=document.subject_line
                    if absent is None
                    else f"{document.subject_line} – {deputy_note(_person_name(by), _person_name(absent))}",
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
            _record_sent_answers(current, document)
            record_signed_annexes(current, _annexes_of(current, document.questions))
            keep_signing_certificate(credentials.certificate.dump())
            record_event(
                current.inquiry,
                Event.Kind.REPLY_SIGNED,
                by=by,
                reply=current.pk,
                sha256=current.signed_pdf_sha256,
                demo=credentials.is_demo,
                supplementary=bool(current.supplements_id),
                **(
                    {
                        "deputy_of": absent.pk,
                        "deputy_of_name": _person_name(absent),
                        "by_name": _person_name(by),
                    }
                    if absent is not None
                    else {}
                ),
            )
    except Exception:
        if stored_name:
            _delete_file(stored_name)
        raise
    return current


def _person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def deputy_note(deputy: str, absent: str) -> str:
    """ "signed by X as deputy of Y": in the signature's reason and the timeline."""
    return gettext("signed by %(deputy)s as deputy of %(absent)s") % {"deputy": deputy, "absent": absent}


def _record_sent_answers(reply: Reply, document) -> None:
    """Keep the answers as the signed letter carries them, one row per question: readers
    outside the administration read these once the reply is sent (`ReplyAnswer`), whatever
    happens to the working text afterwards."""
    ReplyAnswer.objects.bulk_create(
        [
            ReplyAnswer(reply=reply, question_id=question.question_id, text=question.answer_text)
            for _depth, question in document.iter_questions()
            if question.question_id is not None and question.answer_text.strip()
        ]
    )


def _delete_file(name: str) -> None:
    from django.core.files.storage import default_storage

    try:
        default_storage.delete(name)
    except Exception:  # the original error matters more
        logger.exception("Could not delete %s after a failed signing", name)


# -- Sending --------------------------------------------------------------------------------


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
        # its texts are now what readers read (a supplement's replace the earlier ones)
        ReplyAnswer.objects.mark_current(ReplyAnswer.objects.filter(reply=current).values("question_id"))
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
        notifications.reply_sent_to_committee(current)
        _after_reply_sent(current)
    return current


def _after_reply_sent(reply: Reply) -> None:
    """What else happens when a reply is sent, inside `send_reply`'s transaction: the layers
    above are told (the portal tells the inquiry's followers; their e-mails go out once it
    commits)."""
    from responses.signals import reply_sent

    reply_sent.send(sender=Reply, reply=reply)


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
