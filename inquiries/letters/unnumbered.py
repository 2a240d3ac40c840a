"""Letters without numbered questions: the questions are the paragraphs and sentences that end with
"?" after the last lead-in line before them, or, without any, the requests. A mixin of
`walk.Walk`."""

from __future__ import annotations

import re

from .answers import split_at_question
from .base import _
from .blocks import Block
from .fields import sentences
from .sentences import (
    ANSWER_REQUEST_RE,
    after_intro,
    ends_question,
    is_answer_request,
    is_asking,
    is_intro,
    is_request,
    question_units,
    statement_before_question,
)
from .text import is_terminal, join_lines

# "Wir fragen die Verwaltung:", "Ich frage den Oberbürgermeister:"
_ASKS_INTRO_RE = re.compile(r"\b(?:frage|fragen|fragt)\b", re.IGNORECASE)
# "Mr Mayor, I read … . Why …?": a question that opens by addressing the one asked begins there
_ADDRESSED_RE = re.compile(
    r"^(?:Mr|Madam|Mister)\.?\s+(?:Deputy\s+)?(?:Mayor|Chair\w*|Speaker|President)\s*,"
)


class UnnumberedQuestions:
    """The roles of blocks in a letter without numbered questions (part of `walk.Walk`)."""

    def unnumbered(self, blocks: list[Block]) -> None:
        """Questions without numbers: paragraphs and sentences that end with "?" (or, without any,
        requests), from the last intro line before them."""
        intro_block = _split_at_last_intro(blocks)
        if self.is_reply:
            blocks = _answers_split_off(blocks)
        body = [b for b in blocks if b.section == "" and b.answer_label is None]
        asking = [b for b in body if is_asking(b.text())]
        kind = "asks"
        if not asking:
            asking = [b for b in body if is_request(b.text())]
            kind = "request"
        if not asking:
            # "… nicht ersetzt. Die Verwaltung wird gebeten, Auskunft zu geben, wann …": the request
            # is the paragraph's last sentence, what it says before is the preamble
            asking = [b for b in body if b.marker is None and is_request(_last_sentence(b.text())[1])]
            kind = "request at the end"
        if not asking:
            if self._question_after_intro(blocks):
                return
            if self.reader.document_reply and body and not any(b.answer_label is not None for b in blocks):
                # "Vorlagentyp: ST Magistrat" over prose that asks nothing: the administration's
                # statement is one answer to a request that is not on the page
                question = self._new_question(None, "", sub=False)
                question.doubts.append(_("The reply answers a request that is not in the text."))
            for block in blocks:
                self._plain_block(block)
            return
        first = blocks.index(asking[0])
        # questions begin after the last intro line before the first question
        intro_at = None
        for position in range(first + 1):
            text = blocks[position].text()
            if is_intro(text):
                intro_at = position
        start = intro_at + 1 if intro_at is not None and intro_at < first else first
        if intro_block is not None and intro_block >= first:
            # the questions follow an intro inside a later paragraph; what asked before is preamble
            intro_at, start = intro_block, intro_block + 1
        elif intro_at == first and not is_asking(blocks[first].text().rsplit(":", 1)[-1]):
            # the paragraph that asks a rhetorical question ends with the intro: questions follow
            start = first + 1
            while start < len(blocks) and not is_asking(blocks[start].text()):
                start += 1
            if start == len(blocks):
                start = first
        count = 0
        for position, block in enumerate(blocks):
            if position < start or block.section or block.answer_label is not None:
                self._plain_block(block)
                continue
            text = block.text()
            if self.is_reply and self.current is not None and not is_asking(text) and not is_request(text):
                self._plain_block(block)
                continue
            if kind == "asks":
                units = _block_question_units(block)
            elif kind == "request at the end":
                units = [unit for unit in _last_sentence(text) if unit]
            else:
                units = [text]
            if position == start and intro_at == first:
                before, units = after_intro(units)
                if before:
                    self.pre.append((block.start, before))
            is_question = [(is_asking(unit) if kind == "asks" else is_request(unit)) for unit in units]
            if kind == "request at the end" and len(units) > 1 and not self.questions:
                self.pre.append((block.start, units.pop(0)))
                is_question.pop(0)
            if not any(is_question):
                self._plain_block(block)
                continue
            leading = []
            for unit, asks in zip(units, is_question, strict=True):
                if not asks:
                    leading.append(unit)
                    continue
                if not self.questions and kind == "asks" and not _ADDRESSED_RE.match(unit):
                    before, unit = statement_before_question(unit)
                    if before:
                        self.pre.append((block.start, before))
                question = self._new_question(None, " ".join([*leading, unit]), sub=False)
                leading = []
                count += 1
                if kind == "request":
                    question.doubts.append(_("Read as a question: a request without a question mark."))
                else:
                    question.doubts.append(
                        _("Read as a question: a sentence without a number that ends with a question mark.")
                    )
            if leading:
                if self.current is not None:
                    self._add_text(self.current, " ".join(leading))
        if count:
            self.reader.letter.doubts.append(
                _("%(count)d sentences without numbers were read as questions; please check them.")
                % {"count": count}
            )

    def _question_after_intro(self, blocks: list[Block]) -> bool:
        """ "Auch wir fragen die Verwaltung:" / "wo bleibt die Beantwortung … auf unsere Anträge" /
        "109/2008 … Neubau …": with no question mark and no request in the letter, what follows
        the line that says it asks is the question, up to the next full sentence."""
        intro = None
        for position, block in enumerate(blocks):
            text = block.text()
            if block.marker is None and not block.section and is_intro(text) and _ASKS_INTRO_RE.search(text):
                intro = position
        if intro is None or intro + 1 >= len(blocks):
            return False
        parts: list[Block] = []
        for block in blocks[intro + 1 :]:
            text = block.text()
            if block.section or block.answer_label is not None or (parts and is_terminal(text)):
                break
            if len(text) > 300 or (not parts and text.endswith(".")):
                break
            parts.append(block)
        if not parts:
            return False
        for block in blocks[: intro + 1]:
            self._plain_block(block)
        question = self._new_question(None, " ".join(block.text() for block in parts), sub=False)
        question.doubts.append(
            _("Read as a question: the text after the line that announces it, without a question mark.")
        )
        for block in blocks[intro + 1 + len(parts) :]:
            self._plain_block(block)
        return True

    def _plain_block(self, block: Block) -> None:
        """A block outside the question list, for letters without numbered questions."""
        if block.section == "justification":
            self.in_justification = True
            self.justification.extend(self._block_lines(block))
            return
        if block.answer_label is not None:
            targets = self._resolve(block.refs)
            self.answer_targets = targets
            self._add_answer(targets, block)
            return
        if self.in_justification:
            if is_answer_request(block.text()):
                self.pre.extend(self._block_lines(block))
            else:
                self.justification.extend(self._block_lines(block))
            return
        if self.current is None:
            self.pre.extend(self._block_lines(block))
            return
        if self.answer_targets:
            self._add_answer(self.answer_targets, block)
            return
        text = block.text()
        if self.is_reply:
            self.answer_targets = [self.current]
            self.unlabelled_answers = True
            self._add_answer([self.current], block)
            return
        if is_request(text) or (
            ANSWER_REQUEST_RE.search(text) and len(text) < 300 and not self.justification
        ):
            self.pre.extend(self._block_lines(block))
            return
        self.in_justification = True
        self.unlabelled_justification = not self.justification
        self.justification.extend(self._block_lines(block))


