"""Background tasks (Django's `django.tasks`; the database backend's `db_worker` runs them)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from config.site import site_url
from inquiries.cleaning import header_text
from inquiries.models import Deputy, Inquiry, Notice, Profile
from inquiries.tasks import send_email_on_commit

logger = logging.getLogger(__name__)


@task
def send_reply_sent_emails(*, inquiry_id: int, user_ids: list[int]) -> int:
    """E-mail followers that an inquiry's reply has been sent. Arguments are ids because task
    arguments must be JSON; the inquiry is read again when the task runs."""
    inquiry = Inquiry.objects.filter(pk=inquiry_id).first()
    if inquiry is None:
        return 0
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
    url = f"{site_url()}{inquiry.get_absolute_url()}"
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            (
                header_text(render_to_string("inquiries/email/reply_sent_subject.txt", {"inquiry": inquiry})),
                render_to_string(
                    "inquiries/email/reply_sent.txt", {"inquiry": inquiry, "user": user, "url": url}
                ),
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
            for user in users
        ]
    return send_mass_mail(messages)


# --- Work that lands in someone's queue --------------------------------------------------------


def people_to_tell(users) -> list:
    """Active users with an address, and the deputies standing in for them today (they work on
    the absent user's queue). Each once, in order."""
    users = [user for user in users if user is not None]
    deputies = (
        Deputy.objects.in_force(timezone.localdate())
        .filter(absent__in=[user.pk for user in users])
        .select_related("deputy")
        .order_by("pk")
    )
    people = {user.pk: user for user in users}
    for row in deputies:
        people.setdefault(row.deputy_id, row.deputy)
    return [person for person in people.values() if person.is_active and person.email]


def notify_queue(users, *, subject: str, text: str, path: str, exclude=None) -> int:
    """Tell each of `users` (and their deputies) that `text` landed in their queue, with a link
    to the item (`path` on `site_url()`): by e-mail at once, or kept for their daily bundle,
    or not at all, as each chose on their profile page (`Profile.email_frequency`). `exclude`
    (whoever caused it) is not told. Call it inside the service's transaction: the e-mail
    goes out, and the bundle's row is kept, only when it commits. Returns how many people."""
    people = [p for p in people_to_tell(users) if exclude is None or p.pk != exclude.pk]
    if not people:
        return 0
    frequency = dict(
        Profile.objects.filter(user__in=[p.pk for p in people]).values_list("user_id", "email_frequency")
    )
    url = site_url() + path
    told = 0
    for person in people:
        choice = frequency.get(person.pk, Profile.EmailFrequency.IMMEDIATE)
        if choice == Profile.EmailFrequency.NEVER:
            continue
        told += 1
        if choice == Profile.EmailFrequency.DAILY:
            Notice.objects.create(recipient=person, subject=header_text(subject)[:300], url=url[:500])
            continue
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string("email/queue_item.txt", {"user": person, "text": text, "url": url})
        send_email_on_commit([person.email], subject, body)
    return told


def send_daily_notices() -> tuple[int, int]:
    """The daily bundle: one e-mail per user with everything kept for them since the last
    one. Idempotent: a bundle's rows are marked sent in the transaction that sends it, so a
    second run sends nothing; a failed mail leaves them for the next run. Returns (e-mails
    sent, failures)."""
    sent = failed = 0
    recipient_ids = list(
        Notice.objects.filter(sent_at__isnull=True).values_list("recipient_id", flat=True).distinct()
    )
    for user in get_user_model().objects.filter(pk__in=recipient_ids).order_by("pk"):
        try:
            with transaction.atomic():
                notices = list(
                    Notice.objects.select_for_update()
                    .filter(recipient=user, sent_at__isnull=True)
                    .order_by("pk")
                )
                if not notices:  # another run took them
                    continue
                if user.is_active and user.email:
                    with translation.override(settings.LANGUAGE_CODE):
                        subject = header_text(
                            render_to_string("email/daily_notices_subject.txt", {"count": len(notices)})
                        )
                        body = render_to_string("email/daily_notices.txt", {"user": user, "notices": notices})
                    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
                    sent += 1
                now = timezone.now()
                for notice in notices:
                    notice.sent_at = now
                Notice.objects.bulk_update(notices, ["sent_at"])
        except Exception:  # one broken address must not stop the others
            logger.exception("Daily notices to user %s failed; tried again next run.", user.pk)
            failed += 1
    return sent, failed
