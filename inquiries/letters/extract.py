"""Turn an uploaded letter into plain text: PDF (with text recognition for scans), Word (.docx),
OpenDocument (.odt), RTF, e-mail (.eml, Outlook .msg: the attached letter, else the body),
images of a scanned page, and plain text.

The format is detected from the content, not from the file name: council offices get
letters as mail attachments whose names say little ("Scan_0012.pdf", "Anfrage", "x.txt").
The name is only used to choose a clearer error message.

Every format but plain text is read in a child process with limits on CPU time, memory and
wall time (`inquiries.bounded.run_bounded`): a few kilobytes of hostile PDF or a .docx that
unpacks to hundreds of megabytes cost one refused upload ("too complex"), never the web worker.

Adding a format: detect it in `_kind_of` (by content), read it in a function that returns the
text and is called from `_read_bounded`, raise LetterError with a message for the user on
anything unreadable, and add a letter in that format to the tests (docs/architecture.md).
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import shutil
import zipfile

from django.utils.translation import gettext

from inquiries.bounded import Limits, TooComplex, preload, run_bounded

from .base import MAX_TEXT_CHARS, MAX_UPLOAD_BYTES, LetterError, _

logger = logging.getLogger(__name__)

# A .docx or .odt is a ZIP; one that unpacks to more than this is no letter but a zip bomb (a
# letter of fifty pages unpacks to a few megabytes).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Pages of a scan that are read by text recognition (a letter has a few; a scanned file of
# hundreds of pages is not one letter and would take minutes).
MAX_OCR_PAGES = 10
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
        raise _too_complex() from exc
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


def _too_complex() -> LetterError:
    return LetterError(
        _("The file is too complex to read; please save the letter as a simple PDF or paste its text.")
    )


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
            return _msg_text(data)
        raise LetterError(_("Old Word files (.doc) cannot be read; please save the letter as .docx or PDF."))
    if kind == "rtf":
        return _rtf_text(data), ""
    if kind == "image":
        return _ocr_images([_image(data)]), OCR_NOTE
    if kind == "mail":
        return _eml_text(data)
    return _plain_text(data, name), ""


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
        return _odt_text(data)
    return _docx_text(data, name)


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
        return _ocr_pdf(data), OCR_NOTE
    # Fonts without a character map come out as "(cid:42)" for every glyph.
    if text.count("(cid:") * 8 > len(text) // 2:
        raise LetterError(_("The text in the PDF cannot be read (its fonts lack a character map)."))
    return text, ""


# --- Word (.docx) ---------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Subtrees whose text is not part of the running text: deletions (tracked changes), field
# codes, graphics and text boxes (letterheads), properties.
_SKIP_TAGS = frozenset(
    {
        _W + "pPr",
        _W + "rPr",
        _W + "del",
        _W + "moveFrom",
        _W + "delText",
        _W + "instrText",
        _W + "drawing",
        _W + "pict",
        _W + "object",
        _W + "footnoteReference",
        _W + "endnoteReference",
        _W + "commentReference",
        _MC + "AlternateContent",
    }
)


def _docx_text(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            unpacked = sum(info.file_size for info in infos)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        if name.endswith((".docx", ".docm", ".dotx")):
            raise LetterError(_("The Word file is damaged or incomplete.")) from exc
        raise LetterError(_("The ZIP file is damaged or incomplete.")) from exc
    if "word/document.xml" not in names:
        if name.endswith((".docx", ".docm", ".dotx")):
            raise LetterError(_("The Word file is damaged or incomplete."))
        raise LetterError(_("The ZIP file is not a Word document (.docx)."))
    if unpacked > MAX_UNPACKED_BYTES:
        raise _too_complex()

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        logger.info("python-docx failed: %r", exc)
        raise LetterError(_("The Word file is damaged or incomplete.")) from exc
    numbering = _Numbering(document)
    paragraphs: list[str] = []
    for paragraph in _iter_paragraphs(document.element.body):
        if paragraph is None:  # end of a table cell: keep cells apart
            paragraphs.append("")
            continue
        text = _paragraph_text(paragraph)
        label = numbering.label(paragraph)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        paragraphs.append(text)
    # Word paragraphs are real paragraphs: separate them by a blank line so that the parser
    # never mistakes two of them for one hard-wrapped paragraph.
    return "\n\n".join(p for p in paragraphs if p.strip())


def _iter_paragraphs(container):
    """Yield the w:p elements of a body or table cell in reading order (None after a cell)."""
    for child in container:
        tag = child.tag
        if tag == _W + "p":
            yield child
        elif tag == _W + "tbl":
            for row in child.iter(_W + "tr"):
                for cell in row.findall(_W + "tc"):
                    yield from _iter_paragraphs(cell)
                    yield None
        elif tag in (_W + "sdt", _W + "customXml", _W + "sdtContent", _W + "ins", _W + "smartTag"):
            yield from _iter_paragraphs(child)


def _paragraph_text(paragraph) -> str:
    parts: list[str] = []
    stack = [iter(paragraph)]
    while stack:  # iterative walk: hostile documents can nest deeply
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:
            continue
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag in (_W + "tab", _W + "ptab"):
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "p":  # a paragraph inside a paragraph (text box leftovers)
            parts.append("\n")
            stack.append(iter(child))
        else:
            stack.append(iter(child))
    return "".join(parts)


def _roman(number: int) -> str:
    result = []
    for value, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        count, number = divmod(number, value)
        result.append(letters * count)
    return "".join(result)


def _format_counter(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        if value < 1:
            return ""
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value) if 0 < value < 4000 else str(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "none":
        return ""
    return str(value)


def _val(element, tag: str) -> str | None:
    if element is None:
        return None
    child = element.find(_W + tag)
    if child is None:
        return None
    return child.get(_W + "val")


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _Numbering:
    """Reconstructs the labels ("1.", "a)", "1.2") that Word draws for numbered paragraphs.

    Word keeps them out of the text: a paragraph only says "list 3, level 1" (w:numPr, directly
    or through its style), and numbering.xml says how each level is counted and drawn. Counters
    are kept per abstract list; a higher level resets the levels below it.
    """

    def __init__(self, document) -> None:
        self.levels: dict[
            str, dict[int, tuple[int, str, str]]
        ] = {}  # abstract id -> ilvl -> (start, fmt, text)
        self.style_levels: dict[tuple[str, str], int] = {}  # (abstract id, style id) -> ilvl
        self.num_to_abstract: dict[str, str] = {}
        self.start_overrides: dict[str, dict[int, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.style_numpr: dict[str, tuple[str | None, str | None]] = {}
        try:
            numbering_element = document.part.numbering_part.element
        except Exception:  # no numbering part at all
            numbering_element = None
        if numbering_element is not None:
            self._read_numbering(numbering_element)
        try:
            styles_element = document.styles.element
        except Exception:
            styles_element = None
        if styles_element is not None:
            self._read_styles(styles_element)

    def _read_numbering(self, root) -> None:
        for abstract in root.findall(_W + "abstractNum"):
            abstract_id = abstract.get(_W + "abstractNumId", "")
            levels = {}
            for lvl in abstract.findall(_W + "lvl"):
                ilvl = _int(lvl.get(_W + "ilvl"))
                levels[ilvl] = (
                    _int(_val(lvl, "start"), 1),
                    _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "",
                )
                style = _val(lvl, "pStyle")
                if style:
                    self.style_levels[(abstract_id, style)] = ilvl
            self.levels[abstract_id] = levels
        for num in root.findall(_W + "num"):
            num_id = num.get(_W + "numId", "")
            self.num_to_abstract[num_id] = _val(num, "abstractNumId") or ""
            overrides = {}
            for override in num.findall(_W + "lvlOverride"):
                start = _val(override, "startOverride")
                if start is not None:
                    overrides[_int(override.get(_W + "ilvl"))] = _int(start, 1)
            if overrides:
                self.start_overrides[num_id] = overrides

    def _read_styles(self, root) -> None:
        own: dict[str, tuple[str | None, str | None, str | None]] = {}
        for style in root.findall(_W + "style"):
            style_id = style.get(_W + "styleId")
            if not style_id:
                continue
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            num_id = _val(num_pr, "numId") if num_pr is not None else None
            ilvl = _val(num_pr, "ilvl") if num_pr is not None else None
            own[style_id] = (num_id, ilvl, _val(style, "basedOn"))
        for style_id in own:
            seen = set()
            current: str | None = style_id
            while current and current in own and current not in seen:
                seen.add(current)
                num_id, ilvl, based_on = own[current]
                if num_id is not None:
                    self.style_numpr[style_id] = (num_id, ilvl)
                    break
                current = based_on

    def label(self, paragraph) -> str:
        ppr = paragraph.find(_W + "pPr")
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        num_id = _val(num_pr, "numId") if num_pr is not None else None
        ilvl_value = _val(num_pr, "ilvl") if num_pr is not None else None
        style_id = _val(ppr, "pStyle") if ppr is not None else None
        if num_id is None and style_id in self.style_numpr:
            num_id, ilvl_value = self.style_numpr[style_id]
        if num_id is None or num_id == "0":
            return ""
        abstract_id = self.num_to_abstract.get(num_id)
        levels = self.levels.get(abstract_id or "")
        if not levels:
            return ""
        if ilvl_value is None and style_id:
            ilvl = self.style_levels.get((abstract_id, style_id), 0)
        else:
            ilvl = min(max(_int(ilvl_value), 0), 8)
        if ilvl not in levels:
            return ""
        counters = self.counters.get(abstract_id)
        if counters is None or num_id in self.start_overrides:
            overrides = self.start_overrides.pop(num_id, {})
            counters = [levels.get(i, (1, "", ""))[0] - 1 for i in range(9)]
            for level, start in overrides.items():
                if 0 <= level < 9:
                    counters[level] = start - 1
            self.counters[abstract_id] = counters
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = levels.get(deeper, (1, "", ""))[0] - 1
        start, fmt, template = levels[ilvl]
        if fmt == "bullet":
            return "-"
        if not template:
            return ""

        def substitute(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            level_fmt = levels.get(level, (1, "decimal", ""))[1]
            return _format_counter(max(counters[level], 0), level_fmt)

        return re.sub(r"%([1-9])", substitute, template).strip()


# --- OpenDocument (.odt) --------------------------------------------------------------------

_ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODF_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_ODF_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODF_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _odt_text(data: bytes) -> str:
    """Paragraphs, headings and list items of content.xml; numbered lists get their labels
    ("1.", "a)"), which LibreOffice draws but does not store in the text."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("content.xml")
        if info.file_size > MAX_UNPACKED_BYTES:
            raise _too_complex()
        try:
            root = ElementTree.fromstring(archive.read(info))
        except ElementTree.ParseError as exc:
            raise LetterError(_("The OpenDocument file is damaged or incomplete.")) from exc
    numbered = _odt_numbered_list_styles(root)
    paragraphs: list[str] = []
    body = root.find(f"{_ODF_OFFICE}body")
    if body is None:
        raise LetterError(_("The OpenDocument file is damaged or incomplete."))
    _odt_walk(body, paragraphs, numbered, [])
    return "\n\n".join(p for p in paragraphs if p.strip())


