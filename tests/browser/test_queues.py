"""Browser journeys: each role signs in and lands on its own queues, opens the first item and is
where the work is; a deputy signs for the absent mayor; the inquiry list on a phone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inquiries.models import Event
from responses.models import Reply
from tests.browser.conftest import sign_in, sign_out
from tooling import demo as demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLOW_MS = 30_000  # signing renders and signs a PDF

# user → (queue, where its first item leads)
ROLE_QUEUES = {
    "ratsbuero": ("to_register", re.compile(r"/anfragen/\d+/registrieren/$")),
    "integration": ("returned", re.compile(r"/fragen/\d+/antwort/$")),
    "integration-leitung": ("to_approve", re.compile(r"/fragen/\d+/antwort/$")),
    "buergermeister": ("to_sign", re.compile(r"/beantwortungen/\d+/$")),
    "vorsitz": ("mine", re.compile(r"/anfragen/\d+/(bearbeiten/)?$")),
}


@pytest.mark.parametrize("username", list(ROLE_QUEUES))
def test_each_role_lands_on_its_queue_and_opens_the_first_item(page, live_server, demo, shoot, username):
    key, target = ROLE_QUEUES[username]
    sign_in(page, live_server, username)
    expect(page).to_have_url(f"{live_server.url}/start/")
    expect(page.locator("h1")).to_have_text("Meine Aufgaben")
    section = page.locator(f"#queue-{key}")
    expect(section.locator(".list-group-item").first).to_be_visible()
    # the navigation's count arrives after the page and is not zero
    expect(page.locator("#nav-tasks .badge").first).to_have_text(re.compile(r"^[1-9]\d*$"))
    shoot(page, "start")
    item = section.locator(".list-group-item").first
    button = item.locator("a.btn")
    (button if button.count() else item.locator("a").first).click()
    page.wait_for_load_state()
    expect(page).to_have_url(target)
    shoot(page, "first-item")


def test_a_returned_answer_says_so_with_its_reason(page, live_server, demo, shoot):
    sign_in(page, live_server, "integration")
    page.locator("#queue-returned .list-group-item a").first.click()
    expect(page.locator(".badge", has_text="zurückgegeben")).to_be_visible()
    expect(page.locator(".alert-warning")).to_contain_text("freien Träger")
    shoot(page, "returned-in-editor")
    page.goto(f"{live_server.url}/unsere-fragen/")
    expect(page.locator("#worklist-lead .badge", has_text="zurückgegeben")).to_be_visible()
    expect(page.locator("#worklist-contributions")).to_be_visible()


def test_a_deputy_signs_for_the_absent_mayor_and_the_history_says_so(page, live_server, demo, shoot):
    today = timezone.localdate()
    reply = Reply.objects.get(inquiry__subject=demo_data.TO_SIGN_SUBJECT)
    # the mayor names the head of the mayor's office as deputy for next week
    sign_in(page, live_server, "buergermeister")
    page.goto(f"{live_server.url}/profil/")
    page.locator("select[name=deputy]").select_option(label="Thomas Müller")
    page.locator("input[name=starts_on]").fill(today.isoformat())
    page.locator("input[name=ends_on]").fill((today + timedelta(days=7)).isoformat())
    page.locator("input[name=add_deputy], button[name=add_deputy]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    shoot(page, "deputy-named")
    sign_out(page)

    sign_in(page, live_server, "buero-bm")
    expect(page.locator(".alert-info", has_text="Sie vertreten")).to_contain_text("Christoph Becker")
    queue = page.locator("#queue-to_sign")
    expect(queue).to_contain_text(reply.inquiry.reference)
    shoot(page, "deputy-start")
    queue.locator("a.btn").first.click()
    page.on("dialog", lambda dialog: dialog.accept())  # a confirmation, where signing asks
    page.locator(
        "form[action$='/unterschreiben/'] button, button[formaction$='/unterschreiben/']"
    ).first.click()
    page.locator("form[data-signing-form] button[type=submit]").click()  # "Sign now", after the question
    expect(page.locator(".alert-success").first).to_be_visible(timeout=SLOW_MS)
    reply.refresh_from_db()
    assert reply.status == Reply.Status.SIGNED and reply.signed_by.username == "buero-bm"
    event = Event.objects.get(inquiry=reply.inquiry, kind=Event.Kind.REPLY_SIGNED)
    assert event.data["deputy_of_name"] == "Christoph Becker"
    page.goto(live_server.url + reply.inquiry.get_absolute_url())
    expect(page.locator(".timeline")).to_contain_text(
        "unterschrieben von Thomas Müller in Vertretung für Christoph Becker"
    )
    shoot(page, "deputy-signed-timeline")


def test_the_inquiry_list_on_a_phone_shows_results_first_without_a_sideways_swipe(
    browser, live_server, demo, shoot
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + "/")
    filters = page.locator("#inquiry-filters")
    expect(filters).to_be_hidden()
    rows = page.locator("#inquiry-table tbody tr")
    expect(rows.first).to_be_visible()
    # no sideways swipe: the page is as wide as the phone, and status and deadline of the first
    # row are on screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = rows.first
    for label in ("Status", "Frist"):
        cell = first.locator(f"td[data-label='{label}']")
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (label, box)
    shoot(page, "phone-list")
    page.get_by_role("button", name="Filter").first.click()
    expect(filters).to_be_visible()
    shoot(page, "phone-filters")

    # the staff's worklist, too
    sign_in(page, live_server, "integration")
    page.goto(live_server.url + "/unsere-fragen/")
    expect(page.locator("#worklist-filters")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    answer = page.locator("#worklist-lead tbody tr").first.locator("td[data-label='Antwort']")
    box = answer.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    shoot(page, "phone-worklist")
    context.close()
