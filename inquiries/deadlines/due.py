"""Due, due soon, overdue: the one definition, for inquiries and for questions. Pure.

An inquiry is planned against its effective due date (`Inquiry.effective_due_on`: the date an
interim reply promised, else the deadline); a question against its internal due date. Overdue is
by the calendar: due yesterday is overdue even if yesterday was a Sunday. Due soon counts the
working days left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from inquiries.deadlines.calendar import WorkCalendar

# "Due soon" on the worklist: this many working days left, or fewer.
DUE_SOON_WORKING_DAYS = 3


def is_past_due(due_on: date | None, today: date) -> bool:
    return due_on is not None and due_on < today


@dataclass(frozen=True)
class DueState:
    days_left: int | None  # working days from today to the due date, below 0 when overdue
    is_overdue: bool
    is_due_soon: bool


def due_state(due_on: date | None, *, today: date, calendar: WorkCalendar, done: bool = False) -> DueState:
    """Where work due on `due_on` stands today; work that is `done` is neither overdue nor due
    soon (its working days left are still told)."""
    days_left = calendar.working_days_between(today, due_on) if due_on else None
    is_overdue = not done and is_past_due(due_on, today)
    is_due_soon = not done and not is_overdue and days_left is not None and days_left <= DUE_SOON_WORKING_DAYS
    return DueState(days_left=days_left, is_overdue=is_overdue, is_due_soon=is_due_soon)
