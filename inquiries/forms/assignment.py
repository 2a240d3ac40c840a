"""The council office's assignment of questions to departments: one form, checkboxes."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from inquiries.cleaning import CleanTextForm
from inquiries.models import Department


class _AssignmentFields(CleanTextForm):
    """Lead, participating departments and internal due date. Departments are passed in as a
    list (loaded once per page), so that a form per question does not query again."""

    lead_department = forms.TypedChoiceField(
        label=_("Lead department"), coerce=int, required=False, empty_value=None
    )
    participating_departments = forms.TypedMultipleChoiceField(
        label=_("Participating departments"), coerce=int, required=False
    )
    due_on = forms.DateField(
        label=_("Internal due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, departments: list[Department], **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = {d.pk: d for d in departments}
        choices = [(d.pk, str(d)) for d in departments]
        self.fields["lead_department"].choices = [("", _("– none –")), *choices]
        self.fields["participating_departments"].choices = choices

    def clean(self):
        data = super().clean()
        lead = data.get("lead_department")
        participating = data.get("participating_departments") or []
        if participating and not lead:
            raise forms.ValidationError(_("Choose a lead department for participating departments."))
        if lead and not data.get("due_on"):
            self.add_error("due_on", _("Set an internal due date."))
        data["lead"] = self.departments.get(lead) if lead else None
        data["participating"] = tuple(self.departments[pk] for pk in participating if pk != lead)
        return data


class AssignAllForm(_AssignmentFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="all", **kwargs)
        self.fields["participating_departments"].widget = forms.CheckboxSelectMultiple()
        self.fields["participating_departments"].choices = self.fields["participating_departments"].choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "lead_department",
            "participating_departments",
            "due_on",
            Submit(
                "assign_all", _("Assign all questions to these departments"), css_class="btn-outline-primary"
            ),
        )


class QuestionAssignmentForm(_AssignmentFields):
    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, prefix=f"q{question.pk}", **kwargs)
        self.question = question
        # checkboxes with the full names: no Ctrl-click, nothing cut off
        self.fields["participating_departments"].widget = forms.CheckboxSelectMultiple()
        self.fields["participating_departments"].choices = self.fields["participating_departments"].choices
