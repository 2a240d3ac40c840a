"""A question of a council's question time as notes or minutes record it: the question's
reference number with the group that asks it, the question, and the answer given in the meeting
(often in reported speech), under the meeting's head lines.

    Fragestunde, StaVo 12 am 19.06.17
    102.18.132, B90/Grüne
    Hat der Magistrat Kenntnis, wann … abgebrochen wird?
    Stadtbaurat Nolda erklärt, darüber habe der Magistrat keine Kenntnis. …

The reference ("102.18.132") is the paper's number, not a question's; the group after it is the
sender. The document is a reply when text that asks nothing follows the question. Only the first
entry is read. A short text of a minuted item without a reference, the member's question in
reported or direct speech and the answer in the paragraphs after it, is read too (minuted_item).
A text without such an entry is left to the other readers (read() returns None).
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
    if filled and not _REFERENCE_LINE_RE.match(filled[0]) and len(filled) <= 2 * _ITEM_PARAGRAPHS:
        item = minuted_item(lines)
        if item:
            return item
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


# -- a minuted item without a reference: the member's question and the answer in the minutes -----
#
#     Fraktionsvorsitzender Weber möchte wissen, ob …            (the asker, reported speech)
#     Es wird eine Anfrage gestellt, ob …                        (the asker not named)
#     Ratsherr Stoll:  /  <question>  /  Bürgermeister Schmidtke:  /  <answer>   (direct speech)
#     Fachbereichsleiterin Brodkorb teilt mit, dass …            (the answer: every later paragraph)
#     Auf Nachfrage von Kreistagsabgeordneten Dr. Christian Will bestätigte Dezernent …, dass …
#     Auf die schriftliche Anfrage der Erlanger Linken … antwortet … wie folgt: <answer>
#
# The first paragraph is the question (its sentences name the asker, so they stay whole), the
# later paragraphs the answer; where the minutes give only the answer, the question is "".

# a minutes item is short and holds nothing numbered: a letter or a list is for the other readers
_ITEM_PARAGRAPHS = 6
_ITEM_CHARS = 4_000
_NUMBERED_RE = re.compile(r"^(?:\d{1,3}[.)]|[a-z]\)|[-•*]\s)")
# the item's label of the minutes before it
_MINUTES_LABEL_RE = re.compile(r"^(?:Protokoll|Protokollvermerk|Niederschrift|Wortprotokoll)\s*:$")
# a member's function as minutes write it before the name ("Ratsmitglied", "StR", "Rh")
_ROLE = (
    r"(?:[A-ZÄÖÜ][a-zäöüß]*(?:mitglied|vorsitzende[rn]?|abgeordnete[rn]?|verordnete[rn]?|rätin|rat|herr|frau)"
    r"|Mitglied|StRin|StR|GRin|GR|Rh|RH|Rm|RM|Rf|KTA|MdK)"
)
_NAME = r"(?P<name>(?:(?:Dr|Prof)\.\s+)*[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+){0,2}?)"
_ASKER_RE = re.compile(rf"^(?:(?:Frau|Herr)\s+)?(?:(?P<role>{_ROLE})\s+)?{_NAME}\s+(?=[a-zäöüß])")
# the asker's paragraph asks or requests: "fragt an", "möchte wissen", "erkundigt sich", "bittet"
_ASKS_RE = re.compile(
    r"\b(?:fragt|fragte|frage|möchte\s+wissen|will\s+wissen|erkundigt|erkundigte|bittet|bat|regt|rege"
    r"|Anfrage|Frage)\b"
)
_IMPERSONAL_RE = re.compile(r"^Es\s+(?:ergeht|wird|wurde)\s+(?:eine|die)\s+(?:Anfrage|Frage|Nachfrage)\b")
_SPEAKER_RE = re.compile(rf"^(?:(?:Frau|Herr)\s+)?(?P<role>{_ROLE}|Bürgermeister(?:in)?)\s+{_NAME}\s*:$")
# "Auf Nachfrage von Kreistagsabgeordneten Dr. Christian Will bestätigte …", "Auf die schriftliche
# Anfrage der Erlanger Linken (Dokument 1 der Anlage) antwortet …"
_ANSWER_ONLY_RE = re.compile(
    rf"^Auf\s+(?:die\s+)?(?:schriftliche\s+|mündliche\s+)?(?:Nachfrage|Anfrage|Frage)\s+"
    rf"(?:von\s+(?:(?:Frau|Herrn?)\s+)?(?:(?P<role>{_ROLE})\s+)?{_NAME}|der\s+(?P<group>[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*){{0,3}}))"
    r"\s+(?:\([^()]{1,80}\)\s+)?(?:bestätigt|antwortet|erklärt|teilt|berichtet|erläutert)"
)
# the answerer's label inside the sentence: "antwortet Herr berufsm. StR Weber wie folgt:"
_AS_FOLLOWS_RE = re.compile(r"\bwie\s+folgt\s*:\s*")


def minuted_item(lines: list[str]) -> ParsedLetter | None:
    """A minuted question with the answer given in the meeting, or None where the text is not one."""
    paragraphs = _paragraphs(lines)
    if not paragraphs or len(paragraphs) > _ITEM_PARAGRAPHS or sum(map(len, paragraphs)) > _ITEM_CHARS:
        return None
    if any(_NUMBERED_RE.match(paragraph) for paragraph in paragraphs):
        return None
    first, rest = paragraphs[0], paragraphs[1:]
    asker: Person | None = None
    speaker = _SPEAKER_RE.match(first)
    answer_only = _ANSWER_ONLY_RE.match(first)
    if speaker and len(rest) >= 3 and _SPEAKER_RE.match(rest[1]):
        asker = Person(speaker["name"], speaker["role"])
        question, answer = rest[0], rest[2:]
    elif answer_only:
        asker = _answer_only_asker(answer_only)
        labelled = _AS_FOLLOWS_RE.search(first)
        question, answer = "", [first[labelled.end() :] if labelled else first, *rest]
    elif _IMPERSONAL_RE.match(first):
        question, answer = first, rest
    else:
        match = _ASKER_RE.match(first)
        if (
            not match
            or not (match["role"] or first.startswith(("Frau ", "Herr ")))
            or not _ASKS_RE.search(first)
        ):
            return None
        asker = Person(match["name"], match["role"] or "")
        question, answer = first, rest
    letter = ParsedLetter()
    letter.senders = [asker] if asker else []
    answer_text = "\n\n".join(answer)
    letter.questions = [ParsedQuestion(None, question, answer=answer_text)]
    letter.kind = REPLY if answer_text else "anfrage"
    letter.doubt(_("No subject was found; please enter it."), about="title")
    return letter


def _paragraphs(lines: list[str]) -> list[str]:
    """The text's paragraphs (lines joined), without the minutes' label before them."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(squash(" ".join(current)))
            current = []
    if paragraphs and _MINUTES_LABEL_RE.match(paragraphs[0]):
        paragraphs = paragraphs[1:]
    return paragraphs


def _answer_only_asker(match: re.Match) -> Person:
    """Who asked, from "Auf Nachfrage von <function> <name>" or "… der <group>", in the nominative."""
    if match["group"]:
        # "der Erlanger Linken" → "Erlanger Linke"
        return Person("", "", re.sub(r"(?<=e)n$", "", match["group"]))
    # "von Kreistagsabgeordneten" → "Kreistagsabgeordneter"
    role = re.sub(r"(ordnet|sitzend)en$", r"\1er", match["role"] or "")
    return Person(match["name"], role)
