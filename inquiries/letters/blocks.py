"""The body of a letter as blocks: paragraphs and list items, each with the features the parser
decides by (its list marker, an answer or section label, whether it asks something).

A block starts at a blank line, at a list marker ("1.", "a)", "Frage 2:", "-"), or at a label
("Antwort:", "Zu 2 und 3:", "Begründung:", "Q:"). A line that only looks like a list item
("27. Juni 2007 nicht bekannt", "2. Quartal") continues the block before it when that one stops
in the middle of a sentence or the label is not one a list being read would take next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inquiries.deadlines.dates import DATE_TEXT

from .fields import is_name
from .markers import Marker, MarkerCache, first_value
from .text import continues, is_strong_continuation, is_terminal, join_lines

# "Antwort:", "Antwort der Verwaltung:", "Aus der Antwort:" (a faction's summary), "Zu Frage 1:", "Zu 1.", "Zu 2 und 3:", "Zu den Fragen 2
# bis 4:", "Zu a)", "Answer:", "A:", "Response:", "Reply:", "Zu 1.1:".
_REF = r"(?:\d{1,3}(?:\.\d{1,3})*(?:\s?[a-z]{1,2}\b\)?)?|[a-z]{1,2}(?=\))|[IVX]{1,5}\b)"
_REFS = rf"{_REF}\.?\)?(?:\s*(?:,|und|bis|sowie|&|\+|-|–|u\.)\s*(?:Frage\s+)?{_REF}\.?\)?)*"
ANSWER_LABEL_RE = re.compile(
    r"^(?:"
    r"(?:Aus\s+der\s+)?(?:Antwort|Stellungnahme|Beantwortung)(?:\s+(?:der|des)\s+[\wäöüß-]+(?:\s+[\wäöüß-]+)?)?"
    rf"(?:\s+(?:zu|auf)\s+(?:den\s+|der\s+)?(?:Fragen?\s+)?(?:Nr\.\s*)?(?P<refs1>{_REFS}))?\s*(?::|\.(?=\s|$)|$)"
    rf"|Zu\s+(?:den\s+|der\s+)?(?:Fragen?\s+|Ziffern?\s+|Punkt(?:en)?\s+|Nr\.\s*)?(?P<refs2>{_REFS})\s*(?::|\.(?=\s)|$|(?=\s+[A-ZÄÖÜ]))"
    r"|(?:Answer|Response|Reply)(?:\s+from\s+[^:]{1,60})?\s*:|(?:Answer|Response|Reply)\s*$"
    r"|A\s*:"
    r"|A(?P<refs3>\d{1,3})\s*:"
    # after the questions quoted in an administration's letter: "teile ich Ihnen Folgendes mit:"
    r"|teilen?\s+(?:ich|wir)\s+Ihnen\s+(?:[^:.?]{0,80}\s)?Folgendes\s+mit\s*:"
    # "Die Fragen 1 und 2 werden gemeinsam beantwortet:"
    rf"|(?:Die\s+)?Fragen\s+(?:Nr\.\s*)?(?P<refs4>{_REFS})\s+(?:werden|sind)\s+(?:gemeinsam|zusammen(?:hängend)?)\s+beantwortet"
    r"\s*(?::|\.|$)"
    r")\s*",
    re.IGNORECASE,
)
# "Frage:", "Frage 3:", "Q:", "Q3:", "Question 2:" (a question label in Q/A documents).
QUESTION_LABEL_RE = re.compile(r"^(?:Q(?P<number>\d{1,3})?\s*[:.]|Question\s+(?P<number2>\d{1,3})\s*:)\s*")
# A heading over the questions ("Anfrage:", "Fragen:", "Frage:"): dropped, the text after it is a
# block of its own.
HEADING_LABEL_RE = re.compile(r"^(?:Anfrage|Fragen?|Fragestellung|Questions?)\s*:\s*", re.IGNORECASE)
SECTION_LABEL_RE = re.compile(
    r"^(?:(?P<justification>(?:zur\s+)?Begründung(?:\s+der\s+Anfrage)?|(?:Sachverhalt|Sachstand)(?:\s*/\s*Begründung)?"
    r"|Erläuterungen?|Hintergrund|Background|Explanation)"
    r"|(?P<remark>Vorbemerkung(?:\s+der\s+[\wäöüß-]+)?|Vorbemerkungen))"
    r"\s*(?::\s*|\.?\s*$)",
    re.IGNORECASE,
)
# The heading of the answer part of a paper: who answers, and when ("Antwort des Leiters der
# Staatskanzlei … vom 28.09.2017"); dropped like a heading over the questions.
_REPLY_HEADING_RE = re.compile(
    rf"^(?:Antwort|Stellungnahme|Beantwortung)\s+(?:des|der)\s+[^:?]{{3,240}}?\s+vom\s+{DATE_TEXT}\.?$"
)
_LABEL_STARTS = frozenset("AaZzSsBbRrQqFfEeHhVvDdTt")
_RANGE_RE = re.compile(r"(?P<a>\d{1,3})\.?\s*(?:bis|-|–)\s*(?:Frage\s+)?(?P<b>\d{1,3})\b", re.IGNORECASE)
_SINGLE_REF_RE = re.compile(r"\d{1,3}(?:\.\d{1,3})*(?:\s?[a-z]{1,2}\b)?|[a-z]{1,2}\b|[IVX]{1,5}\b")
# "Zu 1.1 bis 3.3": which numbers lie between is known only from the questions
_DOTTED_RANGE_RE = re.compile(
    r"(?P<a>\d{1,3}(?:\.\d{1,3})+)\.?\s*(?:bis|-|–)\s*(?P<b>\d{1,3}(?:\.\d{1,3})+)\b", re.IGNORECASE
)
# Joins the ends of such a range in one ref ("1.1…3.3"), which the walk resolves in document order.
RANGE_MARK = "…"
# "Zu 1a bis 1c", "Zu a) bis c)": a range of lettered sub-questions
_LETTER_RANGE_RE = re.compile(
    r"^(?:(?P<n>\d{1,3})\.?\s?)?(?P<a>[a-z])\)?\s*(?:bis|-|–)\s*(?:(?P<m>\d{1,3})\.?\s?)?(?P<b>[a-z])\)?$"
)


def split_refs(refs: str) -> list[str]:
    """ "2 und 3" → ["2", "3"]; "1 bis 3" → ["1", "2", "3"]; "2 a)" → ["2 a"]; "1.2" → ["1.2"];
    "1.1 bis 3.3" → ["1.1…3.3"] (RANGE_MARK); "1a bis 1c" → ["1 a", "1 b", "1 c"]."""
    result: list[str] = []
    text = refs.replace("Frage", " ").replace("frage", " ")
    dotted = _DOTTED_RANGE_RE.search(text)
    if dotted:
        rest = split_refs(text[: dotted.start()] + " und " + text[dotted.end() :])
        return [f"{dotted['a']}{RANGE_MARK}{dotted['b']}", *rest]
    letters = _LETTER_RANGE_RE.match(text.strip(" .:"))
    if letters and (letters["m"] is None or letters["m"] == letters["n"]) and letters["a"] < letters["b"]:
        prefix = f"{letters['n']} " if letters["n"] else ""
        return [f"{prefix}{chr(code)}" for code in range(ord(letters["a"]), ord(letters["b"]) + 1)]
    for match in _RANGE_RE.finditer(text):
        a, b = int(match["a"]), int(match["b"])
        if 0 < a < b <= a + 50:
            result.extend(str(n) for n in range(a, b + 1))
    if result:
        return result
    for part in re.split(r"\s*(?:,|\bund\b|\bsowie\b|&|\+|\bu\.)\s*", text):
        part = part.strip(" .)")
        if not part:
            continue
        match = _SINGLE_REF_RE.fullmatch(part) or _SINGLE_REF_RE.match(part)
        if match:
            ref = re.sub(r"^(\d{1,3}(?:\.\d{1,3})*)\.?\s*([a-z]{1,2})$", r"\1 \2", match.group().strip())
            result.append(ref)
    return result


@dataclass(eq=False)
class Block:
    start: int  # index of the first line
    lines: list[str] = field(default_factory=list)
    indices: list[int] = field(default_factory=list)
    marker: Marker | None = None
    answer_label: str | None = None  # the label as written ("Zu 2 und 3:"), for answers
    refs: list[str] = field(default_factory=list)  # the questions an answer label names
    question_label: str | None = None  # "Q:", "Q3:", or "Zu 1.:" before a repeated question
    question_number: str = ""  # the number such a label gives
    question_refs: list[str] = field(default_factory=list)  # all numbers it gives ("Zu 3. und 4.: …?")
    section: str = ""  # "justification" or "remark" for "Begründung:" and "Vorbemerkung:"
    gap_before: bool = True  # a blank line before the block

    @property
    def first_text(self) -> str:
        """The text on the block's first line after its marker or label."""
        return self.lines[0] if self.lines else ""

    @property
    def tail(self) -> str:
        for line in reversed(self.lines):
            if line:
                return line
        return ""

    def text(self) -> str:
        return join_lines([line for line in self.lines if line])

    @property
    def is_empty(self) -> bool:
        return not any(self.lines)

    @property
    def asks(self) -> bool:
        return any("?" in line for line in self.lines)

    @property
    def is_label_only(self) -> bool:
        return self.is_empty and (self.marker is not None or self.answer_label is not None)


