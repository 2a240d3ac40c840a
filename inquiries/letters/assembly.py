"""The questions put together once every block has its role: texts joined (lists inside a question
keep their lines), answers shared by questions in a row, items below a question that ask nothing
folded back into its text, repeated numbers marked; the preamble and the justification."""

from __future__ import annotations

import re

from .answers import format_answer
from .base import ParsedQuestion, _
from .markers import MarkerCache, format_lines
from .sentences import flat, is_asking, is_request
from .text import Joiner, is_terminal, squash


def assemble(walk) -> None:
    """Put the letter's questions, preamble and justification together (the end of the walk)."""
    walk._settle_pending_sub_answer(next_sub=False)
    letter = walk.reader.letter
    markers = walk.reader.markers
    if walk.split_answers:
        # "4. …? 5. …? <answer>": questions in a row before one answer share it
        for position in range(len(walk.questions) - 2, -1, -1):
            question, following = walk.questions[position], walk.questions[position + 1]
            if (
                not walk.answers.get(id(question))
                and not question.sub_questions
                and walk.answers.get(id(following))
                and not following.sub_questions
            ):
                walk.answers[id(question)] = list(walk.answers[id(following)])
    for question in walk.questions:
        # one unlabelled answer after the last of several sub-questions answers them all
        subs = question.sub_questions
        answered = [sub for sub in subs if walk.answers.get(id(sub))]
        # (by identity: two sub-questions may be equal in number and text, "a)" / "a)")
        if (
            len(subs) >= 2
            and len(answered) == 1
            and answered[0] is subs[-1]
            and not walk.answers.get(id(question))
        ):
            walk.answers[id(question)] = walk.answers.pop(id(subs[-1]))
    for question in walk.objects.values():
        parts = walk.texts[id(question)]
        joiner = Joiner()
        previous = ""
        for part in parts:
            # a list inside the question keeps its items on lines of their own
            item = markers[part.split("\n", 1)[0]] is not None
            joiner.add(
                part,
                "\n"
                if item and previous and (is_terminal(previous) or markers[previous] is not None)
                else " ",
            )
            previous = part.rsplit("\n", 1)[-1]
        question.text = "\n".join(flat(line) for line in squash(joiner.text()).split("\n") if line.strip())
        pairs = walk.answers.get(id(question))
        if pairs:
            question.answer = format_answer(pairs, markers)
    if walk.is_reply and _answers_only(walk.questions):
        # "Beantwortung/ Stellungnahme:" / "1. Die Stadtverwaltung wird … setzen.": a reply whose
        # numbered items ask nothing answers a request that is not on the page, item by item
        for question in walk.questions:
            question.text, question.answer = "", question.text
            question.doubts.append(_("The reply answers this question without repeating it."))
    for question in walk.questions:
        _settle_sub_questions(question)
    _number_a_run_of_ones(walk.questions, letter)
    _mark_repeated_numbers(walk.questions)
    if walk.unlabelled_answers:
        for question in walk.questions:
            if question.answer:
                question.doubts.append(_("The text after the question was read as its answer."))
    letter.questions = walk.questions
    letter.preamble = format_lines(sorted(walk.pre), markers)
    letter.justification = _format_justification(walk.justification, markers)
    if walk.unlabelled_justification and letter.justification:
        letter.doubt(_("The text after the questions was read as the justification."), about="justification")


_PAGE_REMARK_RE = re.compile(r"^(?:\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")


_LABEL_LINE_RE = re.compile(
    r"^(?:(?:Sachverhalt|Sachstand)\s*/\s*Begründung|Begründung|Sachverhalt|Sachstand)\s*:?\s*$",
    re.IGNORECASE,
)


def _format_justification(pairs: list[tuple[int, str]], markers: MarkerCache) -> str:
    pairs = [(index, line) for index, line in pairs if not _LABEL_LINE_RE.match(line)]
    # footnote numbers on a line of their own
    pairs = [(index, line) for index, line in pairs if not _PAGE_REMARK_RE.match(line)]
    return format_lines(sorted(pairs), markers)


def _settle_sub_questions(question: ParsedQuestion) -> None:
    """Items below a question are its sub-questions when they ask something themselves (or are
    requests under a heading); otherwise they are a list inside the question's text."""
    subs = question.sub_questions
    if not subs:
        return
    asking = sum(1 for sub in subs if is_asking(sub.text) or is_request(sub.text))
    if asking * 2 >= len(subs) and asking:
        return
    if not asking and not is_asking(question.text) and all(len(sub.text) >= 25 for sub in subs):
        return
    if not asking and question.text.rstrip().endswith("?") and len(subs) >= 2:
        return  # "Welches Honorar …? a) Durchschnitt aller … b) bei einzelnen Trägern": parts to answer
    if any(sub.answer for sub in subs):
        return
    parts = [question.text] + [f"{sub.number}) {sub.text}" for sub in subs]
    question.text = " ".join(part for part in parts if part)
    question.sub_questions = []


def _number_a_run_of_ones(questions: list[ParsedQuestion], letter) -> None:
    """A web page's ordered list copied as text shows every item as "1.": the list the page
    shows is 1, 2, 3, …"""
    if len(questions) < 2 or any(question.number != "1" for question in questions):
        return
    for position, question in enumerate(questions, 1):
        question.number = str(position)
    letter.doubts.append(
        _(
            "Every question was numbered 1 (a list copied from a web page); they were numbered 1, 2, 3, … in order."
        )
    )


def _mark_repeated_numbers(questions: list[ParsedQuestion]) -> None:
    seen: dict[str, int] = {}
    for question in questions:
        if question.number:
            seen[question.number] = seen.get(question.number, 0) + 1
    for question in questions:
        if question.number and seen[question.number] > 1:
            question.doubts.append(
                _("The number %(number)s appears more than once in the letter.") % {"number": question.number}
            )


def _answers_only(questions: list[ParsedQuestion]) -> bool:
    return bool(questions) and all(
        question.text
        and not question.answer
        and not question.sub_questions
        and "?" not in question.text
        and not is_request(question.text)
        for question in questions
    )
