"""Measure the letter reader on a folder of letters with their expected structure.

Each letter `NAME.txt` (or .pdf, .docx, .odt, .rtf, .eml, .msg) has its expected structure in
`NAME.expected.json` (or `NAME.json`), in the shape of `manage.py import_inquiry --json`. Only
the keys the expected file names are compared; `FIELD_starts_with` compares the start of FIELD;
`notes` is ignored. Texts are compared with whitespace normalised (runs of spaces and line
breaks are one space) and "" equals null.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .base import LetterError

LETTER_SUFFIXES = (".txt", ".pdf", ".docx", ".odt", ".rtf", ".eml", ".msg")
IGNORED_KEYS = frozenset({"notes", "source", "category", "xfail"})


@dataclass
class Result:
    name: str
    exact: bool
    difference: str = ""


def normalise(value):
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if isinstance(value, dict):
        return {key: normalise(item) for key, item in value.items()}
    return value


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "…"


def first_difference(got, expected, path: str = "") -> str:
    """The first place where `got` differs from `expected` (only the expected keys), or ""."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"{path or '.'}: expected an object, got {_short(got)}"
        for key, want in expected.items():
            if key in IGNORED_KEYS:
                continue
            where = f"{path}.{key}" if path else key
            if key.endswith("_starts_with"):
                field = key[: -len("_starts_with")]
                have = normalise(got.get(field))
                if want is None:
                    if have is not None:
                        return f"{field}: expected none, got {_short(have)}"
                elif have is None or not have.startswith(normalise(want)):
                    return f"{field}: expected to start with {_short(want)}, got {_short(have)}"
                continue
            difference = first_difference(got.get(key), want, where)
            if difference:
                return difference
        return ""
    if isinstance(expected, list):
        if not isinstance(got, list):
            return f"{path}: expected a list, got {_short(got)}"
        for index, (have, want) in enumerate(zip(got, expected, strict=False)):
            difference = first_difference(have, want, f"{path}[{index}]")
            if difference:
                return difference
        if len(got) != len(expected):
            return f"{path}: expected {len(expected)} items, got {len(got)}"
        return ""
    if normalise(got) != normalise(expected):
        return f"{path}: expected {_short(normalise(expected))}, got {_short(normalise(got))}"
    return ""


def expected_path(letter: Path) -> Path | None:
    for candidate in (letter.with_suffix(".expected.json"), letter.with_suffix(".json")):
        if candidate.exists():
            return candidate
    return None


def letters_in(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() in LETTER_SUFFIXES and expected_path(path) is not None
    )


def score_letter(path: Path, read: Callable[[Path], dict]) -> Result:
    expected = json.loads(expected_path(path).read_text(encoding="utf-8"))
    try:
        got = read(path)
    except LetterError as exc:
        return Result(path.name, False, f"not read: {exc}")
    difference = first_difference(got, expected)
    return Result(path.name, not difference, difference)


def score_folder(folder: Path, read: Callable[[Path], dict]) -> list[Result]:
    return [score_letter(path, read) for path in letters_in(folder)]


def big_letter(seed: str, size: int = 2_000_000) -> str:
    """A letter of `size` characters: the seed's body followed by repeated prose (for the
    benchmark of `import_inquiry --bench` and the test that such a letter is still read)."""
    body = seed.split("Mit freundlichen Grüßen")[0]
    filler = "Die Verwaltung hat im Jahr 2026 insgesamt 1.234 Anträge bearbeitet und beschieden.\n"
    return body + filler * (size // len(filler) + 1)


def bench(text: str, runs: int = 5) -> list[float]:
    """CPU seconds of parse_letter(text), `runs` times."""
    import time

    from .parse import parse_letter

    times = []
    for _ in range(runs):
        start = time.process_time()
        parse_letter(text)
        times.append(time.process_time() - start)
    return times