def _odt_numbered_list_styles(root) -> dict[str, dict[int, tuple[str, str]]]:
    """list style name -> level -> (num-format "1"/"a"/"A"/"i", suffix ")" or ".")."""
    styles: dict[str, dict[int, tuple[str, str]]] = {}
    for style in root.iter(f"{_ODF_TEXT}list-style"):
        levels = {}
        for level in style.findall(f"{_ODF_TEXT}list-level-style-number"):
            number_format = level.get(f"{_ODF_STYLE}num-format") or ""
            if number_format:
                levels[int(level.get(f"{_ODF_TEXT}level", "1"))] = (
                    number_format,
                    level.get(f"{_ODF_STYLE}num-suffix", "."),
                )
        styles[style.get(f"{_ODF_STYLE}name", "")] = levels
    return styles


def _odt_label(value: int, number_format: str, suffix: str) -> str:
    if number_format in ("a", "A"):
        letter = chr(ord("a") + (value - 1) % 26)
        return (letter.upper() if number_format == "A" else letter) + suffix
    if number_format in ("i", "I"):
        roman = _roman(value)
        return (roman.upper() if number_format == "I" else roman) + suffix
    return f"{value}{suffix}"


def _odt_walk(element, paragraphs: list[str], numbered, lists: list[tuple[str, int]]) -> None:
    stack = [(child, list(lists)) for child in reversed(list(element))]
    counters: dict[int, int] = {}
    while stack:  # iterative: hostile documents can nest deeply
        child, context = stack.pop()
        tag = child.tag
        if tag in (f"{_ODF_TEXT}p", f"{_ODF_TEXT}h"):
            paragraphs.append(_odt_inline_text(child))
        elif tag == f"{_ODF_TEXT}list":
            style = child.get(f"{_ODF_TEXT}style-name") or (context[-1][0] if context else "")
            level = len(context) + 1
            key = id(child)
            counters[key] = int(child.get(f"{_ODF_TEXT}start-value") or 0)
            for item in reversed(list(child)):
                stack.append((item, [*context, (style, level, key)]))
        elif tag == f"{_ODF_TEXT}list-item":
            style, level, key = context[-1]
            counters[key] += 1
            number_format, suffix = numbered.get(style, {}).get(level, ("", ""))
            label = _odt_label(counters[key], number_format, suffix) if number_format else "-"
            texts: list[str] = []
            _odt_walk(child, texts, numbered, context)
            if texts:
                texts[0] = f"{label} {texts[0]}"
            paragraphs.extend(texts)
        elif tag in (f"{_ODF_TABLE}table-cell", f"{_ODF_TEXT}section", f"{_ODF_OFFICE}text") or tag.endswith(
            ("}table", "}table-row", "}table-rows", "}table-header-rows")
        ):
            for sub in reversed(list(child)):
                stack.append((sub, context))