def _label(line: str):
    """(kind, match) for an answer, question or section label at the start of the line."""
    if line[0] not in _LABEL_STARTS or len(line) > 2000:
        return None, None
    match = SECTION_LABEL_RE.match(line)
    if match:
        return "section", match
    match = ANSWER_LABEL_RE.match(line)
    if match:
        return "answer", match
    match = QUESTION_LABEL_RE.match(line)
    if match:
        return "question", match
    return None, None


def read_blocks(lines: list[str], start: int, end: int, skip: set[int], markers: MarkerCache) -> list[Block]:
    """Split lines[start:end] into blocks (see the module docstring)."""
    blocks: list[Block] = []
    current: Block | None = None
    previous = ""  # the last non-blank line
    blank = True
    last_values: dict[str, int] = {}  # per marker style: the last value that opened a block

    def open_block(index: int, **kwargs) -> Block:
        nonlocal current
        block = Block(index, gap_before=blank, **kwargs)
        blocks.append(block)
        current = block
        return block

    for i in range(start, end):
        if i in skip:
            continue
        line = lines[i]
        if not line:
            blank = True
            continue
        if line[0] in "ASB" and len(line) <= 300 and _REPLY_HEADING_RE.match(line):
            current, blank = None, True
            continue
        heading = HEADING_LABEL_RE.match(line) if line[0] in "AaFfQq" else None
        if heading:
            line = line[heading.end() :]
            previous, blank = previous, True
            current = None
            if not line:
                continue
        kind, match = _label(line)
        if kind == "answer" and not _plausible_answer_label(match, line, previous, blank):
            kind = None
        if kind is not None:
            rest = line[match.end() :].strip()
            if kind == "section":
                block = open_block(i, section="justification" if match["justification"] else "remark")
            elif kind == "answer":
                refs_text = match["refs1"] or match["refs2"] or match["refs3"] or match["refs4"] or ""
                block = open_block(i, answer_label=match.group().strip(), refs=split_refs(refs_text))
            else:
                block = open_block(i, question_label=match.group().strip())
            block.indices.append(i)
            block.lines.append(rest)
            previous, blank = line, False
            continue
        marker = markers[line]
        if marker is None and line[0].isdigit():
            marker = _unpunctuated_next(line, last_values)
        if marker is not None and (
            _starts_item(marker, previous, blank, last_values, current)
            or _opens_list(lines, i, end, marker, markers)
        ):
            last_values[marker.style] = marker.value
            block = open_block(i, marker=marker)
            block.indices.append(i)
            inner = markers[marker.text] if marker.text else None
            if (
                inner is not None
                and inner.style not in (marker.style, "bullet")
                and inner.value == first_value(inner.style)
            ):
                # "2. a) Wie viele …?": the item's first sub-item on its line; a block of its own
                block.lines.append("")
                last_values[inner.style] = inner.value
                block = open_block(i, marker=inner)
                block.indices.append(i)
                block.lines.append(inner.text)
            else:
                block.lines.append(marker.text)
            previous, blank = line, False
            continue
        speaker = _SPEAKER_RE.match(line) if line[0] == "§" else None
        if speaker:
            current = None  # a speaker's turn in a parliament's record ("§ Mr. Baldry…")
            line = line[speaker.end() :].strip()
            if not line:
                continue
        if (
            current is not None
            and not blank
            and current.marker is not None
            and is_terminal(current.tail)
            and _CLOSING_REQUEST_RE.match(line)
        ):
            current = None  # "Ich bitte um … Beantwortung." right under the last question
        if (
            current is not None
            and not blank
            and current.marker is None
            and current.answer_label is None
            and is_terminal(previous)
            and is_name(line)
        ):
            current = None  # the signatory's name right under the closing request
        if current is not None and (not blank or _carries_on(current, line)):
            if current.lines and not current.lines[-1] and not blank:
                current.lines[-1] = line  # the text of a label on a line of its own
                current.indices[-1] = i
            else:
                current.lines.append(line)
                current.indices.append(i)
        else:
            block = open_block(i)
            block.indices.append(i)
            block.lines.append(line)
        previous, blank = line, False
    while blocks and blocks[-1].answer_label is not None and blocks[-1].is_empty:
        # "Antwort:" over a link to the answer's file and nothing else: no answer in the text
        blocks.pop()
    return blocks


