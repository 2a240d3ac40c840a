"""Keyboard paths, as an assessor walks them: Tab and Enter only. After each step the test
checks which element has the focus and that its focus indicator is visible (outline or
box-shadow at 3:1 or more against the background behind it), and what the status regions say."""

import re

import pytest
from playwright.sync_api import expect

from inquiries import roles
from inquiries.models import Department
from tests.browser.a11y_helpers import assert_focus_visible, focused, low_contrast_control_borders, tab_to
from tests.browser.conftest import sign_in
from tooling import demo as demo_data
from tooling.demo import Demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    from django.utils import timezone

    roles.ensure_role_groups()
    demo = Demo(timezone.localdate())
    municipality = demo.municipality()
    demo.people()
    demo.committees_and_meetings(municipality)
    return demo


def _status(page, selector: str) -> str:
    return page.locator(selector).inner_text().strip()


def _mark(page, selector: str) -> None:
    """Tag the element, so that the test can tell whether it is still the same node later."""
    page.evaluate("(s) => { document.querySelector(s).dataset.sameNode = 'yes'; }", selector)


def _same_node(page, selector: str) -> bool:
    return page.evaluate("(s) => document.querySelector(s).dataset.sameNode === 'yes'", selector)


def test_question_rows_keep_the_focus_on_the_new_or_moved_row_and_say_what_happened(
    page, live_server, people
):
    sign_in(page, live_server, "vorsitz")
    page.goto(f"{live_server.url}/anfragen/neu/")
    _mark(page, "#questions-status")
    page.locator("#id_q-0-text").focus()
    page.keyboard.type("Wie viele Radwege gibt es?")

    tab_to(page, "#questions button[value=add]")
    page.keyboard.press("Enter")
    expect(page.locator("#id_q-1-text")).to_be_focused()
    assert_focus_visible(page, "after 'Add question'")
    expect(page.locator("#questions-status")).to_have_text("Frage 2 hinzugefügt.")
    page.keyboard.type("Wann werden sie beleuchtet?")

    tab_to(page, "#questions button[value='up:1']")
    page.keyboard.press("Enter")
    # moved to the top: no "Move up" any more, so the focus is on the moved question's text
    expect(page.locator("#id_q-0-text")).to_be_focused()
    expect(page.locator("#id_q-0-text")).to_have_value("Wann werden sie beleuchtet?")
    assert_focus_visible(page, "after 'Move up'")
    expect(page.locator("#questions-status")).to_have_text("Frage an Position 1 verschoben.")

    tab_to(page, "#questions button[value='down:0']")
    page.keyboard.press("Enter")
    expect(page.locator("#id_q-1-text")).to_have_value("Wann werden sie beleuchtet?")
    expect(page.locator("#questions-status")).to_have_text("Frage an Position 2 verschoben.")
    expect(page.locator("#id_q-1-text")).to_be_focused()  # htmx focuses after it settles the swap

    tab_to(page, "#questions button[value='add_sub:0']", backwards=True)
    page.keyboard.press("Enter")
    expect(page.locator("#id_q-1-text")).to_be_focused()
    expect(page.locator("#id_q-1-level")).to_have_value("1")
    expect(page.locator("#questions-status")).to_have_text("Unterfrage 2 hinzugefügt.")
    assert_focus_visible(page, "after 'Add sub-question'")

    tab_to(page, "#questions button[value='remove:1']")
    page.keyboard.press("Enter")
    expect(page.locator("#id_q-1-text")).to_be_focused()
    expect(page.locator("#id_q-1-text")).to_have_value("Wann werden sie beleuchtet?")
    expect(page.locator("#questions-status")).to_have_text("Frage 2 entfernt.")
    assert _same_node(page, "#questions-status"), "the status region stays; only its text changes"


