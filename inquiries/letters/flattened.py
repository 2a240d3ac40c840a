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
    rf"|(?:(?<=[?.!“”\"])|(?<=\d{{4}}))\s+(?=(?:[Zz]u|Antwort\s+zu)\s+(?:(?:den\s+)?Fragen?\s+)?{_REF}\.?"
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
# (the page number after the run, before the next numbered item: "… 6. Wahlperiode 2 4. Welche …")
_PAGE_RUN_RE = re.compile(
    rf"(?:^|\s+){_PAGE_PIECE}(?:\s+{_PAGE_PIECE}){{1,6}}(?:\s+\d{{1,3}}(?=\s+\d{{1,2}}\.\s))?(?=\s|$)"
)
_NOTICE_RE = re.compile(
    r"\s+(?:Drucksachen|Plenarprotokolle)\b[^?]{0,300}?\b(?:abrufbar|zur\s+Verfügung)\."
    r"(?:\s+[^?.]{0,120}?\bwww\.[^?]{0,160}?\b(?:abrufbar|zur\s+Verfügung)\.)*"
)
_ANSWER_START_RE = re.compile(r"^(?:[Zz]u|Antwort|Stellungnahme)\s")
_ITEM_RE = re.compile(r"^(?:(?:Frage\s+)?\d{1,2}(?:\.\d{1,2})?[.):]?|[a-z]\))\s")
# A paper's text with one question without a number: the sentences before it, the question, its answer
_UNNUMBERED_RE = re.compile(
    r"^(?P<before>(?:[^?]*[\w)“\"][.!:])?)\s*(?P<question>[A-ZÄÖÜ][^.!?:]*(?:\.\d[^.!?:]*)*\?)\s+(?P<answer>[A-ZÄÖÜ„\"].*)$"
)
_CLOSING_START_RE = re.compile(
    r"^(?P<closing>(?:Mit\s+)?(?:freundlichen|besten|herzlichen)\s+Gr(?:ü|ue)(?:ß|ss)en)\s+(?P<rest>\S.*)$"
)
# A numbered item anywhere in a paper's text
_INLINE_ITEM_RE = re.compile(r"(?:^|[.?!:]\s+)(?:Frage\s+)?\d{1,2}[.):]\s")
# The parts of a numbered question, each after the question mark of the one before: "5. …? a) …? b) …?"
_PART_RE = re.compile(r"(?<=\?)\s+(?=[a-z]\)\s)")
# The answer after an item's last question: a sentence that begins after its question mark
_LAST_QUESTION_RE = re.compile(r"\?[“”\"»«)]*\s+(?=[A-ZÄÖÜ])(?!.*\?)")


# The head of a Landtag's answer paper whose kind line names no date: "KLEINE ANFRAGE des
# Abgeordneten David Petereit, Fraktion der NPD <subject> und ANTWORT der Landesregierung"
# (Mecklenburg-Vorpommern), "Antwort der Landesregierung auf die Kleine Anfrage 1385 der
# Abgeordneten Sven Petke und Steeven Bretz der CDU-Fraktion Drucksache 6/3367 <subject> Wortlaut
# der Kleinen Anfrage 1385 vom 20. Januar 2016:" (Brandenburg).
_PARTY = (
    r"(?:BÜNDNIS\s+90/DIE\s+GRÜNEN|B90/GRÜNE|DIE\s+LINKE|Die\s+Linke|FREIE\s+WÄHLER|BVB/FREIE\s+WÄHLER|AfD|GRÜNEN?"
    r"|Grünen|[A-ZÄÖÜ]{2,5}(?![\w-]))"
)
_NAME = r"(?:Dr\.\s+)?[A-ZÄÖÜ][\w'’.-]+(?:\s+(?:von\s+|van\s+|de\s+)?[A-ZÄÖÜ][\w'’-]+){1,2}"
_ASKERS = (
    rf"(?:des|der)\s+(?:Abgeordneten|Abg\.)\s+{_NAME}(?:(?:,\s*|\s+und\s+){_NAME}){{0,6}}"
    rf"(?:,\s*Fraktion\s+(?:der\s+)?{_PARTY}|\s+\([^()]{{2,60}}\)|\s+der\s+(?:[\w-]+-)?Fraktion(?:\s+{_PARTY})?)"
)
_ANSWER_OF = r"(?:ANTWORT|Antwort)\s+(?:der|des)\s+[A-ZÄÖÜ][\w-]+"
_ANSWER_HEAD_RE = re.compile(
    rf"(?P<kind>(?:{_ANSWER_OF}\s+auf\s+die\s+)?(?:(?i:kleine|große|schriftliche)\s+)?(?i:anfrage)"
    rf"(?:\s+(?:Nr\.\s*)?\d{{1,5}})?\s+{_ASKERS}(?:\s+Drucksache\s+\d{{1,3}}/\d{{1,6}})?)"
    rf"\s+(?P<subject>(?!vom\s)\S.{{2,300}}?)\s+(?P<end>und\s+{_ANSWER_OF}(?=\s)"
    rf"|Wortlaut\s+der\s+(?:Kleinen\s+|Großen\s+)?Anfrage\s+(?:Nr\.\s*)?\d{{0,5}}\s*vom\s+{DATE_TEXT}\s*:)"
)
# Where the text in front of the head ends a sentence: a note on who answered, then the page head
_SENTENCE_END_RE = re.compile(r"(?<=[a-zäöüß]{2}[.!?])\s+(?=[A-ZÄÖÜ])")


