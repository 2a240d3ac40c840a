"""Questions on notice as Australian parliaments print them: the member, "to ask" the minister,
and the question's parts, numbered "(1)" or "(a)", often run together by the PDF's text layer.

    Questions on Notice Paper No 20
    Friday, 8 June 2018
    (30 days expires 8 July 2018)
    *1493 MRS DUNNE: To ask the Minister for Health—(1) In relation to … (2) What is …

    Mr Green to ask the Premier -
    (a) What assessment has the Department … made …
    (b) Will the Minister release …?

The same head starts a written question with its reply on a parliament's list of questions and
replies, the member written surname first ("Davis, Mr GR" is "GR Davis"), and an entry of a list
of questions in a sentence ("1. The Hon. Member for …, Mr Moorhouse, to ask the Chief Minister – If
he will …": the seat goes after the name):

    Bodlani, Ms T to ask the Minister of Communication and Digital Technologies
    1. What total amount …? 2. Whether …? NW1011E
    Reply:                                   (or "Reply from the President … on 29 Mar 2028")
    1. <answer to 1>  2. <answer to 2>       (or the answer's paragraphs)
    Thank You.  /  More »

A question list's entry may also name the member before a colon, the question being the "To
ask …" sentence itself up to the blank line after it ("*1. Dr Tan Wu Meng: To ask the Prime
Minister (a) … and (b) …", "Mr Desmond Choo: To ask the Prime Minister whether …"), or an agenda
item the member over quoted parts ("7Questions by Bailie Dr Nina Baker:-" over "(a)"To ask …"").

A starred question of a list ("†*121. SHRI DEEPAK BAIJ:" under its subject line) asks "Will the
Minister of … be pleased to state:" with its parts (a) … on lines of their own: one question,
numbered as the list numbers it, the parts its sub-questions (their ";" and ";and" dropped).

The member (courtesy title dropped) is the sender; each part is a question with its number; the
paper's date over the entry is the date, and the paper's "30 days expires …" the deadline. A text
without such an entry is left to the other readers (read() returns None).
"""

from __future__ import annotations

import re

from inquiries.deadlines.dates import iso_date

from .base import REPLY, ParsedLetter, ParsedQuestion, Person, _
from .text import paragraphs_of, squash

# "*1493 MRS DUNNE: To ask the Minister for Health and Wellbeing—(1) …", "Mr Green to ask the Premier -"
_POLITE = r"(?i:Mr|Mrs|Ms|Miss|Dr|Hon)\.?"
_HEAD_RE = re.compile(
    rf"^(?:\*?(?P<ref>\d{{1,6}})\s+|(?:.{{0,200}}?\s)?(?P<number>\d{{1,3}})\.\s+)?"
    # "The Hon. Member for Arbory, Castletown and Malew, Mr Moorhouse,"
    rf"(?:The\s+Hon\.?\s+(?P<seat>Member\s+for\s+[^()]{{2,80}}?),\s+)?(?:{_POLITE}\s+)?"
    r"(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}?)"
    rf"(?:,\s+(?:{_POLITE}\s+)?(?P<initials>[A-Z]{{1,4}}))?,?\s*:?\s+[Tt]o\s+ask\s+the\s+"
    r"(?P<to>(?:Premier|President|(?:Deputy\s+)?(?:Chief\s+)?Minister|Treasurer|Attorney)[^—–:()]{0,120}?)"
    r"(?:\s*[—–:-]\s*(?P<rest>.*)|\s*)$"
)
# "*1. Dr Tan Wu Meng: To ask the Prime Minister …", "[toggle …] Mr Cedric Foo Chee Keng: To ask …"
_COLON_HEAD_RE = re.compile(
    r"^(?:\*?(?P<number>\d{1,4})\.\s+|\[toggle[^\]]{0,200}\]\s+)?(?:(?i:Mr|Mrs|Ms|Miss|Mdm)\.?\s+)?"
    r"(?P<who>(?:(?:Dr|Prof|Assoc\s+Prof)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,4}):\s+"
    r"(?P<rest>To\s+ask\s+the\s+\S.*)$"
)
# "7Questions by Bailie Dr Nina Baker:- View Papers" (the agenda's item number run into it)
_QUESTIONS_BY_RE = re.compile(
    r"^(?:\d{1,3}\s*)?Questions?\s+by\s+(?P<role>Bailie|Councillor|Cllr\.?)\s+"
    r"(?P<who>(?:Dr\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\s*:-?(?:\s+View\s+Papers)?$"
)
_QUOTES = '"“”„'
_SPEAKER_RE = re.compile(r"^(?:The\s+)?[A-Z][\w.'’ -]{1,60}?(?:\s*\([^()]{2,60}\))?:\s+\S")
# "†*121. SHRI DEEPAK BAIJ:" (the dagger and the star mark the question's kind, not its number)
_SERIAL_HEAD_RE = re.compile(
    r"^[†*]{0,3}(?P<number>\d{1,5})\.\s+(?:(?i:Shri|Shrimati|Smt|Kumari|Sushri)\.?\s+)?"
    r"(?P<who>[A-Z][A-Z.'’ -]{2,60}?)\s*:$"
)
_PART_LINE_RE = re.compile(r"^\((?P<label>[a-z])\)\s*(?P<text>\S.*)$")
_HEADING_RE = re.compile(r"^[A-Z][^.;:!?]{2,120}[^\W_]$")
# the reply's label: "Reply:", "Reply from the President of the Republic on 29 Mar 2028"
_REPLY_RE = re.compile(r"^(?:Reply|Answer|Response)(?:\s+from\s+the\s+[^:]{3,120})?\s*:?$")
# the list's link to the next entry, the reply's closing
_END_RE = re.compile(r"^(?:More\s*»|Thank\s+you\.?)$", re.IGNORECASE)
# a numbered question or answer on a line of its own; the list's reference after the question
_NUMBERED_RE = re.compile(r"^(?P<label>\d{1,2})\.\s+(?P<text>\S.*)$")
_REFERENCE_RE = re.compile(r"\s+[A-Z]{2,4}\d{2,6}[A-Z]?$")
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
        return _listed(lines) or _starred(lines)
    i, head = found
    end = next((j for j in range(i + 1, len(lines)) if lines[j] and _HEAD_RE.match(lines[j])), len(lines))
    end = next((j for j in range(i + 1, end) if lines[j] and _END_RE.match(lines[j])), end)
    reply = next((j for j in range(i + 1, end) if lines[j] and _REPLY_RE.match(lines[j])), None)
    asked = [part for part in [head["rest"], *lines[i + 1 : reply or end]] if part]
    numbered = [_NUMBERED_RE.match(line) for line in asked]
    if len(asked) >= 2 and all(numbered):
        questions = [ParsedQuestion(m["label"], _REFERENCE_RE.sub("", m["text"])) for m in numbered]
    else:
        questions = _parts(squash(" ".join(asked)))
    if not questions:
        return None
    letter = ParsedLetter(questions=questions)
    if reply is not None:
        _answer(letter, lines[reply + 1 : end])
    if head["number"] and len(questions) == 1:
        questions[0].number = head["number"]
    who = f"{head['initials']} {head['who']}" if head["initials"] else head["who"]
    letter.senders = [Person(who, head["seat"] or "")]
    for line in lines[:i]:
        if expires := _EXPIRES_RE.match(line):
            letter.deadline_text = expires["deadline"]
        elif _PAPER_DATE_RE.match(line):
            letter.date = iso_date(line)
    letter.doubt(_("No subject was found; please enter it."), about="title")
    return letter


