"""The portal list's filters: they live in the URL (GET) and are rendered on every list request."""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from inquiries.cleaning import CleanTextForm
from inquiries.models import Committee, Department, Inquiry, Question


class PlainSelect(forms.Select):
    """A select written in Python: the same markup as Django's, without a template per option
    (a filter form with a few dozen options is rendered on every list request)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"] if option["value"] is not None else "",
                    " selected" if option["selected"] else "",
                    option["label"],
                )
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options)


class PlainInput:
    """An input written in Python, as `PlainSelect`: the same markup as Django's template."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = format_html(' value="{}"', widget["value"]) if widget["value"] is not None else ""
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], name, value, flatatt(widget["attrs"])
        )


class PlainTextInput(PlainInput, forms.TextInput):
    pass


class PlainNumberInput(PlainInput, forms.NumberInput):
    pass


class InquiryFilterForm(CleanTextForm):
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

    # choices from one narrow read each, validated against them (no query per chosen value)
    committee = forms.TypedChoiceField(
        label=_("Committee or faction"), coerce=int, empty_value=None, required=False, widget=PlainSelect
    )
    sender = forms.CharField(label=_("Sender"), required=False, max_length=100, widget=PlainTextInput)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *Inquiry.Kind.choices], required=False, widget=PlainSelect
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False, widget=PlainSelect)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1990, max_value=2100, widget=PlainNumberInput
    )
    department = forms.TypedChoiceField(
        label=_("Department"), coerce=int, empty_value=None, required=False, widget=PlainSelect
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False, widget=PlainSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        all_ = ("", _("All"))
        self.fields["committee"].choices = [all_, *Committee.objects.values_list("pk", "name")]
        self.fields["department"].choices = [
            all_,
            *(
                (pk, f"{code} {name}")
                for pk, code, name in Department.objects.values_list("pk", "code", "name")
            ),
        ]
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
            inquiries = inquiries.filter(committee_id=committee)
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
            inquiries = inquiries.overdue(today)
        elif status in ("answered", "withdrawn"):
            inquiries = inquiries.filter(status=status)
        if year := data.get("year"):
            inquiries = inquiries.filter(received_on__year=year)
        if department := data.get("department"):
            inquiries = inquiries.filter(
                Q(lead_department_id=department)
                | Q(pk__in=Question.objects.filter(lead_department_id=department).values("inquiry"))
            )
        sort = data.get("sort") or "-date"
        if sort == "deadline":
            return inquiries.order_by(F("effective_due").asc(nulls_last=True), "-pk")
        if sort == "date":
            return inquiries.order_by(
                F("received_on").asc(nulls_last=True), "reference_year", "reference_number", "pk"
            )
        return inquiries.order_by(*Inquiry._meta.ordering)
