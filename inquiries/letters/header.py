"""The letter's head: subject (title), kind, and (through senders.py and letter_date.py) senders,
addressee, date and reference number.

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

from inquiries.deadlines.dates import DATE_TEXT, iso_date

from .base import Person
from .fields import (
    ADDRESSEE_START_RE,
    CONTACT_RE,
    DATE_LINE_RE,
    DOCUMENT_TYPE_RE,
    EMAIL_HEADER_RE,
    FORM_LABEL_RE,
    FORM_VALUE_RE,
    KIND_RE,
    LIST_PAGE_HEADING_RE,
    REPLY_DOCUMENT_CODES,
    SHORT,
    next_paragraph,
    split_address,
    strip_list_reference,
    title,
    unquote,
)
from .letter_date import page_date_line, read_date, read_reference
from .question_time import asker
from .senders import PERSON_RE, read_addressee, read_persons, whose_inquiry
from .sentences import announces_answers
from .text import CONTINUATION_WORDS, is_terminal, join_lines, last_word

_SUBJECT_LABEL_RE = re.compile(
    r"^(?:Betreff|Betrifft|Betr\.|Betr|Subject|Gegenstand|Thema|Kurztitel|Titel|Title|Bezeichnung)\s*(?::\s*|\s*$)(?P<value>.*)$",
    re.IGNORECASE,
)
_ENTRY_HEADING_RE = re.compile(
    r"^(?:Fragestunde|(?:(?:Kleine|Mündliche|Schriftliche)\s+)?Anfrage)\s+[-–—]\s+(?P<topic>[^()]{3,150}?)"
    rf"\s*\((?P<date>{DATE_TEXT})\)$"
)
_QUOTED_SUBJECT_RE = re.compile(r"^[„\"»“][^„\"»“”«]{3,120}[“\"«”]$")
_LABELLED_VALUE_RE = re.compile(r"^(?P<label>[^:]{2,30}):\s*(?P<value>\S.{0,40})$")
_TRAILING_FIELD_RE = re.compile(
    r"\s+(?:(?:Stellungnahme\s+der\s+Verwaltung|Status)\s*:\s*\S{1,20}|Vorlagentyp\s*:\s*[A-Z]{1,4}(?:\s+[^:]{2,60})?)$"
)
_BODY_NAME_RE = re.compile(
    r"^(?:Ortschaftsrat|Gemeinderat|Stadtrat|Kreistag|Bezirksbeirat|Bezirksversammlung|Bezirksvertretung|Rat\b"
    r"|Hauptausschuss|Haupt-|Ausschuss|[\w-]*[Aa]usschuss\b|BVV|Ortsbeirat|Stadtbezirksrat|Integrationsrat|Beirat)",
)
_REPLY_HEAD_RE = re.compile(
    r"^(?:und\s+)?(?:STELLUNGNAHME|Stellungnahme|Antwort|ANTWORT|Beantwortung|BEANTWORTUNG|Mitteilung(?:svorlage)?|Informationsvorlage"
    r"|Answer|Response|Reply)\b",
)
_ORG_HEAD_RE = re.compile(
    r"^(?:STADT|Stadt|Gemeinde|Landkreis|Kreis|Der\s+Oberbürgermeister|Die\s+Oberbürgermeisterin|Der\s+Bürgermeister"
    r"|Die\s+Bürgermeisterin|Der\s+Landrat|Die\s+Landrätin|Bezirksamt|Ortsverwaltung|Der\s+Magistrat|Freie\s+und\s+Hansestadt"
    r"|Landeshauptstadt|Hansestadt|Senat|Hauptamt)\b",
)
_ANSWER_HEADING_RE = re.compile(r"^(?:und\s+)?(?:ANTWORT|Antwort)\s+(?:der|des)\s+[A-ZÄÖÜ][\w-]+$")
KIND_ONLY_RE = re.compile(
    r"^(?:(?:gro(?:ß|ss)e|kleine|schriftliche|mündliche|dringliche)\s+)?(?:Anfrage|ANFRAGE|Anfragen|Frage|Anregung|Auskunftsersuchen"
    r"|Written\s+question|Question)"
    r"(?:\s+(?:zur|für\s+die)\s+(?:[\w-]+\s+)?(?:[\w-]*[Ss]itzung|Fragestunde).*)?\s*:?$",
    re.IGNORECASE,
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
    # the page opens with a date alone, as a blog post does ("Tuesday, November 14, 2023"): the day
    # the page was published, which is the inquiry's date only when the page is the inquiry
    page_date_line: int | None = None
    reference: str = ""
    addressee: str = ""
    email: dict[str, str] = field(default_factory=dict)
    sender_email: str = ""
    used: set[int] = field(default_factory=set)  # lines that are fields, not text
    submitted_by: Person | None = None  # the body a paper's type field names ("OM Ortsbeirat 10")
    document_reply: bool = False  # the paper's type field names a statement of the administration


# Questions put for a meeting without the word "Anfrage": "Zur nächsten Sitzung des
# Sozialausschusses am 19.05.2020 bitten wir … um Beantwortung folgender Fragen:"
_FOR_A_MEETING_RE = re.compile(
    r"^(?:Zur|Für\s+die)\s+(?:nächsten\s+|kommenden\s+)?[\w-]*[Ss]itzung\b(?:[^.?!]|(?<=\d)\.(?=\d)){0,160}?"
    r"\b(?:bitten|bittet|bitte)\b[^.?!]{0,160}?\bBeantwortung\b"
)


def kind_of(text: str) -> str:
    match = KIND_RE.search(text)
    if not match:
        return "anfrage_zur_sitzung" if _FOR_A_MEETING_RE.search(text) else ""
    if match["gross"]:
        return "grosse_anfrage"
    if match["klein"]:
        return "kleine_anfrage"
    if match["sitzung"] or match["muendlich"]:  # an oral question is asked in the meeting
        return "anfrage_zur_sitzung"
    return "anfrage"


# The label of a link to the letter's file at the end of a page: "Kleine Anfrage_Vorlage",
# "Anfrage (PDF)", ">>> Die Anfrage hier herunterladen"
_DOWNLOAD_LABEL_RE = re.compile(
    r"^(?:>+\s*)?(?P<label>.{0,60}?)(?:[_ ]+(?:Vorlage|Download|Datei)|\s*\((?:PDF|Download)[^()]*\)|\.pdf"
    r"|\s+(?:hier\s+)?(?:herunterladen|downloaden))$",
    re.IGNORECASE,
)


def kind_line_over_text(line: str, following: str) -> bool:
    """ "Anfrage 21/SVV/1334 Sprechstunden …" right over the first sentence of the text."""
    return (
        len(line) <= 160
        and not line.endswith((":", "?", "."))
        and bool(re.match(r"^(?:[\w-]+\s+){0,2}Anfrage\b", line, re.IGNORECASE))
        and bool(re.search(r"[a-zäöüß]{3}[.!?](?:\s|$)", following))
    )


def drop_download_label(lines: list[str]) -> str:
    """Blank a download link's label that ends the page and give the kind it names, if any."""
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i]), None)
    if last is None or len(lines[last]) > 80:
        return ""
    match = _DOWNLOAD_LABEL_RE.match(lines[last])
    if match is None or not KIND_RE.search(match["label"]):
        return ""
    lines[last] = ""
    return kind_of(match["label"])


