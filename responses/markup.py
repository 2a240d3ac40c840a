"""The answer markup: what staff type into an answer field, turned into safe HTML.

The rules are the ones people already follow in e-mails:

- paragraphs are separated by blank lines; a single line break stays a line break;
- lines starting with "- ", "* " or "• " form a bullet list;
- lines starting with "1. ", "2. " … form a numbered list (it starts where the first item says);
- a line indented by spaces right after a list item continues that item.

Everything the user typed is escaped. The output contains only <p>, <ul>, <ol>, <li> and <br>
(and a numeric `start` on <ol>), so the web page and the PDF render the same safe subset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BULLET = re.compile(r"^\s{0,3}[-*•]\s+(?P<text>.*)$")
_NUMBERED = re.compile(r"^\s{0,3}(?P<number>\d{1,4})\.\s+(?P<text>.*)$")
_CONTINUATION = re.compile(r"^\s{2,}\S")


@dataclass
class _Block:
    kind: str  # "p", "ul" or "ol"
    items: list[list[str]] = field(default_factory=list)  # list items; each a list of lines
    start: int = 1


def _parse(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.rstrip()
        if not line.strip():
            current = None
            continue
        bullet = _BULLET.match(line)
        numbered = None if bullet else _NUMBERED.match(line)
        if bullet or numbered:
            kind = "ul" if bullet else "ol"
            item_text = (bullet or numbered).group("text").strip()
            if current is None or current.kind != kind:
                current = _Block(kind, start=int(numbered.group("number")) if numbered else 1)
                blocks.append(current)
            current.items.append([item_text])
        elif current is not None and current.kind != "p" and _CONTINUATION.match(line):
            current.items[-1].append(line.strip())
        else:
            if current is None or current.kind != "p":
                current = _Block("p", items=[[]])
                blocks.append(current)
            current.items[0].append(line.strip())
    return blocks


def _lines(lines: list[str]) -> str:
    return "<br>".join(escape(line) for line in lines)


def render_markup(text: str | None) -> SafeString:
    """HTML for an answer. Safe to put into any template: user text is always escaped."""
    html: list[str] = []
    for block in _parse(text or ""):
        if block.kind == "p":
            html.append(f"<p>{_lines(block.items[0])}</p>")
            continue
        items = "".join(f"<li>{_lines(item)}</li>" for item in block.items)
        start = f' start="{block.start:d}"' if block.kind == "ol" and block.start != 1 else ""
        html.append(f"<{block.kind}{start}>{items}</{block.kind}>")
    return mark_safe("\n".join(html))
