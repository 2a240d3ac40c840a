"""An entry of a parliament's question paper as read (`Entry`), the letter it makes
(`entry_letter`), and the parts of its question and answer: "(1) …" … "(4) …" are the questions, and
the answer's parts answer them part by part ("(2)–(4)" answers three, "(a) and (b)" two); text
before the first part of an answer ("I thank the honourable member …") answers none of them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .base import REPLY, ParsedLetter, ParsedQuestion, Person, _
from .sentences import is_asking, question_units, statement_before_question
from .text import paragraphs_of, squash

# "(1) Why …", "(2)–(4) I ask …", "(a) and (b) …", "1. How …": a part of the question or of the
# answer, and the parts it answers
# ("(ii)", "(iii)": roman parts after "(i)", which reads as a letter)
_PART = r"(?:\((?:\d{1,2}|[ivx]{2,5}|[a-z])\)|\d{1,2}\.)"
_PART_RE = re.compile(rf"^{_PART}(?:\s*(?:[–—-]|to|and|&|,)\s*{_PART})*(?:\s+|$)")
_PART_LABEL_RE = re.compile(r"\(?(\d{1,2}|[ivx]{2,5}|[a-z])[.)]|([–—-]|to)")


def split_parts(lines: list[str]) -> tuple[list[str], list[tuple[list[str], str]]]:
    """Lines before the first part, and the parts: (the labels it stands for, text)."""
    before: list[str] = []
    parts: list[tuple[list[str], list[str]]] = []
    for line in lines:
        match = _PART_RE.match(line) if line and (line[0] == "(" or line[0].isdigit()) else None
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
            elif len(low) == len(high) == 1 and low.isalpha() and high.isalpha():
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


def _nested(questions: list[ParsedQuestion]) -> list[ParsedQuestion]:
    """ "(1) Has …? (a) If so, …?": a lettered part after a numbered one is its sub-question."""
    found: list[ParsedQuestion] = []
    for question in questions:
        if question.number.isalpha() and found and found[-1].number.isdigit():
            found[-1].sub_questions.append(question)
        else:
            found.append(question)
    return found


@dataclass
class Entry:
    """One entry of a question paper or written answers page, as question_entries reads it."""

    title: str = ""
    number: str | None = None
    reference: str = ""
    asker: Person | None = None
    asked_on: str = ""  # the question's own date (asked, tabled)
    answered_on: str = ""  # the answer's date ("Last updated")
    page_date: str = ""  # a date line at the top of the page (the day of the written answers)
    question: list[str] = field(default_factory=list)  # lines, "" between paragraphs
    # further questions answered together with the first ("I propose to take Questions Nos. 450
    # and 451 together."): number, asker, lines
    together: list[tuple[str | None, Person, list[str]]] = field(default_factory=list)
    answer: list[str] | None = None  # None: not answered
    co_askers: list[Person] = field(default_factory=list)  # further authors of the one question


def entry_letter(entry: Entry) -> ParsedLetter:
    letter = ParsedLetter()
    answered = entry.answer is not None and any(entry.answer)
    before, parts = split_parts(entry.question)
    if len(parts) >= 2 and not entry.together:
        letter.preamble = "\n\n".join(paragraphs_of(before))
        letter.questions = _nested([ParsedQuestion(labels[0], text) for labels, text in parts])
        if entry.number:
            entry.reference = entry.reference or entry.number
        if answered:
            answer_parts(letter.questions, entry.answer)
    elif entry.together:
        # several members' questions, one answer
        asked = [(entry.number, entry.question), *((number, lines) for number, _a, lines in entry.together)]
        letter.questions = [ParsedQuestion(number, " ".join(paragraphs_of(lines))) for number, lines in asked]
        if answered:
            answer_parts(letter.questions, entry.answer)
    else:
        text = " ".join(paragraphs_of(entry.question))
        if answered:
            texts = [text]
        else:
            units = [statement_before_question(unit)[1] for unit in question_units(text)]
            texts = [unit for unit in units if is_asking(unit)] or [text]
        number = entry.number if len(texts) == 1 else None
        letter.questions = [ParsedQuestion(number, squash(text)) for text in texts]
        if answered:
            letter.questions[0].answer = "\n\n".join(paragraphs_of(entry.answer))
    letter.title = entry.title
    letter.reference = entry.reference
    askers = (
        [entry.asker, *entry.co_askers, *(a for _n, a, _l in entry.together)]
        if entry.asker is not None
        else []
    )
    for asker in askers:
        if str(asker) not in {str(person) for person in letter.senders}:
            letter.senders.append(asker)
    # the question's date; a reply that names none carries the answer's, or the page's
    letter.date = entry.asked_on or entry.answered_on or entry.page_date
    letter.kind = REPLY if answered else "anfrage"
    letter.inquiry_kind = "anfrage"
    if not letter.title:
        letter.doubt(_("No subject was found; please enter it."), about="title")
    return letter
