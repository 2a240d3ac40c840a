"""Sent answers carry `is_superseded`: a later sent reply (by signing time, then id) carries the
same question, so readers read that reply's text (`ReplyAnswerQuerySet.refresh_superseded`).
Filled here for the replies sent before this release."""

from django.db import migrations, models


def fill(apps, schema_editor):
    ReplyAnswer = apps.get_model("responses", "ReplyAnswer")
    rows = (
        ReplyAnswer.objects.filter(reply__status="sent")
        .order_by("question_id", "-reply__signed_at", "-reply_id")
        .values_list("pk", "question_id")
    )
    superseded, seen = [], set()
    for pk, question_id in rows.iterator():
        if question_id in seen:  # an earlier reply than the question's latest
            superseded.append(pk)
        seen.add(question_id)
    for start in range(0, len(superseded), 1000):
        ReplyAnswer._base_manager.filter(pk__in=superseded[start : start + 1000]).update(is_superseded=True)


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0008_annexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="replyanswer",
            name="is_superseded",
            field=models.BooleanField(default=False, editable=False, verbose_name="superseded by a later reply"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
