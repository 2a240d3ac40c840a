"""Every role's pages: no id used twice, every ARIA reference points at an element that exists,
every form control has a name, and nothing is announced invalid before anyone submitted."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from accessibility import demo as accessibility_demo
from inquiries.models import Department
from tests.accessibility.markup import invalid_controls, problems
from tests.pages import START_PAGES, crawl
from tooling import demo

pytestmark = pytest.mark.django_db


def _pages_of_every_role(made: dict) -> dict[str, dict[str, str]]:
    kim = made["kim"]
    question_1a = kim.questions.get(number="a", parent__number="1")
    extra = [
        kim.get_absolute_url(),
        f"/fragen/{question_1a.pk}/antwort/",
        f"/fragen/{question_1a.pk}/antwort/verlauf/",
    ]
    pages = {}
    for username, seeds in START_PAGES.items():
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        pages[username or "public"] = crawl(client, [*seeds, *extra])
    return pages


@pytest.fixture
def pages_of_every_role(settings):
    settings.LANGUAGE_CODE = "de"
    made = demo.load()
    accessibility_demo.load()
    return _pages_of_every_role(made)


def test_every_role_s_pages_have_unique_ids_named_controls_and_valid_references(pages_of_every_role):
    assert sum(len(p) for p in pages_of_every_role.values()) > 40
    found = {
        f"{role} {url}": problems(html)
        for role, role_pages in pages_of_every_role.items()
        for url, html in role_pages.items()
        if problems(html)
    }
    assert found == {}


def test_no_control_is_announced_invalid_on_first_load(pages_of_every_role):
    found = {
        f"{role} {url}": invalid_controls(html)
        for role, role_pages in pages_of_every_role.items()
        for url, html in role_pages.items()
        if invalid_controls(html)
    }
    assert found == {}


def _error_pages() -> dict[str, str]:
    """Pages as they come back after a failed submit, one per kind of form."""
    made = demo.load()
    kim = made["kim"]
    question = kim.questions.get(number="a", parent__number="1")
    public, chair, office = Client(), Client(), Client()
    chair.force_login(User.objects.get(username="vorsitz"))
    office.force_login(User.objects.get(username="ratsbuero"))
    finance = Department.objects.get(code="FIN")
    # a participating department without a lead: the row's own error
    assign_row = {f"q{question.pk}-participating_departments": [str(finance.pk)]}
    return {
        "list filter": public.get("/?year=abc").content.decode(),
        "sign-in": public.post("/anmelden/", {"username": "x", "password": "y"}).content.decode(),
        "statement": public.post("/barrierefreiheit/", {"report-description": ""}).content.decode(),
        "verify": public.post("/pruefen/", {"file": ""}).content.decode(),
        "new inquiry": chair.post(
            "/anfragen/neu/", {"action": "save", "q-TOTAL_FORMS": "0", "q-INITIAL_FORMS": "0"}
        ).content.decode(),
        "question row": chair.post(
            "/anfragen/neu/",
            {
                "action": "save",
                "q-TOTAL_FORMS": "1",
                "q-INITIAL_FORMS": "0",
                "q-0-text": "Wie?",
                "q-0-level": "9",
            },
        ).content.decode(),
        "assignment": office.post(f"/anfragen/{kim.pk}/zuweisen/", assign_row).content.decode(),
        "answer editor": office.post(
            f"/fragen/{question.pk}/antwort/", {"text": "x", "version": "-1"}
        ).content.decode(),
    }


def test_pages_after_a_failed_submit_tie_every_error_to_an_element_that_exists():
    pages = _error_pages()
    assert all('aria-invalid="true"' in html or "data-error-summary" in html for html in pages.values())
    found = {name: problems(html) for name, html in pages.items() if problems(html)}
    assert found == {}


def test_the_list_filter_s_error_is_the_year_field_s_description():
    html = _error_pages()["list filter"]
    assert 'aria-describedby="id_year_error"' in html and 'id="id_year_error"' in html


def test_the_assignment_row_s_error_is_tied_to_the_row_s_controls():
    html = _error_pages()["assignment"]
    row_error = re.search(r'<div class="text-danger small[^"]*" id="(q\d+-errors)">', html)
    assert row_error, "the row's error has an id"
    prefix = row_error.group(1).removesuffix("-errors")
    lead = re.search(rf'<select name="{prefix}-lead_department"[^>]*>', html).group(0)
    assert f'aria-describedby="{row_error.group(1)}"' in lead and 'aria-invalid="true"' in lead
    assert "data-error-summary" in html


@pytest.mark.parametrize("page", ["sign-in", "statement", "new inquiry"])
def test_a_failed_submit_shows_an_error_summary_as_an_alert_that_takes_the_focus(page):
    html = _error_pages()[page]
    summary = re.search(r"<div [^>]*data-error-summary[^>]*>", html)
    assert summary, "an error summary"
    assert 'role="alert"' in summary.group(0) and 'tabindex="-1"' in summary.group(0)


def test_the_checks_find_what_they_look_for():
    html = (
        '<label for="id_text">Antwort</label><textarea id="id_text"></textarea>'
        '<label for="id_text">Beitrag</label><textarea id="id_text"></textarea>'
        '<input id="id_year" aria-describedby="id_year_error"><div id="id_year-error"></div>'
        '<select name="status" aria-invalid="true"></select><button></button>'
        '<label>Name <input name="name"></label><button aria-label="Schließen"></button>'
    )
    found = problems(html)
    assert "id 'id_text' used 2 times" in found
    assert "<input aria-describedby='id_year_error'> points to no element" in found
    assert "<select name='status'> has no accessible name" in found
    assert "<button> has no accessible name" in found
    assert not any("name='name'" in problem for problem in found)  # named by its wrapping label
    assert invalid_controls(html) == ["<select name='status'>"]


def test_a_question_row_s_error_is_in_the_summary_and_described_at_its_field():
    html = _error_pages()["question row"]
    summaries = re.findall(r"<div [^>]*data-error-summary.*?</div>", html, re.S)
    assert any('href="#id_q-0-level"' in summary for summary in summaries)
    level = re.search(r'<select name="q-0-level"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in level and 'aria-describedby="id_q-0-level_error"' in level
    assert 'id="id_q-0-level_error"' in html
