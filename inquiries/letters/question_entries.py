"""One entry of a parliament's question paper or written answers, as its web page shows it.

    Tuesday, 23 Jan 2018                        QuestionView source ↗
    GLAS Payments                               PUBLIC TRANSPORT — LIGHT RAIL
    Questions (450)                             103. Hon KEN TRAVERS to the parliamentary
    Timmy Dooley                                secretary representing the Minister for Transport:
    Question:                                   I refer to question without notice 52 …
    450. Deputy Timmy Dooley asked the          (1) Why did the minister not answer …?
    Minister for … [3169/18]                    (2) Can the minister now provide …?
    View answer                                 AnswerView source ↗
    Written answers                             I thank the honourable member for …
    <answer>                                    (1) Please refer to …
                                                (2)–(4) <one answer for three parts>

    Who Runs Your Bus? (2)                      Education Department
    Question By:                                207 The Hon. N.J. CENTOFANTI (Leader of the
    Keith Prince                                Opposition) (1 December 2022). Can the Minister
    GLA Conservatives                           … advise:
    Asked Of:                                   Which programs …?
    The Mayor                                   The Hon. K.J. MAHER (Minister for …): <answer>
    <question>
    Answer for Who Runs Your Bus? (2)           Housing Question No: 2015/3315 Tom Copley Is a …?
    Answered By:                                (an order paper's entry, flattened; an answered
    The Mayor                                   questions paper adds "Answer for Housing The
    <answer>                                    Mayor Last updated: 24 October, 2018 <answer>")

The entry is recognised by its asker: a serial number with a member and reported speech or an
address ("450. Deputy … asked the Minister", "103. Hon … to the minister:", "1 Jane Roe (X): To
ask …"; without a number only with the question's reference, "Lord Roe asked … [HL1234]", or its
"(Question No. …)" above it), a "Question By:" field, "Question No: … <member>", or a question
paper's heading ("Question for written answer …" with its authors and "Subject:"). Several
members' entries before one answer are answered together. The answer begins at a label
("Answer", "Written answers", "Answer for …", "Answered By:", "Answer given by …"), at the
answering member's name ("The Hon. … (Minister for …):", "Senator Roe:"), or after the reported
question's reference. Parts "(1)" … "(4)" of a question are the questions, and the answer's parts
answer them part by part ("(2)–(4)" answers three; `question_parts`). A text without such an entry
is left to the other readers (read() returns None).
"""

from __future__ import annotations

import re

from inquiries.deadlines.dates import iso_date

from .base import ParsedLetter, Person
from .minutes_questions import minuted_entry, minutes_entry
from .question_parts import Entry, entry_letter
from .question_patterns import (
    _ANSWER_GIVEN_RE,
    _ANSWER_LABEL_RE,
    _ASKED_LABELS,
    _ASKER_COLON_RE,
    _BARE_LABEL_RE,
    _BRACKET_REFERENCE_RE,
    _DATE_ANYWHERE_RE,
    _DATE_LINE_RE,
    _FIELD_RE,
    _FURNITURE,
    _LAST_UPDATED_RE,
    _LINK_SUFFIX_RE,
    _MEMBER_LINE_RE,
    _MINISTERIAL_RE,
    _OFFICE,
    _PAGE_KIND_RE,
    _PAPER_HEADING_RE,
    _PAPER_REFERENCE_RE,
    _QUESTION_NO_RE,
    _QUESTION_NUMBER_RE,
    _SENTENCE_OPENERS,
    _SERIAL_ENTRY_RE,
    _SITTING_PAPER_RE,
    _SOURCE_LINE_RE,
    _SPEAKER_RE,
    _SUBJECT_PREFIX_RE,
    _SUBJECT_RE,
    _SUBMITTED_RE,
    _WEEKDAY,
    NOTICE_ANSWER_RE,
    NOTICE_ENTRY_RE,
    POLITE,
)
from .text import squash


def read(lines: list[str]) -> ParsedLetter | None:
    """The entry in the text, or None when the text is not laid out as one."""
    lines = _unflattened(_unfurnished(lines))
    entry = (
        minuted_entry(lines)  # an agenda item's "Minutes:" in the clerk's words
        or _paper_entry(lines)
        or _serial_entry(lines)
        or _form_entry(lines)
        or _numbered_paper_entry(lines)
        or _notice_entry(lines)
        or minutes_entry(lines)
    )
    if entry is None or not entry.question:
        return None
    return entry_letter(entry)


