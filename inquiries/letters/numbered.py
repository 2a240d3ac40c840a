"""Roles of the blocks in a letter with numbered questions: preamble, question, sub-question,
text inside a question, answer, justification, request for an answer. A mixin of `walk.Walk`."""

from __future__ import annotations

import re

from .answers import REPLY_INTRO_RE, split_at_question
from .base import ParsedQuestion, _
from .blocks import Block
from .markers import first_value
from .scheme import before_intro, is_section_heading, next_in_style, next_letter, style_of
from .sentences import (
    ANSWER_REQUEST_RE,
    FOLLOW_UP_START_RE,
    STATES_FIRST_RE,
    adds_to_request,
    ends_question,
    is_answer_request,
    is_asking,
    is_intro,
    is_request,
)
from .text import continues, join_lines


class NumberedQuestions:
    """The roles of blocks in a letter with numbered questions (part of `walk.Walk`)."""

    def numbered(self, blocks: list[Block]) -> None:
        top = self.top
        later_top = [False] * len(blocks)
        seen = False
        for position in range(len(blocks) - 1, -1, -1):
            later_top[position] = seen
            block = blocks[position]
            if (block.marker is not None and style_of(block) == top) or (
                top == "label" and block.question_label is not None
            ):
                seen = True
        for position, block in enumerate(blocks):
            following = blocks[position + 1] if position + 1 < len(blocks) else None
            if is_section_heading(block, following, top):
                continue  # "II. Personal" over questions that start again at 1
            if self.current is None and position and _adds_to_request(blocks[position - 1], block):
                # "… bitten wir um einen Bericht …" / "Darüber hinaus bitten wir um die Beantwortung
                # folgender Fragen:": the questions come in addition to the request before them
                self.pre = [pair for pair in self.pre if pair[0] not in blocks[position - 1].indices]
                self._new_question(None, blocks[position - 1].text(), sub=False)
                self.pre.extend(self._block_lines(block))
                continue
            if self.current is None and before_intro(blocks, position, top):
                # an item that asks nothing above "Hierzu haben wir folgende Fragen:" is part of
                # what leads up to the questions (a quoted rule, a list of facts)
                self.pre.extend(self._block_lines(block))
                continue
            self._numbered_block(block, later_top[position])

    def _numbered_block(self, block: Block, more_questions: bool) -> None:
        if block.section == "justification":
            self.in_justification = True
            self.answer_targets = []
            self.justification.extend(self._block_lines(block))
            return
        if block.section == "remark":
            self.pre.extend(self._block_lines(block))
            return
        if block.answer_label is not None:
            self.in_justification = False
            self.bare_label = not block.refs
            targets = self._resolve(block.refs)
            self.answer_targets = targets
            self._add_answer(targets, block)
            return
        if block.question_label is not None:
            number = block.question_number or None
            match = None if number else re.search(r"\d+", block.question_label)
            if not block.text() and self.top != "label":
                return
            if match:
                number = match.group()
            self.in_justification = False
            if block.question_number:
                # the question runs to its "?"; what follows in the block is the answer. A label
                # naming several questions ("Zu 3. und 4.:") repeats them one after the other;
                # the answer after them is theirs together.
                refs = block.question_refs or [block.question_number]
                rest = Block(block.start, lines=list(block.lines), indices=list(block.indices))
                targets = []
                for position, ref in enumerate(refs):
                    question_lines, answer_lines = split_at_question(rest)
                    if position and not ends_question(question_lines[-1] if question_lines else ""):
                        question_lines, answer_lines = [], list(zip(rest.indices, rest.lines, strict=False))
                    targets.append(
                        self._new_question(ref if position else number, join_lines(question_lines), sub=False)
                    )
                    rest = Block(
                        block.start,
                        lines=[line for _i, line in answer_lines],
                        indices=[i for i, _line in answer_lines],
                    )
                if len(targets) > 1:
                    for target in targets:
                        if not self.texts[id(target)]:
                            target.doubts.append(_("The reply answers this question without repeating it."))
                self.answer_targets = targets
                if rest.lines:
                    self._add_answer(targets, rest)
                return
            self._new_question(number, block.text(), sub=False)
            return
        marker = block.marker
        role = self._role(block) if marker is not None else None
        if self.in_justification:
            text = block.text()
            if marker is None and more_questions and is_intro(text):
                self.in_justification = False  # "Wir fragen daher:" after the justification
                self.pre.extend(self._block_lines(block))
                return
            if marker is None and is_answer_request(text):
                self.pre.extend(self._block_lines(block))
                return
            leads_in = bool(self.justification) and is_intro(self.justification[-1][1])
            if role == "top" and (block.asks or is_request(text)) and (more_questions or leads_in):
                # "Sachverhalt: … Deshalb fragen wir die Verwaltung:" / "1. Was …?": the facts
                # end where they lead in to the questions
                self.in_justification = False
            else:
                self.justification.extend(self._block_lines(block))
                return
        if role == "top":
            continues_answer_list = (
                self.answer_list is not None
                and self.answer_list[0] == marker.style
                and marker.value == self.answer_list[1] + 1
                and not block.asks
            )
            if self._answer_numbered_like_its_question(block):
                return
            if (
                self.answer_targets
                and self.is_reply
                and (
                    continues_answer_list
                    or not (block.asks or is_request(block.text()) or self._next_number(marker))
                )
            ):
                self._add_answer(self.answer_targets, block)  # a list inside an answer
                return
            number = marker.number if marker.style != "bullet" else None
            self._new_question_block(number, block, sub=False)
            return
        if role == "sub":
            self._new_question_block(marker.number, block, sub=True)
            return
        # text, or a marker inside a question or an answer
        if self.answer_targets:
            self._add_answer(self.answer_targets, block)
            return
        if self.current is None:
            self.pre.extend(self._block_lines(block))
            return
        text = block.text()
        if marker is not None:
            text = f"{marker.raw} {text}".strip()
        if self.is_reply:
            if marker is None and REPLY_INTRO_RE.search(text) and len(text) < 200 and not self.answers:
                self.pre.extend(self._block_lines(block))  # "Die Fragen beantworte ich wie folgt:"
                return
            if marker is None and block.asks and not self.texts[id(self.current)]:
                self._add_text(self.current, text)
                return
            if marker is None and (block.asks and not self.answers.get(id(self.current))):
                self._add_text(self.sub or self.current, text)
                return
            target = self._unlabelled_answer_target()
            if target is self.current and self.sub is not None and self.pending_sub_answer is None:
                self.pending_sub_answer = (self.sub, len(self.answers.get(id(self.current), [])))
            self.unlabelled_answers = True
            self.answer_targets = [target]
            self._add_answer([target], block)
            return
        target = self.sub or self.current
        parts = self.texts[id(target)]
        explains = (
            marker is None
            and block.gap_before
            and not block.asks
            and bool(parts)
            and ends_question(parts[-1])
            and STATES_FIRST_RE.match(text) is not None
            and not is_request(text)
            and not re.match(r"^Bitte\b", text)
        )
        # "4. …? <blank> Wenn Kursträger … nicht einhalten, kann … befristet werden. <blank> 5. …?":
        # a statement between two questions explains them; it does not continue the one before
        if more_questions and explains:
            self.unlabelled_justification = self.unlabelled_justification or not self.justification
            self.justification.extend(self._block_lines(block))
            return  # the questions go on after it
        if more_questions or self._continues_question(block, target):
            self._add_text(target, text)
            return
        if (
            is_answer_request(text)
            or is_request(text)
            or (ANSWER_REQUEST_RE.search(text) and len(text) < 300 and not self.justification)
        ):
            self.pre.extend(self._block_lines(block))
            return
        self.in_justification = True
        self.unlabelled_justification = not self.justification
        self.justification.extend(self._block_lines(block))

    def _next_number(self, marker) -> bool:
        """Does the label continue the question list (the last question's value plus one)?"""
        if self.current is None or not self.current.number:
            return False
        from .markers import parse_marker

        last = parse_marker(f"{self.current.number}. x")
        return last is not None and last.style == marker.style and marker.value == last.value + 1

    def _continues_question(self, block: Block, question: ParsedQuestion) -> bool:
        text = block.text()
        if block.marker is not None and block.marker.style == "bullet":
            return True
        parts = self.texts[id(question)]
        previous = parts[-1] if parts else ""
        if continues(previous, text):
            return True
        if question.number and block.marker is None and block.gap_before and STATES_FIRST_RE.match(text):
            # after a numbered question, a paragraph that opens with a statement ("Das
            # Erscheinungsbild der Stadt ist geprägt …") explains the questions, even where it
            # repeats one of them
            return False
        return is_asking(text) and (
            len(text) < 300 or FOLLOW_UP_START_RE.match(text) is not None or text.startswith("(")
        )

    def _role(self, block: Block) -> str:
        marker = block.marker
        style = marker.style
        top = self.top
        if style == top:
            return "top"
        if top == "dec" and style.startswith("dot"):
            prefix = marker.number.rsplit(".", 1)[0]
            if self.current is not None and self.current.number == prefix:
                self.sub_style = self.sub_style or style
                return "sub" if style == self.sub_style else "text"
            if self.current is None or not (self.current.number or "").startswith(prefix.split(".")[0] + "."):
                return "top"
            return "text"
        if top is not None and top.startswith("dot") and style == "dec":
            return "text"
        if (
            self.answer_targets
            and self.is_reply
            and self.sub is not None
            and style == self.sub_style
            and block.asks
            and next_in_style(self.sub.number, marker)
        ):
            return "sub"  # "a) …? <answer> b) …? <answer>"
        if (
            self.answer_targets
            and self.is_reply
            and self.current is not None
            and style != "bullet"
            and block.asks
            and marker.value == first_value(style)
            and style != self.sub_style
            and not next_letter(self.current.number, marker.number)
        ):
            # "B. …? <answer> 1. …? <answer> 2. …?": questions under an answered question
            self.sub_style = style
            return "sub"
        if self.current is None or style == "bullet" or self.answer_targets:
            return "text"
        if self.sub_style is None and marker.value == first_value(style):
            self.sub_style = style
        return "sub" if style == self.sub_style else "text"


def _adds_to_request(before: Block, block: Block) -> bool:
    if block.marker is not None or before.marker is not None or before.section or block.section:
        return False
    return adds_to_request(before.text(), block.text())
