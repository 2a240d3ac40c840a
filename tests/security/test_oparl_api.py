"""Hostile queries against the OParl API: dates at the edges of the calendar, absurd numbers
and very long values answer 400 JSON, on SQLite and PostgreSQL alike, never 500."""

import pytest
from django.urls import reverse

from tests.factories import CommitteeFactory, InquiryFactory, MeetingFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

LISTS = ["paper_list", "meeting_list", "organization_list", "person_list", "body_list"]


@pytest.fixture
def municipality():
    municipality = MunicipalityFactory()
    committee = CommitteeFactory(municipality=municipality)
    MeetingFactory(committee=committee)
    InquiryFactory(committee=committee)
    return municipality


def _list_url(name: str, municipality) -> str:
    return (
        reverse(f"oparl:{name}") if name == "body_list" else reverse(f"oparl:{name}", args=[municipality.pk])
    )


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01",  # midnight in Berlin is still year 0 in UTC
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-12:00",  # past year 9999 in UTC
        "99999-01-01",
        "2026-02-30",
        "2026-11-25T25:00:00",
        "x" * 10_000,
        "\x00",
    ],
)
@pytest.mark.parametrize("parameter", ["created_since", "created_until", "modified_since", "modified_until"])
def test_dates_out_of_range_or_malformed_are_a_400(client, municipality, name, value, parameter):
    response = client.get(_list_url(name, municipality), {parameter: value})
    assert response.status_code == 400, (name, parameter, value[:20])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["error"].startswith(f"{parameter}: expected an ISO 8601 date")
    assert len(response.content) < 400  # the value is not echoed at length


@pytest.mark.parametrize("name", LISTS)
def test_the_earliest_and_latest_storable_moments_still_work(client, municipality, name):
    for parameter, value in (
        ("created_since", "0001-01-02"),
        ("modified_until", "9999-12-30T00:00:00+00:00"),
    ):
        response = client.get(_list_url(name, municipality), {parameter: value})
        assert response.status_code == 200, (name, parameter)


@pytest.mark.parametrize("query", [{"page": "9" * 40}, {"limit": "9" * 40}, {"page": "-1"}, {"limit": "abc"}])
def test_absurd_page_numbers_do_not_break_the_list(client, municipality, query):
    response = client.get(reverse("oparl:paper_list", args=[municipality.pk]), query)
    assert response.status_code in (200, 400)
    assert response["Content-Type"] == "application/json; charset=utf-8"
