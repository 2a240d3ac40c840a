"""Forms of the inquiries app. A form only validates; side effects go through services."""

from __future__ import annotations

from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from inquiries.models import Committee, Department, Inquiry, Question


class _AssignmentFields(forms.Form):
    """Lead, participating departments and internal due date. Departments are passed in as a
    list (loaded once per page), so that a form per question does not query again."""

    lead_department = forms.TypedChoiceField(
        label=_("Lead department"), coerce=int, required=False, empty_value=None
    )
    participating_departments = forms.TypedMultipleChoiceField(
        label=_("Participating departments"), coerce=int, required=False
    )
    due_on = forms.DateField(
        label=_("Internal due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
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
            Submit("assign_all", _("Assign all questions")),
        )


class QuestionAssignmentForm(_AssignmentFields):
    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, prefix=f"q{question.pk}", **kwargs)
        self.question = question
        self.fields["participating_departments"].widget.attrs.update({"size": 4, "class": "form-select"})



class InquiryFilterForm(forms.Form):
    """The portal list's filters. They live in the URL (GET), so a filtered list can be
    bookmarked and shared; an invalid value is ignored rather than failing the page."""

    STATUS_CHOICES = [
        ("", _("All")),
        ("open", _("Open")),
        ("overdue", _("Overdue")),
        ("answered", _("Answered")),
        ("withdrawn", _("Withdrawn")),
    ]
    SORT_CHOICES = [
        ("-date", _("Newest first")),
        ("date", _("Oldest first")),
        ("deadline", _("Deadline")),
    ]

    committee = forms.ModelChoiceField(
        label=_("Committee or faction"),
        queryset=Committee.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    sender = forms.CharField(label=_("Sender"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *Inquiry.Kind.choices], required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False, empty_label=_("All")
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.all()
        self.fields["department"].queryset = Department.objects.all()
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )

    def filter(self, inquiries: QuerySet[Inquiry], *, today: date) -> QuerySet[Inquiry]:
        """Apply the valid filters and the sort order to an already visibility-filtered queryset."""
        data = {}
        if self.is_bound:
            self.is_valid()  # an invalid field is dropped (and shown); the valid ones still filter
            data = self.cleaned_data
        inquiries = inquiries.annotate(effective_due=Coalesce("expected_on", "due_on"))
        if committee := data.get("committee"):
            inquiries = inquiries.filter(committee=committee)
        if sender := data.get("sender"):
            inquiries = inquiries.filter(
                Q(sender_name__icontains=sender) | Q(committee__name__icontains=sender)
            )
        if kind := data.get("kind"):
            inquiries = inquiries.filter(kind=kind)
        status = data.get("status")
        if status == "open":
            inquiries = inquiries.filter(status__in=Inquiry.OPEN_STATUSES)
        elif status == "overdue":
            # overdue is derived, never stored: open and past the (possibly extended) deadline
            inquiries = inquiries.filter(status__in=Inquiry.OPEN_STATUSES, effective_due__lt=today)
        elif status in ("answered", "withdrawn"):
            inquiries = inquiries.filter(status=status)
        if year := data.get("year"):
            inquiries = inquiries.filter(received_on__year=year)
        if department := data.get("department"):
            inquiries = inquiries.filter(
                Q(lead_department=department)
                | Q(pk__in=Question.objects.filter(lead_department=department).values("inquiry"))
            )
        sort = data.get("sort") or "-date"
        if sort == "deadline":
            return inquiries.order_by(F("effective_due").asc(nulls_last=True), "-pk")
        if sort == "date":
            return inquiries.order_by(
                F("received_on").asc(nulls_last=True), "reference_year", "reference_number", "pk"
            )
        return inquiries.order_by(*Inquiry._meta.ordering)
