"""The accessibility statement, its feedback form (a record of each report and its answer, an
e-mail to the council office) and the plain-language page."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from accessibility import demo, services
from accessibility.models import AccessibilityStatement, BarrierReport
from accessibility.services import answer_barrier_report
from inquiries import roles
from tests.factories import MunicipalityFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(db):
    municipality = MunicipalityFactory(email="ratsbuero@bornheim.example")
    return AccessibilityStatement.objects.create(
        municipality=municipality,
        conformance=AccessibilityStatement.Conformance.PARTIAL,
        known_barriers="Scans are published as received.\n\nOld replies are untagged PDFs.",
        assessed_on="2026-11-30",
        enforcement_body_name="Ombudsstelle für barrierefreie IT",
        enforcement_body_address="Fürstenwall 25\n40219 Düsseldorf",
        enforcement_body_email="ombudsstelle@example.org",
    )


def test_statement_shows_conformance_barriers_assessment_date_and_enforcement_body(client, statement):
    content = client.get(reverse("accessibility:statement")).content.decode()
    assert "partially compliant" in content
    assert "<li>Scans are published as received.</li>" in content
    assert "<li>Old replies are untagged PDFs.</li>" in content
    assert "30.11.2026" in content
    assert "Ombudsstelle für barrierefreie IT" in content and "40219 Düsseldorf" in content
    assert 'href="mailto:ratsbuero@bornheim.example"' in content


def test_statement_without_configuration_still_answers(client):
    response = client.get(reverse("accessibility:statement"))
    assert response.status_code == 200
    assert "has not yet published its assessment" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/suche/", "/anmelden/", "/pruefen/", "/leichte-sprache/"])
def test_every_page_s_footer_links_the_statement_and_plain_language(client, path):
    content = client.get(path).content.decode()
    footer = content[content.index("<footer") :]
    assert f'href="{reverse("accessibility:statement")}"' in footer
    assert f'href="{reverse("accessibility:plain_language")}"' in footer


def test_a_report_is_recorded_and_mailed_to_the_council_office(
    client, statement, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accessibility:statement"),
            {"report-description": "The search button has no focus ring.", "report-page": "/suche/"},
        )
    assert response.status_code == 302
    report = BarrierReport.objects.get()
    assert (report.description, report.page, report.status) == (
        "The search button has no focus ring.",
        "/suche/",
        BarrierReport.Status.OPEN,
    )
    assert [m.to for m in mailoutbox] == [["ratsbuero@bornheim.example"]]
    assert "The search button has no focus ring." in mailoutbox[0].body
    assert f"/admin/accessibility/barrierreport/{report.pk}/change/" in mailoutbox[0].body


def test_the_statement_s_own_feedback_address_wins(
    client, statement, mailoutbox, django_capture_on_commit_callbacks
):
    statement.feedback_email = "barrierefrei@bornheim.example"
    statement.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_barrier(description="Too small text.")
    assert [m.to for m in mailoutbox] == [["barrierefrei@bornheim.example"]]


def test_an_empty_report_shows_a_linked_error_summary_and_saves_nothing(client, statement):
    response = client.post(reverse("accessibility:statement"), {"report-description": ""})
    content = response.content.decode()
    assert response.status_code == 200
    assert BarrierReport.objects.count() == 0
    summary = content[content.index("data-error-summary") - 200 : content.index("data-error-summary") + 600]
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert 'href="#id_report-description"' in summary
    assert 'id="id_report-description"' in content


def test_a_report_is_bounded(client, statement):
    response = client.post(reverse("accessibility:statement"), {"report-description": "x" * 20_001})
    assert response.status_code == 200
    assert BarrierReport.objects.count() == 0


def test_the_office_s_answer_is_recorded_and_sent_to_the_reporter(
    statement, mailoutbox, django_capture_on_commit_callbacks
):
    office = user_with_role(roles.COUNCIL_OFFICE, username="office")
    report = services.report_barrier(description="Too small text.", email="erika@example.org", name="Erika")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer_barrier_report(report, answer="Larger text is coming.", by=office)
    report.refresh_from_db()
    assert report.status == BarrierReport.Status.ANSWERED
    assert (report.answer, report.answered_by) == ("Larger text is coming.", office)
    assert report.answered_at is not None
    assert [m.to for m in mailoutbox] == [["erika@example.org"]]
    assert "Larger text is coming." in mailoutbox[0].body and "Erika" in mailoutbox[0].body


def test_the_admin_records_the_answer_through_the_service(client, statement):
    admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
    report = services.report_barrier(description="Too small text.")
    client.force_login(admin)
    url = reverse("admin:accessibility_barrierreport_change", args=[report.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"answer": "Fixed."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.answered_by) == (BarrierReport.Status.ANSWERED, admin)


def test_plain_language_page_shows_the_configured_text_or_the_standard_one(client, statement):
    assert "Members of the council can ask" in client.get("/leichte-sprache/").content.decode()
    statement.plain_language_text = "Das ist Ratsanfragen.\n\nHier stehen Fragen."
    statement.save()
    content = client.get("/leichte-sprache/").content.decode()
    assert "<p>Das ist Ratsanfragen.</p>" in content and "<p>Hier stehen Fragen.</p>" in content


def test_the_demo_has_a_statement_and_an_answered_report():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    statement = AccessibilityStatement.objects.get()
    assert statement.assessed_on.isoformat() == "2026-11-30"
    assert statement.enforcement_body_address
    report = BarrierReport.objects.get()
    assert report.status == BarrierReport.Status.ANSWERED and report.answered_by.username == "ratsbuero"
    demo.load()  # idempotent
    assert (AccessibilityStatement.objects.count(), BarrierReport.objects.count()) == (1, 1)
