"""Turn the text of a council inquiry (or of its reply) into a ParsedLetter.

The parser reads a letter the way a clerk does:

1. Header (everything before the salutation "Sehr geehrte …"): addressee, date, subject line
   ("Große Anfrage zum Thema „…“", "Betreff: …"), e-mail headers (Von/An/Betreff/Datum).
2. Body, from the salutation to the closing formula ("Mit freundlichen Grüßen"), read line by
   line into paragraphs, list items ("1.", "a)", "Frage 2:", "IV.", "1.1", bullets), answers
   ("Antwort:", "Zu 1.:") and the justification ("Begründung:").
3. The question list is the list with the most question marks; its deeper levels become
   sub-questions. Without any numbered list, paragraphs that end in "?" are the questions,
   numbered "1", "2", … in order. Everything else in the body between salutation and closing
   — intro, the request "wir bitten um Beantwortung …", text after the questions — is the
   preamble. The salutation itself is not part of it (it is in ParsedLetter.salutation).
4. Signature (after the closing): sender name and role.

It never raises anything but LetterError (for empty, oversized or non-letter text).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .base import MAX_TEXT_CHARS, LetterError, ParsedLetter, ParsedQuestion, _
from .markers import ListState, Marker, parse_marker
from .text import (
    DATE_TEXT,
    continues,
    is_strong_continuation,
    is_terminal,
    iso_date,
    Joiner,
    join_lines,
    join_pair,
    prepare_lines,
    squash,
)

# More non-blank lines than this are not a letter (and would take seconds to read).
MAX_LINES = 30_000
# Lines longer than this are body text, never a header, salutation, closing or signature.
_SHORT = 300
# Without a salutation, only this many lines at the top are searched for header fields.
_HEADER_LINES = 40

_SALUTATION_RE = re.compile(
    r"^(?:Sehr\s+geehrte[rs]?|Sehr\s+verehrte[rs]?|Liebe[rs]?|Hallo|Guten\s+(?:Tag|Morgen|Abend)"
    r"|Moin|Werte[rs]?|Geehrte[rs]?)\b(?!\s+Gr)",
    re.IGNORECASE,
)
_CLOSING_RE = re.compile(
    r"^(?P<closing>(?:Mit\s+)?(?:freundliche[nm]?|besten?|herzliche[nm]?|kollegiale[nm]?|solidarische[nm]?"
    r"|viele[nm]?|liebe[nm]?|schöne[nm]?|beste[nm]?)\s+Gr(?:ü|ue)(?:ß|ss)(?:en|e)?"
    r"|MfG|Hochachtungsvoll|Gruß|Grüße|Viele\s+Grüße)\b[\s,.!]*(?P<rest>.*)$",
    re.IGNORECASE,
)
_JUSTIFICATION_RE = re.compile(
    r"^(?:zur\s+)?(?:begründung|erläuterungen?|begründung\s+der\s+anfrage)\s*(?::\s*(?P<rest>.*)|\.?\s*$)",
    re.IGNORECASE,
)
_ANSWER_RE = re.compile(
    r"^(?:(?:antwort|stellungnahme|beantwortung)(?:\s+der\s+verwaltung)?"
    r"(?:\s+(?:zu|auf)\s+(?:der\s+)?(?:frage\s+)?(?:nr\.\s*)?(?P<ref1>\d{1,3}(?:\.\d{1,3})*(?:\s?[a-z]{1,2}\b)?)\.?\)?)?"
    r"\s*(?::|\.(?=\s|$)|$)"
    r"|zu\s+(?:der\s+)?(?:frage\s+)?(?:nr\.\s*)?(?P<ref2>\d{1,3}(?:\.\d{1,3})*(?:\.?\s?[a-z]{1,2}\b)?|[a-z]{1,2}(?=\)))"
    r"\s*\.?\)?\s*(?::|\.?\)|(?=\s+[A-ZÄÖÜ])|$))",
    re.IGNORECASE,
)
_EMAIL_HEADER_RE = re.compile(
    r"^(?P<key>Von|From|Gesendet|Sent|Datum|Date|An|To|Cc|Bcc|Kopie|Betreff|Subject|Priorität|Importance"
    r"|Anlagen?|Attachments?)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_SUBJECT_RE = re.compile(r"^(?:Betreff|Betr\.|Betr|Subject|Gegenstand|Thema)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_REPLY_PREFIX_RE = re.compile(r"^(?:(?:AW|WG|Re|Fwd?|FW|Antw)\s*:\s*)+", re.IGNORECASE)
_KIND_RE = re.compile(
    r"(?:(?P<gross>\bgro(?:ß|ss)e[n]?\s+)|(?P<klein>\bkleine[n]?\s+))?\bAnfrage\b"
    r"(?P<sitzung>\s+(?:zur|für\s+die|in\s+der)\s+(?:[\w-]+\s+)?[\w-]*sitzung\b)?",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
_DATE_LINE_RE = re.compile(
    rf"^(?:[A-ZÄÖÜ][\w .\-/()]{{0,40}},\s*)?(?:den\s+)?{_WEEKDAY}(?P<date>{DATE_TEXT})\s*$",
)
_DATE_FIELD_RE = re.compile(
    rf"\b(?:Datum|Date|Gesendet|Sent|Stand)\s*:\s*{_WEEKDAY}(?P<date>{DATE_TEXT})",
    re.IGNORECASE,
)
_ADDRESSEE_RE = re.compile(
    r"^(?:An\s+(?:den|die|das)\s+|An\s+(?=Herrn?\b|Frau\b)|An:\s*)?(?P<who>(?:Herrn?|Frau)\b.*|.*)$"
)
_ADDRESSEE_START_RE = re.compile(r"^(?:An\s+(?:den|die|das|Herrn?|Frau)\b|Herrn\b|Frau\b|Herr\b)", re.IGNORECASE)
_PERSON_LINE_RE = re.compile(r"^(?:Herrn?|Frau|Dr\.|Prof\.)\s")
_NAME_TOKEN_RE = re.compile(r"^(?:[A-ZÄÖÜ][\w'’.-]*|von|van|de|der|zu|vom|den|ter|y)$")
_CONTACT_RE = re.compile(
    r"@|https?://|www\.|^(?:Tel|Telefon|Fax|Mobil|Handy|E-?Mail|Mail|Internet|Web)\b|^\+?\d[\d /()-]{5,}$"
    r"|\b\d{5}\s+[A-ZÄÖÜ]|straße\s+\d|str\.\s*\d|weg\s+\d|platz\s+\d",
    re.IGNORECASE,
)
_ROLE_WORDS_RE = re.compile(
    r"vorsitz|sprecher|mitglied|fraktion|ratsherr|ratsfrau|ratsmitglied|bürgermeister|beigeordnet|ausschuss"
    r"|stellv|leiter|sachkundig|gruppe|partei|stadtverordnet|kreistag|dezernent|geschäftsführ|referent"
    r"|amt\b|fachbereich|integrationsrat|beirat|vertret|\bim\s+rat\b",
    re.IGNORECASE,
)
_SIGNATURE_SKIP_RE = re.compile(
    r"^(?:gez\.?|i\.\s?V\.?|i\.\s?A\.?|In\s+Vertretung|Im\s+Auftrag|Unterschrift|--|_+)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_FOR_ORG_RE = re.compile(r"^(?:Für\s+(?:die|den|das)|Im\s+Namen\s+(?:der|des))\s+(?P<org>.+)$", re.IGNORECASE)
_INTRO_RE = re.compile(r"frag|bitte|gebeten|auskunft|beantwort|stellen\s+sie\s+dar|darzustellen", re.IGNORECASE)
_QUOTES = {"„": "“”\"", "“": "”\"", '"': '"“”', "»": "«", "«": "»", "‚": "‘’", "‘": "’", "'": "'", "›": "‹"}

_NUMBER_WORDS = r"(?:\d{1,3}|eine[rsm]?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|vierzehn|zwanzig|dreißig)"
_DEADLINE_RES = [
    re.compile(
        r"\b(?:bis\s+(?:zur|zu\s+der|vor\s+der)|in\s+der|zur|vor\s+der)\s+"
        r"(?:nächsten|kommenden|folgenden|anstehenden|nächstmöglichen)\s+(?:[\w-]+\s+)?[\w-]*[Ss]itzung"
        r"(?:\s+(?:des|der|im)\s+[A-ZÄÖÜ][\w-]*(?:\s+(?:für|und)\s+[A-ZÄÖÜ][\w-]*){0,3})?"
        rf"(?:\s+am\s+{DATE_TEXT})?"
    ),
    re.compile(
        r"\b(?:bis\s+(?:zur|zu\s+der)|zur|in\s+der)\s+[\w-]*[Ss]itzung\s+(?:des|der|im)\s+[A-ZÄÖÜ][\w-]*"
        rf"(?:\s+(?:für|und)\s+[A-ZÄÖÜ][\w-]*){{0,3}}\s+am\s+{DATE_TEXT}"
    ),
    re.compile(
        rf"\b(?:innerhalb|binnen)\s+(?:von\s+|der\s+(?:nächsten\s+)?)?{_NUMBER_WORDS}\s+"
        r"(?:Wochen?|Tag(?:e|en)?|Werktag(?:e|en)?|Arbeitstag(?:e|en)?|Kalendertag(?:e|en)?|Monat(?:e|en|s)?)\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:bis\s+(?:spätestens\s+)?(?:zum\s+|am\s+)?|spätestens\s+(?:zum\s+|am\s+|bis\s+)?){DATE_TEXT}"),
    re.compile(
        r"\bbis\s+(?:spätestens\s+)?(?:Ende|Mitte|Anfang)\s+(?:des\s+)?"
        r"(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Monats|Jahres)"
        r"(?:\s+\d{4})?"
    ),
]
_DEADLINE_CONTEXT_RE = re.compile(r"beantwort|antwort|stellungnahme|bitten|bitte|erbitten|frist", re.IGNORECASE)


def parse_letter(text: str) -> ParsedLetter:
    """Read a letter's text into a ParsedLetter. See the module docstring for the rules.

    Raises LetterError for empty or whitespace-only text, for text that is mostly not
    letters (binary garbage), and for text longer than MAX_TEXT_CHARS. A letter without any
    question still parses (with no questions).
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_letter() needs str, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise LetterError(_("The text of the letter is too long."))
    _check_plausible(text)
    lines = prepare_lines(text)
    if sum(1 for line in lines if line) > MAX_LINES:
        raise LetterError(_("The text of the letter is too long."))
    try:
        return _Parser(lines).parse()
    except LetterError:
        raise
    except RecursionError as exc:  # pragma: no cover - the parser does not recurse
        raise LetterError(_("The letter could not be read.")) from exc


