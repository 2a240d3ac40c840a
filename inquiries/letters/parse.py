"""Turn the text of a council inquiry, or of the administration's reply to one, into a
ParsedLetter.

The reader works in three steps, each on the whole document:

1. Zones and blocks. The head (up to the salutation or the first block of the body), the body,
   and the foot (from the closing formula or "unterzeichnet von:"). The body is split into
   blocks with features (`blocks.Block`): list marker (style, value), answer label and the
   questions it names, section label ("Begründung:"), question mark.
2. The numbering scheme. Of the marker styles in the body, the question list is the outermost
   style whose items ask something (a style that restarts after each item of another one is
   nested in it: roman sections with arabic questions, "1." with "a)"). The next style inside
   it gives the sub-questions, when those ask something themselves; deeper levels, bullets and
   lists of values stay inside the question's text. Without any numbered question, paragraphs
   and sentences that end with "?" are the questions (numbered None), and without those,
   requests ("Bitte teilen Sie mit …", "To ask the Secretary of State …").
3. Roles. Before the questions: preamble. Between and after them: in a reply the answers (after
   a label such as "Antwort:" or "Zu 2 und 3:", or unlabelled after each question), in an
   inquiry the rest of a question or, after the last one, the justification (labelled or not)
   and the request for an answer. The head gives title, kind, senders, date and reference;
   the foot the closing and the signatories. The requested deadline is looked for only where
   a letter asks for its answer (preamble and the request after the questions, never inside a
   question or the justification) and read by the deadline engine.

Every element the reader was unsure about carries a doubt that the review form shows.

It raises nothing but LetterError (for empty, oversized or non-letter text, or more questions
than MAX_QUESTIONS), and TypeError if it is not given a str.
"""

from __future__ import annotations

import re
from datetime import date

from . import written_questions
from .base import MAX_QUESTIONS, MAX_TEXT_CHARS, REPLY, LetterError, ParsedLetter, ParsedQuestion, Person, _
from .blocks import ANSWER_LABEL_RE, HEADING_LABEL_RE, QUESTION_LABEL_RE, SECTION_LABEL_RE, Block, read_blocks
from .fields import CLOSING_RE, INTRO_RE, SALUTATION_RE, SHORT, is_name
from .header import Header, is_form_field, read_header, read_signature
from .markers import MarkerCache, first_value, format_lines
from .text import (
    Joiner,
    continues,
    is_strong_continuation,
    is_terminal,
    join_lines,
    prepare_lines,
    squash,
    unflatten,
)

# More non-blank lines than this are not a letter (and would take seconds to read).
MAX_LINES = 30_000
# The salutation comes within this many lines (letterhead, addresses, reference lines).
SALUTATION_LINES = 150

_FOLLOW_UP_RE = re.compile(
    r"^(?:Wenn|Falls|Sofern|Soweit|Und\s+wenn|Wenn\s+nicht|Wenn\s+ja|Wenn\s+nein|If\s+so|If\s+not|Und|Oder|Bzw\.|Ggf\.|Gegebenenfalls|Wie|Warum|Wieso|Weshalb|Welche|Was)\b[^?]{0,80}\?$"
)
_FOLLOW_UP_START_RE = re.compile(
    r"^(?:Wenn|Falls|Sofern|Soweit|If\s+so|If\s+not|Und\s+wenn|Wenn\s+ja|Wenn\s+nein)\b"
)
_REQUEST_RE = re.compile(
    r"^(?:Bitte\s+(?:teilen|stellen|legen|nennen|erläutern|geben|listen|schlüsseln|berichten|informieren|beziffern|erklären|begründen)"
    r"|(?:Wir|Ich)\s+bitten?\s+(?:die\s+Verwaltung\s+)?(?:um\s+(?:Auskunft|Mitteilung|Darstellung|Erläuterung|Information|einen\s+Bericht|Angabe|Aufstellung|Übersicht)"
    r"|(?:Sie\s+)?(?:darum,\s+)?(?:mitzuteilen|darzustellen|zu\s+berichten|zu\s+erläutern))"
    r"|Die\s+Verwaltung\s+(?:wird\s+gebeten|möge)"
    r"|Der\s+(?:Bürgermeister|Oberbürgermeister|Landrat|Senat|Magistrat)\s+(?:wird\s+gebeten|möge)"
    r"|Es\s+wird\s+um\s+(?:Auskunft|Mitteilung|Darstellung)"
    r"|(?:§\s*)?(?:(?:Mr|Mrs|Ms|Dr|Sir)\.?\s+[A-Z][\w'-]+?)?\s*To\s+ask\b|I\s+(?:would\s+like\s+to\s+ask|ask)\b|Please\s+(?:provide|set\s+out|list|state|explain|confirm|give)\b"
    r"|(?:The\s+)?(?:Council|Cabinet\s+Member|Minister|Secretary\s+of\s+State)\s+is\s+asked)",
    re.IGNORECASE,
)
_ANSWER_REQUEST_RE = re.compile(
    r"\b(?:beantwort|antwort|stellungnahme|bitten|bitte|erbitten|auskunft|reply|answer)", re.IGNORECASE
)
_METADATA_RE = re.compile(
    r"^(?:(?:Asked|Tabled|Submitted)\s+by\s+(?P<who>[^,]{2,80}?)(?:\s+on\s+\d{1,2}\s+\w+\s+\d{4})?"
    r"|(?:Answered\s+by\s+[^,]{2,80}?\s+on|Answer\s+received\s+on|Date\s+tabled:?|Date\s+answered:?)\s+\d{1,2}\s+\w+\s+\d{4})\s*$"
)
# "Die Fragen beantworte ich wie folgt:", "… nimmt die Verwaltung wie folgt Stellung:"
_REPLY_INTRO_RE = re.compile(
    r"\b(?:wie\s+folgt|folgendermaßen|nachstehend)\b[^.?!]{0,40}:\s*$", re.IGNORECASE
)
_PAGE_REMARK_RE = re.compile(r"^(?:\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")


