"""The letter's head and foot: subject (title), kind, senders, date, reference number,
addressee; the closing formula and the signature.

Heads come in three shapes: a letter (letterhead, addresses, a subject line, "Sehr geehrte …"),
a form exported from a council information system (labels such as "Gremium:", "Vorlage Nr.:",
"Kurztitel" with their values, often flattened so that the labels come before the values), and
an e-mail (Von/An/Betreff). All of them end before the salutation or the first block of the
body; the title is their labelled subject, else the topic of the line naming the kind ("Große
Anfrage zum Thema …"), else the last paragraph of the head that is not a field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .base import REPLY, Person
from .fields import (
    ADDRESSEE_RE,
    ADDRESSEE_START_RE,
    CLOSING_RE,
    CONTACT_RE,
    DATE_FIELD_RE,
    DATE_LINE_RE,
    EMAIL_HEADER_RE,
    FOR_ORG_RE,
    KIND_RE,
    PERSON_LINE_RE,
    ROLE_WORDS_RE,
    SHORT,
    SIGNATURE_SKIP_RE,
    is_name,
    split_address,
    strip_list_reference,
    title,
    unquote,
)
from .text import CONTINUATION_WORDS, DATE_TEXT, is_terminal, iso_date, join_lines, last_word, squash

_TITLES = (
    r"Stadträtin|Stadtrat|Stadtverordnete[r]?|Ratsfrau|Ratsherr|Ratsmitglied|Bezirksverordnete[r]?"
    r"|Bezirksvertreter(?:in)?|Bezirksbeirätin|Bezirksbeirat|Kreisrätin|Kreisrat|Kreistagsabgeordnete[r]?"
    r"|Ortschaftsrätin|Ortschaftsrat|Ortsbeirätin|Ortsbeirat|Gemeinderätin|Gemeinderat|Stadtbezirksrätin"
    r"|Stadtbezirksrat|Bezirksratsmitglied|Landtagsabgeordnete[r]?|Abgeordnete[r]?|Abg\.|Councillor|Cllr\.?"
    r"|Sachkundige[r]?\s+Bürger(?:in)?"
)
# "Stadträtin Sabine Zürn (Die Linke)", "Stadtrat Dr. Max von Berg (CDU)"
_PERSON_RE = re.compile(
    rf"^(?P<title>{_TITLES})\s+(?P<name>(?:(?:Dr|Prof)\.\s*)*[A-ZÄÖÜ][\w'’.-]+(?:\s+(?:von|van|de|zu|der|den)?\s*"
    r"[A-ZÄÖÜ][\w'’.-]+){0,3})\s*(?:\((?P<group>[^()]{1,80})\))?\s*[,;]?$"
)
_GROUP_RE = re.compile(
    r"fraktion|\bgruppe\b|ratsgruppe|\bpartei\b|^(?:SPD|CDU|CSU|FDP|AfD|GRÜNE|Grüne|Die\s+Linke|DIE\s+LINKE|FW|Freie\s+Wähler"
    r"|BÜNDNIS\s+90/DIE\s+GRÜNEN|ÖDP|Volt|Die\s+PARTEI|BSW)\b",
    re.IGNORECASE,
)
_SENDER_FIELD_RE = re.compile(
    r"^(?:Absender|Antragsteller(?:in)?|Fragesteller(?:in)?|Einreicher(?:in)?|Initiator(?:en)?|Verfasser(?:in)?)\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_SUBJECT_LABEL_RE = re.compile(
    r"^(?:Betreff|Betr\.|Betr|Subject|Gegenstand|Thema|Kurztitel|Titel|Title|Bezeichnung)\s*(?::\s*|\s*$)(?P<value>.*)$",
    re.IGNORECASE,
)
_LABELLED_VALUE_RE = re.compile(r"^(?P<label>[^:]{2,30}):\s*(?P<value>\S.{0,40})$")
_TRAILING_FIELD_RE = re.compile(r"\s+(?:Stellungnahme\s+der\s+Verwaltung|Status)\s*:\s*\S{1,20}$")
_REFERENCE_RE = re.compile(
    r"\b(?:Drucksachen?(?:-Nr\.?|nummer)?|Drs\.|DS|Vorlagen?-?(?:Nr\.?|nummer)|Anfrage\s+Nr\.|Nummer|Reference|WQ)"
    r"\s*[:.\-–]?\s*(?P<ref>(?:[A-Z]{1,4}\s?[/-]?\s?)?\d{1,5}(?:[/.-]\d{1,5}){0,3}(?:/[A-Z]{1,4})?)\b",
)
_MEETING_DATE_LABEL_RE = re.compile(
    r"^(?:Termin|Sitzung(?:stermin)?|Sitzungsdatum|Gremium|TOP)\s*:?$", re.IGNORECASE
)
# A label of a form field on a line of its own ("Gremium:", "Vorlage Nr.:", "TOP:", "Datum").
_FORM_LABEL_RE = re.compile(
    r"^(?:Gremium|Termin|Vorlage\s*Nr\.?|Vorlagen-?Nr\.?|TOP|Verantwortlich|Datum|Nummer|Status|Absender|Adressat"
    r"|Sitzungstermin|Sitzung|Beratungsfolge|Federführung|Dezernat|Amt|Aktenzeichen|Az\.?|eingegangen|vom"
    r"|Öffentlichkeitsstatus|Drucksache(?:n-Nr\.?)?|Anfrage\s+Nr\.?|Kurztitel|Betreff|Initiator|Art|Drucksache-Art"
    r"|Stellungnahme\s+der\s+Verwaltung|Ergebnis|Gremium\s+Termin\s+TOP(?:\s+ö)?(?:\s+nö)?)\s*:?$",
    re.IGNORECASE,
)
# Values of such fields: dates, numbers and codes, "öffentlich", "Dez. 5", a meeting.
_FORM_VALUE_RE = re.compile(
    rf"^(?:{DATE_TEXT}|\d[\w/.\- ]{{0,15}}|[A-Z]{{1,4}}\s?\d[\w/.\-]{{0,15}}|(?:nicht\s?)?öffentlich|nichtöffentlich"
    r"|Dez(?:\.|ernat)\s*\d+(?:\s*[/,]\s*(?:Dez(?:\.|ernat)\s*\d+|[A-ZÄÖÜ]{2,6}))*|\d{1,3}\.\s+[\w-]*[Ss]itzung.*|(?:Ö|N)\s?\d.*|offen|erledigt"
    r"|X|[xX]\s+[xX]?"  # ticked boxes of a form table ("ö nö": "X")
    # the responsible department: "Bauordnungsamt", "Ordnungs- und Bürgeramt", "Stadtamt Durlach"
    r"|(?:[\wäöüß-]+\s+und\s+)?[\wÄÖÜäöüß-]*(?:amt|ämter|behörde|referat)(?:\s+[A-ZÄÖÜ][\wäöüß-]+)?(?:\s*,\s*[\wÄÖÜäöüß -]{2,40}(?:amt|behörde))*,?)$",
    re.IGNORECASE,
)
_BODY_NAME_RE = re.compile(
    r"^(?:Ortschaftsrat|Gemeinderat|Stadtrat|Kreistag|Bezirksbeirat|Bezirksversammlung|Bezirksvertretung|Rat\b"
    r"|Hauptausschuss|Haupt-|Ausschuss|[\w-]*[Aa]usschuss\b|BVV|Ortsbeirat|Stadtbezirksrat|Integrationsrat|Beirat)",
)
_REPLY_HEAD_RE = re.compile(
    r"^(?:STELLUNGNAHME|Stellungnahme|Antwort|ANTWORT|Beantwortung|BEANTWORTUNG|Mitteilung(?:svorlage)?|Informationsvorlage"
    r"|Answer|Response|Reply)\b",
)
_ORG_HEAD_RE = re.compile(
    r"^(?:STADT|Stadt|Gemeinde|Landkreis|Kreis|Der\s+Oberbürgermeister|Die\s+Oberbürgermeisterin|Der\s+Bürgermeister"
    r"|Die\s+Bürgermeisterin|Der\s+Landrat|Die\s+Landrätin|Bezirksamt|Ortsverwaltung|Der\s+Magistrat|Freie\s+und\s+Hansestadt"
    r"|Landeshauptstadt|Hansestadt|Senat|Hauptamt)\b",
)
_KIND_ONLY_RE = re.compile(
    r"^(?:(?:gro(?:ß|ss)e|kleine|schriftliche|mündliche|dringliche)\s+)?(?:Anfrage|ANFRAGE|Anfragen|Frage|Written\s+question|Question)"
    r"(?:\s+(?:zur|für\s+die)\s+(?:[\w-]+\s+)?[\w-]*[Ss]itzung.*)?\s*:?$",
    re.IGNORECASE,
)
_SIGNED_BY_RE = re.compile(
    r"^(?:unterzeichnet\s+von|Unterzeichner(?:innen)?|gezeichnet|gez\.|signed|eingereicht\s+(?:durch|von))\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_SENDER_GROUP_RE = re.compile(
    r"^(?:Fraktion|Gruppe|Ratsfraktion|Kreistagsfraktion|Stadtratsfraktion)\b|fraktion\b", re.IGNORECASE
)
_KIND_PERSONS_RE = re.compile(
    r"\b(?P<article>des|der)\s+(?:Abg\.|Abgeordneten|Stadtverordneten|Bezirksverordneten|Stadträtin|Stadtrates|Stadtrats|Ratsfrau|Ratsherrn|Kreisrätin|Kreisrates)\s+"
    r"(?P<names>[A-ZÄÖÜ][\w'’.-]+(?:(?:\s+|,\s*|\s+und\s+)(?:Dr\.\s+)?[A-ZÄÖÜ][\w'’.-]+){0,12}?)"
    r"\s*(?:\((?P<group>[^()]{1,60})\)|(?P<group2>(?:BÜNDNIS\s+90/DIE\s+GRÜNEN|SPD|CDU|CSU|FDP|AfD|DIE\s+LINKE|Die\s+Linke|FREIE\s+WÄHLER|BSW)))"
)


@dataclass
class Header:
    title: str = ""
    kind: str = ""  # "" when the head names no kind
    is_reply: bool = False
    is_inquiry: bool = False  # the head calls it an inquiry ("ANFRAGE"), not a reply
    persons: list[Person] = field(default_factory=list)
    from_person: Person | None = None  # the e-mail's sender
    addressee_persons: list[Person] = field(default_factory=list)
    group: str = ""  # a faction or party line in the head
    date: str = ""
    reference: str = ""
    addressee: str = ""
    email: dict[str, str] = field(default_factory=dict)
    sender_email: str = ""
    used: set[int] = field(default_factory=set)  # lines that are fields, not text


def kind_of(text: str) -> str:
    match = KIND_RE.search(text)
    if not match:
        return ""
    if match["gross"]:
        return "grosse_anfrage"
    if match["klein"]:
        return "kleine_anfrage"
    if match["sitzung"] or match["muendlich"]:  # an oral question is asked in the meeting
        return "anfrage_zur_sitzung"
    return "anfrage"


def read_header(lines: list[str], end: int) -> Header:
    """Read lines[:end], the head of the letter."""
    header = Header()
    subject_label = None
    kind_line = None
    form_end = None  # the line after the last form label / value
    in_form = False
    for i in range(end):
        line = lines[i]
        if not line or len(line) > SHORT:
            continue
        email = EMAIL_HEADER_RE.match(line) if i < 40 else None
        if email and not _SUBJECT_LABEL_RE.match(line):
            key = email["key"].lower()
            canonical = {
                "von": "from",
                "from": "from",
                "an": "to",
                "to": "to",
                "datum": "date",
                "date": "date",
                "gesendet": "date",
                "sent": "date",
                "betreff": "subject",
                "subject": "subject",
            }.get(key)
            if canonical and canonical not in header.email:
                header.email[canonical] = email["value"].strip()
            header.used.add(i)
            continue
        label = _SUBJECT_LABEL_RE.match(line)
        if label and subject_label is None:
            value = label["value"].strip()
            if value:
                subject_label = (i, [value])
                header.used.add(i)
            else:
                following = _next_paragraph(lines, i + 1, end)
                if following:
                    subject_label = (following[0], [lines[j] for j in following])
                    header.used.add(i)
            if subject_label:
                header.used.update(range(subject_label[0], subject_label[0] + len(subject_label[1])))
                continue
        labelled = _LABELLED_VALUE_RE.match(line)
        if labelled and _FORM_LABEL_RE.match(labelled["label"]) and _FORM_VALUE_RE.match(labelled["value"]):
            in_form = True  # "Vorlage Nr.: 2016/0776", "Verantwortlich: Dez. 4", "vom: 17.10.2011"
            form_end = i + 1
            header.used.add(i)
            continue
        if _FORM_LABEL_RE.match(line):
            in_form = True
            form_end = i + 1
            header.used.add(i)
            continue
        if in_form and (_FORM_VALUE_RE.match(line) or _BODY_NAME_RE.match(line) and len(line) <= 60):
            form_end = i + 1
            header.used.add(i)
            continue
        if kind_line is None and KIND_RE.search(line) and not line.endswith("?"):
            kind_line = i
    _persons(lines, end, header)
    _title(lines, end, header, subject_label, kind_line, form_end)
    _kind(lines, end, header, kind_line)
    _date(lines, end, header)
    _reference(lines, end, header)
    _addressee(lines, end, header)
    if "from" in header.email:
        name, address = split_address(header.email["from"])
        header.sender_email = address
        if name:
            header.from_person = Person(name)
    return header


def is_form_field(line: str) -> bool:
    """A label or a value of a form's fields ("Vorlage Nr.:", "22.11.2011", "öffentlich", "Dez. 4")."""
    return bool(_FORM_LABEL_RE.match(line) or _FORM_VALUE_RE.match(line))