_NON_LETTERS_RE = re.compile(r"[\W\d_]+")


def _check_plausible(text: str) -> None:
    sample = text[:200_000]
    non_space = len("".join(sample.split()))
    if non_space == 0:
        raise LetterError(_("The letter is empty."))
    letters = len(_NON_LETTERS_RE.sub("", sample))
    if letters < 2 or letters * 10 < non_space * 4:  # under 40 % letters: not prose
        raise LetterError(_("The text does not look like a letter."))


# --- body blocks ----------------------------------------------------------------------------


@dataclass(eq=False)
class _Block:
    kind: str  # para, item, answer, justification
    start: int  # index of the first line
    lines: list[str] = field(default_factory=list)
    indices: list[int] = field(default_factory=list)
    marker: Marker | None = None
    level: int = 0
    style: str = ""  # items: the list style as read in context ("roman" for a lone "i.")
    list_id: int = -1
    ref: str | None = None  # answers: the question referred to ("3", "1a"), None = the one before
    previous_item: _Block | None = None  # answers and paragraphs: the item they follow
    attached: list[tuple[str, _Block]] = field(default_factory=list)  # (separator, paragraph)
    answers: list[_Block] = field(default_factory=list)
    is_attached: bool = False
    position: int = 0  # index in the list of blocks
    tail: str = ""  # the last line of the item including attached paragraphs
    has_question: bool = False  # "?" in the item's text including attached paragraphs

    def add(self, index: int, line: str) -> None:
        self.indices.append(index)
        self.lines.append(line)
        if line:
            self.tail = line
            if "?" in line:
                self.has_question = True

    def attach(self, separator: str, paragraph: _Block) -> None:
        self.attached.append((separator, paragraph))
        paragraph.is_attached = True
        if paragraph.tail:
            self.tail = paragraph.tail
        self.has_question = self.has_question or paragraph.has_question

    @property
    def is_empty(self) -> bool:
        return not self.tail and not self.attached

    @property
    def last_line(self) -> str:
        for line in reversed(self.lines):
            if line:
                return line
        return self.marker.text if self.marker else ""

    def own_text(self) -> str:
        if not self.lines:
            return squash(self.marker.text) if self.marker else ""
        first = [self.marker.text] if self.marker else []
        return join_lines(first + self.lines)

    def full_text(self) -> str:
        joiner = Joiner()
        joiner.add(self.own_text())
        for separator, block in self.attached:
            joiner.add(block.own_text(), separator if joiner.parts else "")
        return joiner.text().strip()