def parse_letter(text: str, *, received_on: date | None = None) -> ParsedLetter:
    """Read a letter's text into a ParsedLetter. See the module docstring for the rules.

    `received_on` resolves deadline dates without a year (default: today). Raises LetterError
    for empty or whitespace-only text, for text that is mostly not letters (binary garbage),
    for text longer than MAX_TEXT_CHARS and for more than MAX_QUESTIONS questions. A letter
    without any question still parses (with no questions).
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_letter() needs str, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise LetterError(_("The text of the letter is too long."))
    _check_plausible(text)
    lines = prepare_lines(text)
    if sum(1 for line in lines if line) > MAX_LINES:
        raise LetterError(_("The text of the letter is too long."))
    lines = unflatten(lines)
    letter = written_questions.read(lines) or _Reader(lines, received_on=received_on).read()
    letter.source_note = getattr(text, "note", "")
    if letter.source_note == "ocr":
        letter.doubts.insert(
            0, _("The text was read from a scan by text recognition (OCR); check it against the original.")
        )
    if letter.count_questions() > MAX_QUESTIONS:
        raise LetterError(
            _("The letter has more than %(limit)d questions; an inquiry this long cannot be imported.")
            % {"limit": MAX_QUESTIONS}
        )
    return letter


_NON_LETTERS_RE = re.compile(r"[\W\d_]+")


def _check_plausible(text: str) -> None:
    sample = text[:200_000]
    non_space = len("".join(sample.split()))
    if non_space == 0:
        raise LetterError(_("The letter is empty."))
    letters = len(_NON_LETTERS_RE.sub("", sample))
    if letters < 2 or letters * 10 < non_space * 4:  # under 40 % letters: not prose
        raise LetterError(_("The text does not look like a letter."))


# A paragraph whose first sentence is a statement of some length (ends with "." before any "?").
_STATES_FIRST_RE = re.compile(r"^[A-ZÄÖÜ][^?.!]{30,}\.(?:\s|$)")


def _asks(text: str) -> bool:
    return "?" in text


# "Wir bitten Sie deshalb uns mitzuteilen, ob …", "Die Fraktion bittet die Ortsverwaltung prüfen zu
# lassen, welche …": a request for information in the middle of a sentence
_REQUEST_INSIDE_RE = re.compile(
    r"\b(?:bitten?|bittet|ersuchen|ersucht)\b[^.?!:]{0,80}?(?:mitzuteilen|darzustellen|darzulegen|zu\s*prüfen|prüfen\s*zu\s*lassen"
    r"|zu\s*berichten|zu\s*erläutern|aufzulisten|zu\s*beziffern|Auskunft\s+(?:darüber|zu|über))",
    re.IGNORECASE,
)


def _is_request(text: str) -> bool:
    if _REQUEST_RE.match(text):
        return True
    text = text.rstrip()
    return len(text) <= 500 and not text.endswith(":") and bool(_REQUEST_INSIDE_RE.search(text))


def _is_intro(text: str) -> bool:
    text = text.rstrip()
    return text.endswith((":", ",")) and bool(INTRO_RE.search(text[-200:]))


_ANSWER_REQUEST_SENTENCE_RE = re.compile(
    r"\b(?:bitten?|erbitten|ersuchen)\b[^.?!]{0,120}\b(?:Beantwortung|Antwort|beantworten|Stellungnahme)",
    re.IGNORECASE,
)


# A sentence of the letter's own request asks for something ("Wir bitten um Beantwortung …"); one
# that only mentions an answer ("… ist innerhalb der Dreiwochenfrist eine Zwischennachricht zu
# erteilen") quotes a rule.
_REQUEST_WORD_RE = re.compile(
    r"\b(?:bitten?|bittet|erbitten|ersuchen|ersucht|möge|mögen|please|request|erwarten|gewünscht)\b"
    r"|\bum\s+(?:\w+\s+){0,3}(?:Beantwortung|Antwort|Stellungnahme)|\b(?:Beantwortung|Antwort)\s+(?:bis|vor|innerhalb|binnen|spätestens)\b",
    re.IGNORECASE,
)


def _is_answer_request(text: str) -> bool:
    """ "Wir bitten um Beantwortung bis zur nächsten Sitzung." (short, asks for the answer)"""
    return len(text) < 300 and bool(_ANSWER_REQUEST_SENTENCE_RE.search(text))


def _flat(text: str) -> str:
    return " ".join(text.split())


class _Reader:
    def __init__(self, lines: list[str], *, received_on: date | None) -> None:
        self.lines = lines
        self.received_on = received_on
        self.markers = MarkerCache()
        self.letter = ParsedLetter()
        self.skip: set[int] = set()

    # -- zones -------------------------------------------------------------------------------------

    def read(self) -> ParsedLetter:
        lines = self.lines
        salutation = self._find_salutation()
        if salutation is not None:
            header_end, body_start = salutation, salutation + 1
        else:
            header_end = body_start = self._body_start()
        metadata_persons = self._metadata(header_end)
        header = read_header(lines, header_end)
        if metadata_persons and not header.persons:
            header.persons = metadata_persons
        if salutation is None:
            # fields of the head that run into the body (form values after the title)
            self.skip.update(i for i in header.used if i >= body_start)
        foot_start, closing_line = self._find_foot(body_start)
        body_end = foot_start if foot_start is not None else len(lines)
        blocks = read_blocks(lines, body_start, body_end, self.skip, self.markers)
        if foot_start is None:
            blocks, tail_persons = _trailing_signature(blocks)
        else:
            tail_persons = []
        self._structure(blocks, header)
        self._head_and_foot(header, foot_start, closing_line, tail_persons)
        self.letter.deadline_text = self._deadline()
        return self.letter

    def _metadata(self, header_end: int) -> list[Person]:
        """Lines of a parliament's written question that are not text: "Asked by Jane Smith
        (Bristol North) on 3 March 2026", "Answer received on …" (skipped; the asker is the sender)."""
        persons = []
        for i, line in enumerate(self.lines):
            match = _METADATA_RE.match(line) if line[:1] in "ATSR" else None
            if match:
                self.skip.add(i)
                self.lines[i] = "" if i < header_end else line
                if match["who"]:
                    name, _sep, group = match["who"].partition("(")
                    persons.append(Person(name.strip(), "", group.strip(" )")))
        return persons

    def _find_salutation(self) -> int | None:
        lines = self.lines
        for i, line in enumerate(lines[:SALUTATION_LINES]):
            if not line or len(line) > SHORT * 3:
                continue
            if CLOSING_RE.match(line) and i > 0:
                return None
            if (SALUTATION_RE.match(line) or re.match(r"^Dear\s+\w", line)) and not self._quoted(i):
                # "Sehr geehrter Herr Becker, wir bitten …": the salutation ends at the first comma
                # not followed by another salutation.
                comma = line.find(",")
                while 0 < comma < 200 and SALUTATION_RE.match(line[comma + 1 :].strip()):
                    comma = line.find(",", comma + 1)
                if 0 < comma < min(len(line) - 1, 200) and line[comma + 1 :].strip():
                    lines.insert(i + 1, line[comma + 1 :].strip())
                    line = lines[i] = line[: comma + 1]
                if len(line) <= 200:
                    self.letter.salutation = line
                    return i
        return None

    def _quoted(self, i: int) -> bool:
        """Is the salutation-like line at i quoted in the text, not the letter's own: the line
        before it stops in the middle of a sentence ("Ihre Antwort begann mit"), or questions
        came before it?"""
        previous = next((line for line in reversed(self.lines[:i]) if line), "")
        if previous and is_strong_continuation(previous, same_paragraph=False):
            return True
        asking = [line for line in self.lines[:i] if line and self.markers[line] is not None and "?" in line]
        return len(asking) >= 2

    def _body_start(self) -> int:
        """Without a salutation: the first line that begins the body (a question, a list item that
        asks, an intro "… folgende Fragen:", a label, or a paragraph of prose)."""
        lines = self.lines
        n = len(lines)
        i = 0
        while i < n:
            if not lines[i]:
                i += 1
                continue
            start = i
            while i < n and lines[i]:
                i += 1
            paragraph = lines[start:i]
            first = paragraph[0]
            text = " ".join(paragraph)
            if len(first) > SHORT:
                return start
            for offset, line in enumerate(paragraph[1:], 1):
                if len(line) > 200 and re.search(r"[a-zäöüß]{3}[.!?;,](?:\s|$)", line):
                    return start + offset  # head lines, then the text without a blank line
            if re.match(
                r"^(?:Von|From|An|To|Cc|Gesendet|Sent|Datum|Date|Betreff|Subject)\s*:", first, re.IGNORECASE
            ):
                continue
            for offset, line in enumerate(paragraph):
                marker = self.markers[line]
                rest = " ".join(paragraph[offset:])
                if (
                    marker is not None
                    and marker.style != "bullet"
                    and (_asks(rest) or marker.text == "" or marker.value == first_value(marker.style))
                ):
                    return start + offset
                if offset and (HEADING_LABEL_RE.match(line) or SECTION_LABEL_RE.match(line)):
                    return start + offset
            if len(text) <= 160 and re.match(r"^(?:[\w-]+\s+){0,3}Anfrage\b", text, re.IGNORECASE):
                continue  # "Anfrage aus der 35. Stadtratssitzung vom 06.12.2023:" names the kind
            if (
                len(paragraph) > 1
                and len(paragraph[-1]) <= 100
                and all(is_form_field(line) for line in paragraph[:-1])
            ):
                continue  # a form's values, then its subject ("Vorbereitung auf … Veränderungen?")
            if text.endswith("?") or first.endswith("?") or _is_intro(text) or _is_request(first):
                return start

            if (
                QUESTION_LABEL_RE.match(first)
                or SECTION_LABEL_RE.match(first)
                or HEADING_LABEL_RE.match(first)
            ):
                return start
            if ANSWER_LABEL_RE.match(first) and first.lower().startswith(("zu ", "antwort", "answer")):
                return start
            if len(text) > 250 and re.search(r"[a-zäöüß]{3}[.!?](?:\s|$)", text):
                return start
        return n

    def _find_foot(self, body_start: int) -> tuple[int | None, bool]:
        """The closing formula that ends the letter (the first after a question, if any), else an
        "unterzeichnet von:" line."""
        lines = self.lines
        first_question = next((j for j in range(body_start, len(lines)) if "?" in lines[j]), body_start)
        candidates = [
            i
            for i in range(body_start, len(lines))
            if lines[i] and len(lines[i]) <= 120 and CLOSING_RE.match(lines[i])
        ]
        for i in candidates:
            if i > first_question:
                return i, True
        if candidates:
            return candidates[0], True
        for i in range(len(lines) - 1, body_start - 1, -1):
            if lines[i] and re.match(
                r"^(?:unterzeichnet\s+von\b|gez\.|gezeichnet\b|eingereicht\s+(?:durch|von)\b)",
                lines[i],
                re.IGNORECASE,
            ):
                return i, False
        return None, False

    # -- structure ---------------------------------------------------------------------------------

    def _structure(self, blocks: list[Block], header: Header) -> None:
        for block in blocks:
            if block.answer_label is not None and any("?" in line for line in block.lines[:4]):
                if header.is_inquiry or not block.refs:
                    # "Zu a) und b): Wenn ja, mit welchen Ergebnissen?" in an inquiry: part of a question
                    block.lines[0] = f"{block.answer_label} {block.lines[0]}".strip()
                    block.answer_label, block.refs = None, []
                else:
                    # "Zu 1.: Wie viele …? <answer>": a reply repeats the question after the label
                    block.question_label = block.answer_label
                    block.question_number = block.refs[0]
                    block.question_refs = list(block.refs)
                    block.answer_label, block.refs = None, []
        top = _choose_style(blocks)
        if any(block.question_label is not None for block in blocks) and (
            top is None
            or not any(
                b.marker is not None and _style(b) == top and b.asks
                for b in blocks
                if b.question_label is None
            )
            or any(b.question_number for b in blocks)
        ):
            top = "label"
        labelled = any(block.answer_label is not None or block.question_number for block in blocks)
        is_reply = header.is_reply or labelled
        if not is_reply and not header.is_inquiry and top is not None:
            is_reply = _answers_between(blocks, top)
        if not is_reply and not header.is_inquiry and top is None:
            is_reply = _alternating(blocks)
        walk = _Walk(self, top, is_reply=is_reply)
        if top is None:
            walk.unnumbered(blocks)
        else:
            walk.numbered(blocks)
        walk.finish()
        letter = self.letter
        letter.kind = REPLY if is_reply else (header.kind or "anfrage")
        letter.inquiry_kind = header.kind or "anfrage"

    def _head_and_foot(self, header: Header, foot_start, closing_line: bool, tail_persons) -> None:
        letter = self.letter
        letter.title = header.title
        letter.date = header.date
        letter.reference = header.reference
        letter.addressee = header.addressee
        letter.sender_email = header.sender_email
        foot = None
        if foot_start is not None:
            foot = read_signature(self.lines, foot_start, len(self.lines), closing_line=closing_line)
            letter.closing = foot.closing
            letter.sender_email = letter.sender_email or foot.email
            if not letter.date and foot.date:
                letter.date = foot.date
        signed = foot.persons if foot is not None else tail_persons
        if header.persons:
            senders = header.persons
        elif letter.is_reply:
            # a reply goes to whoever asked: the addressee, or the faction named in the head
            senders = header.addressee_persons or ([Person(header.group)] if header.group else [])
        elif signed:
            senders = signed
            if header.group:
                for person in senders:
                    if header.group not in person.role and header.group != person.group:
                        person.group = header.group
        elif header.from_person is not None:
            senders = [header.from_person]
        else:
            senders = self._named_in_text()
        if not senders:
            senders = self._named_in_text()
        if not senders and letter.is_reply:
            # a reply letter greets whoever asked: "Sehr geehrter Herr Wegert,"
            greeted = re.match(
                r"^(?:Sehr\s+geehrte[rn]?|Liebe[r]?)\s+(?:Herr|Frau)\s+(?:Dr\.\s+)?(?P<name>[A-ZÄÖÜ][\w'’ -]{1,40}?)\s*,?$",
                letter.salutation,
            )
            if greeted and not re.search(r"Bürgermeister|Landrat|Vorsitzend|Damen", greeted["name"]):
                senders = [Person(greeted["name"])]
        letter.senders = senders
        if not letter.date:
            letter.date = self._closing_date()
        if not letter.title:
            letter.doubt(_("No subject was found; please enter it."), about="title")

    def _named_in_text(self) -> list[Person]:
        """A sender named only in the text: "Anfrage der CDU-Fraktion:", "Aus aktuellem Anlass
        fragt die Fraktion Bündnis 90/Die Grünen den Oberbürgermeister:"."""
        for line in self.lines[:80]:
            if not line or len(line) > 400:
                continue
            match = _SENDER_IN_TEXT_RE.search(line)
            if match:
                return [Person(squash(match["who"] or match["who2"]))]
        return []

    def _closing_date(self) -> str:
        """ "Berlin, den 11.05.2009" among the last lines of a letter without a closing formula."""
        from .fields import DATE_LINE_RE
        from .text import iso_date

        for line in reversed([line for line in self.lines if line][-12:]):
            match = DATE_LINE_RE.match(line)
            if match and "," in line:
                return iso_date(match["date"])
        return ""

    # -- deadline ----------------------------------------------------------------------------------

    def _deadline(self) -> str:
        """The deadline the letter asks for: only in the letter's own request (the preamble and
        the request after the questions), read by the deadline engine."""
        from inquiries.deadlines import DeadlineKind, parse_deadline_phrase

        received_on = self.received_on or date.today()
        sentences = [
            sentence
            for sentence in _sentences(self.letter.preamble[:20_000])
            if len(sentence) <= 600 and not sentence.rstrip().endswith("?")
        ]
        # a sentence that asks for the answer first, then one that names a meeting
        asking = [
            sentence
            for sentence in sentences
            if _ANSWER_REQUEST_RE.search(sentence) and _REQUEST_WORD_RE.search(sentence)
        ]
        meeting = [
            sentence
            for sentence in sentences
            if sentence not in asking and re.search(r"[Ss]itzung", sentence)
        ]
        for sentence in asking + meeting:
            request = parse_deadline_phrase(sentence, received_on=received_on)
            if request.kind != DeadlineKind.NONE:
                return squash(request.text)
        return ""


