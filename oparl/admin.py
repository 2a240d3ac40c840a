from django.contrib import admin

from oparl.models import OParlImportState, OParlPerson


@admin.register(OParlPerson)
class OParlPersonAdmin(admin.ModelAdmin):
    list_display = ["user", "oparl_id", "updated_at"]
    search_fields = ["oparl_id", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(OParlImportState)
class OParlImportStateAdmin(admin.ModelAdmin):
    list_display = ["system_url", "last_run_at"]