def _listed(lines: list[str]) -> ParsedLetter | None:
    """A list's entry with the member before a colon, or an agenda's "Questions by …:-" item."""
    found = next(
        (
            (i, head)
            for i, line in enumerate(lines[:400])
            if line
            and ("ask" in line or "Question" in line)
            and (head := _COLON_HEAD_RE.match(line) or _QUESTIONS_BY_RE.match(line))
        ),
        None,
    )
    if found is None:
        return None
    i, head = found
    end = next((j for j in range(i + 1, len(lines)) if not lines[j]), len(lines))
    following = next((line for line in lines[end:] if line), "")
    if head.re is _COLON_HEAD_RE and _SPEAKER_RE.match(following):
        return None  # a record of written answers: the member who answers is named next
    if head.re is _COLON_HEAD_RE:
        questions = [ParsedQuestion(head["number"], squash(" ".join([head["rest"], *lines[i + 1 : end]])))]
        person = Person(head["who"])
    else:
        questions = _parts(squash(" ".join(lines[i + 1 : end])))
        if len(questions) < 2:
            return None
        for question in questions:
            question.text = question.text.strip(_QUOTES)
        person = Person(head["who"], head["role"])
    letter = ParsedLetter(questions=questions, senders=[person])
    letter.doubt(_("No subject was found; please enter it."), about="title")
    return letter


def _starred(lines: list[str]) -> ParsedLetter | None:
    """A starred question: its subject line, number and member, the lead-in and its parts."""
    found = next(
        ((i, head) for i, line in enumerate(lines[:400]) if line and (head := _SERIAL_HEAD_RE.match(line))),
        None,
    )
    if found is None:
        return None
    i, head = found
    lead: list[str] = []
    parts: list[ParsedQuestion] = []
    for line in lines[i + 1 :]:
        part = _PART_LINE_RE.match(line) if line else None
        if part:
            parts.append(ParsedQuestion(part["label"], part["text"]))
        elif line and parts:
            parts[-1].text += " " + line
        elif line and not (lead and lead[-1].endswith(":")):
            lead.append(line)
    if not lead or not lead[-1].endswith(":") or len(parts) < 2:
        return None
    for part in parts:
        part.text = re.sub(r"\s*;\s*(?:and|or)?$", "", squash(part.text))
    letter = ParsedLetter(questions=[ParsedQuestion(head["number"], squash(" ".join(lead)), parts)])
    letter.senders = [Person(" ".join(head["who"].split()))]
    previous = next((line for line in reversed(lines[max(0, i - 3) : i]) if line), "")
    if _HEADING_RE.match(previous):
        letter.title = previous
    else:
        letter.doubt(_("No subject was found; please enter it."), about="title")
    return letter


def _answer(letter: ParsedLetter, lines: list[str]) -> None:
    """The reply: numbered as the questions, each answer to its question; else one answer."""
    paragraphs = paragraphs_of(lines)
    if not paragraphs:
        return
    letter.kind = REPLY
    labels = [question.number for question in letter.questions]
    numbered = [_NUMBERED_RE.match(paragraph) for paragraph in paragraphs]
    if len(labels) >= 2 and all(numbered) and [m["label"] for m in numbered] == labels:
        for question, match in zip(letter.questions, numbered, strict=True):
            question.answer = match["text"]
    else:
        letter.questions[0].answer = "\n\n".join(paragraphs)


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
