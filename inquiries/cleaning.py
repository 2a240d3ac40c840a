"""Text that people type, cleaned once, where it enters: every form of the app.

Control characters have no place in an inquiry, an answer or a letter, and some break what is
made from the text: a vertical tab in a subject made the PDF's XMP metadata unparseable (every
signing attempt failed), a line break in a subject made an e-mail header invalid. Forms derive
from `CleanTextForm` / `CleanTextModelForm` (a test checks that all of them do), so every text
field loses them before it is validated; single-line fields also lose line breaks and tabs.
Output that cannot rely on clean input (text stored before, an import) uses `clean_text` and
`header_text` too.

Text limits: generous for a council's letters, far below what makes rendering slow.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.datastructures import MultiValueDict

SUBJECT_MAX_LENGTH = 300
QUESTION_MAX_LENGTH = 5_000
ANSWER_MAX_LENGTH = 30_000
LONG_TEXT_MAX_LENGTH = 20_000  # preamble, justification, contributions, interim replies
SHORT_TEXT_MAX_LENGTH = 2_000  # closing, comments on a step, reasons

# C0 controls except tab and the line breaks below, DEL, C1 controls, lone surrogates and Unicode
# noncharacters (U+FDD0–U+FDEF and the last two code points of every plane).
_UNWANTED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
# Word writes a line break within a paragraph as a vertical tab, a page break as a form feed
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_SINGLE_LINE = re.compile("[\n\t]+")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """`value` without control characters: line breaks become "\\n" (or, single-line, a
    space, as do tabs); the rest of the control characters and noncharacters go."""
    if not value:
        return value
    value = _UNWANTED.sub("", _LINE_BREAKS.sub("\n", value))
    if not multiline:
        value = _SINGLE_LINE.sub(" ", value)
    return value


def header_text(value: str) -> str:
    """One line, safe for an e-mail header (a subject): whitespace runs become one space."""
    return " ".join(clean_text(str(value), multiline=False).split())


def _is_multiline(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.Textarea)


class CleanTextMixin:
    """Cleans the submitted text of the form's own fields before the form validates them (see
    the module docstring). Files and other keys of the request pass unchanged."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = self._cleaned_input(self.data)

    def _cleaned_input(self, data):
        own = {self.add_prefix(name): _is_multiline(field) for name, field in self.fields.items()}
        if hasattr(data, "getlist"):  # a QueryDict: a new one; the lists of other keys are shared
            cleaned = MultiValueDict(dict(data.lists()))
            for key, multiline in own.items():
                if key in data:
                    cleaned.setlist(key, [_clean_value(value, multiline) for value in data.getlist(key)])
            return cleaned
        return {key: _clean_value(value, own[key]) if key in own else value for key, value in data.items()}


def _clean_value(value, multiline: bool):
    if isinstance(value, str):
        return clean_text(value, multiline=multiline)
    if isinstance(value, list | tuple):
        return [clean_text(item, multiline=multiline) if isinstance(item, str) else item for item in value]
    return value


class RequiredNotInvalidMixin:
    """Required selects and file inputs say so with aria-required instead of the required
    attribute: Chromium exposes an empty required select or file input as invalid from the first
    load, before anyone chose anything, and screen readers announce "invalid entry" (WCAG 3.3.1).
    The server validates them; its errors are announced by the error summary."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.required and isinstance(field.widget, forms.Select | forms.FileInput):
                field.widget.attrs["aria-required"] = "true"
                field.widget.use_required_attribute = _never


def _never(initial) -> bool:
    return False


class CleanTextForm(CleanTextMixin, RequiredNotInvalidMixin, forms.Form):
    pass


class CleanTextModelForm(CleanTextMixin, RequiredNotInvalidMixin, forms.ModelForm):
    pass
