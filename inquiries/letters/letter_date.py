"""The letter's own date and its reference number in its head: a date field ("Datum: …", "vom …"),
a place and date ("Bornheim, 12.03.2027"), the e-mail's date, the date in the line of the kind;
never the date of a meeting in a form's head."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from inquiries.deadlines.dates import DATE_TEXT, iso_date

from .fields import DATE_FIELD_RE, DATE_LINE_RE, KIND_RE, SHORT, WEEKDAY
from .text import squash

if TYPE_CHECKING:
    from .header import Header

_REFERENCE_RE = re.compile(
    r"\b(?:Drucksachen?(?:-Nr\.?|nummer)?|Drs\.|DS|Vorlagen?-?(?:Nr\.?|nummer)|Anfrage\s+Nr\.|Nummer|Reference|WQ)"
    r"\s*[:.\-–]?\s*(?P<ref>(?:[A-Z]{1,4}\s?[/-]?\s?)?\d{1,5}(?:[/.-]\d{1,5}){0,3}(?:/[A-Z]{1,4})?)\b",
)
_MEETING_DATE_LABEL_RE = re.compile(
    r"^(?:Termin|Sitzung(?:stermin)?|Sitzungsdatum|Gremium|TOP|Beratungsfolge)\s*:?$", re.IGNORECASE
)


_PAGE_DATE_RE = re.compile(rf"^{WEEKDAY}{DATE_TEXT}$")


def page_date_line(lines, end) -> int | None:
    """The first line when it is a date alone, as a blog post opens ("Sunday, January 13, 2013")."""
    first = next((i for i in range(end) if lines[i]), None)
    if (
        first is not None
        and len(lines[first]) <= 60
        and _PAGE_DATE_RE.match(lines[first])
        and iso_date(lines[first])
    ):
        return first
    return None


def read_date(lines, end, header: Header) -> None:
    after_meeting_label = False
    for i in range(end):
        line = lines[i]
        if not line or len(line) > SHORT:
            continue
        match = re.match(
            # "Antrag vom: 21.3.2017", "Anfrage am 11.05.2020": a faction's page dates what it filed
            rf"^(?:(?:Antrag|Anfrage)\s+(?:vom|am)|vom|Datum|Date|Stand)\s*:?\s*(?:den\s+)?(?P<date>{DATE_TEXT})\s*$",
            line,
            re.IGNORECASE,
        )
        if match and iso_date(match["date"]):
            header.date = iso_date(match["date"])
            return
        if re.fullmatch(r"(?:Datum|Date)\s*:?\s*\|?", line, re.IGNORECASE):
            # a flattened form: the labels first ("Datum", "Nummer", "öffentlich"), then their
            # values; the first date before the meeting's labels is the letter's
            for j in range(i + 1, min(end, i + 12)):
                value = lines[j].strip(" |")
                if _MEETING_DATE_LABEL_RE.match(value):
                    break
                if re.fullmatch(DATE_TEXT, value) and iso_date(value):
                    header.date = iso_date(value)
                    return
    for i in range(end):
        line = lines[i]
        if not line or len(line) > SHORT:
            continue
        if _MEETING_DATE_LABEL_RE.match(line):
            after_meeting_label = True
        match = DATE_LINE_RE.match(line) or DATE_FIELD_RE.search(line)
        if match and "," in line and iso_date(match["date"]):
            header.date = iso_date(match["date"])  # "Bornheim, 12.03.2027"
            return
    if header.email.get("date"):
        found = iso_date(header.email["date"])
        if found:
            header.date = found
            return
    for i in range(end):
        line = lines[i]
        # "Kleine Anfrage … vom 21.04.15", "Fragen an den Stadtrat zum … vom 11.11.2013"
        if (
            line
            and len(line) <= SHORT
            and (KIND_RE.search(line) or re.match(r"^Fragen?\s+(?:an|zu[mr]?)\s", line))
        ):
            # not a meeting's, nor the answer letter's ("… die Kleine Anfrage mit Schreiben vom …")
            match = re.search(rf"(?<![Ss]itzung\s)(?<!Schreiben\s)\bvom\s+(?P<date>{DATE_TEXT})", line)
            if match and iso_date(match["date"]):
                header.date = iso_date(match["date"])
                return
    if not after_meeting_label:
        for i in range(end):
            line = lines[i]
            if line and len(line) <= 80 and DATE_LINE_RE.match(line) and iso_date(line):
                header.date = iso_date(line)
                return


def read_reference(lines, end, header: Header) -> None:
    for i in range(min(end, 80)):
        line = lines[i]
        if not line or len(line) > SHORT:
            continue
        match = _REFERENCE_RE.search(line)
        if match:
            header.reference = squash(match["ref"])
            return


def closing_date(lines: list[str]) -> str:
    """ "Berlin, den 11.05.2009" among the last lines of a letter without a closing formula."""
    for line in reversed([line for line in lines if line][-12:]):
        match = DATE_LINE_RE.match(line)
        if match and "," in line:
            return iso_date(match["date"])
    return ""
