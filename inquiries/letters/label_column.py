"""List labels that PDF extraction put in a column of their own, apart from their items.

A PDF whose list was set as a table (labels in one column, the questions in the next) is
extracted column by column: first "1." "2." "3." on lines of their own, then the questions
below them. When as many questions follow as there were labels, each label goes back in front
of its question: "1." "2." / "Wie viele …?" "Wann …?" → "1. Wie viele …?" "2. Wann …?".
"""

from __future__ import annotations

import re

_BARE_LABEL_RE = re.compile(r"^\(?(?:(?P<number>\d{1,2})[.)]|(?P<letter>[a-z])[.)])$")
# A question runs over this many lines at most.
_QUESTION_LINES = 4


def _value(line: str) -> int | None:
    match = _BARE_LABEL_RE.match(line) if len(line) <= 4 else None
    if match is None:
        return None
    return int(match["number"]) if match["number"] else ord(match["letter"]) - ord("a") + 1


def rejoin_label_column(lines: list[str]) -> list[str]:
    """Put labels standing in a column of their own back in front of the questions below them."""
    lines = list(lines)
    i = 0
    while i < len(lines):
        if _value(lines[i]) != 1:
            i += 1
            continue
        labels = _label_run(lines, i)
        questions = _questions_after(lines, labels[-1] + 1, len(labels)) if len(labels) >= 2 else None
        if questions is None:
            i += 1
            continue
        for label_at, question_at in zip(labels, questions, strict=True):
            lines[question_at] = f"{lines[label_at]} {lines[question_at]}"
            lines[label_at] = ""
        i = questions[-1] + 1
    return lines


def _label_run(lines: list[str], start: int) -> list[int]:
    """The lines of the labels 1, 2, 3 … (or a, b, c …) from `start`, blank lines between them."""
    run = [start]
    i = start + 1
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        if _value(lines[i]) != len(run) + 1 or lines[i][-1] != lines[start][-1]:
            break
        run.append(i)
        i += 1
    return run


def _questions_after(lines: list[str], start: int, count: int) -> list[int] | None:
    """The first lines of `count` questions right after the labels (each ends with "?" within a
    few lines; no blank line inside one), or None when the text below is not such a list."""
    i = start
    while i < len(lines) and not lines[i]:
        i += 1
    firsts: list[int] = []
    while len(firsts) < count:
        if i >= len(lines) or not lines[i] or _value(lines[i]) is not None:
            return None
        first = i
        while i < len(lines) and lines[i] and not lines[i].endswith("?") and i - first < _QUESTION_LINES:
            i += 1
        if i >= len(lines) or not lines[i].endswith("?"):
            return None
        firsts.append(first)
        i += 1
        while len(firsts) < count and i < len(lines) and not lines[i]:
            i += 1
    return firsts
