"""Written questions of parliaments as they are published: one record per question, with the
asker, the dates and the answer in lines of their own.

    Q                                     Written Question
    Asked by Scott Mann                   Buses: Bicycles
    (North Cornwall)                      Tuesday 29th April 2025
    Asked on: 11 April 2019               Asked by: Fabian Hamilton (Labour - Leeds North East)
    Department for International Trade    Question to the Department for Transport:
    Trade Agreements: China               To ask the Secretary of State for Transport, whether …
    Commons                               Answered by Simon Lightwood - Parliamentary Under-…
    To ask the Secretary of State …       <answer>
    A
    Answered by: George Hollingbery       WQ90455 (e) Tabled on 12/01/2024
    Answered on: 25 April 2019            Will the Minister clarify …?
    <answer>                              Answered by Deputy Minister … | Answered on 17/01/2024
                                          <answer>
    To ask the First Minister
    Paul Davies (Preseli Pembrokeshire): How will …? (WAQ67257)
    Answer received on 25 June 2014
    The First Minister: <answer>

    - Asked by: Jane Doe, MSP for X, Party    To ask the Scottish Government …
    Date lodged: Monday, 15 January 2024      Answered by John Roe (18/01/2019):
    Current Status:                           <answer>
    Answered by John Roe on 29 January 2024   Current Status: Answered by John Roe on …
    To ask the Scottish Government …
    Answer                                    Jane Doe (Glasgow) (Party): To ask the … (S5W-17044)
    <answer>                                  John Roe: <answer>

The layout is recognised by its metadata lines, not by the site it was copied from; a text
without them is left to the letter reader (read() returns None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inquiries.deadlines.dates import iso_date

from .base import REPLY, ParsedLetter, ParsedQuestion, Person, _
from .question_entries import POLITE, speaker_at
from .text import paragraphs_of, squash

_ASKED_RE = re.compile(
    r"^(?:Asked|Tabled|Submitted)\s+by:?\s+(?P<who>[^()]{2,160}?)\s*(?:\((?P<group>[^()]{1,80})\))?"
    r"(?:\s+on\s+(?P<date>\d{1,2}\s+\w+\s+\d{4}))?\s*$"
)
_DATE_META_RE = re.compile(
    r"^(?:(?P<ref>[A-Z]{1,4}\d{3,7})\s*(?:\([a-z]\))?\s+)?(?:Asked\s+on|Tabled\s+on|Date\s+tabled|Date\s+lodged)\s*:?\s*(?P<date>.+)$"
)
_ANSWER_META_RE = re.compile(
    r"^(?:(?:Corrected\s+)?[Aa]nswered\s+[Bb]y\b.*|Answer\s+received\s+on\b.*|Answered\s+on\b.*|Date\s+[Aa]nswered\b.*"
    r"|Corrected\s+on\b.*|A)$"
)
# "Current Status: Answered by … on 18/01/2019", "Current Status:": the page's note on the record
# The head of a page of questions tabled on one day: the date tabled and the date they are due
# ("Written Questions tabled on 08/02/2022 for answer on 15/02/2022")
_PAGE_HEAD_RE = re.compile(
    r"^Written\s+Questions\s+tabled\s+on\s+(?P<date>\d{1,2}/\d{1,2}/\d{4})"
    r"\s+(?P<deadline>for\s+answer\s+on\s+\d{1,2}/\d{1,2}/\d{4})$"
)
# "Answer expected on 16 December 2025": the status of a question not yet answered
_STATUS_RE = re.compile(r"^(?:(?:Current\s+)?Status\s*:.*|Answer\s+expected\s+on\s+.*)$")
_QUESTION_MARK_RE = re.compile(r"^Q$")
_SKIP_RE = re.compile(
    r"^(?:Written\s+(?:Question|Answer)|Written\s+Questions\s+must\s+be\s+tabled\b.*|Question\s+to\s+the\s+.{3,80}:|Commons|Lords|\[N\]|Named\s+Day|Close"
    # the explanation parliament.uk shows under a named-day question's "[N]"
    r"|'Named\s+day'\s+questions\s+only\s+occur\s+in\s+the\s+House\s+of\s+Commons\b.*"
    # (the heading names whom the questions ask; a question goes on to what it asks: "… how many …")
    r"|To\s+ask\s+the\s+(?:First\s+Minister|(?:Cabinet\s+Secretary|Minister)(?:(?!\s(?:how|what|when|where|whether|if|why|which|who|to)\s)[^,?]){0,80}|Counsel\s+General[^,?]{0,40})"
    r"|(?:First\s+Minister|(?:Deputy\s+)?Minister\s+for\s+[^,?]{2,80}|Cabinet\s+Secretary\s+for\s+[^,?]{2,80}|Counsel\s+General.*))$"
)
# (a topic names its subject after a colon: "Department of Health and Social Care: Written Questions")
_DEPARTMENT_RE = re.compile(
    r"^(?![^:]+:\s+\S)(?:Department\s+(?:for|of)\b.*|.{0,40}\bOffice|H\s?M\s+Treasury|Treasury|Ministry\s+of\b.*|Prime\s+Minister"
    r"|Attorney\s+General|Leader\s+of\s+the\s+House.*)$"
)
_WEEKDAY_DATE_RE = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<rest>\w+\s+\d{4})$"
)
# "Paul Davies (Preseli Pembrokeshire): How will …?" - the asker before the question
# ("Sandra White (Glasgow Kelvin) (Scottish National Party): To ask …": constituency and party)
_ASKER_PREFIX_RE = re.compile(
    r"^(?P<who>[A-Z][\w.'’ -]{1,60}?)\s*\((?P<group>[^()]{2,60})\)(?:\s*\((?P<party>[^()]{2,60})\))?\s*:\s+(?=\S)"
)
# A question's reference, then its answer on the same line: "… Fund. (S5W-17044) Alasdair Allan: The …"
_INLINE_ANSWER_RE = re.compile(r"(?<=\))\s+(?=(?:The\s+)?[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,5}\s*:\s+\S)")
_REFERENCE_END_RE = re.compile(r"\((?:[A-Z]{1,4}\d?[A-Z]?-?\d{3,7})\)$")
# "The First Minister:", "Minister for Science and Skills (Julie James):", "Carwyn Jones:"
_SPEAKER_RE = re.compile(r"^(?P<who>(?:The\s+)?[A-Z][\w.'’ -]{1,70}?(?:\s*\([^()]{2,40}\))?)\s*:\s+(?=\S)")
_ASKS_RE = re.compile(r"\?\s*(?:\([A-Z]{1,4}\d+\))?\s*$")
_ANSWER_LABEL_RE = re.compile(r"^(?:Answer|Response|Reply)(?:\s*:\s*|$)")
_MEMBER_LINE_RE = re.compile(
    rf"^(?:{POLITE}\s+)?(?P<who>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{1,3}})\s*\((?P<group>[^()]{{2,60}})\)$"
)
# The government's name over a booklet's portfolio headings ("SCOTTISH GOVERNMENT" / "Health and Sport")
_GOVERNMENT_RE = re.compile(r"^(?:SCOTTISH|WELSH|UK|HM)\s+GOVERNMENT$|^(?:Scottish|Welsh)\s+Government$")


@dataclass
class _Record:
    question: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)  # "" separates paragraphs
    heads: list[str] = field(default_factory=list)  # short lines before the question (topic, department)
    asker: Person | None = None
    date: str = ""
    reference: str = ""
    answered: bool = False


def _date(text: str) -> str:
    text = text.strip()
    weekday = _WEEKDAY_DATE_RE.match(text)
    if weekday:
        text = f"{weekday['day']} {weekday['rest']}"
    return iso_date(text)


def _looks_like_layout(lines: list[str]) -> bool:
    markers = 0
    for line in lines:
        line = _unbulleted(line)
        if not line:
            continue
        if _PAGE_HEAD_RE.match(line):
            markers += 2  # a page of written questions is laid out as records
        elif (
            _ASKED_RE.match(line)
            or _DATE_META_RE.match(line)
            or (line != "A" and _ANSWER_META_RE.match(line))
            or (markers and _STATUS_RE.match(line))
        ):
            markers += 1
        elif line in ("Q", "A") or (_ASKER_PREFIX_RE.match(line) and _ASKS_RE.search(line)):
            markers += 1
        elif (
            "To ask" in line
            and (prefix := _ASKER_PREFIX_RE.match(line))
            and line[prefix.end() :].startswith("To ask")
        ):
            markers += 2  # "Jane Doe (Glasgow) (Party): To ask …" is a written question's record
        if markers >= 2:
            return True
    return False


def _unbulleted(line: str) -> str:
    """A page's list of fields shows them as "- Asked by: …" with "-" lines between them."""
    if line == "-":
        return ""
    return (
        line[2:]
        if line.startswith("- ") and re.match(r"^- (?:Asked|Date|Current|Answered)\b", line)
        else line
    )


