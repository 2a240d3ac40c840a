"""Dates as letters write them: the one table of month names (German and English, with their
abbreviations), the patterns of a written date, and reading one into an ISO date. Pure.

The deadline phrases (`phrases`) and the letter reader (`inquiries.letters`: the letter's own
date, dates in form fields) both read dates with these.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {
    "januar": 1,
    "jänner": 1,
    "january": 1,
    "jan": 1,
    "februar": 2,
    "february": 2,
    "feb": 2,
    "märz": 3,
    "maerz": 3,
    "march": 3,
    "mär": 3,
    "mrz": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "december": 12,
    "dez": 12,
    "dec": 12,
}
SHORT_MONTHS = frozenset("jan feb mär mrz mar apr jun jul aug sep sept okt oct nov dez dec".split())


def _alternatives(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# A month's name in any case; an abbreviation may carry its dot ("15. Dez."), a full name leaves a
# full stop after it to the sentence ("bis Ende März.").
MONTH = rf"(?i:(?:{_alternatives(set(MONTHS) - SHORT_MONTHS)})\b|(?:{_alternatives(SHORT_MONTHS)})\b\.?)"

# A date as written, with or without a year: "15.03.2027", "15.3.27", "15. März 2027", "15 March",
# "2027-03-15", "15/03/2027", and month first with its year as English writes it ("March 15, 2027")
# (no groups; for patterns that take the date as a whole).
DATE_TEXT = (
    rf"(?:\d{{1,2}}\.\s?\d{{1,2}}\.(?:\s?\d{{4}}|\s?\d{{2}}(?!\d))?"
    rf"|\d{{1,2}}(?:\.\s*|\s+){MONTH}(?:\s+\d{{4}})?"
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    r"|\d{1,2}/\d{1,2}/\d{4})"  # "29/04/2008", or "04/29/2008" from systems set to US English
)

_NUMERIC_DATE_RE = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?!\d)")
_TEXT_DATE_RE = re.compile(
    rf"(\d{{1,2}})(?:\.\s*|\s+)({_alternatives(MONTHS)})\b\.?,?\s+(\d{{4}})", re.IGNORECASE
)
_MONTH_FIRST_RE = re.compile(
    rf"\b({_alternatives(MONTHS)})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.IGNORECASE
)
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?!\d)")
# "12/01/2024": day first as in Europe, unless the first number cannot be a month's day count
# and the second can ("04/29/2008" from US-configured systems)
_SLASH_DATE_RE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")


def month_number(name: str) -> int:
    """1 to 12 for a month's name or abbreviation ("März", "Dez.", "October"); KeyError otherwise."""
    return MONTHS[name.lower().rstrip(".")]


def iso_date(text: str) -> str:
    """The first complete date in a short text as yyyy-mm-dd, or ""."""
    found = []
    for regex, order in (
        (_NUMERIC_DATE_RE, "dmy"),
        (_TEXT_DATE_RE, "dMy"),
        (_MONTH_FIRST_RE, "Mdy"),
        (_ISO_DATE_RE, "ymd"),
        (_SLASH_DATE_RE, "d/m/y"),
    ):
        match = regex.search(text)
        if match:
            found.append((match.start(), match, order))
    for _start, match, order in sorted(found, key=lambda item: item[0]):
        try:
            if order == "dmy":
                day, month, year = int(match[1]), int(match[2]), int(match[3])
            elif order == "dMy":
                day, month, year = int(match[1]), month_number(match[2]), int(match[3])
            elif order == "Mdy":
                month, day, year = month_number(match[1]), int(match[2]), int(match[3])
            elif order == "d/m/y":
                day, month, year = int(match[1]), int(match[2]), int(match[3])
                if month > 12 >= day:
                    day, month = month, day
            else:
                year, month, day = int(match[1]), int(match[2]), int(match[3])
            if year < 100:
                year += 2000
            return date(year, month, day).isoformat()
        except (ValueError, KeyError):
            continue
    return ""
