"""Read council inquiry letters: extract_text() for uploads, parse_letter() for their text."""

from .base import MAX_TEXT_CHARS, MAX_UPLOAD_BYTES, LetterError, ParsedLetter, ParsedQuestion
from .extract import extract_text
from .parse import parse_letter

__all__ = [
    "MAX_TEXT_CHARS",
    "MAX_UPLOAD_BYTES",
    "LetterError",
    "ParsedLetter",
    "ParsedQuestion",
    "extract_text",
    "parse_letter",
]