def test_answer_editor_forms_are_reached_by_tab_each_field_named_by_its_own_label(page, live_server):
    made = demo_data.load()
    question = made["kim"].questions.get(number="a", parent__number="1")
    sign_in(page, live_server, "finanzen")
    page.goto(f"{live_server.url}/fragen/{question.pk}/antwort/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Zum Inhalt springen"
    assert_focus_visible(page, "skip link")
    page.keyboard.press("Enter")
    tab_to(page, "#id_text")
    expect(page.locator("#id_text")).to_have_accessible_name(re.compile(r"^Antwort\*?$"))
    tab_to(page, "#answer-form [type=submit]")
    tab_to(page, "#id_contribution_text")
    expect(page.locator("#id_contribution_text")).to_have_accessible_name(re.compile(r"^Beitrag\*?$"))
    tab_to(page, "#id_comment_text")
    expect(page.locator("#id_comment_text")).to_have_accessible_name(re.compile(r"^Interne Notiz\*?$"))
    page.keyboard.type("Bitte Zahlen prüfen.")
    tab_to(page, "#comment-form [type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_text("Bitte Zahlen prüfen.")).to_be_visible()


def test_assignment_row_error_takes_the_focus_and_leads_to_the_row(page, live_server):
    made = demo_data.load()
    kim = made["kim"]
    question = kim.questions.get(number="a", parent__number="1")
    finance = Department.objects.get(code="FIN")
    sign_in(page, live_server, "ratsbuero")
    page.goto(f"{live_server.url}/anfragen/{kim.pk}/zuweisen/")
    lead = f"#id_q{question.pk}-lead_department"
    tab_to(page, lead)
    page.keyboard.press("Tab")  # on to the row's due date and its department checkboxes
    page.check(f"input[name='q{question.pk}-participating_departments'][value='{finance.pk}']")
    page.select_option(lead, "")
    tab_to(page, "button[name=assign_each]", limit=400)  # past every row's department checkboxes
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    assert_focus_visible(page, "error summary")
    page.keyboard.press("Tab")
    expect(page.locator("[data-error-summary] a").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(lead)).to_be_focused()
    assert_focus_visible(page, "the row's lead department after the summary link")
    expect(page.locator(lead)).to_have_accessible_description(
        re.compile("federführend|Federführung|lead", re.I)
    )


def test_search_updates_one_status_element_and_the_page_title(page, live_server):
    demo_data.load()
    page.goto(f"{live_server.url}/suche/")
    _mark(page, "#search-status")
    tab_to(page, "#id_q")
    page.keyboard.type("Fördermittel")
    page.keyboard.press("Enter")
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ Treffer$"))
    expect(page).to_have_title(re.compile(r"^Suche: Fördermittel \(\d+ Treffer\) – Ratsanfragen$"))
    assert _same_node(page, "#search-status"), "the status element is updated, not replaced"
    expect(page.locator("#id_q")).to_be_focused()
    assert_focus_visible(page, "search field after the search")
    count = _status(page, "#search-status")
    page.locator("#id_q").fill("Kita")
    page.keyboard.press("Enter")
    expect(page.locator("#search-status")).not_to_have_text(count)
    assert _same_node(page, "#search-status")


def test_list_and_worklist_filters_update_one_status_element(page, live_server):
    demo_data.load()
    page.goto(f"{live_server.url}/")
    _mark(page, "#inquiry-status")
    before = _status(page, "#inquiry-status")
    tab_to(page, "#id_status")
    page.select_option("#id_status", "answered")
    expect(page.locator("#inquiry-status")).not_to_have_text(before)
    assert _same_node(page, "#inquiry-status")
    expect(page.locator("#inquiry-status")).to_have_attribute("role", "status")

    sign_in(page, live_server, "finanzen")
    page.goto(f"{live_server.url}/unsere-fragen/")
    _mark(page, "#worklist-status")
    before = _status(page, "#worklist-status")
    tab_to(page, "#id_status")
    page.select_option("#id_status", "approved")
    expect(page.locator("#worklist-status")).not_to_have_text(before)
    assert _same_node(page, "#worklist-status")


def test_the_tasks_link_keeps_the_focus_when_its_counts_arrive(page, live_server):
    """The counts load after the page and replace the link; a keyboard user who has already
    tabbed to it stays there instead of falling back to the top of the page."""
    demo_data.load()
    sign_in(page, live_server, "finanzen")
    held = []
    page.route("**/start/zaehler/", lambda route: held.append(route))
    page.goto(f"{live_server.url}/unsere-fragen/")
    for _ in range(100):  # the route's handler runs while Playwright waits
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the page asks for its counts"
    tab_to(page, "#nav-tasks a")
    expect(page.locator("#nav-tasks .badge")).to_have_count(0)
    held[0].continue_()
    expect(page.locator("#nav-tasks .badge").first).to_have_text(re.compile(r"^\d+$"))
    expect(page.locator("#nav-tasks a.nav-link")).to_be_focused()
    assert_focus_visible(page, "the tasks link after its counts arrived")


def test_navigation_links_show_a_visible_focus_ring_on_the_dark_bar(page, live_server):
    demo_data.load()
    sign_in(page, live_server, "ratsbuero")
    page.goto(f"{live_server.url}/")
    for selector in (".navbar-brand", "#main-nav a.nav-link", "nav form[action$='/abmelden/'] button"):
        tab_to(page, selector)
    page.set_viewport_size({"width": 320, "height": 640})  # the collapsed menu: its toggle
    page.goto(f"{live_server.url}/")
    tab_to(page, ".navbar-toggler")


def test_a_failed_barrier_report_focuses_the_summary_whose_link_leads_to_the_field(page, live_server):
    demo_data.load()
    page.goto(f"{live_server.url}/barrierefreiheit/")
    tab_to(page, "#feedback-heading ~ form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_focus_visible(page, "error summary")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#id_report-description")).to_be_focused()
    assert_focus_visible(page, "description field")
    expect(page.locator("#id_report-description")).to_have_attribute("aria-invalid", "true")


def test_form_controls_borders_stand_out_from_the_page(page, live_server):
    made = demo_data.load()
    kim = made["kim"]
    sign_in(page, live_server, "ratsbuero")
    for path in ["/anfragen/neu/", f"/anfragen/{kim.pk}/zuweisen/", "/", "/barrierefreiheit/"]:
        page.goto(live_server.url + path)
        assert low_contrast_control_borders(page) == [], path


def test_version_history_marks_changes_by_more_than_colour(page, live_server):
    from responses import services
    from responses.models import Contribution

    made = demo_data.load()
    contribution = Contribution.objects.filter(question__inquiry=made["kim"]).first()
    services.merge_contribution(contribution, by=contribution.author)
    sign_in(page, live_server, "finanzen")
    page.goto(f"{live_server.url}/fragen/{contribution.question.pk}/antwort/verlauf/")
    inserted = page.locator(".diff ins").first
    expect(inserted).to_be_visible()
    style = inserted.evaluate("(e) => getComputedStyle(e).textDecorationLine")
    assert "underline" in style
    expect(inserted.locator(".visually-hidden").first).to_have_text("[eingefügt: ")
