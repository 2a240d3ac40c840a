"""Turn the text of a council inquiry (or of its reply) into a ParsedLetter.

The parser reads a letter the way a clerk does:

1. Header (everything before the salutation "Sehr geehrte …"): addressee, date, subject line
   ("Große Anfrage zum Thema „…“", "Betreff: …"), e-mail headers (Von/An/Betreff/Datum).
2. Body, from the salutation to the closing formula ("Mit freundlichen Grüßen"), read line by
   line into paragraphs, list items ("1.", "a)", "Frage 2:", "IV.", "1.1", bullets), answers
   ("Antwort:", "Zu 1.:") and the justification ("Begründung:").
3. The question list is the list with the most question marks; its deeper levels become
   sub-questions. Without any numbered list, paragraphs that end in "?" are the questions,
   numbered "1", "2", … in order. Everything else in the body between salutation and closing
   — intro, the request "wir bitten um Beantwortung …", text after the questions — is the
   preamble. The salutation itself is not part of it (it is in ParsedLetter.salutation).
4. Signature (after the closing): sender name and role.

It raises nothing but LetterError (for empty, oversized or non-letter text), and TypeError
if it is not given a str.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .base import MAX_TEXT_CHARS, LetterError, ParsedLetter, ParsedQuestion, _
from .fields import (
    ADDRESSEE_RE,
    ADDRESSEE_START_RE,
    ANSWER_RE,
    CLOSING_RE,
    DATE_FIELD_RE,
    DATE_LINE_RE,
    EMAIL_HEADER_RE,
    HEADER_LINES,
    INTRO_RE,
    JUSTIFICATION_RE,
    KIND_RE,
    PERSON_LINE_RE,
    SALUTATION_RE,
    SHORT,
    SUBJECT_RE,
    find_deadline,
    is_name,
    read_signature,
    split_address,
    title,
)
from .markers import ListState, Marker, MarkerCache, format_lines, parse_marker
from .text import (
    Joiner,
    continues,
    is_strong_continuation,
    is_terminal,
    iso_date,
    join_lines,
    prepare_lines,
    squash,
)

# More non-blank lines than this are not a letter (and would take seconds to read).
MAX_LINES = 30_000
# The salutation comes within this many lines (letterhead, addresses, reference lines).
SALUTATION_LINES = 150


def parse_letter(text: str) -> ParsedLetter:
    """Read a letter's text into a ParsedLetter. See the module docstring for the rules.

    Raises LetterError for empty or whitespace-only text, for text that is mostly not
    letters (binary garbage), and for text longer than MAX_TEXT_CHARS. A letter without any
    question still parses (with no questions).
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_letter() needs str, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise LetterError(_("The text of the letter is too long."))
    _check_plausible(text)
    lines = prepare_lines(text)
    if sum(1 for line in lines if line) > MAX_LINES:
        raise LetterError(_("The text of the letter is too long."))
    return _Parser(lines).parse()


_NON_LETTERS_RE = re.compile(r"[\W\d_]+")


def _check_plausible(text: str) -> None:
    sample = text[:200_000]
    non_space = len("".join(sample.split()))
    if non_space == 0:
        raise LetterError(_("The letter is empty."))
    letters = len(_NON_LETTERS_RE.sub("", sample))
    if letters < 2 or letters * 10 < non_space * 4:  # under 40 % letters: not prose
        raise LetterError(_("The text does not look like a letter."))


# --- body blocks ----------------------------------------------------------------------------


@dataclass(eq=False)
class _Block:
    kind: str  # para, item, answer, justification
    start: int  # index of the first line
    lines: list[str] = field(default_factory=list)
    indices: list[int] = field(default_factory=list)
    marker: Marker | None = None
    level: int = 0
    style: str = ""  # items: the list style as read in context ("roman" for a lone "i.")
    list_id: int = -1
    ref: str | None = None  # answers: the question referred to ("3", "1a"), None = the one before
    previous_item: _Block | None = None  # answers and paragraphs: the item they follow
    attached: list[tuple[str, _Block]] = field(default_factory=list)  # (separator, paragraph)
    is_attached: bool = False
    position: int = 0  # index in the list of blocks
    tail: str = ""  # the last line of the item including attached paragraphs
    has_question: bool = False  # "?" in the item's text including attached paragraphs

    def add(self, index: int, line: str) -> None:
        self.indices.append(index)
        self.lines.append(line)
        if line:
            self.tail = line
            if "?" in line:
                self.has_question = True

    def attach(self, separator: str, paragraph: _Block) -> None:
        self.attached.append((separator, paragraph))
        paragraph.is_attached = True
        if paragraph.tail:
            self.tail = paragraph.tail
        self.has_question = self.has_question or paragraph.has_question

    @property
    def is_empty(self) -> bool:
        return not self.tail and not self.attached

    def own_text(self) -> str:
        if not self.lines:
            return squash(self.marker.text) if self.marker else ""
        first = [self.marker.text] if self.marker else []
        return join_lines(first + self.lines)

    def full_text(self) -> str:
        if not self.attached:
            return self.own_text()
        joiner = Joiner()
        joiner.add(self.own_text())
        for separator, block in self.attached:
            joiner.add(block.own_text(), separator if joiner.parts else "")
        return joiner.text().strip()


