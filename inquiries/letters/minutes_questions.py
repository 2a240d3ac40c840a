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

    Question 1 – Cllr Example stated that … He asked if …  /  Cllr Other replied that …
    Question 1 – Mr. Example:  My Lord Mayor.  <question>  /  Lord Mayor:  Councillor Other.  /
        Councillor Other:  <answer>
    A question was received from Councillor Example who asked if …?  /  The Leader indicated …
    QUESTION - COUNTY COUNCILLOR EXAMPLE  /  <question>  /  REPLY - COUNTY COUNCILLOR OTHER  /  <answer>

The asker's sentences are the question, the answerer's (from the one that names them answering,
after the answerer's label or line, or the paragraph after a question that ends with its question
mark) the answer. The last two forms need no "Minutes:" (or "Decisions:") label above them.
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
_MINUTES_RE = re.compile(r"^(?:Minutes|Decisions)\s*:$")
# a member of the public or a councillor; a courtesy title is not kept with the name
_COURTESY = r"(?:Mr|Mrs|Ms|Miss|Mx)\.?"
# "Question 1- Support for Dairy Farmers – Submitted by Cllr Wilkinson"
_HEADED_RE = re.compile(
    rf"^Question\s+(?P<number>\d{{1,3}})\s*[-–—:.]\s*(?P<subject>.{{2,120}}?)\s+[-–—]\s+"
    rf"(?:Submitted|Asked)\s+by\s+{_TITLE}\s+{_NAME}$"
)
# "Councillor Crow to the Leader of the Council"
# "Q1 Councillor Smith to the Executive Member (Economy, Culture and Education):-"
_TO_RE = re.compile(rf"^(?:Q(?P<number>\d{{1,3}})\s+)?{_TITLE}\s+{_NAME}\s+to\s+the\s+[A-Z][^.?!]{{2,80}}$")
# "The Executive Member (…) replied.": the minutes note that an answer was given, not what it was
_REPLIED_NOTE_RE = re.compile(r"^The\s+[A-Z][^.?!]{2,100}?\s+(?:replied|responded|answered)\.$")
# "1.  Cllr A Moran asked whether …", "Cllr M Brooks noted that …"
_REPORTED_RE = re.compile(
    rf"^(?:(?P<number>\d{{1,3}})\.\s+|Question\s+(?P<qnumber>\d{{1,3}})\s*[-–—]\s*"
    rf"|A\s+question\s+was\s+received\s+from\s+)?{_TITLE}\s+{_NAME}\s+"
    r"(?:who\s+)?(?:asked|noted|stated|said|referred|raised|enquired|queried|sought)\b"
)
# "Question 1 – Mr. Jones:  My Lord Mayor.  Noting …, what …?" (direct speech, the answerer's
# label "Councillor Clayton:" before the answer; the chair calling the answerer is no answer)
_SPOKEN_RE = re.compile(
    rf"^Question\s+(?P<number>\d{{1,3}})\s*[-–—:]\s*(?:(?P<title>Councillor|Cllr\.?)\s+|{_COURTESY}\s+)?"
    rf"{_NAME}\s*:\s+(?P<text>\S.*)$"
)
_SPEAKER_LABEL_RE = re.compile(r"^(?:Councillor|Cllr\.?)\s+[A-Z][\w.'’ -]{1,40}?\s*:\s+(?=\S)")
_ADDRESS_RE = re.compile(
    r"^(?:(?:My\s+)?Lord\s+Mayor|Madam\s+(?:Lord\s+)?Mayor|(?:Mr|Madam)\s+Chair(?:man)?)[.,!]\s+"
)
# "QUESTION - COUNTY COUNCILLOR ROBSON"  /  …  /  "REPLY  - COUNTY COUNCILLOR HUW THOMAS"
_LABELLED_RE = re.compile(
    r"^QUESTION\s*[-–—:]\s*(?P<title>(?:COUNTY\s+)?COUNCILLOR|CLLR\.?)\s+(?P<name>[A-Z][A-Z.'’ -]{1,60})$"
)
# "Three questions had been received from Mr Cunningham, briefly summarised as follows:" over
# the questions as a list ("i) …"); the answers given in the meeting are not minuted
_RECEIVED_RE = re.compile(
    rf"^(?:[A-Z][a-z]+\s+)?questions?\s+(?:had\s+been|have\s+been|were|was)\s+received\s+from\s+"
    rf"(?:(?P<title>Councillor|Cllr\.?)\s+|{_COURTESY}\s+)?{_NAME}\b[^:]{{0,80}}:$"
)
_LISTED_RE = re.compile(r"^\(?(?:[ivx]{1,5}|[a-z]|\d{1,2})[).]\s+\S")
_REPLY_LABEL_RE = re.compile(r"^(?:REPLY|RESPONSE|ANSWER)\s*[-–—:]")
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
    # without the label only the heads that say themselves that they record a question
    heads = _HEADS if start is not None else _OWN_HEADS
    start = start or 0
    found = next(
        (
            (i, match)
            for i in range(start, min(len(lines), start + 24))
            if lines[i]
            for match in (regex.match(lines[i]) for regex in heads)
            if match and (start or _own(match))
        ),
        None,
    )
    if found is None:
        return None
    head, match = found
    title = match["title"] or ""
    asker = Person(match["name"].strip(), title.title() if title.isupper() else title)
    number = match.groupdict().get("number") or match.groupdict().get("qnumber")
    # (the question's number is no part of its text; "A question was received from …" is)
    body = (
        lines[head + 1 :]
        if match.re is not _REPORTED_RE
        else [lines[head][match.start("title") if number else 0 :], *lines[head + 1 :]]
    )
    body = _until_next(body, match.re)
    if match.re is _REPORTED_RE:
        question, answer = _reported(body, asker)
    elif match.re is _RECEIVED_RE:
        listed = [line for line in body if line]
        count = next((i for i, line in enumerate(listed) if not _LISTED_RE.match(line)), len(listed))
        if count < 2:
            return None
        # (each item as a part "(i) …", which the entry's reader numbers)
        question = [re.sub(r"^\(?([^\s).]+)[).]\s+", r"(\1) ", line) for line in listed[:count]]
        answer = []
    elif match.re is _SPOKEN_RE:
        question, answer = [_ADDRESS_RE.sub("", match["text"])], _spoken_answer(body)
    else:
        ends = {_HEADED_RE: _RESPONSE_LABEL_RE, _LABELLED_RE: _REPLY_LABEL_RE}.get(match.re, _RESPONDER_RE)
        cut = next((i for i, line in enumerate(body) if line and ends.match(line)), None)
        noted = next((i for i, line in enumerate(body) if line and _REPLIED_NOTE_RE.match(line)), None)
        if cut is None and noted is None:
            return None
        question, answer = (body[:cut], body[cut + 1 :]) if cut is not None else (body[:noted], [])
    return Entry(
        title=match["subject"].strip() if match.re is _HEADED_RE else "",
        number=number,
        asker=asker,
        question=question,
        answer=answer if any(answer) else None,
    )


