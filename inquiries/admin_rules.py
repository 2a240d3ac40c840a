"""The admin of rules of procedure: the JSON, a live example ("received today → due on …,
because …"), export and import as JSON."""

from __future__ import annotations

import json
from datetime import date

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inquiries.deadlines import DeadlineRules, MeetingInfo, RulesError
from inquiries.models import Committee, GermanState, Municipality, RulesOfProcedure
from inquiries.rules_of_procedure import (
    committee_meetings,
    example_meetings,
    export_rules,
    import_rules,
    live_examples,
)


class RulesOfProcedureForm(forms.ModelForm):
    class Meta:
        model = RulesOfProcedure
        fields = ["name", "provisions", "source_url", "notes", "rules"]
        widgets = {"rules": forms.Textarea(attrs={"rows": 18, "cols": 90, "class": "rules-json"})}

    def clean_rules(self):
        rules = self.cleaned_data["rules"]
        try:
            DeadlineRules.from_json(rules, state=GermanState.NW)  # the state does not change validity
        except RulesError as exc:
            raise forms.ValidationError(str(exc)) from None
        return rules


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("JSON file"), required=False)
    text = forms.CharField(
        label=gettext_lazy("or paste the JSON"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "Needed for bare rules; an export carries its name. The same name updates a set."
        ),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        raw = upload.read(1_000_000).decode("utf-8", errors="replace") if upload else data.get("text", "")
        if not raw.strip():
            raise forms.ValidationError(_("Choose a file or paste the JSON."))
        try:
            data["json"] = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("This is not JSON: %(error)s (line %(line)d).") % {"error": exc.msg, "line": exc.lineno}
            ) from None
        return data


def _example_state(request: HttpRequest) -> str:
    state = request.POST.get("state") or request.GET.get("state")
    if state in GermanState.values:
        return state
    municipality = Municipality.current()
    return municipality.state if municipality else GermanState.NW


def _example_meetings(received_on: date) -> tuple[list[MeetingInfo], bool]:
    """The council's planned meetings (real ones, when there are), else example meetings."""
    council = Committee.objects.filter(kind=Committee.Kind.COUNCIL).order_by("pk").first()
    meetings = committee_meetings(council, after=received_on)[:6] if council else []
    if meetings:
        return meetings, True
    return example_meetings(received_on), False


def render_example(rules_json, *, state: str, received_on: date) -> str:
    """The live example as HTML: what the rules give for an inquiry received that day."""
    try:
        rules = DeadlineRules.from_json(rules_json, state=state)
    except RulesError as exc:
        return render_to_string("admin/inquiries/rulesofprocedure/_example.html", {"error": str(exc)})
    meetings, real = _example_meetings(received_on)
    return render_to_string(
        "admin/inquiries/rulesofprocedure/_example.html",
        {
            "examples": live_examples(rules, received_on=received_on, meetings=meetings),
            "received_on": received_on,
            "meetings": meetings,
            "real_meetings": real,
            "state": GermanState(state).label,
        },
    )


@admin.register(RulesOfProcedure)
class RulesOfProcedureAdmin(admin.ModelAdmin):
    form = RulesOfProcedureForm
    list_display = ["name", "provisions", "updated_at"]
    search_fields = ["name", "provisions"]
    readonly_fields = ["live_example"]
    fields = ["name", "provisions", "source_url", "notes", "rules", "live_example"]
    actions = ["export_selected"]
    change_form_template = "admin/inquiries/rulesofprocedure/change_form.html"
    change_list_template = "admin/inquiries/rulesofprocedure/change_list.html"

    class Media:
        js = ["inquiries/rules_example.js"]
        css = {"all": ["inquiries/rules_example.css"]}

    @admin.display(description=gettext_lazy("Live example"))
    def live_example(self, obj: RulesOfProcedure | None) -> str:
        state = (Municipality.current() or Municipality()).state
        today = timezone.localdate()
        return render_to_string(
            "admin/inquiries/rulesofprocedure/live_example.html",
            {
                "url": reverse("admin:inquiries_rulesofprocedure_example"),
                "states": GermanState.choices,
                "state": state,
                "today": today,
                "example": render_example(obj.rules if obj else {}, state=state, received_on=today),
            },
        )

    def get_urls(self):
        own = [
            path(
                "example/",
                self.admin_site.admin_view(self.example_view),
                name="inquiries_rulesofprocedure_example",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="inquiries_rulesofprocedure_import",
            ),
            path(
                "<int:pk>/export/",
                self.admin_site.admin_view(self.export_view),
                name="inquiries_rulesofprocedure_export",
            ),
        ]
        return own + super().get_urls()

    def example_view(self, request: HttpRequest) -> HttpResponse:
        """The live example for rules being edited (POSTed JSON); computes, writes nothing."""
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            received_on = date.fromisoformat(request.POST.get("received_on", ""))
        except ValueError:
            received_on = timezone.localdate()
        raw = request.POST.get("rules", "")
        try:
            rules_json = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError as exc:
            html = render_to_string(
                "admin/inquiries/rulesofprocedure/_example.html",
                {
                    "error": _("This is not JSON yet: %(error)s (line %(line)d).")
                    % {"error": exc.msg, "line": exc.lineno}
                },
            )
        else:
            html = render_example(rules_json, state=_example_state(request), received_on=received_on)
        return JsonResponse({"html": html})

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(RulesOfProcedure, pk=pk)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return _json_download(export_rules(obj), obj.name)

    @admin.action(description=gettext_lazy("Export selected as JSON"))
    def export_selected(self, request: HttpRequest, queryset):
        items = [export_rules(obj) for obj in queryset.order_by("name")]
        if len(items) == 1:
            return _json_download(items[0], items[0]["name"])
        return _json_download(items, "rules-of-procedure")

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                obj = import_rules(form.cleaned_data["json"], name=form.cleaned_data["name"])
            except RulesError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Imported “%(name)s”.") % {"name": obj.name})
                return redirect("admin:inquiries_rulesofprocedure_change", obj.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Import rules of procedure"),
        }
        return render(
            request,
            "admin/inquiries/rulesofprocedure/import.html",
            context,
            status=400 if form.errors else 200,
        )


def _json_download(data, name: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(name) or "rules"}.json"'
    return response
