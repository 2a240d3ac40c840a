"""Domain logic that changes inquiries: references, registration, deadlines."""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from inquiries.models import Event, Follow, Inquiry, Question

REFERENCE_PREFIX = "AN"


def next_reference(year: int) -> tuple[int, str]:
    """Hand out the next reference number of a year, e.g. (17, "AN/2026/0017").

    One atomic upsert on the year's counter row: concurrent callers queue on that row's lock
    (PostgreSQL) or on the database write lock (SQLite), so no number is handed out twice,
    even by several app servers. The unique constraint on the reference is the last guard.
    """
    table = "inquiries_referencesequence"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last_number) VALUES (%s, 1) "
            f"ON CONFLICT (year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [year],
        )
        (number,) = cursor.fetchone()
    return number, f"{REFERENCE_PREFIX}/{year}/{number:04d}"


@transaction.atomic
def assign_reference(inquiry: Inquiry, *, year: int | None = None) -> Inquiry:
    """Give an inquiry its reference number, once."""
    if inquiry.reference:
        return inquiry
    year = year or (inquiry.received_on or timezone.localdate()).year
    number, reference = next_reference(year)
    inquiry.reference_year, inquiry.reference_number, inquiry.reference = year, number, reference
    inquiry.save(update_fields=["reference_year", "reference_number", "reference", "updated_at"])
    return inquiry


def question_tree(questions: list[Question]) -> list[Question]:
    """Nest a flat, ordered list of an inquiry's questions: each gets `.children` (one query
    for the whole tree instead of one per level)."""
    by_parent: dict[int | None, list[Question]] = {}
    for question in questions:
        by_parent.setdefault(question.parent_id, []).append(question)
    for question in questions:
        question.children = by_parent.get(question.pk, [])
    return by_parent.get(None, [])


def record_event(inquiry: Inquiry, kind: str, *, by, note: str = "", **data) -> Event:
    return Event.objects.create(inquiry=inquiry, kind=kind, actor=by, note=note, data=data)


def today() -> date:
    return timezone.localdate()


def follow_inquiry(inquiry: Inquiry, *, user) -> Follow:
    """Idempotent: following twice keeps one row."""
    follow, _created = Follow.objects.get_or_create(inquiry=inquiry, user=user)
    return follow


def unfollow_inquiry(inquiry: Inquiry, *, user) -> None:
    Follow.objects.filter(inquiry=inquiry, user=user).delete()


def notify_followers(inquiry: Inquiry) -> int:
    """Tell everyone who follows the inquiry that its reply has been sent.

    Call it from the code that sends the reply, inside its transaction: the e-mails are
    enqueued as a background task only once that transaction commits, so a rolled-back send
    mails nobody. Followers who can no longer read the inquiry (or lost the follow
    permission) are skipped. Returns how many e-mails were enqueued.
    """
    from inquiries import permissions
    from inquiries.notifications import send_reply_sent_emails

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
