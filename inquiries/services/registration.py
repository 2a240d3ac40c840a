"""Registration: reference numbers, the deadline by the rules with its reason, referral to the next meeting, the sender told."""

from __future__ import annotations

from datetime import date, time

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inquiries import notifications
from inquiries.deadlines import (
    DeadlineKind,
    DeadlineRequest,
    compute_deadline,
    internal_due_on,
)
from inquiries.models import Event, Inquiry
from inquiries.rules_of_procedure import committee_meetings, deadline_rules, determine_deadline
from inquiries.services.base import InvalidTransition, record_event

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
        notifications.tell_sender_of_registration(inquiry)
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
