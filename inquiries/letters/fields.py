"""What the parser looks for in a letter's header, signature and subject line: salutation,
closing, e-mail headers, subject, kind, dates, addressee, signature, deadline phrases, and the
title cleaned of the kind ("Große Anfrage zum Thema „…“" → "…").

All patterns are anchored or bounded, and the callers apply them to short lines only.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from inquiries.deadlines.dates import DATE_TEXT

from .text import squash

# Lines longer than this are body text, never a header, salutation, closing or signature.
SHORT = 300
# Without a salutation, only this many lines at the top are searched for header fields.
HEADER_LINES = 40

SALUTATION_RE = re.compile(
    r"^(?:Sehr\s+geehrte[rs]?|Sehr\s+verehrte[rs]?|Liebe[rs]?|Hallo|Guten\s+(?:Tag|Morgen|Abend)"
    r"|Moin|Werte[rs]?|Geehrte[rs]?)\b(?!\s+Gr)",
    re.IGNORECASE,
)
CLOSING_RE = re.compile(
    r"^(?P<closing>(?:Mit\s+)?(?:freundliche[nm]?|besten?|herzliche[nm]?|kollegiale[nm]?|solidarische[nm]?"
    r"|viele[nm]?|liebe[nm]?|schöne[nm]?|beste[nm]?)\s+Gr(?:ü|ue)(?:ß|ss)(?:en|e)?"
    r"|MfG|Hochachtungsvoll|Gruß|Grüße|Viele\s+Grüße"
    r"|Yours\s+(?:sincerely|faithfully|truly))\b[\s,.!]*(?P<rest>.*)$",
    re.IGNORECASE,
)
JUSTIFICATION_RE = re.compile(
    r"^(?:zur\s+)?(?:begründung|erläuterungen?|begründung\s+der\s+anfrage)\s*(?::\s*(?P<rest>.*)|\.?\s*$)",
    re.IGNORECASE,
)
ANSWER_RE = re.compile(
    r"^(?:(?:antwort|stellungnahme|beantwortung)(?:\s+der\s+verwaltung)?"
    r"(?:\s+(?:zu|auf)\s+(?:der\s+)?(?:frage\s+)?(?:nr\.\s*)?(?P<ref1>\d{1,3}(?:\.\d{1,3})*(?:\s?[a-z]{1,2}\b)?)\.?\)?)?"
    r"\s*(?::|\.(?=\s|$)|$)"
    r"|zu\s+(?:der\s+)?(?:frage\s+)?(?:nr\.\s*)?(?P<ref2>\d{1,3}(?:\.\d{1,3})*(?:\.?\s?[a-z]{1,2}\b)?|[a-z]{1,2}(?=\)))"
    r"\s*\.?\)?\s*(?::|\.?\)|(?=\s+[A-ZÄÖÜ])|$))",
    re.IGNORECASE,
)
EMAIL_HEADER_RE = re.compile(
    r"^(?P<key>Von|From|Gesendet|Sent|Datum|Date|An|To|Cc|Bcc|Kopie|Betreff|Subject|Priorität|Importance"
    r"|Anlagen?|Attachments?)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
SUBJECT_RE = re.compile(
    r"^(?:Betreff|Betrifft|Betr\.|Betr|Subject|Gegenstand|Thema)\s*:\s*(?P<value>.*)$", re.IGNORECASE
)
REPLY_PREFIX_RE = re.compile(r"^(?:(?:AW|WG|Re|Fwd?|FW|Antw)\s*:\s*)+", re.IGNORECASE)
KIND_RE = re.compile(
    r"(?:(?P<gross>\bgro(?:ß|ss)e[n]?\s+)|(?P<klein>\bkleine[n]?\s+)|(?P<muendlich>\bmündliche[n]?\s+))?\bAnfrage\b"
    # "Anfrage zur Sitzung des …", "Anfrage der Fraktion … zur Ratssitzung am 09.07.18", "Anfrage an
    # den Rat der Stadt Wuppertal am 15.05.2017" (the meeting's day)
    # ("Anfrage: gem. § 14 Geschäftsordnung des Rates … in die Sitzung des Stadtbezirksrates am …")
    r"(?P<sitzung>(?::?\s+(?:der|des|gem\.|gemäß)\s+[^:?]{1,100}?)?\s+(?:zur|für\s+die|in\s+der|in\s+die)\s+(?:[\w-]+\s+)?(?:[\w-]*sitzung|Fragestunde)\b"
    rf"|\s+an\s+den\s+Rat\b[^:?]{{0,60}}?\s+am\s+{DATE_TEXT})?",
    re.IGNORECASE,
)
WEEKDAY = r"(?:(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
DATE_LINE_RE = re.compile(
    # (or after a gap, as a letterhead's column: "Bezirksamt Hamburg-Nord      Den 16.04.2002")
    # ("Bozen, am 15. Februar 2021": "am" after the place as "den")
    rf"^(?:[A-ZÄÖÜ][\w .\-/()]{{0,40}}(?:,\s*|\s{{3,}}))?(?:[Dd]en\s+|(?<=,\s)am\s+)?{WEEKDAY}(?P<date>{DATE_TEXT})\s*$",
)
DATE_FIELD_RE = re.compile(
    rf"\b(?:Datum|Date|Gesendet|Sent|Stand)\s*:\s*{WEEKDAY}(?P<date>{DATE_TEXT})",
    re.IGNORECASE,
)
ADDRESSEE_RE = re.compile(
    r"^(?:An\s+(?:den|die|das)\s+|An\s+(?=Herrn?\b|Frau\b)|An:\s*)?(?P<who>(?:Herrn?|Frau)\b.*|.*)$"
)
ADDRESSEE_START_RE = re.compile(
    r"^(?:An\s+(?:den|die|das|Herrn?|Frau)\b|Herrn\b|Frau\b|Herr\b)", re.IGNORECASE
)
PERSON_LINE_RE = re.compile(r"^(?:Herrn?|Frau|Dr\.|Prof\.)\s")
NAME_TOKEN_RE = re.compile(r"^(?:[A-ZÄÖÜ][\w'’.-]*|von|van|de|der|zu|vom|den|ter|y)$")
CONTACT_RE = re.compile(
    r"@|https?://|www\.|^(?:Tel|Telefon|Fax|Mobil|Handy|E-?Mail|Mail|Internet|Web)\b|^\+?\d[\d /()-]{5,}$"
    r"|\b\d{5}\s+[A-ZÄÖÜ]|straße\s+\d|str\.\s*\d|weg\s+\d|platz\s+\d",
    re.IGNORECASE,
)
ROLE_WORDS_RE = re.compile(
    r"vorsitz|sprecher|mitglied|fraktion|ratsherr|ratsfrau|ratsmitglied|bürgermeister|beigeordnet|ausschuss"
    r"|stellv|leiter|sachkundig|gruppe|partei|stadtverordnet|kreistag|dezernent|geschäftsführ|referent"
    r"|amt\b|fachbereich|integrationsrat|beirat|vertret|\bim\s+rat\b|liste\b|wähler"
    r"|^stadtr(?:at|ätin)$|verordnete[rn]?$|abgeordnete[rn]?$|berichterstatter|\bmd[lba]\b",
    re.IGNORECASE,
)
SIGNATURE_SKIP_RE = re.compile(
    r"^(?:gez\.?|i\.\s?V\.?|i\.\s?A\.?|In\s+Vertretung|Im\s+Auftrag|Unterschrift|--|_+)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
FOR_ORG_RE = re.compile(r"^(?:Für\s+(?:die|den|das)|Im\s+Namen\s+(?:der|des))\s+(?P<org>.+)$", re.IGNORECASE)
INTRO_RE = re.compile(
    r"frag|bitte|gebeten|auskunft|beantwort|stellen\s+sie\s+dar|darzustellen", re.IGNORECASE
)
QUOTES = {"„": '“”"', "“": '”"', '"': '"“”', "»": "«", "«": "»", "‚": "‘’", "‘": "’", "'": "'", "›": "‹"}


def split_address(value: str) -> tuple[str, str]:
    """ "Max Muster <max@x.de>" → ("Max Muster", "max@x.de")."""
    value = value.strip()
    match = re.search(r"<?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)>?", value)
    if not match:
        return value.strip('"'), ""
    name = (value[: match.start()] + value[match.end() :]).strip(" \"'<>[](),;")
    name = re.sub(r"\s*\[mailto:[^\]]*\]", "", name)
    return name, match[1]


def is_name(line: str) -> bool:
    """Does a line look like a person's name ("Dilara Görgen", "Dr. Max von Berg")?"""
    tokens = line.split()
    if not 2 <= len(tokens) <= 5 or len(line) > 60:
        return False
    if any(char.isdigit() for char in line) or line.endswith((":", ",", ".")) and not line.endswith("Dr."):
        return False
    capitalised = [token for token in tokens if token[0].isupper()]
    return len(capitalised) >= 2 and all(NAME_TOKEN_RE.match(token) for token in tokens)