class _Parser:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.result = ParsedLetter()
        self.skip: set[int] = set()  # lines that belong to no text field (date lines, headers)
        self._question_of: dict[int, ParsedQuestion] = {}  # id(item block) -> question
        self._parent_of: dict[int, ParsedQuestion] = {}  # id(sub-question) -> question
        self._unnumbered_at: list[tuple[int, ParsedQuestion]] = []  # (last line, question)
        self._email_header_end = 0
        self._by_number: dict[str, ParsedQuestion] = {}  # "1", "1 a", "1.2" -> question
        self._numbers: set[str] = set()  # top-level numbers in use
        self._markers = _MarkerCache()

    # -- driver --------------------------------------------------------------------------------

    def parse(self) -> ParsedLetter:
        lines = self.lines
        header_end = self._find_salutation()
        email = self._email_headers(header_end)
        subject_index, subject = self._find_subject(header_end, email)
        body_start = header_end
        if self.result.salutation:
            body_start = header_end + 1
        elif subject_index is not None:
            body_start = subject_index + 1
            header_end = body_start
        else:
            header_end = body_start = self._email_header_end
        closing_index = self._find_closing(body_start)
        body_end = closing_index if closing_index is not None else len(lines)
        self._mark_date_lines(body_start, body_end)

        blocks = self._scan(body_start, body_end)
        chosen = self._choose_questions(blocks)
        justification = [block for block in blocks if block.kind == "justification"]

        used = set(self.skip)
        for block in chosen:
            used.update(self._indices_of(block))
        for block in justification:
            used.update(block.indices)
            used.add(block.start)
        self.result.preamble = _format(
            [(i, lines[i]) for i in range(body_start, body_end) if i not in used], self._markers
        )
        self.result.justification = "\n\n".join(
            filter(
                None,
                (_format(list(zip(block.indices, block.lines, strict=True)), self._markers) for block in justification),
            )
        )
        self._header(header_end, subject, email)
        if closing_index is not None:
            self._signature(closing_index)
        if not self.result.sender and email.get("from"):
            self.result.sender = email["from"]
        if not self.result.date:
            self.result.date = self._date(header_end, closing_index)
        self.result.kind = self._kind(subject, header_end)
        self.result.deadline_text = self._deadline()
        return self.result

    # -- header --------------------------------------------------------------------------------

    def _find_salutation(self) -> int:
        """Index of the salutation line, or len(lines). Splits "Sehr geehrte …, wir bitten …"."""
        lines = self.lines
        for i, line in enumerate(lines):
            if not line or len(line) > _SHORT * 3:
                continue
            if _CLOSING_RE.match(line) and i > 0:
                break
            if _SALUTATION_RE.match(line):
                # "Sehr geehrter Herr Becker, sehr geehrte Damen und Herren, wir bitten …":
                # the salutation ends at the first comma not followed by another salutation.
                comma = line.find(",")
                while 0 < comma < 200 and _SALUTATION_RE.match(line[comma + 1 :].strip()):
                    comma = line.find(",", comma + 1)
                if 0 < comma < min(len(line) - 1, 200) and line[comma + 1 :].strip():
                    lines.insert(i + 1, line[comma + 1 :].strip())
                    line = lines[i] = line[: comma + 1]
                if len(line) <= 200:
                    self.result.salutation = line
                    return i
        return len(lines)

    def _email_headers(self, header_end: int) -> dict[str, str]:
        headers: dict[str, str] = {}
        self._email_header_end = 0
        for i in range(min(header_end, len(self.lines), _HEADER_LINES)):
            line = self.lines[i]
            if not line or len(line) > _SHORT:
                continue
            match = _EMAIL_HEADER_RE.match(line)
            if not match:
                continue
            key = match["key"].lower()
            value = match["value"].strip()
            canonical = {
                "from": "from",
                "von": "from",
                "an": "to",
                "to": "to",
                "betreff": "subject",
                "subject": "subject",
                "datum": "date",
                "date": "date",
                "gesendet": "date",
                "sent": "date",
            }.get(key)
            if canonical and canonical not in headers:
                headers[canonical] = value
            self.skip.add(i)
            self._email_header_end = i + 1
        if "from" in headers:
            name, email = _split_address(headers["from"])
            headers["from"] = name
            self.result.sender_email = email
        return headers

    def _find_subject(self, header_end: int, email: dict[str, str]) -> tuple[int | None, str]:
        """The subject line: "Betreff: …" or the line naming the kind ("Große Anfrage zu …")."""
        lines = self.lines
        limit = min(header_end, len(lines))
        if not self.result.salutation:
            limit = min(limit, _HEADER_LINES)
        kind_line = None
        for i in range(limit):
            line = lines[i]
            if not line or len(line) > _SHORT:
                continue
            match = _SUBJECT_RE.match(line)
            if match:
                return i, self._subject_paragraph(i, match["value"])
            if (
                kind_line is None
                and len(line) <= 200
                and _KIND_RE.search(line)
                and not _EMAIL_HEADER_RE.match(line)
                and not line.endswith("?")
                and parse_marker(line) is None
            ):
                kind_line = i
        if kind_line is not None:
            return kind_line, self._subject_paragraph(kind_line, lines[kind_line])
        if email.get("subject"):
            return None, email["subject"]
        return None, ""

    def _subject_paragraph(self, index: int, first: str) -> str:
        """A subject wrapped over several lines (PDF) continues until a blank line."""
        parts = [first]
        self.skip.add(index)
        i = index + 1
        while i < len(self.lines) and self.lines[i] and len(parts) < 4:
            line = self.lines[i]
            if _SALUTATION_RE.match(line) or _DATE_LINE_RE.match(line) or _EMAIL_HEADER_RE.match(line):
                break
            parts.append(line)
            self.skip.add(i)
            i += 1
        return join_lines(parts)

    def _header(self, header_end: int, subject: str, email: dict[str, str]) -> None:
        self.result.title = _title(subject)
        lines = self.lines
        for i in range(min(header_end, len(lines))):
            line = lines[i]
            if line and len(line) <= _SHORT and _ADDRESSEE_START_RE.match(line):
                who = _ADDRESSEE_RE.match(line)["who"].strip()
                parts = [who]
                for j in range(i + 1, min(i + 3, len(lines))):
                    following = lines[j]
                    if following and following[0].islower() and len(following) <= 100:
                        parts[-1] = f"{parts[-1]} {following}"  # "An den Bürgermeister / der Stadt …"
                    elif following and (_PERSON_LINE_RE.match(following) or _is_name(following)):
                        parts.append(following)
                    else:
                        break
                self.result.addressee = ", ".join(parts)
                return
        if email.get("to"):
            name, address = _split_address(email["to"])
            self.result.addressee = name or address

    def _date(self, header_end: int, closing_index: int | None) -> str:
        lines = self.lines
        header = min(header_end, len(lines)) if self.result.salutation else min(header_end, _HEADER_LINES)
        regions = [(range(header), True)]
        if closing_index is not None:
            regions.append((range(closing_index, min(closing_index + 40, len(lines))), True))
        regions.append((range(len(lines)), False))  # a date line anywhere ("Bornheim, 12.03.2027")
        for region, fields in regions:
            for i in region:
                line = lines[i]
                if not line or len(line) > _SHORT:
                    continue
                match = _DATE_LINE_RE.match(line) or (fields and _DATE_FIELD_RE.search(line))
                if match:
                    found = iso_date(match["date"])
                    if found:
                        return found
        return ""

    def _mark_date_lines(self, start: int, end: int) -> None:
        """Date lines ("Bornheim, 12.03.2027") in the body belong to no text field."""
        for i in range(start, end):
            line = self.lines[i]
            if line and len(line) <= 80 and _DATE_LINE_RE.match(line) and iso_date(line):
                self.skip.add(i)

    def _kind(self, subject: str, header_end: int) -> str:
        texts = [subject]
        header = min(header_end, len(self.lines)) if self.result.salutation else min(header_end, _HEADER_LINES)
        texts.extend(line for line in self.lines[:header] if len(line) <= _SHORT)
        texts.append(self.result.preamble[:3000])
        for text in texts:
            match = _KIND_RE.search(text)
            if match:
                if match["gross"]:
                    return "grosse_anfrage"
                if match["klein"]:
                    return "kleine_anfrage"
                if match["sitzung"]:
                    return "anfrage_zur_sitzung"
                return "anfrage"
        return "anfrage"

    def _deadline(self) -> str:
        # Deadline requests are short sentences at the start or the end; bound the search.
        texts = [self.result.preamble[:20_000], self.result.justification[-5_000:]]
        best = None
        for text in texts:
            for sentence in _sentences(text):
                if len(sentence) > 1000 or not _DEADLINE_CONTEXT_RE.search(sentence):
                    continue
                for regex in _DEADLINE_RES:
                    match = regex.search(sentence)
                    if match and (best is None or match.start() < best[0]):
                        best = (match.start(), match.group())
                if best:
                    return squash(best[1])
        for sentence in _sentences(self.result.preamble[:20_000]):
            if len(sentence) > 1000:
                continue
            for regex in _DEADLINE_RES[:3]:
                match = regex.search(sentence)
                if match:
                    return squash(match.group())
        return ""

    # -- closing and signature -----------------------------------------------------------------

    def _find_closing(self, body_start: int) -> int | None:
        """The closing formula that ends the letter: the first after the questions, if any."""
        candidates = [
            i
            for i in range(body_start, len(self.lines))
            if self.lines[i] and len(self.lines[i]) <= 120 and _CLOSING_RE.match(self.lines[i])
        ]
        if not candidates:
            return None
        first_question = next((j for j in range(body_start, len(self.lines)) if "?" in self.lines[j]), None)
        for i in candidates:
            if first_question is not None and first_question < i:
                return i
        return candidates[0]

    def _signature(self, closing_index: int) -> None:
        lines = self.lines
        match = _CLOSING_RE.match(lines[closing_index])
        self.result.closing = match["closing"].strip()
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
            skip = _SIGNATURE_SKIP_RE.match(line)
            if skip:
                line = skip["rest"].strip()
                if not line:
                    continue
            candidates.append(line)
        for position, line in enumerate(candidates):
            if not line:
                continue
            if _CONTACT_RE.search(line) or _DATE_LINE_RE.match(line):
                if "@" in line and not self.result.sender_email:
                    self.result.sender_email = _split_address(line)[1]
                continue
            for_org = _FOR_ORG_RE.match(line)
            if for_org:
                org = for_org["org"].strip()
                continue
            if _is_name(line) and not _ROLE_WORDS_RE.search(line):
                self.result.sender = line
                name_at = position
                break
            if not org and _ROLE_WORDS_RE.search(line):
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
                if _CONTACT_RE.search(line) or _DATE_LINE_RE.match(line) or len(roles) == 2:
                    break
                if _is_name(line) and not _ROLE_WORDS_RE.search(line):
                    break  # a second signatory
                roles.append(line.strip("()"))
        if org and org not in roles and not any(org in role for role in roles):
            roles.append(org)
        self.result.sender_role = ", ".join(roles)
        for i in range(closing_index + 1, len(lines)):
            line = lines[i]
            if line and "@" in line and not self.result.sender_email:
                self.result.sender_email = _split_address(line)[1]

    # -- body ------------------------------------------------------------------------------------

    def _scan(self, start: int, end: int) -> list[_Block]:
        """Read the body into blocks. See _Block for the kinds."""
        lines = self.lines
        blocks: list[_Block] = []
        state = ListState()  # the list being read (questions, usually)
        inner = ListState()  # a list inside an answer
        list_id = 0
        current: _Block | None = None
        last_item: _Block | None = None
        pending: list[_Block] = []  # paragraphs after the last item that are not part of it
        mode = "text"
        previous = ""  # the last non-blank line
        blank = True  # was there a blank line since `previous`?
        seen_items = False
        self._free: set[int] = set()

        def close() -> None:
            nonlocal current
            if current is not None and current.kind == "para" and last_item is not None and not pending:
                if self._attach(current, last_item):
                    last_item.attach(" ", current)
                else:
                    pending.append(current)
            elif current is not None and current.kind == "para" and last_item is not None:
                pending.append(current)
            current = None

        for i in range(start, end):
            line = lines[i]
            if i in self.skip:
                continue
            if not line:
                if current is not None and current.kind in ("para", "item"):
                    close()
                elif current is not None:
                    current.add(i, "")
                blank = True
                continue
            same_paragraph = not blank
            justification = _JUSTIFICATION_RE.match(line) if len(line) <= _SHORT else None
            if justification and mode != "justification":
                close()
                current = _Block("justification", i)
                current.position = len(blocks)
                blocks.append(current)
                mode = "justification"
                if justification["rest"]:
                    current.add(i, justification["rest"].strip())
                previous, blank = line, False
                continue
            if mode == "justification":
                if not seen_items and line.endswith(":") and _INTRO_RE.search(line) and blank:
                    mode = "text"  # justification first, then "Wir fragen daher:" and the list
                    current = None
                else:
                    current.add(i, line)
                    previous, blank = line, False
                    continue
            answer = _ANSWER_RE.match(line) if len(line) <= _SHORT * 3 else None
            if answer and (
                answer["ref1"] or answer["ref2"] or last_item is not None or _ends_with_question(previous)
            ):
                close()
                ref = answer["ref1"] or answer["ref2"]
                current = _Block("answer", i, ref=_normalise_ref(ref) if ref else None)
                current.previous_item = last_item
                current.position = len(blocks)
                blocks.append(current)
                rest = line[answer.end() :].strip()
                if rest:
                    current.add(i, rest)
                else:
                    current.indices.append(i)
                    current.lines.append("")
                mode = "answer"
                inner.reset()
                previous, blank = line, False
                continue

            marker = self._markers[line]
            placed = None
            if marker is not None:
                strong = previous and is_strong_continuation(previous, same_paragraph=same_paragraph)
                weak = same_paragraph and previous and not is_terminal(previous)
                if mode == "answer":
                    inner_place = inner.place(marker)
                    outer_place = state.place(marker)
                    if strong or weak and inner_place[0] not in ("next", "start", "sub"):
                        placed = None
                    elif inner.active and inner_place[0] == "next":
                        inner.accept(*inner_place, marker)
                    elif outer_place[0] == "next" and state.active:
                        placed = outer_place
                    elif inner_place[0] in ("start", "next", "sub"):
                        inner.accept(*inner_place, marker)
                else:
                    placed = state.place(marker)
                    kind = placed[0]
                    if strong or (weak and kind not in ("next", "sub", "start")):
                        placed = None
                    elif kind == "subn" or (kind == "startn" and marker.style != "dec"):
                        placed = None
                    elif kind == "jump" and not _plausible_jump(marker, state, placed):
                        placed = None
            if placed is not None:
                close()
                kind, level, style, value = placed
                new_list = kind in ("start", "startn") or (kind == "restart" and level == 0)
                if pending and kind != "next":
                    new_list = True
                if new_list:
                    state.reset()
                    kind, level, style, value = state.place(marker)
                    list_id += 1
                elif pending and last_item is not None:
                    for paragraph in pending:  # between two items of one list: part of the first
                        last_item.attach("\n\n", paragraph)
                pending = []
                state.accept(kind, level, style, value, marker)
                current = _Block("item", i, marker=marker, level=level, list_id=list_id, style=style)
                current.indices.append(i)
                current.tail = marker.text
                current.has_question = "?" in marker.text
                current.position = len(blocks)
                blocks.append(current)
                last_item = current
                seen_items = True
                mode = "text"
                previous, blank = line, False
                continue

            if mode == "answer" and blank and not state.active and self._question_paragraph(i, end):
                mode = "text"  # unnumbered questions: the next question ends the answer
                current = None
            if mode == "answer":
                current.add(i, line)
            elif current is not None and current.kind in ("para", "item") and same_paragraph:
                current.add(i, line)
            else:
                close()
                current = _Block("para", i)
                current.previous_item = last_item
                current.add(i, line)
                current.position = len(blocks)
                blocks.append(current)
            previous, blank = line, False
        close()
        # A paragraph that only ends the last item's sentence or question belongs to it.
        return blocks

    def _question_paragraph(self, start: int, end: int) -> bool:
        """Does the paragraph starting at this line end with a question mark?"""
        i = start
        while i + 1 < end and self.lines[i + 1]:
            i += 1
        return _ends_with_question(self.lines[i])

    def _attach(self, paragraph: _Block, item: _Block) -> bool:
        """Is a paragraph after an item (past a blank line) still part of that item?"""
        first = paragraph.lines[0] if paragraph.lines else ""
        if item.is_empty:
            return True  # "Frage 1:" on its own line, the question below
        if continues(item.tail, first):
            return True
        # PDF text boxes split a question; a part that ends in "?" continues a question.
        return _ends_with_question(paragraph.tail) and item.has_question and not first.endswith(":")

    def _indices_of(self, block: _Block) -> set[int]:
        indices = set(block.indices)
        indices.add(block.start)
        for _separator, paragraph in block.attached:
            indices.update(self._indices_of(paragraph))
        for answer in block.answers:
            indices.update(answer.indices)
            indices.add(answer.start)
        return indices

    # -- questions -------------------------------------------------------------------------------

    def _choose_questions(self, blocks: list[_Block]) -> list[_Block]:
        """Pick the question list, build the questions, attach answers; return the used blocks."""
        lists: dict[int, list[_Block]] = {}
        for block in blocks:
            if block.kind == "item":
                lists.setdefault(block.list_id, []).append(block)
        best_id = None
        best_score = (-1.0, 0, 0)
        for list_id, items in lists.items():
            questions = sum(1 for item in items if item.has_question)
            intro = 0.5 if self._has_intro(blocks, items[0]) else 0.0
            score = (questions + intro if questions else intro / 10, len(items), -list_id)
            if score > best_score:
                best_id, best_score = list_id, score
        answers = [block for block in blocks if block.kind == "answer"]
        unnumbered = []
        if best_id is None or best_score[0] == 0:
            unnumbered = self._unnumbered_questions(blocks)
        if unnumbered:
            used = self._build_unnumbered(unnumbered)
            items: list[_Block] = []
        else:
            items = lists.get(best_id, []) if best_id is not None else []
            used = self._build_questions(items)
        used.extend(self._attach_answers(answers, items, used))
        return used

    def _has_intro(self, blocks: list[_Block], first_item: _Block) -> bool:
        index = first_item.position
        if index > 0 and blocks[index - 1].kind == "para":
            text = blocks[index - 1].tail
            return text.endswith(":") and bool(_INTRO_RE.search(text))
        return False

    def _build_questions(self, items: list[_Block]) -> list[_Block]:
        questions: list[ParsedQuestion] = []
        current: ParsedQuestion | None = None
        sub: ParsedQuestion | None = None
        unnumbered = 0
        taken = self._numbers
        sub_taken: set[str] = set()
        for item in items:
            marker = item.marker
            text = item.full_text()
            level = item.level
            if level == 0 or current is None:
                number = marker.number
                if item.style == "bullet":
                    unnumbered += 1
                    number = str(unnumbered)
                current = ParsedQuestion(_unique(number, taken), text, [])
                sub_taken = set()
                questions.append(current)
                sub = None
                self._question_of[id(item)] = current
            elif level == 1 and item.style != "bullet":
                sub = ParsedQuestion(_unique(marker.number, sub_taken), text, [])
                current.sub_questions.append(sub)
                self._question_of[id(item)] = sub
                self._parent_of[id(sub)] = current
            else:
                # Deeper levels and bullet lists under a question are enumerations inside it.
                target = sub if (sub is not None and level >= 2) else current
                target.text = f"{target.text}\n{marker.raw} {text}".strip()
                self._question_of[id(item)] = target
        self.result.questions = questions
        return list(items)

    def _unnumbered_questions(self, blocks: list[_Block]) -> list[tuple[_Block, list[str], list[int]]]:
        """Paragraph pieces that end in "?", outside lists and the justification."""
        units: list[tuple[_Block, list[str], list[int]]] = []
        for block in blocks:
            if block.kind != "para" or block.is_attached:
                continue
            lines: list[str] = []
            indices: list[int] = []
            for index, line in zip(block.indices, block.lines, strict=True):
                lines.append(line)
                indices.append(index)
                if line.rstrip("\"'“”»«)*_ ").endswith("?"):
                    units.append((block, lines, indices))
                    lines, indices = [], []
            if lines:
                units.append((block, lines, indices))
        is_question = [u[1][-1].rstrip("\"'“”»«)*_ ").endswith("?") for u in units]
        if not any(is_question):
            return []
        last_question = max(i for i, q in enumerate(is_question) if q)
        start = None
        for i, unit in enumerate(units[: last_question + 1]):
            text = unit[1][-1]
            if text.endswith(":") and _INTRO_RE.search(text) and any(is_question[i + 1 :]):
                start = None  # questions begin after the (last) intro line
                continue
            if start is None and is_question[i]:
                start = i
        if start is None:
            return []
        return units[start : last_question + 1]

    def _build_unnumbered(self, units) -> list[_Block]:
        questions: list[ParsedQuestion] = []
        used_indices: set[int] = set()
        for _block, lines, indices in units:
            text = join_lines(lines)
            if _ends_with_question(text) or not questions:
                questions.append(ParsedQuestion(_unique(str(len(questions) + 1), self._numbers), text, []))
            else:
                questions[-1].text = f"{questions[-1].text}\n\n{text}"
            self._unnumbered_at.append((max(indices), questions[-1]))
            used_indices.update(indices)
        self.result.questions = questions
        carrier = _Block("para", -1)
        carrier.indices = sorted(used_indices)
        return [carrier]

    def _attach_answers(self, answers: list[_Block], items: list[_Block], used: list[_Block]) -> list[_Block]:
        attached = []
        item_ids = {id(item) for item in items}
        unnumbered_lines = [line for line, _question in self._unnumbered_at]
        for answer in answers:
            before = None
            if answer.previous_item is not None and id(answer.previous_item) in item_ids:
                before = self._question_of.get(id(answer.previous_item))
            elif not items and unnumbered_lines:  # unnumbered questions: the last one above
                position = bisect.bisect_left(unnumbered_lines, answer.start)
                if position:
                    before = self._unnumbered_at[position - 1][1]
            if answer.ref is not None:
                target = self._find_question(answer.ref, before)
                if target is None:
                    target = ParsedQuestion(_unique(answer.ref, self._numbers), "", [])
                    self.result.questions.append(target)
                    self._by_number[target.number.lower()] = target
            else:
                target = before
            if target is None:
                continue
            text = _format(list(zip(answer.indices, answer.lines, strict=True)), self._markers)
            target.answer = f"{target.answer}\n\n{text}".strip() if target.answer else text
            attached.append(answer)
        return attached

    def _find_question(self, ref: str, before: ParsedQuestion | None) -> ParsedQuestion | None:
        """The question an answer refers to: "3", "1 a", "1.2", or "a" (a sub-question of the
        question answered last)."""
        if not self._by_number:
            for question in self.result.questions:
                self._by_number.setdefault(question.number.lower(), question)
                for sub_question in question.sub_questions:
                    self._by_number.setdefault(f"{question.number} {sub_question.number}".lower(), sub_question)
                    if "." in sub_question.number:  # "1.2" is unique on its own
                        self._by_number.setdefault(sub_question.number.lower(), sub_question)
        top, _space, _sub = ref.partition(" ")
        if top.isalpha():  # "Zu a)": a sub-question of the current question
            parent = self._parent_of.get(id(before), before) if before is not None else None
            candidates = parent.sub_questions if parent is not None else []
            return next((q for q in candidates if q.number.lower() == top.lower()), None)
        return self._by_number.get(ref.lower())