def _next_paragraph(lines: list[str], start: int, end: int, limit: int = 4) -> list[int]:
    i = start
    while i < end and not lines[i]:
        i += 1
    found = []
    while i < end and lines[i] and len(found) < limit:
        found.append(i)
        i += 1
    return found


def _persons(lines: list[str], end: int, header: Header) -> None:
    groups = []
    for i in range(end):
        line = lines[i]
        if not line or len(line) > 120:
            continue
        match = _PERSON_RE.match(line)
        if match and (match["group"] or len(match["name"].split()) >= 2):
            header.persons.append(Person(match["name"], match["title"], (match["group"] or "").strip()))
            header.used.add(i)
            continue
        field_match = _SENDER_FIELD_RE.match(line)
        if field_match:
            value = field_match["value"].strip() or next(
                (lines[j] for j in _next_paragraph(lines, i + 1, end, 1)), ""
            )
            if value and _GROUP_RE.search(value):
                groups.append(value)
            continue
        if (
            _GROUP_RE.search(line)
            and len(line) <= 80
            and not line.endswith((":", "?", ","))
            and not KIND_RE.search(line)
            and not ADDRESSEE_START_RE.match(line)
            and not re.match(r"^(?:An|Herrn?|Frau|Sehr|Liebe|Von|An:)\b", line)
            and not CONTACT_RE.search(line)
            and not _FORM_LABEL_RE.match(line)
        ):
            # "CDU Ortschaftsratsfraktion des" / "Ortschaftsrates Hohenwettersbach"
            if last_word(line).lower() in CONTINUATION_WORDS and i + 1 < end and lines[i + 1]:
                line = f"{line} {lines[i + 1]}"
            groups.append(line)
    if len(groups) >= 1:
        header.group = groups[0]
    if header.persons and header.group:
        for person in header.persons:
            person.group = header.group
    if not header.persons:
        for i in range(end):
            line = lines[i]
            if line and len(line) <= SHORT and KIND_RE.search(line):
                match = _KIND_PERSONS_RE.search(line)
                if match:
                    role = "Abgeordnete" if match["article"] == "der" else "Abgeordneter"
                    group = (match["group"] or match["group2"] or "").strip()
                    names = [n.strip() for n in re.split(r",\s*|\s+und\s+", match["names"]) if n.strip()]
                    header.persons.extend(Person(name, role, group) for name in names)
                    break


