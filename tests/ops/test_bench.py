"""`manage.py bench`: what it measures and when it refuses (figures are printed, never asserted)."""

import pytest
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse

from tooling.benchmark import Scale, build_dataset, kept_scale, measure_pages
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
