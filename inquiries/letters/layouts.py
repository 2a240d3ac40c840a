"""The readers of layouts that name their own parts (parliaments' question papers, minutes,
records of a question time), tried in turn before the general reader of letters.

Each `read(lines)` returns a `Letter` when the text is its layout, else None; the first that
recognises the text reads it. A new layout with a head of its own gets a module with a `read`
and a place in `READERS` (docs/architecture.md, "Letters")."""

from __future__ import annotations

from . import (
    notice_questions,
    order_paper,
    question_entries,
    question_notes,
    session_record,
    written_questions,
)

# the order matters: the more specific heads first (an Order Paper's entry is also a written
# question; a record of a question time is tried after the question entries it may contain)
READERS = (
    order_paper.read,
    notice_questions.read,
    written_questions.read,
    question_entries.read,
    session_record.read,
    question_notes.read,
)


def read_layout(lines: list[str]):
    """The letter as the first layout reader that recognises `lines` reads it, or None."""
    for read in READERS:
        letter = read(lines)
        if letter:
            return letter
    return None
