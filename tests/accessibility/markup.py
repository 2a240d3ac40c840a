"""Checks on a page's HTML that axe-core does not make (or makes only on the pages a browser test
opens): ids used twice, ARIA references to ids that do not exist, form controls without a name,
controls marked invalid before anyone typed. Used over every role's pages (see tests/pages.py)."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

# Elements a <label for=…> can name, and the controls that need a name.
LABELABLE = {"input", "select", "textarea", "button", "meter", "output", "progress"}
NO_NAME_NEEDED = {"hidden", "submit", "reset", "button", "image"}
REFERENCES = (
    "aria-describedby",
    "aria-labelledby",
    "aria-controls",
    "aria-errormessage",
    "for",
    "form",
    "list",
)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, id)
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.invalid: list[str] = []
        self._labels = 0  # open <label> elements: a control inside one is named by it
        self._buttons: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if "id" in attributes:
            self.ids[attributes["id"]] += 1
        for name in REFERENCES:
            if name in attributes and not (name == "for" and tag == "output"):
                for target in attributes[name].split():
                    self.references.append((tag, name, target))
        if tag == "label":
            self._labels += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        if attributes.get("aria-invalid") == "true":
            self.invalid.append(_describe(tag, attributes))
        if tag in ("input", "select", "textarea") and attributes.get("type", "text") not in NO_NAME_NEEDED:
            self.controls.append({"tag": tag, "attrs": attributes, "in_label": self._labels > 0})
        if tag == "button":
            button = {"tag": tag, "attrs": attributes, "text": ""}
            self.controls.append(button)
            self._buttons.append(button)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "label" and self._labels:
            self._labels -= 1
        if tag == "button" and self._buttons:
            self._buttons.pop()

    def handle_data(self, data):
        for button in self._buttons:
            button["text"] += data


def _describe(tag: str, attributes: dict) -> str:
    key = next((k for k in ("id", "name", "value") if attributes.get(k)), None)
    return f"<{tag} {key}={attributes[key]!r}>" if key else f"<{tag}>"


def _named(control: dict, label_for: set[str]) -> bool:
    attributes = control["attrs"]
    if attributes.get("aria-label", "").strip() or attributes.get("title", "").strip():
        return True
    if attributes.get("aria-labelledby", "").strip():
        return True
    if control["tag"] == "button":
        return bool(control["text"].strip())
    return control.get("in_label") or attributes.get("id") in label_for


def problems(html: str) -> list[str]:
    """What is wrong with the page's markup, one line per problem."""
    page = _Page()
    page.feed(html)
    found = [f"id {name!r} used {count} times" for name, count in page.ids.items() if count > 1]
    found += [
        f"<{tag} {attribute}={target!r}> points to no element"
        for tag, attribute, target in page.references
        if target not in page.ids
    ]
    found += [
        f"{_describe(control['tag'], control['attrs'])} has no accessible name"
        for control in page.controls
        if not _named(control, page.label_for)
    ]
    return found


def invalid_controls(html: str) -> list[str]:
    """Controls announced as invalid (aria-invalid="true")."""
    page = _Page()
    page.feed(html)
    return page.invalid