_SENDER_IN_TEXT_RE = re.compile(
    r"^Anfrage\s+(?:der|des)\s+(?P<who>[\w/ .&-]*(?:[Ff]r?aktion|Gruppe)[\w/ .&-]{0,40}?)\s*:?$"
    r"|\b(?:fragt|fragen|bittet)\s+(?:die|der)\s+(?P<who2>(?:[\w-]*[Ff]raktion|Gruppe)\b[^,.:]{0,60}?)\s+(?:den|die|das)\s+"
    r"(?:Ober)?(?:[Bb]ürgermeister|Landrat|Landrätin|Magistrat|Verwaltung|Bezirksamt|Kreisverwaltung)"
)
_SENTENCE_RE = re.compile(r"(?<=[^\d\s][.!?:])\s+(?=[A-ZÄÖÜ])|\n+")


def _sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_RE.split(text) if part.strip()]


_GROUP_THEN_NAME_RE = re.compile(
    r"^(?P<group>Fraktion\s+(?:der\s+|des\s+)?[\w/.-]+(?:\s+[\w/.-]+)?)\s+(?P<name>[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)$"
)


def _trailing_signature(blocks: list[Block]) -> tuple[list[Block], list[Person]]:
    """A letter without a closing formula may still end with a signature: a name on a line of
    its own, then roles ("Marcel Guderjahn / Stellv. Fraktionsvorsitzender / Fraktion …")."""
    for position in range(max(0, len(blocks) - 4), len(blocks)):
        block = blocks[position]
        lines = [line for line in block.lines if line]
        signed = _GROUP_THEN_NAME_RE.match(lines[0]) if lines and position == len(blocks) - 1 else None
        if signed and len(lines) == 1 and block.marker is None:
            return blocks[:position], [
                Person(signed["name"], "", signed["group"])
            ]  # "Fraktion der CDU Lemke"
        if block.marker is None and block.answer_label is None and lines and is_name(lines[0]):
            rest = [line for b in blocks[position:] for line in b.lines if line]
            if all(len(line) <= 80 and "?" not in line for line in rest):
                person = Person(lines[0], ", ".join(rest[1:3]))
                return blocks[:position], [person]
    return blocks, []


