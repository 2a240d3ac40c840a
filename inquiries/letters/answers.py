"""Replies: answers after a label ("Zu 1.:", "Zu 2 und 3:", "Antwort:"), or unlabelled after each
question, attached to the question(s) they answer; a question repeated with its answer in one
block is cut at its question mark. A mixin of `walk.Walk`."""

from __future__ import annotations

import re

from .base import ParsedQuestion, _
from .blocks import RANGE_MARK, Block
from .markers import MarkerCache, format_lines
from .sentences import INTERROGATIVE_START_RE, ends_question
from .text import continues, is_terminal, join_lines


class Answers:
    """How a reply's answers reach their questions (part of `walk.Walk`)."""

    def _settle_pending_sub_answer(self, *, next_sub: bool) -> None:
        if self.pending_sub_answer is None or self.current is None:
            return
        sub, start = self.pending_sub_answer
        self.pending_sub_answer = None
        if not next_sub and id(self.current) not in self.alternating_parents:
            return  # "a. …? b. …? <answer>": one answer for them all stays with the parent
        parent_answer = self.answers.get(id(self.current), [])
        moved = parent_answer[start:]
        if moved and not self.answers.get(id(sub)):
            del parent_answer[start:]
            self.answers[id(sub)] = moved
            self.alternating_parents.add(id(self.current))

    def _new_question_block(self, number: str | None, block: Block, *, sub: bool) -> None:
        """A numbered question; in a reply the lines after the one that ends the question (with
        "?") are its answer when nothing in them asks: "1. Wer …?\nDie Wahrnehmung …"."""
        if not self.is_reply:
            self._new_question(number, block.text(), sub=sub)
            return
        question_lines, answer_lines = split_at_question(block)
        if answer_lines and any(ends_question(line) for _index, line in answer_lines):
            question_lines, answer_lines = [line for line in block.lines], []
        question = self._new_question(number, join_lines(question_lines), sub=sub)
        self.split_answers = True
        if answer_lines:
            answer = Block(
                block.start,
                lines=[line for _i, line in answer_lines],
                indices=[i for i, _line in answer_lines],
            )
            self.answer_targets = [question]
            self._add_answer([question], answer)

    def _add_answer(self, targets: list[ParsedQuestion], block: Block, *, marker_too: bool = False) -> None:
        if block.marker is None and block.answer_label is None and _ABOUT_THE_REPLY_RE.match(block.text()):
            # "Für die Beantwortung dieser Anfrage ist ein Aufwand von 20,50 € entstanden.": a
            # remark on the reply as a whole, not part of the last answer
            self.pre.extend(self._block_lines(block))
            return
        pairs = self._block_lines(block)
        if block.answer_label is not None and pairs:
            pairs[0] = (pairs[0][0], block.lines[0])
        for target in targets:
            answer = self.answers.setdefault(id(target), [])
            if block.marker is not None and answer and answer[-1][0] == -1 and len(answer) > 1:
                previous = answer[-2][1]
                if (
                    is_terminal(previous)
                    and previous.rstrip().endswith(":")
                    or self.reader.markers[previous] is not None
                ):
                    answer.pop()  # a list item after "…folgende:" or after another item: the same paragraph
            answer.extend(pairs)
            answer.append((-1, ""))  # a paragraph break between blocks
        self.answer_list = (block.marker.style, block.marker.value) if block.marker is not None else None

    def _answer_numbered_like_its_question(self, block: Block) -> bool:
        """Under a label that names no question ("Aus der Antwort:"), answers numbered like the
        questions they answer: "1. Wenn der Datenabgleich erlaubt wird, …" answers question 1."""
        if not (self.is_reply and self.bare_label and self.answer_targets) or block.asks:
            return False
        number = block.marker.number if block.marker is not None else None
        question = next((q for q in self.questions if number and q.number == number), None)
        if question is None or any(line for _i, line in self.answers.get(id(question), [])):
            return False
        lines = Block(block.start, lines=list(block.lines), indices=list(block.indices))
        self.answer_targets = [question]
        self._add_answer([question], lines)
        return True

    def _resolve(self, refs: list[str]) -> list[ParsedQuestion]:
        if not refs:
            target = self.sub or self.current
            if target is None:
                target = self._new_question(None, "", sub=False)
            return [target]
        targets = []
        for ref in refs:
            if RANGE_MARK in ref:
                first, _mark, last = ref.partition(RANGE_MARK)
                between = self._between(first, last)
                if between:
                    targets.extend(between)
                    continue
                ref = first
            found = self._find(ref)
            if found is None:
                top_number, _space, sub_number = ref.partition(" ")
                if sub_number:
                    parent = self._find(top_number) or self._new_question(top_number, "", sub=False)
                    self.current = parent
                    found = self._new_question(sub_number, "", sub=True)
                else:
                    found = self._new_question(ref, "", sub=False)
                found.doubts.append(_("The reply answers this question without repeating it."))
            targets.append(found)
        return targets

    def _between(self, first: str, last: str) -> list[ParsedQuestion]:
        """The questions from the one numbered `first` to the one numbered `last`, in the order of
        the letter, sub-questions included ("Zu 1.1 bis 3.3")."""
        ordered = [item for question in self.questions for item in (question, *question.sub_questions)]
        numbers = [item.number for item in ordered]
        if first not in numbers or last not in numbers:
            return []
        start, end = numbers.index(first), len(numbers) - 1 - numbers[::-1].index(last)
        return ordered[start : end + 1] if start <= end else []

    def _find(self, ref: str) -> ParsedQuestion | None:
        top_number, _space, sub_number = ref.partition(" ")
        if top_number.isalpha() and top_number.islower() and not sub_number and self.current is not None:
            subs = self.current.sub_questions
            return next((q for q in subs if (q.number or "").lower() == top_number), None)
        for question in reversed(self.questions):
            if (question.number or "").lower() == top_number.lower():
                if not sub_number:
                    return question
                return next(
                    (q for q in question.sub_questions if (q.number or "").lower() == sub_number), None
                )
            for sub in question.sub_questions:
                if "." in ref and sub.number == ref:
                    return sub
        return None

    def _unlabelled_answer_target(self) -> ParsedQuestion:
        current = self.current
        if self.sub is not None:
            answered = [sub for sub in current.sub_questions if self.answers.get(id(sub))]
            if answered:
                return self.sub
        return current


