"""What search makes of the user's words and how it marks them, the same on every database.

German folding: case, umlauts and ß in any spelling. `fold` maps a text to one spelling
("Straße", "STRASSE" → "strasse"; "Öffnungszeiten", "Oeffnungszeiten" → "oeffnungszeiten"),
which the SQLite index stores and its queries use. PostgreSQL's German stemmer already folds
case and ß and drops the umlaut's dots ("Öffnungszeiten" → "offnungszeit"), but keeps "oe" as
written, so its queries ask for each spelling (`spelling_variants`).

Reference numbers ("AN/2026/0007", "an/2026/7", Drucksache "0512/2026", "Drs. 17/1234") are
taken out of the query and looked up exactly (`references`); the remaining words, without
PostgreSQL's German stop words ("der", "und", "für"), are searched as text, each as a prefix of
itself and of its form without a common inflection ending.

Highlighting happens here, in Python, on the original text: the matches are found on the
folded text, and the HTML is built from escaped pieces with our own `<mark>` tags, so nothing
the user stored (control characters, "<mark>") can become markup.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_TERMS = 8  # words per query; the rest is ignored
MAX_TERM_LENGTH = 60  # characters per word; longer ones are cut
MAX_REFERENCES = 3  # reference numbers per query
MAX_VARIANTS = 8  # spellings per word form (PostgreSQL)
MIN_STEM = 4
# common German inflection endings, longest first
ENDINGS = ("ern", "en", "er", "es", "em", "n", "s", "e")

UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# letters and digits: what SQLite's unicode61 tokenizer keeps in a token ("_" is a separator)
_WORD = re.compile(r"[^\W_]+")
# a reference: optional letters directly before ("AN/", "Drs. "), then two to four numbers
# separated by "/" ("AN/2026/0007", "2026/7", Drucksache "0512/2026", "Drs. 17/1234"); a
# slash is what tells a reference from an amount ("40.000") or a date
_REFERENCE = re.compile(r"(?:\b([^\W\d_]{1,12})(?:\.\s*|\s*/\s*))?\b(\d{1,9}(?:\s?/\s?\d{1,9}){1,3})\b")


@lru_cache(maxsize=4096)  # snippets fold every character of the page's texts
def _fold_char(char: str) -> str:
    folded = char.casefold()  # "ß" and "ẞ" → "ss"
    if folded in UMLAUTS:
        return UMLAUTS[folded]
    if folded.isascii():
        return folded
    # other accents go, as SQLite's tokenizer (remove_diacritics 2) drops them: "é" → "e"
    base = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
    return "".join(UMLAUTS.get(c, c) for c in base) or folded


def fold(text: str) -> str:
    """One spelling for German words: lower case, ä/ö/ü → ae/oe/ue, ß → ss, no accents."""
    text = unicodedata.normalize("NFC", text)
    return "".join(_fold_char(char) for char in text)


def _fold_with_ends(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each character of `text`, where its folded form ends in it: the
    character a folded index came from is `bisect_right(ends, index)`. Built from C loops (a
    page's snippets fold every character of its texts; a loop per character cost a third of
    the search page)."""
    parts = list(map(_fold_char, text))
    return "".join(parts), list(itertools.accumulate(map(len, parts)))


@dataclass(frozen=True)
class Reference:
    prefix: str  # folded letters before the numbers, "" if none
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class Query:
    words: list[str]  # folded words, at most MAX_TERMS
    references: list[Reference]

    def __bool__(self) -> bool:
        return bool(self.words or self.references)


@cache
def stopwords() -> frozenset[str]:
    """PostgreSQL's German stop words, folded: PostgreSQL ignores them in a query, and so does
    SQLite's search, so that both ask for the same words."""
    lines = (Path(__file__).parent / "german_stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def parse(text: str) -> Query:
    """The user's text as folded words and reference numbers; nothing of it is query syntax."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text))
    references = []
    for match in _REFERENCE.finditer(text):
        numbers = tuple(int(number) for number in re.findall(r"\d+", match.group(2)))
        references.append(Reference(prefix=fold(match.group(1) or ""), numbers=numbers))
    rest = _REFERENCE.sub(" ", text)
    words = [
        word[:MAX_TERM_LENGTH]
        for word in _WORD.findall(fold(rest))
        if len(word) >= 2 and word not in stopwords()
    ]
    return Query(words=list(dict.fromkeys(words))[:MAX_TERMS], references=references[:MAX_REFERENCES])


def word_forms(word: str) -> list[str]:
    """The word and the word without one common ending: "foerdermitteln" → also "foerdermittel"."""
    forms = [word]
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            forms.append(word[: -len(ending)])
    return list(dict.fromkeys(forms))


def spelling_variants(form: str) -> list[str]:
    """The folded form with each "ae", "oe", "ue" written also as an umlaut: "oeffnungszeit" →
    also "öffnungszeit" (at most MAX_VARIANTS). "ss" needs no variant: the stemmer folds ß."""
    pieces = re.split(r"(ae|oe|ue)", form)
    choices = [
        (piece, {"ae": "ä", "oe": "ö", "ue": "ü"}[piece]) if index % 2 else (piece,)
        for index, piece in enumerate(pieces)
    ]
    return [
        "".join(combination) for combination in itertools.islice(itertools.product(*choices), MAX_VARIANTS)
    ]


def _pattern(words: list[str]) -> re.Pattern | None:
    forms = sorted({form for word in words for form in word_forms(word)}, key=len, reverse=True)
    if not forms:
        return None
    # a word that starts with one of the forms, up to its end (as the databases match prefixes)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(form) for form in forms) + r")[^\W_]*")


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text)


def highlight(text: str, words: list[str], *, width: int | None = 90) -> SafeString | None:
    """Escaped `text` (a window of about 2×`width` characters around the first match, or all of
    it when `width` is None) with `<mark>` around each word that matches; None if none does."""
    text = _clean(text)
    pattern = _pattern(words)
    if pattern is None:
        return None
    folded, ends = _fold_with_ends(text)
    spans = [
        (bisect_right(ends, m.start()), bisect_right(ends, m.end() - 1) + 1) for m in pattern.finditer(folded)
    ]
    if not spans:
        return None
    start, end = 0, len(text)
    if width is not None:
        start = max(0, spans[0][0] - width // 2)
        end = min(len(text), start + width * 2)
    html, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_start >= end:
            continue
        html += [escape(text[cursor:span_start]), "<mark>", escape(text[span_start:span_end]), "</mark>"]
        cursor = span_end
    html.append(escape(text[cursor:end]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(html) + suffix)


def beginning(text: str, width: int = 180) -> SafeString:
    """The escaped beginning of `text`, for a row the database matched by a form the marks
    do not know (the stemmer's)."""
    text = _clean(text)
    return escape(text[:width] + (" …" if len(text) > width else ""))