# --- the numbering scheme -----------------------------------------------------------------------


def _style(block: Block) -> str:
    return block.marker.style


def _choose_style(blocks: list[Block]) -> str | None:
    """The marker style of the question list (see the module docstring), or None."""
    items = [block for block in blocks if block.marker is not None and block.section == ""]
    if not items:
        return None
    stats: dict[str, dict] = {}
    for position, block in enumerate(items):
        style = _style(block)
        entry = stats.setdefault(style, {"count": 0, "asks": 0, "first": position, "long": 0})
        entry["count"] += 1
        text = block.text()
        if _asks(text) or _is_request(text):
            entry["asks"] += 1
        if len(text) >= 25:
            entry["long"] += 1
    candidates = [style for style, entry in stats.items() if entry["asks"] and style != "bullet"]
    if not candidates:
        if "bullet" in stats and stats["bullet"]["asks"] >= 2:
            return "bullet"
        # requests as a numbered list without question marks ("1. … darzustellen,")
        long_lists = [s for s, e in stats.items() if s != "bullet" and e["long"] >= 2 and e["count"] >= 2]
        if long_lists:
            return min(long_lists, key=lambda s: stats[s]["first"])
        return None
    # A style nested in another (restarting after that one's items, or dotted under its numbers)
    # is not the question list when the outer one asks or heads a question of its own.
    outer = {}
    for style in candidates:
        outer[style] = _nested_in(items, style, [s for s in stats if s != style and s != "bullet"])
    top = [style for style in candidates if not (outer[style] & set(candidates))]
    if not top:
        top = candidates
    chosen = max(top, key=lambda s: (stats[s]["asks"], -stats[s]["first"]))
    if chosen.startswith("dot") and "dec" in stats and _dotted_under_dec(items, chosen):
        # "1. Finanzen" / "1.1 Wie viel?" / "2. Personal" / "2.1 Wer?": the headings are the
        # questions' parents even where they ask nothing themselves
        return "dec"
    return chosen


def _dotted_under_dec(items: list[Block], style: str) -> bool:
    """Does every "1.2"-style item follow the "1." item its number starts with?"""
    seen: set[str] = set()
    for block in items:
        marker = block.marker
        if marker.style == "dec":
            seen.add(marker.number)
        elif marker.style == style and marker.number.split(".", 1)[0] not in seen:
            return False
    return bool(seen)


def _nested_in(items: list[Block], style: str, others: list[str]) -> set[str]:
    """The styles `style` restarts after (its first value following one of their items)."""
    found = set()
    last_other: str | None = None
    seen_first = False
    for block in items:
        item_style = _style(block)
        if item_style == style:
            marker = block.marker
            is_first = marker.value == first_value(style) or (style.startswith("dot") and marker.value == 1)
            if last_other is not None and (is_first or not seen_first):
                if style.startswith("dot") and last_other == "dec":
                    found.add("dec")
                elif is_first:
                    found.add(last_other)
            seen_first = True
            last_other = None
        elif item_style in others:
            last_other = item_style
    return found


def _alternating(blocks: list[Block]) -> bool:
    """Unnumbered questions (or requests) each followed by a paragraph that asks nothing: a
    reply such as a parliament's written answers."""
    pairs = questions = 0
    pending = False
    for block in blocks:
        text = block.text()
        if block.section or block.answer_label is not None:
            continue
        if text.rstrip().endswith("?") or _is_request(text):
            questions += 1
            pending = True
        elif pending and len(text) >= 20:
            pairs += 1
            pending = False
    return pairs >= 2 and pairs >= questions - 1


def _is_section_heading(block: Block, following: Block | None, top: str | None) -> bool:
    marker = block.marker
    if marker is None or following is None or following.marker is None or top is None:
        return False
    if marker.style == top or marker.style == "bullet" or block.asks:
        return False
    text = block.text()
    if len(text) > 80 or text.endswith((".", ",", ":")) and len(text) > 40:
        return False
    next_marker = following.marker
    return next_marker.style == top and next_marker.value == first_value(top)


def _answers_between(blocks: list[Block], top: str) -> bool:
    """Unlabelled answers: most questions are followed by paragraphs that do not ask anything."""
    gaps = answered = 0
    seen_item = False
    pending = False
    for block in blocks:
        if block.marker is not None and _style(block) == top:
            if seen_item:
                gaps += 1
                answered += pending
            seen_item = True
            pending = False
        elif seen_item and block.marker is None and block.section == "" and not block.asks:
            text = block.text()
            if len(text) >= 20 and not _is_intro(text):
                pending = True
    return gaps >= 2 and answered * 2 >= gaps


# --- roles ------------------------------------------------------------------------------------------


