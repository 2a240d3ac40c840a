"""The municipality's five deadline settings become its rules of procedure as data."""

from django.db import migrations

DEFAULTS = {
    "submission_period_days": 7,
    "submission_period_working_days": False,
    "periods_count_working_days": False,
    "default_period_days": 28,
    "review_working_days": 3,
}


def settings_to_rules(apps, schema_editor):
    Municipality = apps.get_model("inquiries", "Municipality")
    RulesOfProcedure = apps.get_model("inquiries", "RulesOfProcedure")
    for municipality in Municipality.objects.all():
        values = {field: getattr(municipality, field) for field in DEFAULTS}
        if values == DEFAULTS:
            continue  # the defaults of the rules are the same: nothing to keep
        submission_unit = "working_days" if values["submission_period_working_days"] else "calendar_days"
        rules = RulesOfProcedure.objects.create(
            name=f"Geschäftsordnung {municipality.name}"[:200],
            rules={
                "period": {"count": values["default_period_days"], "unit": "days"},
                "plain_days": "working_days" if values["periods_count_working_days"] else "calendar",
                "submission_period": {"count": values["submission_period_days"], "unit": submission_unit},
                "internal_review_working_days": values["review_working_days"],
            },
        )
        municipality.rules_of_procedure = rules
        municipality.save(update_fields=["rules_of_procedure"])


def rules_to_settings(apps, schema_editor):
    Municipality = apps.get_model("inquiries", "Municipality")
    for municipality in Municipality.objects.exclude(rules_of_procedure=None).select_related(
        "rules_of_procedure"
    ):
        rules = municipality.rules_of_procedure.rules
        period = rules.get("period", {})
        submission = rules.get("submission_period", {})
        if period.get("unit") in ("days", "calendar_days", "working_days"):
            municipality.default_period_days = period.get("count", 28)
        municipality.periods_count_working_days = rules.get("plain_days") == "working_days"
        municipality.submission_period_days = submission.get("count", 7)
        municipality.submission_period_working_days = submission.get("unit") == "working_days"
        municipality.review_working_days = rules.get("internal_review_working_days", 3)
        municipality.save()


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0008_add_rules_of_procedure")]

    operations = [migrations.RunPython(settings_to_rules, rules_to_settings)]