# --- helpers --------------------------------------------------------------------------------


def _ends_with_question(line: str) -> bool:
    return line.rstrip("\"'“”»«)*_ ").endswith("?")


def _plausible_jump(marker: Marker, state: ListState, placed) -> bool:
    """Accept an unexpected label only when it moves forward a little (a skipped number)."""
    _kind, level, style, value = placed
    if style == "bullet":
        return True
    last = state.values[level] if level < len(state.values) else 0
    return last < value <= last + 3


def _normalise_ref(ref: str) -> str:
    """"1a" / "1 a" / "1.a" → "1 a"; "2" → "2"; "1.2" stays."""
    ref = ref.strip().rstrip(".)")
    match = re.match(r"^(\d{1,3}(?:\.\d{1,3})*)\.?\s*([a-zA-Z]{1,2})?$", ref)
    if match:
        return f"{match[1]} {match[2]}".strip() if match[2] else match[1]
    return ref


def _unique(number: str, taken: set[str]) -> str:
    """Numbers must be unique among siblings (the database says so): a second "2" is "2 (2)".
    Adds the number to `taken`."""
    result = number[:20]
    counter = 1
    while result in taken:
        counter += 1
        result = f"{number[:12]} ({counter})"
    taken.add(result)
    return result


def _split_address(value: str) -> tuple[str, str]:
    """"Max Muster <max@x.de>" → ("Max Muster", "max@x.de")."""
    value = value.strip()
    match = re.search(r"<?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)>?", value)
    if not match:
        return value.strip('"'), ""
    name = (value[: match.start()] + value[match.end() :]).strip(" \"'<>[](),;")
    name = re.sub(r"\s*\[mailto:[^\]]*\]", "", name)
    return name, match[1]


