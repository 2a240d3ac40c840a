from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from inquiries.admin_rules import RulesOfProcedureAdmin  # noqa: F401  (registers itself)
from inquiries.models import Committee, Department, Event, Follow, Inquiry, Meeting, Municipality, Question


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "state", "mayor_name", "rules_of_procedure"]
    list_select_related = ["rules_of_procedure"]
    fieldsets = [
        (None, {"fields": ["name", "street", "postal_code", "city", "state", "email", "website"]}),
        (_("Letters"), {"fields": ["mayor_name", "mayor_title", "council_office_name", "letterhead"]}),
        (_("Rules of procedure"), {"fields": ["rules_of_procedure"]}),
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


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = [
        "number",
        "parent",
        "text",
        "position",
        "lead_department",
        "participating_departments",
        "due_on",
    ]
    filter_horizontal = ["participating_departments"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only this inquiry's questions as parents.
        if db_field.name == "parent":
            inquiry_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Question.objects.filter(inquiry_id=inquiry_id, parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    fields = ["at", "kind", "actor", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inquiry)
class InquiryAdmin(SimpleHistoryAdmin):
    list_display = [
        "reference",
        "subject",
        "kind",
        "committee",
        "received_on",
        "due_on",
        "status",
        "is_public",
    ]
    list_filter = ["status", "kind", "is_public", "committee", "lead_department"]
    search_fields = ["reference", "subject", "sender_name", "questions__text"]
    date_hierarchy = "received_on"
    list_select_related = ["committee"]
    readonly_fields = ["reference", "reference_year", "reference_number", "created_at", "updated_at"]
    autocomplete_fields = ["submitted_by"]
    raw_id_fields = ["follow_up_of", "deadline_meeting"]
    inlines = [QuestionInline, EventInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "reference",
                    "kind",
                    "subject",
                    "status",
                    "is_public",
                    "committee",
                    "lead_department",
                ]
            },
        ),
        (
            _("Sender"),
            {
                "fields": [
                    "addressee",
                    "salutation",
                    "sender_name",
                    "sender_role",
                    "sender_email",
                    "submitted_by",
                ]
            },
        ),
        (
            _("Dates and deadline"),
            {
                "fields": [
                    "letter_date",
                    "submitted_on",
                    "received_on",
                    "received_time",
                    "classification",
                    "classification_reason",
                    "deadline_text",
                    "deadline_kind",
                    "due_on",
                    "deadline_reason",
                    "deadline_meeting",
                    "interim_reply_due_on",
                    "expected_on",
                    "answered_on",
                    "withdrawn_on",
                ]
            },
        ),
        (_("Text"), {"fields": ["preamble", "justification", "closing"]}),
        (
            _("Source"),
            {
                "classes": ["collapse"],
                "fields": ["source_file", "source_name", "source_text", "follow_up_of"],
            },
        ),
        (
            _("Record"),
            {
                "classes": ["collapse"],
                "fields": ["reference_year", "reference_number", "created_at", "updated_at"],
            },
        ),
    ]


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["inquiry", "number", "text", "lead_department", "due_on"]
    list_filter = ["lead_department"]
    search_fields = ["text", "inquiry__reference"]
    list_select_related = ["inquiry", "lead_department"]
    raw_id_fields = ["inquiry", "parent"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "inquiry", "created_at"]
    raw_id_fields = ["inquiry"]
