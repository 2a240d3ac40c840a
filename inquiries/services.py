"""Domain logic that changes inquiries: references, registration, deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from config.site import site_url
from inquiries.deadlines import (
    DeadlineKind,
    DeadlineRequest,
    DeadlineRules,
    compute_deadline,
    internal_due_on,
)
from inquiries.models import Department, Event, Inquiry, Municipality, Question
from inquiries.rules_of_procedure import committee_meetings, deadline_rules, determine_deadline  # noqa: F401
from inquiries.signals import answers_imported, is_content_signed, questions_assigned

REFERENCE_PREFIX = "AN"


def next_reference(year: int) -> tuple[int, str]:
    """Hand out the next reference number of a year, e.g. (17, "AN/2026/0017").

    One atomic upsert on the year's counter row: concurrent callers queue on that row's lock
    (PostgreSQL) or on the database write lock (SQLite), so no number is handed out twice,
    even by several app servers. The unique constraint on the reference is the last guard.
    """
    table = "inquiries_referencesequence"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last_number) VALUES (%s, 1) "
            f"ON CONFLICT (year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [year],
        )
        (number,) = cursor.fetchone()
    return number, f"{REFERENCE_PREFIX}/{year}/{number:04d}"


@transaction.atomic
def assign_reference(inquiry: Inquiry, *, year: int | None = None) -> Inquiry:
    """Give an inquiry its reference number, once."""
    if inquiry.reference:
        return inquiry
    year = year or (inquiry.received_on or timezone.localdate()).year
    number, reference = next_reference(year)
    inquiry.reference_year, inquiry.reference_number, inquiry.reference = year, number, reference
    inquiry.save(update_fields=["reference_year", "reference_number", "reference", "updated_at"])
    return inquiry


def question_tree(questions: list[Question]) -> list[Question]:
    """Nest a flat, ordered list of an inquiry's questions: each gets `.children` (one query
    for the whole tree instead of one per level)."""
    by_parent: dict[int | None, list[Question]] = {}
    for question in questions:
        by_parent.setdefault(question.parent_id, []).append(question)
    for question in questions:
        question.children = by_parent.get(question.pk, [])
    return by_parent.get(None, [])


def record_event(inquiry: Inquiry, kind: str, *, by, note: str = "", **data) -> Event:
    return Event.objects.create(inquiry=inquiry, kind=kind, actor=by, note=note, data=data)


def today() -> date:
    return timezone.localdate()


@transaction.atomic
def register_inquiry(
    inquiry: Inquiry,
    *,
    received_on: date,
    by,
    received_time: time | None = None,
    classification: str = Inquiry.Classification.NORMAL,
    classification_reason: str = "",
    due_on: date | None = None,
    correction_reason: str = "",
    notify: bool = True,
) -> Inquiry:
    """Register a submitted inquiry: reference number, date (and time) received, the office's
    classification (a fundamental matter gets the rules' extended period), deadline (as the rules
    give it, or corrected by the council office with a reason), the interim reply's and the
    departments' due dates; with `notify`, the sender is e-mailed the reference and deadline once
    the transaction commits."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.status not in (Inquiry.Status.SUBMITTED, Inquiry.Status.DRAFT):
        raise InvalidTransition(_("Only submitted inquiries can be registered."))
    inquiry.received_on, inquiry.received_time = received_on, received_time
    inquiry.classification, inquiry.classification_reason = classification, classification_reason
    assign_reference(inquiry, year=received_on.year)
    request_kind, computed = determine_deadline(
        inquiry, received_on=received_on, received_time=received_time, classification=classification
    )
    if due_on is not None and due_on != computed.due_on:
        inquiry.due_on = due_on
        inquiry.deadline_kind = Inquiry.DeadlineKind.MANUAL
        inquiry.deadline_reason = _("Set by the council office: %(reason)s") % {
            "reason": correction_reason or _("no reason given")
        }
        inquiry.deadline_meeting = None
        inquiry.interim_reply_due_on = None
        internal_on = max(internal_due_on(due_on, rules=deadline_rules(inquiry.committee)), received_on)
    else:
        inquiry.due_on = computed.due_on
        inquiry.deadline_kind = _deadline_kind(request_kind, computed)
        inquiry.deadline_reason = computed.reason
        inquiry.deadline_meeting_id = computed.meeting.pk if computed.meeting else None
        inquiry.interim_reply_due_on = computed.interim_reply_due_on
        internal_on = computed.internal_due_on
    inquiry.status = Inquiry.Status.REGISTERED
    inquiry._history_user = by
    inquiry.save()
    if internal_on is not None:
        _set_internal_due_on(inquiry, internal_on, by=by)
    record_event(
        inquiry,
        Event.Kind.REGISTERED,
        by=by,
        note=inquiry.deadline_reason,
        due_on=inquiry.due_on.isoformat() if inquiry.due_on else None,
        classification=inquiry.classification,
        classification_reason=classification_reason,
    )
    if notify:
        notify_sender_of_registration(inquiry)
    return inquiry