def _is_title_candidate(text: str, first: str) -> bool:
    if not text or len(text) > SHORT:
        return False
    if DATE_LINE_RE.match(first) or CONTACT_RE.search(first) or ADDRESSEE_START_RE.match(first):
        return False
    if _FORM_VALUE_RE.match(first) or _FORM_LABEL_RE.match(first) or _KIND_ONLY_RE.match(text):
        return False
    if _PERSON_RE.match(first) or _ORG_HEAD_RE.match(first):
        return False
    if re.match(r"^(?:Sehr|Liebe|Hallo|Guten|Dear)\b", first) or text.endswith((",", ":")):
        return False
    if _REPLY_HEAD_RE.match(first) and not KIND_RE.search(text):
        return False  # "Stellungnahme des Bürgermeisteramtes"
    if len(text.split()) > 6 and last_word(text).lower() in CONTINUATION_WORDS:
        return False  # a sentence of the body cut at a field ("… im Ortschaftsrat in der")
    if len(text.split()) >= 8 and is_terminal(text) and text.rstrip().endswith("."):
        return False  # a sentence of prose ("Daran ändert auch … nichts."), not a subject
    return True


def _title(lines, end, header: Header, subject_label, kind_line, form_end) -> None:
    if subject_label is not None:
        # a form flattened onto one line carries the next field after the subject
        header.title = title(_TRAILING_FIELD_RE.sub("", join_lines(subject_label[1])))
        if header.title:
            return
    if kind_line is not None:
        paragraph = [kind_line]
        j = kind_line + 1
        while (
            j < end
            and lines[j]
            and len(paragraph) < 4
            and not DATE_LINE_RE.match(lines[j])
            and j not in header.used
        ):
            following = lines[j]
            previous = lines[paragraph[-1]]
            runs_on = (
                following[0].islower()
                or following[0] in '„"»“‚'
                or re.search(
                    r"(?:\b(?:zum\s+Thema|zur|zum|zu|betreffend|betr\.|bezüglich|über|der|des|die|und|für)|[:–-])$",
                    previous,
                )
            )
            if not runs_on or _PERSON_RE.match(following):
                break
            paragraph.append(j)
            j += 1
        topic = title(join_lines([lines[j] for j in paragraph]))
        if topic and not _KIND_ONLY_RE.match(topic) and not _REPLY_HEAD_RE.match(topic):
            header.title = topic
            header.used.update(paragraph)
            return
    # the last paragraph of the head that is not a field (after the line naming the kind); after
    # the form's fields if one is there, else before a form table that closes the head
    after_kind = kind_line + 1 if kind_line is not None else 0
    for start in dict.fromkeys((max(form_end or 0, after_kind), after_kind)):
        if _last_title_paragraph(lines, start, end, header):
            return
    if kind_line is not None and _last_title_paragraph(lines, 0, kind_line, header, nearest_only=True):
        return  # "Kurfürstenkiez – …" / "Mündliche Anfrage": the topic above the kind
    if header.email.get("subject"):
        header.title = title(header.email["subject"])


