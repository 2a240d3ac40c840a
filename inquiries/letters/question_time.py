"""Questions of a council's question time (Fragestunde) as councils publish them: a head line
that names who asks whom instead of a letterhead, and the question quoted after it.

- "Frage an Stadtrat Dr. Gerhard Rüsch von Gemeinderätin Gerti Schloffer" (Graz)
- "1. Anfrage (FSP - 02928-2016/0001 - KFP/GM) GR Dominik Nepp an den Bürgermeister: „…“" and
  "(FSP-…) 1. Anfrage von GR Christoph Wiederkehr, MA an den Bürgermeister:" (Vienna's
  Sitzungsbericht: the ordinal counts the session's questions, it numbers no question)
- "Gemeinderat Manfred Eber in der Fragestunde", "Fragestunde. KPÖ-Gemeinderat Manfred Eber"
- "Nr. 276 Dr. Vera Gretz-Roth" (a question paper's entry: its number, then who asks)

The head line gives the sender; it is neither the title nor a question.
"""

from __future__ import annotations

import re

from inquiries.deadlines.dates import DATE_TEXT

from .base import Person
from .markers import Marker, first_value

# Who asks: a council title, possibly with the party in front ("KPÖ-Gemeinderat").
TITLE = (
    r"(?:[A-ZÄÖÜ][\wÄÖÜäöü]{1,10}-)?(?:Gemeinderätin|Gemeinderat|Stadträtin|Stadtrat|Stadtverordnete[r]?"
    r"|Bezirksrätin|Bezirksrat|Landtagsabgeordnete[r]?|Abgeordnete[r]?|Abg\.|GRin|GR|StRin|StR|LAbg\.)"
)
# A name, possibly with academic titles in front and a degree after it ("…, MA", "…, MSc"); its
# words are not in capitals (a party after it is not part of it: "Eva Probe SPD").
NAME = (
    r"(?:(?:Dr|Prof|Mag|Dipl\.-Ing|DI|Ing)\.?\s+)*[A-ZÄÖÜ][a-zäöüß'’-][\w'’-]*"
    r"(?:\s+(?:von\s+|van\s+|de\s+)?[A-ZÄÖÜ][a-zäöüß'’-][\w'’-]*){1,3}"
    r"(?:,\s*(?:MA|BA|MSc|BSc|MBA|MAS|LL\.M\.|Bakk\.|BEd|MEd))?"
)
_KIND = r"(?:\d{1,3}\.\s*)?(?:Anfrage|Frage|Dringliche\s+Anfrage)\b(?:\s*\([^()]{2,60}\))?"
_PARTY = r"(?:\s*\((?P<{}>[^()]{{1,40}})\))?"
_ENTRY_HEAD_RE = re.compile(
    rf"^(?:\([^()]{{2,60}}\)\s*)?{_KIND}"
    rf"(?:\s+an\s+(?P<to>.{{2,120}}?)\s+von\s+(?P<title>{TITLE})\s+(?P<name>{NAME}){_PARTY.format('party')}\s*$"
    rf"|(?:\s+von)?\s+(?P<title2>{TITLE})\s+(?P<name2>{NAME}){_PARTY.format('party2')}\s+an\s+"
    rf"(?P<to2>(?:(?:den|die|das|Herrn?|Frau)\s+)?[A-ZÄÖÜa-zäöü][^:„“\"]{{2,80}}?)\s*(?::|$))"
)
_ORDINAL_RE = re.compile(r"^(?P<before>\([^()]{2,60}\)\s*)?\d{1,3}\.\s*(?=(?:Anfrage|Frage|Dringliche)\b)")
# "Gemeinderat Manfred Eber in der Fragestunde" / "Fragestunde. KPÖ-Gemeinderat Manfred Eber"
_IN_QUESTION_TIME_RE = re.compile(
    rf"^(?:Fragestunde\s*[.:–-]\s*)?(?P<title>{TITLE})\s+(?P<name>{NAME})"
    r"(?:\s+(?:in\s+der|zur|für\s+die)\s+Fragestunde\b.{0,80})?$"
)
# "Anfrage von Stadträtin Eva Probe (Die Linke)", "Frage Nr. 12 des Stadtverordneten Max Probe
# (CDU)", "Frage der Gemeinderätin … (KPÖ) an Stadtrat …", "Kleine Anfrage der
# Kreistagsabgeordneten … (FDP) vom 3. Mai 2022": the line naming the kind and who asks, nothing
# else. "von Stadträtin …" gives the office; the genitive ("des Abgeordneten …") names only who.
_OFFICE = (
    r"(?:Gemeinderätin|Gemeinderat(?:e?s)?|Stadträtin|Stadtrat(?:e?s)?|Stadtverordneten|Stadtverordnete[r]?"
    r"|Bezirksverordneten|Bezirksverordnete[r]?|Bezirksrätin|Bezirksrat(?:e?s)?|Kreistagsabgeordneten"
    r"|Kreistagsabgeordnete[r]?|Kreisrätin|Kreisrat(?:e?s)?|Landtagsabgeordneten|Abgeordneten|Abgeordnete[r]?"
    r"|Ratsfrau|Ratsherrn?|Ortschaftsrätin|Ortschaftsrat(?:e?s)?|Ortsbeirätin|Ortsbeirat(?:e?s)?|GRin|GR|StRin|StR)"
)
_KIND_ASKER_RE = re.compile(
    r"^(?:(?:Fragestunde|Aktuelle\s+Stunde)\s*[.:–-]?\s*)?(?:(?:Schriftliche|Mündliche|Kleine|Große|Dringliche)\s+)*"
    r"(?:Anfrage|Frage)(?:\s+Nr\.?\s*[\w/.-]{1,15})?(?:\s*\([^()]{2,60}\))?"
    rf"\s+(?:(?P<von>von)|des|der)\s+(?P<title>{_OFFICE})\s+(?P<name>{NAME}){_PARTY.format('party')}"
    rf"(?:\s+an\s+[^:„“\"]{{2,120}}?)?(?:\s+vom\s+{DATE_TEXT})?\s*:?$"
)
_PAPER_ENTRY_RE = re.compile(rf"^(?:Nr\.|Frage\s+Nr\.?)\s*\d{{1,4}}\s+(?P<name>{NAME})$")
_QUOTED_RE = re.compile(r"^[„“\"»](?P<text>.*[^„“\"«»])[“”\"«]$")


