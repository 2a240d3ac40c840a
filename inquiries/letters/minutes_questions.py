"""A council's minutes that record a member's question and the answer in reported speech, as
ModernGov's agenda item pages show them:

    Q.   Councillor R. Allan Jones asked the following question:-
    “You reported … ?”
    A.     The Mayor of Doncaster, Ros Jones, gave the following response:-
    “Thank you for your question. …”

The first such question of the page is the entry: its asker, the quoted question and the quoted
response (without their quotation marks); the page's heading (after ModernGov's "Agenda item") is
the title.

An agenda item's "Minutes:" also record a question in the clerk's words (the item's own heading,
"Questions", and its procedure rules above them are no title):

    1.  Cllr A Example asked whether … . Cllr B Other, Portfolio Holder for …, agreed to respond …
    Cllr A Example noted that … She asked whether …  /  In response Cllr B Other, Chair of …, stated …
    Question 1- Subject – Submitted by Cllr Example  /  <question>  /  Response  /  <answer>
    Councillor Example to the Leader of the Council  /  <question>  /  Councillor Other – (Leader …).  /  <answer>

The asker's sentences are the question, the answerer's (from the one that names them answering,
or after the answerer's label or line) the answer.
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


_TITLE = r"(?P<title>Councillor|Cllr\.?)"
_NAME = r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}?)"
_MINUTES_RE = re.compile(r"^Minutes\s*:$")
# "Question 1- Support for Dairy Farmers – Submitted by Cllr Wilkinson"
_HEADED_RE = re.compile(
    rf"^Question\s+(?P<number>\d{{1,3}})\s*[-–—:.]\s*(?P<subject>.{{2,120}}?)\s+[-–—]\s+"
    rf"(?:Submitted|Asked)\s+by\s+{_TITLE}\s+{_NAME}$"
)
# "Councillor Crow to the Leader of the Council"
_TO_RE = re.compile(rf"^{_TITLE}\s+{_NAME}\s+to\s+the\s+[A-Z][^.?!]{{2,80}}$")
# "1.  Cllr A Moran asked whether …", "Cllr M Brooks noted that …"
_REPORTED_RE = re.compile(
    rf"^(?:(?P<number>\d{{1,3}})\.\s+)?{_TITLE}\s+{_NAME}\s+"
    r"(?:asked|noted|stated|said|referred|raised|enquired|queried|sought)\b"
)
# the answerer's line under the question: "Councillor Lamb – (Leader of the Council)."
_RESPONDER_RE = re.compile(r"^(?:Councillor|Cllr\.?)\s+[A-Z][\w.'’ -]{1,60}?\s*[-–—]\s*\(?[^()]{3,80}\)?\.?$")
_RESPONSE_LABEL_RE = re.compile(r"^(?:Response|Reply|Answer)\s*:?-?$")
# the sentence in which the answerer answers: "In response Cllr D Jefferay, Chair of …, stated …",
# "Cllr B Roberts, Portfolio Holder for …, agreed to respond …"
_ANSWERING_RE = re.compile(
    r"(?:^|(?<=[.?!])\s+)(?=(?:In\s+(?:response|reply),?\s+)?(?:The\s+[A-Z][^,.]{2,60},\s+)?"
    r"(?:Councillor|Cllr\.?)\s+(?P<name>[A-Z][\w.'’ -]{1,40}?)(?:,[^.]{2,120}?,)?\s+"
    r"(?:responded|replied|stated|agreed|said|confirmed|explained|answered|advised|undertook)\b)"
)


def minuted_entry(lines: list[str]) -> Entry | None:
    """The first question in an agenda item's minutes in the clerk's words, or None."""
    start = next((i + 1 for i, line in enumerate(lines[:400]) if line and _MINUTES_RE.match(line)), None)
    if start is None:
        return None
    heads = [
        (i, regex.match(lines[i])) for i in range(start, min(len(lines), start + 12)) for regex in _HEADS
    ]
    found = next(((i, match) for i, match in heads if match), None)
    if found is None:
        return None
    head, match = found
    asker = Person(match["name"].strip(), match["title"])
    body = (
        lines[head + 1 :]
        if match.re is not _REPORTED_RE
        else [lines[head][match.start("title") :], *lines[head + 1 :]]
    )
    body = _until_next(body, match.re)
    if match.re is _REPORTED_RE:
        question, answer = _reported(body, asker)
    else:
        ends = _RESPONSE_LABEL_RE if match.re is _HEADED_RE else _RESPONDER_RE
        cut = next((i for i, line in enumerate(body) if line and ends.match(line)), None)
        if cut is None:
            return None
        question, answer = body[:cut], body[cut + 1 :]
    return Entry(
        title=match["subject"].strip() if match.re is _HEADED_RE else "",
        number=match["number"] if "number" in match.groupdict() else None,
        asker=asker,
        question=question,
        answer=answer if any(answer) else None,
    )


_HEADS = (_HEADED_RE, _TO_RE, _REPORTED_RE)


def _until_next(body: list[str], head) -> list[str]:
    """The entry's lines, up to the next entry of the same form."""
    end = next((i for i, line in enumerate(body) if i and line and head.match(line)), len(body))
    return body[:end]


def _reported(body: list[str], asker: Person) -> tuple[list[str], list[str]]:
    """The asker's sentences, and the answerer's from the sentence that names them answering."""
    surname = asker.name.split()[-1]
    for i, line in enumerate(body):
        for answering in _ANSWERING_RE.finditer(line) if line else ():
            if answering["name"].split()[-1] == surname:
                continue  # the asker speaking again
            before, after = line[: answering.start()].strip(), line[answering.end() :].strip()
            return [*body[:i], before], [after, *body[i + 1 :]]
    return body, []