def _unfurnished(lines: list[str]) -> list[str]:
    cleaned = []
    for line in lines:
        line = _LINK_SUFFIX_RE.sub("", line).rstrip(" |").strip() if line else line
        cleaned.append("" if line.lower() in _FURNITURE else line)
    return cleaned


# a title or an initial at the end of a sentence's last words (`_unflattened`)
_HONORIFIC_END_RE = re.compile(rf"(?:^|\s)(?:{_OFFICE}|{POLITE}|[A-Z]\.)$")


def _unflattened(lines: list[str]) -> list[str]:
    """An entry run into one line (OCR, PDF), on lines of its own: "Question No. 949" over the
    member's question, the answering minister ("… officer. Hon. … (Minister for …) -The answer …")."""
    found = []
    for line in lines:
        number = re.match(r"^Question\s+No\.?\s*\d{1,6}\s+(?=\S)", line) if line else None
        if number and _SERIAL_ENTRY_RE.match(line[number.end() :]):
            found.append(number.group().strip())
            line = line[number.end() :]
        start = spoken = 0
        # (only lines of an entry's length: a megabyte line is no entry, and is not scanned)
        for cut in re.finditer(r"(?<=[.?])\s+(?=\S)", line) if 200 < len(line) <= 20_000 else ():
            # (a title or an initial before the cut belongs to the name after it)
            before = line[max(start, cut.start() - 12) : cut.start()]
            honorific = _HONORIFIC_END_RE.search(before)
            window = line[cut.end() : cut.end() + 400]
            speaker = speaker_at(window) if cut.start() > spoken and not honorific else None
            if speaker and speaker["office"]:
                found.append(line[start : cut.start()])
                start, spoken = cut.end(), cut.end() + speaker.end()  # (its initials end no sentence)
        found.append(line[start:])
    return found


# -- the kinds of entry ----------------------------------------------------------------------------


def _serial_entry(lines: list[str]) -> Entry | None:
    """ "450. Deputy … asked the Minister …" (Dáil), "103. Hon … to the minister …:" (Western
    Australia), "207 The Hon. … (Leader of the Opposition) (…). Can the Minister … advise:"; further
    entries before the one answer are answered together with the first."""
    for i in range(min(len(lines), 200)):
        match = _member_entry(lines, i)
        if match is None:
            continue
        answer_at = _answer_start(lines, i + 1)
        if answer_at is None:
            answer_at = _after_reference(lines, i)
        end = answer_at if answer_at is not None else len(lines)
        if any("".join(lines[j].split()) == "".join(lines[i].split()) for j in range(i + 1, end) if lines[j]):
            continue  # the entry stands again below (a page's summary over the transcript): read that one
        # (each entry begins a paragraph, or a line after the one before has ended)
        starts = [
            i,
            *(
                j
                for j in range(i + 1, end)
                if (not lines[j - 1] or lines[j - 1].endswith((".", "?", "]"))) and _member_entry(lines, j)
            ),
        ]
        entry = Entry()
        askers = []
        for start, stop in zip(starts, [*starts[1:], end], strict=True):
            number, asker, question = _asked(lines[start:stop], _member_entry(lines, start), entry)
            askers.append(asker)
            if start == i:
                entry.number, entry.asker, entry.question = number, asker, question
            else:
                entry.together.append((number, asker, question))
        # the name over each entry and its "Question:" label are the page's, not the question's
        names = {asker.name for asker in askers}
        entry.question = [text for text in entry.question if text not in names]
        entry.together = [(n, a, [text for text in q if text not in names]) for n, a, q in entry.together]
        head = lines[:i]
        # the heading in the entry's own paragraph ("PUBLIC" / "TRANSPORT — LIGHT RAIL" / "103. Hon …")
        own: list[str] = []
        for j in range(i - 1, -1, -1):
            if not lines[j] or _is_head_noise(lines[j], entry):
                break  # (a label or a date over the heading ends it where no blank line does)
            own.insert(0, lines[j])
        if own:
            entry.title = squash(" ".join(own))
            head = lines[: i - len(own)]
        _read_head(head, entry)
        _read_answer(lines, answer_at, entry)
        return entry
    return None