def sentences(text: str) -> list[str]:
    # Not after "15." in "bis zum 15. April": a number with a dot is an ordinal, not an end.
    return [part for part in SENTENCE_END_RE.split(text) if part]


SENTENCE_END_RE = re.compile(r"(?<=[^\d\s][.!?])\s+(?=[A-ZÄÖÜ])|\n\n")


def title(subject: str) -> str:
    """The topic of a subject line, without the kind and quotes:
    'Große Anfrage zum Thema „Kommunales Integrationsmanagement“' → 'Kommunales Integrationsmanagement'."""
    subject = REPLY_PREFIX_RE.sub("", squash(subject))[:SHORT]
    subject = re.sub(
        r"^(?:Beantwortung|Stellungnahme|Antwort)\s+(?:(?:der|des)\s+[\wäöüß-]+\s+(?=zu|auf))?(?:zur\s+|zu\s+|auf\s+)?(?:der|die|einer|eine)?\s*",
        "",
        subject,
        flags=re.IGNORECASE,
    )
    match = KIND_RE.search(subject)
    if match:
        before = subject[: match.start()].strip(" :–—-|,")
        after = subject[match.end() :]
        title = after_kind(after)
        # "Anfrage Nr. 0080/2019: Anfrage der Fraktion X zur Schaffung …": the kind named again
        again = KIND_RE.match(title)
        if again:
            title = after_kind(title[again.end() :]) or title
        if not title and before and before.lower() not in _NOT_TOPICS and not before.startswith("("):
            title = before
    else:
        title = subject
    title = re.sub(rf"\s+(?:vom|von)\s+{DATE_TEXT}\s*$", "", title.strip())
    return unquote(strip_list_reference(title).strip(" .,:;–—-|"))


