"""`manage.py bench`: what it measures and when it refuses (figures are printed, never asserted)."""

from datetime import timedelta

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F
from django.test import Client, override_settings
from django.urls import reverse

from inquiries.models import Inquiry, Question
from tooling.bench_data import SEARCH_WORD, Scale, build_dataset, kept_scale
from tooling.benchmark import measure_pages
from tooling.management.commands.bench import Command

# VACUUM cannot run inside the test's transaction
pytestmark = pytest.mark.django_db(transaction=True)


class RecordingClient(Client):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.paths = []

    def get(self, path, *args, **kwargs):
        self.paths.append(path)
        return super().get(path, *args, **kwargs)


@pytest.fixture
def bench_data():
    return build_dataset(Scale.of(10))


def test_kept_database_of_another_scale_is_refused(bench_data):
    assert kept_scale() == 10
    with pytest.raises(CommandError, match="holds 10 inquiries, not 20"):
        Command()._run(Scale.of(20), runs=1, rounds=1, pdf_runs=1, reuse=True)


@override_settings(ROOT_URLCONF="tooling.bench_urls")
def test_floor_and_page_samples_alternate_and_rounds_give_a_spread(bench_data):
    client = RecordingClient()
    client.force_login(bench_data["member"])
    page = reverse("portal:list")
    result = measure_pages({"list": (client, page)}, runs=3, rounds=2)["list"]
    measured = client.paths[-12:]  # after the warm-up: floor, page, floor, page, …
    assert measured[0::2] == [measured[0]] * 6 and measured[0].startswith("/__bench/floor/")
    assert measured[1::2] == [page] * 6
    assert result["samples"] == 6
    low, high = result["p50_ms_rounds"]
    assert low <= high
    assert result["queries"] > 0 and result["bytes"] > 0


def _schema(tables):
    """The indexes and constraints of `tables` as the database reports them (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = ANY(%s::regclass[]) ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = ANY(%s::regclass[]) ORDER BY 1",
            [tables],
        )
        return indexes, cursor.fetchall()


def test_build_writes_the_proportions_and_keeps_indexes_and_constraints():
    from responses.models import Answer, Reply, ReplyAnswer

    tables = [model._meta.db_table for model in (Inquiry, Question, Answer, Reply, ReplyAnswer)]
    before = _schema(tables) if connection.vendor == "postgresql" else None
    data = build_dataset(Scale.of(40))
    # 40 generated inquiries with 15 questions each, and at most 10 answers per inquiry (about
    # 72 % of the questions are drawn, so the cap is reached), plus the detail page's inquiry
    # with 25 questions and 20 answers
    assert data["counts"] == {"inquiries": 41, "questions": 40 * 15 + 25, "answers": 40 * 10 + 20}
    generated = Inquiry.objects.exclude(pk=data["detail"].pk)
    assert Reply.objects.filter(inquiry__in=generated).count() == generated.filter(status="answered").count()
    assert ReplyAnswer.objects.count() > 20
    # what readers read is stored per row: the loaded rows carry it as the app would have
    assert not ReplyAnswer.objects.filter(is_published=False).exists()
    assert not ReplyAnswer.objects.exclude(inquiry_id=F("reply__inquiry_id")).exists()
    # the questions' copy of "open", as Question.save() writes it
    for inquiry in generated.prefetch_related("questions"):
        assert {question.is_open for question in inquiry.questions.all()} == {inquiry.is_open()}
    # the search word occurs in a few per cent of the questions, not in most
    share = Question.objects.filter(text__icontains=SEARCH_WORD).count() / Question.objects.count()
    assert 0.01 < share < 0.3
    # the primary keys' sequences continue after the loaded rows
    assert Inquiry.objects.create(subject="Neu").pk > data["detail"].pk
    if connection.vendor == "postgresql":
        # the indexes and constraints the migrations made, back after the load, and the search
        # vectors computed by the database
        assert _schema(tables) == before
        assert not Question.objects.filter(search_vector__isnull=True).exists()
        assert Question.objects.filter(search_vector=SearchQuery(SEARCH_WORD, config="german")).exists()


def test_kept_database_reports_the_migrations_it_got(bench_data):
    from django.db.migrations.recorder import MigrationRecorder
    from django.db.models import Max, Min

    from tooling.management.commands.bench import migrations_applied_since

    recorded = MigrationRecorder(connection).migration_qs
    first, last = recorded.aggregate(Min("applied"), Max("applied")).values()
    # a database migrated entirely by this run was made by it: nothing to report
    assert migrations_applied_since(first - timedelta(minutes=1)) == []
    # a kept database built by older code: what `migrate` applied to it in this run
    run = last + timedelta(days=1)
    recorded.create(app="tooling", name="0001_bench_new", applied=run + timedelta(seconds=5))
    try:
        assert migrations_applied_since(run) == ["tooling.0001_bench_new"]
    finally:  # django_migrations is not flushed between tests
        recorded.filter(app="tooling").delete()
