"""The responses app's models: answers and replies with what was signed (`records`), the
answers as sent (`sent`), and the letter's settings and annexes (`letter`)."""

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
    ReplyQuerySet,
    SigningCertificate,
    WorkInquiryQuerySet,
    WorkQuerySet,
    unanswered,
    work_inquiries,
    work_questions,
)
from responses.models.sent import ReplyAnswer, ReplyAnswerQuerySet, readable_answers  # noqa: F401
