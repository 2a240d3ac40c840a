"""Domain logic that changes inquiries: references, registration, deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from inquiries.deadlines import DeadlineRules, internal_due_on
from inquiries.models import Department, Event, Follow, Inquiry, Municipality, Question

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


def _default_rules():
    from inquiries.deadlines import DeadlineRules
    from inquiries.models import Municipality

    municipality = Municipality.current()
    return municipality.deadline_rules() if municipality else DeadlineRules()


def determine_deadline(inquiry: Inquiry, *, received_on: date) -> tuple:
    """The deadline the letter asks for, under the municipality's rules of procedure.

    Reads the committee's meetings (one query). Returns the kind of request the letter makes
    and the `deadlines.Deadline`; its `reason`
    says in words why the date is what it is, `needs_manual` when the council office must
    set it (no suitable meeting planned, a date in the past).
    """
    from inquiries.deadlines import MeetingInfo, compute_deadline, parse_deadline_phrase

    request = parse_deadline_phrase(inquiry.deadline_text, received_on=received_on)
    meetings = []
    if inquiry.committee_id:
        for meeting in inquiry.committee.meetings.filter(is_cancelled=False, starts_at__date__gt=received_on):
            meetings.append(
                MeetingInfo(
                    starts_on=timezone.localdate(meeting.starts_at),
                    committee_name=inquiry.committee.name,
                    pk=meeting.pk,
                )
            )
    deadline = compute_deadline(request, received_on=received_on, meetings=meetings, rules=_default_rules())
    return request.kind, deadline


@transaction.atomic
def register_inquiry(
    inquiry: Inquiry,
    *,
    received_on: date,
    by,
    due_on: date | None = None,
    correction_reason: str = "",
) -> Inquiry:
    """Register a submitted inquiry: reference number, date received, deadline (as the rules
    give it, or corrected by the council office with a reason), internal due dates."""
    from inquiries.deadlines import internal_due_on

    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.status not in (Inquiry.Status.SUBMITTED, Inquiry.Status.DRAFT):
        raise InvalidTransition(_("Only submitted inquiries can be registered."))
    inquiry.received_on = received_on
    assign_reference(inquiry, year=received_on.year)
    request_kind, computed = determine_deadline(inquiry, received_on=received_on)
    if due_on is not None and due_on != computed.due_on:
        inquiry.due_on = due_on
        inquiry.deadline_kind = Inquiry.DeadlineKind.MANUAL
        inquiry.deadline_reason = _("Set by the council office: %(reason)s") % {
            "reason": correction_reason or _("no reason given")
        }
        inquiry.deadline_meeting = None
    else:
        inquiry.due_on = computed.due_on
        inquiry.deadline_kind = _deadline_kind(request_kind, computed)
        inquiry.deadline_reason = computed.reason
        inquiry.deadline_meeting_id = computed.meeting.pk if computed.meeting else None
    inquiry.status = Inquiry.Status.REGISTERED
    inquiry._history_user = by
    inquiry.save()
    if inquiry.due_on:
        rules = _default_rules()
        for question in inquiry.questions.all():
            question.due_on = max(internal_due_on(inquiry.due_on, rules=rules), received_on)
            question._history_user = by
            question.save(update_fields=["due_on", "updated_at"])
    record_event(
        inquiry,
        Event.Kind.REGISTERED,
        by=by,
        note=inquiry.deadline_reason,
        due_on=inquiry.due_on.isoformat() if inquiry.due_on else None,
    )
    return inquiry


def _deadline_kind(request_kind, deadline) -> str:
    if deadline.needs_manual or deadline.due_on is None:
        return Inquiry.DeadlineKind.MANUAL
    return Inquiry.DeadlineKind(str(request_kind))


class InvalidTransition(Exception):
    """A workflow step that the current state does not allow; the message is for users."""


@transaction.atomic
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
    """Save an extracted letter (`letters.ParsedLetter`) as an inquiry with its questions,
    all or nothing. Answers found in a reply document are saved as draft answers."""
    from django.core.files.base import ContentFile

    letter_date = None
    if parsed.date:
        letter_date = date.fromisoformat(parsed.date)
    inquiry = Inquiry(
        kind=parsed.kind if parsed.kind in Inquiry.Kind.values else Inquiry.Kind.ANFRAGE,
        subject=(parsed.title or _("(no subject)"))[:300],
        addressee=getattr(parsed, "addressee", ""),
        sender_name=parsed.sender[:200],
        sender_role=getattr(parsed, "sender_role", "")[:200],
        letter_date=letter_date,
        submitted_on=today() if status != Inquiry.Status.DRAFT else None,
        deadline_text=parsed.deadline_text[:300],
        preamble=parsed.preamble,
        justification=parsed.justification,
        closing=parsed.closing,
        committee=committee,
        submitted_by=by,
        status=status,
        is_public=is_public,
        source_name=source_name[:255],
        source_text=source_text,
    )
    inquiry._history_user = by
    if source_bytes is not None and source_name:
        inquiry.source_file.save(source_name, ContentFile(source_bytes), save=False)
    inquiry.save()
    position = 0
    answers = []

    def add(parsed_question, parent):
        nonlocal position
        position += 1
        question = Question(
            inquiry=inquiry, parent=parent, number=parsed_question.number, text=parsed_question.text,
            position=position,
        )
        question._history_user = by
        question.save()
        if getattr(parsed_question, "answer", ""):
            answers.append((question, parsed_question.answer))
        for child in parsed_question.sub_questions:
            add(child, question)

    for parsed_question in parsed.questions:
        add(parsed_question, None)
    if answers:
        from django.apps import apps

        answer_model = apps.get_model("responses", "Answer")  # inquiries never imports responses
        for question, text in answers:
            answer_model.objects.create(question=question, text=text, author=by)
    if status == Inquiry.Status.SUBMITTED:
        record_event(inquiry, Event.Kind.SUBMITTED, by=by)
    return inquiry


# --- Assignment -------------------------------------------------------------------------------


def deadline_rules() -> DeadlineRules:
    """The installation's rules of procedure (the defaults while no municipality is set up)."""
    return (Municipality.current() or Municipality()).deadline_rules()


