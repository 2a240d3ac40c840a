"""What readers search of the answers stays current: a sent answer is found once its reply is
sent, a correction replaces it once the supplement is sent (`ReplyAnswer.is_published`, stored
and kept current on write), and an inquiry that stops being visible takes its hits with it."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from inquiries import roles
from inquiries.models import Inquiry
from inquiries.services import withdraw_inquiry
from responses import services
from responses.models import Answer, Reply, ReplyAnswer
from search.services import ranked_inquiry_ids
from tests.factories import InquiryFactory, QuestionFactory, ReplyFactory, force_update, user_with_role
from tests.portal import answered_inquiry
from tests.responses.reply_helpers import ReplyWorld, ready_reply

pytestmark = pytest.mark.django_db


def _found(text: str, user=None) -> list[int]:
    return ranked_inquiry_ids(user or AnonymousUser(), text)


def _latest_per_question() -> set[int]:
    """The definition spelled out in Python: per question, the sent reply signed last (then the
    highest id) carries the text readers read."""
    latest: dict[int, tuple] = {}
    for row in ReplyAnswer.objects.filter(reply__status=Reply.Status.SENT).select_related("reply"):
        key = (row.reply.signed_at, row.reply_id)
        if row.question_id not in latest or key > latest[row.question_id][0]:
            latest[row.question_id] = (key, row.pk)
    return {pk for _key, pk in latest.values()}


def _published() -> set[int]:
    return set(ReplyAnswer.objects.latest_sent().values_list("pk", flat=True))


def test_a_sent_answer_is_found_once_sent_and_a_correction_once_its_supplement_is_sent(
    reply_world: ReplyWorld,
):
    world, inquiry = reply_world, reply_world.inquiry
    reply = services.sign_reply(ready_reply(world), by=world.mayor)
    assert _found("Jobcenter", world.member) == []  # signed, not sent: not published yet
    services.send_reply(reply, by=world.office)
    assert _found("Jobcenter", world.member) == [inquiry.pk]
    assert _published() == _latest_per_question() != set()

    supplement = services.start_supplementary_reply(reply, by=world.office)
    answer = Answer.objects.get(pk=world.answers["2"].pk)
    answer = services.transition_answer(answer, "reopen", by=world.office)
    answer = services.save_answer(
        answer, text="Korrigiert: auch die Ärztekammer.", base_version=answer.version, by=world.office
    )
    answer = services.transition_answer(answer, "submit", by=world.office)
    services.transition_answer(
        answer, "approve", by=user_with_role(roles.COUNCIL_OFFICE, username="office-2")
    )
    force_update(Answer.objects.filter(pk=answer.pk), approved_at=reply.signed_at + timedelta(seconds=5))
    supplement = services.sign_reply(services.mark_reply_ready(supplement, by=world.office), by=world.mayor)
    # signed, not sent: readers still read (and find) the first text
    assert _found("Jobcenter", world.member) == [inquiry.pk]
    assert _found("Ärztekammer", world.member) == []
    services.send_reply(supplement, by=world.office)
    assert _found("Ärztekammer", world.member) == [inquiry.pk]
    assert _found("Jobcenter", world.member) == []  # the corrected text is no longer what readers read
    assert _found("Koordinierungsstelle", world.member) == [inquiry.pk]  # answer 1a: not corrected
    assert _published() == _latest_per_question()


def test_the_latest_reply_is_the_one_signed_last_whatever_order_its_answers_were_recorded_in():
    inquiry = InquiryFactory(subject="Sache", status=Inquiry.Status.ANSWERED)
    question = QuestionFactory(inquiry=inquiry, text="Wie viele?")
    now = timezone.now()
    sent = {"status": Reply.Status.SENT, "signed_pdf": "replies/x.pdf", "signed_pdf_sha256": "0" * 64}
    main = ReplyFactory(inquiry=inquiry, signed_at=now, sent_at=now, **sent)
    supplement = ReplyFactory(
        inquiry=inquiry, supplements=main, signed_at=now + timedelta(days=1), sent_at=now, **sent
    )
    # recorded for replies already sent (as older replies' records were), the later one first,
    # one by one and in bulk
    ReplyAnswer.objects.create(reply=supplement, question=question, text="Vierzehn")
    ReplyAnswer.objects.bulk_create([ReplyAnswer(reply=main, question=question, text="Dreizehn")])
    assert set(ReplyAnswer.objects.values_list("inquiry_id", flat=True)) == {inquiry.pk}
    assert _found("Vierzehn") == [inquiry.pk]
    assert _found("Dreizehn") == []
    assert _published() == _latest_per_question()


def test_the_migration_marks_what_earlier_replies_superseded():
    inquiry = answered_inquiry(subject="Sache", answer_text="Dreizehn")
    main = inquiry.replies.get()
    supplement = ReplyFactory(
        inquiry=inquiry,
        supplements=main,
        status=Reply.Status.SENT,
        signed_pdf="replies/x.pdf",
        signed_pdf_sha256="0" * 64,
        signed_at=main.signed_at + timedelta(days=1),
        sent_at=timezone.now(),
    )
    ReplyAnswer.objects.create(reply=supplement, question=inquiry.questions.get(), text="Vierzehn")
    force_update(ReplyAnswer.objects.all(), is_published=False)  # as before the migration
    migration = importlib.import_module("responses.migrations.0009_replyanswer_published")
    migration.fill(apps, None)
    assert _published() == _latest_per_question() == {supplement.answers.get().pk}


def test_an_inquiry_that_stops_being_visible_takes_its_questions_and_answers_with_it():
    inquiry = answered_inquiry(subject="Sache", question_text="Wie viele Bäume?", answer_text="Zwölf Bäume.")
    assert _found("Zwölf") == _found("Bäume") == [inquiry.pk]
    inquiry.is_public = False
    inquiry.save()
    assert _found("Zwölf") == _found("Bäume") == []
    inquiry.is_public = True
    inquiry.save()
    assert _found("Zwölf") == [inquiry.pk]

    open_one = InquiryFactory(subject="Offen", status=Inquiry.Status.IN_PROGRESS)
    QuestionFactory(inquiry=open_one, text="Wann kommt der Radschnellweg?")
    assert _found("Radschnellweg") == [open_one.pk]
    withdraw_inquiry(open_one, by=user_with_role(roles.COUNCIL_OFFICE, username="office"))
    assert _found("Radschnellweg") == []
