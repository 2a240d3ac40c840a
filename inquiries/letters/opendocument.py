"""OpenDocument (.odt, LibreOffice) and RTF: paragraphs, headings and list items, with the labels
of numbered lists. Runs in the limited child process (see extract.py)."""

from __future__ import annotations

import io
import zipfile

from .base import MAX_UNPACKED_BYTES, LetterError, _, too_complex
from .word import roman_numeral

_ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODF_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_ODF_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODF_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def odt_text(data: bytes) -> str:
    """Paragraphs, headings and list items of content.xml; numbered lists get their labels
    ("1.", "a)"), which LibreOffice draws but does not store in the text."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("content.xml")
        if info.file_size > MAX_UNPACKED_BYTES:
            raise too_complex()
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
        roman = roman_numeral(value)
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


def rtf_text(data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    return rtf_to_text(data.decode("latin-1"), errors="ignore")
