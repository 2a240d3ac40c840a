"""Compute a deadline from JSON on standard input; print the result as JSON. No database.

echo '{"state": "NW", "received_at": "2026-11-09", "deadline_text": "binnen zehn Werktagen"}' \
    | manage.py compute_deadline

See inquiries/deadlines/command.py for the input and output, docs/deadlines.md for the rules.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from inquiries.deadlines.command import InputError, compute_from_json


class Command(BaseCommand):
    help = (
        "Read one JSON object (state, received_at, deadline_text, meetings, classification, "
        "referred_at_meeting, rules; or state, due_on, rules) on standard input and print the "
        "deadline, the interim reply's and the departments' due dates and the reason as JSON."
    )
    requires_system_checks = []  # pure: no database, no checks that might touch one
    requires_migrations_checks = False

    def handle(self, *args, **options):
        raw = sys.stdin.read()
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"input is not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
            ) from None
        with translation.override("de"):  # the reason in German words, as the product shows it
            try:
                result = compute_from_json(data)
            except InputError as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False))
