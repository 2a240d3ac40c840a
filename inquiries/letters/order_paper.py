"""Written (Order Paper) questions as a legislature's question list publishes them: one entry per
question, headed by its number and the member who tabled it, or with labelled fields.

    Question 71: Ms. Shaw (Hamilton West—Ancaster—Dundas) on June 5, 2019   (the date may be lost: "… on")
    Enquiry of the Ministry — Would the President of the Treasury Board please provide …

    Question 151 : Mme Singh (Brampton-Centre) le 15 mai 2019       (the French page)
    Enquiry of the Ministry — Would the Minister … explain … Furthermore: (a) When …; (b) If …

    Question Enquiry of the Ministry — Will the Minister of … provide …
    Member Ms. Thompson (Huron—Bruce)
    Date tabled September 13, 2016
    Final answer November 02, 2016
    Question number 1

The entry's number is the question's number; the member (courtesy title dropped) and the
riding are the sender; the date tabled is the letter's date (never the answer's). The lead-in
that only addresses the question ("Enquiry of the Ministry —") is not part of it. The page's
heading ("Written questions list", "Liste de questions écrites") is no title. A text without
such an entry is left to the other readers (read() returns None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inquiries.deadlines.dates import iso_date

from .base import ParsedLetter, ParsedQuestion, Person, _
from .question_patterns import POLITE
from .text import squash

# Courtesy titles of English and French pages: dropped from the sender
_COURTESY = rf"(?:{POLITE}|(?:Mme|Mlle|M)\.?)"
# "Question 71: Ms. Shaw (Hamilton West—Ancaster—Dundas) on …", "Question 151 : Mme Singh (…) le …"
_HEAD_RE = re.compile(
    rf"^Question\s+(?P<number>\d{{1,5}})\s*:\s*(?:{_COURTESY}\s+)?(?P<who>[^\W\d][^()]{{0,60}}?)\s*"
    r"\((?P<group>[^()]{2,80})\)\s*(?:on|le)\b\s*(?P<date>[^.?!:]{0,30})$"
)
# The labelled layout: "Question <text>", "Member Ms. X (Riding)", "Date tabled …", "Question number 1"
_LABEL_QUESTION_RE = re.compile(r"^Question\s+(?!number\b)(?P<text>\D.{20,})$")
_MEMBER_RE = re.compile(
    rf"^Member\s+(?:{_COURTESY}\s+)?(?P<who>[^()]{{2,60}}?)\s*\((?P<group>[^()]{{2,80}})\)$"
)
_TABLED_RE = re.compile(r"^Date\s+tabled\s+(?P<date>.+)$")
_NUMBER_RE = re.compile(r"^Question\s+number\s+(?P<number>\d{1,5})$")
# Fields of the labelled layout that belong to neither the question nor the letter
_OTHER_FIELD_RE = re.compile(r"^(?:Final\s+answer|Interim\s+answer|Response|Status)\b.*$")
# The entry's end: the page's notes on it ("Notes: Legislature dissolved.")
_NOTES_RE = re.compile(r"^Notes?\s*:")
# The lead-in that only addresses the question
_ADDRESS_RE = re.compile(r"^(?:Enquiry\s+of\s+the\s+Ministry|Question\s+au\s+minist[èe]re)\s*[—–-]+\s*")
# "… province. Furthermore: (a) When …; (b) If …; (c) If …": parts after the question
_PARTS_LEAD_RE = re.compile(r"\s+(?:Furthermore|In\s+addition|Also|And)\s*:\s*(?=\(a\)\s)")
_PART_RE = re.compile(r"(?:^|(?<=;)\s+|(?<=[.?])\s+)\((?P<label>[a-z])\)\s+")


@dataclass
class _Entry:
    number: str | None = None
    asker: Person | None = None
    date: str = ""
    text: list[str] = field(default_factory=list)


def read(lines: list[str]) -> ParsedLetter | None:
    """The Order Paper questions in the text, or None when it holds no such entry."""
    entries = _entries(lines)
    if not entries:
        return None
    letter = ParsedLetter()
    for entry in entries:
        letter.questions.append(_question(entry))
        if entry.asker is not None and str(entry.asker) not in {str(p) for p in letter.senders}:
            letter.senders.append(entry.asker)
        letter.date = letter.date or entry.date
    letter.doubt(_("No subject was found; please enter it."), about="title")
    return letter


def _entries(lines: list[str]) -> list[_Entry]:
    entries: list[_Entry] = []
    entry: _Entry | None = None
    labelled = False
    for line in lines:
        if entry is None and not line.startswith("Question"):
            continue  # (a megabyte of prose costs one comparison a line)
        line = line.strip()
        head = _HEAD_RE.match(line)
        if head:
            entry = _Entry(head["number"], _member(head["who"], head["group"]), iso_date(head["date"] or ""))
            entries.append(entry)
            labelled = False
            continue
        question = _LABEL_QUESTION_RE.match(line)
        if question and _ADDRESS_RE.match(question["text"]):
            entry = _Entry(text=[question["text"]])
            entries.append(entry)
            labelled = True
            continue
        if entry is None:
            continue
        if labelled:
            if member := _MEMBER_RE.match(line):
                entry.asker = _member(member["who"], member["group"])
            elif tabled := _TABLED_RE.match(line):
                entry.date = iso_date(tabled["date"])
            elif number := _NUMBER_RE.match(line):
                entry.number = number["number"]
            elif line and not _OTHER_FIELD_RE.match(line):
                entry = None  # the record has ended; what follows is the page's
            continue
        if _NOTES_RE.match(line):
            entry = None
        elif line:
            entry.text.append(line)
    return [entry for entry in entries if entry.text and entry.asker is not None]


def _member(who: str, group: str) -> Person:
    return Person(squash(who), "", squash(group))


def _question(entry: _Entry) -> ParsedQuestion:
    text = _ADDRESS_RE.sub("", squash(" ".join(entry.text)))
    lead = _PARTS_LEAD_RE.search(text)
    parts: list[ParsedQuestion] = []
    if lead:
        tail = text[lead.end() :]
        marks = list(_PART_RE.finditer(tail))
        labels = [mark["label"] for mark in marks]
        if labels == [chr(ord("a") + i) for i in range(len(labels))] and marks[0].start() == 0:
            for mark, following in zip(marks, [*marks[1:], None], strict=True):
                body = tail[mark.end() : following.start() if following else len(tail)].strip()
                parts.append(ParsedQuestion(mark["label"], body.removesuffix(";").strip()))
            text = text[: lead.start()]
    return ParsedQuestion(entry.number, text.strip(), sub_questions=parts)