# Words before "Anfrage" that are not its topic ("Unsere Anfrage an den Bürgermeister …").
_NOT_TOPICS = frozenset(
    "unsere meine eine die diese neue weitere erneute folgende nachfolgende schriftliche".split()
)
# "• RA 547/2019: Zustand der Arbeitsräume" - a bullet and the paper's number before the topic
_LIST_REFERENCE_RE = re.compile(r"^(?:[•·▪\-–]\s*)?(?:[A-Z]{1,4}[ -]?\d{1,5}/\d{2,4}\s*:\s*)?")


def strip_list_reference(text: str) -> str:
    return _LIST_REFERENCE_RE.sub("", text, count=1)


CONNECTOR_RE = re.compile(
    r"\s(?:zum\s+Thema|zur\s+Thematik|betreffend|betr\.|bezüglich|bzgl\.|hinsichtlich|wegen|zum|zur|zu|über)\s"
    r"|\s?[:|]\s|\s[–—-]\s"
)


# A council information system's paper number: term, body and serial ("21/SVV/1334"), or kind,
# year and serial ("VO/2020/0123").
_PAPER_NUMBER_RE = re.compile(
    r"^(?:\d{1,2}/[A-Z]{2,6}/\d{2,5}|[A-Z]{1,4}/\d{4}/\d{2,5})(?:\s*[:–—-]?\s+|\s*$)"
)