class _Parser:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.result = ParsedLetter()
        self.skip: set[int] = set()  # lines that belong to no text field (date lines, headers)
        self._question_of: dict[int, ParsedQuestion] = {}  # id(item block) -> question
        self._parent_of: dict[int, ParsedQuestion] = {}  # id(sub-question) -> question
        self._unnumbered_at: list[tuple[int, ParsedQuestion]] = []  # (last line, question)
        self._email_header_end = 0
        self._by_number: dict[str, ParsedQuestion] = {}  # "1", "1 a", "1.2" -> question
        self._numbers: set[str] = set()  # top-level numbers in use
        self._markers = MarkerCache()

    # -- driver --------------------------------------------------------------------------------

    def parse(self) -> ParsedLetter:
        lines = self.lines
        header_end = self._find_salutation()
        email = self._email_headers(header_end)
        subject_index, subject = self._find_subject(header_end, email)
        body_start = header_end
        if self.result.salutation:
            body_start = header_end + 1
        elif subject_index is not None:
            body_start = subject_index + 1
            header_end = body_start
        else:
            header_end = body_start = self._email_header_end
        closing_index = self._find_closing(body_start)
        body_end = closing_index if closing_index is not None else len(lines)
        self._mark_date_lines(body_start, body_end)

        blocks = self._scan(body_start, body_end)
        chosen = self._choose_questions(blocks)
        justification = [block for block in blocks if block.kind == "justification"]

        used = set(self.skip)
        for block in chosen:
            used.update(self._indices_of(block))
        for block in justification:
            used.update(block.indices)
            used.add(block.start)
        self.result.preamble = format_lines(
            [(i, lines[i]) for i in range(body_start, body_end) if i not in used], self._markers
        )
        self.result.justification = "\n\n".join(
            filter(
                None,
                (
                    format_lines(list(zip(block.indices, block.lines, strict=True)), self._markers)
                    for block in justification
                ),
            )
        )
        self._header(header_end, subject, email)
        if closing_index is not None:
            self._signature(closing_index)
        if not self.result.sender and email.get("from"):
            self.result.sender = email["from"]
        if not self.result.date:
            self.result.date = self._date(header_end, closing_index)
        self.result.kind = self._kind(subject, header_end)
        self.result.deadline_text = self._deadline()
        return self.result

    # -- header --------------------------------------------------------------------------------

    def _find_salutation(self) -> int:
        """Index of the salutation line, or len(lines). Splits "Sehr geehrte …, wir bitten …".

        Only searched in the letter's head: up to the first question or closing formula and at
        most SALUTATION_LINES lines, so that a salutation quoted further down does not turn the
        whole letter into its header."""
        lines = self.lines
        for i, line in enumerate(lines[:SALUTATION_LINES]):
            if not line or len(line) > SHORT * 3:
                continue
            if CLOSING_RE.match(line) and i > 0:
                break
            if line.endswith("?") and not SUBJECT_RE.match(line) and not KIND_RE.search(line):
                break  # a question: the body has begun
            if SALUTATION_RE.match(line):
                # "Sehr geehrter Herr Becker, sehr geehrte Damen und Herren, wir bitten …":
                # the salutation ends at the first comma not followed by another salutation.
                comma = line.find(",")
                while 0 < comma < 200 and SALUTATION_RE.match(line[comma + 1 :].strip()):
                    comma = line.find(",", comma + 1)
                if 0 < comma < min(len(line) - 1, 200) and line[comma + 1 :].strip():
                    lines.insert(i + 1, line[comma + 1 :].strip())
                    line = lines[i] = line[: comma + 1]
                if len(line) <= 200:
                    self.result.salutation = line
                    return i
        return len(lines)

    def _email_headers(self, header_end: int) -> dict[str, str]:
        headers: dict[str, str] = {}
        self._email_header_end = 0
        for i in range(min(header_end, len(self.lines), HEADER_LINES)):
            line = self.lines[i]
            if not line or len(line) > SHORT:
                continue
            match = EMAIL_HEADER_RE.match(line)
            if not match:
                continue
            key = match["key"].lower()
            value = match["value"].strip()
            canonical = {
                "from": "from",
                "von": "from",
                "an": "to",
                "to": "to",
                "betreff": "subject",
                "subject": "subject",
                "datum": "date",
                "date": "date",
                "gesendet": "date",
                "sent": "date",
            }.get(key)
            if canonical and canonical not in headers:
                headers[canonical] = value
            self.skip.add(i)
            self._email_header_end = i + 1
        if "from" in headers:
            name, email = split_address(headers["from"])
            headers["from"] = name
            self.result.sender_email = email
        return headers

    def _find_subject(self, header_end: int, email: dict[str, str]) -> tuple[int | None, str]:
        """The subject line: "Betreff: …" or the line naming the kind ("Große Anfrage zu …")."""
        lines = self.lines
        limit = min(header_end, len(lines))
        if not self.result.salutation:
            limit = min(limit, HEADER_LINES)
        kind_line = None
        for i in range(limit):
            line = lines[i]
            if not line or len(line) > SHORT:
                continue
            match = SUBJECT_RE.match(line)
            if match:
                return i, self._subject_paragraph(i, match["value"])
            if (
                kind_line is None
                and len(line) <= 200
                and KIND_RE.search(line)
                and not EMAIL_HEADER_RE.match(line)
                and not line.endswith("?")
                and parse_marker(line) is None
            ):
                kind_line = i
        if kind_line is not None:
            return kind_line, self._subject_paragraph(kind_line, lines[kind_line])
        if email.get("subject"):
            return None, email["subject"]
        return None, ""

    def _subject_paragraph(self, index: int, first: str) -> str:
        """A subject wrapped over several lines (PDF) continues until a blank line."""
        parts = [first]
        self.skip.add(index)
        i = index + 1
        while i < len(self.lines) and self.lines[i] and len(parts) < 4:
            line = self.lines[i]
            if SALUTATION_RE.match(line) or DATE_LINE_RE.match(line) or EMAIL_HEADER_RE.match(line):
                break
            parts.append(line)
            self.skip.add(i)
            i += 1
        return join_lines(parts)

    def _header(self, header_end: int, subject: str, email: dict[str, str]) -> None:
        self.result.title = title(subject)
        lines = self.lines
        for i in range(min(header_end, len(lines))):
            line = lines[i]
            if line and len(line) <= SHORT and ADDRESSEE_START_RE.match(line):
                who = ADDRESSEE_RE.match(line)["who"].strip()
                parts = [who]
                for j in range(i + 1, min(i + 3, len(lines))):
                    following = lines[j]
                    if following and following[0].islower() and len(following) <= 100:
                        parts[-1] = f"{parts[-1]} {following}"  # "An den Bürgermeister / der Stadt …"
                    elif following and (PERSON_LINE_RE.match(following) or is_name(following)):
                        parts.append(following)
                    else:
                        break
                self.result.addressee = ", ".join(parts)
                return
        if email.get("to"):
            name, address = split_address(email["to"])
            self.result.addressee = name or address

    def _date(self, header_end: int, closing_index: int | None) -> str:
        lines = self.lines
        header = min(header_end, len(lines)) if self.result.salutation else min(header_end, HEADER_LINES)
        regions = [(range(header), True)]
        if closing_index is not None:
            regions.append((range(closing_index, min(closing_index + 40, len(lines))), True))
        regions.append((range(len(lines)), False))  # a date line anywhere ("Bornheim, 12.03.2027")
        for region, fields in regions:
            for i in region:
                line = lines[i]
                if not line or len(line) > SHORT:
                    continue
                match = DATE_LINE_RE.match(line) or (fields and DATE_FIELD_RE.search(line))
                if match:
                    found = iso_date(match["date"])
                    if found:
                        return found
        return ""

    def _mark_date_lines(self, start: int, end: int) -> None:
        """Date lines ("Bornheim, 12.03.2027") in the body belong to no text field."""
        for i in range(start, end):
            line = self.lines[i]
            if line and len(line) <= 80 and DATE_LINE_RE.match(line) and iso_date(line):
                self.skip.add(i)

    def _kind(self, subject: str, header_end: int) -> str:
        texts = [subject]
        header = min(header_end, len(self.lines)) if self.result.salutation else min(header_end, HEADER_LINES)
        texts.extend(line for line in self.lines[:header] if len(line) <= SHORT)
        texts.append(self.result.preamble[:3000])
        for text in texts:
            match = KIND_RE.search(text)
            if match:
                if match["gross"]:
                    return "grosse_anfrage"
                if match["klein"]:
                    return "kleine_anfrage"
                if match["sitzung"]:
                    return "anfrage_zur_sitzung"
                return "anfrage"
        return "anfrage"

    def _deadline(self) -> str:
        return find_deadline(self.result.preamble, self.result.justification)

    # -- closing and signature -----------------------------------------------------------------

    def _find_closing(self, body_start: int) -> int | None:
        """The closing formula that ends the letter: the first after the questions, if any."""
        candidates = [
            i
            for i in range(body_start, len(self.lines))
            if self.lines[i] and len(self.lines[i]) <= 120 and CLOSING_RE.match(self.lines[i])
        ]
        if not candidates:
            return None
        first_question = next((j for j in range(body_start, len(self.lines)) if "?" in self.lines[j]), None)
        for i in candidates:
            if first_question is not None and first_question < i:
                return i
        return candidates[0]

    def _signature(self, closing_index: int) -> None:
        signature = read_signature(self.lines, closing_index)
        self.result.closing = signature.closing
        self.result.sender = signature.sender
        self.result.sender_role = signature.role
        self.result.sender_email = self.result.sender_email or signature.email

    # -- body ------------------------------------------------------------------------------------

    def _scan(self, start: int, end: int) -> list[_Block]:
        """Read the body into blocks. See _Block for the kinds."""
        lines = self.lines
        blocks: list[_Block] = []
        state = ListState()  # the list being read (questions, usually)
        inner = ListState()  # a list inside an answer
        list_id = 0
        current: _Block | None = None
        last_item: _Block | None = None
        pending: list[_Block] = []  # paragraphs after the last item that are not part of it
        mode = "text"
        previous = ""  # the last non-blank line
        blank = True  # was there a blank line since `previous`?
        seen_items = False

        def close() -> None:
            nonlocal current
            if current is not None and current.kind == "para" and last_item is not None and not pending:
                if self._attach(current, last_item):
                    last_item.attach(" ", current)
                else:
                    pending.append(current)
            elif current is not None and current.kind == "para" and last_item is not None:
                pending.append(current)
            current = None

        for i in range(start, end):
            line = lines[i]
            if i in self.skip:
                continue
            if not line:
                if current is not None and current.kind in ("para", "item"):
                    close()
                elif current is not None:
                    current.add(i, "")
                blank = True
                continue
            same_paragraph = not blank
            first = line[0]
            justification = JUSTIFICATION_RE.match(line) if first in "BbEeZz" and len(line) <= SHORT else None
            if justification and mode != "justification":
                close()
                current = _Block("justification", i)
                current.position = len(blocks)
                blocks.append(current)
                mode = "justification"
                if justification["rest"]:
                    current.add(i, justification["rest"].strip())
                previous, blank = line, False
                continue
            if mode == "justification":
                if not seen_items and line.endswith(":") and INTRO_RE.search(line) and blank:
                    mode = "text"  # justification first, then "Wir fragen daher:" and the list
                    current = None
                else:
                    current.add(i, line)
                    previous, blank = line, False
                    continue
            answer = ANSWER_RE.match(line) if first in "AaSsBbZz" and len(line) <= SHORT * 3 else None
            if answer and (
                answer["ref1"] or answer["ref2"] or last_item is not None or _ends_with_question(previous)
            ):
                close()
                ref = answer["ref1"] or answer["ref2"]
                current = _Block("answer", i, ref=_normalise_ref(ref) if ref else None)
                current.previous_item = last_item
                current.position = len(blocks)
                blocks.append(current)
                rest = line[answer.end() :].strip()
                if rest:
                    current.add(i, rest)
                else:
                    current.indices.append(i)
                    current.lines.append("")
                mode = "answer"
                inner.reset()
                previous, blank = line, False
                continue

            marker = self._markers[line]
            placed = None
            if marker is not None:
                # A comma before a label is only a weak hint: lists of infinitives end in commas
                # ("1. … darzustellen,\n2. … zu nennen,").
                strong = previous and is_strong_continuation(previous, same_paragraph=False)
                weak = same_paragraph and previous and not is_terminal(previous)
                if mode == "answer":
                    inner_place = inner.place(marker)
                    outer_place = state.place(marker)
                    if strong or weak and inner_place[0] not in ("next", "start", "sub"):
                        placed = None
                    elif inner.active and inner_place[0] == "next":
                        inner.accept(*inner_place, marker)
                    elif outer_place[0] == "next" and state.active:
                        placed = outer_place
                    elif inner_place[0] in ("start", "next", "sub"):
                        inner.accept(*inner_place, marker)
                else:
                    placed = state.place(marker)
                    kind = placed[0]
                    if strong or (weak and kind not in ("next", "sub", "start")):
                        placed = None
                    elif kind == "subn" or (kind == "startn" and marker.style != "dec"):
                        placed = None
                    elif kind == "jump" and not _plausible_jump(marker, state, placed):
                        placed = None
            if placed is not None:
                close()
                kind, level, style, value = placed
                new_list = kind in ("start", "startn") or (kind == "restart" and level == 0)
                if pending and kind != "next":
                    new_list = True
                if new_list:
                    state.reset()
                    kind, level, style, value = state.place(marker)
                    list_id += 1
                elif pending and last_item is not None:
                    for paragraph in pending:  # between two items of one list: part of the first
                        last_item.attach("\n\n", paragraph)
                pending = []
                state.accept(kind, level, style, value, marker)
                current = _Block("item", i, marker=marker, level=level, list_id=list_id, style=style)
                current.indices.append(i)
                current.tail = marker.text
                current.has_question = "?" in marker.text
                current.position = len(blocks)
                blocks.append(current)
                last_item = current
                seen_items = True
                mode = "text"
                previous, blank = line, False
                continue

            if mode == "answer" and blank and not state.active and self._question_paragraph(i, end):
                mode = "text"  # unnumbered questions: the next question ends the answer
                current = None
            if mode == "answer":
                current.add(i, line)
            elif current is not None and current.kind in ("para", "item") and same_paragraph:
                current.add(i, line)
            else:
                close()
                current = _Block("para", i)
                current.previous_item = last_item
                current.add(i, line)
                current.position = len(blocks)
                blocks.append(current)
            previous, blank = line, False
        close()
        return blocks

    def _question_paragraph(self, start: int, end: int) -> bool:
        """Does the paragraph starting at this line end with a question mark?"""
        i = start
        while i + 1 < end and self.lines[i + 1]:
            i += 1
        return _ends_with_question(self.lines[i])

    def _attach(self, paragraph: _Block, item: _Block) -> bool:
        """Is a paragraph after an item (past a blank line) still part of that item?"""
        first = paragraph.lines[0] if paragraph.lines else ""
        if item.is_empty:
            return True  # "Frage 1:" on its own line, the question below
        if continues(item.tail, first):
            return True
        # PDF text boxes split a question; a part that ends in "?" continues a question.
        return _ends_with_question(paragraph.tail) and item.has_question and not first.endswith(":")

    def _indices_of(self, block: _Block) -> set[int]:
        indices = set(block.indices)
        indices.add(block.start)
        for _separator, paragraph in block.attached:
            indices.update(self._indices_of(paragraph))
        return indices

    # -- questions -------------------------------------------------------------------------------

    def _choose_questions(self, blocks: list[_Block]) -> list[_Block]:
        """Pick the question list, build the questions, attach answers; return the used blocks."""
        lists: dict[int, list[_Block]] = {}
        for block in blocks:
            if block.kind == "item":
                lists.setdefault(block.list_id, []).append(block)
        best_id = None
        best_score = (-1.0, 0, 0)
        for list_id, items in lists.items():
            questions = sum(1 for item in items if item.has_question)
            intro = 0.5 if self._has_intro(blocks, items[0]) else 0.0
            score = (questions + intro if questions else intro / 10, len(items), -list_id)
            if score > best_score:
                best_id, best_score = list_id, score
        answers = [block for block in blocks if block.kind == "answer"]
        unnumbered = []
        if best_id is None or best_score[0] == 0:
            unnumbered = self._unnumbered_questions(blocks)
        if unnumbered:
            used = self._build_unnumbered(unnumbered)
            items: list[_Block] = []
        else:
            items = lists.get(best_id, []) if best_id is not None else []
            used = self._build_questions(items)
        used.extend(self._attach_answers(answers, items, used))
        return used

    def _has_intro(self, blocks: list[_Block], first_item: _Block) -> bool:
        index = first_item.position
        if index > 0 and blocks[index - 1].kind == "para":
            text = blocks[index - 1].tail
            return text.endswith(":") and bool(INTRO_RE.search(text))
        return False

    def _build_questions(self, items: list[_Block]) -> list[_Block]:
        questions: list[ParsedQuestion] = []
        current: ParsedQuestion | None = None
        sub: ParsedQuestion | None = None
        unnumbered = 0
        taken = self._numbers
        sub_taken: set[str] = set()
        folded: dict[int, tuple[ParsedQuestion, list[str]]] = {}  # joined once at the end
        texts = _distribute_detached_labels(items)
        for item, text in zip(items, texts, strict=True):
            marker = item.marker
            level = item.level
            if level == 0 or current is None:
                number = marker.number
                if item.style == "bullet":
                    unnumbered += 1
                    number = str(unnumbered)
                current = ParsedQuestion(_unique(number, taken), text, [])
                sub_taken = set()
                questions.append(current)
                sub = None
                self._question_of[id(item)] = current
            elif level == 1 and item.style != "bullet":
                sub = ParsedQuestion(_unique(marker.number, sub_taken), text, [])
                current.sub_questions.append(sub)
                self._question_of[id(item)] = sub
                self._parent_of[id(sub)] = current
            else:
                # Deeper levels and bullet lists under a question are enumerations inside it.
                target = sub if (sub is not None and level >= 2) else current
                folded.setdefault(id(target), (target, [target.text]))[1].append(f"{marker.raw} {text}")
                self._question_of[id(item)] = target
        for target, parts in folded.values():
            target.text = "\n".join(parts).strip()
        self.result.questions = questions
        return list(items)

    def _unnumbered_questions(self, blocks: list[_Block]) -> list[tuple[_Block, list[str], list[int]]]:
        """Paragraph pieces that end in "?", outside lists and the justification."""
        units: list[tuple[_Block, list[str], list[int]]] = []
        for block in blocks:
            if block.kind != "para" or block.is_attached:
                continue
            lines: list[str] = []
            indices: list[int] = []
            for index, line in zip(block.indices, block.lines, strict=True):
                lines.append(line)
                indices.append(index)
                if line.rstrip("\"'“”»«)*_ ").endswith("?"):
                    units.append((block, lines, indices))
                    lines, indices = [], []
            if lines:
                units.append((block, lines, indices))
        is_question = [u[1][-1].rstrip("\"'“”»«)*_ ").endswith("?") for u in units]
        if not any(is_question):
            return []
        last_question = max(i for i, q in enumerate(is_question) if q)
        start = None
        for i, unit in enumerate(units[: last_question + 1]):
            text = unit[1][-1]
            if text.endswith(":") and INTRO_RE.search(text) and any(is_question[i + 1 :]):
                start = None  # questions begin after the (last) intro line
                continue
            if start is None and is_question[i]:
                start = i
        if start is None:
            return []
        return units[start : last_question + 1]

    def _build_unnumbered(self, units) -> list[_Block]:
        questions: list[ParsedQuestion] = []
        texts: list[list[str]] = []
        used_indices: set[int] = set()
        for _block, lines, indices in units:
            text = join_lines(lines)
            if _ends_with_question(text) or not questions:
                questions.append(ParsedQuestion(_unique(str(len(questions) + 1), self._numbers), "", []))
                texts.append([text])
            else:
                texts[-1].append(text)  # a remark between two questions belongs to the first
            self._unnumbered_at.append((max(indices), questions[-1]))
            used_indices.update(indices)
        for question, parts in zip(questions, texts, strict=True):
            question.text = "\n\n".join(parts)
        self.result.questions = questions
        carrier = _Block("para", -1)
        carrier.indices = sorted(used_indices)
        return [carrier]

    def _attach_answers(self, answers: list[_Block], items: list[_Block], used: list[_Block]) -> list[_Block]:
        attached = []
        texts: dict[int, tuple[ParsedQuestion, list[str]]] = {}
        item_ids = {id(item) for item in items}
        unnumbered_lines = [line for line, _question in self._unnumbered_at]
        for answer in answers:
            before = None
            if answer.previous_item is not None and id(answer.previous_item) in item_ids:
                before = self._question_of.get(id(answer.previous_item))
            elif not items and unnumbered_lines:  # unnumbered questions: the last one above
                position = bisect.bisect_left(unnumbered_lines, answer.start)
                if position:
                    before = self._unnumbered_at[position - 1][1]
            if answer.ref is not None:
                target = self._find_question(answer.ref, before)
                if target is None:
                    target = ParsedQuestion(_unique(answer.ref, self._numbers), "", [])
                    self.result.questions.append(target)
                    self._by_number[target.number.lower()] = target
            else:
                target = before
            if target is None:
                continue
            text = format_lines(list(zip(answer.indices, answer.lines, strict=True)), self._markers)
            if text:
                texts.setdefault(id(target), (target, []))[1].append(text)
            attached.append(answer)
        for target, parts in texts.values():  # joined once: many answers may share a question
            target.answer = "\n\n".join(parts)
        return attached

    def _find_question(self, ref: str, before: ParsedQuestion | None) -> ParsedQuestion | None:
        """The question an answer refers to: "3", "1 a", "1.2", or "a" (a sub-question of the
        question answered last)."""
        if not self._by_number:
            for question in self.result.questions:
                self._by_number.setdefault(question.number.lower(), question)
                for sub_question in question.sub_questions:
                    self._by_number.setdefault(
                        f"{question.number} {sub_question.number}".lower(), sub_question
                    )
                    if "." in sub_question.number:  # "1.2" is unique on its own
                        self._by_number.setdefault(sub_question.number.lower(), sub_question)
        top, _space, _sub = ref.partition(" ")
        if top.isalpha():  # "Zu a)": a sub-question of the current question
            parent = self._parent_of.get(id(before), before) if before is not None else None
            candidates = parent.sub_questions if parent is not None else []
            return next((q for q in candidates if q.number.lower() == top.lower()), None)
        return self._by_number.get(ref.lower())