def read_header(lines: list[str], end: int) -> Header:
    """Read lines[:end], the head of the letter."""
    header = Header()
    subject_label = None
    kind_line = None
    form_end = None  # the line after the last form label / value
    in_form = False
    entry_date = ""
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
        person = asker(line)
        if person is not None:
            # a question time's head line: who asks (and whom), not the subject
            header.persons.append(person)
            header.used.add(i)
            continue
        entry = _ENTRY_HEADING_RE.match(line) if subject_label is None and "(" in line else None
        if entry:
            # "Fragestunde - Platzierung Meßstationen (26.11.2018)": an archive's entry, its date
            subject_label, entry_date = (i, [entry["topic"]]), entry["date"]
            header.used.add(i)
            continue
        label = _SUBJECT_LABEL_RE.match(line)
        if label and subject_label is None:
            value = label["value"].strip()
            if value:
                subject_label = (i, [value])
                header.used.add(i)
            else:
                following = next_paragraph(lines, i + 1, end)
                # a form's labels and values one under the other: the value ends at the next label
                label_at = next((k for k, j in enumerate(following) if FORM_LABEL_RE.match(lines[j])), None)
                following = following[:label_at]
                if following:
                    subject_label = (following[0], [lines[j] for j in following])
                    header.used.add(i)
            if subject_label:
                header.used.update(range(subject_label[0], subject_label[0] + len(subject_label[1])))
                continue
        document_type = DOCUMENT_TYPE_RE.match(line)
        if document_type:
            header.used.add(i)
            if document_type["code"] in REPLY_DOCUMENT_CODES:
                header.document_reply = True
            elif document_type["body"]:
                header.submitted_by = Person(document_type["body"].strip())
            continue
        labelled = _LABELLED_VALUE_RE.match(line)
        if labelled and FORM_LABEL_RE.match(labelled["label"]) and FORM_VALUE_RE.match(labelled["value"]):
            in_form = True  # "Vorlage Nr.: 2016/0776", "Verantwortlich: Dez. 4", "vom: 17.10.2011"
            form_end = i + 1
            header.used.add(i)
            continue
        if FORM_LABEL_RE.match(line):
            in_form = True
            form_end = i + 1
            header.used.add(i)
            continue
        if in_form and (FORM_VALUE_RE.match(line) or _BODY_NAME_RE.match(line) and len(line) <= 60):
            form_end = i + 1
            header.used.add(i)
            continue
        if kind_line is None and KIND_RE.search(line) and not line.endswith("?") and not _is_prose(line):
            kind_line = i
    read_persons(lines, end, header)
    header.page_date_line = page_date_line(lines, end)
    _title(lines, end, header, subject_label, kind_line, form_end)
    _kind(lines, end, header, kind_line)
    if header.document_reply:
        header.is_reply, header.is_inquiry = True, False
    if header.submitted_by is not None and not header.persons:
        header.persons = [header.submitted_by]
    read_date(lines, end, header)
    if entry_date and not header.date:
        header.date = iso_date(entry_date) or ""
    read_reference(lines, end, header)
    read_addressee(lines, end, header)
    if header.is_reply and not (header.persons or header.addressee_persons or header.group):
        header.persons = whose_inquiry(lines, end)  # "Beantwortung der Anfrage der CDU-Fraktion"
    if "from" in header.email:
        name, address = split_address(header.email["from"])
        header.sender_email = address
        if name:
            # "From: Councillor Sarah Jones (Riverside Ward)"
            titled = PERSON_RE.match(name)
            if titled and titled["group"] is not None:
                header.from_person = Person(titled["name"], titled["title"], titled["group"].strip())
            else:
                header.from_person = Person(name)
    return header


