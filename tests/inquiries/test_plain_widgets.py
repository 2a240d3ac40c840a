"""The list's filter widgets are written in Python (`inquiries.forms.filters`): the same
elements and attributes as Django's templates render, bound, empty and invalid."""

import re

import pytest
from django import forms

from inquiries.forms.filters import InquiryFilterForm, PlainNumberInput, PlainTextInput


def _attributes(html: str) -> tuple[str, set[str]]:
    tag = re.fullmatch(r"<(\w+)((?: [\w-]+(?:=\"[^\"]*\")?)*)>", html.strip())
    assert tag, html
    return tag.group(1), set(re.findall(r'[\w-]+(?:="[^"]*")?', tag.group(2)))


@pytest.mark.parametrize(
    ("plain", "django_widget", "value"),
    [
        (PlainTextInput, forms.TextInput, None),
        (PlainTextInput, forms.TextInput, 'Fraktion "A" & <B>'),
        (PlainNumberInput, forms.NumberInput, 2026),
    ],
)
def test_plain_inputs_render_as_django_s_templates(plain, django_widget, value):
    attrs = {"class": "form-control", "maxlength": "100", "required": True, "disabled": False}
    extra = {"id": "id_x", "aria-invalid": "true"}
    ours = plain(attrs=attrs).render("x", value, extra)
    theirs = django_widget(attrs=attrs).render("x", value, extra)
    assert _attributes(ours) == _attributes(theirs)


@pytest.mark.django_db
def test_an_invalid_year_is_marked_in_the_filter_form():
    form = InquiryFilterForm({"year": "abc", "sender": "Rat"})
    form.is_valid()
    year = str(form["year"])
    assert 'aria-invalid="true"' in year and 'value="abc"' in year
    assert 'value="Rat"' in str(form["sender"])
