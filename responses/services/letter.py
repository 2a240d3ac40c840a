"""The reply letter's content: letterhead, addressee, salutation, the questions with the answers
it carries, annexes, footer and logo (`reply_document`); `responses.document` describes its shape
and `responses.pdf` renders it."""

from __future__ import annotations

import logging
from datetime import date

from django.utils import timezone

from inquiries.models import Inquiry, Question
from inquiries.services import question_tree
from responses.models import Answer, Reply
from responses.services.annexes import annex_files, reply_annexes
from responses.services.answers import S

logger = logging.getLogger(__name__)


CAPACITY_LABELS = {
    Reply.Capacity.OWN: "",
    Reply.Capacity.IN_VERTRETUNG: "In Vertretung",
    Reply.Capacity.IM_AUFTRAG: "Im Auftrag",
}
DEFAULT_CLOSING = "Mit freundlichen Grüßen"


def _letter_date_of(inquiry: Inquiry) -> date:
    return inquiry.letter_date or inquiry.received_on or inquiry.submitted_on or timezone.localdate()


def _reply_date(reply: Reply) -> date:
    if reply.letter_date:
        return reply.letter_date
    return timezone.localdate(reply.signed_at) if reply.signed_at else timezone.localdate()


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
            from responses.signing.credentials import load_credentials

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