def _is_prose(line: str) -> bool:
    """A sentence of the text that mentions an inquiry ("Die Landesregierung gibt in der
    Beantwortung der Kleinen Anfrage 7/3890 … an, … Dies gibt Anlass zur Nachfrage."), not a line
    naming the letter's kind: many words, and it ends as a sentence does; or a note that the inquiry
    was answered ("Die Ministerin hat namens der Landesregierung die Kleine Anfrage … beantwortet.")."""
    return (len(line.split()) > 20 and line.rstrip(' "“”').endswith(".")) or announces_answers(line)


def _is_title_candidate(text: str, first: str, *, limit: int = SHORT, post_title: bool = False) -> bool:
    if not text or len(text) > limit:
        return False
    if DATE_LINE_RE.match(first) or CONTACT_RE.search(first) or ADDRESSEE_START_RE.match(first):
        return False
    if FORM_VALUE_RE.match(first) or FORM_LABEL_RE.match(first) or KIND_ONLY_RE.match(text):
        return False
    if PERSON_RE.match(first) or _ORG_HEAD_RE.match(first):
        return False
    words = text.split()
    if sum(word.endswith(".") for word in words) * 2 >= len(words) > 1:
        return False  # abbreviations: an office's note ("Dez. VI z.w.V."), not a subject
    if re.match(r"^(?:Sehr|Liebe|Hallo|Guten|Dear)\b", first) or text.endswith((",", ":")):
        return False
    if LIST_PAGE_HEADING_RE.match(text):
        return False  # "Rats- und Informationsanfragen", "Anfragen der Fraktion": a list page's heading
    if text.startswith("(") and text.endswith(")"):
        return False  # "(Hinweis: Diese Ratsanfrage bezieht sich auf …)": a remark, not a subject
    if (
        re.match(r"^(?:Fragen|Questions)\s+(?:an|to)\s+(?:den|die|das|the)\b", text)
        and len(text) <= 60
        and not post_title  # the heading right under a post's date is the post's title
    ):
        return False  # "Fragen an den Magistrat": the heading of the questions
    if re.match(rf"^(?:Kleine\s+|Schriftliche\s+)?(?:Frage|Anfrage)\s+vom\s+{DATE_TEXT}$", text):
        return False  # "Frage vom 07. Mai 2025": when it was asked, not what about
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
            if not runs_on or PERSON_RE.match(following):
                break
            paragraph.append(j)
            j += 1
        topic = title(join_lines([lines[j] for j in paragraph]))
        if topic and not KIND_ONLY_RE.match(topic) and not _REPLY_HEAD_RE.match(topic):
            header.title = topic
            header.used.update(paragraph)
            return
    # the last paragraph of the head that is not a field (after the line naming the kind); after
    # the form's fields if one is there, else before a form table that closes the head
    after_kind = kind_line + 1 if kind_line is not None else 0
    # "KLEINE ANFRAGE des Abgeordneten …" / subject / "und ANTWORT der Landesregierung": the text
    # under the heading of the answer part is not the subject
    answer_heading = next(
        (
            j
            for j in range(after_kind, end)
            if lines[j] and len(lines[j]) <= 80 and _ANSWER_HEADING_RE.match(lines[j])
        ),
        end,
    )
    # (above an intro run into the head: "Ich frage die Landesregierung:")
    last = next(
        (j for j in range(end - 1, after_kind - 1, -1) if lines[j] and not lines[j].endswith(":")), None
    )
    if last is not None and last not in header.used and _QUOTED_SUBJECT_RE.match(lines[last]):
        header.title = lines[last]  # „Verein …“: a quoted name on the last line of the head
        header.used.add(last)
        return
    for start in dict.fromkeys((max(form_end or 0, after_kind), after_kind)):
        if _last_title_paragraph(lines, start, answer_heading, header):
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
    if nearest_only and paragraphs:
        # an address and a place-and-date line run into the subject without a blank line
        dated = [position for position, j in enumerate(paragraphs[-1]) if DATE_LINE_RE.match(lines[j])]
        if dated and dated[-1] + 1 < len(paragraphs[-1]):
            paragraphs[-1] = paragraphs[-1][dated[-1] + 1 :]
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
        # a subject right above the line naming the kind may be long (a procedure's full name)
        limit = 2 * SHORT if nearest_only and len(texts) == 1 else SHORT
        post_title = (
            header.page_date_line is not None and _first_after(lines, header.page_date_line) == paragraph[0]
        )
        if _is_title_candidate(text, texts[0], limit=limit, post_title=post_title) and len(texts) <= 4:
            header.title = unquote(strip_list_reference(text).strip(" .,:;–—-|"))
            header.used.update(paragraph)
            return True
        if nearest_only:
            return False
    return False


