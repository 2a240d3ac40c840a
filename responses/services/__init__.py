"""Domain logic of the responses app: `answers` (drafting, review,
contributions, history, progress, interim replies), `reminders`, `replies` (compose, sign,
send), `letter` (what the reply letter prints), `annexes`, `verification` (was a signed PDF signed by the municipality?) and `timeline` (the
inquiry's "Verlauf"). Services check the workflow's rules (states, versions); views check who
may call them (`responses.permissions`). Every write goes through `save()` so that
django-simple-history records who changed what."""

from responses.services.annexes import (  # noqa: F401
    ANNEX_MAX_BYTES,
    MAX_ANNEXES,
    AnnexError,
    add_annex,
    annex_type,
    remove_annex,
    reply_annexes,
)
from responses.services.answers import (  # noqa: F401
    ACTION_LABELS,
    COPY_REASON,
    TRANSITIONS,
    AnswerConflict,
    AnswerError,
    AnswerLocked,
    AnswerVersion,
    InvalidTransition,
    S,
    SeparationOfDuties,
    Transition,
    add_comment,
    add_contribution,
    answer_for,
    answer_versions,
    answers_locked_by_reply,
    author_may_not_approve,
    copy_earlier_answer,
    inquiry_progress,
    merge_contribution,
    normalize_answer_text,
    save_answer,
    send_interim_reply,
    set_answered_by_sub_questions,
    transition_answer,
    word_diff,
)
from responses.services.letter import (  # noqa: F401
    CAPACITY_LABELS,
    GENERAL_SALUTATION,
    REPLY_LETTER_RELATED,
    reply_document,
    salutation_for,
)
from responses.services.reminders import (  # noqa: F401
    ReminderSummary,
    council_office_recipients,
    send_reminders,
)
from responses.services.replies import (  # noqa: F401
    COMPOSE_FIELDS,
    ReplyAlreadyDone,
    ReplyError,
    ReplySigningFailed,
    current_reply,
    get_or_create_reply,
    mark_reply_ready,
    render_draft_pdf,
    reopen_reply,
    reply_file_name,
    send_reply,
    sign_reply,
    start_supplementary_reply,
    update_reply,
)
from responses.services.timeline import TimelineEntry, inquiry_timeline  # noqa: F401
from responses.services.verification import (  # noqa: F401
    VERIFY_LIMITS,
    keep_signing_certificate,
    municipality_certificates,
    verify_signed_pdf,
)