def read(lines: list[str]) -> ParsedLetter | None:
    """The written questions in the text, or None when it is not laid out as records."""
    if not _looks_like_layout(lines):
        return None
    records: list[_Record] = []
    record = _Record()
    state = "head"  # head -> question -> answer
    pending_group = False
    page = None  # the head of a page of questions tabled on one day
    for line in lines:
        line = _unbulleted(line)
        if page is None and (page := _PAGE_HEAD_RE.match(line)):
            continue
        if not line:
            if state == "answer" and record.answer and record.answer[-1]:
                record.answer.append("")
            continue
        asked = _ASKED_RE.match(line)
        dated = _DATE_META_RE.match(line)
        starts_new = state == "answer" and (
            asked or dated or line == "Q" or _SKIP_RE.match(line) or line.startswith("Written Question")
        )
        if starts_new:
            records.append(record)
            record = _Record()
            state = "head"
        if asked:
            record.asker = _asker(asked["who"], asked["group"])
            record.date = record.date or (iso_date(asked["date"]) if asked["date"] else "")
            pending_group = not asked["group"]
            continue
        if pending_group and re.fullmatch(r"\([^()]{2,80}\)", line) and record.asker is not None:
            record.asker.group = line.strip("()")
            pending_group = False
            continue
        pending_group = False
        if dated:
            record.date = record.date or _date(dated["date"])
            record.reference = record.reference or (dated["ref"] or "")
            continue
        label = _ANSWER_LABEL_RE.match(line)
        if label and record.question:
            state = "answer"  # answered once a line of the answer follows the label
            line = line[label.end() :]
            if not line:
                continue
        elif _ANSWER_META_RE.match(line):
            if state != "head" or record.question:
                state = "answer"
                record.answered = True
            continue
        if _STATUS_RE.match(line):
            continue
        if line == "Q":
            state = "head"
            continue
        if state == "head" and _WEEKDAY_DATE_RE.match(line):
            record.date = record.date or _date(line)
            continue
        if state != "answer" and _SKIP_RE.match(line):
            continue
        if state == "answer":
            record.answer.append(line)
            record.answered = True
            continue
        member = _MEMBER_LINE_RE.match(line) if state == "head" and record.asker is None else None
        if member:
            # "Mr John Example (SDLP - Exampleton)" on a line of its own over the question
            record.asker = Person(member["who"].strip(), "", member["group"].strip())
            continue
        if state == "head" and not _starts_question(line):
            if record.heads and _GOVERNMENT_RE.match(record.heads[-1]):
                record.heads[-1] = ""  # a portfolio under the government's name is no topic
                continue
            record.heads.append(line)
            continue
        if state == "question" and speaker_at(line):
            # "Minister for Infrastructure: <answer>" after the question: the answer, by its speaker
            state = "answer"
            record.answered = True
            record.answer.append(line)
            continue
        if state == "question" and page and record.question[-1].endswith("?") and not _ASKS_RE.search(line):
            # the page's answer follows its question with no label or speaker
            state = "answer"
            record.answered = True
            record.answer.append(line)
            continue
        state = "question"
        if not record.question:
            prefix = _ASKER_PREFIX_RE.match(line)
            if prefix:
                who = re.sub(rf"^{POLITE}\s+", "", prefix["who"].strip())  # "Mr Patsy McGlone"
                if prefix["party"]:
                    asker = Person(who, prefix["group"].strip(), prefix["party"].strip())
                else:
                    asker = Person(who, "", prefix["group"].strip())
                record.asker = record.asker or asker
                line = line[prefix.end() :]
        inline = _inline_answer(line)
        if inline is not None:
            record.question.append(inline[0])
            record.answer.append(inline[1])
            record.answered = True
            state = "answer"
            continue
        record.question.append(line)
    records.append(record)
    records = [r for r in records if r.question]
    if not records:
        return None
    letter = _letter(records)
    if page:
        letter.date = letter.date or _date(page["date"])
        letter.deadline_text = page["deadline"]
    return letter


