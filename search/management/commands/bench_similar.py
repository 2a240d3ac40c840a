"""Precision@5 and recall@5 of the "Asked before?" methods on the labelled set."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import F, FloatField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from search import similar
from search import similar_eval as ev


class Command(BaseCommand):
    requires_system_checks = []
    help = (
        "Rank every question of the labelled set (tests/data/similar/pairs.json) against all earlier "
        "questions with each method, tune each method's threshold on the tuning part and print "
        "precision@5 and recall@5 on the tuning and the hold-out part. Database methods run in a "
        "separate, temporary database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep", action="store_true", help="keep and reuse the temporary database")

    def handle(self, *args, keep: bool, **options):
        labelled = ev.load()
        settings_dict = connection.settings_dict
        if connection.vendor == "sqlite":
            name = str(Path(settings.BASE_DIR) / "var" / "bench_similar.sqlite3")
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        else:
            name = f"{settings_dict['NAME']}_bench_similar"
        settings_dict.setdefault("TEST", {})["NAME"] = name
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=keep
        )
        try:
            rankings = self._rankings(labelled)
        finally:
            if not keep:
                connection.creation.destroy_test_db(old_name, verbosity=0)
        tuning, holdout = labelled.split("tuning"), labelled.split("holdout")
        self.stdout.write(
            f"{labelled.pairs} labelled pairs, {len(labelled.pool)} earlier questions, "
            f"{len(tuning)} tuning and {len(holdout)} hold-out queries ({connection.vendor})"
        )
        self.stdout.write(
            f"{'method':<34} {'threshold':>9}  {'tuning P@5':>10} {'R@5':>5}  {'hold-out P@5':>12} {'R@5':>5}"
        )
        for method, ranking in rankings.items():
            threshold = (
                similar.THRESHOLD if method.startswith("shipped") else ev.tune_threshold(ranking, tuning)
            )
            t, h = ev.evaluate(ranking, tuning, threshold), ev.evaluate(ranking, holdout, threshold)
            self.stdout.write(
                f"{method:<34} {threshold:>9.3f}  {t.precision:>10.2f} {t.recall:>5.2f}  "
                f"{h.precision:>12.2f} {h.recall:>5.2f}"
            )

    def _rankings(self, labelled: ev.LabelledSet) -> dict[str, ev.Ranking]:
        from inquiries.models import Inquiry, Question

        rankings = {
            "word overlap": ev.python_rankings(labelled, ev.word_overlap),
            "folded-token overlap": ev.python_rankings(labelled, ev.folded_overlap),
            "trigrams of nouns (Python)": ev.python_rankings(labelled, ev.trigrams),
            "folded + trigrams, whole pool": ev.python_rankings(labelled, similar.score),
        }
        today = timezone.localdate()
        with transaction.atomic():
            inquiries = Inquiry.objects.bulk_create(
                Inquiry(
                    reference=f"BS/{n:04d}",
                    reference_year=today.year,
                    reference_number=n,
                    subject=f"Anfrage {n}",
                    status=Inquiry.Status.ANSWERED,
                    received_on=today,
                )
                for n in range(1, len(labelled.pool) + 1)
            )
            questions = Question.objects.bulk_create(
                Question(inquiry=inquiry, number="1", text=text)
                for inquiry, text in zip(inquiries, labelled.pool, strict=True)
            )
        index_of = {question.pk: n for n, question in enumerate(questions)}
        pool = Question.objects.all()
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank

            with connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            fts, trgm = {}, {}
            for query in labelled.queries:
                tsquery = SearchQuery(similar.or_tsquery(query.text), search_type="raw", config="german")
                fts[query.group] = [
                    (index_of[pk], value)
                    for pk, value in pool.filter(search_vector=tsquery)
                    .annotate(r=SearchRank(F("search_vector"), tsquery))
                    .order_by("-r", "pk")
                    .values_list("pk", "r")
                ]
                trgm[query.group] = [
                    (index_of[pk], value)
                    for pk, value in pool.annotate(
                        s=RawSQL("similarity(text, %s)", (query.text,), output_field=FloatField())
                    )
                    .filter(s__gt=0)
                    .order_by("-s", "pk")
                    .values_list("pk", "s")
                ]
            rankings["German FTS ts_rank (PostgreSQL)"] = fts
            rankings["pg_trgm similarity (PostgreSQL)"] = trgm
        shipped = {}
        for query in labelled.queries:
            candidates = similar.candidate_questions(pool, query.text)
            shipped[query.group] = [
                (index_of[c.pk], c.similarity) for c in similar.rank(query.text, candidates, threshold=0.0)
            ]
        rankings["shipped: candidates + rerank"] = shipped
        return rankings
