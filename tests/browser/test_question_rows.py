"""The question rows of the inquiry form: plain form posts without JavaScript, and with it
(htmx) only the question list is redrawn, keeping what was typed elsewhere on the page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inquiries import roles
from tests.browser.conftest import sign_in
from tooling.demo import Demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    roles.ensure_role_groups()
    demo = Demo(timezone.localdate())
    municipality = demo.municipality()
    demo.people()
    demo.committees_and_meetings(municipality)
    return demo


def test_row_buttons_redraw_only_the_question_list(page, live_server, people, shoot):
    sign_in(page, live_server, "vorsitz")
    page.goto(f"{live_server.url}/anfragen/neu/")
    page.locator("input[name=subject]").fill("Radwege am Rhein")
    page.locator("textarea[name='q-0-text']").fill("Wie viele Radwege gibt es?")
    page.evaluate("window.notReloaded = true")
    page.locator("#questions button[name=action][value=add]").click()
    page.locator("textarea[name='q-1-text']").wait_for()
    page.locator("textarea[name='q-1-text']").fill("Wann werden sie beleuchtet?")
    page.locator("#questions button[value='up:1']").click()
    expect(page.locator("textarea[name='q-0-text']")).to_have_value("Wann werden sie beleuchtet?")
    expect(page.locator("textarea[name='q-1-text']")).to_have_value("Wie viele Radwege gibt es?")
    assert page.evaluate("window.notReloaded === true")  # no full page load
    assert page.locator("input[name=subject]").input_value() == "Radwege am Rhein"
    shoot(page, "rows")


def test_row_buttons_work_without_javascript(browser, live_server, people):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    sign_in(page, live_server, "vorsitz")
    page.goto(f"{live_server.url}/anfragen/neu/")
    page.locator("textarea[name='q-0-text']").fill("Erste Frage?")
    page.locator("#questions button[name=action][value=add]").click()
    page.wait_for_load_state()
    assert page.locator("textarea[name='q-0-text']").input_value() == "Erste Frage?"
    assert page.locator("textarea[name='q-1-text']").count() == 1
    context.close()
