"""Word (.docx): the paragraphs in reading order, with the numbering labels that Word draws
("1.", "a)") rebuilt from numbering.xml. Runs in the limited child process (see extract.py)."""

from __future__ import annotations

import io
import logging
import re
import zipfile

from .base import MAX_UNPACKED_BYTES, LetterError, _, too_complex

logger = logging.getLogger(__name__)

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


def docx_text(data: bytes, name: str) -> str:
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
        raise too_complex()

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


def roman_numeral(number: int) -> str:
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
        roman = roman_numeral(value) if 0 < value < 4000 else str(value)
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
