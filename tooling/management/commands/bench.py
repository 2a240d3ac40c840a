"""Benchmark the main pages and the reply PDF on a realistic data set in a separate database."""

import json
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from tooling.benchmark import SEARCH_WORD, Scale, build_dataset, measure, measure_reply_pdf


class Command(BaseCommand):
    # the configured database need not exist: the benchmark makes and drops its own
    requires_system_checks = []
    help = (
        "Build a data set (default 10,000 inquiries, 150,000 questions, 100,000 answers) in a separate "
        "database, measure median and 95th percentile server time and SQL queries of the inquiry list, "
        "a 25-question detail, a department's question list and a search, against a minimal page of the "
        "same size, plus rendering and signing a reply; print one JSON object."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON only (the default output)")
        parser.add_argument("--scale", type=int, default=10_000, help="number of inquiries (default 10000)")
        parser.add_argument("--runs", type=int, default=30, help="requests per page (default 30)")
        parser.add_argument("--pdf-runs", type=int, default=10, help="renders and signatures (default 10)")
        parser.add_argument("--keep", action="store_true", help="keep and reuse the benchmark database")

    def handle(self, *args, scale: int, runs: int, pdf_runs: int, keep: bool, **options):
        if scale < 10 or runs < 1 or pdf_runs < 1:
            raise CommandError("--scale must be at least 10, --runs and --pdf-runs at least 1")
        settings_dict = connection.settings_dict
        if connection.vendor == "sqlite":
            bench_name = str(Path(settings.BASE_DIR) / "var" / "bench.sqlite3")
            Path(bench_name).parent.mkdir(parents=True, exist_ok=True)
        else:
            bench_name = f"{settings_dict['NAME']}_bench"
        settings_dict.setdefault("TEST", {})["NAME"] = bench_name
        self.stderr.write(f"bench: creating database {bench_name} …")
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=keep
        )
        try:
            result = self._run(Scale.of(scale), runs, pdf_runs, reuse=keep)
        finally:
            if not keep:
                connection.creation.destroy_test_db(old_name, verbosity=0)
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _run(self, scale: Scale, runs: int, pdf_runs: int, *, reuse: bool) -> dict:
        from inquiries.models import Inquiry

        if reuse and Inquiry.objects.exists():
            from django.contrib.auth.models import User

            data = {
                "member": User.objects.get(username="bench-member"),
                "staff": User.objects.get(username="bench-staff"),
                "detail": Inquiry.objects.get(reference="AN/2026/99999"),
            }
        else:
            self.stderr.write(
                f"bench: building {scale.inquiries} inquiries, {scale.questions} questions, {scale.answers} answers …"
            )
            data = build_dataset(scale)
        counts = {
            "inquiries": Inquiry.objects.count(),
            "questions": data["detail"].questions.model.objects.count(),
            "answers": data["detail"].questions.model.objects.filter(answer__isnull=False).count(),
        }
        overrides = {"ROOT_URLCONF": "tooling.bench_urls", "ALLOWED_HOSTS": ["testserver"]}
        try:
            staticfiles_storage.url("css/app.css")
        except ValueError:  # no collectstatic manifest here: find static files in place
            overrides["STORAGES"] = {
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        pages = {}
        with override_settings(**overrides):
            member, staff = Client(), Client()
            member.force_login(data["member"])
            staff.force_login(data["staff"])
            self.stderr.write("bench: measuring pages …")
            first_question = data["detail"].questions.order_by("position").first()
            paths = {
                "list": (member, reverse("portal:list")),
                "detail": (member, data["detail"].get_absolute_url()),
                "department": (staff, reverse("responses:worklist")),
                "search": (member, reverse("search:search") + "?" + urlencode({"q": SEARCH_WORD})),
                # "Asked before?" beside a question of the detail inquiry, loaded after the editor
                "answer_editor": (staff, reverse("responses:answer_edit", args=[first_question.pk])),
                "suggestions": (staff, reverse("search:question_suggestions", args=[first_question.pk])),
            }
            for name, (client, path) in paths.items():
                pages[name] = measure(client, path, runs)
            floor = measure(member, f"/__bench/floor/{pages['list']['bytes']}/", runs)
        for page in pages.values():
            page["ratio_to_floor"] = round(page["p50_ms"] / floor["p50_ms"], 1)
        from search.services import ranked_inquiry_ids

        pages["search"]["hits"] = len(ranked_inquiry_ids(data["member"], SEARCH_WORD))
        self.stderr.write("bench: rendering and signing the reply …")
        reply = measure_reply_pdf(pdf_runs)
        return {
            "scale": counts,
            "database": connection.vendor,
            "floor": {"p50_ms": floor["p50_ms"], "p95_ms": floor["p95_ms"]},
            "pages": pages,
            "reply_pdf": {key: reply[key] for key in ("render_p50_ms", "sign_p50_ms", "total_p50_ms")},
        }
