"""The admin holds master data only: the municipality, committees and their meetings,
departments (and, from Django, users and groups). Inquiries, questions, answers and replies have
a workflow with its own rules, history and events; they change only through the app's pages and
services, never here (a change here bypassed them: a draft read by someone else, a status set
without its event, a signed question edited)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from inquiries.admin_rules import RulesOfProcedureAdmin  # noqa: F401  (registers itself)
from inquiries.models import Committee, Department, Meeting, Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "state", "mayor_name", "rules_of_procedure"]
    list_select_related = ["rules_of_procedure"]
    fieldsets = [
        (None, {"fields": ["name", "street", "postal_code", "city", "state", "email", "website"]}),
        (_("Letters"), {"fields": ["mayor_name", "mayor_title", "council_office_name", "letterhead"]}),
        (_("Rules of procedure"), {"fields": ["rules_of_procedure"]}),
        (_("Answers"), {"fields": ["four_eyes_approval"]}),
    ]


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["starts_at", "name", "location", "is_public", "is_cancelled", "is_placeholder"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "chair", "ends_on", "is_placeholder", "rules_of_procedure"]
    list_select_related = ["chair", "rules_of_procedure"]
    list_filter = ["kind", "is_placeholder"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["chair"]
    filter_horizontal = ["members"]
    inlines = [MeetingInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = [
        "committee",
        "starts_at",
        "name",
        "location",
        "is_public",
        "is_cancelled",
        "is_placeholder",
    ]
    list_filter = ["committee", "is_public", "is_cancelled", "is_placeholder"]
    date_hierarchy = "starts_at"


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "head"]
    search_fields = ["code", "name"]
    filter_horizontal = ["staff"]
