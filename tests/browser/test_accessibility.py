"""The main pages have no serious or critical WCAG 2.1 AA violations, checked by axe-core in
Chromium (the axe-core copy shipped by axe-playwright-python, injected by the test)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from inquiries.models import Inquiry
from tests.browser.conftest import sign_in
from tooling import demo as demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _serious(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def axe_page(browser):
    # axe is injected by the test itself; the app's CSP (rightly) forbids foreign scripts
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def test_public_pages_have_no_serious_accessibility_violations(axe_page, live_server, demo, shoot):
    kim = Inquiry.objects.get(subject=demo_data.KIM_SUBJECT)
    problems = {}
    for name, path in [
        ("list", "/"),
        ("detail", kim.get_absolute_url()),
        ("search", "/suche/?q=F%C3%B6rdermittel"),
        ("verify", "/pruefen/"),
        ("sign-in", "/anmelden/"),
        ("accessibility-statement", "/barrierefreiheit/"),
        ("plain-language", "/leichte-sprache/"),
    ]:
        axe_page.goto(live_server.url + path)
        shoot(axe_page, name)
        found = _serious(axe_page)
        if found:
            problems[name] = found
    assert problems == {}


def test_staff_pages_have_no_serious_accessibility_violations(axe_page, live_server, demo, shoot):
    kim = Inquiry.objects.get(subject=demo_data.KIM_SUBJECT)
    question = kim.questions.get(number="a", parent__number="1")
    sign_in(axe_page, live_server, "finanzen")
    problems = {}
    for name, path in [
        ("worklist", "/unsere-fragen/"),
        ("detail", kim.get_absolute_url()),
        ("answer-editor", f"/fragen/{question.pk}/antwort/"),
    ]:
        axe_page.goto(live_server.url + path)
        shoot(axe_page, name)
        found = _serious(axe_page)
        if found:
            problems[name] = found
    assert problems == {}
