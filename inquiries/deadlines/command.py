"""The JSON in and out of `manage.py compute_deadline`: anyone can check a deadline.

In (one object):
    {"state": "NW", "received_at": "2026-11-09T14:15" or "2026-11-09",
     "deadline_text": "…as the letter says it…", "meetings": ["2026-09-22", …],
     "classification": "normal" | "fundamental", "referred_at_meeting": "2026-03-23",
     "kind": "kleine_anfrage", "committee": "Rat", "rules": {…}}
or, for the departments' due date alone, {"state": …, "due_on": "2026-04-07", "rules": {…}}.

Out: {"due_on", "interim_reply_due_on", "internal_due_on", "meeting_on", "reason"}; dates as
yyyy-mm-dd or null. The engine is the one registration uses, so the command says what the
product does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext

from inquiries.deadlines.calendar import STATES
from inquiries.deadlines.engine import MeetingInfo, compute_deadline, internal_due_on
from inquiries.deadlines.phrases import parse_deadline_phrase
from inquiries.deadlines.rules import CLASSIFICATIONS, INQUIRY_KINDS, DeadlineRules, RulesError

__all__ = ["InputError", "compute_from_json"]

_KEYS = (
    "state",
    "received_at",
    "deadline_text",
    "meetings",
    "classification",
    "referred_at_meeting",
    "kind",
    "committee",
    "rules",
    "due_on",
)


class InputError(ValueError):
    """Input the command cannot read; the message says what is wrong in one line."""


def _date(value: Any, key: str) -> date:
    if not isinstance(value, str):
        raise InputError(f"{key}: expected a date like 2026-09-22, got {value!r}")
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return _local(datetime.fromisoformat(value)).date()
    except ValueError:
        raise InputError(f"{key}: expected a date like 2026-09-22, got {value!r}") from None


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None)


def _received(value: Any) -> tuple[date, time | None]:
    if not isinstance(value, str):
        raise InputError(f'received_at: expected "2026-11-09" or "2026-11-09T14:15", got {value!r}')
    try:
        if len(value) == 10:
            return date.fromisoformat(value), None
        moment = _local(datetime.fromisoformat(value))
    except ValueError:
        raise InputError(f'received_at: expected "2026-11-09" or "2026-11-09T14:15", got {value!r}') from None
    return moment.date(), moment.time().replace(second=0, microsecond=0)


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        raise InputError(f"{key}: expected a string, got {value!r}")
    return value


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def compute_from_json(data: Any) -> dict[str, Any]:
    """Compute what the input asks for; `InputError` (one line) on anything it cannot read."""
    if not isinstance(data, Mapping):
        raise InputError("expected one JSON object")
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise InputError(f"unknown key {unknown[0]!r}; expected some of {', '.join(_KEYS)}")
    state = data.get("state")
    state = state.strip().upper() if isinstance(state, str) else state  # "nw" is NW
    if state not in STATES:
        raise InputError(f"state: expected one of {', '.join(sorted(STATES))}, got {state!r}")
    try:
        rules = DeadlineRules.from_json(data.get("rules") or {}, state=state)
    except RulesError as exc:
        raise InputError(f"rules.{exc}") from None

    if "due_on" in data:
        due_on = _date(data["due_on"], "due_on")
        internal_on = internal_due_on(due_on, rules=rules)
        reason = gettext(
            "The departments' due date lies %(count)d working days before the deadline of %(due_on)s: "
            "%(internal_on)s."
        ) % {
            "count": rules.internal_review_working_days,
            "due_on": due_on.strftime("%d.%m.%Y"),
            "internal_on": internal_on.strftime("%d.%m.%Y"),
        }
        return {
            "due_on": due_on.isoformat(),
            "interim_reply_due_on": None,
            "internal_due_on": internal_on.isoformat(),
            "meeting_on": None,
            "reason": reason,
        }

    if "received_at" not in data:
        raise InputError("received_at: required (or due_on for the departments' due date alone)")
    received_on, received_time = _received(data["received_at"])
    meetings_in = data.get("meetings") or []
    if not isinstance(meetings_in, list):
        raise InputError(f"meetings: expected a list of dates, got {meetings_in!r}")
    committee = _text(data, "committee")
    meetings = [MeetingInfo(_date(value, f"meetings[{i}]"), committee) for i, value in enumerate(meetings_in)]
    classification = data.get("classification") or "normal"
    if classification not in CLASSIFICATIONS:
        raise InputError(f"classification: expected normal or fundamental, got {classification!r}")
    kind = data.get("kind")
    if kind is not None and kind not in INQUIRY_KINDS:
        raise InputError(f"kind: expected one of {', '.join(INQUIRY_KINDS)}, got {kind!r}")
    referred_at = None
    if data.get("referred_at_meeting") is not None:
        referred_at = _date(data["referred_at_meeting"], "referred_at_meeting")

    request = parse_deadline_phrase(_text(data, "deadline_text"), received_on=received_on)
    deadline = compute_deadline(
        request,
        received_on=received_on,
        received_time=received_time,
        meetings=meetings,
        rules=rules,
        classification=classification,
        kind=kind,
        referred_at=referred_at,
    )
    return {
        "due_on": _iso(deadline.due_on),
        "interim_reply_due_on": _iso(deadline.interim_reply_due_on),
        "internal_due_on": _iso(deadline.internal_due_on),
        "meeting_on": _iso(deadline.meeting.starts_on if deadline.meeting else None),
        "reason": deadline.reason,
    }
