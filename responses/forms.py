from __future__ import annotations

from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inquiries.models import Department, Inquiry, Question
from responses.models import Answer


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_('Paragraphs are separated by a blank line; lines starting with "- " form a list.'),
    )
    # The version the text was based on: the optimistic lock (see services.save_answer).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("responses:answer_edit", args=[question.pk])
        self.helper.form_id = "answer-form"
        self.helper.layout = Layout("text", "version", Submit("save", _("Save draft")))


class ContributionForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Department.objects.none(), empty_label=None
    )
    text = forms.CharField(label=_("Contribution"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, question: Question, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.helper = FormHelper()
        self.helper.form_action = reverse("responses:contribution_add", args=[question.pk])
        self.helper.form_id = "contribution-form"
        self.helper.layout = Layout("department", "text", Submit("contribute", _("Add contribution")))


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Internal comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("responses:comment_add", args=[question.pk])
        self.helper.form_id = "comment-form"
        self.helper.layout = Layout("text", Submit("comment", _("Add comment"), css_class="btn-secondary"))


class InterimReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Interim reply"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What is known so far and why the answer takes longer."),
    )
    new_expected_on = forms.DateField(
        label=_("New expected date of the reply"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, inquiry: Inquiry, **kwargs):
        super().__init__(*args, **kwargs)
        self.inquiry = inquiry
        self.helper = FormHelper()
        self.helper.form_action = reverse("responses:interim_reply", args=[inquiry.pk])
        self.helper.layout = Layout("text", "new_expected_on", Submit("send", _("Send interim reply")))

    def clean_new_expected_on(self) -> date:
        value = self.cleaned_data["new_expected_on"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("Pick a date in the future."))
        return value


class WorklistFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("All")), ("missing", _("Not started")), *Answer.Status.choices]

    status = forms.ChoiceField(label=_("Answer status"), choices=STATUS_CHOICES, required=False)
    inquiry = forms.ModelChoiceField(
        label=_("Inquiry"), queryset=Inquiry.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, inquiries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inquiry"].queryset = inquiries
        self.fields["inquiry"].label_from_instance = lambda i: f"{i.reference or '–'} {i.subject[:60]}"
        self.fields["inquiry"].widget.attrs["class"] = "form-select"