def _set_internal_due_on(inquiry: Inquiry, due_on: date, *, by) -> None:
    for question in inquiry.questions.all():
        question.due_on = due_on
        question._history_user = by
        question.save(update_fields=["due_on", "updated_at"])


@transaction.atomic
def refer_to_next_meeting(inquiry: Inquiry, *, meeting, by) -> Inquiry:
    """The answer was declared not possible at short notice in `meeting`: the deadline becomes
    what the rules say for that case (the next meeting, or a period after this one), with the
    departments' due dates. Refused when the rules give no date (no following meeting planned)."""
    # lock the inquiry's row only (the committee is joined nullable, which FOR UPDATE refuses)
    inquiry = Inquiry.objects.select_for_update(of=("self",)).select_related("committee").get(pk=inquiry.pk)
    if not inquiry.is_open() or inquiry.status == Inquiry.Status.SUBMITTED:
        raise InvalidTransition(_("Only registered, open inquiries can be referred to the next meeting."))
    rules = deadline_rules(inquiry.committee)
    meeting_on = timezone.localdate(meeting.starts_at)
    deadline = compute_deadline(
        DeadlineRequest(DeadlineKind.NONE),
        received_on=inquiry.received_on or meeting_on,
        meetings=committee_meetings(inquiry.committee, after=meeting_on),
        rules=rules,
        referred_at=meeting_on,
    )
    if deadline.due_on is None:
        raise InvalidTransition(deadline.reason)
    old_due_on = inquiry.due_on
    inquiry.due_on = deadline.due_on
    inquiry.deadline_reason = deadline.reason
    inquiry.deadline_meeting_id = deadline.meeting.pk if deadline.meeting else None
    inquiry._history_user = by
    inquiry.save(update_fields=["due_on", "deadline_reason", "deadline_meeting", "updated_at"])
    _set_internal_due_on(inquiry, max(deadline.internal_due_on, timezone.localdate()), by=by)  # type: ignore[type-var]
    record_event(
        inquiry,
        Event.Kind.DEADLINE_CHANGED,
        by=by,
        note=deadline.reason,
        due_on=deadline.due_on.isoformat(),
        previous_due_on=old_due_on.isoformat() if old_due_on else None,
        referred_at=meeting_on.isoformat(),
    )
    return inquiry


def _deadline_kind(request_kind, deadline) -> str:
    if deadline.needs_manual or deadline.due_on is None:
        return Inquiry.DeadlineKind.MANUAL
    return Inquiry.DeadlineKind(str(request_kind))


class InvalidTransition(Exception):
    """A workflow step that the current state does not allow; the message is for users."""


# The review form's field for each field of a letter (`letters.ParsedLetter`).
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


# --- Assignment -------------------------------------------------------------------------------


def default_internal_due_on(inquiry: Inquiry, *, rules: DeadlineRules | None = None) -> date | None:
    """The departments' due date for an inquiry's questions: its deadline (or the expected date
    after an interim reply) minus the council office's review working days."""
    if inquiry.effective_due_on is None:
        return None
    return internal_due_on(inquiry.effective_due_on, rules=rules or deadline_rules(inquiry.committee))


@dataclass(frozen=True)
class Assignment:
    question: Question
    lead_department: Department | None
    participating_departments: tuple[Department, ...] = ()
    due_on: date | None = None


