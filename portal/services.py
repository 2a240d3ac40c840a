"""The portal's services: following an inquiry and telling its followers when it is answered."""

from __future__ import annotations

from django.db import transaction

from inquiries import permissions
from inquiries.models import Follow, Inquiry
from portal.notifications import send_reply_sent_emails


def follow_inquiry(inquiry: Inquiry, *, user) -> Follow:
    """Idempotent: following twice keeps one row."""
    follow, _created = Follow.objects.get_or_create(inquiry=inquiry, user=user)
    return follow


def unfollow_inquiry(inquiry: Inquiry, *, user) -> None:
    Follow.objects.filter(inquiry=inquiry, user=user).delete()


def notify_followers(inquiry: Inquiry) -> int:
    """Tell everyone who follows the inquiry that its reply has been sent.

    Called on `responses.signals.reply_sent`, inside the sending transaction: the e-mails are
    enqueued as a background task only once that transaction commits, so a rolled-back send
    mails nobody. Followers who can no longer read the inquiry (or lost the follow
    permission) are skipped. Returns how many e-mails were enqueued.
    """
    recipients = [
        follow.user
        for follow in Follow.objects.filter(inquiry=inquiry).select_related("user")
        if follow.user.is_active and follow.user.email and permissions.can_follow_inquiry(follow.user)
    ]
    # each follower reads the inquiry through their own visibility, never more
    user_ids = [
        user.pk for user in recipients if Inquiry.objects.visible_to(user).filter(pk=inquiry.pk).exists()
    ]
    if user_ids:
        transaction.on_commit(
            lambda: send_reply_sent_emails.enqueue(inquiry_id=inquiry.pk, user_ids=user_ids)
        )
    return len(user_ids)
