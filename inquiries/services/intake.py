"""Intake: a letter read into an inquiry (the one path for the web and the command line), writing, submitting, withdrawing, follow-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from inquiries import notifications
from inquiries.models import Event, Inquiry, Question
from inquiries.services.base import InvalidTransition, record_event, today
from inquiries.signals import answers_imported, is_content_signed

LETTER_FIELDS = {
    "title": "subject",
    "sender": "sender_name",
    "date": "letter_date",
    "reference": "letter_reference",
    "deadline_text": "deadline_text",
    "justification": "justification",
    "preamble": "preamble",
}


def letter_fields(parsed) -> dict:
    """The inquiry's fields from an extracted letter (`letters.ParsedLetter`): what the review
    form shows and what the command line saves. The one place that maps a letter to an inquiry."""
    kind = parsed.inquiry_kind if parsed.inquiry_kind in Inquiry.Kind.values else Inquiry.Kind.ANFRAGE
    return {
        "kind": kind,
        "subject": (parsed.title or _("(no subject)"))[:300],
        "addressee": parsed.addressee,
        "sender_name": parsed.sender_name[:200],
        "sender_role": parsed.sender_role[:200],
        "sender_email": parsed.sender_email,
        "letter_date": date.fromisoformat(parsed.date) if parsed.date else None,
        "letter_reference": parsed.reference[:100],
        "deadline_text": parsed.deadline_text[:300],
        "preamble": parsed.preamble,
        "justification": parsed.justification,
        "closing": parsed.closing,
        "is_public": True,
    }


def letter_digest(text: str) -> str:
    """SHA-256 of a letter's text with runs of whitespace as one space: the same letter pasted
    or uploaded again (with other line breaks) has the same digest."""
    import hashlib

    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def duplicate_letters(user, *, text: str, reference: str) -> QuerySet[Inquiry]:
    """Inquiries the user may see that came from the same letter: the same text, or the same
    reference number (Drucksache, Vorlage) as written in the letter. `user` None: all (the
    command line)."""
    condition = Q(source_digest=letter_digest(text)) if text.strip() else Q(pk__in=[])
    if reference.strip():
        condition |= Q(letter_reference__iexact=reference.strip())
    inquiries = Inquiry.objects.all() if user is None else Inquiry.objects.visible_to(user)
    return inquiries.filter(condition).order_by("-pk")


def unique_numbers(questions) -> list:
    """The letter's questions with numbers the database accepts: numbers kept as written, a
    repeated one (a restart after a page break) becomes "3 (2)", a missing one is counted."""
    from inquiries.letters import ParsedQuestion

    def fix(items, counted):
        taken: set[str] = set()
        result = []
        for index, item in enumerate(items, 1):
            number = (item.number or counted(index))[:20]
            candidate, counter = number, 1
            while candidate in taken:
                counter += 1
                candidate = f"{number[:12]} ({counter})"
            taken.add(candidate)
            result.append(
                ParsedQuestion(
                    candidate,
                    item.text,
                    fix(item.sub_questions, lambda i: chr(ord("a") + (i - 1) % 26))
                    if item.sub_questions
                    else [],
                    item.answer,
                    list(item.doubts),
                )
            )
        return result

    return fix(questions, str)


def create_inquiry_from_letter(
    parsed,
    *,
    by=None,
    committee=None,
    source_name: str = "",
    source_bytes: bytes | None = None,
    source_text: str = "",
    status: str = Inquiry.Status.SUBMITTED,
    is_public: bool = True,
) -> Inquiry:
    """Save an extracted letter (`letters.ParsedLetter`) as an inquiry with its questions, all or
    nothing, the same way the review form saves it (`save_inquiry`). Answers found in a reply
    document are saved as draft answers."""
    fields = letter_fields(parsed)
    fields["committee"] = committee
    fields["is_public"] = is_public
    source = LetterSource(name=source_name, data=source_bytes, text=source_text)
    # the command line is the council office's tool: a reply document brings its answers
    return save_inquiry(
        None,
        fields=fields,
        questions=unique_numbers(parsed.questions),
        by=by,
        status=status,
        source=source,
        with_answers=True,
    )


def _create_questions(inquiry: Inquiry, parsed_questions, *, by, with_answers: bool) -> None:
    """Save a tree of `letters.ParsedQuestion`s in order; an answer that came with a question
    (a reply document imported) becomes its draft answer."""
    position = 0
    answers = []

    def add(parsed_question, parent):
        nonlocal position
        position += 1
        question = Question(
            inquiry=inquiry,
            parent=parent,
            number=parsed_question.number,
            text=parsed_question.text,
            position=position,
        )
        question._history_user = by
        question.save()
        if with_answers and getattr(parsed_question, "answer", ""):
            answers.append((question, parsed_question.answer))
        for child in parsed_question.sub_questions:
            add(child, question)

    for parsed_question in parsed_questions:
        add(parsed_question, None)
    if answers:
        answers_imported.send(sender=Question, answers=answers, by=by)


# --- Intake: writing, submitting, withdrawing, follow-ups ---------------------------------------

# The fields a sender (or the council office entering a letter) writes; see `save_inquiry`.
INQUIRY_WRITE_FIELDS = (
    "kind",
    "subject",
    "addressee",
    "sender_name",
    "sender_role",
    "sender_email",
    "letter_date",
    "letter_reference",
    "committee",
    "deadline_text",
    "preamble",
    "justification",
    "closing",
    "is_public",
)


@dataclass(frozen=True)
class LetterSource:
    """The original letter an inquiry was entered from: the file (if uploaded) and its text."""

    name: str
    data: bytes | None
    text: str


@transaction.atomic
def save_inquiry(
    inquiry: Inquiry | None,
    *,
    fields: dict,
    questions: list,
    by,
    status: str = Inquiry.Status.DRAFT,
    source: LetterSource | None = None,
    with_answers: bool = False,
) -> Inquiry:
    """Create an inquiry or update a draft, with its questions (`letters.ParsedQuestion` trees),
    all or nothing. Answers that came with the questions are saved as draft answers only
    `with_answers`: when the council office imports a reply document; a sender's inquiry never
    carries answers.

    A draft's questions are replaced as a whole: nothing hangs off them yet. `status` SUBMITTED
    is for the council office entering a received letter (records SUBMITTED, as
    `submit_inquiry` does).
    """
    if inquiry is None:
        inquiry = Inquiry(submitted_by=by)
    else:
        inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        if inquiry.status != Inquiry.Status.DRAFT:
            raise InvalidTransition(_("A submitted inquiry can no longer be changed by its sender."))
    for name in INQUIRY_WRITE_FIELDS:
        if name in fields:
            setattr(inquiry, name, fields[name])
    if source is not None:
        inquiry.source_name = source.name[:255]
        inquiry.source_text = source.text
        inquiry.source_digest = letter_digest(source.text) if source.text.strip() else ""
        if source.data is not None and source.name:
            from django.core.files.base import ContentFile

            inquiry.source_file.save(source.name, ContentFile(source.data), save=False)
    inquiry._history_user = by
    inquiry.save()
    # a draft's questions are replaced as a whole (with any draft answers from an import);
    # the deletion is recorded in the history, row by row
    inquiry.questions.all().delete()
    _create_questions(inquiry, questions, by=by, with_answers=with_answers)
    if status == Inquiry.Status.SUBMITTED:
        _mark_submitted(inquiry, by=by)
    return inquiry


def _mark_submitted(inquiry: Inquiry, *, by) -> None:
    inquiry.status = Inquiry.Status.SUBMITTED
    inquiry.submitted_on = today()
    inquiry._history_user = by
    inquiry.save(update_fields=["status", "submitted_on", "updated_at"])
    record_event(inquiry, Event.Kind.SUBMITTED, by=by)
    if inquiry.follow_up_of_id:
        record_event(
            inquiry.follow_up_of,
            Event.Kind.FOLLOW_UP,
            by=by,
            follow_up=inquiry.pk,
            subject=inquiry.subject,
        )


@transaction.atomic
def submit_inquiry(inquiry: Inquiry, *, by) -> Inquiry:
    """Send a draft to the administration: status submitted, SUBMITTED event (and FOLLOW_UP on
    the original of a follow-up), a note to the council office's mailbox."""
    inquiry = (
        Inquiry.objects.select_for_update(of=("self",)).select_related("follow_up_of").get(pk=inquiry.pk)
    )
    if inquiry.status != Inquiry.Status.DRAFT:
        raise InvalidTransition(_("Only drafts can be submitted."))
    if not inquiry.subject.strip():
        raise InvalidTransition(_("Give the inquiry a subject before submitting it."))
    if not inquiry.questions.exists():
        raise InvalidTransition(_("Add at least one question before submitting."))
    _mark_submitted(inquiry, by=by)
    notifications.tell_office_of_submission(inquiry, by=by)
    return inquiry