def _last_title_paragraph(lines, start: int, end: int, header: Header, *, nearest_only: bool = False) -> bool:
    paragraphs: list[list[int]] = []
    current: list[int] = []
    for i in range(start, end):
        if not lines[i] or i in header.used:
            if current:
                paragraphs.append(current)
                current = []
            continue
        current.append(i)
    if current:
        paragraphs.append(current)
    for paragraph in reversed(paragraphs):
        # "Flatrate-Partys" / "Stellungnahme des Bürgermeisteramtes": the line naming the reply
        # under the topic is not part of it
        while (
            len(paragraph) > 1
            and _REPLY_HEAD_RE.match(lines[paragraph[-1]])
            and not KIND_RE.search(lines[paragraph[-1]])
        ):
            paragraph = paragraph[:-1]
        # a paragraph may end in fields (form values after the title in flattened forms)
        texts = [lines[j] for j in paragraph]
        text = join_lines(texts)
        if _is_title_candidate(text, texts[0]) and len(texts) <= 4:
            header.title = unquote(strip_list_reference(text).strip(" .,:;–—-|"))
            header.used.update(paragraph)
            return True
        if nearest_only:
            return False
    return False


def _kind(lines, end, header: Header, kind_line) -> None:
    decisive = False
    texts = [lines[i] for i in range(end) if lines[i] and len(lines[i]) <= SHORT]
    if header.email.get("subject"):
        texts.insert(0, header.email["subject"])
    for text in texts:
        field = re.match(r"^[^:]{1,40}:\s*\S", text) and not re.match(
            r"^(?:Betreff|Subject|Betr)", text, re.IGNORECASE
        )
        if field:
            pass  # a form field with its value ("Stellungnahme der Verwaltung: offen") names no reply
        elif _REPLY_HEAD_RE.match(text) or re.match(
            r"^(?:[\w-]+\s+){0,3}(?:Antwort|Beantwortung|Stellungnahme)\s+(?:der|des|zur|zu|auf)\b", text
        ):
            header.is_reply = True
        if not header.kind:
            header.kind = kind_of(text)
            # "ANFRAGE", "Kleine Anfrage zu …" name the document; "Anfrage der CDU-Fraktion:" over
            # the questions and their answers only names whose inquiry it is
            owner_only = re.match(r"^Anfrage\s+(?:der|des)\s+[^:]{2,60}:?$", text.strip())
            if header.kind and owner_only:
                decisive = False
            elif header.kind:
                decisive = True
    if header.kind and not header.is_reply and decisive:
        header.is_inquiry = True