def _member_entry(lines: list[str], i: int) -> re.Match | None:
    """The member's question that begins at line i, if one does."""
    line = lines[i]
    if line and "To ask" in line:
        match = _ASKER_COLON_RE.match(line)
        if match:
            return match if len(match["who"]) <= 60 else None
    match = _SERIAL_ENTRY_RE.match(line) if line and len(line) >= 12 else None
    # "Senator Ludlam", "Mr Hunt": a surname alone after the form of address
    if not match or (
        len(match["who"].split()) < 2 and "." not in match["who"] and not (match["office"] or match["polite"])
    ):
        return None
    rest = match["rest"]
    if not match["number"]:
        # without a serial number only reported speech with its reference ("Lord Roe asked Her
        # Majesty's Government … [HL1234]"), with its question's number over it ("(Question No.
        # 1234)"), or asking in parts after its lead-in ("Senator Roe asked the Minister …, upon
        # notice, on 15 March 2026:")
        paragraph = next(
            (j for j in range(i, min(len(lines), i + 30)) if not lines[j]), min(len(lines), i + 30)
        )
        previous = next((text for text in reversed(lines[max(0, i - 3) : i]) if text), "")
        lead_end = _lead_in_end(lines[i : i + 6])
        after_lead = (
            next((text for text in lines[i + lead_end + 1 : i + 12] if text), "")
            if lead_end is not None
            else ""
        )
        address = re.match(r"\s+to\s+the\s+(?P<to>[^:?]{2,150}):\s+\S.*\?", rest)
        if address and _MINISTERIAL_RE.search(address["to"]):
            return match  # "TODD MULLER to the Prime Minister: Does she …?" (a list of oral questions)
        if not re.match(r"\s+asked\b", rest) or not (
            _BRACKET_REFERENCE_RE.search(lines[paragraph - 1])
            or _QUESTION_NUMBER_RE.match(previous)
            or re.match(r"^\((?:1|a)\)\s", after_lead)
        ):
            return None
    elif not match["office"] and not re.match(r"\s+(?:asked|to\s+the)\b", rest):
        return None  # "3. Dr. Beispiel (SPD): …" in a council's letter is no member's question
    return match


def _asked(body: list[str], match: re.Match, entry: Entry) -> tuple[str | None, Person, list[str]]:
    """The number, the asker and the question's lines of one member's entry."""
    who = match["who"].strip()
    role = (match["role"] or "").strip()
    office = (match["office"] or "").strip()
    group = ""
    if office not in ("", "Deputy", "Senator") and not (office.lower().startswith("the") and role):
        # "Hon KEN TRAVERS", "THE HON. T.e. THEOPHANOUS": the description the text gives, before the
        # group in brackets; "The Hon. … (Leader of the Opposition)" is described by the brackets
        role, group = office, role
    asker = Person(who, role, group)
    body = [text for text in body if not (text and _PAGE_KIND_RE.match(text))]
    # the entry's address up to its lead-in ("… to the minister:", "… advise:") asks nothing
    lead_end = _lead_in_end(body)
    if lead_end is not None:
        entry.asked_on = entry.asked_on or iso_date(" ".join(body[: lead_end + 1]))
        return match["number"], asker, body[lead_end + 1 :]
    first = body[0]
    # "…: What …?", "… asked the Minister for …: For each …", "196. THE HON. … - To ask the …: …"
    opened = re.match(
        r"^(?::|\s+asked\s+the\s+(?P<to>[^:?]{2,200}?):(?=\s+[A-Z])|\s+[-–—](?=\s*To\s+ask\b))\s*",
        match["rest"],
    )
    if opened and (not opened["to"] or _MINISTERIAL_RE.search(opened["to"])):
        return match["number"], asker, [match["rest"][opened.end() :], *body[1:]]
    dated = re.match(r"^\s*\((?P<inner>.{0,40}?)\)\.?\s+(?=[A-Z])", match["rest"])
    if dated and _dated(dated["inner"]):
        # "207 The Hon. … (Leader of the Opposition) (1 December 2022). What …?"
        entry.asked_on = entry.asked_on or iso_date(dated["inner"])
        return match["number"], asker, [match["rest"][dated.end() :], *body[1:]]
    address = re.match(r"^(?P<address>.{10,300}?\bto\s+the\b[^?]{2,200}?):\s+(?=\S)", first)
    if address and "asked" not in match["rest"][:12]:
        # "Jane Doe to the Minister of Health (20 March 2023): What …?"
        entry.asked_on = entry.asked_on or iso_date(address["address"])
        return match["number"], asker, [first[address.end() :], *body[1:]]
    if match["number"]:
        first = first[match.end("number") :].lstrip(". ")
        first = re.sub(r"^\(\d{4}\)\.?\s*", "", first)
    return match["number"], asker, [first, *body[1:]]