@transaction.atomic
def delete_draft(inquiry: Inquiry, *, by) -> None:
    """A draft never reached the administration: its author may simply delete it."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.status != Inquiry.Status.DRAFT:
        raise InvalidTransition(_("Only drafts can be deleted."))
    inquiry._history_user = by
    if inquiry.source_file:
        inquiry.source_file.delete(save=False)
    inquiry.delete()


def reply_is_signed(inquiry: Inquiry) -> bool:
    """Whether a signed document (the reply, signed or sent) carries the inquiry. One query."""
    return is_content_signed(inquiry.pk)


@transaction.atomic
def withdraw_inquiry(inquiry: Inquiry, *, by, reason: str = "") -> Inquiry:
    """Withdraw a submitted inquiry; refused once its reply is signed. Tells the council office
    (its mailbox) when the administration already works on it."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.status not in Inquiry.OPEN_STATUSES:
        raise InvalidTransition(_("Only submitted inquiries that are not answered can be withdrawn."))
    if reply_is_signed(inquiry):
        raise InvalidTransition(
            _("The reply has already been signed; the inquiry can no longer be withdrawn.")
        )
    was_registered = inquiry.status != Inquiry.Status.SUBMITTED
    inquiry.status = Inquiry.Status.WITHDRAWN
    inquiry.withdrawn_on = today()
    inquiry._history_user = by
    inquiry.save(update_fields=["status", "withdrawn_on", "updated_at"])
    record_event(inquiry, Event.Kind.WITHDRAWN, by=by, note=reason)
    if was_registered:
        notifications.tell_office_of_withdrawal(inquiry, reason=reason)
    return inquiry