def default_internal_due_on(inquiry: Inquiry, *, rules: DeadlineRules | None = None) -> date | None:
    """The departments' due date for an inquiry's questions: its deadline (or the expected date
    after an interim reply) minus the council office's review working days."""
    if inquiry.effective_due_on is None:
        return None
    return internal_due_on(inquiry.effective_due_on, rules=rules or deadline_rules())


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
    from inquiries.tasks import send_email_on_commit

    url = settings.SITE_URL + reverse("responses:worklist")
    subject = gettext("New questions for %(department)s: %(reference)s") % {
        "department": department.code,
        "reference": inquiry.reference or "",
    }
    body = gettext(
        "The council office has assigned questions of the inquiry %(inquiry)s to %(department)s.\n\n"
        "Your questions: %(url)s"
    ) % {"inquiry": str(inquiry), "department": str(department), "url": url}
    send_email_on_commit(department_recipients(department), subject, body)


def follow_inquiry(inquiry: Inquiry, *, user) -> Follow:
    """Idempotent: following twice keeps one row."""
    follow, _created = Follow.objects.get_or_create(inquiry=inquiry, user=user)
    return follow


def unfollow_inquiry(inquiry: Inquiry, *, user) -> None:
    Follow.objects.filter(inquiry=inquiry, user=user).delete()


def notify_followers(inquiry: Inquiry) -> int:
    """Tell everyone who follows the inquiry that its reply has been sent.

    Call it from the code that sends the reply, inside its transaction: the e-mails are
    enqueued as a background task only once that transaction commits, so a rolled-back send
    mails nobody. Followers who can no longer read the inquiry (or lost the follow
    permission) are skipped. Returns how many e-mails were enqueued.
    """
    from inquiries import permissions
    from inquiries.notifications import send_reply_sent_emails

    recipients = [
        follow.user
        for follow in Follow.objects.filter(inquiry=inquiry).select_related("user")
        if follow.user.is_active and follow.user.email and permissions.can_follow_inquiry(follow.user)
    ]
    # each follower reads the inquiry through their own visibility, never more
    user_ids = [
        user.pk for user in recipients if Inquiry.objects.visible_to(user).filter(pk=inquiry.pk).exists()
    ]
    if user_ids:
        transaction.on_commit(
            lambda: send_reply_sent_emails.enqueue(inquiry_id=inquiry.pk, user_ids=user_ids)
        )
    return len(user_ids)