class _Walk:
    """Assigns blocks to preamble, questions, answers and justification."""

    def __init__(self, reader: _Reader, top: str | None, *, is_reply: bool) -> None:
        self.reader = reader
        self.lines = reader.lines
        self.top = top
        self.is_reply = is_reply
        self.questions: list[ParsedQuestion] = []
        self.current: ParsedQuestion | None = None
        self.sub: ParsedQuestion | None = None
        self.sub_style: str | None = None
        self.texts: dict[int, list[str]] = {}  # id(question) -> text parts
        self.answers: dict[int, list[tuple[int, str]]] = {}  # id(question) -> numbered lines
        self.answer_targets: list[ParsedQuestion] = []
        self.pre: list[tuple[int, str]] = []
        self.justification: list[tuple[int, str]] = []
        self.in_justification = False
        self.unlabelled_justification = False
        self.objects: dict[int, ParsedQuestion] = {}
        self.parent_of: dict[int, ParsedQuestion] = {}
        self.unlabelled_answers = False
        self.split_answers = False  # answers read from the lines after a numbered question
        self.answer_list: tuple[str, int] | None = None  # the last list item inside an answer
        # in a reply, an unlabelled answer after a sub-question goes to its parent until the next
        # sub-question shows that answers alternate with them ("a. …? <answer> b. …? <answer>")
        self.pending_sub_answer: tuple[ParsedQuestion, int] | None = None
        self.alternating_parents: set[int] = set()

    # -- helpers

    def _block_lines(self, block: Block) -> list[tuple[int, str]]:
        pairs = []
        for position, (index, line) in enumerate(zip(block.indices, block.lines, strict=False)):
            if position == 0 and block.marker is not None:
                line = f"{block.marker.raw} {line}".strip()
            elif position == 0 and block.answer_label is not None:
                pass  # the label itself is not part of the answer
            pairs.append((index, line))
        return pairs

    def _settle_pending_sub_answer(self, *, next_sub: bool) -> None:
        if self.pending_sub_answer is None or self.current is None:
            return
        sub, start = self.pending_sub_answer
        self.pending_sub_answer = None
        if not next_sub and id(self.current) not in self.alternating_parents:
            return  # "a. …? b. …? <answer>": one answer for them all stays with the parent
        parent_answer = self.answers.get(id(self.current), [])
        moved = parent_answer[start:]
        if moved and not self.answers.get(id(sub)):
            del parent_answer[start:]
            self.answers[id(sub)] = moved
            self.alternating_parents.add(id(self.current))

    def _new_question(self, number: str | None, text: str, *, sub: bool) -> ParsedQuestion:
        self._settle_pending_sub_answer(next_sub=sub)
        question = ParsedQuestion(number, "")
        self.objects[id(question)] = question
        self.texts[id(question)] = [text] if text else []
        if sub and self.current is not None:
            self.current.sub_questions.append(question)
            self.parent_of[id(question)] = self.current
            self.sub = question
        else:
            self.questions.append(question)
            self.current = question
            self.sub = None
            self.sub_style = None
        self.answer_targets = []
        return question

    def _new_question_block(self, number: str | None, block: Block, *, sub: bool) -> None:
        """A numbered question; in a reply the lines after the one that ends the question (with
        "?") are its answer when nothing in them asks: "1. Wer …?\nDie Wahrnehmung …"."""
        if not self.is_reply:
            self._new_question(number, block.text(), sub=sub)
            return
        question_lines, answer_lines = _split_at_question(block)
        if answer_lines and any(_ends_question(line) for _index, line in answer_lines):
            question_lines, answer_lines = [line for line in block.lines], []
        question = self._new_question(number, join_lines(question_lines), sub=sub)
        self.split_answers = True
        if answer_lines:
            answer = Block(
                block.start,
                lines=[line for _i, line in answer_lines],
                indices=[i for i, _line in answer_lines],
            )
            self.answer_targets = [question]
            self._add_answer([question], answer)

    def _add_text(self, question: ParsedQuestion, text: str) -> None:
        if text:
            self.texts[id(question)].append(text)

    def _add_answer(self, targets: list[ParsedQuestion], block: Block, *, marker_too: bool = False) -> None:
        if block.marker is None and block.answer_label is None and _ABOUT_THE_REPLY_RE.match(block.text()):
            # "Für die Beantwortung dieser Anfrage ist ein Aufwand von 20,50 € entstanden.": a
            # remark on the reply as a whole, not part of the last answer
            self.pre.extend(self._block_lines(block))
            return
        pairs = self._block_lines(block)
        if block.answer_label is not None and pairs:
            pairs[0] = (pairs[0][0], block.lines[0])
        for target in targets:
            answer = self.answers.setdefault(id(target), [])
            if block.marker is not None and answer and answer[-1][0] == -1 and len(answer) > 1:
                previous = answer[-2][1]
                if (
                    is_terminal(previous)
                    and previous.rstrip().endswith(":")
                    or self.reader.markers[previous] is not None
                ):
                    answer.pop()  # a list item after "…folgende:" or after another item: the same paragraph
            answer.extend(pairs)
            answer.append((-1, ""))  # a paragraph break between blocks
        self.answer_list = (block.marker.style, block.marker.value) if block.marker is not None else None

    # -- numbered questions

    def numbered(self, blocks: list[Block]) -> None:
        top = self.top
        later_top = [False] * len(blocks)
        seen = False
        for position in range(len(blocks) - 1, -1, -1):
            later_top[position] = seen
            block = blocks[position]
            if (block.marker is not None and _style(block) == top) or (
                top == "label" and block.question_label is not None
            ):
                seen = True
        for position, block in enumerate(blocks):
            following = blocks[position + 1] if position + 1 < len(blocks) else None
            if _is_section_heading(block, following, top):
                continue  # "II. Personal" over questions that start again at 1
            if self.current is None and _before_intro(blocks, position, top):
                # an item that asks nothing above "Hierzu haben wir folgende Fragen:" is part of
                # what leads up to the questions (a quoted rule, a list of facts)
                self.pre.extend(self._block_lines(block))
                continue
            self._numbered_block(block, later_top[position])

    def _numbered_block(self, block: Block, more_questions: bool) -> None:
        if block.section == "justification":
            self.in_justification = True
            self.answer_targets = []
            self.justification.extend(self._block_lines(block))
            return
        if block.section == "remark":
            self.pre.extend(self._block_lines(block))
            return
        if block.answer_label is not None:
            self.in_justification = False
            targets = self._resolve(block.refs)
            self.answer_targets = targets
            self._add_answer(targets, block)
            return
        if block.question_label is not None:
            number = block.question_number or None
            match = None if number else re.search(r"\d+", block.question_label)
            if not block.text() and self.top != "label":
                return
            if match:
                number = match.group()
            self.in_justification = False
            if block.question_number:
                # the question runs to its "?"; what follows in the block is the answer. A label
                # naming several questions ("Zu 3. und 4.:") repeats them one after the other;
                # the answer after them is theirs together.
                refs = block.question_refs or [block.question_number]
                rest = Block(block.start, lines=list(block.lines), indices=list(block.indices))
                targets = []
                for position, ref in enumerate(refs):
                    question_lines, answer_lines = _split_at_question(rest)
                    if position and not _ends_question(question_lines[-1] if question_lines else ""):
                        question_lines, answer_lines = [], list(zip(rest.indices, rest.lines, strict=False))
                    targets.append(
                        self._new_question(ref if position else number, join_lines(question_lines), sub=False)
                    )
                    rest = Block(
                        block.start,
                        lines=[line for _i, line in answer_lines],
                        indices=[i for i, _line in answer_lines],
                    )
                if len(targets) > 1:
                    for target in targets:
                        if not self.texts[id(target)]:
                            target.doubts.append(_("The reply answers this question without repeating it."))
                self.answer_targets = targets
                if rest.lines:
                    self._add_answer(targets, rest)
                return
            self._new_question(number, block.text(), sub=False)
            return
        marker = block.marker
        role = self._role(block) if marker is not None else None
        if self.in_justification:
            text = block.text()
            if marker is None and more_questions and _is_intro(text):
                self.in_justification = False  # "Wir fragen daher:" after the justification
                self.pre.extend(self._block_lines(block))
                return
            if marker is None and _is_answer_request(text):
                self.pre.extend(self._block_lines(block))
                return
            if role == "top" and (block.asks or _is_request(text)) and more_questions:
                self.in_justification = False
            else:
                self.justification.extend(self._block_lines(block))
                return
        if role == "top":
            continues_answer_list = (
                self.answer_list is not None
                and self.answer_list[0] == marker.style
                and marker.value == self.answer_list[1] + 1
                and not block.asks
            )
            if (
                self.answer_targets
                and self.is_reply
                and (
                    continues_answer_list
                    or not (block.asks or _is_request(block.text()) or self._next_number(marker))
                )
            ):
                self._add_answer(self.answer_targets, block)  # a list inside an answer
                return
            number = marker.number if marker.style != "bullet" else None
            self._new_question_block(number, block, sub=False)
            return
        if role == "sub":
            self._new_question_block(marker.number, block, sub=True)
            return
        # text, or a marker inside a question or an answer
        if self.answer_targets:
            self._add_answer(self.answer_targets, block)
            return
        if self.current is None:
            self.pre.extend(self._block_lines(block))
            return
        text = block.text()
        if marker is not None:
            text = f"{marker.raw} {text}".strip()
        if self.is_reply:
            if marker is None and _REPLY_INTRO_RE.search(text) and len(text) < 200 and not self.answers:
                self.pre.extend(self._block_lines(block))  # "Die Fragen beantworte ich wie folgt:"
                return
            if marker is None and block.asks and not self.texts[id(self.current)]:
                self._add_text(self.current, text)
                return
            if marker is None and (block.asks and not self.answers.get(id(self.current))):
                self._add_text(self.sub or self.current, text)
                return
            target = self._unlabelled_answer_target()
            if target is self.current and self.sub is not None and self.pending_sub_answer is None:
                self.pending_sub_answer = (self.sub, len(self.answers.get(id(self.current), [])))
            self.unlabelled_answers = True
            self.answer_targets = [target]
            self._add_answer([target], block)
            return
        target = self.sub or self.current
        parts = self.texts[id(target)]
        explains = (
            marker is None
            and block.gap_before
            and not block.asks
            and bool(parts)
            and _ends_question(parts[-1])
            and _STATES_FIRST_RE.match(text) is not None
            and not _is_request(text)
            and not re.match(r"^Bitte\b", text)
        )
        # "4. …? <blank> Wenn Kursträger … nicht einhalten, kann … befristet werden. <blank> 5. …?":
        # a statement between two questions explains them; it does not continue the one before
        if more_questions and explains:
            self.unlabelled_justification = self.unlabelled_justification or not self.justification
            self.justification.extend(self._block_lines(block))
            return  # the questions go on after it
        if more_questions or self._continues_question(block, target):
            self._add_text(target, text)
            return
        if (
            _is_answer_request(text)
            or _is_request(text)
            or (_ANSWER_REQUEST_RE.search(text) and len(text) < 300 and not self.justification)
        ):
            self.pre.extend(self._block_lines(block))
            return
        self.in_justification = True
        self.unlabelled_justification = not self.justification
        self.justification.extend(self._block_lines(block))

    def _next_number(self, marker) -> bool:
        """Does the label continue the question list (the last question's value plus one)?"""
        if self.current is None or not self.current.number:
            return False
        from .markers import parse_marker

        last = parse_marker(f"{self.current.number}. x")
        return last is not None and last.style == marker.style and marker.value == last.value + 1

    def _continues_question(self, block: Block, question: ParsedQuestion) -> bool:
        text = block.text()
        if block.marker is not None and block.marker.style == "bullet":
            return True
        parts = self.texts[id(question)]
        previous = parts[-1] if parts else ""
        if continues(previous, text):
            return True
        if question.number and block.marker is None and block.gap_before and _STATES_FIRST_RE.match(text):
            # after a numbered question, a paragraph that opens with a statement ("Das
            # Erscheinungsbild der Stadt ist geprägt …") explains the questions, even where it
            # repeats one of them
            return False
        return _asks(text) and (
            len(text) < 300 or _FOLLOW_UP_START_RE.match(text) is not None or text.startswith("(")
        )

    def _unlabelled_answer_target(self) -> ParsedQuestion:
        current = self.current
        if self.sub is not None:
            answered = [sub for sub in current.sub_questions if self.answers.get(id(sub))]
            if answered:
                return self.sub
        return current

    def _role(self, block: Block) -> str:
        marker = block.marker
        style = marker.style
        top = self.top
        if style == top:
            return "top"
        if top == "dec" and style.startswith("dot"):
            prefix = marker.number.rsplit(".", 1)[0]
            if self.current is not None and self.current.number == prefix:
                self.sub_style = self.sub_style or style
                return "sub" if style == self.sub_style else "text"
            if self.current is None or not (self.current.number or "").startswith(prefix.split(".")[0] + "."):
                return "top"
            return "text"
        if top is not None and top.startswith("dot") and style == "dec":
            return "text"
        if (
            self.answer_targets
            and self.is_reply
            and self.sub is not None
            and style == self.sub_style
            and block.asks
            and _next_in_style(self.sub.number, marker)
        ):
            return "sub"  # "a) …? <answer> b) …? <answer>"
        if (
            self.answer_targets
            and self.is_reply
            and self.current is not None
            and style != "bullet"
            and block.asks
            and marker.value == first_value(style)
            and style != self.sub_style
            and not _next_letter(self.current.number, marker.number)
        ):
            # "B. …? <answer> 1. …? <answer> 2. …?": questions under an answered question
            self.sub_style = style
            return "sub"
        if self.current is None or style == "bullet" or self.answer_targets:
            return "text"
        if self.sub_style is None and marker.value == first_value(style):
            self.sub_style = style
        return "sub" if style == self.sub_style else "text"

    def _resolve(self, refs: list[str]) -> list[ParsedQuestion]:
        if not refs:
            target = self.sub or self.current
            if target is None:
                target = self._new_question(None, "", sub=False)
            return [target]
        targets = []
        for ref in refs:
            found = self._find(ref)
            if found is None:
                top_number, _space, sub_number = ref.partition(" ")
                if sub_number:
                    parent = self._find(top_number) or self._new_question(top_number, "", sub=False)
                    self.current = parent
                    found = self._new_question(sub_number, "", sub=True)
                else:
                    found = self._new_question(ref, "", sub=False)
                found.doubts.append(_("The reply answers this question without repeating it."))
            targets.append(found)
        return targets

    def _find(self, ref: str) -> ParsedQuestion | None:
        top_number, _space, sub_number = ref.partition(" ")
        if top_number.isalpha() and top_number.islower() and not sub_number and self.current is not None:
            subs = self.current.sub_questions
            return next((q for q in subs if (q.number or "").lower() == top_number), None)
        for question in reversed(self.questions):
            if (question.number or "").lower() == top_number.lower():
                if not sub_number:
                    return question
                return next(
                    (q for q in question.sub_questions if (q.number or "").lower() == sub_number), None
                )
            for sub in question.sub_questions:
                if "." in ref and sub.number == ref:
                    return sub
        return None

    # -- unnumbered questions

    def unnumbered(self, blocks: list[Block]) -> None:
        """Questions without numbers: paragraphs and sentences that end with "?" (or, without any,
        requests), from the last intro line before them."""
        intro_block = _split_at_last_intro(blocks)
        body = [b for b in blocks if b.section == "" and b.answer_label is None]
        asking = [b for b in body if _asks(b.text())]
        kind = "asks"
        if not asking:
            asking = [b for b in body if _is_request(b.text())]
            kind = "request"
        if not asking:
            for block in blocks:
                self._plain_block(block)
            return
        first = blocks.index(asking[0])
        # questions begin after the last intro line before the first question
        intro_at = None
        for position in range(first + 1):
            text = blocks[position].text()
            if _is_intro(text):
                intro_at = position
        start = intro_at + 1 if intro_at is not None and intro_at < first else first
        if intro_block is not None and intro_block >= first:
            # the questions follow an intro inside a later paragraph; what asked before is preamble
            intro_at, start = intro_block, intro_block + 1
        elif intro_at == first and not _asks(blocks[first].text().rsplit(":", 1)[-1]):
            # the paragraph that asks a rhetorical question ends with the intro: questions follow
            start = first + 1
            while start < len(blocks) and not _asks(blocks[start].text()):
                start += 1
            if start == len(blocks):
                start = first
        count = 0
        for position, block in enumerate(blocks):
            if position < start or block.section or block.answer_label is not None:
                self._plain_block(block)
                continue
            text = block.text()
            if self.is_reply and self.current is not None and not _asks(text) and not _is_request(text):
                self._plain_block(block)
                continue
            units = _block_question_units(block) if kind == "asks" else [text]
            if position == start and intro_at == first:
                before, units = _after_intro(units)
                if before:
                    self.pre.append((block.start, before))
            is_question = [(_asks(unit) if kind == "asks" else _is_request(unit)) for unit in units]
            if not any(is_question):
                self._plain_block(block)
                continue
            leading = []
            for unit, asks in zip(units, is_question, strict=True):
                if not asks:
                    leading.append(unit)
                    continue
                if not self.questions and kind == "asks":
                    before, unit = _statement_before_question(unit)
                    if before:
                        self.pre.append((block.start, before))
                question = self._new_question(None, " ".join([*leading, unit]), sub=False)
                leading = []
                count += 1
                if kind == "request":
                    question.doubts.append(_("Read as a question: a request without a question mark."))
                else:
                    question.doubts.append(
                        _("Read as a question: a sentence without a number that ends with a question mark.")
                    )
            if leading:
                if self.current is not None:
                    self._add_text(self.current, " ".join(leading))
        if count:
            self.reader.letter.doubts.append(
                _("%(count)d sentences without numbers were read as questions; please check them.")
                % {"count": count}
            )

    def _plain_block(self, block: Block) -> None:
        """A block outside the question list, for letters without numbered questions."""
        if block.section == "justification":
            self.in_justification = True
            self.justification.extend(self._block_lines(block))
            return
        if block.answer_label is not None:
            targets = self._resolve(block.refs)
            self.answer_targets = targets
            self._add_answer(targets, block)
            return
        if self.in_justification:
            if _is_answer_request(block.text()):
                self.pre.extend(self._block_lines(block))
            else:
                self.justification.extend(self._block_lines(block))
            return
        if self.current is None:
            self.pre.extend(self._block_lines(block))
            return
        if self.answer_targets:
            self._add_answer(self.answer_targets, block)
            return
        text = block.text()
        if self.is_reply:
            self.answer_targets = [self.current]
            self.unlabelled_answers = True
            self._add_answer([self.current], block)
            return
        if _is_request(text) or (
            _ANSWER_REQUEST_RE.search(text) and len(text) < 300 and not self.justification
        ):
            self.pre.extend(self._block_lines(block))
            return
        self.in_justification = True
        self.unlabelled_justification = not self.justification
        self.justification.extend(self._block_lines(block))

    # -- result

    def finish(self) -> None:
        self._settle_pending_sub_answer(next_sub=False)
        letter = self.reader.letter
        markers = self.reader.markers
        if self.split_answers:
            # "4. …? 5. …? <answer>": questions in a row before one answer share it
            for position in range(len(self.questions) - 2, -1, -1):
                question, following = self.questions[position], self.questions[position + 1]
                if (
                    not self.answers.get(id(question))
                    and not question.sub_questions
                    and self.answers.get(id(following))
                    and not following.sub_questions
                ):
                    self.answers[id(question)] = list(self.answers[id(following)])
        for question in self.questions:
            # one unlabelled answer after the last of several sub-questions answers them all
            subs = question.sub_questions
            answered = [sub for sub in subs if self.answers.get(id(sub))]
            # (by identity: two sub-questions may be equal in number and text, "a)" / "a)")
            if (
                len(subs) >= 2
                and len(answered) == 1
                and answered[0] is subs[-1]
                and not self.answers.get(id(question))
            ):
                self.answers[id(question)] = self.answers.pop(id(subs[-1]))
        for question in self.objects.values():
            parts = self.texts[id(question)]
            joiner = Joiner()
            previous = ""
            for part in parts:
                # a list inside the question keeps its items on lines of their own
                item = markers[part.split("\n", 1)[0]] is not None
                joiner.add(
                    part,
                    "\n"
                    if item and previous and (is_terminal(previous) or markers[previous] is not None)
                    else " ",
                )
                previous = part.rsplit("\n", 1)[-1]
            question.text = "\n".join(
                _flat(line) for line in squash(joiner.text()).split("\n") if line.strip()
            )
            pairs = self.answers.get(id(question))
            if pairs:
                question.answer = _format_answer(pairs, markers)
        for question in self.questions:
            _settle_sub_questions(question)
        _mark_repeated_numbers(self.questions)
        if self.unlabelled_answers:
            for question in self.questions:
                if question.answer:
                    question.doubts.append(_("The text after the question was read as its answer."))
        letter.questions = self.questions
        letter.preamble = format_lines(sorted(self.pre), markers)
        letter.justification = _format_justification(self.justification, markers)
        if self.unlabelled_justification and letter.justification:
            letter.doubt(
                _("The text after the questions was read as the justification."), about="justification"
            )