def asker(line: str) -> Person | None:
    """The person a question time's head line names as asking (None if it is no such line)."""
    if len(line) > 300:
        return None
    match = _ENTRY_HEAD_RE.match(line)
    if match:
        return Person(
            match["name"] or match["name2"],
            match["title"] or match["title2"],
            (match["party"] or match["party2"] or "").strip(),
        )
    match = _KIND_ASKER_RE.match(line)
    if match:
        return Person(match["name"], match["title"] if match["von"] else "", (match["party"] or "").strip())
    match = _IN_QUESTION_TIME_RE.match(line)
    if match and (match.end("name") < len(line) or line.startswith("Fragestunde") or "-" in match["title"]):
        return Person(match["name"], match["title"])
    match = _PAPER_ENTRY_RE.match(line)
    if match:
        return Person(match["name"])
    match = _MEMBER_LINE_RE.match(line) if line.startswith("Abg") else None
    if match and not match["more"]:
        return Person(match["name"], "", match["party"] or "")  # "Abgeordnete Miriam Staudte (GRÜNE)"
    return None


def opens_entry(marker: Marker | None, line: str) -> bool:
    """Does the line after a subject set as a question open the entry's body: the first item of a
    list ("1. Wie …"), or the askers of an Anfrage in a paper of several ("Abgeordnete … (GRÜNE)")?"""
    if marker is not None:
        return marker.value == first_value(marker.style)
    return _MEMBER_LINE_RE.match(line) is not None


_KIND_FIRST_RE = re.compile(
    r"^(?:(?:Kleine|Große|Mündliche|Schriftliche|Dringliche)\s+)?Anfrage\b[^?]{0,150}$"
)


def names_kind_first(line: str) -> bool:
    """ "Kleine Anfrage von Arndt Klocke": a line that begins with the letter's kind (a subject
    set as a question above it is the title, not a question)."""
    return _KIND_FIRST_RE.match(line) is not None


def is_entry_head(line: str) -> bool:
    """ "Frage an … von …", "Anfrage … GR X an den Bürgermeister:": a head line the body follows."""
    return len(line) <= 300 and _ENTRY_HEAD_RE.match(line) is not None


