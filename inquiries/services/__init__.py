"""Domain logic that changes inquiries, by job:

- `registration`: reference numbers, registration with the deadline by the rules and its reason,
  referral to the next meeting, the sender told;
- `intake`: a letter read into an inquiry (one path for the web and the command line), writing,
  submitting, deleting drafts, withdrawing, follow-ups;
- `assignment`: questions to departments, with internal due dates;
- `stash`: uploaded letters between the import and the review;
- `base`: the event log, today, the refusal of a workflow step, the question tree.

Everything public is importable from `inquiries.services`.
"""

from inquiries.deadlines import internal_due_on
from inquiries.rules_of_procedure import committee_meetings, deadline_rules, determine_deadline
from inquiries.services.assignment import (
    Assignment,
    assign_questions,
    default_internal_due_on,
    department_recipients,
)
from inquiries.services.base import (
    InvalidTransition,
    question_tree,
    record_event,
    today,
)
from inquiries.services.intake import (
    FOLLOW_UP_SUBJECT,
    INQUIRY_WRITE_FIELDS,
    LETTER_FIELDS,
    LetterSource,
    create_follow_up,
    create_inquiry_from_letter,
    delete_draft,
    duplicate_letters,
    letter_digest,
    letter_fields,
    reply_is_signed,
    save_inquiry,
    submit_inquiry,
    unique_numbers,
    withdraw_inquiry,
)
from inquiries.services.registration import (
    REFERENCE_PREFIX,
    assign_reference,
    next_reference,
    refer_to_next_meeting,
    register_inquiry,
)
from inquiries.services.stash import (
    LETTER_STASH_DIR,
    LETTER_STASH_MAX_AGE,
    discard_letter,
    purge_letter_stash,
    stash_letter,
    unstash_letter,
)

__all__ = [
    "Assignment",
    "FOLLOW_UP_SUBJECT",
    "INQUIRY_WRITE_FIELDS",
    "InvalidTransition",
    "LETTER_FIELDS",
    "LETTER_STASH_DIR",
    "LETTER_STASH_MAX_AGE",
    "LetterSource",
    "REFERENCE_PREFIX",
    "assign_questions",
    "assign_reference",
    "committee_meetings",
    "create_follow_up",
    "create_inquiry_from_letter",
    "deadline_rules",
    "default_internal_due_on",
    "delete_draft",
    "department_recipients",
    "determine_deadline",
    "discard_letter",
    "duplicate_letters",
    "internal_due_on",
    "letter_digest",
    "letter_fields",
    "next_reference",
    "purge_letter_stash",
    "question_tree",
    "record_event",
    "refer_to_next_meeting",
    "register_inquiry",
    "reply_is_signed",
    "save_inquiry",
    "stash_letter",
    "submit_inquiry",
    "today",
    "unique_numbers",
    "unstash_letter",
    "withdraw_inquiry",
]