def _block_question_units(block: Block) -> list[str]:
    """Questions written one per line ("…?" at the end of a line) are split at the line ends, so
    that a question of two sentences stays one ("… ist dies korrekt? Kann die Satzung …?"); a
    line that starts in lower case continues the question before it ("Wird gebaut?" / "bzw. was
    darf …?"). Other text is cut after each "?"."""
    lines = [line for line in block.lines if line]
    if len(lines) < 2 or sum(1 for line in lines if ends_question(line)) < 2:
        return question_units(block.text())
    units: list[list[str]] = [[]]
    for position, line in enumerate(lines):
        units[-1].append(line)
        following = lines[position + 1] if position + 1 < len(lines) else ""
        if ends_question(line) and following and not following[0].islower():
            units.append([])
    return [join_lines(unit) for unit in units if unit]


def _answers_split_off(blocks: list[Block]) -> list[Block]:
    """In a reply, the lines after a question's last line that ask nothing are its answer, a block
    of their own ("Mr Mayor, … ?" / "The mayor said he was not aware.")."""
    found = []
    for block in blocks:
        question_lines, answer_lines = split_at_question(block)
        if block.section or not answer_lines or any(ends_question(line) for _i, line in answer_lines):
            found.append(block)
            continue
        found.append(Block(block.start, lines=question_lines, indices=block.indices[: len(question_lines)]))
        found.append(
            Block(
                answer_lines[0][0],
                lines=[line for _i, line in answer_lines],
                indices=[i for i, _l in answer_lines],
            )
        )
    return found


def _split_at_last_intro(blocks: list[Block]) -> int | None:
    """ "Deshalb bitte ich um eine Antwort:" inside a paragraph, with the questions below it: the
    paragraph is split there, so that the questions start after the intro (and a rhetorical
    question before it stays in the preamble)."""
    for position in range(len(blocks) - 1, -1, -1):
        block = blocks[position]
        if block.marker is not None or block.answer_label is not None or block.section:
            continue
        for j in range(len(block.lines) - 2, -1, -1):
            line = block.lines[j]
            rest = block.lines[j + 1 :]
            if line.rstrip().endswith(":") and is_intro(line) and any("?" in r for r in rest):
                head = Block(block.start, lines=block.lines[: j + 1], indices=block.indices[: j + 1])
                tail = Block(
                    block.indices[j + 1], lines=rest, indices=block.indices[j + 1 :], gap_before=True
                )
                blocks[position : position + 1] = [head, tail]
                return position
    return None


def _last_sentence(text: str) -> tuple[str, str]:
    """The text before a paragraph's last sentence, and that sentence."""
    parts = sentences(text)
    return " ".join(parts[:-1]), parts[-1] if parts else ""
