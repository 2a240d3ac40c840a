from django.core.management.base import BaseCommand, CommandError

from oparl.importer import DEFAULT_TIMEOUT, MAX_PAGES_PER_LIST, Fetcher, FetchError, check_url, import_oparl


class Command(BaseCommand):
    help = (
        "Import committees, persons, memberships and meetings from an OParl system (its System URL). "
        "Later runs ask only for changes since the last complete run. Exits non-zero when something "
        "could not be read (run it from cron: the next run reads the same changes again)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "url", help="URL of the OParl System object, e.g. https://ris.example.org/oparl/v1/"
        )
        parser.add_argument("--full", action="store_true", help="Read everything, not only what changed.")
        parser.add_argument(
            "--timeout",
            type=float,
            default=DEFAULT_TIMEOUT,
            help="Seconds per HTTP request, from connecting to the last byte.",
        )
        parser.add_argument(
            "--max-pages",
            type=int,
            default=MAX_PAGES_PER_LIST,
            help="Pages read per list at most; a longer list makes the run incomplete.",
        )

    def handle(self, *args, url: str, full: bool, timeout: float, max_pages: int, **options):
        try:
            check_url(url)
            report = import_oparl(url, full=full, fetcher=Fetcher(timeout=timeout), max_pages=max_pages)
        except FetchError as error:
            raise CommandError(f"Cannot import from {url}: {error}") from None
        self.stdout.write(report.summary())
        for note in report.notes:
            self.stdout.write(f"  note: {note}")
        for reason, count in report.skipped_by_reason():
            self.stdout.write(f"  {count} × {reason}")
        for what, reason in report.skipped:
            self.stdout.write(f"  skipped {what}: {reason}")
        if report.errors:
            for message in report.errors:
                self.stderr.write(f"  not read: {message}")
            raise CommandError(
                f"{len(report.errors)} thing(s) could not be read; the import is incomplete and the "
                "next run reads the same changes again."
            )