@transaction.atomic
def assign_questions(inquiry: Inquiry, *, assignments: list[Assignment], by) -> list[Department]:
    """Give questions their lead and participating departments and internal due dates.

    Moves a registered inquiry to "in progress", records an ASSIGNED event and, once the
    transaction commits, e-mails each department that got a question it did not have before.
    Returns those departments. Questions must belong to `inquiry`.
    """
    newly_assigned: dict[int, Department] = {}
    changed: list[str] = []
    for item in assignments:
        question = item.question
        if question.inquiry_id != inquiry.pk:
            raise ValueError("The question belongs to another inquiry.")
        before = question.department_ids()
        participating = [d for d in item.participating_departments if d != item.lead_department]
        after = {d.pk for d in participating} | ({item.lead_department.pk} if item.lead_department else set())
        fields_changed = (question.lead_department_id, question.due_on) != (
            item.lead_department.pk if item.lead_department else None,
            item.due_on,
        )
        if fields_changed:
            question.lead_department = item.lead_department
            question.due_on = item.due_on
            question.save(update_fields=["lead_department", "due_on", "updated_at"])
        if {d.pk for d in question.participating_departments.all()} != {d.pk for d in participating}:
            question.participating_departments.set(participating)
        if fields_changed or before != after:
            changed.append(question.number)
        for department in [item.lead_department, *participating]:
            if department is not None and department.pk not in before:
                newly_assigned[department.pk] = department

    update_fields = []
    if inquiry.status == Inquiry.Status.REGISTERED:
        inquiry.status = Inquiry.Status.IN_PROGRESS
        update_fields.append("status")
    if inquiry.lead_department_id is None:
        leads = [a.lead_department for a in assignments if a.lead_department is not None]
        if leads:
            inquiry.lead_department = leads[0]
            update_fields.append("lead_department")
    if update_fields:
        inquiry.save(update_fields=[*update_fields, "updated_at"])
    if changed:
        record_event(
            inquiry,
            Event.Kind.ASSIGNED,
            by=by,
            questions=changed,
            departments=sorted({d.code for a in assignments for d in _departments_of(a)}),
        )
    for department in newly_assigned.values():
        _notify_department(inquiry, department)
    return list(newly_assigned.values())


def _departments_of(assignment: Assignment) -> list[Department]:
    lead = [assignment.lead_department] if assignment.lead_department else []
    return [*lead, *assignment.participating_departments]


def department_recipients(department: Department) -> list[str]:
    """The department's mailbox and its people's addresses (staff and head, active ones)."""
    addresses = [department.email] if department.email else []
    people = list(department.staff.filter(is_active=True).exclude(email=""))
    if department.head and department.head.is_active and department.head.email:
        people.append(department.head)
    return [*addresses, *(person.email for person in people)]


def _notify_department(inquiry: Inquiry, department: Department) -> None:
    """The department is told by the app that works on the questions (an e-mail with a link to
    its worklist)."""
    questions_assigned.send(sender=Inquiry, inquiry=inquiry, department=department)


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
    municipality = Municipality.current()
    if municipality and municipality.email:
        from inquiries.tasks import send_email_on_commit

        subject = gettext("New inquiry submitted: %(subject)s") % {"subject": inquiry.subject}
        body = gettext("%(sender)s has submitted an inquiry. Register it: %(url)s") % {
            "sender": inquiry.sender_name or str(by),
            "url": site_url() + reverse("inquiries:register", args=[inquiry.pk]),
        }
        send_email_on_commit([municipality.email], subject, body)
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
    municipality = Municipality.current()
    if was_registered and municipality and municipality.email:
        from inquiries.tasks import send_email_on_commit

        subject = gettext("Inquiry withdrawn: %(inquiry)s") % {"inquiry": str(inquiry)}
        body = gettext(
            "The inquiry %(inquiry)s has been withdrawn by its sender.\n\n%(reason)s\n\n%(url)s"
        ) % {
            "inquiry": str(inquiry),
            "reason": reason,
            "url": site_url() + inquiry.get_absolute_url(),
        }
        send_email_on_commit([municipality.email], subject, body)
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


def sender_recipients(inquiry: Inquiry) -> list[str]:
    """Who hears from the council office about an inquiry: the sender's address from the letter,
    else the user who submitted it, else (for a letter the council office entered) the chair of
    the committee it comes from. Reads submitted_by and committee.chair."""
    from inquiries import permissions

    if inquiry.sender_email:
        return [inquiry.sender_email]
    submitter = inquiry.submitted_by
    if submitter and submitter.email and not permissions.is_council_office(submitter):
        return [submitter.email]
    chair = inquiry.committee.chair if inquiry.committee_id else None
    return [chair.email] if chair and chair.email else []