def _form_entry(lines: list[str]) -> Entry | None:
    """A page with the question's fields ("Question By:", "Asked Of:") over its text, and the
    answer under "Answer for …" / "Answered By:"."""
    for i, line in enumerate(lines[:80]):
        match = _FIELD_RE.match(line) if line else None
        if not match or match["label"].lower() not in ("question by", "asked by"):
            continue
        entry = Entry()
        values = [match["value"]] if match["value"] else []
        j = i + 1
        while j < len(lines) and not (lines[j] and _FIELD_RE.match(lines[j])) and (lines[j] or not values):
            if lines[j]:
                values.append(lines[j])
            j += 1
        if not values or len(values[0]) > 60:
            return None
        member = _MEMBER_LINE_RE.match(values[0])  # "Keith Prince (GLA Conservatives)"
        if member:
            values = [member["who"], member["group"], *values[1:]]
        entry.asker = Person(values[0], "", ", ".join(values[1:]))
        # the rest of the fields ("Asked Of:" / "The Mayor"), then the question
        while j < len(lines) and (
            not lines[j] or _FIELD_RE.match(lines[j]) or _BARE_LABEL_RE.match(lines[j])
        ):
            field_match = _FIELD_RE.match(lines[j]) or _BARE_LABEL_RE.match(lines[j]) if lines[j] else None
            j += 1
            if field_match and not field_match["value"]:
                value_at = next((k for k in range(j, min(len(lines), j + 3)) if lines[k]), None)
                if value_at is not None and len(lines[value_at]) <= 60 and "?" not in lines[value_at]:
                    j = value_at + 1  # its value on the next line
        answer_at = _answer_start(lines, j)
        end = answer_at if answer_at is not None else len(lines)
        entry.question = lines[j:end]
        _read_head(lines[:i], entry)
        _read_answer(lines, answer_at, entry)
        return entry
    return None


def _numbered_paper_entry(lines: list[str]) -> Entry | None:
    """ "Housing Question No: 2015/3315 Tom Copley Is a …?" (an order paper's entry, flattened),
    with "Answer for Housing The Mayor Last updated: …" and the answer on an answered paper."""
    for i, line in enumerate(lines[:200]):
        match = _QUESTION_NO_RE.match(line) if line and "Question N" in line else None
        if not match:
            continue
        words = match["rest"].split(" ")
        name_words: list[str] = []
        for position, word in enumerate(words[:5]):
            if not re.match(r"^[A-ZÄÖÜÁÉÍÓÚ][\w'’.-]*$", word) or word in _SENTENCE_OPENERS:
                break
            following = words[position + 1] if position + 1 < len(words) else ""
            if len(name_words) >= 2 and following[:1].islower():
                break  # "Andrew Boff AM Londoners are …": a capital before lower case begins the sentence
            name_words.append(word)
        if not 2 <= len(name_words) <= 4:  # "Caroline Pidgeon MBE AM"
            return None
        entry = Entry(title=match["title"].strip(), reference=match["ref"].replace(" ", ""))
        entry.asker = Person(" ".join(name_words))
        text = " ".join(words[len(name_words) :])
        rest = [text, *lines[i + 1 :]]
        answer_at = None
        # the answer on the same line: "… ? Answer for <title> The Mayor Last updated: <date> <answer>"
        label = re.search(rf"\s+Answer\s+for\s+{re.escape(entry.title)}\s*", text)
        if label:
            rest = [
                text[: label.start()],
                "",
                "Answer for " + entry.title,
                text[label.end() :],
                *lines[i + 1 :],
            ]
            answer_at = 2
        else:
            answer_at = _answer_start(rest, 1)
        entry.question = rest[:answer_at] if answer_at is not None else rest
        _read_head(lines[:i], entry)
        _read_answer(rest, answer_at, entry)
        return entry
    return None


