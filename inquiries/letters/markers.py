"""List markers ("1.", "a)", "1.1", "IV.", "Frage 3:", "•") and the state of a list being read.

A line that starts like a list item is not always one: wrapped lines of PDF text start with
"2. Quartal", "1. Januar 2023" or "§ 3". ListState knows which label would come next in the
list read so far; the parser accepts an unexpected label only where the line before ended a
sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inquiries.deadlines.dates import MONTHS

from .text import Joiner, continues, is_terminal, squash

_BULLETS = "-–—•·*▪■□◦○●►▸‣⁃→✓➢\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8"
_BULLET_RE = re.compile(rf"^(?:-+>|=>|»|[{re.escape(_BULLETS)}]|o(?= ))(?:\s+|$)")
_FRAGE_RE = re.compile(
    r"^(?:Frage|Question)\s*(?:Nr\.?\s*)?(?P<number>\d{1,3})(?P<suffix>[a-z]?)\s*(?:[:.)–-]+\s*|(?=\s)|$)",
    re.IGNORECASE,
)
_LABEL_RE = re.compile(
    r"^(?:\((?P<paren>\d{1,3}|[a-zA-Z]{1,2}|[ivxlcdmIVXLCDM]{1,6})\)"
    r"|(?P<dotted>\d{1,3}(?:\.\d{1,3}){1,3})(?P<dotted_punct>\.?\)?)"
    r"|(?P<label>\d{1,3}|[a-zA-Z]{1,2}|[ivxlcdmIVXLCDM]{2,6})(?P<punct>\.\)|[.):]))"
    r"(?=\s|$|(?<=\d\.)[A-ZÄÖÜ][a-zäöüß])"
)
_ROMAN_RE = re.compile(r"^m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
# Nouns that follow an ordinal number inside a sentence ("im 2. Quartal", "der 3. Bauabschnitt").
_ORDINAL_NOUNS = frozenset(
    """quartal halbjahr jahrhundert jahrestag klasse lesung mal stock obergeschoss og etage
    bauabschnitt abschnitt nachtrag nachtragshaushalt änderung änderungssatzung sitzung platz
    stelle liga stufe ausbaustufe welle runde tranche rate woche kalenderwoche kw advent
    jahrgang grades grad ordnung instanz bürgermeister beigeordneter beigeordnete vorsitzende
    vorsitzender stellvertreter stellvertreterin tag monat""".split()
)
_FRAGE_STARTS = ("frage", "quest")
_UNITS = frozenset(("mio", "mrd", "tsd", "euro", "eur", "prozent"))
_ABBREVIATION_RE = re.compile(r"^[a-zA-Z]\.\s?[a-zA-Z]\.")  # "z. B.", "u. a.", "d. h."


@dataclass
class Marker:
    style: str  # dec, dot2, dot3, alpha, ALPHA, alpha2, roman, ROMAN, frage, bullet
    value: int  # ordinal value; 0 for bullets
    number: str  # as written without punctuation: "1", "1.2", "a", "IV"; "" for bullets
    raw: str  # as written with punctuation: "1.", "a)", "(iv)", "-"
    text: str  # the rest of the line
    alternatives: list[tuple[str, int]] = field(default_factory=list)  # other readings


def _roman_value(label: str) -> int:
    lower = label.lower()
    if not lower or not _ROMAN_RE.match(lower):
        return 0
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for i, char in enumerate(lower):
        value = values[char]
        if i + 1 < len(lower) and values[lower[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def _readings(label: str) -> list[tuple[str, int]]:
    """All (style, value) readings of a label; the first is the likeliest at a list's start."""
    if label.isdigit():
        return [("dec", int(label))]
    readings: list[tuple[str, int]] = []
    is_lower = label.islower()
    roman = _roman_value(label) if (label.islower() or label.isupper()) else 0
    roman_style = "roman" if is_lower else "ROMAN"
    if len(label) == 1:
        alpha = ("alpha" if is_lower else "ALPHA", ord(label.lower()) - 96)
        if roman:
            # "i" and "I" open roman lists; "v", "x", "c" … are rather letters.
            readings = [(roman_style, roman), alpha] if roman == 1 else [alpha, (roman_style, roman)]
        else:
            readings = [alpha]
    elif len(label) == 2 and label[0] == label[1]:
        double = ("alpha2" if is_lower else "ALPHA2", ord(label[0].lower()) - 96)
        readings = [(roman_style, roman), double] if roman else [double]
    elif roman:
        readings = [(roman_style, roman)]
    return readings


_WORD_START_RE = re.compile(r"^[^\W\d_]{3}")
_ROMAN_WORD_RE = re.compile(r"^[ivxlcdmIVXLCDM]{3,6}[.):]")


