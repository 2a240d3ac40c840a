"""A council's minutes that record a member's question and the answer in reported speech, as
ModernGov's agenda item pages show them:

    Q.   Councillor R. Allan Jones asked the following question:-
    “You reported … ?”
    A.     The Mayor of Doncaster, Ros Jones, gave the following response:-
    “Thank you for your question. …”

The first such question of the page is the entry: its asker, the quoted question and the quoted
response (without their quotation marks); the page's heading (after ModernGov's "Agenda item") is
the title.
"""

from __future__ import annotations

import re

from .base import Person
from .question_parts import Entry

_ASKED_RE = re.compile(
    r"^(?:Q\.?\s+)?(?P<title>Councillor|Cllr\.?|Alderman)\s+(?P<name>[A-Z][\w.'’ -]{1,60}?)\s+"
    r"asked\s+the\s+following\s+(?:supplementary\s+)?question\s*:?-?$"
)
_ANSWERED_RE = re.compile(
    r"^(?:A\.?\s+)?[A-Z][^:]{2,160}?\s+gave\s+the\s+following\s+(?:response|reply|answer)\s*:?-?$"
)
_QUOTES = "\"“”„'‘’"


def minutes_entry(lines: list[str]) -> Entry | None:
    """The first question recorded in the minutes with its response, or None."""
    asked = next((i for i, line in enumerate(lines[:400]) if line and _ASKED_RE.match(line)), None)
    if asked is None:
        return None
    answered = next(
        (i for i in range(asked + 1, min(len(lines), asked + 80)) if _ANSWERED_RE.match(lines[i])), None
    )
    if answered is None:
        return None
    end = next((i for i in range(answered + 1, len(lines)) if _ASKED_RE.match(lines[i])), len(lines))
    match = _ASKED_RE.match(lines[asked])
    heading = [line for line in lines[:asked] if line][:2]
    if heading and heading[0].lower() == "agenda item":
        heading = heading[1:]
    return Entry(
        title=heading[0] if heading else "",
        asker=Person(match["name"].strip(), match["title"]),
        question=_unquoted(lines[asked + 1 : answered]),
        answer=_unquoted(lines[answered + 1 : end]),
    )


def _unquoted(lines: list[str]) -> list[str]:
    """The lines with the quotation marks around the whole text taken off."""
    filled = [i for i, line in enumerate(lines) if line]
    if not filled:
        return lines
    first, last = filled[0], filled[-1]
    if lines[first][0] in _QUOTES and lines[last][-1] in _QUOTES:
        lines = list(lines)
        lines[first] = lines[first][1:].lstrip()
        lines[last] = lines[last][:-1].rstrip()
    return lines
