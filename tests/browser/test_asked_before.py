"""'Asked before?' in a real browser: htmx loads the suggestions beside the demo's KIM question 1,
and one click copies the earlier answer into the draft, with the typed text kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from inquiries.models import Inquiry
from responses.models import Answer
from tests.browser.conftest import sign_in
from tooling import demo as demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_editor_suggests_last_years_answer_and_copies_it_into_the_draft(demo, page, live_server, shoot):
    kim = Inquiry.objects.get(subject=demo_data.KIM_SUBJECT)
    question = kim.questions.get(number="1", parent__isnull=True)
    sign_in(page, live_server, "finanzen")
    page.goto(f"{live_server.url}/fragen/{question.pk}/antwort/")
    suggestions = page.locator("#question-suggestions")
    expect(suggestions).to_contain_text("48.000")  # the sent answer, loaded after the page
    shoot(page, "suggestions")

    page.locator("#answer-form textarea[name=text]").fill("Vorbemerkung der Kämmerei.")
    page.locator("#question-suggestions button[formaction$='/antwort/uebernehmen/']").first.click()
    expect(page.locator(".messages .alert-success").first).to_be_visible()
    shoot(page, "copied")
    answer = Answer.objects.get(question=question)
    assert answer.text.startswith("Vorbemerkung der Kämmerei.\n\nDie Stadt Bornheim hat")
    assert answer.history.latest("history_date").history_change_reason.startswith("copy:")
