from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from responses.models import Answer, Comment, Contribution, InterimReply, ReminderSent, Reply


@admin.register(Answer)
class AnswerAdmin(SimpleHistoryAdmin):
    list_display = ["question", "status", "author", "approver", "version", "updated_at"]
    list_filter = ["status"]
    search_fields = ["text", "question__inquiry__reference"]
    list_select_related = ["question", "question__inquiry", "author", "approver"]
    raw_id_fields = ["question"]
    readonly_fields = ["version"]


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    list_display = ["question", "department", "author", "is_merged", "created_at"]
    raw_id_fields = ["question"]


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    list_display = ["question", "author", "created_at"]
    raw_id_fields = ["question"]


@admin.register(InterimReply)
class InterimReplyAdmin(SimpleHistoryAdmin):
    list_display = ["inquiry", "new_expected_on", "sent_at", "sent_by"]
    raw_id_fields = ["inquiry"]


@admin.register(Reply)
class ReplyAdmin(SimpleHistoryAdmin):
    list_display = ["inquiry", "status", "signatory_name", "signed_at", "sent_at"]
    list_filter = ["status"]
    raw_id_fields = ["inquiry", "supplements"]
    readonly_fields = [
        "signed_pdf",
        "signed_pdf_sha256",
        "signed_at",
        "signed_by",
        "is_demo_signature",
        "sent_at",
    ]

    def has_delete_permission(self, request, obj=None):
        # A signed reply is an official record.
        return obj is None or not obj.is_final


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "question", "inquiry", "sent_on"]
    list_filter = ["kind", "sent_on"]