def _asker(who: str, group: str | None) -> Person:
    """ "Jane Doe (Party)", or "Jane Doe, MSP for North East Scotland, Scottish Labour"."""
    if group:
        return Person(who.strip(), "", group.strip())
    parts = [part.strip() for part in who.split(",") if part.strip()]
    if len(parts) >= 3:
        return Person(parts[0], parts[1], ", ".join(parts[2:]))
    if len(parts) == 2:
        return Person(parts[0], "", parts[1])
    return Person(who.strip())


def _inline_answer(line: str) -> tuple[str, str] | None:
    """ "… Fund. (S5W-17044) Alasdair Allan: The Scottish Government's …": the question up to its
    reference, and the answer that follows it on the same line (speaker and all)."""
    for cut in _INLINE_ANSWER_RE.finditer(line):
        before = line[: cut.start()]
        if _REFERENCE_END_RE.search(before):
            return before, line[cut.end() :]
    return None


def _starts_question(line: str) -> bool:
    if len(line) > 120 or line.endswith("?") or _ASKER_PREFIX_RE.match(line):
        return True
    return bool(re.match(r"^(?:To\s+ask|Will\s+the|What|How|When|Why|Which|Whether|Further\s+to|If)\b", line))


def _letter(records: list[_Record]) -> ParsedLetter:
    letter = ParsedLetter()
    senders: list[Person] = []
    for record in records:
        answer = _answer_text(record.answer)
        question = ParsedQuestion(None, squash(" ".join(record.question)), answer=answer)
        letter.questions.append(question)
        if record.asker is not None and str(record.asker) not in {str(p) for p in senders}:
            senders.append(record.asker)
        if not letter.date and record.date:
            letter.date = record.date  # the question's date (asked, tabled, lodged); never the answer's
        if not letter.reference and record.reference:
            letter.reference = record.reference
        if not letter.title:
            letter.title = _topic(record.heads)
    letter.senders = senders
    letter.kind = REPLY if any(r.answered for r in records) else "anfrage"
    letter.inquiry_kind = "anfrage"
    if not letter.title:
        letter.doubt(_("No subject was found; please enter it."), about="title")
    return letter


def _topic(heads: list[str]) -> str:
    """The record's subject: the last short head line that is not a department or a house."""
    candidates = [
        line.strip()
        for line in heads
        if len(line) <= 120 and not _DEPARTMENT_RE.match(line) and not line.endswith(":")
    ]
    return candidates[-1] if candidates else ""


def _answer_text(lines: list[str]) -> str:
    paragraphs = paragraphs_of(lines)
    if paragraphs:
        speaker = _SPEAKER_RE.match(paragraphs[0])
        # "The Cabinet Secretary for Economy and Infrastructure (Ken Skates):" names its speaker
        if speaker and len(speaker["who"].split()) <= (12 if speaker["who"].endswith(")") else 8):
            paragraphs[0] = paragraphs[0][speaker.end() :]
    return "\n\n".join(paragraphs)
