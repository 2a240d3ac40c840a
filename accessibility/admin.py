from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accessibility import services
from accessibility.models import AccessibilityStatement, BarrierReport


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(admin.ModelAdmin):
    list_display = ["municipality", "conformance", "assessed_on"]
    list_select_related = ["municipality"]
    fieldsets = [
        (
            None,
            {"fields": ["municipality", "conformance", "assessed_on", "assessment_method", "known_barriers"]},
        ),
        (_("Feedback"), {"fields": ["feedback_email"]}),
        (
            _("Enforcement body"),
            {
                "fields": [
                    "enforcement_body_name",
                    "enforcement_body_address",
                    "enforcement_body_email",
                    "enforcement_body_website",
                ]
            },
        ),
        (_("Plain language"), {"fields": ["plain_language_text"]}),
    ]


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    """The office reads reports and records its answer here; the report itself stays as sent."""

    list_display = ["created_at", "status", "page", "name", "answered_at"]
    list_filter = ["status"]
    readonly_fields = [
        "created_at",
        "page",
        "description",
        "name",
        "email",
        "status",
        "answered_at",
        "answered_by",
    ]
    fields = [
        "created_at",
        "page",
        "description",
        "name",
        "email",
        "status",
        "answer",
        "answered_at",
        "answered_by",
    ]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if "answer" in form.changed_data and obj.answer.strip():
            services.answer_barrier_report(obj, answer=obj.answer, by=request.user)
        else:
            super().save_model(request, obj, form, change)