def _is_name(line: str) -> bool:
    """Does a line look like a person's name ("Dilara Görgen", "Dr. Max von Berg")?"""
    tokens = line.split()
    if not 2 <= len(tokens) <= 5 or len(line) > 60:
        return False
    if any(char.isdigit() for char in line) or line.endswith((":", ",", ".")) and not line.endswith("Dr."):
        return False
    capitalised = [token for token in tokens if token[0].isupper()]
    return len(capitalised) >= 2 and all(_NAME_TOKEN_RE.match(token) for token in tokens)


def _sentences(text: str) -> list[str]:
    # Not after "15." in "bis zum 15. April": a number with a dot is an ordinal, not an end.
    return [part for part in _SENTENCE_END_RE.split(text) if part]


_SENTENCE_END_RE = re.compile(r"(?<=[^\d\s][.!?])\s+(?=[A-ZÄÖÜ])|\n\n")


def _title(subject: str) -> str:
    """The topic of a subject line, without the kind and quotes:
    'Große Anfrage zum Thema „Kommunales Integrationsmanagement“' → 'Kommunales Integrationsmanagement'."""
    subject = _REPLY_PREFIX_RE.sub("", squash(subject))[:_SHORT]
    subject = re.sub(r"^(?:Beantwortung|Stellungnahme|Antwort)\s+(?:der\s+Verwaltung\s+)?(?:zu\s+|auf\s+)?(?:der|die|einer|eine)?\s*", "", subject, flags=re.IGNORECASE)
    match = _KIND_RE.search(subject)
    if match:
        before = subject[: match.start()].strip(" :–—-|,")
        after = subject[match.end() :]
        title = _after_kind(after)
        if not title and before:
            title = before
    else:
        title = subject
    title = re.sub(rf"\s+(?:vom|von)\s+{DATE_TEXT}\s*$", "", title.strip())
    return _unquote(title.strip(" .,:;–—-|"))


