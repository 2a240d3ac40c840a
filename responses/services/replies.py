"""The reply: compose, render, sign once, send, supplementary replies."""

from __future__ import annotations

import hashlib
import logging
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from config.site import site_url
from inquiries.models import Event, Inquiry, Question
from inquiries.services import question_tree, record_event
from inquiries.tasks import send_email_on_commit
from responses.models import Answer, Reply, ReplyAnswer
from responses.services.annexes import annex_files, record_signed_annexes, reply_annexes
from responses.services.answers import S, inquiry_progress
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
        _refuse_if_incomplete(
            current.inquiry, gettext("Every answer must be approved before the reply is ready to sign.")
        )
        current.status = Reply.Status.READY
        current._history_user = by
        current.save(update_fields=["status", "updated_at"])
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


GENERAL_SALUTATION = "Sehr geehrte Damen und Herren,"


def _form_of_address(user):
    from responses.models import FormOfAddress

    try:
        return user.form_of_address if user is not None else None
    except FormOfAddress.DoesNotExist:
        return None


def salutation_for(user) -> str:
    """ "Sehr geehrte Frau Dr. Görgen," for a person whose form of address is known (see
    `FormOfAddress`), else the general form. Reads `user.form_of_address`; select_related it."""
    form = _form_of_address(user)
    last_name = user.last_name.strip() if user is not None else ""
    if form is None or not form.form or not last_name:
        return GENERAL_SALUTATION
    opening = "Sehr geehrte" if form.form == form.Form.FRAU else "Sehr geehrter"
    return f"{opening} {' '.join(part for part in (form.form, form.title.strip(), last_name) if part)},"


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
            form = _form_of_address(chair)
            prefix = " ".join(part for part in (form.form, form.title.strip()) if part) if form else ""
            name = " ".join(part for part in (prefix, chair.get_full_name() or chair.get_username()) if part)
            lines.append(f"{name} (Vorsitz)")
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
            result.append(
                ReplyQuestion(
                    question.number,
                    question.text,
                    text,
                    subs,
                    # a supplement repeats a parent only for context: no note under it
                    answered_by_sub_questions=question.is_answered_by_sub_questions and since is None,
                    question_id=question.pk,
                )
            )
        return result

    return build(question_tree(questions))


def _answer_or_none(question: Question) -> Answer | None:
    try:
        return question.answer
    except Answer.DoesNotExist:
        return None


def reply_document(
    reply: Reply, *, draft: bool, demo_certificate: bool | None = None, annex_data: bool = False
):
    """The letter (`responses.document.ReplyDocument`) as it stands in the database: letterhead
    of the municipality and the council office, reference line, addressee (the committee and its
    chair), every question and sub-question as written followed by its APPROVED answer (others
    stay empty; a draft says "Antwort steht noch aus"), closing and signature block.

    Queries: the reply with inquiry, committee, chair and supplemented reply (none if `reply`
    came with them selected), the municipality, its letter settings, the questions with their
    answers; one each. The logo is read from storage.
    Without `demo_certificate`, a final letter asks the signing credentials whether they are
    the demo certificate (a draft is not signed: never)."""
    from inquiries.models import Municipality
    from responses.document import ReplyDocument, format_date

    if not _has_related(reply):
        reply = Reply.objects.select_related(*REPLY_LETTER_RELATED).get(pk=reply.pk)
    inquiry = reply.inquiry
    municipality = Municipality.current() or Municipality(name="")
    letter = _letter_settings(municipality)
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
    document_questions = _document_questions(questions, since=since)
    annexes = _annexes_of(reply, document_questions)
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
        salutation=salutation_for(inquiry.committee.chair if inquiry.committee_id else None),
        intro=reply.intro,
        questions=document_questions,
        closing=reply.closing,
        signatory_name=reply.signatory_name,
        signatory_role=reply.signatory_role,
        capacity=CAPACITY_LABELS.get(reply.capacity, ""),
        is_draft=draft,
        demo_certificate=bool(demo_certificate),
        supplementary_to=f"vom {format_date(_reply_date(supplements))}" if supplements else None,
        contact_lines=letter.contact_lines(fallback_email=municipality.email),
        footer_lines=_footer_lines(municipality, letter),
        logo_data_uri=_logo_data_uri(letter),
        logo_alt=letter.logo_alt or f"Logo: {municipality.name}",
        annexes=annex_files(annexes) if annex_data else annex_files(annexes, data=False),
    )


def _annexes_of(reply: Reply, document_questions: list) -> list:
    """The annexes the letter carries: those of the answers it prints, then the reply's own."""

    def answered(questions: list):
        for question in questions:
            if question.question_id is not None and question.answer_text.strip():
                yield question.question_id
            yield from answered(question.sub_questions)

    return reply_annexes(reply, list(answered(document_questions)))


# The reply with everything its letter prints (`reply_document`).
REPLY_LETTER_RELATED = (
    "inquiry",
    "inquiry__committee",
    "inquiry__committee__chair",
    "inquiry__committee__chair__form_of_address",
    "supplements",
)


def _letter_settings(municipality):
    """The municipality's `LetterSettings`, or empty ones (one query)."""
    from responses.models import LetterSettings

    if municipality.pk:
        settings = LetterSettings.objects.filter(municipality=municipality).first()
        if settings is not None:
            return settings
    return LetterSettings(municipality=municipality if municipality.pk else None)


def _footer_lines(municipality, letter) -> list[str]:
    """The footer's columns: the address, the website, the bank details (those configured)."""
    address = " · ".join([municipality.name, *municipality.address_lines]) if municipality.name else ""
    website = municipality.website.removeprefix("https://").removeprefix("http://").rstrip("/")
    return [line for line in (address, website, letter.bank_line()) if line]


LOGO_MAX_BYTES = 1024 * 1024
_IMAGE_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


def image_type(data: bytes) -> str | None:
    """ "image/png" or "image/jpeg" by the file's first bytes, else None."""
    return next((kind for magic, kind in _IMAGE_TYPES if data.startswith(magic)), None)


def _logo_data_uri(letter) -> str:
    """The logo as a data: URL, which the PDF's URL fetcher allows (it loads no files outside
    the static directory); empty when there is none, or it is not a PNG or JPEG of at most
    `LOGO_MAX_BYTES` (checked on upload too)."""
    import base64

    if not letter.logo:
        return ""
    try:
        with letter.logo.open("rb") as file:
            data = file.read(LOGO_MAX_BYTES + 1)
    except OSError:
        logger.warning("The letter logo %s cannot be read", letter.logo.name)
        return ""
    kind = image_type(data)
    if kind is None or len(data) > LOGO_MAX_BYTES:
        return ""
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def _has_related(reply: Reply) -> bool:
    cache = reply._state.fields_cache
    if "inquiry" not in cache or (reply.supplements_id and "supplements" not in cache):
        return False
    # the chair's form of address is read on demand if it did not come along (one query)
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
    from responses.signing import load_credentials, sign_pdf

    credentials = load_credentials()  # outside the lock: may create the demo certificate
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
            )
    except Exception:
        if stored_name:
            _delete_file(stored_name)
        raise
    return current


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
        ) % {"inquiry": str(inquiry), "url": site_url() + inquiry.get_absolute_url()}
        send_email_on_commit(
            committee_recipients(current.inquiry),
            subject_template % {"reference": inquiry.reference or ""},
            body,
        )
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