def _date(lines, end, header: Header) -> None:
    after_meeting_label = False
    for i in range(end):
        line = lines[i]
        if not line or len(line) > SHORT:
            continue
        match = re.match(
            rf"^(?:vom|Datum|Date|Stand)\s*:?\s*(?:den\s+)?(?P<date>{DATE_TEXT})\s*$", line, re.IGNORECASE
        )
        if match and iso_date(match["date"]):
            header.date = iso_date(match["date"])
            return
        if re.fullmatch(r"(?:Datum|Date)\s*:?\s*\|?", line, re.IGNORECASE):
            # a flattened form: the labels first ("Datum", "Nummer", "öffentlich"), then their
            # values; the first date before the meeting's labels is the letter's
            for j in range(i + 1, min(end, i + 12)):
                value = lines[j].strip(" |")
                if _MEETING_DATE_LABEL_RE.match(value):
                    break
                if re.fullmatch(DATE_TEXT, value) and iso_date(value):
                    header.date = iso_date(value)
                    return
    for i in range(end):
        line = lines[i]
        if not line or len(line) > SHORT:
            continue
        if _MEETING_DATE_LABEL_RE.match(line):
            after_meeting_label = True
        match = DATE_LINE_RE.match(line) or DATE_FIELD_RE.search(line)
        if match and "," in line and iso_date(match["date"]):
            header.date = iso_date(match["date"])  # "Bornheim, 12.03.2027"
            return
    if header.email.get("date"):
        found = iso_date(header.email["date"])
        if found:
            header.date = found
            return
    for i in range(end):
        line = lines[i]
        if line and len(line) <= SHORT and KIND_RE.search(line):
            match = re.search(rf"(?<![Ss]itzung\s)\bvom\s+(?P<date>{DATE_TEXT})", line)
            if match and iso_date(match["date"]):
                header.date = iso_date(match["date"])
                return
    if not after_meeting_label:
        for i in range(end):
            line = lines[i]
            if line and len(line) <= 80 and DATE_LINE_RE.match(line) and iso_date(line):
                header.date = iso_date(line)
                return