def _odt_inline_text(paragraph) -> str:
    parts: list[str] = []
    stack = [(paragraph, False)]
    while stack:
        node, tail = stack.pop()
        if tail:
            parts.append(node.tail or "")
            continue
        tag = node.tag
        if tag == f"{_ODF_TEXT}s":
            parts.append(" " * int(node.get(f"{_ODF_TEXT}c", "1")))
        elif tag == f"{_ODF_TEXT}tab":
            parts.append("\t")
        elif tag == f"{_ODF_TEXT}line-break":
            parts.append("\n")
        elif tag in (f"{_ODF_TEXT}note", f"{_ODF_OFFICE}annotation"):
            pass  # footnotes and comments are not running text
        else:
            parts.append(node.text or "")
            if node is not paragraph:
                stack.append((node, True))
            for sub in reversed(list(node)):
                stack.append((sub, False))
            continue
        if node is not paragraph:
            stack.append((node, True))
    return "".join(parts)


# --- RTF ------------------------------------------------------------------------------------


def _rtf_text(data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    return rtf_to_text(data.decode("latin-1"), errors="ignore")


# --- e-mail (.eml and Outlook .msg) ---------------------------------------------------------

_LETTER_SUFFIXES = (".pdf", ".docx", ".odt", ".rtf", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def _mail_head(sender: str, to: str, subject: str, date: str) -> str:
    """The mail's fields in the form the letter reader knows from pasted e-mails."""
    fields = [("Von", sender), ("An", to), ("Datum", date), ("Betreff", subject)]
    return "\n".join(f"{label}: {' '.join(value.split())}" for label, value in fields if value) + "\n\n"


def _attached_letter(attachments: list[tuple[str, bytes]]) -> tuple[str, str] | None:
    """The text of the first attachment that is a letter (PDF, Word, OpenDocument, RTF, text)."""
    for name, payload in attachments:
        if name.lower().endswith(_LETTER_SUFFIXES) and payload:
            if _kind_of(payload) == "text":
                return _plain_text(payload, name.lower()), ""
            return _read_bounded(payload, name.lower())
    return None


def _eml_text(data: bytes) -> tuple[str, str]:
    from email import policy
    from email.parser import BytesParser

    message = BytesParser(policy=policy.default).parsebytes(data)
    attachments = [
        (part.get_filename() or "", part.get_payload(decode=True) or b"")
        for part in message.iter_attachments()
        if not part.is_multipart()
    ]
    attached = _attached_letter(attachments)
    if attached is not None:
        return attached
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        raise LetterError(_("The e-mail contains no text and no attached letter."))
    text = body.get_content()
    if body.get_content_type() == "text/html":
        text = _html_to_text(text)
    head = _mail_head(
        str(message["from"] or ""),
        str(message["to"] or ""),
        str(message["subject"] or ""),
        str(message["date"] or ""),
    )
    return head + text, ""


def _msg_text(data: bytes) -> tuple[str, str]:
    import extract_msg

    try:
        message = extract_msg.openMsg(data)
    except Exception as exc:
        raise LetterError(_("The Outlook message (.msg) is damaged or incomplete.")) from exc
    try:
        attachments = []
        for attachment in message.attachments:
            payload = getattr(attachment, "data", None)
            name = (
                getattr(attachment, "longFilename", None) or getattr(attachment, "shortFilename", None) or ""
            )
            if isinstance(payload, bytes):
                attachments.append((name, payload))
        attached = _attached_letter(attachments)
        if attached is not None:
            return attached
        text = message.body or ""
        if not text.strip() and message.htmlBody:
            html = message.htmlBody
            text = _html_to_text(html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
        head = _mail_head(
            str(message.sender or ""),
            str(message.to or ""),
            str(message.subject or ""),
            str(message.date or ""),
        )
        return head + text, ""
    finally:
        message.close()


def _html_to_text(html: str) -> str:
    from html import unescape

    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", html)
    html = re.sub(r"(?i)<br\s*/?>|</(?:p|div|li|tr|h[1-6])>", "\n", html)
    html = re.sub(r"(?i)<li\b[^>]*>", "- ", html)
    return unescape(re.sub(r"<[^>]+>", "", html))


# --- text recognition (scans) ---------------------------------------------------------------


def ocr_available() -> bool:
    """Is text recognition installed (Debian's tesseract-ocr with the German language data)?"""
    if shutil.which("tesseract") is None:
        return False
    try:
        import pytesseract

        return "deu" in pytesseract.get_languages(config="")
    except Exception:  # a broken installation is no installation
        return False


def _scan_without_ocr() -> LetterError:
    return LetterError(
        _(
            "The file is a scan without a text layer, and text recognition (OCR) is not installed on "
            "this server. Please paste the letter's text or upload it as Word or text PDF."
        )
    )


def _image(data: bytes):
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 million
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _ocr_pdf(data: bytes) -> str:
    if not ocr_available():
        raise _scan_without_ocr()
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        images = [
            document[index].render(scale=300 / 72).to_pil()
            for index in range(min(len(document), MAX_OCR_PAGES))
        ]
    finally:
        document.close()
    return _ocr_images(images)


def _ocr_images(images) -> str:
    if not ocr_available():
        raise _scan_without_ocr()
    import pytesseract

    pages = [
        pytesseract.image_to_string(image, lang="deu+eng" if _has_english() else "deu") for image in images
    ]
    text = "\f".join(pages)
    if sum(ch.isalpha() for ch in text) < 20:
        raise LetterError(_("No text could be recognised in the scan."))
    return text


def _has_english() -> bool:
    import pytesseract

    return "eng" in pytesseract.get_languages(config="")
