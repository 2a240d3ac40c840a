"""An Anfrage of a question time as a council's or a Landtag's verbatim record (Sitzungsbericht)
notes it, often flattened into one line with the record's head and attendance before it:

    … 2. In der Fragestunde werden vom Vorsitzenden GR Mag. Thomas Reindl folgende Anfragen
    aufgerufen und von den Befragten beantwortet: (FSP-1116986-2021-KGR/GM) 1. Anfrage von GRin
    Mag. Heidemarie Sequenz an die amtsführende Stadträtin der Geschäftsgruppe für …: "Es ist
    nach wie vor fraglich, ob … Werden derzeit … geprüft?"

"1. Anfrage" numbers the Anfrage in the record, not a question; the reference in brackets
before it is the record's. The asker is the member after "Anfrage von" (the function before the
name, "GRin", "Abg.", goes after it: "Mag. Heidemarie Sequenz, GRin"); the question is what the
quoted text asks, without the statements that lead to it. Only the record's first Anfrage is
read. A text without such an entry is left to the other readers (read() returns None).
"""

from __future__ import annotations

import re

from .base import ParsedLetter, ParsedQuestion, Person, _
from .sentences import is_asking, question_units, statement_before_question

# The record's first entries come after its head and attendance: look no further.
_SEARCH_CHARS = 20_000

# A member's function as the record writes it before the name.
_FUNCTION = (
    r"(?:GRin|GR|StRin|StR|Amtsf\.\s+StRin|Amtsf\.\s+StR|LAbg\.|Abg\.|BRin|BR|BVin|BV"
    r"|Gemeinderätin|Gemeinderat|Stadträtin|Stadtrat|Bezirksrätin|Bezirksrat|Abgeordnete[rn]?)"
)
_ENTRY_RE = re.compile(
    r"(?:^|\s)(?:\((?P<reference>[A-Z]{2,5}-[\w/-]+)\)\s+)?(?P<number>\d{1,3})\.\s+Anfrage\s+von\s+"
    r"(?P<function>" + _FUNCTION + r")\s+(?P<name>[^:\"„“]{3,120}?)\s+an\s+(?:den|die|das)\s+"
    r"(?P<addressee>[^:\"„“]{3,200}):\s*[\"„“](?P<quote>[^\"“”]{10,5000})[\"“”]"
)


def read(lines: list[str]) -> ParsedLetter | None:
    """The record's first Anfrage as an inquiry, or None where the text holds none."""
    head: list[str] = []
    size = 0
    for line in lines:
        if size >= _SEARCH_CHARS:
            break
        if line:
            head.append(line)
            size += len(line) + 1
    text = " ".join(head)
    if "Anfrage von" not in text:
        return None
    match = _ENTRY_RE.search(text)
    if match is None:
        return None
    questions = _questions(match["quote"])
    if not questions:
        return None
    letter = ParsedLetter()
    letter.senders = [Person(" ".join(match["name"].split()), " ".join(match["function"].split()))]
    letter.addressee = " ".join(match["addressee"].split())
    letter.reference = match["reference"] or ""
    letter.questions = questions
    letter.preamble = text[: match.start()].strip()
    letter.doubt(_("No subject was found; please enter it."), about="title")
    return letter


def _questions(quote: str) -> list[ParsedQuestion]:
    """What the quoted Anfrage asks: each question sentence, without the statements before it."""
    questions = []
    for unit in question_units(" ".join(quote.split())):
        if not is_asking(unit):
            continue
        _statement, question = statement_before_question(unit)
        # "Sehr geehrte Frau Stadträtin! Bald feiert …": an address before the question too
        question = re.split(r"(?<=!)\s+(?=[A-ZÄÖÜ])", question)[-1]
        questions.append(ParsedQuestion(None, question))
    return questions
