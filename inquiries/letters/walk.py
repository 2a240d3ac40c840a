"""The walk over the body's blocks that gives each its role (see parse.py): the state it keeps,
and how questions are made. The roles themselves are decided in numbered.py, unnumbered.py and
answers.py; the result is put together in assembly.py."""

from __future__ import annotations

from .answers import Answers
from .assembly import assemble
from .base import MAX_QUESTIONS, ParsedQuestion, too_many_questions
from .blocks import Block
from .numbered import NumberedQuestions
from .unnumbered import UnnumberedQuestions


class Walk(NumberedQuestions, UnnumberedQuestions, Answers):
    """Assigns blocks to preamble, questions, answers and justification."""

    def __init__(self, reader, top: str | None, *, is_reply: bool) -> None:
        self.reader = reader
        self.lines = reader.lines
        self.top = top
        self.is_reply = is_reply
        self.questions: list[ParsedQuestion] = []
        self.current: ParsedQuestion | None = None
        self.sub: ParsedQuestion | None = None
        self.sub_style: str | None = None
        self.texts: dict[int, list[str]] = {}  # id(question) -> text parts
        self.answers: dict[int, list[tuple[int, str]]] = {}  # id(question) -> numbered lines
        self.answer_targets: list[ParsedQuestion] = []
        self.pre: list[tuple[int, str]] = []
        self.justification: list[tuple[int, str]] = []
        self.in_justification = False
        self.unlabelled_justification = False
        self.objects: dict[int, ParsedQuestion] = {}
        self.parent_of: dict[int, ParsedQuestion] = {}
        self.unlabelled_answers = False
        self.split_answers = False  # answers read from the lines after a numbered question
        self.answer_list: tuple[str, int] | None = None  # the last list item inside an answer
        # in a reply, an unlabelled answer after a sub-question goes to its parent until the next
        # sub-question shows that answers alternate with them ("a. …? <answer> b. …? <answer>")
        self.pending_sub_answer: tuple[ParsedQuestion, int] | None = None
        self.alternating_parents: set[int] = set()
        self.bare_label = False  # the last answer label names no question ("Aus der Antwort:")

    def _block_lines(self, block: Block) -> list[tuple[int, str]]:
        pairs = []
        for position, (index, line) in enumerate(zip(block.indices, block.lines, strict=False)):
            if position == 0 and block.marker is not None:
                line = f"{block.marker.raw} {line}".strip()
            elif position == 0 and block.answer_label is not None:
                pass  # the label itself is not part of the answer
            pairs.append((index, line))
        return pairs

    def _new_question(self, number: str | None, text: str, *, sub: bool) -> ParsedQuestion:
        if len(self.questions) >= MAX_QUESTIONS and not (sub and self.current is not None):
            raise too_many_questions()  # refused now rather than after reading them all
        self._settle_pending_sub_answer(next_sub=sub)
        question = ParsedQuestion(number, "")
        self.objects[id(question)] = question
        self.texts[id(question)] = [text] if text else []
        if sub and self.current is not None:
            self.current.sub_questions.append(question)
            self.parent_of[id(question)] = self.current
            self.sub = question
        else:
            self.questions.append(question)
            self.current = question
            self.sub = None
            self.sub_style = None
        self.answer_targets = []
        return question

    def _add_text(self, question: ParsedQuestion, text: str) -> None:
        if text:
            self.texts[id(question)].append(text)

    def finish(self) -> None:
        assemble(self)
