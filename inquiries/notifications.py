"""The e-mails of the inquiries app, one function per message, their texts in `templates/email/`;
each is sent once the surrounding transaction commits (`tasks.send_email_on_commit`). The apps
above keep theirs in their own `notifications.py` (a layer below never names one above)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from config.site import site_url
from inquiries import permissions
from inquiries.cleaning import header_text
from inquiries.models import Deputy, Inquiry, Municipality, Notice, Profile
from inquiries.tasks import send_email_on_commit

logger = logging.getLogger(__name__)


def sender_recipients(inquiry: Inquiry) -> list[str]:
    """Who hears from the council office about an inquiry: the sender's address from the letter,
    else the user who submitted it, else (for a letter the council office entered) the chair of
    the committee it comes from. Reads submitted_by and committee.chair."""
    if inquiry.sender_email:
        return [inquiry.sender_email]
    submitter = inquiry.submitted_by
    if submitter and submitter.email and not permissions.is_council_office(submitter):
        return [submitter.email]
    chair = inquiry.committee.chair if inquiry.committee_id else None
    return [chair.email] if chair and chair.email else []


def _office_mailbox() -> list[str]:
    municipality = Municipality.current()
    return [municipality.email] if municipality and municipality.email else []


def render_email(name: str, context: dict) -> tuple[str, str]:
    """Subject and body of the e-mail `name`: `templates/email/<name>_subject.txt` and
    `<name>.txt`, in the active language."""
    subject = header_text(render_to_string(f"email/{name}_subject.txt", context))
    return subject, render_to_string(f"email/{name}.txt", context)


def tell_office_of_submission(inquiry: Inquiry, *, by) -> None:
    """The council office's mailbox: a new inquiry to register."""
    subject, body = render_email(
        "inquiry_submitted",
        {
            "inquiry": inquiry,
            "sender": inquiry.sender_name or str(by),
            "url": site_url() + reverse("inquiries:register", args=[inquiry.pk]),
        },
    )
    send_email_on_commit(_office_mailbox(), subject, body)


def tell_office_of_withdrawal(inquiry: Inquiry, *, reason: str) -> None:
    """The council office's mailbox: an inquiry it works on was withdrawn by its sender."""
    subject, body = render_email(
        "inquiry_withdrawn",
        {"inquiry": inquiry, "reason": reason, "url": site_url() + inquiry.get_absolute_url()},
    )
    send_email_on_commit(_office_mailbox(), subject, body)


def tell_sender_of_registration(inquiry: Inquiry) -> None:
    """E-mail the sender that the inquiry was received, with its reference and deadline (once
    the transaction commits)."""
    due = formats.date_format(inquiry.due_on, "d.m.Y") if inquiry.due_on else gettext("to be set")
    subject, body = render_email(
        "inquiry_registered",
        {"inquiry": inquiry, "due_on": due, "url": site_url() + inquiry.get_absolute_url()},
    )
    send_email_on_commit(sender_recipients(inquiry), subject, body)


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