# The letter's request after its questions, which a list item never continues with.
_CLOSING_REQUEST_RE = re.compile(
    r"^(?:(?:Ich|Wir)\s+(?:bitte|bitten)\s+(?:um|Sie\s+um)\s|Mit\s+freundlichen\s+Grüßen\b|Für\s+die\s+Beantwortung\b)"
)
_SPEAKER_RE = re.compile(
    r"^§\s*(?:Mr|Mrs|Ms|Dr|Sir|Lord|Baroness)\.?\s+[A-Z][\w'’-]*?[a-z](?=\s|[A-Z][a-z]*\s)"
)
_UNPUNCTUATED_RE = re.compile(r"^(\d{1,2})\s{2,}(?=[A-ZÄÖÜ])")


def _unpunctuated_next(line: str, last_values: dict) -> Marker | None:
    """ "2  Was wird …" between "1." and "3.": a label whose dot was forgotten."""
    match = _UNPUNCTUATED_RE.match(line)
    if match and last_values.get("dec") == int(match[1]) - 1:
        return Marker("dec", int(match[1]), match[1], match[1], line[match.end() :].strip())
    return None


def _opens_list(lines: list[str], i: int, end: int, marker: Marker, markers: MarkerCache) -> bool:
    """A first label ("a)", "1.") after a lead-in that runs on ("… hinsichtlich") opens a list
    when the next label of the same style follows within a few lines."""
    if marker.style == "bullet" or marker.value != first_value(marker.style):
        return False
    for j in range(i + 1, min(end, i + 12)):
        following = markers[lines[j]] if lines[j] else None
        if following is not None and following.style == marker.style:
            return following.value == marker.value + 1
    return False


