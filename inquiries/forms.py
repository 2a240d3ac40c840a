"""Forms of the inquiries app. A form only validates; side effects go through services."""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from inquiries.models import Committee, Department, Inquiry, Question


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
