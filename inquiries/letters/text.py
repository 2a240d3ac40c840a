"""Text clean-up shared by the parser: line preparation, joining wrapped lines, dates.

Everything here works line by line with anchored or bounded regular expressions, so that the
cost stays linear in the length of the text (no pattern can backtrack over a whole line).
"""

from __future__ import annotations

import re
import unicodedata

# --- characters -----------------------------------------------------------------------------

_REPLACEMENTS = (
    ("\ufb00", "ff"),
    ("\ufb01", "fi"),
    ("\ufb02", "fl"),
    ("\ufb03", "ffi"),
    ("\ufb04", "ffl"),
    ("\ufb05", "st"),
    ("\ufb06", "st"),
    ("\u2010", "-"),  # hyphen (WeasyPrint and others use it for automatic hyphenation)
    ("\u2011", "-"),  # non-breaking hyphen
    ("\u00a0", " "),
    ("\u2007", " "),
    ("\u2009", " "),
    ("\u202f", " "),
    ("\u200a", " "),
    ("\u2002", " "),
    ("\u2003", " "),
    ("\t", "  "),  # two spaces: a tab still separates signature columns
    ("\u200b", ""),
    ("\u200c", ""),
    ("\u200d", ""),
    ("\u2060", ""),
    ("\ufeff", ""),
    ("\x0b", "\n"),
    ("\x85", "\n"),
    ("\u2028", "\n"),
    ("\u2029", "\n"),
)
# Other control characters carry no meaning in a letter.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_EMPHASIS_RE = re.compile(r"\*\*+|__+")
_STRIKE_RE = re.compile(r"(?<![\w\\])~~")
_ESCAPE_RE = re.compile(r"\\(?=[.)\-*#])")
_HEADING_RE = re.compile(r"^(?:#{1,6}|>+)\s*")
PAGE_BREAK = "\x00"  # stands for a form feed after _CONTROL_RE has removed NULs

_PAGE_LINE_RE = re.compile(
    r"^(?:[-–—]\s*)?(?:Seite|Blatt|Page|S\.)\s*\d{1,4}(?:\s*(?:von|/|of|aus)\s*\d{1,4})?(?:\s*[-–—])?$"
    r"|^[-–—]\s*\d{1,4}\s*[-–—]$"
    r"|^\d{1,4}\s*/\s*\d{1,4}$"
    # a running header with the page number after a wide gap: "Ergänzende Erläuterungen      Seite 2"
    r"|^[^\d]{3,60}?\s{3,}(?:Seite|Page)\s*\d{1,4}(?:\s*(?:von|of)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_MIDLINE_HYPHEN_RE = re.compile(  # (the literal first: the search skips to each "- ")
    r"- (?<=[a-zäöüß]{2}- )(?=[a-zäöüß]{2,})(?!(?:und|oder|bzw|sowie|bis|als|noch|wie|u|o|resp)\b)"
)
_BARE_NUMBER_RE = re.compile(r"^\(?\d{1,4}\)?$")
# A heading set letter-spaced: "K L E I N E   A N F R A G E" (words apart by two spaces or more)
_SPACED_RE = re.compile(r"^\w(?: \w){3,}(?: {2,}\w(?: \w)+)*$")


