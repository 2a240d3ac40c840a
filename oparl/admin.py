from django.contrib import admin

from oparl.models import OParlImportState, OParlMembership, OParlPerson


@admin.register(OParlPerson)
class OParlPersonAdmin(admin.ModelAdmin):
    list_display = ["user", "oparl_id", "updated_at"]
    search_fields = ["oparl_id", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(OParlImportState)
class OParlImportStateAdmin(admin.ModelAdmin):
    list_display = ["system_url", "last_run_at"]


@admin.register(OParlMembership)
class OParlMembershipAdmin(admin.ModelAdmin):
    """What the council information system says; the next import overwrites any change, so
    the records are shown, not edited."""

    list_display = ["user", "committee", "role", "starts_on", "ends_on"]
    list_filter = ["committee"]
    search_fields = ["role", "user__first_name", "user__last_name", "committee__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
