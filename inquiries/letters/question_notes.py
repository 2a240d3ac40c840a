"""A question of a council's question time as notes or minutes record it: the question's
reference number with the group that asks it, the question, and the answer given in the meeting
(often in reported speech), under the meeting's head lines.

    Fragestunde, StaVo 12 am 19.06.17
    102.18.132, B90/Grüne
    Hat der Magistrat Kenntnis, wann … abgebrochen wird?
    Stadtbaurat Nolda erklärt, darüber habe der Magistrat keine Kenntnis. …

The reference ("102.18.132") is the paper's number, not a question's; the group after it is the
sender. The document is a reply when text that asks nothing follows the question. Only the first
entry is read. A text without such an entry is left to the other readers (read() returns None).
"""

from __future__ import annotations

import re

from .base import REPLY, ParsedLetter, ParsedQuestion, Person, _
from .text import squash

# "102.18.132, B90/Grüne": a dotted reference number (two dots at least), then who asks
_REFERENCE_LINE_RE = re.compile(
    r"^(?P<reference>\d{1,4}(?:\.\d{1,5}){2,3}),\s*(?P<group>[^\s,.?][^,?]{0,40})$"
)
# The head before the entry: a few short lines (the meeting, the notes' title).
_HEAD_LINES = 6
_HEAD_LINE_CHARS = 120
# The question: a few lines, the last one ending with "?"
_QUESTION_LINES = 4


def read(lines: list[str]) -> ParsedLetter | None:
    """The first noted question with its answer, or None where the text does not start so."""
    filled = [line for line in lines[:200] if line]
    start = None
    for i, line in enumerate(filled[: _HEAD_LINES + 1]):
        if line[:1].isdigit() and _REFERENCE_LINE_RE.match(line):
            start = i
            break
        if len(line) > _HEAD_LINE_CHARS:
            return None
    if start is None:
        return None
    match = _REFERENCE_LINE_RE.match(filled[start])
    rest = [line for line in lines if line]
    rest = rest[start + 1 :]
    end = next((k for k, line in enumerate(rest[:_QUESTION_LINES]) if line.rstrip().endswith("?")), None)
    if end is None:
        return None
    question = squash(" ".join(rest[: end + 1]))
    answer_lines = []
    for line in rest[end + 1 :]:
        if _REFERENCE_LINE_RE.match(line):
            break  # the next entry
        answer_lines.append(line)
    answer = squash(" ".join(answer_lines))
    if "?" in answer:
        return None  # more questions: not an answered entry
    letter = ParsedLetter()
    letter.reference = match["reference"]
    letter.senders = [Person("", "", match["group"].strip())]
    letter.questions = [ParsedQuestion(None, question, answer=answer)]
    letter.kind = REPLY if answer else "anfrage"
    letter.inquiry_kind = "anfrage"
    letter.doubt(_("No subject was found; please enter it."), about="title")
    return letter
