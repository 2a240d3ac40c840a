"""Deadlines under a council's rules of procedure (Geschäftsordnung). Pure: no database access.

- `calendar`: public holidays, working days, Werktage, periods (§§ 187, 188, 193 BGB).
- `rules`: the rules of procedure as data (`DeadlineRules`, read from and written to JSON).
- `phrases`: the one grammar of deadline phrases in letters (find them, read them).
- `due`: due, due soon and overdue (the one definition, for inquiries and questions).
- `engine`: the deadline, the interim reply's and the departments' due dates, with the reason.
- `command`: the JSON in and out of `manage.py compute_deadline`.

Everything public is importable from `inquiries.deadlines`.
"""

from inquiries.deadlines.calendar import (
    NAMED_HOLIDAYS,
    STATES,
    Period,
    Unit,
    WorkCalendar,
    add_months,
    add_working_days,
    easter_sunday,
    is_working_day,
    working_days_between,
)
from inquiries.deadlines.due import DUE_SOON_WORKING_DAYS, DueState, due_state, is_past_due
from inquiries.deadlines.engine import (
    Deadline,
    MeetingInfo,
    compute_deadline,
    internal_due_on,
    referral_deadline,
)
from inquiries.deadlines.phrases import (
    DeadlineKind,
    DeadlineRequest,
    PhraseMatch,
    find_deadline_phrase,
    find_deadline_phrases,
    parse_deadline_phrase,
)
from inquiries.deadlines.rules import AnswerDue, DeadlineRules, Referral, RulesError, SubmissionPeriod

__all__ = [
    "DUE_SOON_WORKING_DAYS",
    "DueState",
    "due_state",
    "is_past_due",
    "NAMED_HOLIDAYS",
    "STATES",
    "AnswerDue",
    "Deadline",
    "DeadlineKind",
    "DeadlineRequest",
    "DeadlineRules",
    "MeetingInfo",
    "Period",
    "PhraseMatch",
    "Referral",
    "RulesError",
    "SubmissionPeriod",
    "Unit",
    "WorkCalendar",
    "add_months",
    "add_working_days",
    "compute_deadline",
    "easter_sunday",
    "find_deadline_phrase",
    "find_deadline_phrases",
    "internal_due_on",
    "is_working_day",
    "parse_deadline_phrase",
    "referral_deadline",
    "working_days_between",
]
