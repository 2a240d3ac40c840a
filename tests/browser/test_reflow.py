"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide the pages scroll only vertically; a wide table
scrolls inside its own box, never the whole page."""

import pytest
from django.contrib.auth.models import User

from responses import services
from responses.models import Reply
from tests.browser.conftest import sign_in
from tooling import demo as demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The elements wider than the window, named, for the failure message.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !(el.parentElement && el.parentElement.closest(".table-responsive, .overflow-auto"))) {
      const text = (el.textContent || "").trim().slice(0, 40);
      wide.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${[...el.classList].join(".")} (${Math.round(box.right)}px) ${text}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""


def test_statistics_and_reply_pages_reflow_at_320_pixels(browser, live_server):
    made = demo_data.load()
    reply = Reply.objects.get(inquiry=made["answered"])
    office = User.objects.get(username="ratsbuero")
    draft = services.get_or_create_reply(made["kim"], by=office)  # its compose page shows the letter
    context = browser.new_context(locale="de-DE", viewport={"width": 320, "height": 640})
    page = context.new_page()
    sign_in(page, live_server, "ratsbuero")
    problems = {}
    kim = made["kim"]
    for path in [
        "/statistik/",
        f"/beantwortungen/{reply.pk}/",
        f"/beantwortungen/{draft.pk}/",
        f"/anfragen/{kim.pk}/zuweisen/",
        "/",
    ]:
        page.goto(live_server.url + path)
        found = page.evaluate(OVERFLOW_JS)
        if found["scroll"] > found["width"]:
            problems[path] = found
    context.close()
    assert problems == {}
