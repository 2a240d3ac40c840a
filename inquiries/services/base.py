"""What every job of the services shares: the event log, today, the refusal of a workflow step, the question tree."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from inquiries.models import Event, Inquiry, Question


def question_tree(questions: list[Question]) -> list[Question]:
    """Nest a flat, ordered list of an inquiry's questions: each gets `.children` (one query
    for the whole tree instead of one per level)."""
    by_parent: dict[int | None, list[Question]] = {}
    for question in questions:
        by_parent.setdefault(question.parent_id, []).append(question)
    for question in questions:
        question.children = by_parent.get(question.pk, [])
    return by_parent.get(None, [])


def record_event(inquiry: Inquiry, kind: str, *, by, note: str = "", **data) -> Event:
    return Event.objects.create(inquiry=inquiry, kind=kind, actor=by, note=note, data=data)


def today() -> date:
    return timezone.localdate()


class InvalidTransition(Exception):
    """A workflow step that the current state does not allow; the message is for users."""


# The review form's field for each field of a letter (`letters.ParsedLetter`).