def _reference(lines, end, header: Header) -> None:
    for i in range(min(end, 80)):
        line = lines[i]
        if not line or len(line) > SHORT:
            continue
        match = _REFERENCE_RE.search(line)
        if match:
            header.reference = squash(match["ref"])
            return


def _addressee(lines, end, header: Header) -> None:
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
                name = re.sub(rf"^(?:Herrn?|Frau)\s+(?:(?:{_TITLES})n?\s+)?", "", parts[0]).strip()
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


# --- the foot ------------------------------------------------------------------------------------


@dataclass
class Foot:
    closing: str = ""
    persons: list[Person] = field(default_factory=list)
    email: str = ""
    date: str = ""


def _columns(line: str) -> list[str]:
    return [part.strip() for part in re.split(r"\s{2,}|\t", line.strip()) if part.strip()]


def split_names(line: str) -> list[str]:
    """Several names on one line: "A B, C D" or side by side without separators as a column
    layout flattens them ("Ralf Köster Martin Pötzsche Dr. Heike Puzicha-Martz"); [] otherwise."""
    parts = [part.strip() for part in line.split(",")]
    if len(parts) > 1 and all(is_name(part) and not ROLE_WORDS_RE.search(part) for part in parts):
        return parts
    tokens = line.split()
    if (
        len(tokens) < 4
        or ROLE_WORDS_RE.search(line)
        or not all(token[0].isupper() or token in ("von", "van", "de", "zu", "der") for token in tokens)
    ):
        return []
    names: list[str] = []
    current: list[str] = []
    for token in tokens:
        current.append(token)
        given = [t for t in current if t not in ("Dr.", "Prof.", "von", "van", "de", "zu", "der")]
        if len(given) == 2 and token not in ("von", "van", "de", "zu", "der"):
            names.append(" ".join(current))
            current = []
    if current or len(names) < 2:
        return []
    return names