# A follow-up's subject is part of the letter, which is German whatever the UI language is.
FOLLOW_UP_SUBJECT = "Nachfrage zu „%(subject)s“"


@transaction.atomic
def create_follow_up(original: Inquiry, *, by) -> Inquiry:
    """A draft follow-up inquiry (Nachfrage) to `original`, written by `by`, with the original's
    sender, committee and visibility. The FOLLOW_UP event on the original is recorded when the
    follow-up is submitted: a draft may still be deleted."""
    if original.status not in (
        Inquiry.Status.REGISTERED,
        Inquiry.Status.IN_PROGRESS,
        Inquiry.Status.ANSWERED,
    ):
        raise InvalidTransition(_("A follow-up can be written once the inquiry is registered."))
    label = original.reference or original.subject
    follow_up = Inquiry(
        kind=Inquiry.Kind.ANFRAGE,
        subject=(FOLLOW_UP_SUBJECT % {"subject": label})[:300],
        addressee=original.addressee,
        sender_name=original.sender_name,
        sender_role=original.sender_role,
        sender_email=original.sender_email,
        committee=original.committee,
        is_public=original.is_public,
        follow_up_of=original,
        submitted_by=by,
        status=Inquiry.Status.DRAFT,
    )
    follow_up._history_user = by
    follow_up.save()
    return follow_up