def _carries_on(block: Block, line: str) -> bool:
    """Does a paragraph after a blank line still belong to the block before it?"""
    if block.is_label_only:
        return True  # "Frage 1:" / "Zu 2.:" on its own line, the text below
    return continues(block.tail, line)


def _plausible_answer_label(match, line: str, previous: str, blank: bool) -> bool:
    label = match.group().strip()
    if label.lower().startswith("zu") and not label.endswith(":"):
        # "Zu 2 Kitas gibt es …" is a sentence; "Zu 2.", "Zu Frage 2" on a line of its own or
        # after a blank line are labels.
        rest = line[match.end() :].strip()
        if not re.search(r"\d|frage|[a-z]\)$", label, re.IGNORECASE):
            return False
        if rest and not (blank or is_terminal(previous) or not previous):
            return False
        if rest and not label.rstrip().endswith((".", ")")) and "frage" not in label.lower():
            return False
    if label.lower().startswith("a") and len(label) <= 3 and not (blank or is_terminal(previous)):
        return False  # "A:" only as a label of its own
    if (
        not blank
        and previous
        and not is_terminal(previous)
        and label.lower().startswith(("antwort", "stellungn", "beantw"))
    ):
        return False
    return True


def _starts_item(
    marker: Marker, previous: str, blank: bool, last_values: dict, current: Block | None
) -> bool:
    if not previous:
        return True
    if (
        marker.style == "bullet"
        and current is not None
        and current.marker is not None
        and current.marker.style == "bullet"
    ):
        return True  # "- Personal,\n- Miete?": one bullet after another
    expected = last_values.get(marker.style)
    is_next = expected is not None and marker.value == expected + 1
    if is_strong_continuation(previous, same_paragraph=False):
        # "… die Kessel\n2, 3 und 4 …" or "… im\n3. Quartal": the line continues a sentence
        return False
    if previous.rstrip().endswith(","):
        return is_next  # lists of infinitives end in commas ("1. … darzustellen,\n2. …")
    if blank or is_terminal(previous):
        return True
    if current is not None and current.marker is not None and not current.lines[1:]:
        return True  # a list of short items: "1. Eins\n2. Zwei"
    if is_next:
        return True
    return marker.style == "bullet" and current is not None and current.marker is not None


# A question quoted after its number, then the answer to it: '1. „Wem gehört das Grundstück?“ Das
# Grundstück ist …' (a district office quotes each question of the inquiry it answers)
_QUOTED_QUESTION_RE = re.compile(
    r'^["„“»‚](?P<question>[^"„“”»«]{3,600}?\?)\s*["“”«‘]\s*(?P<answer>\S.*)?$', re.DOTALL
)


def split_quoted_questions(blocks: list[Block]) -> list[Block]:
    """Numbered items that quote a question and answer it: the question without its quotes, the
    answer a block of its own after it (when at least two items are answered so)."""
    found = [
        (block, match)
        for block in blocks
        if block.marker is not None and (match := _QUOTED_QUESTION_RE.match(block.text()))
    ]
    if sum(1 for _block, match in found if match["answer"]) < 2:
        return blocks
    result: list[Block] = []
    for block in blocks:
        match = next((match for quoted, match in found if quoted is block), None)
        result.append(block)
        if match is None:
            continue
        block.lines = [" ".join(match["question"].split())]
        if match["answer"]:
            answer = Block(
                block.indices[-1], lines=[match["answer"]], indices=[block.indices[-1]], gap_before=False
            )
            result.append(answer)
        block.indices = block.indices[:1]
    return result
