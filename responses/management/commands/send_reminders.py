from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from inquiries.notifications import send_daily_notices
from responses.services import send_reminders


class Command(BaseCommand):
    help = (
        "Remind lead departments of answers due soon and tell the council office about overdue "
        "questions and inquiries, and send each user's daily bundle of new work in their queue. "
        "Safe to run more than once a day: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="on", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, on: str | None = None, **options):
        today = _parse(on) if on else timezone.localdate()
        summary = send_reminders(today)
        bundles, failed = send_daily_notices()
        self.stdout.write(f"{today.isoformat()}: {summary} Daily bundles: {bundles} sent, {failed} failed.")


def _parse(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, got {value!r}") from None
