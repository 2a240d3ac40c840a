"""Measure how long a reply takes to render and to sign in a warm process."""

import json

from django.core.management.base import BaseCommand, CommandError

from tooling.benchmark import measure_reply_pdf


class Command(BaseCommand):
    help = (
        "Render and sign a realistic reply (nine questions) N times after one warm-up and print "
        "median and 95th percentile times in milliseconds as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20, help="measured runs (default 20)")

    def handle(self, *args, runs: int, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1")
        self.stdout.write(json.dumps(measure_reply_pdf(runs)))