def after_kind(after: str) -> str:
    """What follows "Kleine Anfrage": separator or connector, then the topic."""
    stripped = after.strip()
    if not stripped:
        return ""
    if stripped[0] in QUOTES:
        return stripped
    # Ignore connectors inside quotes.
    quote_start = min((after.find(q) for q in QUOTES if q in after), default=len(after))
    numbered = _PAPER_NUMBER_RE.match(stripped.lstrip(" :–—-|"))
    if numbered:
        # "Anfrage 21/SVV/1334 Sprechstunden …", "Anfrage - 20/SVV/1000": the paper's number, then
        # the topic, if any
        rest = stripped.lstrip(" :–—-|")[numbered.end() :].strip(" :–—-|")
        return "" if re.match(r"^(?:der|des|von|vom)\b", rest) else rest
    match = CONNECTOR_RE.search(" " + after[:quote_start] + " ")
    if match:
        return after[max(match.end() - 1, 0) :].strip()
    if quote_start < len(after):  # 'Anfrage der Fraktion X „Baumfällungen im Stadtpark“'
        return after[quote_start:].strip()
    # "Nr. 71/2018 von Herrn …", "1385 der Abgeordneten …": the paper's number, then who asks
    stripped = re.sub(
        r"^(?:(?:Nr\.|Nummer|Drucksache|Drs\.)\s*[\w/.-]+|\d{1,5}(?=\s+(?:der|des|von)\s))\s*", "", stripped
    )
    if not stripped or re.match(r"^(?:(?:der|des|von|vom|gemäß|nach|im|an|am)\b|gem\.)", stripped):
        return ""
    return stripped


def unquote(text: str) -> str:
    if len(text) >= 2 and text[0] in QUOTES and text[-1] in QUOTES[text[0]]:
        inner = text[1:-1]
        if not any(q in inner for q in QUOTES):
            return inner.strip()
    return text


class Signature(NamedTuple):
    closing: str
    sender: str
    role: str
    email: str


def read_signature(lines: list[str], closing_index: int) -> Signature:
    """Closing formula, then name and role: "Mit freundlichen Grüßen / Für die CDU-Fraktion /
    gez. Markus Klein / Fraktionsvorsitzender". Skips "i. V.", "gez.", contact lines; takes the
    first column where several people sign side by side."""
    sender = email = ""
    match = CLOSING_RE.match(lines[closing_index])
    closing = match["closing"].strip()
    rest = match["rest"].strip(" ,")
    following = [rest] if rest else []
    following.extend(lines[closing_index + 1 : closing_index + 30])
    org = ""
    name_at = None
    candidates: list[str] = []
    for line in following:
        if not line:
            candidates.append("")
            continue
        line = re.split(r"\s{2,}", line.strip())[0]
        skip = SIGNATURE_SKIP_RE.match(line)
        if skip:
            line = skip["rest"].strip()
            if not line:
                continue
        candidates.append(line)
    for position, line in enumerate(candidates):
        if not line:
            continue
        if CONTACT_RE.search(line) or DATE_LINE_RE.match(line):
            if "@" in line and not email:
                email = split_address(line)[1]
            continue
        for_org = FOR_ORG_RE.match(line)
        if for_org:
            org = for_org["org"].strip()
            continue
        if is_name(line) and not ROLE_WORDS_RE.search(line):
            sender = line
            name_at = position
            break
        if not org and ROLE_WORDS_RE.search(line):
            org = line
            continue
        break
    roles: list[str] = []
    if name_at is not None:
        blanks = 0
        for line in candidates[name_at + 1 :]:
            if not line:
                blanks += 1
                if roles or blanks > 2:
                    break
                continue
            if CONTACT_RE.search(line) or DATE_LINE_RE.match(line) or len(roles) == 2:
                break
            if is_name(line) and not ROLE_WORDS_RE.search(line):
                break  # a second signatory
            roles.append(line.strip("()"))
    if org and org not in roles and not any(org in role for role in roles):
        roles.append(org)
    role = ", ".join(roles)
    for line in lines[closing_index + 1 : closing_index + 40]:
        if not email and "@" in line:
            email = split_address(line)[1]
    return Signature(closing, sender, role, email)


# --- forms exported from a council information system ----------------------------------------------

