"""Turn an uploaded letter into plain text: PDF (with text recognition for scans), Word (.docx),
OpenDocument (.odt), RTF, e-mail (.eml, Outlook .msg: the attached letter, else the body),
images of a scanned page, and plain text.

The format is detected from the content, not from the file name: council offices get
letters as mail attachments whose names say little ("Scan_0012.pdf", "Anfrage", "x.txt").
The name is only used to choose a clearer error message.

Every format but plain text is read in a child process with limits on CPU time, memory and
wall time (`inquiries.bounded.run_bounded`): a few kilobytes of hostile PDF or a .docx that
unpacks to hundreds of megabytes cost one refused upload ("too complex"), never the web worker.

Adding a format: detect it in `_kind_of` (by content), read it in a module of its own (as
word.py, opendocument.py, mail.py and ocr.py do) whose function returns the text and is called
from `_read_bounded`, raise LetterError with a message for the user on anything unreadable, and add a letter in that format to the tests (docs/architecture.md).
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import zipfile

from django.utils.translation import gettext

from inquiries.bounded import Limits, TooComplex, preload, run_bounded

from . import mail, ocr
from .base import MAX_TEXT_CHARS, MAX_UPLOAD_BYTES, LetterError, _, too_complex
from .opendocument import odt_text, rtf_text
from .word import docx_text

logger = logging.getLogger(__name__)

# Limits for reading one upload; a real letter in any format needs a fraction of them. Text
# recognition runs in its own process (tesseract), so the wall time allows a few pages of it.
EXTRACTION_LIMITS = Limits(cpu_seconds=10, memory_bytes=768 * 1024 * 1024, wall_seconds=90.0)

OCR_NOTE = "ocr"  # Extracted.note of text read by text recognition

# The children that read uploads start with the parsers imported (half a second saved per upload).
preload("inquiries.letters.extract", "pdfminer.high_level", "pdfminer.layout", "docx")

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .msg
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
# An e-mail saved as .eml starts with header fields; these names do not occur in a letter's head.
_MAIL_HEADER_RE = re.compile(
    rb"^(?:(?:Received|Return-Path|Message-ID|MIME-Version|Content-Type|X-[\w-]+|DKIM-Signature|Delivered-To):)",
    re.IGNORECASE | re.MULTILINE,
)


class Extracted(str):
    """The text of a letter; `note` says how it was obtained when that matters for checking it
    (OCR_NOTE: read by text recognition from a scan)."""

    note: str = ""

    def __new__(cls, text: str, note: str = ""):
        value = super().__new__(cls, text)
        value.note = note
        return value

    def __reduce__(self):
        return (Extracted, (str(self), self.note))


def extract_text(data: bytes, filename: str = "") -> Extracted:
    """Return the text of a letter, with "\\n" line ends and paragraphs separated by blank lines
    where the format knows them (PDF text boxes, Word and OpenDocument paragraphs).

    Raises LetterError with a message for the user on anything that is not a readable letter:
    empty, too large, binary, encrypted or damaged PDF, scan without text recognition, damaged
    document, ZIP that is not a document, a file too complex to read within the limits. No
    other exception escapes for any bytes (a non-bytes argument is a programming error and
    raises TypeError).
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"extract_text() needs bytes, got {type(data).__name__}")
    data = bytes(data)
    if not data.strip():
        raise LetterError(_("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise LetterError(
            _("The file is larger than %(limit)d MB.") % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    name = filename.lower()
    note = ""
    try:
        if _kind_of(data) == "text":
            text = _plain_text(data, name)
        else:
            text, note = run_bounded(_read_bounded, data, name, limits=EXTRACTION_LIMITS)
    except TooComplex as exc:
        logger.info("letter extraction of %r stopped at its %s limit", filename, exc.reason)
        raise too_complex() from exc
    except LetterError as exc:
        # raised in the child, where translations are not loaded: translate here
        raise LetterError(gettext(str(exc))) from exc
    except Exception as exc:  # third-party parsers raise anything on hostile input
        logger.info("letter extraction failed for %r: %r", filename, exc)
        raise LetterError(_("The file could not be read.")) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_TEXT_CHARS:
        raise LetterError(_("The text of the letter is too long."))
    if not text.strip():
        raise LetterError(_("The file contains no text."))
    return Extracted(text, note)


def _kind_of(data: bytes) -> str:
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data[:4] in _ZIP_MAGICS:
        return "zip"
    if data.startswith(_OLE2_MAGIC):
        return "ole2"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data.startswith(_IMAGE_MAGICS):
        return "image"
    if len(_MAIL_HEADER_RE.findall(data[:8192])) >= 2:
        return "mail"
    return "text"


def _read_bounded(data: bytes, name: str) -> tuple[str, str]:
    """(text, note) of a document in any format but plain text. Runs in the limited child."""
    kind = _kind_of(data)
    if kind == "pdf":
        return _pdf_text(data)
    if kind == "zip":
        return _zip_text(data, name), ""
    if kind == "ole2":
        if name.endswith(".msg") or b"_\x00_\x00s\x00u\x00b\x00s\x00t\x00g\x00" in data[:1_000_000]:
            return mail.msg_text(data, read_document)
        raise LetterError(_("Old Word files (.doc) cannot be read; please save the letter as .docx or PDF."))
    if kind == "rtf":
        return rtf_text(data), ""
    if kind == "image":
        return ocr.ocr_images([ocr.image(data)]), OCR_NOTE
    if kind == "mail":
        return mail.eml_text(data, read_document)
    return _plain_text(data, name), ""


def read_document(data: bytes, name: str) -> tuple[str, str]:
    """(text, note) of a document in any format, plain text included (an e-mail's attachment)."""
    if _kind_of(data) == "text":
        return _plain_text(data, name), ""
    return _read_bounded(data, name)


def _zip_text(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {info.filename for info in archive.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        if name.endswith((".docx", ".docm", ".dotx")):
            raise LetterError(_("The Word file is damaged or incomplete.")) from exc
        if name.endswith(".odt"):
            raise LetterError(_("The OpenDocument file is damaged or incomplete.")) from exc
        raise LetterError(_("The ZIP file is damaged or incomplete.")) from exc
    if "content.xml" in names and "word/document.xml" not in names:
        return odt_text(data)
    return docx_text(data, name)


# --- plain text ----------------------------------------------------------------------------

# C0/C1 control characters other than tab, line feed, form feed and carriage return, plus the
# replacement character that a failed decode leaves behind.
_BAD_CHARS_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def _plain_text(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        raise _not_text_error(name)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Windows editors and old mail clients still write cp1252 ("Anfrage.txt" from Notepad).
            text = data.decode("cp1252", errors="replace")
    text = text.lstrip("\ufeff")
    bad = len(_BAD_CHARS_RE.findall(text))
    if bad and bad * 100 > len(text):  # more than 1 % control characters: not a text file
        raise _not_text_error(name)
    return text


def _not_text_error(name: str) -> LetterError:
    # the content decided that this is neither PDF, Word nor text; the name only words the message
    if name.endswith(".pdf"):
        return LetterError(_("The file is named .pdf, but its content is not a PDF."))
    if name.endswith((".docx", ".docm")):
        return LetterError(_("The file is named .docx, but its content is not a Word document."))
    if name.endswith(".doc"):
        return LetterError(_("Old Word files (.doc) cannot be read; please save the letter as .docx or PDF."))
    return LetterError(_("The file does not contain readable text."))


# --- PDF ------------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> tuple[str, str]:
    from pdfminer.high_level import extract_text as pdfminer_extract_text
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    # Every complete PDF ends with %%EOF (give or take trailing junk); a file cut off during
    # upload or mail transfer does not, and pdfminer would quietly return the first pages.
    if b"%%EOF" not in data[-4096:]:
        raise LetterError(_("The PDF file is damaged or incomplete."))
    try:
        text = pdfminer_extract_text(io.BytesIO(data), laparams=LAParams())
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise LetterError(_("The PDF file is password-protected.")) from exc
    except Exception as exc:  # pdfminer raises many kinds of errors on damaged files
        logger.info("pdfminer failed: %r", exc)
        raise LetterError(_("The PDF file is damaged or incomplete.")) from exc
    if sum(ch.isalpha() for ch in text[:20_000]) < 20:
        # no text layer: a scan; read it by text recognition where that is installed
        return ocr.ocr_pdf(data), OCR_NOTE
    # Fonts without a character map come out as "(cid:42)" for every glyph.
    if text.count("(cid:") * 8 > len(text) // 2:
        raise LetterError(_("The text in the PDF cannot be read (its fonts lack a character map)."))
    return text, ""