_CONNECTOR_RE = re.compile(
    r"\s(?:zum\s+Thema|zur\s+Thematik|betreffend|betr\.|bezüglich|bzgl\.|hinsichtlich|wegen|zum|zur|zu|über)\s"
    r"|\s?[:|]\s|\s[–—-]\s"
)


def _after_kind(after: str) -> str:
    """What follows "Kleine Anfrage": separator or connector, then the topic."""
    stripped = after.strip()
    if not stripped:
        return ""
    if stripped[0] in _QUOTES:
        return stripped
    # Ignore connectors inside quotes.
    quote_start = min((after.find(q) for q in _QUOTES if q in after), default=len(after))
    match = _CONNECTOR_RE.search(" " + after[:quote_start] + " ")
    if match:
        return after[max(match.end() - 1, 0) :].strip()
    if re.match(r"^(?:der|des|von|vom|gemäß|gem\.|nach|im|an|am)\b", stripped):
        return ""
    return stripped


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES[text[0]]:
        inner = text[1:-1]
        if not any(q in inner for q in _QUOTES):
            return inner.strip()
    return text


class _MarkerCache(dict):
    """parse_marker() per distinct line, for one parse (the body is read more than once)."""

    def __missing__(self, line: str) -> Marker | None:
        marker = self[line] = parse_marker(line)
        return marker