def split_papers(lines: list[str]) -> list[str]:
    """Every line that holds a whole paper, put back into its lines (see the module docstring)."""
    result: list[str] = []
    for line in lines:
        kind = _KIND_RE.search(line) if len(line) >= _PAPER_LINE else None
        dated = kind is not None and kind.start() <= 400 and _kind_end(line[kind.start() :]) is not None
        answer_head = (
            _ANSWER_HEAD_RE.search(line[:1200])
            if len(line) >= _PAPER_LINE and not dated and _may_head(line)
            else None
        )
        if answer_head is not None and answer_head.start() <= 400:
            result.extend(_answer_paper_lines(line, answer_head))
            continue
        if kind is None or kind.start() > 400:
            result.append(line)
            continue
        result.extend(_paper_lines(line, kind.start()))
    return result


def _may_head(line: str) -> bool:
    """Cheap words an answer head cannot do without (so that a long text is not searched)."""
    head = line[:1200]
    return "Abg" in head and ("ntwort" in head or "NTWORT" in head or "Wortlaut" in head)


def _answer_paper_lines(line: str, head: re.Match) -> list[str]:
    """A Landtag's answer paper: what stands before the head (a note on who answered and when,
    the page head), the line naming the kind and the askers, the subject, the heading of the
    answer or of the inquiry's wording, then the text (see `_text_lines`)."""
    lines: list[str] = []
    for piece in _SENTENCE_END_RE.split(line[: head.start()].strip()):
        if piece:
            lines.extend([piece, ""])
    lines.extend([head["kind"], "", head["subject"], "", head["end"], ""])
    rest = _NOTICE_RE.sub("", _PAGE_RUN_RE.sub(_page_furniture, line[head.end() :])).strip()
    return lines + _text_lines(rest, answers_follow=True)


def _paper_lines(line: str, kind_start: int) -> list[str]:
    lines: list[str] = []
    if kind_start:
        lines.extend([line[:kind_start].strip(), ""])  # the page head
    rest = line[kind_start:]
    kind_end = _kind_end(rest)
    if kind_end is None:
        return [*lines, *_letter_lines(rest)]
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
    return lines + _text_lines(rest, answers_follow=answers_follow)


# An answer letter on one line after the line naming the kind: its fields ("Drs.-Nr.: 6/14650",
# "Thema: …"), its salutation, its text
_LETTER_CUT_RE = re.compile(
    r"\s+(?=(?:Drs\.-Nr\.|Drucksachen?-Nr\.|Thema|Betreff|Betr\.)\s*:|Sehr\s+geehrte[rn]?\s[^,]{2,80},)"
)
# Text recognition reads the "1" of "Frage 1:" as "l" or "I"
_OCR_FRAGE_ONE_RE = re.compile(r"\bFrage\s+[lI](?=\s*:)")


