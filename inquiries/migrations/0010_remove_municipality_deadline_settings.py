from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0009_move_deadline_settings_to_rules_of_procedure")]

    operations = [
        migrations.RemoveField(
            model_name='municipality',
            name='default_period_days',
        ),
        migrations.RemoveField(
            model_name='municipality',
            name='periods_count_working_days',
        ),
        migrations.RemoveField(
            model_name='municipality',
            name='review_working_days',
        ),
        migrations.RemoveField(
            model_name='municipality',
            name='submission_period_days',
        ),
        migrations.RemoveField(
            model_name='municipality',
            name='submission_period_working_days',
        ),    ]
