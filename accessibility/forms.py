from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from inquiries.cleaning import LONG_TEXT_MAX_LENGTH, CleanTextForm


class BarrierReportForm(CleanTextForm):
    """A barrier report from anyone, signed in or not. Every field is bounded."""

    description = forms.CharField(
        label=_("Which barrier did you meet?"),
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What did you want to do, and what did not work?"),
    )
    page = forms.CharField(
        label=_("On which page?"),
        required=False,
        max_length=500,
        help_text=_("The address of the page or its title, if you know it."),
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        max_length=254,
        help_text=_("If you want an answer."),
    )

    def __init__(self, *args, **kwargs):
        # the statement page has the language form too: ids of its own
        kwargs.setdefault("prefix", "report")
        super().__init__(*args, **kwargs)
