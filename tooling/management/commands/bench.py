"""Benchmark the main pages and the reply PDF on a realistic data set in a separate database."""

import json
import os
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from tooling.bench_data import (
    DETAIL_REFERENCE,
    SEARCH_WORD,
    Scale,
    analyze,
    build_dataset,
    kept_scale,
)
from tooling.benchmark import measure_pages, measure_reply_pdf


class Command(BaseCommand):
    # the configured database need not exist: the benchmark makes and drops its own
    requires_system_checks = []
    help = (
        "Build a data set (default 10,000 inquiries, 150,000 questions, 100,000 answers) in a separate "
        "database, measure median and 95th percentile server time and SQL queries of the inquiry list, "
        "a 25-question detail, a department's question list and a search, each against a minimal page of "
        "the same size sampled in turn with it, plus rendering and signing a reply."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
        parser.add_argument("--scale", type=int, default=10_000, help="number of inquiries (default 10000)")
        parser.add_argument("--runs", type=int, default=20, help="requests per page and round (default 20)")
        parser.add_argument("--rounds", type=int, default=3, help="rounds, for the spread (default 3)")
        parser.add_argument("--pdf-runs", type=int, default=10, help="renders and signatures (default 10)")
        parser.add_argument(
            "--keep", action="store_true", help="keep and reuse the benchmark database (of the same --scale)"
        )

    def handle(self, *args, scale: int, runs: int, rounds: int, pdf_runs: int, keep: bool, **options):
        if scale < 10 or runs < 1 or rounds < 1 or pdf_runs < 1:
            raise CommandError("--scale must be at least 10, --runs, --rounds and --pdf-runs at least 1")
        settings_dict = connection.settings_dict
        if connection.vendor == "sqlite":
            bench_name = str(Path(settings.BASE_DIR) / "var" / "bench.sqlite3")
            Path(bench_name).parent.mkdir(parents=True, exist_ok=True)
        else:
            bench_name = f"{settings_dict['NAME']}_bench"
        settings_dict.setdefault("TEST", {})["NAME"] = bench_name
        self.stderr.write(f"bench: creating database {bench_name} …")
        started = timezone.now()
        # a kept database is migrated as any other (`migrate` runs with keepdb): one built by
        # older code gets the new migrations before it is measured, and says which
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=keep
        )
        try:
            if keep and (applied := migrations_applied_since(started)):
                self.stderr.write(f"bench: kept database migrated: {', '.join(applied)}")
            result = self._run(Scale.of(scale), runs, rounds, pdf_runs, reuse=keep)
        finally:
            if not keep:
                connection.creation.destroy_test_db(old_name, verbosity=0)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(format_table(result))

    def _run(self, scale: Scale, runs: int, rounds: int, pdf_runs: int, *, reuse: bool) -> dict:
        from django.contrib.auth.models import User

        from inquiries.models import Inquiry, Question

        build_seconds = None
        if reuse and Inquiry.objects.exists():
            kept = kept_scale()
            if kept != scale.inquiries:
                raise CommandError(
                    f"The kept benchmark database holds {kept} inquiries, not {scale.inquiries}: "
                    f"run with --scale {kept}, or without --keep once to build it again."
                )
            data = {
                "member": User.objects.get(username="bench-member"),
                "staff": User.objects.get(username="bench-staff"),
                "detail": Inquiry.objects.get(reference=DETAIL_REFERENCE),
            }
            analyze()
        else:
            self.stderr.write(
                f"bench: building {scale.inquiries} inquiries, {scale.questions} questions, {scale.answers} answers …"
            )
            start = time.monotonic()
            data = build_dataset(scale, log=lambda line: self.stderr.write(f"bench: {line}"))
            build_seconds = round(time.monotonic() - start, 1)
        counts = {
            "inquiries": Inquiry.objects.count(),
            "questions": Question.objects.count(),
            "answers": Question.objects.filter(answer__isnull=False).count(),
        }
        overrides = {"ROOT_URLCONF": "tooling.bench_urls", "ALLOWED_HOSTS": ["testserver"]}
        try:
            staticfiles_storage.url("css/app.css")
        except ValueError:  # no collectstatic manifest here: find static files in place
            overrides["STORAGES"] = {
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        with override_settings(**overrides):
            member, staff = Client(), Client()
            member.force_login(data["member"])
            staff.force_login(data["staff"])
            self.stderr.write(f"bench: measuring pages ({rounds} rounds of {runs} samples) …")
            first_question = data["detail"].questions.order_by("position").first()
            pages = measure_pages(
                {
                    "list": (member, reverse("portal:list")),
                    "detail": (member, data["detail"].get_absolute_url()),
                    "department": (staff, reverse("responses:worklist")),
                    "search": (member, reverse("search:search") + "?" + urlencode({"q": SEARCH_WORD})),
                    # "Asked before?" beside a question of the detail inquiry, loaded after the editor
                    "answer_editor": (staff, reverse("responses:answer_edit", args=[first_question.pk])),
                    "suggestions": (staff, reverse("search:question_suggestions", args=[first_question.pk])),
                },
                runs=runs,
                rounds=rounds,
            )
        from search.services import ranked_inquiry_ids

        pages["search"]["hits"] = len(ranked_inquiry_ids(data["member"], SEARCH_WORD))
        self.stderr.write("bench: rendering and signing the reply …")
        reply = measure_reply_pdf(pdf_runs)
        return {
            "scale": counts,
            "database": connection.vendor,
            "build_seconds": build_seconds,
            "load_average": [round(load, 2) for load in os.getloadavg()],
            "pages": pages,
            "reply_pdf": {key: reply[key] for key in ("render_p50_ms", "sign_p50_ms", "total_p50_ms")},
        }


def migrations_applied_since(moment) -> list[str]:
    """The migrations applied to this connection's database since `moment` ("app.name"), if
    it was migrated before (a new database gets them all: nothing to report)."""
    from django.db.migrations.recorder import MigrationRecorder

    recorded = MigrationRecorder(connection).migration_qs
    if not recorded.filter(applied__lt=moment).exists():
        return []
    applied = recorded.filter(applied__gte=moment).order_by("id")
    return [f"{app}.{name}" for app, name in applied.values_list("app", "name")]


def format_table(result: dict) -> str:
    lines = [
        f"{result['database']}: {result['scale']['inquiries']} inquiries, {result['scale']['questions']} "
        f"questions, {result['scale']['answers']} answers"
        + (f" (built in {result['build_seconds']} s)" if result["build_seconds"] is not None else " (kept)")
        + f"; load average {' '.join(map(str, result['load_average']))}",
        f"{'page':<11} {'p50 ms':>8} {'p95 ms':>8} {'p50 rounds':>14} {'floor p50':>10} "
        f"{'x floor':>8} {'x rounds':>11} {'queries':>8}",
    ]
    for name, page in result["pages"].items():
        low, high = page["p50_ms_rounds"]
        rlow, rhigh = page["ratio_rounds"]
        lines.append(
            f"{name:<11} {page['p50_ms']:>8} {page['p95_ms']:>8} {f'{low}–{high}':>14} "
            f"{page['floor_p50_ms']:>10} {page['ratio_to_floor']:>8} {f'{rlow}–{rhigh}':>11} {page['queries']:>8}"
        )
    reply = result["reply_pdf"]
    lines.append(f"reply PDF: render {reply['render_p50_ms']} ms, sign {reply['sign_p50_ms']} ms (p50)")
    return "\n".join(lines)