# "Die Fragen beantworte ich wie folgt:", "… nimmt die Verwaltung wie folgt Stellung:"
REPLY_INTRO_RE = re.compile(r"\b(?:wie\s+folgt|folgendermaßen|nachstehend)\b[^.?!]{0,40}:\s*$", re.IGNORECASE)


def format_answer(pairs: list[tuple[int, str]], markers: MarkerCache) -> str:
    paragraphs: list[str] = []
    current: list[tuple[int, str]] = []
    for index, line in pairs:
        if index == -1:
            if current:
                paragraphs.append(format_lines(current, markers))
                current = []
            continue
        current.append((index, line))
    if current:
        paragraphs.append(format_lines(current, markers))
    result: list[str] = []
    for paragraph in paragraphs:
        if not paragraph:
            continue
        if result and continues(result[-1], paragraph):
            result[-1] = f"{result[-1]} {paragraph}"
        else:
            result.append(paragraph)
    return "\n\n".join(result)


_ABOUT_THE_REPLY_RE = re.compile(
    r"^(?:Für\s+die\s+Beantwortung\s+(?:dieser|der)\s+Anfrage\s+(?:ist|sind|wurde|wurden)\b"
    r"|Die\s+(?:Beantwortung\s+der\s+)?Anfrage\s+(?:ist|gilt)\s+(?:damit\s+)?(?:als\s+)?(?:erledigt|beantwortet)\b)",
    re.IGNORECASE,
)


def split_at_question(block: Block) -> tuple[list[str], list[tuple[int, str]]]:
    """The lines up to the one that ends with "?" (the question), and the rest (the answer)."""
    lines = list(zip(block.indices, block.lines, strict=False))
    for position, (_index, line) in enumerate(lines):
        if ends_question(line):
            return [line for _i, line in lines[: position + 1]], lines[position + 1 :]
    if lines and INTERROGATIVE_START_RE.match(lines[0][1]):
        # "4. Werden die Halter*innen … informiert." - a question written with a full stop, its
        # answer on the next line
        for position, (_index, line) in enumerate(lines[:-1]):
            if is_terminal(line) and line.rstrip().endswith("."):
                return [line for _i, line in lines[: position + 1]], lines[position + 1 :]
    return [line for _i, line in lines], []