def _notice_entry(lines: list[str]) -> Entry | None:
    """A notice paper's entry on one line: its number, subject, member, the minister asked, the
    question's parts "(1)", "(a)", and "Answer—" with the answer; the notice's date over it."""
    for i, line in enumerate(lines[:300]):
        match = NOTICE_ENTRY_RE.match(line) if line and "asked" in line else None
        if not match or not _MINISTERIAL_RE.search(match["to"]):
            continue
        who = re.sub(rf"^{POLITE}\s*", "", match["who"].strip())
        entry = Entry(title=match["title"].strip(), reference=match["ref"])
        entry.asker = Person(who) if who else None
        question, answer = [*NOTICE_ANSWER_RE.split(match["rest"], maxsplit=1), ""][:2]
        question, answer = (
            re.sub(r"\s+(?=\((?:\d{1,2}|[a-z])\)\s)", "\n", text) for text in (question, answer)
        )
        entry.question = question.split("\n")
        entry.answer = answer.split("\n") if answer else None
        previous = next((text for text in reversed(lines[max(0, i - 3) : i]) if text), "")
        if re.search(r"\(Paper\s+No\.?\s*\d+\)$", previous):
            entry.asked_on = iso_date(previous)
        return entry
    return None


def _paper_entry(lines: list[str]) -> Entry | None:
    """A question paper: "Question for written answer E-001234/2023 to the Commission", its
    authors ("Jane Roe (Renew)"), "Subject: …", the question (numbered parts "1." …), "Submitted:
    <date>", then "Answer given by … (<date>)" and the answer, numbered as the question."""
    heading = next((i for i, line in enumerate(lines[:40]) if line and _PAPER_HEADING_RE.match(line)), None)
    if heading is None:
        return None
    entry = Entry()
    reference = _PAPER_REFERENCE_RE.search(" ".join(lines[: heading + 1]))
    entry.reference = reference.group() if reference else ""
    start = None
    askers = []
    for j in range(heading + 1, min(len(lines), heading + 20)):
        subject = _SUBJECT_RE.match(lines[j])
        if subject:
            entry.title, start = subject["title"].strip(), j + 1
            break
        member = _MEMBER_LINE_RE.match(lines[j])
        if member:
            askers.append(Person(member["who"].strip(), "", member["group"].strip()))
    if start is None or not askers:
        return None
    entry.asker, entry.co_askers = askers[0], askers[1:]
    answer_at = next(
        (
            k
            for k in range(start, len(lines))
            if lines[k] and (_ANSWER_GIVEN_RE.match(lines[k]) or _ANSWER_LABEL_RE.match(lines[k]))
        ),
        None,
    )
    for line in lines[start : answer_at if answer_at is not None else len(lines)]:
        submitted = _SUBMITTED_RE.match(line) if line else None
        if submitted and iso_date(submitted["date"]):
            entry.asked_on = entry.asked_on or iso_date(submitted["date"])
        else:
            entry.question.append(line)
    if answer_at is not None and _ANSWER_GIVEN_RE.match(lines[answer_at]):
        # "Answer given by …" / "on behalf of the European Commission" / "(20.6.2023)": who and when
        end = next((k for k in range(answer_at, len(lines)) if not lines[k]), len(lines))
        entry.answered_on = iso_date(" ".join(lines[answer_at:end]))
        entry.answer = lines[end:]
    else:
        _read_answer(lines, answer_at, entry)
    return entry


# -- pieces of an entry ----------------------------------------------------------------------------


def _answer_start(lines: list[str], start: int) -> int | None:
    for i in range(start, len(lines)):
        line = lines[i]
        if line and (_ANSWER_LABEL_RE.match(line) or speaker_at(line)):
            return i
    return None


def _after_reference(lines: list[str], start: int) -> int | None:
    """Without a label, the answer to reported speech begins after the question's reference
    ("… [3169/18]") when no further member's question follows it."""
    for j in range(start, len(lines)):
        if lines[j] and _BRACKET_REFERENCE_RE.search(lines[j]):
            following = [k for k in range(j + 1, min(len(lines), j + 8)) if lines[k]]
            if following and not any(_member_entry(lines, k) for k in following):
                return following[0]
    return None