_KIND_PLURAL_RE = re.compile(r"^((?:kleine|gro(?:ß|ss)e|mündliche|schriftliche)\s+Anfrage)n$", re.IGNORECASE)


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
        elif (
            _REPLY_HEAD_RE.match(text)
            or re.match(
                r"^(?:[\w-]+\s+){0,3}(?:Antwort|Beantwortung|Stellungnahme)\s+(?:der|des|zur|zu|auf)\b", text
            )
            or kind_of(text)
            and re.search(r"\bund\s+(?:Antwort|Beantwortung)\s+(?:der|des)\b", text)
        ):
            # "Schriftliche Kleine Anfrage der Abgeordneten … vom 21.04.15 und Antwort des Senats"
            header.is_reply = True
        if not header.kind:
            # "Kleine Anfragen": the heading of a parliament's page of them names the kind too
            header.kind = kind_of(_KIND_PLURAL_RE.sub(r"\1", text.strip()))
            # "ANFRAGE", "Kleine Anfrage zu …" name the document; "Anfrage der CDU-Fraktion:" over
            # the questions and their answers only names whose inquiry it is
            owner_only = re.match(r"^Anfrage\s+(?:der|des)\s+[^:]{2,60}:?$", text.strip())
            if header.kind and owner_only:
                decisive = False
            elif header.kind:
                decisive = True
    if header.kind and not header.is_reply and decisive:
        header.is_inquiry = True


def _first_after(lines: list[str], i: int) -> int:
    """The first non-blank line after line i."""
    i += 1
    while i < len(lines) and not lines[i]:
        i += 1
    return i