_HEADS = (_HEADED_RE, _TO_RE, _SPOKEN_RE, _LABELLED_RE, _RECEIVED_RE, _REPORTED_RE)
_OWN_HEADS = (_SPOKEN_RE, _LABELLED_RE, _TO_RE, _REPORTED_RE)


def _own(match: re.Match) -> bool:
    """Whether a head says itself that it records a question (it needs no "Minutes:" label)."""
    if match.re is _REPORTED_RE:
        return match.group().startswith("A ")
    if match.re is _TO_RE:
        return bool(match["number"])
    return True


def _spoken_answer(body: list[str]) -> list[str]:
    """The answer after the answerer's label ("Councillor Clayton:  …"), without the label."""
    for i, line in enumerate(body):
        label = _SPEAKER_LABEL_RE.match(line) if line else None
        if label:
            return [line[label.end() :], *body[i + 1 :]]
    return []


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
    # an answer in the next paragraph when the question ends with its question mark and the
    # paragraph does not go on with the asker ("He asked …")
    gap = next((i for i, line in enumerate(body) if i and not line), None)
    if gap is not None and body[gap - 1].rstrip().endswith("?"):
        rest = body[gap + 1 :]
        first = next((line for line in rest if line), "")
        if first and not re.match(rf"^(?:He|She|They|{re.escape(surname)})\b", first):
            return body[:gap], rest
    return body, []
