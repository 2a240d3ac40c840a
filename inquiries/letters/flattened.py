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
_PAPER_LINE = 300

_KIND_RE = re.compile(
    r"(?:Schriftliche\s+|Mündliche\s+)?(?:Kleine\s+|Große\s+)?Anfrage\s+(?:des|der)\s+"
    r"(?:Abgeordneten|Abg\.|Stadtverordneten|Bezirksverordneten|Fraktion)\b"
)
# "vom 21.04.15 und Antwort des Senats": the end of the line naming the kind
# (Berlin: "vom 22. Februar 2021 (Eingang beim Abgeordnetenhaus am 23. Februar 2021) und Antwort")
_RECEIVED = r"(?:\s+\(Eingang\b[^()]{0,100}\))?"
_KIND_END_RE = re.compile(
    rf"\bvom\s+{DATE_TEXT}{_RECEIVED}(?:\s+und\s+Antwort(?:\s+(?:des|der)\s+[A-ZÄÖÜ][\w-]+)?"
    rf"(?:\s+vom\s+{DATE_TEXT}{_RECEIVED})?)?"
)
_SUBJECT_LABEL_RE = re.compile(r"(?:^|\s)(?P<label>(?:Betr\.|Betreff|Betrifft|(?:zum\s+)?Thema)\s*:)\s*")
# The subject ends at its question mark or full stop, or where the request or the answer begins
# ("Wir fragen die Staatsregierung:", "Ich frage den Senat:", "Im Namen des Senats …")
_SUBJECT_END_RE = re.compile(
    r"(?<=[?!.])\s+(?=[A-ZÄÖÜ„\"])|\s+(?=(?:Wir|Ich)\s+(?:fragen|frage|bitten|bitte)\b|Vor\s+diesem\s+Hintergrund\b"
    r"|Im\s+Namen\s+(?:des|der)\b|Vorbemerkung\b"
    # a sentence's first word, capitalised where a subject would not capitalise it
    r"|(?:Im|In|Der|Die|Das|Seit|Laut|Nach|Es|Wie|Vor|Aufgrund|Bereits|Derzeit|Aktuell|Nachdem|Da|Mit)\s)"
)
# "… vom 28.09.2017 Zu 1.1 bis 3.3: …": the heading of the answers, and each answer label
_REF = r"\d{1,2}(?:\.\d{1,2})?"
_ANSWER_CUT_RE = re.compile(
    r"(?<=[?.!:“”\"])\s+(?=(?:Antwort|Stellungnahme)\s+(?:des|der)\s+[^?]{3,240}?\s+vom\s+\d)"
    rf"|(?:(?<=[?.!“”\"])|(?<=\d{{4}}))\s+(?=(?:Zu|Antwort\s+zu)\s+(?:(?:den\s+)?Fragen?\s+)?{_REF}\.?"
    rf"(?:\s*(?:bis|und|,|-|–)\s*{_REF}\.?)*\s*:)"
)
# The parliament's running page head or foot, wherever a page break fell: "17. Wahlperiode
# 02.02.2018 Drucksache 17/18355 Bayerischer Landtag", "Drucksache 21/304 Bürgerschaft der Freien
# und Hansestadt Hamburg – 21. Wahlperiode Seite 2" (a run of these pieces that names both the
# Wahlperiode and the Drucksache).
_PARLIAMENT = (
    r"(?:(?:Bayerischer|Hessischer|Sächsischer|Niedersächsischer|Thüringer|Schleswig-Holsteinischer)\s+Landtag"
    r"|Landtag\s+(?:von\s+)?[A-ZÄÖÜ][\w-]+|Bürgerschaft\s+der\s+Freien\s+und\s+Hansestadt\s+Hamburg"
    r"|Bremische\s+Bürgerschaft|Abgeordnetenhaus\s+Berlin|Deutscher\s+Bundestag)"
)
_PAGE_PIECE = (
    rf"(?:\d{{1,2}}\.\s+Wahlperiode|Drucksache\s+\d{{1,3}}\s?/\s?\d[\d ]{{0,7}}\d|{DATE_TEXT}|Seite\s+\d{{1,3}}"
    rf"|{_PARLIAMENT}|Landtag|Bürgerschaft|Abgeordnetenhaus|[–-])"
)
_PAGE_RUN_RE = re.compile(rf"(?:^|\s+){_PAGE_PIECE}(?:\s+{_PAGE_PIECE}){{1,6}}(?=\s|$)")
_NOTICE_RE = re.compile(
    r"\s+(?:Drucksachen|Plenarprotokolle)\b[^?]{0,300}?\b(?:abrufbar|zur\s+Verfügung)\."
    r"(?:\s+[^?.]{0,120}?\bwww\.[^?]{0,160}?\b(?:abrufbar|zur\s+Verfügung)\.)*"
)
_ANSWER_START_RE = re.compile(r"^(?:Zu|Antwort|Stellungnahme)\s")
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
    rest = _NOTICE_RE.sub("", _PAGE_RUN_RE.sub(_page_furniture, rest)).strip()
    # "… vom 21.04.15 und Antwort des Senats", "… beantwortet die Fragen … wie folgt:"
    answers_follow = " Antwort " in f"{kind_line} " or any(
        announces_answers(sentence) for sentence in re.split(r"(?<=[.!?:])\s+", rest[:3000])
    )
    for line in unflatten([rest]):
        for piece in _ANSWER_CUT_RE.split(line):
            piece = piece.strip()
            if not piece:
                continue
            if _ANSWER_START_RE.match(piece):
                lines.append("")  # the answers' heading, each labelled answer: a paragraph of its own
            asks = answers_follow and len(piece) <= 5000 and _ITEM_RE.match(piece)
            match = _LAST_QUESTION_RE.search(piece) if asks else None
            if match:
                # a question answered right after it, without a label: "1. Steht …? Ja. …"
                lines.extend([piece[: match.start() + 1], piece[match.end() :]])
            else:
                lines.append(piece)
    return lines


def _page_furniture(match: re.Match) -> str:
    run = match.group()
    return "" if "Wahlperiode" in run and "Drucksache" in run else run
