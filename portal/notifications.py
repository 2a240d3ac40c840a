"""Background tasks (Django's `django.tasks`; the database backend's `db_worker` runs them)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.tasks import task
from django.utils import translation

from config.site import site_url
from inquiries.models import Inquiry
from inquiries.notifications import render_email


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
                *render_email("reply_sent", {"inquiry": inquiry, "user": user, "url": url}),
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
            for user in users
        ]
    return send_mass_mail(messages)
