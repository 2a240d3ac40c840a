"""The responses app's e-mails, each on its own: one function per message in
`responses.notifications`, its text in `templates/email/`."""

from datetime import date

import pytest
from django.core import mail
from django.utils import translation

from responses import notifications
from responses.models import InterimReply, Reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(world):
    world.question.due_on = date(2026, 3, 5)
    world.question.save()
    return world.question


def test_the_due_soon_reminder_lists_each_question_with_its_due_date_and_link(question):
    subject, body = notifications.due_soon_reminder([question])
    assert subject == "Reminder: answers due soon"
    line = f"{question.inquiry.reference} question {question.number}, due 05.03.2026: "
    assert line in body and body.rstrip().endswith(f"/fragen/{question.pk}/antwort/")


def test_the_overdue_notice_names_inquiries_and_questions_or_says_there_are_none(question):
    _subject, body = notifications.overdue_notice([question], [])
    inquiries, questions = body.split("Overdue questions:")
    assert "–" in inquiries and question.inquiry.reference in questions


def test_the_interim_reply_tells_the_sender_the_new_date_in_german(world, django_capture_on_commit_callbacks):
    world.inquiry.sender_email = "sender@example.org"
    interim = InterimReply(
        inquiry=world.inquiry, text="Wir brauchen <länger>.", new_expected_on=date(2026, 4, 30)
    )
    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        notifications.interim_reply_sent(interim)
    (message,) = mail.outbox
    assert message.to == ["sender@example.org"]
    assert message.subject == f"Zwischennachricht zu Ihrer Anfrage {world.inquiry.reference}"
    assert "Wir brauchen <länger>." in message.body  # plain text: nothing escaped
    assert "30.04.2026" in message.body and message.body.rstrip().endswith(world.inquiry.get_absolute_url())


def test_a_supplementary_reply_says_so_in_the_subject(world, django_capture_on_commit_callbacks):
    world.inquiry.sender_email = "fraktion@example.org"  # no committee: the sender hears of it
    first = Reply(inquiry=world.inquiry, pk=1)
    supplement = Reply(inquiry=world.inquiry, supplements=first)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.reply_sent_to_committee(first)
        notifications.reply_sent_to_committee(supplement)
    assert [m.subject for m in mail.outbox] == [
        f"Reply to the inquiry {world.inquiry.reference}",
        f"Supplementary reply to the inquiry {world.inquiry.reference}",
    ]
    assert str(world.inquiry) in mail.outbox[0].body
