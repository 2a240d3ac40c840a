from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q


def fill(apps, schema_editor):
    """The texts readers read: per question, that of the latest sent reply that carried it
    (by signing time, then the reply's id), as `ReplyAnswerQuerySet.mark_current` sets it."""
    ReplyAnswer = apps.get_model("responses", "ReplyAnswer")
    rows = ReplyAnswer._base_manager  # a copy of the replies' state, not a change of a text
    later = rows.filter(
        Q(reply__signed_at__gt=OuterRef("reply__signed_at"))
        | Q(reply__signed_at=OuterRef("reply__signed_at"), reply_id__gt=OuterRef("reply_id")),
        question_id=OuterRef("question_id"),
        reply__status="sent",
    )
    rows.filter(reply__status="sent").exclude(Exists(later)).update(is_current=True)


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0008_annexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="replyanswer",
            name="is_current",
            field=models.BooleanField(default=False, editable=False, verbose_name="current text"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="replyanswer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_current", True)),
                fields=("question",),
                name="replyanswer_one_current_per_question",
            ),
        ),
    ]