def _letter_lines(rest: str) -> list[str]:
    """The rest of a line that names the kind but no date: an answer letter run into one line
    ("Kleine Anfrage des Abgeordneten … Drs.-Nr.: … Thema: … Sehr geehrter Herr Präsident, namens …
    beantworte ich die Kleine Anfrage wie folgt: Frage 1: …? <answer> Mit freundlichen Grüßen …")."""
    pieces = _LETTER_CUT_RE.split(rest)
    body = pieces[-1]
    if len(pieces) < 2 or not body.startswith("Sehr"):
        return [rest]
    lines: list[str] = []
    for piece in pieces[:-1]:
        lines.extend([piece.strip(), ""])
    comma = body.index(",")
    lines.extend([body[: comma + 1], ""])
    text = _OCR_FRAGE_ONE_RE.sub("Frage 1", body[comma + 1 :].strip())
    answers_follow = any(announces_answers(sentence) for sentence in re.split(r"(?<=[.!?:])\s+", text[:3000]))
    return lines + _text_lines(text, answers_follow=answers_follow)


def _kind_end(rest: str) -> re.Match | None:
    """The end of the line naming the kind at the start of `rest`: its date ("… vom 21.04.15 und
    Antwort des Senats"); not a date in the text after the head's fields ("Thema: …")."""
    kind_end = _KIND_END_RE.search(rest[:400])
    colon = rest.find(":", 0, 400)
    if kind_end is not None and 0 <= colon < kind_end.start():
        return None
    return kind_end


def _text_lines(rest: str, *, answers_follow: bool) -> list[str]:
    """The paper's text: its numbered items, the answers' heading and labels on lines of their own,
    and (where answers follow) each question's unlabelled answer after it."""
    lines: list[str] = []
    announcement = _announcement(rest)
    if announcement is not None:
        # "Wortlaut der Kleinen Anfrage: … 1. …? 2. …? Namens der Landesregierung beantwortet … wie
        # folgt: Frage 1: …? …": the inquiry's wording, the line announcing the answers, the answers
        # with the questions repeated; each part numbered on its own
        before, after = rest[: announcement.start()], rest[announcement.end() :]
        head = _text_lines(before, answers_follow=False)
        return [*head, "", announcement.group().strip(), "", *_text_lines(after, answers_follow=True)]
    short = answers_follow and len(rest) <= 20_000
    unnumbered = _UNNUMBERED_RE.match(rest) if short and not _INLINE_ITEM_RE.search(rest) else None
    if unnumbered is not None and "?" not in unnumbered["answer"]:
        # one question without a number, between what leads up to it and its answer
        return [unnumbered["before"].strip(), "", unnumbered["question"], "", unnumbered["answer"]]
    for line in unflatten([rest], min_length=0):
        for piece in _parts(_ANSWER_CUT_RE.split(line)):
            piece = piece.strip()
            if not piece:
                continue
            closing = _CLOSING_START_RE.match(piece)
            if closing:
                # the closing formula on a line of its own, then the signature and the letterhead
                lines.extend([closing["closing"], closing["rest"]])
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


def _parts(pieces: list[str]) -> list[str]:
    """A numbered question's parts "a)", "b)" … on lines of their own, where they count up from a."""
    result: list[str] = []
    for piece in pieces:
        parts = _PART_RE.split(piece) if _ITEM_RE.match(piece) and "?" in piece else [piece]
        letters = [part[0] for part in parts[1:]]
        if letters != [chr(ord("a") + k) for k in range(len(letters))]:
            parts = [piece]
        result.extend(parts)
    return result


# A sentence that ends in a colon, in a paper's text: one that announces the answers is looked for
_COLON_SENTENCE_RE = re.compile(r"(?:^|(?<=[.!?:]))\s+(?P<sentence>[A-ZÄÖÜ][^.!?:]{10,300}:)(?=\s)")


def _announcement(rest: str) -> re.Match | None:
    """ "Namens der Landesregierung beantwortet der Minister … die Kleine Anfrage wie folgt:" after
    the questions (not at the start of the text, where it leads in to the answers)."""
    for match in _COLON_SENTENCE_RE.finditer(rest[:20_000]):
        if match.start() > 0 and "?" in rest[: match.start()] and announces_answers(match["sentence"]):
            return match
    return None


def _page_furniture(match: re.Match) -> str:
    run = match.group()
    return "" if "Wahlperiode" in run and "Drucksache" in run else run