def speaker_at(line: str) -> re.Match | None:
    """The answering member at the start of a line, when it names an office that answers."""
    match = _SPEAKER_RE.match(line)
    if match and (match["title"] or match["member"] or _MINISTERIAL_RE.search(match["office"] or "")):
        return match
    return None


def _lead_in_end(body: list[str]) -> int | None:
    """The line that ends the entry's address ("… representing the Minister for Transport:"), if
    the entry begins with one: within its paragraph, before anything asks."""
    for j, line in enumerate(body[:6]):
        if not line or "?" in line:
            return None
        if line.endswith(":"):
            return j
    return None


def _dated(text: str) -> bool:
    return bool(_DATE_ANYWHERE_RE.search(text))


def _is_head_noise(line: str, entry: Entry) -> bool:
    return (
        _dated(line)
        or _PAGE_KIND_RE.match(line) is not None
        or _FIELD_RE.match(line) is not None
        or line.endswith(":")
        or (entry.asker is not None and line == entry.asker.name)
        or len(line) > 150
        or (len(line) > 80 and line.endswith("."))
    )


def _read_head(head: list[str], entry: Entry) -> None:
    """The page's lines before the entry: the asked date and the page's date, and the subject
    (the last heading that is no date, field, page heading or the member's name)."""
    previous = ""
    candidates = []
    skip_value = False
    sitting = ""
    for line in head:
        if not line:
            continue
        if _SOURCE_LINE_RE.match(line) or (_PAGE_KIND_RE.match(line) and _SITTING_PAPER_RE.search(line)):
            candidates = []  # the subject stands under the paper's heading; above it, the site's
        field_match = _FIELD_RE.match(line)
        date_line = _DATE_LINE_RE.match(line)
        if date_line:
            skip_value = False
            label = previous.lower().rstrip(": ")
            if label in _ASKED_LABELS:
                entry.asked_on = entry.asked_on or iso_date(date_line["date"])
            elif not previous.endswith(":") and not _FIELD_RE.match(previous):
                entry.page_date = entry.page_date or iso_date(date_line["date"])
        elif field_match or _BARE_LABEL_RE.match(line):
            skip_value = not field_match or not field_match["value"]
        elif _QUESTION_NUMBER_RE.match(line):
            entry.reference = entry.reference or _QUESTION_NUMBER_RE.match(line)["ref"]
        elif skip_value:
            skip_value = False
        elif (subject := _SUBJECT_RE.match(line)) and not _dated(line):
            candidates.append(subject["title"].strip())  # "Subject: Harbour Dredging"
        elif re.search(_WEEKDAY, line) and _dated(line):
            # "Dáil Éireann Debate, Tuesday - 23 January 2018", "Legislative Council: Tuesday, February
            # 07, 2023": the day of the sitting, when no date line of its own gives the page's
            sitting = sitting or iso_date(line)
        elif not _is_head_noise(line, entry) and not _SOURCE_LINE_RE.match(line):
            candidates.append(line)
        previous = line
    entry.page_date = entry.page_date or sitting
    if any(_SITTING_PAPER_RE.search(line) for line in head if line):
        entry.page_date = ""
    if not entry.title and candidates:
        entry.title = candidates[-1]
    entry.title = _SUBJECT_PREFIX_RE.sub("", entry.title)


def _read_answer(lines: list[str], answer_at: int | None, entry: Entry) -> None:
    if answer_at is None:
        return
    answer: list[str] = []
    skip_value = False
    for line in lines[answer_at:]:
        if not line:
            if answer and answer[-1]:
                answer.append("")
            continue
        label = _ANSWER_LABEL_RE.match(line) if not answer else None
        if label and not label.group().endswith(" "):
            # "Answered By:" / "The Mayor": who answered, not the answer
            skip_value = bool(re.match(r"^Answered\s+By\s*:?\s*$", line, re.IGNORECASE))
            continue
        if label:
            line = line[label.end() :]  # "Answer: The council …"
        if skip_value:
            skip_value = False
            continue
        if not answer:
            updated = _LAST_UPDATED_RE.match(line)
            if updated:
                entry.answered_on = iso_date(updated["date"])
                line = updated["rest"]
                if not line:
                    continue
            speaker = speaker_at(line)
            if speaker:
                line = line[speaker.end() :]
        answer.append(line)
    entry.answer = answer
