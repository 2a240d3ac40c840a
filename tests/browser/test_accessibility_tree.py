"""The main pages of each role as Chromium's accessibility tree presents them: every control has
a name, and none is announced invalid before anyone submitted anything."""

import pytest

from tests.browser.a11y_helpers import accessibility_tree_problems
from tests.browser.conftest import sign_in
from tooling import demo as demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages(made: dict) -> dict[str, list[str]]:
    kim = made["kim"]
    question = kim.questions.get(number="a", parent__number="1")
    return {
        "": [
            "/",
            kim.get_absolute_url(),
            "/suche/?q=F%C3%B6rdermittel",
            "/pruefen/",
            "/anmelden/",
            "/barrierefreiheit/",
        ],
        "vorsitz": ["/anfragen/neu/", "/anfragen/import/", "/meine-anfragen/"],
        "finanzen": ["/unsere-fragen/", f"/fragen/{question.pk}/antwort/"],
        "ratsbuero": ["/eingang/", f"/anfragen/{kim.pk}/zuweisen/", "/statistik/"],
    }


def test_main_pages_have_named_controls_and_nothing_invalid_on_first_load(browser, live_server):
    made = demo_data.load()
    problems = {}
    for username, paths in _pages(made).items():
        context = browser.new_context(locale="de-DE")
        page = context.new_page()
        if username:
            sign_in(page, live_server, username)
        for path in paths:
            page.goto(live_server.url + path)
            found = accessibility_tree_problems(page)
            if found:
                problems[f"{username or 'public'} {path}"] = found
        context.close()
    assert problems == {}
