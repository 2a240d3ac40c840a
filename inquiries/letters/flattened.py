"""A parliament's paper (Drucksache) whose text was extracted into one line: the head, the
questions and the answers run together, as text extraction from a Landtag's or Bürgerschaft's
PDF gives them.

"BÜRGERSCHAFT … Drucksache 21/304 21. Wahlperiode 28.04.15 Schriftliche Kleine Anfrage der
Abgeordneten Sabine Boeddinghaus (DIE LINKE) vom 21.04.15 und Antwort des Senats Betr.: Ganz
Marmstorf für Olympia? Im Harburger … wie folgt: 1. Steht …? Ja. … 2. …"

The line is put back into the lines the paper has: its page head, the line naming the kind
with the askers and the date, the subject, the text; the heading of the answer part ("Antwort
des … vom 28.09.2017") and each answer label ("Zu 1.1 bis 3.3:") on lines of their own; in a
paper that answers its questions, each question's answer after its last question mark on a
line of its own; the parliament's page footer ("17. Wahlperiode 02.02.2018 Drucksache 17/18355
Bayerischer Landtag") and its notice where its papers are published are dropped. The numbered
items are split by `text.unflatten`.
"""

from __future__ import annotations

import re

from inquiries.deadlines.dates import DATE_TEXT

from .sentences import announces_answers
from .text import unflatten

# Only lines this long are looked at: a whole paper on one line.
_PAPER_LINE = 600

_KIND_RE = re.compile(
    r"(?:Schriftliche\s+|Mündliche\s+)?(?:Kleine\s+|Große\s+)?Anfrage\s+(?:des|der)\s+"
    r"(?:Abgeordneten|Abg\.|Stadtverordneten|Bezirksverordneten|Fraktion)\b"
)
# "vom 21.04.15 und Antwort des Senats": the end of the line naming the kind
_KIND_END_RE = re.compile(rf"\bvom\s+{DATE_TEXT}(?:\s+und\s+Antwort\s+(?:des|der)\s+[A-ZÄÖÜ][\w-]+)?")
_SUBJECT_LABEL_RE = re.compile(r"(?:^|\s)(?P<label>(?:Betr\.|Betreff|Betrifft)\s*:)\s*")
# The subject ends at its question mark or full stop, or where the request begins ("Wir fragen
# die Staatsregierung:", "Ich frage den Senat:")
_SUBJECT_END_RE = re.compile(
    r"(?<=[?!.])\s+(?=[A-ZÄÖÜ„\"])|\s+(?=(?:Wir|Ich)\s+(?:fragen|frage|bitten|bitte)\b|Vor\s+diesem\s+Hintergrund\b)"
)
# "… vom 28.09.2017 Zu 1.1 bis 3.3: …": the heading of the answers, and each answer label
_REF = r"\d{1,2}(?:\.\d{1,2})?"
_ANSWER_CUT_RE = re.compile(
    r"(?<=[?.!:“”\"])\s+(?=(?:Antwort|Stellungnahme)\s+(?:des|der)\s+[^?]{3,240}?\s+vom\s+\d)"
    rf"|(?:(?<=[?.!“”\"])|(?<=\d{{4}}))\s+(?=Zu\s+(?:(?:den\s+)?Fragen?\s+)?{_REF}\.?(?:\s*(?:bis|und|,|-|–)\s*{_REF}\.?)*\s*:)"
)
# The parliament's page footer and its notice where its papers are published.
_PAGE_FOOTER_RE = re.compile(
    rf"\s+\d{{1,2}}\.\s+Wahlperiode\s+{DATE_TEXT}\s+Drucksache\s+\d{{1,3}}/\d{{1,6}}[^.?!]{{0,60}}$"
)
_NOTICE_RE = re.compile(
    r"\s+(?:Drucksachen|Plenarprotokolle)\b[^?]{0,300}?\b(?:abrufbar|zur\s+Verfügung)\."
    r"(?:\s+[^?.]{0,120}?\bwww\.[^?]{0,160}?\b(?:abrufbar|zur\s+Verfügung)\.)*"
)
_ITEM_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})?[.)]?\s")
# The answer after an item's last question: a sentence that begins after its question mark
_LAST_QUESTION_RE = re.compile(r"\?[“”\"»«)]*\s+(?=[A-ZÄÖÜ])(?!.*\?)")


def split_papers(lines: list[str]) -> list[str]:
    """Every line that holds a whole paper, put back into its lines (see the module docstring)."""
    result: list[str] = []
    for line in lines:
        kind = _KIND_RE.search(line) if len(line) >= _PAPER_LINE else None
        if kind is None or kind.start() > 400:
            result.append(line)
            continue
        result.extend(_paper_lines(line, kind.start()))
    return result


def _paper_lines(line: str, kind_start: int) -> list[str]:
    lines: list[str] = []
    if kind_start:
        lines.extend([line[:kind_start].strip(), ""])  # the page head
    rest = line[kind_start:]
    kind_end = _KIND_END_RE.search(rest[:400])
    if kind_end is None:
        return [*lines, rest]
    kind_line = rest[: kind_end.end()].strip()
    lines.extend([kind_line, ""])
    rest = rest[kind_end.end() :].strip()
    label = _SUBJECT_LABEL_RE.match(rest)
    subject_start = label.end() if label else 0
    subject_end = _SUBJECT_END_RE.search(rest, subject_start)
    if subject_end is not None and subject_end.start() - subject_start <= 200:
        lines.extend([rest[: subject_end.start()].strip(), ""])
        rest = rest[subject_end.end() :].strip()
    rest = _NOTICE_RE.sub("", _PAGE_FOOTER_RE.sub("", rest))
    pieces = [piece.strip() for piece in _ANSWER_CUT_RE.split(rest) if piece.strip()]
    # "… vom 21.04.15 und Antwort des Senats", "… beantwortet die Fragen … wie folgt:"
    answers_follow = " Antwort " in kind_line or any(
        announces_answers(sentence) for sentence in re.split(r"(?<=[.!?:])\s+", pieces[0])
    )
    for part in pieces:  # the questions, the heading of the answers, each labelled answer
        for piece in unflatten([part]):
            match = _LAST_QUESTION_RE.search(piece) if answers_follow and _ITEM_RE.match(piece) else None
            if match:
                # a question answered right after it, without a label: "1. Steht …? Ja. …"
                lines.extend([piece[: match.start() + 1], piece[match.end() :]])
            else:
                lines.append(piece)
        lines.append("")
    return lines
