"""Days that count: public holidays, working days, Werktage and periods (§§ 187, 188, 193 BGB).

Pure functions and values: no database. A `WorkCalendar` is a state's public holidays plus the
holidays a council's rules add (a town's own, the Catholic or Protestant calendar within a
state), and whether Saturday is a Werktag under those rules.

- A working day (Arbeitstag) is Monday to Friday and not a holiday.
- A Werktag is a working day, or also a Saturday that is not a holiday where the rules say
  "Werktage" means Monday to Saturday.
- A period starts the day after the event (§ 187 (1) BGB); a period of weeks or months ends on
  the day with the same weekday or number, clamped to the end of a shorter month (§ 188 (2),
  (3) BGB); a period whose last day is a Saturday, Sunday or public holiday ends on the next
  working day (§ 193 BGB).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays
from django.utils.translation import get_language, gettext, ngettext

STATES = frozenset(code for code in holidays.Germany.subdivisions if len(code) == 2)

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Unit(StrEnum):
    """What a period counts. `days` are plain days: calendar days unless the rules say otherwise."""

    DAYS = "days"
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"  # Arbeitstage: Monday to Friday
    WERKTAGE = "werktage"  # Monday to Friday, or to Saturday where the rules say so
    WEEKS = "weeks"
    MONTHS = "months"


@dataclass(frozen=True)
class Period:
    """A number of units, e.g. three weeks."""

    count: int
    unit: Unit

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", Unit(self.unit))
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 0:
            raise ValueError(f"A period's count must be a whole number of at least 0, got {self.count!r}.")

    def describe(self, *, plain_days: Unit = Unit.CALENDAR_DAYS) -> str:
        """In words: "3 weeks", "10 working days"; plain days as the rules count them."""
        n = self.count
        match plain_days if self.unit is Unit.DAYS else self.unit:
            case Unit.DAYS | Unit.CALENDAR_DAYS:
                return ngettext("%(count)d day", "%(count)d days", n) % {"count": n}
            case Unit.WORKING_DAYS:
                return ngettext("%(count)d working day", "%(count)d working days", n) % {"count": n}
            case Unit.WERKTAGE:
                return ngettext("%(count)d Werktag", "%(count)d Werktage", n) % {"count": n}
            case Unit.WEEKS:
                return ngettext("%(count)d week", "%(count)d weeks", n) % {"count": n}
            case Unit.MONTHS:
                return ngettext("%(count)d month", "%(count)d months", n) % {"count": n}
        raise AssertionError(self.unit)


def check_state(state: str) -> None:
    if state not in STATES:
        raise ValueError(f"Unknown German state code {state!r}; expected one of {sorted(STATES)}")


# --- Holidays ----------------------------------------------------------------------------------


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm of Meeus, Jones, Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _buss_und_bettag(year: int) -> date:
    # The Wednesday before 23 November (the last Sunday of the church year is before 26.11.).
    d = date(year, 11, 22)
    return d - timedelta(days=(d.weekday() - 2) % 7)


# Holidays a council's rules may add by name: days that are public holidays only in parts of a
# state (by the local share of Catholics or Protestants, or in one town), and days of the
# church year that some rules of procedure count as days off. Each: (German name, the date in a
# year). The state-wide public holidays come from the `holidays` package.
NAMED_HOLIDAYS: Mapping[str, tuple[str, object]] = {
    "heilige_drei_koenige": ("Heilige Drei Könige", lambda y: date(y, 1, 6)),
    "rosenmontag": ("Rosenmontag", lambda y: easter_sunday(y) - timedelta(days=48)),
    "faschingsdienstag": ("Faschingsdienstag", lambda y: easter_sunday(y) - timedelta(days=47)),
    "frauentag": ("Internationaler Frauentag", lambda y: date(y, 3, 8)),
    "gruendonnerstag": ("Gründonnerstag", lambda y: easter_sunday(y) - timedelta(days=3)),
    "fronleichnam": ("Fronleichnam", lambda y: easter_sunday(y) + timedelta(days=60)),
    "augsburger_friedensfest": ("Augsburger Hohes Friedensfest", lambda y: date(y, 8, 8)),
    "mariae_himmelfahrt": ("Mariä Himmelfahrt", lambda y: date(y, 8, 15)),
    "weltkindertag": ("Weltkindertag", lambda y: date(y, 9, 20)),
    "reformationstag": ("Reformationstag", lambda y: date(y, 10, 31)),
    "allerheiligen": ("Allerheiligen", lambda y: date(y, 11, 1)),
    "buss_und_bettag": ("Buß- und Bettag", _buss_und_bettag),
    "heiligabend": ("Heiligabend", lambda y: date(y, 12, 24)),
    "silvester": ("Silvester", lambda y: date(y, 12, 31)),
}

_EXTRA_HOLIDAY_RE = re.compile(
    r"^(?:(?P<year>\d{4})-)?(?P<month>\d{2})-(?P<day>\d{2})(?:\s+(?P<name>\S.*))?$"
)


@dataclass(frozen=True)
class ExtraHoliday:
    """One entry of the rules' `extra_holidays`: a date ("2025-08-15"), a day of every year
    ("08-08"), either with a name after a space, or a name from `NAMED_HOLIDAYS`."""

    spec: str
    name: str
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, spec: str) -> ExtraHoliday:
        if not isinstance(spec, str):
            raise ValueError(f"An extra holiday is a string, got {spec!r}.")
        spec = spec.strip()
        if spec in NAMED_HOLIDAYS:
            return cls(spec=spec, name=NAMED_HOLIDAYS[spec][0])
        match = _EXTRA_HOLIDAY_RE.match(spec)
        if not match:
            raise ValueError(
                f"Extra holiday {spec!r} is neither a date (2025-08-15), a day of every year (08-08) "
                f"nor one of {', '.join(NAMED_HOLIDAYS)}."
            )
        year = int(match["year"]) if match["year"] else None
        month, day = int(match["month"]), int(match["day"])
        try:
            date(year or 2024, month, day)  # 2024: a leap year, so 02-29 is allowed
        except ValueError:
            raise ValueError(f"Extra holiday {spec!r} is not a valid date.") from None
        return cls(spec=spec, name=match["name"] or "", year=year, month=month, day=day)

    def on(self, year: int) -> date | None:
        if self.month is None:
            return NAMED_HOLIDAYS[self.spec][1](year)  # type: ignore[operator]
        if self.year is not None and self.year != year:
            return None
        try:
            return date(year, self.month, self.day)  # type: ignore[arg-type]
        except ValueError:  # 29 February in a common year
            return None


@lru_cache(maxsize=256)
def _state_holidays(state: str, year: int, language: str) -> Mapping[date, str]:
    # A plain dict, not the holidays object: that one grows when asked about other years, which
    # would make a shared cached value mutable. Worklists call this per row.
    check_state(state)
    return dict(holidays.Germany(subdiv=state, years=year, language=language))


def _language() -> str:
    return "en_US" if (get_language() or "").startswith("en") else "de"


# --- The calendar ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkCalendar:
    """A state's public holidays plus a council's own; whether Saturday is a Werktag."""

    state: str
    extra_holidays: tuple[str, ...] = ()
    saturday_is_werktag: bool = False

    def __post_init__(self) -> None:
        check_state(self.state)
        object.__setattr__(self, "extra_holidays", tuple(self.extra_holidays))
        for spec in self.extra_holidays:
            ExtraHoliday.parse(spec)  # fail loudly on a bad entry

    # Holidays

    def holidays(self, year: int) -> Mapping[date, str]:
        """The holidays of a year with their names in the active language."""
        return _holidays(self.state, self.extra_holidays, year, _language())

    def holiday_name(self, d: date) -> str | None:
        return self.holidays(d.year).get(d)

    def is_holiday(self, d: date) -> bool:
        return d in self.holidays(d.year)

    # Days

    def is_working_day(self, d: date) -> bool:
        """Monday to Friday and not a holiday (an Arbeitstag)."""
        return d.weekday() < 5 and not self.is_holiday(d)

    def is_werktag(self, d: date) -> bool:
        limit = 6 if self.saturday_is_werktag else 5
        return d.weekday() < limit and not self.is_holiday(d)

    def why_not_working_day(self, d: date) -> str:
        """ "public holiday: Fronleichnam" or the weekday's name."""
        from django.utils.dates import WEEKDAYS

        name = self.holiday_name(d)
        if name:
            return gettext("public holiday: %(name)s") % {"name": name}
        return str(WEEKDAYS[d.weekday()])

    def add_working_days(self, start: date, n: int, *, werktage: bool = False) -> date:
        """The `n`-th working day (Werktag) after `start`, before it if `n` is negative.

        Counting starts the day after (before) `start`, so the result is always a working day
        unless `n` is 0, which returns `start` unchanged.
        """
        counts = self.is_werktag if werktage else self.is_working_day
        step = timedelta(days=1 if n > 0 else -1)
        remaining, day = abs(n), start
        while remaining:
            day += step
            if counts(day):
                remaining -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after `a` up to and including `b`: the `n` with add_working_days(a, n) == b.

        Negative when `b` lies before `a` (working days from `b` up to but excluding `a`), so that
        `working_days_between(today, due_on)` reads as "working days left", below 0 when overdue.
        Cost grows with the years spanned, not the days.
        """
        if b >= a:
            return self._working_days_in(a + timedelta(days=1), b)
        return -self._working_days_in(b, a - timedelta(days=1))

    def _working_days_in(self, first: date, last: date) -> int:
        if last < first:
            return 0
        count = _weekdays_through(last) - _weekdays_through(first - timedelta(days=1))
        for year in range(first.year, last.year + 1):
            count -= sum(1 for h in self.holidays(year) if h.weekday() < 5 and first <= h <= last)
        return count

    def next_working_day(self, d: date) -> date:
        """`d` if it is a working day, else the next one (§ 193 BGB)."""
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def previous_working_day(self, d: date) -> date:
        """`d` if it is a working day, else the one before."""
        while not self.is_working_day(d):
            d -= timedelta(days=1)
        return d

    # Periods

    def period_end(self, start: date, period: Period, *, plain_days: Unit = Unit.CALENDAR_DAYS) -> date:
        """The last day of `period` counted from the event on `start` (§§ 187 (1), 188 BGB), before
        any move off a weekend or holiday. Plain days count as `plain_days` says."""
        unit = plain_days if period.unit is Unit.DAYS else period.unit
        n = period.count
        match unit:
            case Unit.CALENDAR_DAYS:
                return start + timedelta(days=n)
            case Unit.WEEKS:
                return start + timedelta(weeks=n)
            case Unit.MONTHS:
                return add_months(start, n)
            case Unit.WORKING_DAYS:
                return self.add_working_days(start, n)
            case Unit.WERKTAGE:
                return self.add_working_days(start, n, werktage=True)
        raise AssertionError(unit)

    def period_start_before(
        self, end: date, period: Period, *, plain_days: Unit = Unit.CALENDAR_DAYS
    ) -> date:
        """The day `period` before `end` (counted back from the day before `end`): the last day
        of receipt for a meeting on `end` when the rules ask for this much notice."""
        unit = plain_days if period.unit is Unit.DAYS else period.unit
        n = period.count
        match unit:
            case Unit.CALENDAR_DAYS:
                return end - timedelta(days=n)
            case Unit.WEEKS:
                return end - timedelta(weeks=n)
            case Unit.MONTHS:
                return add_months(end, -n)
            case Unit.WORKING_DAYS:
                return self.add_working_days(end, -n)
            case Unit.WERKTAGE:
                return self.add_working_days(end, -n, werktage=True)
        raise AssertionError(unit)


@lru_cache(maxsize=512)
def _holidays(state: str, extra: tuple[str, ...], year: int, language: str) -> Mapping[date, str]:
    days = dict(_state_holidays(state, year, language))
    for spec in extra:
        holiday = ExtraHoliday.parse(spec)
        on = holiday.on(year)
        if on is not None and on not in days:
            days[on] = holiday.name or gettext("local holiday")
    return days


def _weekdays_through(d: date) -> int:
    # Monday to Friday from 0001-01-01 (a Monday) through d.
    weeks, rest = divmod(d.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


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


# --- Shorthands by state (the state's public holidays only) -----------------------------------


@lru_cache(maxsize=32)
def state_calendar(state: str) -> WorkCalendar:
    return WorkCalendar(state)


def is_working_day(d: date, *, state: str) -> bool:
    """Monday to Friday and not a public holiday in `state` (e.g. "NW")."""
    return state_calendar(state).is_working_day(d)


def add_working_days(start: date, n: int, *, state: str) -> date:
    """The `n`-th working day after `start` in `state` (see `WorkCalendar.add_working_days`)."""
    return state_calendar(state).add_working_days(start, n)


def working_days_between(a: date, b: date, *, state: str) -> int:
    """Working days after `a` up to and including `b` in `state` (see `WorkCalendar`)."""
    return state_calendar(state).working_days_between(a, b)
