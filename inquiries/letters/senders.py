"""Who sent the letter, and to whom, as its head says: persons with their titles ("Stadträtin
Sabine Zürn (Die Linke)"), a faction or party line, a sender field of a form, the persons named in
the line of the kind ("Kleine Anfrage des Abg. …"), and the addressee."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from inquiries.deadlines.dates import DATE_TEXT

from .base import Person
from .fields import (
    ADDRESSEE_RE,
    ADDRESSEE_START_RE,
    CONTACT_RE,
    FORM_LABEL_RE,
    KIND_RE,
    LIST_PAGE_HEADING_RE,
    PERSON_LINE_RE,
    ROLE_WORDS_RE,
    SHORT,
    is_name,
    next_paragraph,
    split_address,
)
from .question_time import asker
from .signature import Foot, sign_off_below_rule
from .text import CONTINUATION_WORDS, last_word, squash

if TYPE_CHECKING:
    from .header import Header

TITLES = (
    r"Stadträtin|Stadtrat|Stadtverordnete[r]?|Ratsfrau|Ratsherr|Ratsmitglied|Bezirksverordnete[r]?"
    r"|Bezirksvertreter(?:in)?|Bezirksbeirätin|Bezirksbeirat|Kreisrätin|Kreisrat|Kreistagsabgeordnete[r]?"
    r"|Ortschaftsrätin|Ortschaftsrat|Ortsbeirätin|Ortsbeirat|Gemeinderätin|Gemeinderat|Stadtbezirksrätin"
    r"|Stadtbezirksrat|Bezirksratsmitglied|Landtagsabgeordnete[r]?|Abgeordnete[r]?|Abg\.|Councillor|Cllr\.?"
    r"|OR|StR|StRin|GR"  # the abbreviations of Ortschaftsrat, Stadtrat/Stadträtin, Gemeinderat
    r"|Sachkundige[r]?\s+Bürger(?:in)?"
)
# "Stadträtin Sabine Zürn (Die Linke)", "Stadtrat Dr. Max von Berg (CDU)"
PERSON_RE = re.compile(
    rf"^(?P<title>{TITLES})\s+(?P<name>(?:(?:Dr|Prof)\.\s*)*[A-ZÄÖÜ][\w'’.-]+(?:\s+(?:von|van|de|zu|der|den)?\s*"
    r"[A-ZÄÖÜ][\w'’.-]+){0,3})\s*(?:\((?P<group>[^()]{1,80})\)|,\s*(?P<party>[A-ZÄÖÜ][\w/.-]{1,30}))?"
    r"\s*(?:[,;]|\s+und)?$"  # "OR Klaus Scheuermann, CDU und" / "CDU-OR-Fraktion"
)
_GROUP_RE = re.compile(
    r"fraktion|\bgruppe\b|ratsgruppe|\bpartei\b|^(?:SPD|CDU|CSU|FDP|AfD|GRÜNE|Grüne|Die\s+Linke|DIE\s+LINKE|FW|Freie\s+Wähler"
    r"|BÜNDNIS\s+90/DIE\s+GRÜNEN|ÖDP|Volt|Die\s+PARTEI|BSW)\b",
    re.IGNORECASE,
)
_SENDER_FIELD_RE = re.compile(
    r"^(?:Absender|Antragsteller(?:in)?|Fragesteller(?:in)?|Einreicher(?:in)?|Initiator(?:en)?|Verfasser(?:in)?"
    r"|Frage\s+von|(?P<function>Berichterstatter(?:in)?))\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# A function, a name and the group in a sender field: "Fraktionsvorsitzender Hohloch, Fraktion AfD"
_ROLE_NAME_GROUP_RE = re.compile(
    r"^(?P<role>[A-ZÄÖÜ][\w-]+)\s+(?P<name>[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+){0,2}),\s*"
    r"(?P<group>(?:Fraktion|Gruppe)\b.{1,60})$|^(?!Fraktion\b|Gruppe\b|Partei\b)(?P<role2>[A-ZÄÖÜ][\w-]+)\s+(?P<name2>[A-ZÄÖÜ][\w'’-]+\s+[A-ZÄÖÜ][\w'’-]+)$"
)
_KIND_NAMES = (
    r"(?P<names>[A-ZÄÖÜ][\w'’.-]+(?:(?:\s+|,\s*|\s+und\s+)(?:Dr\.\s+)?[A-ZÄÖÜ][\w'’.-]+){0,12}?)"
    r"\s*(?:\((?P<group>[^()]{1,60})\)|(?P<group2>(?:BÜNDNIS\s+90/DIE\s+GRÜNEN|SPD|CDU|CSU|FDP|AfD|DIE\s+LINKE|Die\s+Linke|FREIE\s+WÄHLER|BSW))"
    # "… David Petereit, Fraktion der NPD", "… Sven Petke und Steeven Bretz der CDU-Fraktion"
    r"|,\s*(?P<group3>Fraktion\s+(?:der\s+)?(?:BÜNDNIS\s+90/DIE\s+GRÜNEN|DIE\s+LINKE|[A-ZÄÖÜ][\w/-]{1,20}))"
    r"|\s+der\s+(?P<group4>[A-ZÄÖÜ][\w/]{1,20}-Fraktion))"
)
_KIND_PERSONS_RE = re.compile(
    r"\b(?P<article>des|der)\s+(?:Abg\.|Abgeordneten|Stadtverordneten|Bezirksverordneten|Stadträtin|Stadtrates|Stadtrats|Ratsfrau|Ratsherrn|Kreisrätin|Kreisrates"
    # "des Mitglieds der Bezirksversammlung Eimsbüttel, Paulina Rügge (SPD-Fraktion)"
    r"|(?P<member>Mitglieds\s+(?:der|des)\s+[\w-]+(?:\s+[A-ZÄÖÜ][\w-]+)?,))\s+"
    rf"{_KIND_NAMES}"
)
# Co-authors after the first, each with their party: "… Dr. Leopold Herz FREIE WÄHLER Ulrich
# Leiner BÜNDNIS 90/DIE GRÜNEN vom 31.08.2017"
_MORE_KIND_PERSONS_RE = re.compile(rf"\s*(?:,|und)?\s+{_KIND_NAMES}")


_NAME = r"(?:(?:Dr|Prof)\.\s*)*[A-ZÄÖÜ][\w'’.-]+(?:\s+(?:von\s+|van\s+|de\s+|zu\s+)?[A-ZÄÖÜ][\w'’-]+){1,3}"
# A byline: "von Caroline Mücke-Kemp, Gunther Herwig, Philipp Kroll (CDU)", and at the end of the
# line naming the kind: "Kleine Anfrage Nr. 71/2018 von Herrn Nizar Müller, CDU"
_BYLINE_RE = re.compile(
    rf"(?:^|\s)(?P<von>[Vv]on)\s+(?P<sir>(?:Herrn?|Frau)\s+)?(?:(?P<office>{TITLES})\s+)?"
    rf"(?P<names>{_NAME}(?:(?:,\s*|\s+und\s+){_NAME}){{0,8}})"
    r"\s*(?:\((?P<group>[^()]{1,60})\)|,\s*(?P<group2>[A-ZÄÖÜ][\w/ -]{1,40}|[A-ZÄÖÜ][\w-]+\s+der\s+[\w/ -]{1,60}))?$"
)
# ", vom 09.03.2023;" after the byline: the letter's date, not part of who asks
_BYLINE_DATE_RE = re.compile(rf",?\s+vom\s+{DATE_TEXT}\s*[;.:]?$")


# "Kleine Anfrage von Arndt Klocke, Horst Becker und Johannes Remmel": the kind alone, then who asks
_KIND_BEFORE_BYLINE_RE = re.compile(r"^(?:(?:Kleine|Große|Mündliche|Schriftliche)\s+)?Anfrage$")


def _byline(line: str) -> list[Person]:
    # "(neue Anfrage Nr. 2015/AM/1034 von Ulrike Jahnel (CDU-Fraktion))": a minutes item's note
    bracketed = line.startswith("(") and line.endswith(")")
    if bracketed:
        line = line[1:-1]
    match = _BYLINE_RE.search(_BYLINE_DATE_RE.sub("", line))
    before = line[: match.start()] if match else ""
    if not match or (
        match.start("von") > 0
        and not ((match["sir"] or bracketed) and KIND_RE.search(before))
        and not _KIND_BEFORE_BYLINE_RE.match(before)
    ):
        return []
    group = (match["group"] or match["group2"] or "").strip()
    names = [name.strip() for name in re.split(r",\s*|\s+und\s+", match["names"]) if name.strip()]
    return [Person(name, match["office"] or "", group) for name in names]  # "von Stadtrat … (CDU)"


def read_persons(lines: list[str], end: int, header: Header) -> None:
    groups = []
    for i in range(end):
        line = lines[i]
        if not line or len(line) > 120:
            continue
        byline = _byline(line) if not header.persons and "von" in line.lower() else []
        if byline:
            header.persons.extend(byline)
            if not KIND_RE.search(line):
                header.used.add(i)
            continue
        match = PERSON_RE.match(line)
        if match and any(person.name == match["name"] for person in header.persons):
            continue  # named already as the asker of a question time's or a paper's entry
        if match and (match["group"] or len(match["name"].split()) >= 2):
            group = (match["group"] or match["party"] or "").strip()
            header.persons.append(Person(match["name"], match["title"], group))
            header.used.add(i)
            continue
        field_match = _SENDER_FIELD_RE.match(line)
        if field_match:
            value = field_match["value"].strip() or next(
                (lines[j] for j in next_paragraph(lines, i + 1, end, 1)), ""
            )
            header.used.add(i)
            role_name = _ROLE_NAME_GROUP_RE.match(value)
            if role_name and ROLE_WORDS_RE.search(role_name["role"] or role_name["role2"]):
                # "Einreicher: Fraktionsvorsitzender Hohloch, Fraktion AfD", "Frage von:
                # Landtagsabgeordneter Christoph Wenaweser"
                header.persons.append(
                    Person(role_name["name"] or role_name["name2"], role_name["role"] or role_name["role2"])
                )
                if role_name["group"]:
                    groups.append(role_name["group"])
            elif value and _GROUP_RE.search(value):
                groups.append(value)
            elif value and len(value) <= 60 and not re.search(r"\d|:", value):
                # "Fragesteller: Felix Recke", "Verfasser: Bürger"
                if value not in {person.name for person in header.persons}:
                    header.persons.append(_listed_person(value))
            continue
        if (
            _GROUP_RE.search(line)
            and len(line) <= 80
            and not line.endswith((":", "?", ","))
            and not KIND_RE.search(line)
            and not ADDRESSEE_START_RE.match(line)
            and not re.match(r"^(?:An|Herrn?|Frau|Sehr|Liebe|Von|An:)\b", line)
            and not CONTACT_RE.search(line)
            and not FORM_LABEL_RE.match(line)
            and not LIST_PAGE_HEADING_RE.match(line)
        ):
            # "CDU Ortschaftsratsfraktion des" / "Ortschaftsrates Hohenwettersbach"
            if last_word(line).lower() in CONTINUATION_WORDS and i + 1 < end and lines[i + 1]:
                line = f"{line} {lines[i + 1]}"
            groups.append(line)
            if len(line) <= 40:
                header.used.add(i)  # a party or faction line of its own is not the subject
    # "Stadträtinnen / Stadträte - Fraktionen" is a form's category; the faction is named below it
    groups = [group for group in groups if not re.search(r"Fraktionen\b", group)] or groups
    if len(groups) >= 1:
        # a letterhead may set the faction in capitals ("Fraktion BÜNDNIS 90/DIE GRÜNEN") that the
        # head names again as it is spelt ("Fraktion Bündnis 90/Die Grünen"): that spelling
        same = [group for group in groups if group.casefold() == groups[0].casefold()]
        header.group = min(same, key=lambda group: sum(char.isupper() for char in group))
    if header.persons and header.group:
        for person in header.persons:
            person.group = header.group
    if not header.persons:
        for i in range(end):
            line = lines[i]
            if line and len(line) <= SHORT and KIND_RE.search(line):
                match = _KIND_PERSONS_RE.search(line)
                while match:
                    # named with their party or faction, not with the office the kind names
                    group = next(
                        (match[key] for key in ("group", "group2", "group3", "group4") if match[key]), ""
                    )
                    group = group.strip()
                    names = [n.strip() for n in re.split(r",\s*|\s+und\s+", match["names"]) if n.strip()]
                    header.persons.extend(Person(name, "", group) for name in names)
                    match = _MORE_KIND_PERSONS_RE.match(line, match.end())
                if header.persons:
                    break


# "Beantwortung der Anfrage der CDU-Fraktion vom 12.03.2021", "Stellungnahme der Verwaltung zur
# Anfrage von Stadträtin Eva Probe (GRÜNE)": a reply's head names whose inquiry it answers
_WHOSE_INQUIRY_RE = re.compile(
    r"^(?:Beantwortung|Stellungnahme|Antwort)\b[^:]{0,60}?\b(?:Anfrage|Frage)(?:\s+Nr\.?\s*[\w/.-]{1,15})?"
    r"\s+(?P<article>der|des|von)\s+(?P<who>[^:„“\"]{3,120}?)(?:\s+vom\s+\d.*|\s+[„“\"].*)?$"
)


def whose_inquiry(lines: list[str], end: int) -> list[Person]:
    """Who asked, as the head of a reply names them (for a reply that names no addressee)."""
    for line in lines[: min(end, 40)]:
        match = _WHOSE_INQUIRY_RE.match(line) if line and len(line) <= SHORT else None
        if match is None:
            continue
        who = match["who"].strip()
        person = asker(f"Anfrage {match['article']} {who}")
        if person is not None:
            return [person]
        if _GROUP_RE.search(who) and len(who) <= 80:
            return [Person(who)]
    return []


def read_addressee(lines, end, header: Header) -> None:
    for i in range(end):
        line = lines[i]
        if line and len(line) <= SHORT and ADDRESSEE_START_RE.match(line):
            who = ADDRESSEE_RE.match(line)["who"].strip()
            parts = [who]
            for j in range(i + 1, min(i + 3, len(lines))):
                following = lines[j]
                if following and following[0].islower() and len(following) <= 100:
                    parts[-1] = f"{parts[-1]} {following}"
                elif following and (PERSON_LINE_RE.match(following) or is_name(following)):
                    parts.append(following)
                else:
                    break
            header.addressee = ", ".join(parts)
            people = [
                re.sub(r"^(?:Herrn?|Frau)\s+", "", part)
                for part in parts[1:]
                if PERSON_LINE_RE.match(part) or is_name(part)
            ]
            org = parts[0] if not PERSON_LINE_RE.match(parts[0]) else ""
            if not people and not org:
                # "An Herrn Ratsherrn Andreas Pütz": the person is the addressee line itself
                name = re.sub(rf"^(?:Herrn?|Frau)\s+(?:(?:{TITLES})n?\s+)?", "", parts[0]).strip()
                if is_name(name):
                    people = [name]
            if people:
                header.addressee_persons = [Person(name, "", org) for name in people]
            elif org:
                header.addressee_persons = [Person(org)]
            return
    if header.email.get("to"):
        name, address = split_address(header.email["to"])
        header.addressee = name or address
        if name:
            titled = PERSON_RE.match(name)  # "To: Councillor Priya Patel"
            header.addressee_persons = [
                Person(titled["name"], titled["title"], (titled["group"] or "").strip())
                if titled
                else Person(name)
            ]


_SENDER_IN_TEXT_RE = re.compile(
    r"^Anfragen?\s+(?:der|des)\s+(?P<who>[\w/ .&-]*(?:[Ff]r?aktion|Gruppe)[\w/ .&-]{0,40}?)"
    r"(?:\s*:?|\s+(?:in\s+der|im|zur|für\s+die)\s+[^:?]{3,100})$"  # "… in der Bezirksverordnetenversammlung …"
    r"|^Die\s+(?P<who3>(?:Fraktion|Gruppe)\b[^,.:]{0,60}?)\s+(?:fragt|bittet)\s+(?:die\s+Verwaltung|den\s+)"
    r"|\b(?:fragt|fragen|bittet)\s+(?:die|der)\s+(?P<who2>(?:[\w-]*[Ff]raktion|Gruppe)\b[^,.:]{0,60}?)\s+(?:den|die|das)\s+"
    r"(?:Ober)?(?:[Bb]ürgermeister|Landrat|Landrätin|Magistrat|Verwaltung|Bezirksamt|Kreisverwaltung)"
)


# Who will ask, over the questions of a council meeting: "The Leader of the Liberal Democrats JOHN
# LEECH will ask:" (the name in capitals after the office), "Councillor Jane Roe (Green) will ask:"
_WILL_ASK_RE = re.compile(
    r"^(?:(?:(?:The\s+)?(?P<role>[A-Z][\w'’ -]{2,80}?)\s+)?(?P<caps>[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){1,3})"
    r"|(?:Councillor|Cllr\.?)\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})(?:\s*\((?P<group>[^()]{1,60})\))?)"
    r"\s+(?:will\s+ask|asks)\b[^.?]{0,80}:$"
)
# The asker in the heading of a member's question: "Question from Councillor Jane Roe (Green) to the
# Cabinet Member for Transport", "WRITTEN QUESTION TO THE MINISTER FOR … BY DEPUTY M.R. ROE OF ST. X"
_QUESTION_BY_RE = re.compile(
    r"^(?:\d{1,3}[.)]\s+)?(?:Written\s+|Oral\s+|Supplementary\s+|Public\s+)?Questions?\b.{0,120}?\b(?:from|by)\s+"
    r"(?:Councillor|Cllr\.?|Deputy|Senator|Member|Mr\.?|Mrs\.?|Ms\.?)\s+(?P<name>(?:[A-Z][\w'’.-]*\.?\s+){0,3}[A-Z][\w'’-]+)"
    r"(?:\s*\((?P<group>[^()]{1,60})\))?(?:\s+(?:of|to|for)\s+.{0,120})?$",
    re.IGNORECASE,
)


# Who asks, over the questions on a faction's page: "Unser Bezirksverordneter Peter Groos fragt:"
_FUNCTION_NAME_ASKS_RE = re.compile(
    r"^(?:(?:Unser|Unsere)\s+)?(?P<role>[\w-]*(?:verordnete|abgeordnete|vorsitzende)[rn]?|Stadtrat|Stadträtin"
    r"|Ratsherr|Ratsfrau)\s+(?P<name>(?:Dr\.\s+)?[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+){1,3})"
    r"\s+(?:fragt|fragte|möchte\s+wissen)\b[^.?]{0,80}:$"
)


# Who asked, over the questions a faction's page reports with their answers: "Es fragte Dr. Beate
# Jonscher:", "Es fragt Stadtrat Max Muster:"
_IT_ASKED_RE = re.compile(
    r"^Es\s+(?:fragte|fragt)\s+(?:(?P<role>Stadtrat|Stadträtin|Ratsherr|Ratsfrau|Kreisrat|Kreisrätin)\s+)?"
    r"(?P<name>(?:Dr\.\s+)?[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+){1,3})\s*:?$"
)


# A member's question as minutes report it: "1. Frau Stadträtin Höpfel möchte wissen, …", "Herr
# Stadtrat Meyer informiert darüber, dass …"
_MINUTED_ASKER_RE = re.compile(
    r"^(?:\d{1,3}\.\s+)?(?:Frau|Herr)\s+(?P<role>Stadträtin|Stadtrat|Kreisrätin|Kreisrat|Gemeinderätin|Gemeinderat"
    r"|Ratsfrau|Ratsherr|Stadtverordnete[r]?|Bezirksrätin|Bezirksrat|Ortschaftsrätin|Ortschaftsrat)\s+"
    r"(?P<name>(?:Dr\.\s+)?[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+){0,2}?)\s+"
    r"(?:möchte\s+wissen|fragt|fragte|erkundigt\s+sich|informiert|bittet|weist)\b"
)


def minuted_askers(lines: list[str]) -> list[Person]:
    """Every member who asks in minutes that report the questions ("Frau Stadträtin Höpfel
    möchte wissen, …"), once each, in order."""
    persons: list[Person] = []
    for line in lines[:400]:
        match = _MINUTED_ASKER_RE.match(line) if line[:1] in "FH0123456789" else None
        if match:
            person = Person(match["name"], match["role"])
            if str(person) not in {str(known) for known in persons}:
                persons.append(person)
    return persons


def named_in_text(lines: list[str]) -> list[Person]:
    """A sender named only in the text: "Anfrage der CDU-Fraktion:", "Aus aktuellem Anlass
    fragt die Fraktion Bündnis 90/Die Grünen den Oberbürgermeister:", "The Leader of the Liberal
    Democrats JOHN LEECH will ask:"."""
    minuted = minuted_askers(lines)
    if minuted:
        return minuted
    for line in lines[:80]:
        if not line or len(line) > 400:
            continue
        asker = _WILL_ASK_RE.match(line) if len(line) <= 200 and " ask" in line else None
        if asker:
            if asker["caps"]:
                return [Person(asker["caps"], (asker["role"] or "").strip())]
            return [Person(asker["name"], "", asker["group"] or "")]
        asks = _FUNCTION_NAME_ASKS_RE.match(line) if len(line) <= 200 and "frag" in line else None
        if asks:
            return [Person(asks["name"], asks["role"])]
        asked = _IT_ASKED_RE.match(line) if line.startswith("Es ") else None
        if asked:
            return [Person(asked["name"], asked["role"] or "")]
        heading = (
            _QUESTION_BY_RE.match(line) if len(line) <= 240 and line[:1] in "QqWwOoSsPp0123456789" else None
        )
        if heading:
            # each member's question on a council's list has its heading: every asker, once
            askers = [
                match
                for later in lines[:400]
                if len(later) <= 240 and (match := _QUESTION_BY_RE.match(later))
            ]
            persons: list[Person] = []
            for asker in askers:
                person = Person(asker["name"], "", asker["group"] or "")
                if str(person) not in {str(known) for known in persons}:
                    persons.append(person)
            return persons
        match = _SENDER_IN_TEXT_RE.search(line) if not LIST_PAGE_HEADING_RE.match(line) else None
        if match:
            return [Person(squash(match["who"] or match["who2"] or match["who3"]))]
    return []


def sender_field_at_end(lines: list[str]) -> list[Person]:
    """A form that names who submits it below the text: "Antragsteller: FDP-Fraktion"."""
    for line in [line for line in lines if line][-8:]:
        match = _SENDER_FIELD_RE.match(line) if len(line) <= 120 else None
        if match and match["value"].strip():
            # "Berichterstatter: Matthias Nölke": the label is the function of the one named
            return [Person(match["value"].strip(), match["function"] or "")]
    return []


# "BAbg. Schott, Andreas": a title, then the name as a list writes it (surname first)
_LISTED_NAME_RE = re.compile(
    r"^(?:(?P<title>[A-ZÄÖÜ][\w]{1,12}\.)\s+)?(?P<last>[A-ZÄÖÜ][\w'’-]+),\s*(?P<first>[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+)?)$"
)


def _listed_person(value: str) -> Person:
    listed = _LISTED_NAME_RE.match(value)
    if listed:
        return Person(f"{listed['first']} {listed['last']}", listed["title"] or "")
    return Person(value)


def who_asks(
    lines: list[str],
    header: Header,
    *,
    is_reply: bool,
    signed: list[Person],
    tail: Foot,
    foot_start: int | None,
    salutation: str,
) -> list[Person]:
    """The letter's sender: who asks, named in the head, or for a reply whom it answers (the
    addressee, the faction in the head, the asker's own sign-off, the person greeted); else who
    signs, with the head's faction line as their group."""
    if header.persons:
        senders = header.persons
    elif is_reply:
        # a reply goes to whoever asked: the addressee, or the faction named in the head
        senders = header.addressee_persons or ([Person(header.group)] if header.group else [])
        if not senders and foot_start is not None:
            senders = sign_off_below_rule(lines, foot_start)
        if not senders and tail.by_inquirer:
            senders = tail.persons
    elif signed:
        senders = signed
        if header.group:
            for person in senders:
                if header.group not in person.role and header.group != person.group:
                    person.group = header.group
    elif header.from_person is not None:
        senders = [header.from_person]
    else:
        senders = sender_field_at_end(lines) or named_in_text(lines)
    if not senders:
        senders = named_in_text(lines)
    if not senders and is_reply:
        # a reply letter greets whoever asked: "Sehr geehrter Herr Wegert,"
        greeted = re.match(
            r"^(?:Sehr\s+geehrte[rn]?|Liebe[r]?)\s+(?:Herr|Frau)\s+(?:Dr\.\s+)?(?P<name>[A-ZÄÖÜ][\w'’ -]{1,40}?)\s*,?$",
            salutation,
        )
        if greeted and not re.search(r"Bürgermeister|Landrat|Vorsitzend|Damen", greeted["name"]):
            senders = [Person(greeted["name"])]
    return senders