def read_signature(lines: list[str], start: int, end: int, *, closing_line: bool) -> Foot:
    """The closing formula (if `closing_line`, at lines[start]) and the people who sign below it:
    "Mit freundlichen Grüßen / Für die CDU-Fraktion / gez. Markus Klein / Fraktionsvorsitzender";
    several people side by side ("Stefan Hüsgen      Claudia Roth-Weber") or below each other."""
    foot = Foot()
    following: list[str] = []
    if closing_line:
        match = CLOSING_RE.match(lines[start])
        foot.closing = match["closing"].strip()
        rest = match["rest"].strip(" ,")
        if rest:
            following.append(rest)
        start += 1
    following.extend(lines[start : min(end, start + 30)])
    org = ""
    persons: list[Person] = []
    roles: list[list[str]] = []
    state = "before"
    blanks = 0
    for raw in following:
        if not raw:
            blanks += 1
            if state == "roles" and blanks >= 2:
                break
            continue
        if "@" in raw and not foot.email:
            foot.email = split_address(raw)[1]
        signed = _SIGNED_BY_RE.match(raw.strip())
        if signed and state != "list":
            state = "list"  # "unterzeichnet von:", "gez. A", "eingereicht durch …": a list of signers
            raw = signed["rest"]
            if not raw:
                continue
        columns = []
        for column in _columns(raw):
            skip = SIGNATURE_SKIP_RE.match(column)
            if skip:
                column = skip["rest"].strip()
            if column:
                columns.append(column)
        if not columns:
            continue
        line = columns[0]
        if CONTACT_RE.search(line) or DATE_LINE_RE.match(line):
            if DATE_LINE_RE.match(line) and not foot.date:
                foot.date = iso_date(line)
            if state == "roles":
                break
            continue
        signed = _SIGNED_BY_RE.match(line)
        if signed:
            state = "list"
            if signed["rest"]:
                columns = [signed["rest"]]
            else:
                continue
        if state == "list":
            if line.endswith(":"):
                break  # the form's next label ("Sachverhalt / Begründung:") ends the signers
            if (
                persons
                and re.match(r"^(?:und|sowie)\s+(?:die|der|das)\s+", line)
                and _SENDER_GROUP_RE.search(line)
            ):
                continue  # "Ralf Köster" / "und die B‘90/DIE GRÜNEN-OR-Fraktion": the group signs too
            if _SENDER_GROUP_RE.search(columns[0]) and not persons:
                persons.append(Person(columns[0]))  # "eingereicht durch Fraktion CDU, …"
                continue
            names = [name for column in columns for name in split_names(column)]
            if names:
                persons.extend(Person(name) for name in names)
                blanks = 0
                continue
            name, _sep, role = columns[0].partition(",")
            if is_name(name.strip()) or len(name.split()) in (2, 3):
                persons.append(Person(name.strip(), role.strip()))
                blanks = 0
                continue
            if persons and ROLE_WORDS_RE.search(line) and len(line) <= 80 and not persons[-1].role:
                persons[-1].role = line  # "Rolf Klipfel" / "Fraktionsvorsitzender"
                continue
            break
        for_org = FOR_ORG_RE.match(line)
        if for_org and state == "before":
            org = for_org["org"].strip()
            continue
        names = [column for column in columns if is_name(column) and not ROLE_WORDS_RE.search(column)]
        if state == "before":
            if names and len(names) == len(columns):
                persons.extend(Person(name) for name in names)
                roles = [[] for _ in names]
                state = "roles"
                blanks = 0
                continue
            if not org and ROLE_WORDS_RE.search(line) and len(columns) == 1:
                org = line
                continue
            break
        if state == "roles":
            if names and len(names) == len(columns) and blanks:
                break  # another signatory below: stop
            if len(columns) == len(roles) and len(roles) > 1:
                for index, column in enumerate(columns):
                    roles[index].append(column.strip("()"))
            elif len(roles[0]) < 2:
                roles[0].append(line.strip("()"))
            else:
                break
            blanks = 0
    for person, person_roles in zip(persons, roles, strict=False):
        person.role = ", ".join(person_roles)
    if org:
        for person in persons:
            if org not in person.role:
                person.group = org
    foot.persons = persons
    return foot


def reply_kind(header: Header) -> str:
    return REPLY if header.is_reply else (header.kind or "anfrage")
