from django.core.management.base import BaseCommand, CommandError

from oparl.importer import DEFAULT_TIMEOUT, Fetcher, FetchError, check_url, import_oparl


class Command(BaseCommand):
    help = (
        "Import committees, persons, memberships and meetings from an OParl system (its System URL). "
        "Later runs ask only for changes since the last complete run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "url", help="URL of the OParl System object, e.g. https://ris.example.org/oparl/v1/"
        )
        parser.add_argument("--full", action="store_true", help="Read everything, not only what changed.")
        parser.add_argument(
            "--timeout", type=float, default=DEFAULT_TIMEOUT, help="Seconds per HTTP request."
        )

    def handle(self, *args, url: str, full: bool, timeout: float, **options):
        try:
            check_url(url)
            report = import_oparl(url, full=full, fetcher=Fetcher(timeout=timeout))
        except FetchError as error:
            raise CommandError(f"Cannot import from {url}: {error}") from None
        self.stdout.write(report.summary())
        for what, reason in report.skipped:
            self.stdout.write(f"  skipped {what}: {reason}")
        if report.errors:
            self.stdout.write(
                self.style.WARNING(
                    f"{report.errors} page(s) could not be read; the next run reads the same changes again."
                )
            )
