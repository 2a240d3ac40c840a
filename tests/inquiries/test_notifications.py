"""The inquiries app's e-mails, each on its own: one function per message in
`inquiries.notifications`, its text in `templates/email/`."""

import pytest
from django.core import mail
from django.utils import translation

from inquiries import notifications
from tests.factories import InquiryFactory

pytestmark = pytest.mark.django_db


def test_the_sender_hears_of_the_registration_in_german_with_the_deadline_and_its_reason(
    django_capture_on_commit_callbacks,
):
    inquiry = InquiryFactory(
        subject="Lärm & Verkehr",
        sender_email="fraktion@example.org",
        deadline_reason="Regelfrist: vier Wochen.",
    )
    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        notifications.tell_sender_of_registration(inquiry)
    (message,) = mail.outbox
    assert message.to == ["fraktion@example.org"]
    assert message.subject == f"Ihre Anfrage ist eingegangen: {inquiry.reference}"
    assert "„Lärm & Verkehr“" in message.body  # plain text: nothing escaped
    assert inquiry.due_on.strftime("%d.%m.%Y") in message.body and "Regelfrist: vier Wochen." in message.body
    assert message.body.rstrip().endswith(inquiry.get_absolute_url())
