"""The user's own settings: how they hear of new work, and who stands in for them."""

from __future__ import annotations

from datetime import date

from inquiries.models import Deputy, Profile


def set_email_frequency(user, frequency: str) -> Profile:
    """How the user hears of work landing in their queue (`notifications.notify_queue`)."""
    profile, _created = Profile.objects.get_or_create(user=user)
    if profile.email_frequency != frequency:
        profile.email_frequency = frequency
        profile.save(update_fields=["email_frequency", "updated_at"])
    return profile


def name_deputy(user, *, deputy, starts_on: date, ends_on: date) -> Deputy:
    """`deputy` stands in for `user` from `starts_on` to `ends_on` (both included): sees their
    queue and acts on it (`permissions.represented_users`). Kept in the history."""
    row = Deputy(absent=user, deputy=deputy, starts_on=starts_on, ends_on=ends_on)
    row._history_user = user
    row.save()
    return row


def end_deputy(row: Deputy, *, by) -> None:
    """Remove a deputy arrangement (recorded in the history with who removed it)."""
    row._history_user = by
    row.delete()
