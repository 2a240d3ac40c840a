"""A council's rules of procedure for deadlines, as data.

The rules are a JSON object (stored on `RulesOfProcedure`, read by `manage.py compute_deadline`,
documented key by key in docs/deadlines.md). Every key is optional; a missing key takes the
default below. `DeadlineRules.from_json` checks every key and says which one is wrong.

The state whose public holidays count is not part of the rules: it is the municipality's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from functools import cached_property
from typing import Any

from inquiries.deadlines.calendar import WEEKDAY_NAMES, ExtraHoliday, Period, Unit, WorkCalendar, check_state

__all__ = [
    "INQUIRY_KINDS",
    "AnswerDue",
    "DeadlineRules",
    "Referral",
    "RulesError",
    "SubmissionPeriod",
]

# The kinds of inquiry (`Inquiry.Kind`) that `kinds` may give rules of their own.
INQUIRY_KINDS = ("grosse_anfrage", "kleine_anfrage", "anfrage", "anfrage_zur_sitzung")

CLASSIFICATIONS = ("normal", "fundamental")


class RulesError(ValueError):
    """Rules that cannot be read; the message names the key."""


@dataclass(frozen=True)
class SubmissionPeriod:
    """How long before a meeting an inquiry must arrive to be answered in it: a period
    (`period`), or a weekday of the meeting's week (`weekday`, 0 = Monday); either way
    optionally by a time of day on that last day (`cutoff`)."""

    period: Period | None = Period(7, Unit.DAYS)
    weekday: int | None = None
    cutoff: time | None = None


@dataclass(frozen=True)
class AnswerDue:
    """When an answer for a meeting is due: on the meeting day, a number of (working) days
    before it, or on a weekday on or after it."""

    MEETING_DAY = "meeting_day"
    DAYS_BEFORE = "days_before_meeting"
    WORKING_DAYS_BEFORE = "working_days_before_meeting"
    WEEKDAY_AFTER = "weekday_after_meeting"

    kind: str = MEETING_DAY
    count: int = 0
    weekday: int | None = None


@dataclass(frozen=True)
class Referral:
    """What follows when an answer is declared not possible at short notice in a meeting: the
    next meeting ("next_meeting"), a period after that meeting (`within`), or nothing the rules
    say (`kind` "none": the council office decides)."""

    kind: str = "next_meeting"
    within: Period | None = None


@dataclass(frozen=True)
class DeadlineRules:
    """The rules the engine applies. Build from JSON with `from_json`; `to_json` gives every key."""

    state: str = "NW"
    period: Period = Period(28, Unit.DAYS)
    extended_period: Period | None = None
    interim_reply_within: Period | None = None
    working_days: str = "mon-fri"
    plain_days: Unit = Unit.CALENDAR_DAYS
    submission_period: SubmissionPeriod = SubmissionPeriod()
    answer_due: AnswerDue = AnswerDue()
    if_not_answerable: Referral = Referral()
    named_dates_on_holidays: str = "keep"
    extra_holidays: tuple[str, ...] = ()
    internal_review_working_days: int = 3
    default_deadline: str = "period"
    requested_deadline: str = "accept"
    kinds: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_state(self.state)
        if self.internal_review_working_days < 0:
            raise RulesError("internal_review_working_days: must not be negative.")
        if self.period.count < 1:
            raise RulesError("period: must be at least 1.")

    @cached_property
    def calendar(self) -> WorkCalendar:
        """The days that count under these rules: the state's holidays and the rules' own."""
        return WorkCalendar(
            self.state, self.extra_holidays, saturday_is_werktag=self.working_days == "mon-sat"
        )

    # --- JSON -----------------------------------------------------------------------------------

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None, *, state: str) -> DeadlineRules:
        """Read rules of procedure from their JSON form; a `RulesError` names the wrong key."""
        try:
            check_state(state)
        except ValueError as exc:
            raise RulesError(f"state: {exc}") from None
        data = {} if data is None else data
        if not isinstance(data, Mapping):
            raise RulesError("The rules must be a JSON object.")
        unknown = sorted(set(data) - set(_KEYS))
        if unknown:
            raise RulesError(f"Unknown key {unknown[0]!r}; the rules know {', '.join(_KEYS)}.")
        values: dict[str, Any] = {"state": state}
        for key, value in data.items():
            values[key] = _KEYS[key](value, key)
        rules = cls(**values)
        for kind in rules.kinds:
            rules.for_kind(kind)  # a bad override fails now, not at registration
        return rules

    def to_json(self) -> dict[str, Any]:
        """Every key with its value, in the documented order (what an export writes)."""
        submission: dict[str, Any] = {}
        if self.submission_period.period is not None:
            submission.update(_period_json(self.submission_period.period))
        else:
            submission["weekday"] = WEEKDAY_NAMES[self.submission_period.weekday]  # type: ignore[index]
        if self.submission_period.cutoff is not None:
            submission["cutoff"] = self.submission_period.cutoff.strftime("%H:%M")
        answer_due: Any = self.answer_due.kind
        if self.answer_due.kind in (AnswerDue.DAYS_BEFORE, AnswerDue.WORKING_DAYS_BEFORE):
            answer_due = {self.answer_due.kind: self.answer_due.count}
        elif self.answer_due.kind == AnswerDue.WEEKDAY_AFTER:
            answer_due = {self.answer_due.kind: WEEKDAY_NAMES[self.answer_due.weekday]}  # type: ignore[index]
        referral: Any = self.if_not_answerable.kind
        if self.if_not_answerable.within is not None:
            referral = {"within": _period_json(self.if_not_answerable.within)}
        elif referral == "none":
            referral = None
        return {
            "period": _period_json(self.period),
            "extended_period": _period_json(self.extended_period) if self.extended_period else None,
            "interim_reply_within": (
                _period_json(self.interim_reply_within) if self.interim_reply_within else None
            ),
            "working_days": self.working_days,
            "plain_days": _PLAIN_DAYS_JSON[self.plain_days],
            "submission_period": submission,
            "answer_due": answer_due,
            "if_not_answerable": referral,
            "named_dates_on_holidays": self.named_dates_on_holidays,
            "extra_holidays": list(self.extra_holidays),
            "internal_review_working_days": self.internal_review_working_days,
            "default_deadline": self.default_deadline,
            "requested_deadline": self.requested_deadline,
            "kinds": {kind: dict(override) for kind, override in self.kinds.items()},
        }

    def merged(self, override: Mapping[str, Any] | None) -> DeadlineRules:
        """These rules with some keys replaced (a committee's own rules, a kind's)."""
        if not override:
            return self
        base = self.to_json()
        return DeadlineRules.from_json({**base, **override}, state=self.state)

    def for_kind(self, kind: str | None) -> DeadlineRules:
        """The rules for one kind of inquiry: `kinds[kind]` over the others."""
        if not kind or kind not in self.kinds:
            return self
        base = self.to_json()
        base.pop("kinds")
        return DeadlineRules.from_json({**base, **self.kinds[kind]}, state=self.state)

    def period_for(self, classification: str) -> Period:
        """The rules' own period: the extended one for a fundamental matter, where there is one."""
        if classification == "fundamental" and self.extended_period is not None:
            return self.extended_period
        return self.period


