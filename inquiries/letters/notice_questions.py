"""Questions on notice as Australian parliaments print them: the member, "to ask" the minister,
and the question's parts, numbered "(1)" or "(a)", often run together by the PDF's text layer.

    Questions on Notice Paper No 20
    Friday, 8 June 2018
    (30 days expires 8 July 2018)
    *1493 MRS DUNNE: To ask the Minister for Health—(1) In relation to … (2) What is …

    Mr Green to ask the Premier -
    (a) What assessment has the Department … made …
    (b) Will the Minister release …?

The member (courtesy title dropped) is the sender; each part is a question with its number; the
paper's date over the entry is the date, and the paper's "30 days expires …" the deadline. A text
without such an entry is left to the other readers (read() returns None).
"""

from __future__ import annotations

import re

from inquiries.deadlines.dates import iso_date

from .base import ParsedLetter, ParsedQuestion, Person, _
from .text import squash

# "*1493 MRS DUNNE: To ask the Minister for Health and Wellbeing—(1) …", "Mr Green to ask the Premier -"
_HEAD_RE = re.compile(
    r"^(?:\*?(?P<ref>\d{1,6})\s+)?(?:(?i:Mr|Mrs|Ms|Miss|Dr|Hon)\.?\s+)?"
    r"(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}?)\s*:?\s+[Tt]o\s+ask\s+the\s+"
    r"(?P<to>(?:Premier|(?:Deputy\s+)?(?:Chief\s+)?Minister|Treasurer|Attorney)[^—–:()]{0,120}?)\s*[—–:-]\s*(?P<rest>.*)$"
)
# "(30 days expires 8 July 2018)": the day the answer is due under the standing orders
_EXPIRES_RE = re.compile(r"^\(?(?P<deadline>\d{1,3}\s+days\s+expires?\s+\d{1,2}\s+\w+\s+\d{4})\)?$")
# "Friday, 8 June 2018": the paper's date
_PAPER_DATE_RE = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}$"
)
# A part's label at the start or after a sentence's end, also with no space after it: "report.(3) Has"
_PART_RE = re.compile(r"(?:^|(?<=[.;?!—–-])|(?<=\s))\((?P<label>\d{1,2}|[a-z])\)\s*")


def read(lines: list[str]) -> ParsedLetter | None:
    """The first question on notice in the text, or None when it holds no such entry."""
    found = next(
        (
            (i, head)
            for i, line in enumerate(lines[:400])
            if line and "ask" in line and (head := _HEAD_RE.match(line))
        ),
        None,
    )
    if found is None:
        return None
    i, head = found
    end = next((j for j in range(i + 1, len(lines)) if lines[j] and _HEAD_RE.match(lines[j])), len(lines))
    text = squash(" ".join(part for part in [head["rest"], *lines[i + 1 : end]] if part))
    questions = _parts(text)
    if not questions:
        return None
    letter = ParsedLetter(questions=questions)
    letter.senders = [Person(head["who"])]
    for line in lines[:i]:
        if expires := _EXPIRES_RE.match(line):
            letter.deadline_text = expires["deadline"]
        elif _PAPER_DATE_RE.match(line):
            letter.date = iso_date(line)
    letter.doubt(_("No subject was found; please enter it."), about="title")
    return letter


def _parts(text: str) -> list[ParsedQuestion]:
    """The numbered parts "(1)" … or "(a)" … in order, each a question; or the text as one."""
    marks = list(_PART_RE.finditer(text))
    labels = [mark["label"] for mark in marks]
    first = labels[:1] == ["1"] or labels[:1] == ["a"]
    in_order = all(_next_label(a) == b for a, b in zip(labels, labels[1:], strict=False))
    if len(marks) < 2 or not first or not in_order or text[: marks[0].start()].strip():
        return [ParsedQuestion(None, text)] if text else []
    ends = [mark.start() for mark in marks[1:]] + [len(text)]
    return [
        ParsedQuestion(mark["label"], text[mark.end() : stop].strip())
        for mark, stop in zip(marks, ends, strict=True)
    ]


def _next_label(label: str) -> str:
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)
