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

from inquiries.deadlines import DeadlineKind, parse_deadline_phrase
from inquiries.deadlines.dates import iso_date

from .base import (
    MAX_QUESTIONS,
    MAX_TEXT_CHARS,
    REPLY,
    LetterError,
    ParsedLetter,
    Person,
    _,
    too_many_questions,
)
from .blocks import (
    ANSWER_LABEL_RE,
    HEADING_LABEL_RE,
    QUESTION_LABEL_RE,
    SECTION_LABEL_RE,
    Block,
    read_blocks,
    split_quoted_questions,
)
from .fields import (
    CLOSING_RE,
    DATE_LINE_RE,
    DOCUMENT_TYPE_RE,
    SALUTATION_RE,
    SHORT,
    is_form_field,
    is_name,
    next_paragraph,
)
from .flattened import split_papers
from .header import KIND_ONLY_RE, Header, drop_download_label, kind_line_over_text, kind_of, read_header
from .label_column import rejoin_label_column
from .layouts import read_layout
from .letter_date import closing_date
from .markers import MarkerCache, first_value
from .question_time import asker, is_entry_head, names_kind_first, opens_entry, split_entry_heads
from .scheme import alternating, answers_between, carry_on_dotted, choose_style, style_of, unmark_wording
from .senders import who_asks
from .sentences import (
    ANSWER_REQUEST_RE,
    REQUEST_WORD_RE,
    adds_to_request,
    announces_answers,
    is_asking,
    is_intro,
    is_request,
    split_sentences,
    through_intro,
)
from .signature import (
    Foot,
    read_signature,
    signature_before_answers,
    signed_lines_start,
    trailing_signature,
)
from .text import is_strong_continuation, is_terminal, prepare_lines, squash, unflatten
from .walk import Walk

# More non-blank lines than this are not a letter (and would take seconds to read).
MAX_LINES = 30_000


# The salutation comes within this many lines (letterhead, addresses, reference lines).
SALUTATION_LINES = 150


_METADATA_RE = re.compile(
    r"^(?:(?:Asked|Tabled|Submitted)\s+by\s+(?P<who>[^,]{2,80}?)(?:\s+on\s+\d{1,2}\s+\w+\s+\d{4})?"
    r"|(?:Answered\s+by\s+[^,]{2,80}?\s+on|Answer\s+received\s+on|Date\s+tabled:?|Date\s+answered:?)\s+\d{1,2}\s+\w+\s+\d{4})\s*$"
)


_ANNEX_LABEL_RE = re.compile(r"^(?:Anhänge|Anlagen?|Dateien|Attachments?)\s*:?$", re.IGNORECASE)


_REQUEST_START_RE = re.compile(r"^(?:Die|Der|Wir|Ich|Bitte)\s")
_COPYRIGHT_RE = re.compile(
    r"^©|\(c\)\s+\d{4}|\bAlle\s+Rechte\s+vorbehalten\b|\bAll\s+rights\s+reserved\b", re.IGNORECASE
)


# The fields of a head that come before its text: an e-mail's, a subject line.
_HEAD_FIELD_RE = re.compile(
    r"^(?:Von|From|An|To|Cc|Gesendet|Sent|Datum|Date|Betreff|Betrifft|Betr\.|Subject)\s*:", re.IGNORECASE
)


_FORM_FIELD_RE = re.compile(r"^(?P<label>[A-ZÄÖÜ][\w .-]{1,30}):\s*(?P<value>\S.*)$")


# A heading: a few words, capitalised, with no punctuation at its end.
_HEADING_LINE_RE = re.compile(r"^[A-ZÄÖÜ][^.,;:!?]{0,80}[^\W\d_]$")


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
    lines = rejoin_label_column(unflatten(split_papers(split_entry_heads(lines))))
    letter = read_layout(lines) or _Reader(lines, received_on=received_on).read()
    letter.source_note = getattr(text, "note", "")
    if letter.source_note == "ocr":
        letter.doubts.insert(
            0, _("The text was read from a scan by text recognition (OCR); check it against the original.")
        )
    if letter.count_questions() > MAX_QUESTIONS:
        raise too_many_questions()
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