# --- helpers --------------------------------------------------------------------------------


_QUESTION_END_RE = re.compile(r"(?<=\?)\s+(?=[A-ZÄÖÜ])")


def _distribute_detached_labels(items: list[_Block]) -> list[str]:
    """The items' texts. Some PDFs (HTML lists, some Word layouts) put the labels in a column
    of their own, which pdfminer reads as "1. / 2. / 3." and then all questions in one block:
    the block's questions are shared out when their number matches the labels exactly."""
    texts = [item.full_text() for item in items]
    run_start = None
    for i, text in enumerate(texts):
        if not text:
            if run_start is None:
                run_start = i
            continue
        if run_start is not None and all(items[j].level == items[i].level for j in range(run_start, i)):
            parts = _QUESTION_END_RE.split(text)
            if len(parts) == i - run_start + 1 and all(_ends_with_question(part) for part in parts):
                texts[run_start : i + 1] = parts
        run_start = None
    return texts


def _ends_with_question(line: str) -> bool:
    return line.rstrip("\"'“”»«)*_ ").endswith("?")


def _plausible_jump(marker: Marker, state: ListState, placed) -> bool:
    """Accept an unexpected label after a finished sentence only when it repeats the last one
    or moves forward a little (a misnumbered or skipped item)."""
    _kind, level, style, value = placed
    if style == "bullet":
        return True
    last = state.values[level] if level < len(state.values) else 0
    return last <= value <= last + 3


def _normalise_ref(ref: str) -> str:
    """ "1a" / "1 a" / "1.a" → "1 a"; "2" → "2"; "1.2" stays."""
    ref = ref.strip().rstrip(".)")
    match = re.match(r"^(\d{1,3}(?:\.\d{1,3})*)\.?\s*([a-zA-Z]{1,2})?$", ref)
    if match:
        return f"{match[1]} {match[2]}".strip() if match[2] else match[1]
    return ref


def _unique(number: str, taken: set[str]) -> str:
    """Numbers must be unique among siblings (the database says so): a second "2" is "2 (2)".
    Adds the number to `taken`."""
    result = number[:20]
    counter = 1
    while result in taken:
        counter += 1
        result = f"{number[:12]} ({counter})"
    taken.add(result)
    return result