def notify_sender_of_registration(inquiry: Inquiry) -> None:
    """E-mail the sender that the inquiry was received, with its reference and deadline (once
    the transaction commits)."""
    from django.utils import formats

    from inquiries.tasks import send_email_on_commit

    subject = gettext("Your inquiry has been received: %(reference)s") % {"reference": inquiry.reference}
    due = formats.date_format(inquiry.due_on, "d.m.Y") if inquiry.due_on else gettext("to be set")
    body = gettext(
        "Your inquiry „%(subject)s“ was received on %(received_on)s and registered as %(reference)s.\n\n"
        "Deadline for the reply: %(due_on)s\n%(reason)s\n\n%(url)s"
    ) % {
        "subject": inquiry.subject,
        "received_on": formats.date_format(inquiry.received_on, "d.m.Y"),
        "reference": inquiry.reference,
        "due_on": due,
        "reason": inquiry.deadline_reason,
        "url": site_url() + inquiry.get_absolute_url(),
    }
    send_email_on_commit(sender_recipients(inquiry), subject, body)


# --- Uploaded letters between the import and the review step ------------------------------------

LETTER_STASH_DIR = "letter-uploads"
LETTER_STASH_MAX_AGE = 24 * 60 * 60  # seconds; a review takes minutes, not days
_STASH_SALT = "inquiries.letter-stash"


def stash_letter(data: bytes, *, name: str, text: str, by) -> str:
    """Keep an uploaded (or pasted) letter on the server while its extraction is reviewed.

    Returns a signed token naming the file, the original file name and the user: the review
    form carries only that token, so a client can neither point at another path nor pick up
    someone else's upload. The extracted text is kept beside it (a PDF is read once). Old
    stashes are removed on the way.
    """
    import secrets

    from django.core import signing
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    purge_letter_stash()
    key = secrets.token_hex(16)
    path = default_storage.save(f"{LETTER_STASH_DIR}/{key}", ContentFile(data))
    text_path = default_storage.save(f"{LETTER_STASH_DIR}/{key}.txt", ContentFile(text.encode("utf-8")))
    return signing.dumps({"path": path, "text": text_path, "name": name, "user": by.pk}, salt=_STASH_SALT)


def unstash_letter(token: str, *, by) -> tuple[LetterSource, list[str]]:
    """The stashed letter and its storage paths (for `discard_letter`). Raises
    `letters.LetterError` when the token is forged, expired, someone else's or its file gone."""
    from django.core import signing
    from django.core.files.storage import default_storage

    from inquiries.letters import LetterError

    try:
        payload = signing.loads(token, salt=_STASH_SALT, max_age=LETTER_STASH_MAX_AGE)
    except signing.BadSignature as exc:
        raise LetterError(_("The uploaded letter has expired; please upload it again.")) from exc
    paths = [payload.get("path", ""), payload.get("text", "")]
    if payload.get("user") != by.pk or not all(_is_stash_path(path) for path in paths):
        raise LetterError(_("The uploaded letter has expired; please upload it again."))
    try:
        with default_storage.open(paths[0], "rb") as handle:
            data = handle.read()
        with default_storage.open(paths[1], "rb") as handle:
            text = handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LetterError(_("The uploaded letter has expired; please upload it again.")) from exc
    name = payload.get("name", "")
    return LetterSource(name=name, data=data if name else None, text=text), paths


def _is_stash_path(path: str) -> bool:
    return (
        path.startswith(f"{LETTER_STASH_DIR}/")
        and ".." not in path
        and "/" not in path[len(LETTER_STASH_DIR) + 1 :]
    )


def discard_letter(paths: list[str]) -> None:
    from django.core.files.storage import default_storage

    for path in paths:
        if _is_stash_path(path):
            default_storage.delete(path)


def purge_letter_stash(*, max_age: int = LETTER_STASH_MAX_AGE) -> int:
    """Delete stashed letters older than `max_age` seconds (reviews that were abandoned)."""
    from datetime import timedelta

    from django.core.files.storage import default_storage

    try:
        _dirs, files = default_storage.listdir(LETTER_STASH_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    cutoff = timezone.now() - timedelta(seconds=max_age)
    removed = 0
    for name in files:
        path = f"{LETTER_STASH_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
        except (FileNotFoundError, NotImplementedError):
            continue
    return removed