class _Reader:
    def __init__(self, lines: list[str], *, received_on: date | None) -> None:
        self.lines = lines
        self.received_on = received_on
        self.markers = MarkerCache()
        self.letter = ParsedLetter()
        self.skip: set[int] = set()
        self.document_reply = False  # the paper type field names a statement (header.document_reply)

    # -- zones -------------------------------------------------------------------------------------

    def read(self) -> ParsedLetter:
        lines = self.lines
        self._drop_annex_list()
        self._drop_site_footer()
        self._undouble_form_values()
        self.download_kind = drop_download_label(lines)
        salutation = self._find_salutation()
        if salutation is not None:
            header_end, body_start = salutation, salutation + 1
        else:
            header_end = body_start = self._body_start()
        self.body_start = body_start
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
            blocks, tail = trailing_signature(blocks)
            if not tail.persons:
                blocks, tail = signature_before_answers(blocks)
        else:
            tail = Foot()
        self._structure(blocks, header)
        self._head_and_foot(header, foot_start, closing_line, tail)
        self.letter.deadline_text = self._deadline()
        return self.letter

    def _drop_annex_list(self) -> None:
        """ "Anhänge" / "Keine" (or the attachments' names) at the end of a council information
        system's page: a list of files, not part of the last answer or the signature."""
        lines = self.lines
        filled = [i for i, line in enumerate(lines) if line][-12:]
        for position, i in enumerate(filled):
            if _ANNEX_LABEL_RE.match(lines[i]):
                rest = filled[position + 1 :]
                if len(rest) <= 8 and all(len(lines[j]) <= 100 and "?" not in lines[j] for j in rest):
                    for j in [i, *rest]:
                        lines[j] = ""
                return

    def _drop_site_footer(self) -> None:
        """A web page's footer copied with the letter: from the short lines after the last
        paragraph of prose to a copyright line ("© 2023 … Alle Rechte vorbehalten.")."""
        lines = self.lines
        filled = [i for i, line in enumerate(lines) if line][-40:]
        copyright_at = next(
            (i for i in reversed(filled) if len(lines[i]) <= 200 and _COPYRIGHT_RE.search(lines[i])), None
        )
        if copyright_at is None:
            return
        start = copyright_at
        for i in reversed([i for i in filled if i < copyright_at]):
            if len(lines[i]) > 60 or "?" in lines[i] or CLOSING_RE.match(lines[i]):
                break
            start = i
        # the footer begins at a paragraph, not inside the last one
        while start < copyright_at and start > 0 and lines[start - 1]:
            start += 1
        for i in range(start, len(lines)):
            lines[i] = ""

    def _undouble_form_values(self) -> None:
        """A council information system's page shows some field values twice, run together
        ("Drucksache-Art:Große AnfrageGroße Anfrage", "Initiator:BürgerBürger"): once."""
        lines = self.lines
        for i, line in enumerate(lines[:80]):
            if ":" in line and len(line) <= 160:
                match = _FORM_FIELD_RE.match(line)
                value = match["value"].strip() if match else ""
                half = len(value) // 2
                if half >= 3 and len(value) % 2 == 0 and value[:half] == value[half:]:
                    lines[i] = f"{match['label']}:{value[:half]}"

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
            if is_entry_head(first):
                if len(paragraph) > 1:
                    return start + 1  # the question quoted under a question time's head
                continue
            if asker(first) is not None:
                # "Nr. 277 Hans Probe" / "CDU" / "Dez. III z.w.V.": an entry's head, then its text
                head = next((k for k, line in enumerate(paragraph[1:], 1) if len(line) > 25), len(paragraph))
                if head < len(paragraph):
                    return start + head
                continue
            topic = HEADING_LABEL_RE.match(first)
            if (
                topic
                and len(paragraph) == 1
                and re.match(r"^[A-ZÄÖÜ][^?:]{2,100}(?<!\.)$", first[topic.end() :])
            ):
                continue  # "Anfrage: Radverkehr in der Fußgängerzone": the subject
            if len(first) > SHORT or SECTION_LABEL_RE.match(first) or topic:
                return start  # prose, or "Sachverhalt" over it
            if first.lower().startswith("zu ") and ANSWER_LABEL_RE.match(first):
                return start  # "Zu 1)" over its answer
            if len(paragraph) > 1 and kind_line_over_text(first, paragraph[1]):
                return start + 1  # "Anfrage 21/SVV/1334 Sprechstunden …" right over the text
            if adds_to_request(text, " ".join(lines[j] for j in next_paragraph(lines, i, n, 20))):
                return start  # a request, then "Darüber hinaus bitten wir um … folgender Fragen:"
            if _REQUEST_START_RE.match(first) and is_request(first):
                return start  # "Die Fraktion … bittet die Verwaltung um …", then "Begründung: …"
            for offset, line in enumerate(through_intro(paragraph)[1:], 1):
                if len(line) > 200 and re.search(r"[a-zäöüß]{3}[.!?;,](?:\s|$)", line):
                    return start + offset  # head lines, then the text without a blank line
                if (
                    offset >= 3
                    and KIND_ONLY_RE.match(line)
                    and not line.endswith("Anfragen")  # a paper of several: its heading, then its head
                    and any(is_form_field(earlier) for earlier in paragraph[:offset])
                ):
                    self.skip.add(start + offset)  # the kind again after the form's fields: the text follows
                    return start + offset
            if _HEAD_FIELD_RE.match(first):
                fields = next(
                    (k for k, line in enumerate(paragraph) if not _HEAD_FIELD_RE.match(line)), len(paragraph)
                )
                if fields < len(paragraph) and paragraph[fields][:1].isupper():
                    i = start + fields  # "Betreff: …" right over the text: the text is read on its own
                continue
            for offset, line in enumerate(paragraph):
                marker = self.markers[line]
                rest = " ".join(paragraph[offset:])
                if (
                    marker is not None
                    and marker.style != "bullet"
                    and not DATE_LINE_RE.match(line)  # "01. 07. 2015": a date, not item 1
                    and (is_asking(rest) or marker.text == "" or marker.value == first_value(marker.style))
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
            if len(paragraph) == 1 and first.endswith("?") and DOCUMENT_TYPE_RE.match(self._next_line(i)):
                continue  # the subject as a question, over the paper's type field
            previous = next((lines[k] for k in range(start - 1, -1, -1) if lines[k]), "")
            if len(paragraph) == 1 and first.endswith("?") and previous and not previous.endswith(":"):
                # "Anfragen der AfD Fraktion …" / "Migrantenkrawalle … ausgeschlossen?" / "1. Wie …":
                # the subject as a question between the head and the first question
                if opens_entry(self.markers[self._next_line(i)], self._next_line(i)):
                    continue
            if len(paragraph) == 1 and first.endswith("?") and names_kind_first(self._next_line(i)):
                continue  # "Kein Grundstückserwerb …?" over "Kleine Anfrage von …": the subject
            if (
                len(paragraph) > 2
                and is_intro(paragraph[-1])
                and any(re.fullmatch(r"(?:Betreff|Datum|Subject|Date)\s*:?", line) for line in paragraph[:-1])
            ):
                return start + len(paragraph)  # a form's labels and values, then "Stellungnahme:"
            if text.endswith("?") or first.endswith("?") or is_intro(text) or is_request(first):
                return start

            if (
                QUESTION_LABEL_RE.match(first)
                or SECTION_LABEL_RE.match(first)
                or HEADING_LABEL_RE.match(first)
            ):
                return start
            if (
                ANSWER_LABEL_RE.match(first)
                and first.lower().startswith(("zu ", "antwort", "answer"))
                and not (first.isupper() and len(paragraph) == 1)  # "ANTWORT": the document's heading
                # "Antwort der Verwaltung" over "Betreff: …": the document's heading too
                and not (len(paragraph) == 1 and _HEAD_FIELD_RE.match(self._next_line(i)))
            ):
                return start
            if len(text) > 250 and re.search(r"[a-zäöüß]{3}[.!?](?:\s|$)", text):
                return start
        return n

    def _next_line(self, i: int) -> str:
        """The first non-blank line from i on ("" at the end)."""
        return next((line for line in self.lines[i : i + 20] if line), "")

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
        return signed_lines_start(lines, body_start), False

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
        blocks = unmark_wording(split_quoted_questions(blocks))
        carry_on_dotted(blocks)
        top = choose_style(blocks)
        if any(block.question_label is not None for block in blocks) and (
            top is None
            or not any(
                b.marker is not None and style_of(b) == top and b.asks
                for b in blocks
                if b.question_label is None
            )
            or any(b.question_number for b in blocks)
        ):
            top = "label"
        labelled = any(block.answer_label is not None or block.question_number for block in blocks)
        is_reply = header.is_reply or labelled or self._announces_answers(blocks)
        if not is_reply and top is not None:
            # a head that names an inquiry ("Kleine Anfrage nach § 24 BezVG") over questions that
            # are each answered is the inquiry published with its answers
            is_reply = answers_between(blocks, top, every=header.is_inquiry)
        if not is_reply and not header.is_inquiry and top is None:
            is_reply = alternating(blocks)
        self.document_reply = header.document_reply
        walk = Walk(self, top, is_reply=is_reply)
        if top is None:
            walk.unnumbered(blocks)
        else:
            walk.numbered(blocks)
        walk.finish()
        self.preamble_lines = sorted(walk.pre)
        if not header.kind:
            # "wir bitten Sie, folgende „Kleine Anfrage“ … auf die Tagesordnung zu nehmen"
            header.kind = next(
                (
                    kind
                    for _i, line in self.preamble_lines[:8]
                    if len(line) <= 400 and (kind := kind_of(line)) not in ("", "anfrage")
                ),
                "",
            )
        header.kind = header.kind or self.download_kind
        letter = self.letter
        letter.kind = REPLY if is_reply else (header.kind or "anfrage")
        letter.inquiry_kind = header.kind or "anfrage"

    def _heading_in_preamble(self) -> str:
        """A letter whose head names no subject may set it as a line of its own between the
        paragraphs before the questions ("… zu nehmen." / "Verunreinigung der Fahrradwege" /
        "In den letzten Tagen …")."""
        lines = self.lines
        start = getattr(self, "body_start", 0)
        end = next((i for i in range(start, min(len(lines), start + 60)) if "?" in lines[i]), start)
        for i in range(max(start, 1), end - 1):
            line = lines[i]
            if not _HEADING_LINE_RE.match(line) or CLOSING_RE.match(line) or is_intro(line):
                continue
            if is_name(line) and not re.search(r"\s[a-zäöüß]", line):
                continue  # a name on a line of its own
            before, after = lines[i - 1], lines[i + 1]
            if before and is_terminal(before) and after and after[0].isupper() and len(after) > 2 * len(line):
                return line
        return ""

    def _announces_answers(self, blocks: list[Block]) -> bool:
        """ "Die Kleine Anfrage wird wie folgt beantwortet:" in the head or before the questions."""
        lines = [line for line in self.lines[: blocks[0].start if blocks else 0] if line]
        for block in blocks:
            if block.marker is not None or block.question_label is not None:
                break
            lines.extend(block.lines)
        return any(announces_answers(line) for line in lines[:200])

    def _head_and_foot(self, header: Header, foot_start, closing_line: bool, tail: Foot) -> None:
        letter = self.letter
        letter.title = header.title or self._heading_in_preamble()
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
        letter.senders = who_asks(
            self.lines,
            header,
            is_reply=letter.is_reply,
            signed=foot.persons if foot is not None else tail.persons,
            tail=tail,
            foot_start=foot_start,
            salutation=letter.salutation,
        )
        if not letter.date:
            letter.date = tail.date or closing_date(self.lines)
        if (
            letter.is_reply
            and header.page_date_line is not None
            and letter.date == iso_date(self.lines[header.page_date_line])
        ):
            letter.date = ""  # a post with the answers is dated when the answers were published
        if not letter.title:
            letter.doubt(_("No subject was found; please enter it."), about="title")

    # -- deadline ----------------------------------------------------------------------------------

    def _deadline(self) -> str:
        """The deadline the letter asks for: only in the letter's own request (the preamble and
        the request after the questions), read by the deadline engine."""
        received_on = self.received_on or date.today()
        sentences = [
            sentence
            for sentence in split_sentences(self.letter.preamble[:20_000])
            if len(sentence) <= 600 and not sentence.rstrip().endswith("?")
        ]
        # a sentence that asks for the answer first, then one that names a meeting
        asking = [
            sentence
            for sentence in sentences
            if ANSWER_REQUEST_RE.search(sentence) and REQUEST_WORD_RE.search(sentence)
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
