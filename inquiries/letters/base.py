"""Shared pieces of the letter reader: the error type, limits and result types.

Nothing here touches the database; the module imports without Django settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from django.utils.translation import gettext

# An upload larger than this is refused before anything is parsed.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A .docx or .odt is a ZIP; one that unpacks to more than this is no letter but a zip bomb (a
# letter of fifty pages unpacks to a few megabytes).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Text longer than this is refused by parse_letter (and by extract_text, for unpacked documents).
MAX_TEXT_CHARS = 5_000_000
# A letter with more questions than this is not an inquiry a council office can work with (and a
# review form with tens of thousands of rows takes a minute to render): refused with a message.
MAX_QUESTIONS = 200

# `ParsedLetter.kind` of a reply document; the other kinds are `Inquiry.Kind` values.
REPLY = "reply"


def _(message: str) -> str:
    """gettext, but usable without configured settings (scripts, pure unit tests)."""
    try:
        return gettext(message)
    except (ImproperlyConfigured, AppRegistryNotReady):
        return message


class LetterError(ValueError):
    """The upload or text cannot be turned into a letter. The message is shown to the user."""


def too_many_questions() -> LetterError:
    return LetterError(
        _("The letter has more than %(limit)d questions; an inquiry this long cannot be imported.")
        % {"limit": MAX_QUESTIONS}
    )


def too_complex() -> LetterError:
    """A document that would exceed the limits of the child process that reads it."""
    return LetterError(
        _("The file is too complex to read; please save the letter as a simple PDF or paste its text.")
    )


@dataclass
class ParsedQuestion:
    """A question as the letter writes it. `number` is the label without punctuation ("1",
    "1.2", "a", "IV"), or None where the letter numbers nothing. `doubts` name what the reader
    was unsure about (shown in the review form); empty means read with confidence."""

    number: str | None
    text: str
    sub_questions: list[ParsedQuestion] = field(default_factory=list)
    answer: str = ""
    doubts: list[str] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        return 1.0 if not self.doubts else 0.5

    def to_dict(self, *, nested: bool = True) -> dict:
        data: dict = {"number": self.number, "text": self.text}
        if nested:
            data["sub_questions"] = [sub.to_dict(nested=False) for sub in self.sub_questions]
            data["answer"] = self.answer or None
        elif self.answer:
            data["answer"] = self.answer
        return data


@dataclass
class Person:
    """Someone who signs or sends the letter: "Sabine Zürn", "Stadträtin", "Die Linke"."""

    name: str
    role: str = ""
    group: str = ""

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.role, self.group) if part)


@dataclass
class ParsedLetter:
    kind: str = "anfrage"  # an Inquiry.Kind value, or REPLY for the administration's reply
    inquiry_kind: str = "anfrage"  # the kind of inquiry (for a reply: the one it answers)
    title: str = ""
    addressee: str = ""
    senders: list[Person] = field(default_factory=list)
    sender_email: str = ""
    date: str = ""  # ISO yyyy-mm-dd, or "" if the letter carries no date
    reference: str = ""  # the letter's own number (Drucksache, Vorlage), as written
    deadline_text: str = ""
    preamble: str = ""
    questions: list[ParsedQuestion] = field(default_factory=list)
    justification: str = ""
    closing: str = ""
    salutation: str = ""
    # What the reader was unsure about in the letter as a whole (shown in the review form).
    doubts: list[str] = field(default_factory=list)
    # Doubts about one field of the letter ("title", "sender", "justification", …): the review
    # form shows each on its field; they are in `doubts` too.
    field_doubts: dict[str, list[str]] = field(default_factory=dict)
    # How the text was obtained when that matters for checking it ("read by OCR").
    source_note: str = ""

    @property
    def is_reply(self) -> bool:
        return self.kind == REPLY

    @property
    def sender(self) -> str:
        """Everyone who signed, as "Name, role, group; Name, role, group"."""
        return "; ".join(str(person) for person in self.senders)

    @property
    def sender_name(self) -> str:
        return ", ".join(person.name for person in self.senders)

    @property
    def sender_role(self) -> str:
        first = self.senders[0] if self.senders else None
        if first is None:
            return ""
        return ", ".join(part for part in (first.role, first.group) if part)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "sender": self.sender or None,
            "date": self.date or None,
            "reference": self.reference or None,
            "addressee": self.addressee or None,
            "deadline_text": self.deadline_text or None,
            "preamble": self.preamble,
            "questions": [question.to_dict() for question in self.questions],
            "justification": self.justification or None,
            "closing": self.closing or None,
            "uncertain": self.uncertain(),
        }

    def doubt(self, text: str, *, about: str = "") -> None:
        """Record a doubt, about one field when `about` names it."""
        self.doubts.append(text)
        if about:
            self.field_doubts.setdefault(about, []).append(text)

    def page_doubts(self) -> list[str]:
        """The doubts that are about no single field or question (shown on the page)."""
        on_fields = {text for texts in self.field_doubts.values() for text in texts}
        return [text for text in self.doubts if text not in on_fields]

    def uncertain(self) -> list[str]:
        """Every doubt, where it is: "Frage 3: …" (for the review form and --json)."""
        found = list(self.doubts)
        for index, question in enumerate(self.questions, 1):
            label = question.number or f"#{index}"
            found.extend(f"{label}: {doubt}" for doubt in question.doubts)
            for sub in question.sub_questions:
                found.extend(f"{label} {sub.number or ''}".strip() + f": {doubt}" for doubt in sub.doubts)
        return found

    def count_questions(self) -> int:
        return sum(1 + len(question.sub_questions) for question in self.questions)