def parse_marker(line: str) -> Marker | None:
    """Read a list marker at the start of a line, or None. Bullets before labels are dropped."""
    if (
        _WORD_START_RE.match(line)
        and not _ROMAN_WORD_RE.match(line)
        and line[:5].lower() not in _FRAGE_STARTS
    ):
        return None  # fast path: the line starts with a word
    rest = line
    bullet = _BULLET_RE.match(rest)
    if bullet:
        rest = rest[bullet.end() :]
    frage = _FRAGE_RE.match(rest)
    if frage:
        number = frage["number"] + frage["suffix"].lower()
        return Marker(
            "frage", int(frage["number"]), number, frage.group().strip(), rest[frage.end() :].strip()
        )
    match = _LABEL_RE.match(rest)
    if match:
        text = rest[match.end() :].strip()
        if match["dotted"]:
            parts = match["dotted"].split(".")
            if any(len(part) > 1 and part.startswith("0") for part in parts) or (
                len(parts) == 3 and all(len(part) == 2 for part in parts)
            ):
                return _bullet_only(bullet, line, rest)  # a date: "19.01.11", "3.02.2027"
            if any(len(part) > 2 for part in parts) or match["dotted_punct"] == "" and len(parts) == 2:
                # "2022.75" or "3.5 Mio." are numbers; "1.1" needs company ("1.1." / "1.1)")
                # unless text follows that starts a word.
                if not (len(parts) == 2 and all(len(p) <= 2 for p in parts) and text[:1].isupper()):
                    return _bullet_only(bullet, line, rest)
            style = f"dot{min(len(parts), 3)}"
            return Marker(style, int(parts[-1]), match["dotted"], match.group(), text)
        label = match["paren"] or match["label"]
        readings = _readings(label)
        if not readings:
            return _bullet_only(bullet, line, rest)
        if label.isdigit() and int(label) == 0:
            return _bullet_only(bullet, line, rest)
        if not label.isdigit() and match["punct"] == ":":
            return _bullet_only(bullet, line, rest)
        style, value = readings[0]
        marker = Marker(style, value, label, match.group(), text, readings[1:])
        if _in_sentence(marker):
            return _bullet_only(bullet, line, rest)
        return marker
    return _bullet_only(bullet, line, rest)


def _bullet_only(bullet, line: str, rest: str) -> Marker | None:
    if not bullet:
        return None
    return Marker("bullet", 0, "", line[: bullet.end()].strip(), rest.strip())


def _in_sentence(marker: Marker) -> bool:
    """Labels that are part of a sentence: dates, ordinals, abbreviations, page numbers."""
    text = marker.text
    if not text:
        return False
    if marker.style == "dec":
        if (marker.value > 99 and not text.endswith("?")) or text[0] in "€%":
            return True
        first = text.split(" ", 1)[0].rstrip(".,;:").lower()
        if marker.raw.endswith(".") and (first in MONTHS or first in _ORDINAL_NOUNS):
            return True
        if first in _UNITS:
            return True
    elif marker.raw.endswith("."):
        if _ABBREVIATION_RE.match(marker.raw + " " + text):
            return True
        if text[:1].isdigit() or text[:1] in "§€%":  # "S. 12", "Nr. 3"
            return True
    return False


def first_value(style: str) -> int:
    return 0 if style == "bullet" else 1


_RANK = {"next": 0, "sub": 1, "start": 2, "restart": 3, "jump": 4, "startn": 5, "subn": 6}


class ListState:
    """The styles and last labels of a list being read, level by level."""

    def __init__(self) -> None:
        self.styles: list[str] = []
        self.values: list[int] = []
        self.prefixes: list[str] = []  # dotted labels: the part before the last dot

    @property
    def active(self) -> bool:
        return bool(self.styles)

    def place(self, marker: Marker) -> tuple[str, int, str, int]:
        """Where would the marker go? Returns (kind, level, style, value), kind one of:
        next (the expected label at some level), sub (first label of a new deeper level),
        start (first item of a new list), restart (a level starts again), jump (unexpected)."""
        kind, level = self._classify(marker.style, marker.value, marker)
        best = (kind, level, marker.style, marker.value)
        for style, value in marker.alternatives:
            kind, level = self._classify(style, value, marker)
            if _RANK[kind] < _RANK[best[0]]:
                best = (kind, level, style, value)
        return best

    def _classify(self, style: str, value: int, marker: Marker) -> tuple[str, int]:
        if not self.styles:
            return ("start" if value == first_value(style) or style.startswith("dot") else "startn"), 0
        if style in self.styles:
            level = self.styles.index(style)
            if style == "bullet":
                return "next", level
            if style.startswith("dot"):
                prefix = marker.number.rsplit(".", 1)[0]
                if prefix == self.prefixes[level]:
                    return ("next" if value == self.values[level] + 1 else "jump"), level
                return ("next" if value == 1 else "jump"), level
            if value == self.values[level] + 1:
                return "next", level
            if value == first_value(style):
                return "restart", level
            return "jump", level
        level = len(self.styles)
        if style == "bullet" or value == first_value(style):
            return "sub", level
        if style.startswith("dot"):
            return "sub", level
        return "subn", level

    def accept(self, kind: str, level: int, style: str, value: int, marker: Marker) -> None:
        if kind in ("start", "startn"):
            self.styles, self.values, self.prefixes = [], [], []
            level = 0
        del self.styles[level + 1 :]
        del self.values[level + 1 :]
        del self.prefixes[level + 1 :]
        prefix = marker.number.rsplit(".", 1)[0] if style.startswith("dot") else ""
        if level < len(self.styles):
            self.styles[level] = style
            self.values[level] = value
            self.prefixes[level] = prefix
        else:
            self.styles.append(style)
            self.values.append(value)
            self.prefixes.append(prefix)

    def reset(self) -> None:
        self.styles, self.values, self.prefixes = [], [], []


class MarkerCache(dict):
    """parse_marker() per distinct line, for one parse (the body is read more than once)."""

    def __missing__(self, line: str) -> Marker | None:
        marker = self[line] = parse_marker(line)
        return marker


def format_lines(numbered_lines: list[tuple[int, str]], markers: MarkerCache | None = None) -> str:
    """Lines to text: wrapped lines joined, paragraphs separated by a blank line (unless the
    break falls mid-sentence), list items and bullets on lines of their own."""
    if markers is None:
        markers = MarkerCache()
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
