"""Readers and editors against gunicorn over a scratch PostgreSQL database; optionally restart
PostgreSQL in the middle. Prints one JSON object; fails when an acknowledged save was lost."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tooling import loadtest


class Command(BaseCommand):
    help = (
        "Create a scratch PostgreSQL database with the demo, serve it with gunicorn, run readers (list, "
        "detail, search, feed, OParl) and editors (answer editor, concurrent saves) for a while, "
        "optionally restart PostgreSQL in the middle, and print requests per second, p50/p95 latency, "
        "errors, recovery time and lost updates (must be 0) as one JSON object."
    )
    # The checks would connect to DATABASE_URL's database, which need not exist: the load test
    # works in its own scratch database.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=60, help="how long to run (default 60)")
        parser.add_argument("--readers", type=int, default=6, help="reader threads (default 6)")
        parser.add_argument("--editors", type=int, default=4, help="editor threads (default 4)")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
        parser.add_argument(
            "--restart-db-at",
            type=float,
            default=None,
            metavar="SECONDS",
            help="restart PostgreSQL this many seconds into the run (needs root and pg_ctlcluster)",
        )

    def handle(self, *args, seconds, readers, editors, workers, restart_db_at, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The load test is for PostgreSQL (the production database); "
                "run it with DATABASE_URL=postgres://user@host:5432/name."
            )
        if not 1 <= seconds <= 3600 or readers < 0 or editors < 0 or readers + editors == 0 or workers < 1:
            raise CommandError("--seconds must be 1…3600, --workers at least 1, and some readers or editors")
        if restart_db_at is not None:
            if not 0 < restart_db_at < seconds:
                raise CommandError("--restart-db-at must lie inside the run")
            try:
                loadtest.restart_command()
            except RuntimeError as error:
                raise CommandError(f"--restart-db-at is not available here: {error}") from None
        result = loadtest.run(
            seconds=seconds,
            readers=readers,
            editors=editors,
            workers=workers,
            restart_db_at=restart_db_at,
            log=self.stderr.write,
        )
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        if result["lost_updates"]:
            raise CommandError(f"{result['lost_updates']} acknowledged saves are missing from the history")
