"""Background work on Django's tasks framework.

Immediate by default; in production the `django_tasks_db` database backend, worked off by any
number of `manage.py db_worker` processes. Arguments must be JSON: pass ids and strings, not
model instances. Enqueue with `transaction.on_commit` so that a worker never sees a task for
a change that was rolled back (or not yet committed).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task

from inquiries.cleaning import header_text


@task
def send_email(recipients: list[str], subject: str, body: str) -> int:
    """One plain-text e-mail to a list of addresses (each sees only their own). The subject is
    made one clean line: it is built from stored text, and a line break in a header makes the
    mail fail."""
    sent = 0
    subject = header_text(subject)
    for recipient in dict.fromkeys(recipients):  # unique, order kept
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    return sent


def send_email_on_commit(recipients: list[str], subject: str, body: str) -> None:
    """Queue `send_email` once the surrounding transaction commits; nothing without recipients."""
    recipients = [r for r in dict.fromkeys(recipients) if r]
    if not recipients:
        return
    transaction.on_commit(lambda: send_email.enqueue(recipients, str(subject), str(body)))
