"""Shared pieces of the letter extractor: the error type, limits and result types.

Nothing here touches the database; the module imports without Django settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from django.utils.translation import gettext

# An upload larger than this is refused before anything is parsed.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Text longer than this is refused by parse_letter (and by extract_text, for unpacked documents).
MAX_TEXT_CHARS = 5_000_000

KINDS = ("grosse_anfrage", "kleine_anfrage", "anfrage", "anfrage_zur_sitzung")


def _(message: str) -> str:
    """gettext, but usable without configured settings (scripts, pure unit tests)."""
    try:
        return gettext(message)
    except (ImproperlyConfigured, AppRegistryNotReady):
        return message


class LetterError(ValueError):
    """The upload or text cannot be turned into a letter. The message is shown to the user."""


@dataclass
class ParsedQuestion:
    number: str
    text: str
    sub_questions: list[ParsedQuestion] = field(default_factory=list)
    answer: str = ""

    def to_dict(self, *, nested: bool = True) -> dict:
        data: dict = {"number": self.number, "text": self.text}
        if nested:
            data["sub_questions"] = [sub.to_dict(nested=False) for sub in self.sub_questions]
            data["answer"] = self.answer
        elif self.answer:
            data["answer"] = self.answer
        return data


@dataclass
class ParsedLetter:
    kind: str = "anfrage"
    title: str = ""
    addressee: str = ""
    sender: str = ""
    sender_role: str = ""
    date: str = ""  # ISO yyyy-mm-dd, or "" if the letter carries no date
    deadline_text: str = ""
    preamble: str = ""
    questions: list[ParsedQuestion] = field(default_factory=list)
    justification: str = ""
    closing: str = ""
    # Not part of to_dict(), but there for the model fields of the same meaning.
    salutation: str = ""
    sender_email: str = ""

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "addressee": self.addressee,
            "sender": self.sender,
            "sender_role": self.sender_role,
            "date": self.date,
            "deadline_text": self.deadline_text,
            "preamble": self.preamble,
            "questions": [question.to_dict() for question in self.questions],
            "justification": self.justification,
            "closing": self.closing,
        }
