"""The responses app's models: answers and replies with what was signed and sent (`records`),
and the letter's settings and annexes (`letter`)."""

from responses.models.letter import (  # noqa: F401
    Annex,
    AnnexQuerySet,
    FormOfAddress,
    LetterSettings,
    ReplyAnnex,
    _annex_path,  # named by migration 0008
    _letter_file_path,  # named by migration 0007
)
from responses.models.records import (  # noqa: F401
    Answer,
    AnswerQuerySet,
    Comment,
    Contribution,
    InterimReply,
    ReminderSent,
    Reply,
    ReplyAnswer,
    ReplyAnswerQuerySet,
    ReplyQuerySet,
    SigningCertificate,
    WorkInquiryQuerySet,
    WorkQuerySet,
    readable_answers,
    unanswered,
    work_inquiries,
    work_questions,
)