def _format_answer(pairs: list[tuple[int, str]], markers: MarkerCache) -> str:
    paragraphs: list[str] = []
    current: list[tuple[int, str]] = []
    for index, line in pairs:
        if index == -1:
            if current:
                paragraphs.append(format_lines(current, markers))
                current = []
            continue
        current.append((index, line))
    if current:
        paragraphs.append(format_lines(current, markers))
    result: list[str] = []
    for paragraph in paragraphs:
        if not paragraph:
            continue
        if result and continues(result[-1], paragraph):
            result[-1] = f"{result[-1]} {paragraph}"
        else:
            result.append(paragraph)
    return "\n\n".join(result)


_LABEL_LINE_RE = re.compile(
    r"^(?:(?:Sachverhalt|Sachstand)\s*/\s*Begründung|Begründung|Sachverhalt|Sachstand)\s*:?\s*$",
    re.IGNORECASE,
)


def _format_justification(pairs: list[tuple[int, str]], markers: MarkerCache) -> str:
    pairs = [(index, line) for index, line in pairs if not _LABEL_LINE_RE.match(line)]
    # footnote numbers on a line of their own
    pairs = [(index, line) for index, line in pairs if not _PAGE_REMARK_RE.match(line)]
    return format_lines(sorted(pairs), markers)