# --- Reading keys ------------------------------------------------------------------------------

_UNITS = tuple(unit.value for unit in Unit)
_PLAIN_DAYS = {"calendar": Unit.CALENDAR_DAYS, "working_days": Unit.WORKING_DAYS, "werktage": Unit.WERKTAGE}
_PLAIN_DAYS_JSON = {unit: name for name, unit in _PLAIN_DAYS.items()}


def _fail(key: str, message: str) -> RulesError:
    return RulesError(f"{key}: {message}")


def _count(value: Any, key: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(key, f"expected a whole number of at least {minimum}, got {value!r}.")
    return value


def _choice(value: Any, key: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise _fail(key, f"expected one of {', '.join(choices)}, got {value!r}.")
    return value


def _object(value: Any, key: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(key, f"expected an object with {', '.join(allowed)}, got {value!r}.")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise _fail(key, f"unknown key {unknown[0]!r}; expected {', '.join(allowed)}.")
    return value


def _weekday(value: Any, key: str) -> int:
    return WEEKDAY_NAMES.index(
        _choice(str(value).lower() if isinstance(value, str) else value, key, WEEKDAY_NAMES)
    )


def _period(value: Any, key: str, *, minimum: int = 1) -> Period:
    value = _object(value, key, ("count", "unit"))
    if "count" not in value or "unit" not in value:
        raise _fail(key, 'a period needs count and unit, e.g. {"count": 3, "unit": "weeks"}.')
    return Period(
        _count(value["count"], f"{key}.count", minimum=minimum),
        Unit(_choice(value["unit"], f"{key}.unit", _UNITS)),
    )


def _optional_period(value: Any, key: str) -> Period | None:
    return None if value is None else _period(value, key)


def _period_json(period: Period) -> dict[str, Any]:
    return {"count": period.count, "unit": period.unit.value}


_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _submission(value: Any, key: str) -> SubmissionPeriod:
    value = _object(value, key, ("count", "unit", "weekday", "cutoff"))
    cutoff = None
    if value.get("cutoff") is not None:
        match = _TIME_RE.match(str(value["cutoff"]))
        if not match:
            raise _fail(f"{key}.cutoff", f'expected a time of day like "12:00", got {value["cutoff"]!r}.')
        cutoff = time(int(match[1]), int(match[2]))
    if "weekday" in value:
        if "count" in value or "unit" in value:
            raise _fail(key, "give either count and unit, or weekday.")
        return SubmissionPeriod(
            period=None, weekday=_weekday(value["weekday"], f"{key}.weekday"), cutoff=cutoff
        )
    period = _period({k: v for k, v in value.items() if k in ("count", "unit")}, key, minimum=0)
    return SubmissionPeriod(period=period, cutoff=cutoff)


def _answer_due(value: Any, key: str) -> AnswerDue:
    if value == AnswerDue.MEETING_DAY:
        return AnswerDue()
    forms = (AnswerDue.DAYS_BEFORE, AnswerDue.WORKING_DAYS_BEFORE, AnswerDue.WEEKDAY_AFTER)
    if not isinstance(value, Mapping) or len(value) != 1 or next(iter(value)) not in forms:
        raise _fail(
            key,
            'expected "meeting_day", {"days_before_meeting": 8}, {"working_days_before_meeting": 3} '
            f'or {{"weekday_after_meeting": "thursday"}}, got {value!r}.',
        )
    ((form, argument),) = value.items()
    if form == AnswerDue.WEEKDAY_AFTER:
        return AnswerDue(form, weekday=_weekday(argument, f"{key}.{form}"))
    return AnswerDue(form, count=_count(argument, f"{key}.{form}"))


def _referral(value: Any, key: str) -> Referral:
    if value is None or value == "none":
        return Referral("none")
    if value == "next_meeting":
        return Referral()
    if isinstance(value, Mapping) and set(value) == {"within"}:
        return Referral("within", _period(value["within"], f"{key}.within"))
    raise _fail(
        key, f'expected "next_meeting", {{"within": {{"count": 4, "unit": "weeks"}}}} or null, got {value!r}.'
    )


def _extra_holidays(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _fail(key, f"expected a list, got {value!r}.")
    for i, spec in enumerate(value):
        try:
            ExtraHoliday.parse(spec)
        except ValueError as exc:
            raise _fail(f"{key}[{i}]", str(exc)) from None
    return tuple(s.strip() for s in value)


def _kinds(value: Any, key: str) -> Mapping[str, Mapping[str, Any]]:
    value = _object(value, key, INQUIRY_KINDS)
    for kind, override in value.items():
        override = _object(override, f"{key}.{kind}", tuple(k for k in _KEYS if k != "kinds"))
        for inner_key, inner_value in override.items():
            _KEYS[inner_key](inner_value, f"{key}.{kind}.{inner_key}")
    return {kind: dict(override) for kind, override in value.items()}


_KEYS: dict[str, Any] = {
    "period": _period,
    "extended_period": _optional_period,
    "interim_reply_within": _optional_period,
    "working_days": lambda v, k: _choice(v, k, ("mon-fri", "mon-sat")),
    "plain_days": lambda v, k: _PLAIN_DAYS[_choice(v, k, tuple(_PLAIN_DAYS))],
    "submission_period": _submission,
    "answer_due": _answer_due,
    "if_not_answerable": _referral,
    "named_dates_on_holidays": lambda v, k: _choice(
        v, k, ("keep", "next_working_day", "previous_working_day")
    ),
    "extra_holidays": _extra_holidays,
    "internal_review_working_days": lambda v, k: _count(v, k),
    "default_deadline": lambda v, k: _choice(v, k, ("period", "next_meeting")),
    "requested_deadline": lambda v, k: _choice(v, k, ("accept", "not_earlier_than_rules", "rules_only")),
    "kinds": _kinds,
}
