"""Deadlines under a council's rules of procedure (Geschäftsordnung).

Pure functions: no database access. Callers pass in the municipality's settings as
`DeadlineRules`, the addressed committee's meetings as `MeetingInfo`s and the date of receipt.

Counting follows §§ 187, 188, 193 BGB (applied through § 31 VwVfG): the day of receipt is not
counted; a period of weeks or months ends on the day with the same weekday or number as the day
of receipt (clamped to the end of a shorter month); a period of calendar days that ends on a
Saturday, Sunday or public holiday ends on the next working day instead. Working days are Monday
to Friday except the public holidays of the municipality's state.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language, gettext, ngettext

__all__ = [
    "Deadline",
    "DeadlineKind",
    "DeadlineRequest",
    "DeadlineRules",
    "MeetingInfo",
    "add_months",
    "add_working_days",
    "compute_deadline",
    "internal_due_on",
    "is_working_day",
    "parse_deadline_phrase",
    "working_days_between",
]

STATES = frozenset(holidays.Germany.subdivisions)


# --- Public holidays and working days ------------------------------------------------------


def _check_state(state: str) -> None:
    if state not in STATES:
        raise ValueError(f"Unknown German state code {state!r}; expected one of {sorted(STATES)}")


@lru_cache(maxsize=512)
def _holiday_dates(state: str, year: int) -> frozenset[date]:
    # A frozenset, not the holidays object: that one is a dict that grows when asked about other
    # years, which would make a shared cached value mutable. Worklists call this per row.
    _check_state(state)
    return frozenset(holidays.Germany(subdiv=state, years=year))


@lru_cache(maxsize=128)
def _holiday_names(state: str, year: int, language: str) -> Mapping[date, str]:
    _check_state(state)
    return dict(holidays.Germany(subdiv=state, years=year, language=language))


def _holiday_name(d: date, *, state: str) -> str | None:
    """The holiday's name in the active language (German unless English is active)."""
    language = "en_US" if (get_language() or "").startswith("en") else "de"
    return _holiday_names(state, d.year, language).get(d)


def is_working_day(d: date, *, state: str) -> bool:
    """Monday to Friday and not a public holiday in `state` (e.g. "NW")."""
    return d.weekday() < 5 and d not in _holiday_dates(state, d.year)


def add_working_days(start: date, n: int, *, state: str) -> date:
    """The `n`-th working day after `start` (before it if `n` is negative).

    Counting starts the day after (before) `start`, so the result is always a working day
    unless `n` is 0, which returns `start` unchanged.
    """
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    day = start
    while remaining:
        day += step
        if is_working_day(day, state=state):
            remaining -= 1
    return day


