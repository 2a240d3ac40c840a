"""Every <input type="date"> carries its value as YYYY-MM-DD, whatever the language: a browser
shows a German "14.12.2026" as an empty field and posts it back empty (found by the browser
journey: the registration's dates and the letter date were lost)."""

from datetime import date

import pytest
from django import forms
from django.utils import translation

from inquiries.forms import (
    AssignAllForm,
    InquiryForm,
    QuestionAssignmentForm,
    RegisterForm,
)
from inquiries.forms.assignment import _AssignmentFields
from responses.forms import InterimReplyForm, ReplyForm

FORMS = [
    AssignAllForm,
    QuestionAssignmentForm,
    _AssignmentFields,
    InquiryForm,
    RegisterForm,
    InterimReplyForm,
    ReplyForm,
]


def _date_widgets():
    for form_class in FORMS:
        for name, field in form_class.base_fields.items():
            if isinstance(field.widget, forms.DateInput) and field.widget.input_type == "date":
                yield f"{form_class.__name__}.{name}", field.widget


@pytest.mark.parametrize("language", ["de", "en"])
def test_date_inputs_render_iso_dates(language):
    widgets = list(_date_widgets())
    assert len(widgets) >= 5
    with translation.override(language):
        for label, widget in widgets:
            html = widget.render("d", date(2026, 12, 14))
            assert 'value="2026-12-14"' in html, label
