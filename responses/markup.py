"""Answer text: plain paragraphs and "- " bullet lists, rendered safely to HTML.

Minimal version (the full one with numbered lists lands from another branch). Everything the
user typed is escaped; only the tags made here reach the page.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def render_markup(text: str) -> SafeString:
    """Blank lines separate blocks; a block whose lines start with "- " is a bullet list;
    single line breaks inside a paragraph are kept."""
    blocks = [b for b in (text or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    html = []
    for block in blocks:
        lines = [line.rstrip() for line in block.strip().split("\n") if line.strip()]
        if all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{escape(line.lstrip()[2:].strip())}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>".join(escape(line.strip()) for line in lines) + "</p>")
    return mark_safe("\n".join(html))