def _weekdays_through(d: date) -> int:
    # Monday to Friday from 0001-01-01 (a Monday) through d.
    weeks, rest = divmod(d.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _working_days_in(first: date, last: date, *, state: str) -> int:
    """Working days from `first` through `last`, both included (0 if `last` < `first`)."""
    if last < first:
        return 0
    count = _weekdays_through(last) - _weekdays_through(first - timedelta(days=1))
    for year in range(first.year, last.year + 1):
        count -= sum(1 for h in _holiday_dates(state, year) if h.weekday() < 5 and first <= h <= last)
    return count


def working_days_between(a: date, b: date, *, state: str) -> int:
    """Working days after `a` up to and including `b`: the `n` with add_working_days(a, n) == b.

    Negative when `b` lies before `a` (working days from `b` up to but excluding `a`), so that
    `working_days_between(today, due_on)` reads as "working days left", below 0 when overdue.
    Cost grows with the years spanned, not the days.
    """
    if b >= a:
        return _working_days_in(a + timedelta(days=1), b, state=state)
    return -_working_days_in(b, a - timedelta(days=1), state=state)


def _next_working_day_on_or_after(d: date, *, state: str) -> date:
    while not is_working_day(d, state=state):
        d += timedelta(days=1)
    return d


def add_months(d: date, n: int) -> date:
    """Same day `n` months later; the last day of the month if that month is shorter (§ 188 (3) BGB)."""
    month_index = d.month - 1 + n
    year, month = d.year + month_index // 12, month_index % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # every month has 28 days


# --- Settings and inputs -----------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRules:
    """A municipality's rules of procedure for deadlines (stored on `Municipality`)."""

    state: str = "NW"
    # An inquiry must be received at least this many days before a meeting to be answered in it.
    submission_period_days: int = 7
    submission_period_working_days: bool = False
    # Whether "binnen 14 Tagen" means calendar or working days; weeks and months are always
    # calendar periods. Also applies to the default period.
    periods_count_working_days: bool = False
    # When the letter names no deadline.
    default_period_days: int = 28
    # Working days the council office keeps before the deadline for review and signing.
    review_working_days: int = 3

    def __post_init__(self) -> None:
        _check_state(self.state)
        if self.submission_period_days < 0 or self.review_working_days < 0:
            raise ValueError("Submission period and review days must not be negative.")
        if self.default_period_days < 1:
            raise ValueError("The default period must be at least one day.")


@dataclass(frozen=True)
class MeetingInfo:
    starts_on: date
    committee_name: str
    pk: int | None = None

    def __post_init__(self) -> None:
        # A datetime is a date too, but comparing it with one raises; convert in the caller,
        # in the municipality's time zone (timezone.localdate(meeting.starts_at)).
        if isinstance(self.starts_on, datetime):
            raise TypeError("MeetingInfo.starts_on must be a date, not a datetime.")


class DeadlineKind(StrEnum):
    DATE = "date"
    NEXT_MEETING = "next_meeting"
    PERIOD = "period"
    NONE = "none"


@dataclass(frozen=True)
class DeadlineRequest:
    """What the letter asks for.

    - date: `on`.
    - next_meeting: the next meeting of the addressed committee.
    - period: `days` (`working_days` True/False, or None to follow the rules) or `months`.
    - none: nothing recognised; the rules' default period applies.

    `text` is the phrase that was recognised, or the whole input when nothing was.
    """

    kind: DeadlineKind | str
    on: date | None = None
    days: int | None = None
    working_days: bool | None = None
    text: str = ""
    months: int | None = None

    def __post_init__(self) -> None:
        kind = DeadlineKind(self.kind)  # a ValueError for anything else
        object.__setattr__(self, "kind", kind)
        if kind is DeadlineKind.DATE and self.on is None:
            raise ValueError("A date request needs `on`.")
        if kind is DeadlineKind.PERIOD:
            if (self.days is None) == (self.months is None):
                raise ValueError("A period request needs either `days` or `months`.")
            if (self.days or self.months or 0) < 1:
                raise ValueError("A period must be at least one day or month.")


@dataclass(frozen=True)
class Deadline:
    due_on: date | None
    reason: str
    meeting: MeetingInfo | None = None
    # True when the rules give no answer and the council office must set the deadline by hand.
    needs_manual: bool = False


# --- Parsing -----------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "ein": 1,
    "eins": 1,
    "eine": 1,
    "einem": 1,
    "einen": 1,
    "einer": 1,
    "eines": 1,
    "zwei": 2,
    "zweier": 2,
    "drei": 3,
    "dreier": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
    "zwanzig": 20,
    "einundzwanzig": 21,
    "dreißig": 30,
    "dreissig": 30,
}
_NUMBER = r"\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))

_MONTHS = {
    "januar": 1,
    "jänner": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "märz": 3,
    "maerz": 3,
    "mär": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "dez": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)"

