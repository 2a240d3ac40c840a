"""What a look at the screens found, held: names are not cut off in the assignment form, a
queue row keeps its due date beside its text on a wide screen, the public page of an answered
inquiry names its annexes as such. The screenshots (and the signed demo reply's pages as PNG, for
a look at the letter's layout) go to test-artifacts/; docs/review.md says what they showed."""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from inquiries.models import Inquiry
from responses.models import Reply
from tests.browser.conftest import ARTIFACTS, sign_in
from tooling import demo as demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# the width of the text a select shows against the room it has for it (without its arrow)
_SELECT_TEXT_FITS = """(select) => {
    const style = getComputedStyle(select);
    const canvas = document.createElement("canvas").getContext("2d");
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = select.options[select.selectedIndex].text;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return {text, needed: canvas.measureText(text).width, room};
}"""


def test_the_assignment_form_shows_every_department_name_in_full(page, live_server, demo, shoot):
    inquiry = Inquiry.objects.get(subject__startswith="Spielplatzsanierung")  # waiting for assignment
    sign_in(page, live_server, "ratsbuero")
    page.goto(f"{live_server.url}/anfragen/{inquiry.pk}/zuweisen/")
    selects = page.locator("select[name^='q'][name$='-lead_department']")
    expect(selects.first).to_be_visible()
    longest = max(
        (option.inner_text() for option in selects.first.locator("option").all()),
        key=len,
    )
    for index in range(selects.count()):
        select = selects.nth(index)
        select.select_option(label=longest)
        fit = select.evaluate(_SELECT_TEXT_FITS)
        assert fit["needed"] <= fit["room"], fit
    # the participating departments' names are not cut either: no label is wider than its box
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll(".department-checkboxes .form-check-label")]
            .filter((label) => label.scrollWidth > label.clientWidth + 1).map((l) => l.textContent)"""
    )
    assert overflowing == []
    shoot(page, "assign")


def test_a_queue_row_keeps_its_due_date_beside_a_long_question(page, live_server, demo, shoot):
    sign_in(page, live_server, "integration")
    rows = page.locator("#queue-contribution_requests .list-group-item")
    expect(rows.first).to_be_visible()
    for index in range(rows.count()):
        text, meta = rows.nth(index).locator(":scope > div").all()
        text_box, meta_box = text.bounding_box(), meta.bounding_box()
        assert meta_box["x"] >= text_box["x"] + text_box["width"], (index, text_box, meta_box)
        assert meta_box["y"] < text_box["y"] + text_box["height"]
    shoot(page, "start")


def test_the_public_page_of_an_answered_inquiry_leads_with_the_reply_and_its_annexes(
    page, live_server, demo, shoot, tmp_path
):
    inquiry = Inquiry.objects.get(subject=demo_data.ANSWERED_SUBJECT)
    reply = Reply.objects.get(inquiry=inquiry)
    page.goto(live_server.url + inquiry.get_absolute_url())
    card = page.locator("#reply")
    expect(card.get_by_role("heading", name="Beantwortung")).to_be_visible()
    annexes = card.get_by_role("list", name="Anlagen")
    expect(annexes).to_contain_text("Übersichtskarte der Bushaltestellen")
    expect(card.locator("p", has_text="Anlagen")).to_be_visible()  # named on screen, not only for readers
    # the reply comes before the questions
    assert card.bounding_box()["y"] < page.locator("#questions-heading").bounding_box()["y"]
    shoot(page, "public-answered")
    phone = page.context.browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    small = phone.new_page()
    small.goto(live_server.url + inquiry.get_absolute_url())
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(small, "public-answered-phone")
    phone.close()

    # the signed letter's pages as pictures, for a look at its layout (DIN 5008)
    if shutil.which("pdftoppm"):
        folder = ARTIFACTS / "signed-reply-pages"
        folder.mkdir(parents=True, exist_ok=True)
        path = tmp_path / "beantwortung.pdf"
        path.write_bytes(reply.signed_pdf.open("rb").read())
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(folder / "seite")], check=True)
        assert list(folder.glob("seite-*.png"))