def split_entry_heads(lines: list[str]) -> list[str]:
    """A head line with its question run on ("… an den Bürgermeister: „Wie …?“") is put on a line
    of its own, without the session's ordinal; the question quoted under a head loses its quotes."""
    result: list[str] = []
    for line in _unnumber_titles(lines):
        match = (
            _ENTRY_HEAD_RE.match(line)
            if line[:1].isdigit() or line.startswith(("(", "Anfrage", "Frage"))
            else None
        )
        if not match or not match["to2"] or not match.group().endswith(":"):
            result.append(line)
            continue
        result.append(_ORDINAL_RE.sub(lambda m: m["before"] or "", line[: match.end()]).strip())
        rest = line[match.end() :].strip()
        if rest:
            result.append(rest)
    for i in range(1, len(result)):
        match = _ENTRY_HEAD_RE.match(result[i - 1]) if result[i - 1].endswith(":") else None
        # (a head that ends with its colon, the question quoted on the next line)
        quoted = _QUOTED_RE.match(result[i]) if match and match["to2"] else None
        if quoted:
            result[i] = quoted["text"].strip()
    return result


# "1. Rostiges Atommüll-Fass in Gorleben: Welche Konsequenzen sind erforderlich?" over
# "Abgeordnete Miriam Staudte (GRÜNE)": an Anfrage numbered in a paper of several, and its asker
_NUMBERED_TITLE_RE = re.compile(r"^\d{1,3}\.\s+(?P<title>[A-ZÄÖÜ„\"].{5,250})$")
_MEMBER_LINE_RE = re.compile(
    r"^(?:Abgeordnete[rn]?|Abg\.)\s+(?P<name>(?:Dr\.\s+)?[A-ZÄÖÜ][\w'’.-]+(?:\s+[A-ZÄÖÜ][\w'’.-]+){1,3})"
    r"(?:\s*\((?P<party>[^()]{2,40})\))?(?P<more>(?:\s*(?:,|und)\s+(?:Dr\.\s+)?[A-ZÄÖÜ][\w'’.-]+"
    r"(?:\s+[A-ZÄÖÜ][\w'’.-]+){1,3}(?:\s*\([^()]{2,40}\))?)*)$"
)


def _unnumber_titles(lines: list[str]) -> list[str]:
    """A paper of several Anfragen (a Landtag's Mündliche Anfragen) numbers each over the line
    of its askers: that number is the Anfrage's, not a question's. The title and the askers become
    paragraphs of their own, the title without the number."""
    if not any(
        line[:3] == "Abg" or _NUMBERED_MEMBER_RE.match(line)
        for line in lines[:200]
        if line[:1].isdigit() or line[:3] == "Abg"
    ):
        return lines
    result: list[str] = []
    for i, line in enumerate(lines):
        member = _numbered_member(lines, i) if line[:1].isdigit() else None
        if member is not None:
            # "1. Abgeordnete" / "Bettina Brück (SPD)" / the title: the Anfrage's number over the
            # word for its asker, the name on the next line, the title under it
            result.extend(["", lines[i + 2], "", member, ""])
            lines[i + 1] = lines[i + 2] = ""
            continue
        match = _NUMBERED_TITLE_RE.match(line) if line[:1].isdigit() else None
        if match and i + 1 < len(lines) and lines[i + 1][:3] == "Abg" and _MEMBER_LINE_RE.match(lines[i + 1]):
            result.extend(["", match["title"], ""])
            continue
        if line[:3] == "Abg" and result and result[-1] == "" and _MEMBER_LINE_RE.match(line):
            result.extend([line, ""])
            continue
        result.append(line)
    return result


_NUMBERED_MEMBER_RE = re.compile(r"^\d{1,3}\.\s+(?P<word>Abgeordnete[rn]?|Abg\.)$")


def _numbered_member(lines: list[str], i: int) -> str | None:
    """ "1. Abgeordnete", then the name with the party, then the title: the askers' line
    ("Abgeordnete Bettina Brück (SPD)"), or None where the lines are not laid out so."""
    match = _NUMBERED_MEMBER_RE.match(lines[i])
    if match is None or i + 2 >= len(lines) or not lines[i + 2]:
        return None
    member = f"{match['word']} {lines[i + 1]}"
    if not _MEMBER_LINE_RE.match(member) or len(lines[i + 2]) > 250 or lines[i + 2].endswith((".", "?", ":")):
        return None
    return member
