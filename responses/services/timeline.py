"""The inquiry's timeline ("Verlauf"): one list, oldest first, from the workflow's event log
(`inquiries.Event`) and the history of answers, replies and the inquiry itself.

Events say what happened in the workflow's words (submitted, registered, assigned, interim
reply, signed, sent, withdrawn, …). The history fills in the steps no event records: answers
approved, sent back and reopened; supplementary replies started; replies marked ready to sign;
deadlines changed after registration. Outside the administration the timeline shows only the
public events (`Event.PUBLIC_KINDS`), never who did what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from inquiries import permissions
from inquiries.models import Event, Inquiry, Question
from responses.models import Answer, Reply


@dataclass
class TimelineEntry:
    at: datetime
    label: str
    detail: str = ""
    actor: object = None

    @property
    def at_iso(self) -> str:
        """For `<time datetime>`: local time to the second (HTML allows at most three decimals)."""
        return timezone.localtime(self.at).replace(microsecond=0).isoformat()

    @property
    def actor_name(self) -> str:
        if self.actor is None:
            return ""
        return self.actor.get_full_name() or self.actor.get_username()


ANSWER_STEPS = {
    "approve": gettext_lazy("Answer approved"),
    "send_back": gettext_lazy("Answer sent back"),
    "reopen": gettext_lazy("Answer reopened"),
}


def _date(value) -> str:
    from datetime import date

    if isinstance(value, str):
        value = date.fromisoformat(value)
    return date_format(value, "d.m.Y") if isinstance(value, date) else ""


def _question(number: str) -> str:
    return gettext("Question %(number)s") % {"number": number}


def _event_entry(event: Event, *, internal: bool) -> TimelineEntry:
    data, kind = event.data or {}, event.kind
    label, detail = str(event.get_kind_display()), ""
    if kind == Event.Kind.REPLY_SIGNED:
        if data.get("supplementary"):
            label = gettext("Supplementary reply signed")
        if internal and data.get("deputy_of_name"):
            from responses.services.replies import deputy_note

            detail = deputy_note(data.get("by_name", ""), data["deputy_of_name"])
    elif kind == Event.Kind.REPLY_SENT and data.get("supplementary"):
        label = gettext("Supplementary reply sent")
    elif kind in (Event.Kind.ANSWERED_BY_SUB_QUESTIONS, Event.Kind.NEEDS_OWN_ANSWER) and data.get("number"):
        detail = _question(data["number"])
    elif kind == Event.Kind.REGISTERED and data.get("due_on"):
        detail = gettext("deadline %(date)s") % {"date": _date(data["due_on"])}
    elif kind == Event.Kind.INTERIM_REPLY and data.get("expected_on"):
        detail = gettext("new expected date %(date)s") % {"date": _date(data["expected_on"])}
    elif kind == Event.Kind.DEADLINE_CHANGED and data.get("due_on"):
        detail = gettext("new deadline %(date)s") % {"date": _date(data["due_on"])}
    elif kind == Event.Kind.WITHDRAWN and internal and event.note:
        detail = event.note
    return TimelineEntry(event.at, label, detail, event.actor if internal else None)


def _answer_entries(inquiry: Inquiry) -> list[TimelineEntry]:
    records = (
        Answer.history.filter(question__inquiry_id=inquiry.pk, history_change_reason__in=list(ANSWER_STEPS))
        .select_related("history_user", "question", "question__parent")
        .order_by("history_date", "history_id")
    )
    return [
        TimelineEntry(
            record.history_date,
            str(ANSWER_STEPS[record.history_change_reason]),
            _question(
                Question.reference_label_of(
                    record.question.parent.number if record.question.parent_id else "", record.question.number
                )
            ),
            record.history_user,
        )
        for record in records
    ]


def _reply_entries(inquiry: Inquiry) -> list[TimelineEntry]:
    records = (
        Reply.history.filter(inquiry_id=inquiry.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
        .only("id", "status", "supplements_id", "history_type", "history_date", "history_user")
    )
    entries, last_status = [], {}
    for record in records:
        if record.history_type == "+" and record.supplements_id:
            entries.append(
                TimelineEntry(
                    record.history_date, gettext("Supplementary reply started"), actor=record.history_user
                )
            )
        elif record.status == Reply.Status.READY and last_status.get(record.id) != Reply.Status.READY:
            entries.append(
                TimelineEntry(
                    record.history_date, gettext("Reply marked ready to sign"), actor=record.history_user
                )
            )
        last_status[record.id] = record.status
    return entries


def _deadline_entries(inquiry: Inquiry, events: list[Event]) -> list[TimelineEntry]:
    """Deadline changes after registration that no event recorded (an event that says the same
    within a few seconds, e.g. DEADLINE_CHANGED from a service, wins)."""
    recorded = [e.at for e in events if e.kind in (Event.Kind.DEADLINE_CHANGED, Event.Kind.REGISTERED)]
    records = (
        inquiry.history.select_related("history_user")
        .order_by("history_date", "history_id")
        .only("due_on", "history_date", "history_user")
    )
    entries, previous = [], None
    for record in records:
        changed = previous is not None and record.due_on != previous
        if changed and not any(abs(record.history_date - at) < timedelta(seconds=5) for at in recorded):
            entries.append(
                TimelineEntry(
                    record.history_date,
                    str(Event.Kind.DEADLINE_CHANGED.label),
                    gettext("from %(old)s to %(new)s")
                    % {"old": _date(previous), "new": _date(record.due_on) or "–"},
                    record.history_user,
                )
            )
        if record.due_on is not None or previous is not None:
            previous = record.due_on
    return entries


def inquiry_timeline(inquiry: Inquiry, *, user) -> list[TimelineEntry]:
    """The timeline as `user` may see it, oldest first. One query outside the administration;
    four inside (events, answer history, reply history, inquiry history), however long."""
    internal = permissions.is_administration(user)
    if internal:
        events = inquiry.events.select_related("actor")
    else:  # readers outside see no actor: no join and no user built per event
        events = inquiry.events.filter(kind__in=Event.PUBLIC_KINDS)
    events = list(events)
    entries = [_event_entry(event, internal=internal) for event in events]
    if internal:
        entries += _answer_entries(inquiry) + _reply_entries(inquiry) + _deadline_entries(inquiry, events)
    return sorted(entries, key=lambda entry: entry.at)
