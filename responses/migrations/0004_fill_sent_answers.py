"""Record the answers as the replies signed before this release carried them.

The letter printed every approved answer (a supplementary reply: those approved after the reply
it supplements was signed). What an answer said at the moment of signing comes from its
history; an answer without history counts as it stands if it was approved by then.
"""

from django.db import migrations


def _state_at(historical, answer_model, question_id, moment):
    record = (
        historical.objects.filter(question_id=question_id, history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is not None:
        if record.history_type == "-":
            return None
        return record.status, record.text, record.approved_at
    answer = answer_model.objects.filter(question_id=question_id).first()
    if answer is None or answer.approved_at is None or answer.approved_at > moment:
        return None
    return answer.status, answer.text, answer.approved_at


def fill(apps, schema_editor):
    Reply = apps.get_model("responses", "Reply")
    ReplyAnswer = apps.get_model("responses", "ReplyAnswer")
    Answer = apps.get_model("responses", "Answer")
    HistoricalAnswer = apps.get_model("responses", "HistoricalAnswer")
    Question = apps.get_model("inquiries", "Question")

    replies = (
        Reply.objects.filter(status__in=["signed", "sent"], signed_at__isnull=False)
        .select_related("supplements")
        .order_by("signed_at", "pk")
    )
    for reply in replies:
        if ReplyAnswer.objects.filter(reply=reply).exists():
            continue
        since = reply.supplements.signed_at if reply.supplements_id else None
        rows = []
        for question_id in Question.objects.filter(inquiry_id=reply.inquiry_id).values_list("pk", flat=True):
            state = _state_at(HistoricalAnswer, Answer, question_id, reply.signed_at)
            if state is None:
                continue
            status, text, approved_at = state
            if status != "approved" or not (text or "").strip():
                continue
            if since is not None and (approved_at is None or approved_at <= since):
                continue
            rows.append(ReplyAnswer(reply=reply, question_id=question_id, text=text))
        ReplyAnswer.objects.bulk_create(rows)


def empty(apps, schema_editor):
    apps.get_model("responses", "ReplyAnswer").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0003_reply_answer"),
    ]

    operations = [
        migrations.RunPython(fill, empty),
    ]
