"""Registration takes any input without a server error: impossible dates are form errors, and
the second of two simultaneous registrations is told that the first one won."""

import pytest
from django.urls import reverse

from inquiries import permissions, services
from inquiries.models import Event, Inquiry
from tests.factories import InquiryFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(db):
    MunicipalityFactory()
    return InquiryFactory(
        status=Inquiry.Status.SUBMITTED,
        reference=None,
        reference_number=None,
        reference_year=None,
        received_on=None,
        due_on=None,
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"received_on": "9999-12-31"}, "cannot be in the future"),
        ({"received_on": "0001-01-01"}, "too far in the past"),
        (
            {"received_on": "2026-11-20", "due_on": "9999-12-31", "correction_reason": "x"},
            "more than two years",
        ),
    ],
)
def test_impossible_dates_are_form_errors(client, council_office, submitted, values, message):
    client.force_login(council_office)
    url = reverse("inquiries:register", args=[submitted.pk])
    response = client.post(url, {"register": "1", **values})
    assert response.status_code == 400
    assert message in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Inquiry.Status.SUBMITTED and submitted.reference is None
    assert client.get(url, {"received_on": values["received_on"]}).status_code == 200


def test_the_second_of_two_registrations_gets_a_friendly_message(
    client, council_office, submitted, monkeypatch
):
    first = services.register_inquiry(
        submitted, received_on=submitted.submitted_on or _today(), by=council_office
    )
    # the second request passed the permission check while the inquiry was still submitted
    monkeypatch.setattr(permissions, "can_register_inquiry", lambda user, inquiry: True)
    client.force_login(council_office)

    response = client.post(
        reverse("inquiries:register", args=[submitted.pk]),
        {"register": "1", "received_on": "2026-11-24"},
        follow=True,
    )

    assert response.status_code == 200
    assert f"has just been registered by someone else ({first.reference})" in response.content.decode()
    assert Event.objects.filter(inquiry=submitted, kind=Event.Kind.REGISTERED).count() == 1
    submitted.refresh_from_db()
    assert submitted.reference == first.reference


def _today():
    from django.utils import timezone

    return timezone.localdate()