def _format(numbered_lines: list[tuple[int, str]], markers: _MarkerCache | None = None) -> str:
    """Lines to text: wrapped lines joined, paragraphs separated by a blank line (unless the
    break falls mid-sentence), list items and bullets on lines of their own."""
    if markers is None:
        markers = _MarkerCache()
    paragraphs: list[list[str]] = []
    current: list[str] = []
    last_index = None
    for index, line in numbered_lines:
        gap = last_index is not None and index != last_index + 1
        last_index = index
        if not line or gap:
            if current:
                paragraphs.append(current)
                current = []
            if not line:
                continue
        current.append(line)
    if current:
        paragraphs.append(current)
    texts: list[Joiner] = []
    previous_paragraph = ""
    for paragraph in paragraphs:
        if texts and continues(previous_paragraph, paragraph[0]):
            joiner = texts[-1]  # a paragraph break in the middle of a sentence
        else:
            joiner = Joiner()
            texts.append(joiner)
        previous = ""
        for line in paragraph:
            if joiner.parts and previous and markers[line] is not None:
                if is_terminal(previous) or markers[previous] is not None:
                    joiner.add(line, "\n")  # list items and bullets keep their own lines
                    previous = line
                    continue
            joiner.add(line)
            previous = line
        previous_paragraph = paragraph[-1]
    results = ("\n".join(squash(part) for part in joiner.text().split("\n")) for joiner in texts)
    return "\n\n".join(text for text in results if text)
