"""Sent answers carry their inquiry and whether readers read them now (`is_published`: the reply
is sent and no later sent reply carries the question; `ReplyAnswerQuerySet.refresh_published`),
so that visibility and search read them without joining the replies. Filled here for the
answers recorded before this release."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Reply = apps.get_model("responses", "Reply")
    ReplyAnswer = apps.get_model("responses", "ReplyAnswer")
    ReplyAnswer._base_manager.update(
        inquiry_id=Subquery(Reply.objects.filter(pk=OuterRef("reply_id")).values("inquiry_id")[:1])
    )
    rows = (
        ReplyAnswer._base_manager.filter(reply__status="sent")
        .order_by("question_id", "-reply__signed_at", "-reply_id")
        .values_list("pk", "question_id")
    )
    published, seen = [], set()
    for pk, question_id in rows.iterator():
        if question_id not in seen:  # the latest sent reply that carried the question
            published.append(pk)
        seen.add(question_id)
    for start in range(0, len(published), 1000):
        ReplyAnswer._base_manager.filter(pk__in=published[start : start + 1000]).update(is_published=True)


class Migration(migrations.Migration):
    # PostgreSQL refuses to make the column NOT NULL in the transaction that filled it (the
    # foreign key's deferred checks are pending); each step commits on its own
    atomic = False

    dependencies = [
        ("inquiries", "0016_follow_ups_index_and_worklist_covering_index"),
        ("responses", "0008_annexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="replyanswer",
            name="inquiry",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="inquiries.inquiry",
                verbose_name="inquiry",
            ),
        ),
        migrations.AddField(
            model_name="replyanswer",
            name="is_published",
            field=models.BooleanField(default=False, editable=False, verbose_name="published"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="replyanswer",
            name="inquiry",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="inquiries.inquiry",
                verbose_name="inquiry",
            ),
        ),
    ]