def prepare_lines(text: str) -> list[str]:
    """Normalise a text to stripped lines ("" for blank lines).

    Removes what PDF and Markdown conversions leave behind: page headers and footers
    ("Seite 2 von 3", "- 2 -", running headers repeated on every page), form feeds,
    "**" and "__" emphasis, heading and quote markers.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for old, new in _REPLACEMENTS:  # str.replace is much faster than str.translate with a dict
        if old in text:
            text = text.replace(old, new)
    text = _CONTROL_RE.sub("", text)
    # Markdown leftovers; each pattern only runs when its characters occur (2 MB in ms).
    if "**" in text or "__" in text:
        text = _EMPHASIS_RE.sub("", text)
    if "~~" in text:
        text = _STRIKE_RE.sub("", text)
    if "\\" in text:
        text = _ESCAPE_RE.sub("", text)
    # "Überzie- hung": a hyphenation whose line break was lost (not "Rad- und Fußwege")
    if "- " in text:
        text = _MIDLINE_HYPHEN_RE.sub("", text)
    # A page break becomes a line of its own, marked with a character that strip() keeps.
    text = text.replace("\f", "\n" + PAGE_BREAK + "\n")
    lines = [line.strip() for line in text.split("\n")]
    for i, line in enumerate(lines):
        if line[:1] in ("#", ">"):
            lines[i] = _HEADING_RE.sub("", line)
        elif line[1:2] == " " and line[3:4] == " " and len(line) < 120 and _SPACED_RE.match(line):
            lines[i] = " ".join(word.replace(" ", "") for word in re.split(r" {2,}", line))
    if "|" in text:
        _drop_table_rules(lines)
    _drop_page_furniture(lines)
    _drop_empty_last_label(lines)
    _drop_contact_footer(lines)
    return [line for line in lines if line is not None]


# A letterhead's footer with the sender's address and contacts at the end of the text ("A-5024
# Salzburg I Schloss Mirabell I Tel. 0662/… I Fax …", "Telefon … | landtag@…"), under the
# organisation's name ("ÖVP Gemeinderatsklub Stadt Salzburg")
_CONTACT_RE = re.compile(
    r"\b(?:Tel|Telefon|Fax|Telefax)\b\.?|\be-?ma[il]l\b|\bwww\.|@|\b[ADI]-\d{4,5}\b|(?:^|\s)\d{5}\s+[A-ZÄÖÜ]",
    re.IGNORECASE,
)
_ORGANISATION_RE = re.compile(r"(?:klub|fraktion|partei|gruppe)\b", re.IGNORECASE)


def _drop_contact_footer(lines: list) -> None:
    filled = [i for i, line in enumerate(lines) if line][-4:]
    footer = []
    for i in reversed(filled):
        if len(lines[i]) > 160 or len(_CONTACT_RE.findall(lines[i])) < 2:
            break
        footer.append(i)
    if not footer:
        return
    above = footer[-1] - 1
    if above >= 0 and lines[above] and len(lines[above]) <= 100 and _ORGANISATION_RE.search(lines[above]):
        footer.append(above)
    for i in footer:
        lines[i] = None


# A minutes item's label with nothing after it at the end of the page ("Beschluss:"): no text.
_EMPTY_LAST_LABEL_RE = re.compile(r"^(?:Beschluss|Beschlussvorschlag|Abstimmungsergebnis)\s*:$")


def _drop_empty_last_label(lines: list) -> None:
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i]), None)
    if last is not None and _EMPTY_LAST_LABEL_RE.match(lines[last]):
        lines[last] = ""


# The cell borders of a table copied from a web page or written in Markdown: "Stadtrat |",
# "| 22.06.2023 |", "||", "|---|---|".
_TABLE_RULE_RE = re.compile(r"^[|:\- ]*$")


def _drop_table_rules(lines: list) -> None:
    """Strip table borders where the text is laid out as a table (several lines end or start with
    "|"); a single "|" inside a sentence stays. A table below the first sentences of prose is part of
    the text (a table in an answer): its cells keep their "|" between them, only its rules and its
    closing border go."""
    edged = sum(1 for line in lines if line and (line[0] == "|" or line[-1] == "|"))
    if edged < 3:
        return
    prose = next(
        (i for i, line in enumerate(lines) if len(line) > 100 and _SENTENCE_END_RE.search(line)), len(lines)
    )
    for i, line in enumerate(lines):
        if not line or not (line[0] == "|" or line[-1] == "|"):
            continue
        if i < prose:
            # (all the edge's rules: "text | |" of a scan's OCR; strip() keeps it linear in time)
            lines[i] = "" if _TABLE_RULE_RE.match(line) else line.strip(" \t|")
        elif "-" in line and _TABLE_RULE_RE.match(line):
            lines[i] = ""  # "|---|---|"
        elif i + 1 == len(lines) or not lines[i + 1]:
            lines[i] = line.rstrip("| ")  # the table's last cell: its border, not a separator


_SENTENCE_END_RE = re.compile(r"[a-zäöüß]{2}[.!?](?:\s|$)")


# Navigation of a web page copied with the letter.
_WEB_FURNITURE = frozenset(
    word.strip()
    for word in """nach oben|inhaltsverzeichnis|seitenanfang|zum seitenanfang|zurück|drucken|seite drucken|teilen|
    weiterlesen|mehr lesen|menü|zum inhalt springen|skip to main content|back to top|top|print|
    schreibe einen kommentar|kommentar schreiben|kommentar verfassen|kommentar eintragen|kommentare|
    leave a comment|antworten|zur drucksache|zur vorlage|zur übersicht|zurück zur übersicht|
    reduzieren|erweitern|loading...|beratungsfolge|beschlussvorschlag|• von|• by|aufklappen und zuklappen""".split(
        "|"
    )
)


# A link's text in brackets on a line of its own ("[zurück zur Übersicht]"), and a page's skip
# links run together ("Skip to main content Skip to navigation Skip to footer").
_LINK_LINE_RE = re.compile(
    r"^\[[^\[\]]{2,40}\]$|^(?:(?:skip\s+to|springe\s+zu[mr]?|zu[mr]?)\s+(?:main\s+)?(?:content|navigation|footer|search|inhalt|navigation|suche|fußzeile)(?:\s+springen)?\s*)+$",
    re.IGNORECASE,
)


# A link's text that points to the document or its answer: "Die Antwort des Bezirksamtes findest
# Du hier.", "Die Anfrage können Sie hier herunterladen"
_HERE_LINK_RE = re.compile(
    r"^(?:>+\s*)?[^?]{0,80}\b(?:findest\s+du|finden\s+Sie|kannst\s+du|können\s+Sie|lesen\s+Sie|gibt\s+es)"
    r"(?:\s+\w+){0,3}\s+(?:hier(?:\s+(?:herunterladen|lesen|abrufen|nachlesen|als\s+PDF))?"
    r"|in\s+(?:dieser|der\s+beigefügten|der\s+folgenden)\s+(?:PDF-?)?Datei)\s*[.:]?$"
    # "Hier kann die Antwort der Landesregierung heruntergeladen werden."
    r"|^Hier\s+(?:kann|können)\s+[^?]{2,80}\s+(?:heruntergeladen|abgerufen|nachgelesen|eingesehen)\s+werden\s*[.:]?$",
    re.IGNORECASE,
)


# A link to a file with its type and size, as a page lists a document or its answer:
# "IA-021/2025 Stellplätze E-ScooterPDF-Datei (218,09 KB)", "Antwort (PDF, 120 kB)"
_FILE_LINK_RE = re.compile(
    r"^.{0,160}?(?:PDF|Word|DOCX?|ODT|RTF)(?:[- ]?(?:Datei|Dokument|file))?\s*[(,]\s*\d+(?:[.,]\d+)?\s*[KMG]i?B\s*\)?$",
    re.IGNORECASE,
)


# A council information system's note on its print version over the text: "Bitte beachten Sie, dass
# der folgende Text eventuell medienbedingte Formatabweichungen aufweisen kann. …"
_PRINT_NOTE_RE = re.compile(
    r"^Bitte\s+beachten\s+Sie,\s+dass\s+der\s+folgende\s+Text\b[^?]{0,80}\bFormatabweichungen\b"
)


# A blog's byline whose author link the copy lost: "By | 25. November 2013"
_BYLINE_WITHOUT_NAME_RE = re.compile(r"^(?:By|Von)\s*\|\s*[\w. ]{6,25}$", re.IGNORECASE)


# A web page's pager, one link a line: "1", "2", "3", "...", "70", "71", "72"
_PAGER_LINE_RE = re.compile(r"^(?:\d{1,4}|\.{3}|…|[«»‹›<>]{1,2})$")


def _drop_pager(lines: list) -> None:
    if "..." not in lines and "…" not in lines:
        return  # a pager skips pages with a line of dots
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if line and len(line) <= 4 and _PAGER_LINE_RE.match(line.strip()):
            run.append(i)
            continue
        if len(run) >= 4 and any(not lines[j].strip().isdigit() for j in run):
            for j in run:
                lines[j] = None
        run = []


def _drop_page_furniture(lines: list) -> None:
    """Blank out page numbers and running headers/footers in place (None = drop the line)."""
    _drop_pager(lines)
    breaks = [i for i, line in enumerate(lines) if line == PAGE_BREAK]
    for i, line in enumerate(lines):
        if line and len(line) < 160 and _PAGE_LINE_RE.match(line):
            lines[i] = None
        elif line and len(line) < 30 and line.lower().strip() in _WEB_FURNITURE:
            lines[i] = None
        elif line and len(line) < 120 and line[0] in "[SsZz" and _LINK_LINE_RE.match(line):
            lines[i] = None
        elif (
            line
            and len(line) < 120
            and (" hier" in line or line.startswith("Hier") or "Datei" in line)
            and _HERE_LINK_RE.match(line)
        ):
            lines[i] = None
            following = next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j]), None)
            if following is not None and line.endswith(":") and " " not in lines[following].strip():
                lines[following] = None  # the link's text: the file's name ("Antwort_Schrottimmobilien")
        elif line and len(line) < 200 and line.rstrip()[-1:] in ")B" and _FILE_LINK_RE.match(line):
            lines[i] = None
        elif line and len(line) < 40 and "|" in line and _BYLINE_WITHOUT_NAME_RE.match(line):
            lines[i] = None
        elif line and len(line) < 300 and line.startswith("Bitte beachten") and _PRINT_NOTE_RE.match(line):
            lines[i] = None
    if not breaks:
        return
    # Lines next to a page break: bare page numbers and repeated headers/footers.
    found: set[int] = set()  # a set: on a short page the same line is next to both breaks
    for position in [-1, *breaks]:
        found.update(_neighbours(lines, position, +1))
    for position in breaks:
        found.update(_neighbours(lines, position, -1))
    edges = sorted(found)
    counts: dict[str, int] = {}
    for i in edges:
        counts[_furniture_key(lines[i])] = counts.get(_furniture_key(lines[i]), 0) + 1
    for i in edges:
        line = lines[i]
        if line is None:
            continue
        if _BARE_NUMBER_RE.match(line) or (len(line) <= 100 and counts[_furniture_key(line)] >= 2):
            lines[i] = None
    for position in breaks:
        lines[position] = None


def _neighbours(lines: list, position: int, step: int, limit: int = 2) -> list[int]:
    found = []
    i = position + step
    while 0 <= i < len(lines) and len(found) < limit:
        line = lines[i]
        if line == PAGE_BREAK:
            break
        if line:
            found.append(i)
        i += step
    return found


def _furniture_key(line: str | None) -> str:
    return re.sub(r"\d+", "#", line or "")


# --- joining lines --------------------------------------------------------------------------

# Words after which a sentence cannot end: a line ending in one of them continues on the next.
CONTINUATION_WORDS = frozenset(
    """der die das dem den des ein eine einer einem einen eines und oder sowie bzw im am um zum
    zur vom beim ins ans in an auf aus bei mit nach seit von vor zu über unter für gegen ohne
    durch bis ab als wie dass daß ob wenn weil sowohl pro je per laut gemäß gem lt vgl nr abs art
    s ziff lit ca rd dr prof hr fr st sog inkl bzgl § §§ z.b u.a d.h i.v.m mio mrd tsd welche
    welcher welches welchen welchem dieser diese dieses diesem diesen jeweils sich
    """.split()
)
# After a hyphen at the end of a line, these words mean the hyphen is real ("Neu- und Umbau").
_SUSPENDED_HYPHEN_NEXT = frozenset("und oder bzw sowie bis als noch wie".split())
_TRAILING_NOISE = "\"'“”„‘’‚»«›‹)]*_ "
_ABBREVIATION_END = frozenset(
    "nr abs art s ziff lit ca rd dr prof hr fr st sog inkl bzgl gem lt vgl z.b u.a d.h i.v.m".split()
)


def last_word(line: str) -> str:
    space = line.rfind(" ")
    return line[space + 1 :]


def is_terminal(line: str) -> bool:
    """Does the line end a sentence or an enumeration (.?!:;), abbreviations aside?"""
    stripped = line.rstrip(_TRAILING_NOISE)
    if not stripped or stripped[-1] not in ".?!:;":
        return False
    if stripped[-1] == ".":
        word = last_word(stripped).lower().rstrip(".").lstrip("(")
        if word in _ABBREVIATION_END:
            return False
    return True


def is_strong_continuation(line: str, *, same_paragraph: bool) -> bool:
    """Is the line certainly continued on the next one (mid-sentence)?"""
    stripped = line.rstrip()
    if not stripped:
        return False
    last = stripped[-1]
    if last == "-":
        # "Förder-" continues; a dash on its own or after a space ("eingestellt -") may not.
        return len(stripped) >= 2 and stripped[-2] != " "
    if last in "\xad(/&+§" or (last == "," and same_paragraph):
        return True
    word = last_word(stripped).lower()
    if word.endswith(".") and word.rstrip(".") in _ABBREVIATION_END:
        return True
    return word in CONTINUATION_WORDS


def _boundary(left: str, right: str, sep: str) -> tuple[int, str]:
    """How to join two pieces that a line break separated: how many characters to drop from
    the end of the left one, and what to put between them. Undoes hyphenation."""
    if left.endswith(("\xad", "¬")):
        return 1, ""
    if left.endswith("-") and len(left) >= 2:
        before = left[-2]
        if before.isalpha():
            if right[0].islower():
                first = right.split(" ", 1)[0].rstrip(",.;:").lower()
                if first in _SUSPENDED_HYPHEN_NEXT:
                    return 0, " "  # "Neu- und Umstrukturierungen"
                return 1, ""  # "Förder-\nmittel"
            return 0, ""  # "Case-\nManagement", "Rhein-\nSieg-Kreis"
        if before.isdigit() and right[0].isdigit():
            return 0, ""  # "2020-\n2022"
    return 0, sep


def join_pair(left: str, right: str, sep: str = " ") -> str:
    """Join two pieces of text that a line break separated, undoing hyphenation."""
    if not left:
        return right
    if not right:
        return left
    cut, separator = _boundary(left, right, sep)
    return left[: len(left) - cut] + separator + right


class Joiner:
    """join_pair() for many pieces in linear time."""

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, piece: str, sep: str = " ") -> None:
        if not piece:
            return
        if self.parts:
            last = self.parts[-1]
            cut, separator = _boundary(last, piece, sep)
            if cut:
                self.parts[-1] = last[: len(last) - cut]
            if separator:
                self.parts.append(separator)
        self.parts.append(piece)

    def text(self) -> str:
        return "".join(self.parts)


_SPACES_RE = re.compile(r" {2,}")


def squash(text: str) -> str:
    if "  " in text:
        text = _SPACES_RE.sub(" ", text)
    if "\xad" in text:
        text = _SPACES_RE.sub(" ", text.replace("\xad", ""))
    return text.strip()


def paragraphs_of(lines: list[str]) -> list[str]:
    """The paragraphs of lines ("" between paragraphs), each joined into one text."""
    found: list[str] = []
    joiner = Joiner()
    for line in [*lines, ""]:
        if line:
            joiner.add(line)
            continue
        text = squash(joiner.text())
        if text:
            found.append(text)
        joiner = Joiner()
    return found


def join_lines(lines: list[str]) -> str:
    joiner = Joiner()
    for line in lines:
        joiner.add(line.strip())
    return squash(joiner.text())


def continues(previous: str, following: str) -> bool:
    """Does a paragraph break between these texts fall in the middle of a sentence?

    True when the first part stops without sentence-final punctuation and the next one starts
    in lower case or with a digit ("…von dem Programm" / "profitieren."), or when the first
    part stops on a word that cannot end a sentence ("…in den Jahren 2020, 2021 und").
    """
    previous = previous.rstrip()
    following = following.lstrip()
    if not previous or not following:
        return False
    if is_strong_continuation(previous, same_paragraph=True):
        return True
    if is_terminal(previous):
        return False
    first = following[0]
    return first.islower() or first.isdigit()


# --- flattened lists ------------------------------------------------------------------------

# A list label inside a line after the end of a sentence or a colon: "… Fragen: 1. Wie …? 2. Wann …?"
_INLINE_LABEL_RE = re.compile(
    r"(?:(?<=[?.:!;)])|(?<=[?.:!;)][\"“”»]))\s+(?P<label>(?:Frage\s+)?(?P<number>\d{1,2}(?:\.\d{1,2})?)(?:\.\)?|\)|:)?|Zu\s+(?:Frage\s+)?\d{1,2}(?:\.\d{1,2})?\s*\.?:?|Antwort\s*:)\s+(?=[A-ZÄÖÜ„\"(])"
)
_ANSWER_START_RE = re.compile(r"^(?:Zu\s+(?:Frage\s+)?\d{1,2}(?:\.\d{1,2})?\s*\.?:?|Antwort\s*:)\s")
_INLINE_START_RE = re.compile(r"^(?:Frage\s+)?(?P<number>\d{1,2}(?:\.\d{1,2})?)(?:\.\)?|\)|:)?\s")
_INLINE_CLOSING_RE = re.compile(
    r"(?<=[.?!])\s+(?P<closing>(?:Mit\s+)?(?:freundlichen|besten|herzlichen|solidarischen|kollegialen)\s+Gr(?:ü|ue)(?:ß|ss)en\b|Viele\s+Grüße\b)"
)
# Only lines longer than this are looked at: a list flattened into one line is long.
_FLAT_LINE = 160


def _label_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def _follows(previous: tuple[int, ...] | None, current: tuple[int, ...]) -> bool:
    if previous is None:
        return current in ((1,), (1, 1))
    if len(current) == 1:
        return current[0] == previous[0] + 1
    if len(previous) == 1:
        return current == (previous[0], 1) or current == (previous[0] + 1, 1)
    return current in ((previous[0], previous[1] + 1), (previous[0] + 1, 1))


_COUNTED_LABEL_RE = re.compile(r"(?:^|(?<=[,;:.?!]))\s*(?P<number>\d{1,2})\.\s+(?=[\w„\"(])")


# a line without a digit or an "A" holds no label to split at (every label below has one)
_DIGIT_OR_A_RE = re.compile(r"[\dA]")


def _counted_cuts(line: str) -> list[int]:
    """ "… zu prüfen und zu berichten, 1. wieso …; 2. ob …; 3. wenn nein, …": labels that count
    1, 2, 3 … after a comma or semicolon, followed by lower-case text. Three in a row are a list."""
    cuts: list[int] = []
    expected = 1
    for match in _COUNTED_LABEL_RE.finditer(line):
        if int(match["number"]) == expected:
            cuts.append(match.start("number"))
            expected += 1
    return cuts if len(cuts) >= 3 else []


def unflatten(lines: list[str], *, min_length: int = _FLAT_LINE) -> list[str]:
    """Put list items that a copy from a web page or PDF ran into one line back on lines of their
    own: "… folgende Fragen: 1. Wie …? 2. Wann …?" → "… folgende Fragen:", "1. Wie …?", "2. …".
    Only labels that count up from 1 (1, 2, 3 or 1.1, 1.2, 2 …) are split, and "Zu 1.:" /
    "Antwort:" labels of a flattened reply after the end of a sentence. Lines shorter than
    `min_length` are left alone (a paper's text already known to be flattened is split whole)."""
    result: list[str] = []
    for line in lines:
        if len(line) < min_length or not _DIGIT_OR_A_RE.search(line):
            result.append(line)
            continue
        cuts: list[int] = []
        previous: tuple[int, ...] | None = None
        start_match = _INLINE_START_RE.match(line)
        if start_match:
            previous = _label_key(start_match["number"])
        for match in _INLINE_LABEL_RE.finditer(line):
            label = match["label"]
            if label.startswith(("Zu", "Antwort")):
                cuts.append(match.start("label"))
                continue
            key = _label_key(match["number"])
            if _follows(previous, key):
                cuts.append(match.start("label"))
                previous = key
        if len(cuts) < 2:
            cuts = _counted_cuts(line) or cuts
        closing = _INLINE_CLOSING_RE.search(line)
        if closing:
            cuts.append(closing.start("closing"))
            cuts.sort()
        # a line that begins with a label ("1. …", "Zu 1.: …") is split at one more
        begins_labelled = start_match or _ANSWER_START_RE.match(line)
        if len(cuts) < 2 and not (begins_labelled and cuts) and not closing:
            result.append(line)
            continue
        position = 0
        for cut in cuts:
            piece = line[position:cut].strip()
            if piece:
                result.append(piece)
            position = cut
        result.append(line[position:].strip())
    return result
