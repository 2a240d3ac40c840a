from __future__ import annotations

from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inquiries.cleaning import (
    ANSWER_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    CleanTextForm,
    CleanTextModelForm,
)
from inquiries.models import Department, Inquiry, Question
from responses.models import Answer, Reply


class AnswerForm(CleanTextForm):
    text = forms.CharField(
        label=_("Answer"),
        required=False,
        max_length=ANSWER_MAX_LENGTH,
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
        self.helper.attrs = {"data-unsaved-warning": "true"}  # static/js/unsaved.js
        self.helper.layout = Layout("text", "version", Submit("save", _("Save draft")))


class ContributionForm(CleanTextForm):
    department = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Department.objects.none(), empty_label=None
    )
    text = forms.CharField(
        label=_("Contribution"), max_length=LONG_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, question: Question, departments, **kwargs):
        # the answer editor shows three forms with a "text" field: ids of their own
        kwargs.setdefault("auto_id", "id_contribution_%s")
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.helper = FormHelper()
        self.helper.form_action = reverse("responses:contribution_add", args=[question.pk])
        self.helper.form_id = "contribution-form"
        self.helper.attrs = {"data-unsaved-warning": "true"}  # static/js/unsaved.js
        self.helper.layout = Layout("department", "text", Submit("contribute", _("Add contribution")))


class CommentForm(CleanTextForm):
    text = forms.CharField(
        label=_("Internal comment"), max_length=LONG_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, question: Question, **kwargs):
        kwargs.setdefault("auto_id", "id_comment_%s")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("responses:comment_add", args=[question.pk])
        self.helper.form_id = "comment-form"
        self.helper.attrs = {"data-unsaved-warning": "true"}  # static/js/unsaved.js
        self.helper.layout = Layout("text", Submit("comment", _("Add comment"), css_class="btn-secondary"))


class InterimReplyForm(CleanTextForm):
    text = forms.CharField(
        label=_("Interim reply"),
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What is known so far and why the answer takes longer."),
    )
    new_expected_on = forms.DateField(
        label=_("New expected date of the reply"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, inquiry: Inquiry, **kwargs):
        super().__init__(*args, **kwargs)
        self.inquiry = inquiry
        self.helper = FormHelper()
        self.helper.form_action = reverse("responses:interim_reply", args=[inquiry.pk])
        self.helper.attrs = {"data-unsaved-warning": "true"}  # static/js/unsaved.js
        self.helper.layout = Layout("text", "new_expected_on", Submit("send", _("Send interim reply")))

    def clean_new_expected_on(self) -> date:
        value = self.cleaned_data["new_expected_on"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("Pick a date in the future."))
        return value


class WorklistFilterForm(CleanTextForm):
    STATUS_CHOICES = [("", _("All")), ("missing", _("Not started")), *Answer.Status.choices]

    status = forms.ChoiceField(label=_("Answer status"), choices=STATUS_CHOICES, required=False)
    # free text rather than a list of every open inquiry: a department may have hundreds
    inquiry = forms.CharField(
        label=_("Inquiry (reference or subject)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )


class ReplyForm(CleanTextModelForm):
    """The letter's own texts; questions and answers come from the answers themselves."""

    class Meta:
        model = Reply
        fields = ["letter_date", "intro", "closing", "signatory_name", "signatory_role", "capacity"]
        widgets = {
            "letter_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "intro": forms.Textarea(attrs={"rows": 4}),
            "closing": forms.TextInput(),
        }
        help_texts = {
            "letter_date": _("Empty: the day it is signed."),
            "intro": _(
                'Follows the salutation. Paragraphs are separated by a blank line; "- " starts a list.'
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closing"].required = True
        for name, limit in (("intro", LONG_TEXT_MAX_LENGTH), ("closing", SHORT_TEXT_MAX_LENGTH)):
            self.fields[name].max_length = limit
            self.fields[name].validators.append(MaxLengthValidator(limit))
            self.fields[name].widget.attrs["maxlength"] = str(limit)
        self.helper = FormHelper()
        self.helper.form_action = reverse("responses:reply_compose", args=[self.instance.pk])
        self.helper.form_id = "reply-form"
        self.helper.attrs = {"data-unsaved-warning": "true"}  # static/js/unsaved.js
        self.helper.layout = Layout(
            "letter_date",
            "intro",
            "closing",
            "signatory_name",
            "signatory_role",
            "capacity",
            Submit("save", _("Save letter")),
        )


PDF_MAGIC = b"%PDF-"


class VerifyForm(CleanTextForm):
    """A PDF to check. Checked by size and by content (the PDF header), not by its name."""

    file = forms.FileField(
        label=_("Signed PDF"),
        help_text=_("A reply as PDF, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
            )
        upload.seek(0)
        head = upload.read(1024)
        if PDF_MAGIC not in head:
            raise forms.ValidationError(_("This is not a PDF file."))
        upload.seek(0)
        return upload


class AnnexForm(CleanTextForm):
    """A file to attach: checked by size here, by content in `services.add_annex`."""

    title = forms.CharField(
        label=_("Title in the letter"),
        max_length=200,
        required=False,
        help_text=_('As listed under "Anlagen"; without: the file name.'),
        widget=forms.TextInput(attrs={"class": "form-control", "aria-describedby": "id_annex-title-help"}),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, image (PNG, JPEG), spreadsheet or Word document, up to 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.ods,.doc,.xls",
                "class": "form-control",
                "aria-describedby": "id_annex-file-help",
            }
        ),
    )

    def clean_file(self):
        from responses.services.annexes import ANNEX_MAX_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > ANNEX_MAX_BYTES:
            raise forms.ValidationError(_("An annex may be at most 10 MB."))
        return upload