def _next_in_style(number: str | None, marker) -> bool:
    from .markers import parse_marker

    last = parse_marker(f"{number}) x") if number else None
    return last is not None and last.style == marker.style and marker.value == last.value + 1


_ABOUT_THE_REPLY_RE = re.compile(
    r"^(?:Für\s+die\s+Beantwortung\s+(?:dieser|der)\s+Anfrage\s+(?:ist|sind|wurde|wurden)\b"
    r"|Die\s+(?:Beantwortung\s+der\s+)?Anfrage\s+(?:ist|gilt)\s+(?:damit\s+)?(?:als\s+)?(?:erledigt|beantwortet)\b)",
    re.IGNORECASE,
)


def _next_letter(number: str | None, following: str | None) -> bool:
    """ "I" after "H": the next letter of a lettered list, not a roman one."""
    return bool(
        number
        and following
        and len(number) == 1
        and len(following) == 1
        and ord(following.upper()) == ord(number.upper()) + 1
    )


def _before_intro(blocks: list[Block], position: int, top: str | None) -> bool:
    block = blocks[position]
    if block.marker is None or _style(block) != top or block.asks:
        return False
    for later in blocks[position + 1 :]:
        if later.marker is not None and _style(later) == top and later.asks:
            return False
        if later.marker is None and _is_intro(later.text()):
            return True
    return False