_NEXT_MEETING_RE = re.compile(
    r"\b(?:bis\s+)?(?:zur|zu\s+der|in\s+der|in|für\s+die|auf\s+der)\s+"
    r"(?:nächsten|nächster|nächste|naechsten|kommenden|kommende|folgenden)\s+[\w-]*sitzung\b"
    r"(?:\s+(?:des|der)\s+[\w-]+)?",
    re.IGNORECASE,
)
_PERIOD_RE = re.compile(
    r"\b(?:innerhalb|binnen|(?:mit\s+)?(?:einer\s+)?frist\s+von)\s+"
    r"(?:(?:einer\s+)?frist\s+von\s+|von\s+|der\s+nächsten\s+)?"
    rf"(?P<number>{_NUMBER})\s*"
    r"(?P<unit>kalendertag(?:en|e)?|arbeitstag(?:en|e)?|werktag(?:en|e)?|tag(?:en|es|e)?"
    r"|wochen|woche|monat(?:en|s|e)?)\b",
    re.IGNORECASE,
)
_PERIOD_FRIST_RE = re.compile(
    r"\b(?:innerhalb|binnen)\s+(?:der\s+|einer\s+)?(?P<unit>monatsfrist|wochenfrist)\b", re.IGNORECASE
)
# A date only counts as a deadline with a lead-in such as "bis" or "spätestens": letters are
# full of other dates ("Ihr Schreiben vom 3.2.2027", "Stand zum 31.12.2022").
_DATE_LEAD = (
    r"\b(?:bis\s+(?:spätestens\s+)?|spätestens\s+(?:bis\s+)?)"
    rf"(?:(?:zum|am)\s+)?(?:{_WEEKDAY},?\s+(?:(?:den|dem)\s+)?)?"
)
_DATE_NUMERIC_RE = re.compile(
    _DATE_LEAD + r"(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.(?:\s?(?P<year>\d{4}|\d{2})(?!\d))?",
    re.IGNORECASE,
)
_DATE_WORDS_RE = re.compile(
    _DATE_LEAD + rf"(?P<day>\d{{1,2}})\.\s*(?P<month>{_MONTH})\b\.?(?:\s+(?P<year>\d{{4}}))?",
    re.IGNORECASE,
)
_DATE_ISO_RE = re.compile(_DATE_LEAD + r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b", re.IGNORECASE)
_END_OF_MONTH_RE = re.compile(
    r"\bbis\s+(?:spätestens\s+)?(?:zum\s+)?ende\s+(?:des\s+monats\s+)?"
    rf"(?P<month>{_MONTH})\b\.?(?:\s+(?P<year>\d{{4}}))?",
    re.IGNORECASE,
)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _month(word: str) -> int:
    return int(word) if word.isdigit() else _MONTHS[word.lower()]


def _resolve_date(day: int, month: int, year: int | None, *, received_on: date) -> date | None:
    """The date, or without a year the next such date on or after receipt; None if invalid."""
    if year is not None:
        if year < 100:
            year += 2000
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for candidate_year in range(received_on.year, received_on.year + 9):  # 29.02. needs up to 8
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate >= received_on:
            return candidate
    return None


def _last_of_month(month: int, year: int | None, *, received_on: date) -> date:
    if year is None:
        year = received_on.year if month >= received_on.month else received_on.year + 1
    return add_months(date(year, month, 1), 1) - timedelta(days=1)


def _candidates(text: str, received_on: date) -> list[tuple[int, DeadlineRequest]]:
    found: list[tuple[int, DeadlineRequest]] = []

    for m in _NEXT_MEETING_RE.finditer(text):
        found.append((m.start(), DeadlineRequest(DeadlineKind.NEXT_MEETING, text=m.group())))

    for m in _PERIOD_RE.finditer(text):
        number, unit = _number(m["number"]), m["unit"].lower()
        if not number:
            continue
        if unit.startswith("monat"):
            request = DeadlineRequest(DeadlineKind.PERIOD, months=number, text=m.group())
        elif unit.startswith("woche"):
            request = DeadlineRequest(
                DeadlineKind.PERIOD, days=7 * number, working_days=False, text=m.group()
            )
        else:
            # Plain "Tage" follow the rules of procedure; the others say which they mean.
            working_days: bool | None
            if unit.startswith(("arbeitstag", "werktag")):
                working_days = True
            elif unit.startswith("kalendertag"):
                working_days = False
            else:
                working_days = None
            request = DeadlineRequest(
                DeadlineKind.PERIOD, days=number, working_days=working_days, text=m.group()
            )
        found.append((m.start(), request))

    for m in _PERIOD_FRIST_RE.finditer(text):
        if m["unit"].lower() == "monatsfrist":
            request = DeadlineRequest(DeadlineKind.PERIOD, months=1, text=m.group())
        else:
            request = DeadlineRequest(DeadlineKind.PERIOD, days=7, working_days=False, text=m.group())
        found.append((m.start(), request))

    for pattern in (_DATE_NUMERIC_RE, _DATE_WORDS_RE, _DATE_ISO_RE):
        for m in pattern.finditer(text):
            year = int(m["year"]) if m["year"] else None
            on = _resolve_date(int(m["day"]), _month(m["month"]), year, received_on=received_on)
            if on is not None:
                found.append((m.start(), DeadlineRequest(DeadlineKind.DATE, on=on, text=m.group())))

    for m in _END_OF_MONTH_RE.finditer(text):
        year = int(m["year"]) if m["year"] else None
        on = _last_of_month(_month(m["month"]), year, received_on=received_on)
        found.append((m.start(), DeadlineRequest(DeadlineKind.DATE, on=on, text=m.group())))

    return sorted(found, key=lambda item: item[0])


def parse_deadline_phrase(text: str, *, received_on: date) -> DeadlineRequest:
    """Recognise the deadline a letter asks for, e.g. "bis zur nächsten Sitzung".

    The phrase may sit anywhere in `text`. With several, the first one wins, except that a date
    before receipt (more likely part of a question) gives way to any later phrase. A date without
    a year is the next such date on or after receipt. Nothing recognised gives kind "none" with
    the text kept, so the council office can read it.
    """
    normalized = re.sub(r"\s+", " ", text).strip()
    candidates = [request for _, request in _candidates(normalized, received_on)]
    if not candidates:
        return DeadlineRequest(DeadlineKind.NONE, text=normalized)
    for request in candidates:
        if not (request.on is not None and request.on < received_on):
            return request
    return candidates[0]


# --- Computing ---------------------------------------------------------------------------------


def _fmt(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def _days_text(days: int, *, working_days: bool) -> str:
    if working_days:
        return ngettext("%(count)d working day", "%(count)d working days", days) % {"count": days}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def _why_not_working_day(d: date, *, state: str) -> str:
    name = _holiday_name(d, state=state)
    if name:
        return gettext("public holiday: %(name)s") % {"name": name}
    return str(WEEKDAYS[d.weekday()])


def _calendar_period_deadline(end_on: date, *, period: str, received_on: date, state: str) -> Deadline:
    """A calendar period ending on `end_on`; moved to the next working day if need be (§ 193 BGB)."""
    due_on = _next_working_day_on_or_after(end_on, state=state)
    if due_on == end_on:
        reason = gettext("Within %(period)s of receipt on %(received_on)s: %(due_on)s.") % {
            "period": period,
            "received_on": _fmt(received_on),
            "due_on": _fmt(due_on),
        }
    else:
        reason = gettext(
            "The period of %(period)s from receipt on %(received_on)s ends on %(end_on)s, which is "
            "not a working day (%(why)s); the deadline moves to the next working day, %(due_on)s."
        ) % {
            "period": period,
            "received_on": _fmt(received_on),
            "end_on": _fmt(end_on),
            "why": _why_not_working_day(end_on, state=state),
            "due_on": _fmt(due_on),
        }
    return Deadline(due_on, reason)


def _period_deadline(
    *, days: int | None, months: int | None, working_days: bool, received_on: date, rules: DeadlineRules
) -> Deadline:
    if months is not None:
        period = ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
        end_on = add_months(received_on, months)
        return _calendar_period_deadline(end_on, period=period, received_on=received_on, state=rules.state)
    assert days is not None
    period = _days_text(days, working_days=working_days)
    if working_days:
        due_on = add_working_days(received_on, days, state=rules.state)
        reason = gettext("Within %(period)s of receipt on %(received_on)s: %(due_on)s.") % {
            "period": period,
            "received_on": _fmt(received_on),
            "due_on": _fmt(due_on),
        }
        return Deadline(due_on, reason)
    end_on = received_on + timedelta(days=days)
    return _calendar_period_deadline(end_on, period=period, received_on=received_on, state=rules.state)


def _latest_receipt_for(meeting_on: date, *, rules: DeadlineRules) -> date:
    if rules.submission_period_working_days:
        return add_working_days(meeting_on, -rules.submission_period_days, state=rules.state)
    return meeting_on - timedelta(days=rules.submission_period_days)


def _committee(meeting: MeetingInfo) -> str:
    return meeting.committee_name or gettext("the committee")


def _next_meeting_deadline(
    *, received_on: date, meetings: Sequence[MeetingInfo], rules: DeadlineRules
) -> Deadline:
    upcoming = sorted((m for m in meetings if m.starts_on > received_on), key=lambda m: m.starts_on)
    period = _days_text(rules.submission_period_days, working_days=rules.submission_period_working_days)
    if not upcoming:
        reason = gettext(
            "No meeting is planned after receipt on %(received_on)s; the council office sets the deadline."
        ) % {"received_on": _fmt(received_on)}
        return Deadline(None, reason, needs_manual=True)

    for meeting in upcoming:
        if received_on <= _latest_receipt_for(meeting.starts_on, rules=rules):
            break
    else:
        reason = gettext(
            "No planned meeting leaves the submission period of %(period)s after receipt on "
            "%(received_on)s (the last planned meeting is on %(last_on)s); the council office "
            "sets the deadline."
        ) % {"period": period, "received_on": _fmt(received_on), "last_on": _fmt(upcoming[-1].starts_on)}
        return Deadline(None, reason, needs_manual=True)

    if meeting is upcoming[0]:
        reason = gettext(
            "Next meeting of %(committee)s on %(meeting_on)s; received at least %(period)s before "
            "it (received on %(received_on)s)."
        ) % {
            "committee": _committee(meeting),
            "meeting_on": _fmt(meeting.starts_on),
            "period": period,
            "received_on": _fmt(received_on),
        }
    else:
        too_soon = upcoming[0]
        reason = gettext(
            "Received on %(received_on)s, too late for the meeting of %(committee)s on "
            "%(too_soon_on)s (at least %(period)s before, i.e. by %(latest_on)s); therefore the "
            "next meeting that leaves enough time, on %(meeting_on)s."
        ) % {
            "received_on": _fmt(received_on),
            "committee": _committee(too_soon),
            "too_soon_on": _fmt(too_soon.starts_on),
            "period": period,
            "latest_on": _fmt(_latest_receipt_for(too_soon.starts_on, rules=rules)),
            "meeting_on": _fmt(meeting.starts_on),
        }
    return Deadline(meeting.starts_on, reason, meeting=meeting)


def compute_deadline(
    request: DeadlineRequest, *, received_on: date, meetings: Sequence[MeetingInfo], rules: DeadlineRules
) -> Deadline:
    """The deadline for `request`, with a sentence that says why.

    `meetings` are the addressed committee's meetings in any order; only those after
    `received_on` count. When the rules give no answer, `due_on` is None and `needs_manual` is
    set. Explicit dates are taken as written, even on a weekend: answering earlier is allowed.
    """
    match request.kind:
        case DeadlineKind.NEXT_MEETING:
            return _next_meeting_deadline(received_on=received_on, meetings=meetings, rules=rules)
        case DeadlineKind.PERIOD:
            working_days = (
                rules.periods_count_working_days if request.working_days is None else request.working_days
            )
            return _period_deadline(
                days=request.days,
                months=request.months,
                working_days=working_days,
                received_on=received_on,
                rules=rules,
            )
        case DeadlineKind.DATE:
            assert request.on is not None
            if request.on < received_on:
                reason = gettext(
                    "The date named in the letter, %(on)s, is before receipt on %(received_on)s; "
                    "the council office sets the deadline."
                ) % {"on": _fmt(request.on), "received_on": _fmt(received_on)}
                return Deadline(None, reason, needs_manual=True)
            reason = gettext("Date named in the letter: %(due_on)s.") % {"due_on": _fmt(request.on)}
            return Deadline(request.on, reason)
        case DeadlineKind.NONE:
            deadline = _period_deadline(
                days=rules.default_period_days,
                months=None,
                working_days=rules.periods_count_working_days,
                received_on=received_on,
                rules=rules,
            )
            reason = gettext(
                "The letter names no deadline, so the default period of the rules of procedure applies. %(rest)s"
            ) % {"rest": deadline.reason}
            return Deadline(deadline.due_on, reason)
    raise AssertionError(f"unhandled kind {request.kind!r}")


def internal_due_on(deadline: date, *, rules: DeadlineRules) -> date:
    """The departments' due date: the deadline minus the council office's review working days."""
    return add_working_days(deadline, -rules.review_working_days, state=rules.state)
