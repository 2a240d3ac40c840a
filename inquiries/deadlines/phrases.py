"""The one grammar of deadline phrases: what a letter asks for, in its own words.

Two ways in, one grammar:

- `find_deadline_phrases(text)` / `find_deadline_phrase(text)`: where in a text a deadline
  phrase stands, as written (`PhraseMatch`: the phrase, its span, its kind). The letter parser
  calls this to pick the letter's deadline out of a sentence.
- `parse_deadline_phrase(text, received_on=...)`: what the phrase asks for
  (`DeadlineRequest`), with dates without a year resolved against the day of receipt. The
  deadline engine computes the date from that.

Phrases read (case does not matter, line breaks do not matter):

- the next meeting: "bis zur nächsten Sitzung", "zur nächsten Sitzung des Haupt- und
  Finanzausschusses", "in der kommenden Ratssitzung", "bis zur nächstmöglichen Sitzung",
  "in der übernächsten Sitzung"; before it: "vor der nächsten Sitzung", "spätestens eine Woche
  vor der nächsten Sitzung"
- a named meeting: "zur Sitzung des Rates am 30.09.2026", "bis zur nächsten Sitzung des
  Bauausschusses am 12. März 2027"
- a period: "innerhalb von vier Wochen", "binnen 14 Tagen", "binnen zehn Werktagen", "innerhalb
  von 10 Arbeitstagen", "innerhalb eines Monats", "binnen Monatsfrist", "innerhalb einer Frist
  von sechs Wochen", "in den nächsten zwei Wochen", "spätestens vier Wochen nach Eingang",
  "innerhalb eines halben Jahres"
- a date, after "bis" or "spätestens": "bis zum 15. März", "bis 15.03.2027", "spätestens am
  1. Juni 2027", "bis Freitag, den 12.02.2027", "bis Ende März", "bis Mitte April", "bis
  Monatsende", "bis zum Jahresende", "bis kommenden Freitag"
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from inquiries.deadlines.calendar import WEEKDAY_NAMES, Period, Unit, add_months
from inquiries.deadlines.dates import MONTH as _MONTH
from inquiries.deadlines.dates import month_number

__all__ = [
    "DeadlineKind",
    "DeadlineRequest",
    "PhraseMatch",
    "find_deadline_phrase",
    "find_deadline_phrases",
    "parse_deadline_phrase",
]


class DeadlineKind(StrEnum):
    DATE = "date"
    NEXT_MEETING = "next_meeting"
    PERIOD = "period"
    NONE = "none"


@dataclass(frozen=True)
class DeadlineRequest:
    """What the letter asks for.

    - date: `on`.
    - next_meeting: the next meeting of the addressed committee that the rules' submission
      period allows (`meeting_offset` 1: the one after it, "übernächste"); `on` when the letter
      names the meeting's date; `before_meeting` when the answer is asked for that long before
      the meeting ("vor der nächsten Sitzung": one working day).
    - period: `period` from receipt.
    - none: nothing recognised; the rules' default applies.

    `text` is the phrase that was recognised, or the whole input when nothing was.
    """

    kind: DeadlineKind | str
    on: date | None = None
    period: Period | None = None
    text: str = ""
    meeting_offset: int = 0
    before_meeting: Period | None = None

    def __post_init__(self) -> None:
        kind = DeadlineKind(self.kind)  # a ValueError for anything else
        object.__setattr__(self, "kind", kind)
        if kind is DeadlineKind.DATE and self.on is None:
            raise ValueError("A date request needs `on`.")
        if kind is DeadlineKind.PERIOD:
            if self.period is None:
                raise ValueError("A period request needs `period`.")
            if self.period.count < 1:
                raise ValueError("A period must be at least one day, week or month.")


@dataclass(frozen=True)
class PhraseMatch:
    """A deadline phrase found in a text: as written (`text[start:end]`), and its kind."""

    text: str
    start: int
    end: int
    kind: DeadlineKind


# --- Vocabulary ----------------------------------------------------------------------------------

_ONES = {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}
_TENS = {"zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60}
NUMBER_WORDS: dict[str, int] = {
    "eins": 1,
    "eine": 1,
    "einem": 1,
    "einen": 1,
    "einer": 1,
    "eines": 1,
    "zweier": 2,
    "dreier": 3,
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
    **_ONES,
    **_TENS,
    **{f"{one}und{ten}": n + t for one, n in _ONES.items() for ten, t in _TENS.items()},
}
_NUMBER = r"\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

_WEEKDAYS_DE = {
    "montag": 0,
    "dienstag": 1,
    "mittwoch": 2,
    "donnerstag": 3,
    "freitag": 4,
    "samstag": 5,
    "sonnabend": 5,
    "sonntag": 6,
}
_WEEKDAY = "|".join(_WEEKDAYS_DE)

# A date as written: "15.03.2027", "15.3.27", "15.3.", "15. März 2027", "15 März", "2027-03-15".
_DATE = (
    r"(?:(?P<d1>\d{1,2})\.\s?(?P<m1>\d{1,2})\.(?:\s?(?P<y1>\d{4}|\d{2})(?!\d))?"
    rf"|(?P<d2>\d{{1,2}})\.?\s*(?P<m2>{_MONTH})(?:\s+(?P<y2>\d{{4}}))?"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})\b)"
)
_UNIT = (
    r"(?P<unit>kalendertag(?:en|e)?|arbeitstag(?:en|e)?|werktag(?:en|e)?|tag(?:en|es|e)?"
    r"|wochen|woche|monat(?:en|s|e)?|jahr(?:en|es|e)?)\b"
)
_AFTER_RECEIPT = (
    r"(?:\s+(?:nach|ab)\s+(?:dem\s+)?(?:eingang|zugang|erhalt|zustellung)"
    r"(?:\s+(?:der|dieser|unserer|meiner)\s+anfrage)?)?"
)
# A meeting: "Sitzung", "Ratssitzung", "Ausschusssitzung", "Sitzungsrunde", "Plenarsitzung".
_MEETING = r"(?:[\w-]*sitzung(?:srunde|sfolge)?)\b"
_NEXT = (
    r"(?P<next>nächsten|nächster|nächste|naechsten|nächstmöglichen|nächst\s+möglichen|kommenden|kommende"
    r"|folgenden|anstehenden|übernächsten|übernächste)"
)
# "des Rates", "des Haupt- und Finanzausschusses", "des Ausschusses für Verkehr und Mobilität",
# "im Rat": names are capitalised, whatever the case of the words around them.
_COMMITTEE = (
    r"(?:\s+(?:des|der|im)\s+(?-i:[A-ZÄÖÜ])[\w-]*"
    r"(?:(?:,?\s+(?:für|und)|,)\s+(?-i:[A-ZÄÖÜ])[\w-]*){0,3})?"
)
_ON_DATE = rf"(?:\s+am\s+(?:(?:{_WEEKDAY}),?\s+(?:den\s+)?)?{_DATE})"
# "eine Woche vor der nächsten Sitzung", "spätestens drei Arbeitstage vor der Sitzung am …"
_LEAD = (
    r"\b(?:bis\s+)?(?:spätestens\s+)?"
    rf"(?:(?P<bnum>{_NUMBER})\s*(?P<bunit>kalendertag(?:en|e)?|arbeitstag(?:en|e)?|werktag(?:en|e)?|tag(?:en|e)?"
    r"|wochen?)\s+(?=vor\s))?"
)
_VOR = r"(?P<vor>(?:rechtzeitig\s+|kurz\s+)?vor\s+der)"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_NEXT_MEETING_RE = _compile(
    _LEAD + rf"(?:zur|zu\s+der|in\s+der|in|für\s+die|auf\s+der|{_VOR})\s+"
    rf"{_NEXT}\s+(?:(?:öffentlichen|ordentlichen|regulären)\s+)?{_MEETING}{_COMMITTEE}{_ON_DATE}?"
)
_NAMED_MEETING_RE = _compile(
    _LEAD + rf"(?:zur|zu\s+der|in\s+der|für\s+die|auf\s+der|{_VOR})\s+"
    rf"(?:(?:öffentlichen|ordentlichen)\s+)?{_MEETING}{_COMMITTEE}{_ON_DATE}"
)
# "bis zur Ratssitzung", "zur Sitzung des Rates": the next one.
_THE_MEETING_RE = _compile(
    _LEAD + rf"(?:zur|zu\s+der|{_VOR})\s+(?:(?:öffentlichen|ordentlichen)\s+)?{_MEETING}{_COMMITTEE}"
)
_PERIOD_RE = _compile(
    r"\b(?:(?:spätestens|längstens)\s+)?"
    r"(?:(?:innerhalb|binnen)(?:\s+(?:von|der\s+nächsten|den\s+nächsten|der\s+kommenden|den\s+kommenden"
    r"|(?:einer|der)\s+frist\s+von))?"
    r"|in\s+(?:den|der)\s+(?:nächsten|kommenden)"
    r"|(?:mit\s+)?(?:einer\s+)?frist\s+von|frist:)\s+"
    rf"(?P<number>{_NUMBER})\s*{_UNIT}{_AFTER_RECEIPT}"
)
_PERIOD_AFTER_RECEIPT_RE = _compile(
    rf"\b(?:spätestens\s+|längstens\s+)(?P<number>{_NUMBER})\s*{_UNIT}\s+nach\s+(?:dem\s+)?"
    r"(?:eingang|zugang|erhalt|zustellung)(?:\s+(?:der|dieser|unserer|meiner)\s+anfrage)?"
)
_HALF_YEAR_RE = _compile(r"\b(?:innerhalb|binnen)\s+(?:von\s+)?(?:eines|einem)\s+halben\s+jahr(?:es|e)?\b")
_FRIST_WORD_RE = _compile(
    r"\b(?:innerhalb|binnen)\s+(?:der\s+|einer\s+)?"
    rf"(?:(?P<number>{_NUMBER})[\s-]*(?P<unit>wochen|monats?)[\s-]*frist|(?P<single>monatsfrist|wochenfrist))\b"
)
# A date counts as a deadline only after "bis", "spätestens" or "Frist:": letters are full of
# other dates ("Ihr Schreiben vom 3.2.2027", "Stand zum 31.12.2022").
_DATE_LEAD = (
    r"\b(?:bis\s+(?:spätestens\s+|einschließlich\s+|längstens\s+)?|spätestens\s+(?:bis\s+)?|frist:\s*"
    # "um Beantwortung zum 30.09.2026": "zum" after the word for the answer
    r"|(?:(?<=beantwortung\s)|(?<=antwort\s)|(?<=stellungnahme\s)|(?<=rückmeldung\s))(?=zum\s))"
    rf"(?:(?:zum|am|den)\s+)?(?:(?:{_WEEKDAY}),?\s+(?:(?:den|dem)\s+)?)?"
)
_DATE_RE = _compile(_DATE_LEAD + _DATE)
_PART_OF_MONTH_RE = _compile(
    r"\bbis\s+(?:spätestens\s+)?(?:zum\s+|zur\s+)?(?P<part>ende|mitte|anfang)\s+(?:des\s+monats\s+)?"
    rf"(?P<month>{_MONTH})(?:\s+(?P<year>\d{{4}}))?"
)
_END_OF_RE = _compile(
    r"\bbis\s+(?:spätestens\s+)?(?:zum\s+)?"
    r"(?:(?P<month_end>monatsende|ende\s+(?:des|dieses)\s+monats)"
    r"|(?P<year_end>jahresende|ende\s+(?:des|dieses)\s+jahres)"
    r"|ende\s+(?P<year>\d{4}))\b"
)
_WEEKDAY_RE = _compile(
    rf"\bbis\s+(?:spätestens\s+)?(?:zum\s+|am\s+)?(?:kommenden\s+|nächsten\s+)?(?P<weekday>{_WEEKDAY})\b"
    r"(?!,?\s+(?:den\s+|dem\s+)?\d)"
)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _unit(word: str) -> Unit:
    word = word.lower()
    if word.startswith("kalendertag"):
        return Unit.CALENDAR_DAYS
    if word.startswith("arbeitstag"):
        return Unit.WORKING_DAYS
    if word.startswith("werktag"):
        return Unit.WERKTAGE
    if word.startswith("tag"):
        return Unit.DAYS  # plain days: the rules say whether they are calendar or working days
    if word.startswith("woche"):
        return Unit.WEEKS
    return Unit.MONTHS


def _period(number: str, unit: str) -> Period | None:
    count = _number(number)
    if not count:
        return None
    if unit.lower().startswith("jahr"):
        return Period(12 * count, Unit.MONTHS)
    return Period(count, _unit(unit))


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


def _date_of(m: re.Match[str], *, received_on: date) -> date | None:
    for i in "123":
        if m[f"d{i}"]:
            month = m[f"m{i}"]
            return _resolve_date(
                int(m[f"d{i}"]),
                int(month) if month.isdigit() else month_number(month),
                int(m[f"y{i}"]) if m[f"y{i}"] else None,
                received_on=received_on,
            )
    return None


def _month_of_year(month: int, year: int | None, *, received_on: date) -> tuple[int, int]:
    if year is None:
        year = received_on.year if month >= received_on.month else received_on.year + 1
    return year, month


def _last_day(year: int, month: int) -> date:
    return add_months(date(year, month, 1), 1) - timedelta(days=1)


# --- Rules: a pattern and how to read a match -------------------------------------------------

_Reader = Callable[[re.Match[str], date], "DeadlineRequest | None"]


def _meeting_request(m: re.Match[str], received_on: date) -> DeadlineRequest | None:
    groups = m.groupdict()
    on = None
    if groups.get("d1") or groups.get("d2") or groups.get("d3"):
        on = _date_of(m, received_on=received_on)
        if on is None:
            return None
    before = None
    if m["bnum"]:
        before = _period(m["bnum"], m["bunit"])
        if before is None:
            return None
    elif m["vor"]:
        before = Period(1, Unit.WORKING_DAYS)  # "vor der Sitzung": by the working day before it
    offset = 1 if (groups.get("next") or "").lower().startswith("über") else 0
    return DeadlineRequest(
        DeadlineKind.NEXT_MEETING, on=on, text=m.group(), meeting_offset=offset, before_meeting=before
    )


def _period_request(m: re.Match[str], received_on: date) -> DeadlineRequest | None:
    period = _period(m["number"], m["unit"])
    return DeadlineRequest(DeadlineKind.PERIOD, period=period, text=m.group()) if period else None


def _half_year_request(m: re.Match[str], received_on: date) -> DeadlineRequest:
    return DeadlineRequest(DeadlineKind.PERIOD, period=Period(6, Unit.MONTHS), text=m.group())


def _frist_word_request(m: re.Match[str], received_on: date) -> DeadlineRequest | None:
    if m["single"]:
        unit = Unit.MONTHS if m["single"].lower().startswith("monat") else Unit.WEEKS
        return DeadlineRequest(DeadlineKind.PERIOD, period=Period(1, unit), text=m.group())
    count = _number(m["number"])
    unit = Unit.MONTHS if m["unit"].lower().startswith("monat") else Unit.WEEKS
    return DeadlineRequest(DeadlineKind.PERIOD, period=Period(count, unit), text=m.group()) if count else None


def _date_request(m: re.Match[str], received_on: date) -> DeadlineRequest | None:
    on = _date_of(m, received_on=received_on)
    return DeadlineRequest(DeadlineKind.DATE, on=on, text=m.group()) if on else None


def _part_of_month_request(m: re.Match[str], received_on: date) -> DeadlineRequest:
    year, month = _month_of_year(
        month_number(m["month"]), int(m["year"]) if m["year"] else None, received_on=received_on
    )
    part = m["part"].lower()
    on = _last_day(year, month) if part == "ende" else date(year, month, 15 if part == "mitte" else 1)
    return DeadlineRequest(DeadlineKind.DATE, on=on, text=m.group())


def _end_of_request(m: re.Match[str], received_on: date) -> DeadlineRequest:
    if m["month_end"]:
        on = _last_day(received_on.year, received_on.month)
    else:
        on = date(int(m["year"]) if m["year"] else received_on.year, 12, 31)
    return DeadlineRequest(DeadlineKind.DATE, on=on, text=m.group())


def _weekday_request(m: re.Match[str], received_on: date) -> DeadlineRequest:
    weekday = _WEEKDAYS_DE[m["weekday"].lower()]
    on = received_on + timedelta(days=(weekday - received_on.weekday() - 1) % 7 + 1)
    return DeadlineRequest(DeadlineKind.DATE, on=on, text=m.group())


_RULES: tuple[tuple[re.Pattern[str], DeadlineKind, _Reader], ...] = (
    (_NEXT_MEETING_RE, DeadlineKind.NEXT_MEETING, _meeting_request),
    (_NAMED_MEETING_RE, DeadlineKind.NEXT_MEETING, _meeting_request),
    (_THE_MEETING_RE, DeadlineKind.NEXT_MEETING, _meeting_request),
    (_PERIOD_RE, DeadlineKind.PERIOD, _period_request),
    (_PERIOD_AFTER_RECEIPT_RE, DeadlineKind.PERIOD, _period_request),
    (_HALF_YEAR_RE, DeadlineKind.PERIOD, _half_year_request),
    (_FRIST_WORD_RE, DeadlineKind.PERIOD, _frist_word_request),
    (_DATE_RE, DeadlineKind.DATE, _date_request),
    (_PART_OF_MONTH_RE, DeadlineKind.DATE, _part_of_month_request),
    (_END_OF_RE, DeadlineKind.DATE, _end_of_request),
    (_WEEKDAY_RE, DeadlineKind.DATE, _weekday_request),
)

# Only whether a phrase is well-formed depends on this date ("31.02." never is); where a
# phrase's date lies is resolved against the real day of receipt in `parse_deadline_phrase`.
_ANY_DAY = date(2000, 1, 1)


def _scan(text: str, pos: int, endpos: int, received_on: date) -> list[tuple[PhraseMatch, DeadlineRequest]]:
    """Every phrase in text[pos:endpos] that reads as a request: leftmost first, the longest
    where two overlap ("bis zur nächsten Sitzung am 12.03.2027" is one phrase, not two)."""
    found: list[tuple[int, int, DeadlineKind, re.Match[str], _Reader]] = []
    for pattern, kind, reader in _RULES:
        for m in pattern.finditer(text, pos, endpos):
            found.append((m.start(), m.end(), kind, m, reader))
    found.sort(key=lambda item: (item[0], -item[1]))
    result: list[tuple[PhraseMatch, DeadlineRequest]] = []
    taken_until = pos
    for start, end, kind, m, reader in found:
        if start < taken_until:
            continue
        request = reader(m, received_on)
        if request is None:
            continue
        result.append((PhraseMatch(text=m.group(), start=start, end=end, kind=kind), request))
        taken_until = end
    return result


def find_deadline_phrases(text: str, pos: int = 0, endpos: int | None = None) -> list[PhraseMatch]:
    """Every deadline phrase in `text[pos:endpos]`, in order, as written, with its span in `text`.

    Phrases do not overlap; where two readings overlap the longer one wins. Ill-formed dates
    ("bis zum 31.02.2027") are not phrases.
    """
    endpos = len(text) if endpos is None else endpos
    return [match for match, _request in _scan(text, pos, endpos, _ANY_DAY)]


def find_deadline_phrase(text: str, pos: int = 0, endpos: int | None = None) -> PhraseMatch | None:
    """The first deadline phrase in `text[pos:endpos]`, or None (see `find_deadline_phrases`)."""
    found = find_deadline_phrases(text, pos, endpos)
    return found[0] if found else None


def parse_deadline_phrase(text: str, *, received_on: date) -> DeadlineRequest:
    """Recognise the deadline a letter asks for, e.g. "bis zur nächsten Sitzung".

    The phrase may sit anywhere in `text`. With several, the first one wins, except that a date
    before receipt (more likely part of a question) gives way to any later phrase. A date without
    a year is the next such date on or after receipt. Nothing recognised gives kind "none" with
    the text kept, so the council office can read it.
    """
    normalized = re.sub(r"\s+", " ", text).strip()
    requests = [request for _match, request in _scan(normalized, 0, len(normalized), received_on)]
    if not requests:
        return _bare(normalized, received_on) or DeadlineRequest(DeadlineKind.NONE, text=normalized)
    for request in requests:
        if not (request.kind is DeadlineKind.DATE and request.on < received_on):  # type: ignore[operator]
            return request
    return requests[0]


# A requested deadline typed into a form field on its own, without the lead-in a letter's sentence
# has ("30.09.2026", "4 Wochen", "nächste Sitzung", "Ratssitzung am 30.09.2026"). Only the whole
# field: inside a letter such words are no request.
_BARE_DATE_RE = _compile(rf"(?:(?:zum|am|bis|den)\s+)?(?:(?:{_WEEKDAY}),?\s+(?:den\s+)?)?{_DATE}\.?")
_BARE_PERIOD_RE = _compile(
    rf"(?:(?:ca\.|etwa|maximal|max\.)\s+)?(?P<number>{_NUMBER})\s*{_UNIT}"
    r"(?:\s+(?:nach|ab)\s+(?:dem\s+)?(?:eingang|zugang|erhalt))?\.?"
)
_BARE_MEETING_RE = _compile(
    rf"(?P<bnum>)(?P<bunit>)(?P<vor>)(?:(?:die|der)\s+)?(?:{_NEXT}\s+)?{_MEETING}{_COMMITTEE}{_ON_DATE}?\.?"
)


def _bare(text: str, received_on: date) -> DeadlineRequest | None:
    if m := _BARE_DATE_RE.fullmatch(text):
        return _date_request(m, received_on)
    if m := _BARE_PERIOD_RE.fullmatch(text):
        return _period_request(m, received_on)
    if m := _BARE_MEETING_RE.fullmatch(text):
        return _meeting_request(m, received_on)
    return None


WEEKDAY_NUMBERS = {name: number for number, name in enumerate(WEEKDAY_NAMES)}