def _ends_question(line: str) -> bool:
    return line.rstrip(" )\"“”»«'’").endswith("?")


def _split_at_question(block: Block) -> tuple[list[str], list[tuple[int, str]]]:
    """The lines up to the one that ends with "?" (the question), and the rest (the answer)."""
    lines = list(zip(block.indices, block.lines, strict=False))
    for position, (_index, line) in enumerate(lines):
        if _ends_question(line):
            return [line for _i, line in lines[: position + 1]], lines[position + 1 :]
    if lines and _INTERROGATIVE_START_RE.match(lines[0][1]):
        # "4. Werden die Halter*innen … informiert." - a question written with a full stop, its
        # answer on the next line
        for position, (_index, line) in enumerate(lines[:-1]):
            if is_terminal(line) and line.rstrip().endswith("."):
                return [line for _i, line in lines[: position + 1]], lines[position + 1 :]
    return [line for _i, line in lines], []


# A sentence in question word order: an interrogative, or the finite verb first.
_INTERROGATIVE_START_RE = re.compile(
    r"^(?:Wer|Wie|Was|Wann|Wo|Wohin|Woher|Warum|Weshalb|Wieso|Welche[rsmn]?|Wieviele?|Inwiefern|Inwieweit"
    r"|Werden|Wird|Ist|Sind|Gibt|Gab|Kann|Können|Hat|Haben|Hält|Sieht|Teilt|Plant|Beabsichtigt|Liegt|Liegen)\s"
)


def _settle_sub_questions(question: ParsedQuestion) -> None:
    """Items below a question are its sub-questions when they ask something themselves (or are
    requests under a heading); otherwise they are a list inside the question's text."""
    subs = question.sub_questions
    if not subs:
        return
    asking = sum(1 for sub in subs if _asks(sub.text) or _is_request(sub.text))
    if asking * 2 >= len(subs) and asking:
        return
    if not asking and not _asks(question.text) and all(len(sub.text) >= 25 for sub in subs):
        return
    if not asking and question.text.rstrip().endswith("?") and len(subs) >= 2:
        return  # "Welches Honorar …? a) Durchschnitt aller … b) bei einzelnen Trägern": parts to answer
    if any(sub.answer for sub in subs):
        return
    parts = [question.text] + [f"{sub.number}) {sub.text}" for sub in subs]
    question.text = " ".join(part for part in parts if part)
    question.sub_questions = []


def _mark_repeated_numbers(questions: list[ParsedQuestion]) -> None:
    seen: dict[str, int] = {}
    for question in questions:
        if question.number:
            seen[question.number] = seen.get(question.number, 0) + 1
    for question in questions:
        if question.number and seen[question.number] > 1:
            question.doubts.append(
                _("The number %(number)s appears more than once in the letter.") % {"number": question.number}
            )


_UNIT_RE = re.compile(r"(?<=\?)[\s\"“”»«)]*\s+(?=[A-ZÄÖÜ(„\"])")


def _question_units(text: str) -> list[str]:
    """A paragraph cut after each "?"; follow-ups ("Wenn ja, …?") stay with their question."""
    pieces = [piece.strip() for piece in _UNIT_RE.split(text) if piece.strip()]
    units: list[str] = []
    for piece in pieces:
        if units and _asks(units[-1]) and _FOLLOW_UP_START_RE.match(piece):
            units[-1] = f"{units[-1]} {piece}"
        else:
            units.append(piece)
    return units


_LAST_SENTENCE_RE = re.compile(r"(?<=[a-zäöüß0-9)“\"][.!])\s+(?=[A-ZÄÖÜ])")


def _block_question_units(block: Block) -> list[str]:
    """Questions written one per line ("…?" at the end of a line) are split at the line ends, so
    that a question of two sentences stays one ("… ist dies korrekt? Kann die Satzung …?"); a
    line that starts in lower case continues the question before it ("Wird gebaut?" / "bzw. was
    darf …?"). Other text is cut after each "?"."""
    lines = [line for line in block.lines if line]
    if len(lines) < 2 or sum(1 for line in lines if _ends_question(line)) < 2:
        return _question_units(block.text())
    units: list[list[str]] = [[]]
    for position, line in enumerate(lines):
        units[-1].append(line)
        following = lines[position + 1] if position + 1 < len(lines) else ""
        if _ends_question(line) and following and not following[0].islower():
            units.append([])
    return [join_lines(unit) for unit in units if unit]


def _split_at_last_intro(blocks: list[Block]) -> int | None:
    """ "Deshalb bitte ich um eine Antwort:" inside a paragraph, with the questions below it: the
    paragraph is split there, so that the questions start after the intro (and a rhetorical
    question before it stays in the preamble)."""
    for position in range(len(blocks) - 1, -1, -1):
        block = blocks[position]
        if block.marker is not None or block.answer_label is not None or block.section:
            continue
        for j in range(len(block.lines) - 2, -1, -1):
            line = block.lines[j]
            rest = block.lines[j + 1 :]
            if line.rstrip().endswith(":") and _is_intro(line) and any("?" in r for r in rest):
                head = Block(block.start, lines=block.lines[: j + 1], indices=block.indices[: j + 1])
                tail = Block(
                    block.indices[j + 1], lines=rest, indices=block.indices[j + 1 :], gap_before=True
                )
                blocks[position : position + 1] = [head, tail]
                return position
    return None


def _statement_before_question(unit: str) -> tuple[str, str]:
    """ "Seit … gesperrt. Wie lange …?" → ("Seit … gesperrt.", "Wie lange …?")"""
    cuts = list(_LAST_SENTENCE_RE.finditer(unit))
    if not cuts:
        return "", unit
    cut = cuts[-1]
    return unit[: cut.start()].strip(), unit[cut.end() :].strip()


def _after_intro(units: list[str]) -> tuple[str, list[str]]:
    """Split off what comes up to the intro in a paragraph that asks after its intro ("Ich frage
    die Verwaltung: Wie …?"): (the text up to the colon, the questions)."""
    if not units:
        return "", units
    first = units[0]
    colon = first.rfind(": ")
    if colon > 0 and INTRO_RE.search(first[:colon]):
        return first[: colon + 1], [first[colon + 2 :], *units[1:]]
    return "", units