# A label of a form field on a line of its own ("Gremium:", "Vorlage Nr.:", "TOP:", "Datum").
FORM_LABEL_RE = re.compile(
    r"^(?:Gremium|Termin|Vorlage\s*Nr\.?|Vorlagen-?Nr\.?|TOP|Verantwortlich|Datum|Nummer|Status|Absender|Adressat"
    r"|Sitzungstermin|Sitzung|Beratungsfolge|Federführung|Dezernat|Amt|Aktenzeichen|Az\.?|eingegangen|vom"
    r"|Öffentlichkeitsstatus|Drucksache(?:n-Nr\.?)?|Anfrage\s+Nr\.?|Kurztitel|Betreff|Initiator|Art|Drucksache-Art"
    r"|Stellungnahme\s+der\s+Verwaltung|Ergebnis|Anlagen?|Gremium\s+Termin\s+TOP(?:\s+ö)?(?:\s+nö)?)\s*:?$",
    re.IGNORECASE,
)
# Values of such fields: dates, numbers and codes, "öffentlich", "Dez. 5", a meeting.
FORM_VALUE_RE = re.compile(
    rf"^(?:{DATE_TEXT}|\d[\w/.\- ]{{0,15}}|[A-Z]{{1,4}}\s?\d[\w/.\-]{{0,15}}|(?:nicht\s?)?öffentlich|nichtöffentlich"
    r"|Dez(?:\.|ernat)\s*\d+(?:\s*[/,]\s*(?:Dez(?:\.|ernat)\s*\d+|[A-ZÄÖÜ]{2,6}))*|\d{1,3}\.\s+[\w-]*[Ss]itzung.*|(?:Ö|N)\s?\d.*|offen|erledigt"
    r"|X|[xX]\s+[xX]?"  # ticked boxes of a form table ("ö nö": "X")
    # the responsible department: "Bauordnungsamt", "Ordnungs- und Bürgeramt", "Stadtamt Durlach"
    r"|(?:[\wäöüß-]+\s+und\s+)?[\wÄÖÜäöüß-]*(?:amt|ämter|behörde|referat)(?:\s+[A-ZÄÖÜ][\wäöüß-]+)?(?:\s*,\s*[\wÄÖÜäöüß -]{2,40}(?:amt|behörde))*,?)$",
    re.IGNORECASE,
)


def is_form_field(line: str) -> bool:
    """A label or a value of a form's fields ("Vorlage Nr.:", "22.11.2011", "öffentlich", "Dez. 4")."""
    return bool(FORM_LABEL_RE.match(line) or FORM_VALUE_RE.match(line))


def next_paragraph(lines: list[str], start: int, end: int, limit: int = 4) -> list[int]:
    """The indices of the next paragraph's lines from `start` (at most `limit` of them)."""
    i = start
    while i < end and not lines[i]:
        i += 1
    found = []
    while i < end and lines[i] and len(found) < limit:
        found.append(i)
        i += 1
    return found


# "Vorlagentyp: OM Ortsbeirat 10": the kind of paper by its code, and who submits it; "ST" is the
# administration's statement (Stellungnahme), that is, a reply
DOCUMENT_TYPE_RE = re.compile(r"^Vorlagentyp\s*:\s*(?P<code>[A-Z]{1,4})(?:\s+(?P<body>[^:]{2,60}))?$")
REPLY_DOCUMENT_CODES = frozenset({"ST"})


# The heading of a page that lists a faction's inquiries ("Rats- und Informationsanfragen",
# "Anfragen der Fraktion"), above the one the text is about: neither its subject nor its sender
LIST_PAGE_HEADING_RE = re.compile(
    r"^(?:(?:Rats|Informations|Kleine|Große|Schriftliche|Mündliche)-?\s+(?:und\s+)?)*[\w-]*[Aa]nfragen"
    r"(?:\s+der\s+Fraktion)?$"  # "Anfragen der CDU-Fraktion …" names who asks
    # a member's or a group's page of papers: "Anträge und Anfragen der Abgeordneten der Gruppe"
    r"|^Anträge\s+und\s+Anfragen(?:\s+(?:der|des|seit)\b.{0,80})?$"
)
