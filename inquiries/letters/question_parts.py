"""Parts of a parliamentary question and of its answer: "(1) …" … "(4) …" are the questions, and
the answer's parts answer them part by part ("(2)–(4)" answers three, "(a) and (b)" two); text
before the first part of an answer ("I thank the honourable member …") answers none of them."""

from __future__ import annotations

import re

from .base import ParsedQuestion
from .text import Joiner, squash

# "(1) Why …", "(2)–(4) I ask …", "(a) and (b) …": a part of the question or of the answer, and the
# parts it answers
_PART = r"\((?:\d{1,2}|[a-z])\)"
_PART_RE = re.compile(rf"^{_PART}(?:\s*(?:[–—-]|to|and|&|,)\s*{_PART})*(?:\s+|$)")
_PART_LABEL_RE = re.compile(r"\((\d{1,2}|[a-z])\)|([–—-]|to)")


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


def split_parts(lines: list[str]) -> tuple[list[str], list[tuple[list[str], str]]]:
    """Lines before the first part, and the parts: (the labels it stands for, text)."""
    before: list[str] = []
    parts: list[tuple[list[str], list[str]]] = []
    for line in lines:
        match = _PART_RE.match(line) if line and line[0] == "(" else None
        if match:
            parts.append((_labels(match.group()), [line[match.end() :]]))
        elif parts:
            parts[-1][1].append(line)
        else:
            before.append(line)
    return before, [(labels, "\n\n".join(paragraphs_of(text))) for labels, text in parts]


def _labels(text: str) -> list[str]:
    """ "(2)–(4)" → 2, 3, 4; "(a) and (b)" → a, b."""
    labels: list[str] = []
    ranged = False
    for label, dash in _PART_LABEL_RE.findall(text):
        if dash:
            ranged = True
            continue
        if ranged and labels:
            low, high = labels[-1], label
            if low.isdigit() and high.isdigit():
                labels.extend(str(n) for n in range(int(low) + 1, int(high) + 1))
            elif low.isalpha() and high.isalpha():
                labels.extend(chr(c) for c in range(ord(low) + 1, ord(high) + 1))
            ranged = False
            continue
        labels.append(label)
    return labels


def answer_parts(questions: list[ParsedQuestion], answer: list[str]) -> None:
    """ "(1) No." "(2)–(4) <text>": each part's answer to its question; without parts, the whole
    answer to every question (it answers them together)."""
    _before, parts = split_parts(answer)
    by_number = {question.number: question for question in questions}
    if not parts or not any(label in by_number for labels, _text in parts for label in labels):
        whole = "\n\n".join(paragraphs_of(answer))
        for question in questions:
            question.answer = whole
        return
    for labels, text in parts:
        for label in labels:
            question = by_number.get(label)
            if question is not None:
                question.answer = text
