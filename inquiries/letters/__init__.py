"""Read council letters: extract_text() for uploads, parse_letter() for their text."""

from .base import (
    MAX_QUESTIONS,
    MAX_TEXT_CHARS,
    MAX_UPLOAD_BYTES,
    REPLY,
    LetterError,
    ParsedLetter,
    ParsedQuestion,
    Person,
)
from .extract import Extracted, extract_text
from .ocr import ocr_available
from .parse import parse_letter

__all__ = [
    "MAX_QUESTIONS",
    "MAX_TEXT_CHARS",
    "MAX_UPLOAD_BYTES",
    "REPLY",
    "Extracted",
    "LetterError",
    "ParsedLetter",
    "ParsedQuestion",
    "Person",
    "extract_text",
    "ocr_available",
    "parse_letter",
]
