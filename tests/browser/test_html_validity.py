"""Each role's main pages, as the browser renders them, pass the W3C Nu HTML validator
(`vnu.jar` from the npm package vnu-jar, installed by `bin/ensure-vnu`, run with `java -jar`)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from inquiries.models import Inquiry
from responses.models import Reply
from tests.browser.conftest import sign_in
from tests.pages import START_PAGES, crawl
from tooling import demo as demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VNU = (
    Path(__file__).resolve().parents[2]
    / ".venv"
    / "vnu"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)
PAGES_PER_ROLE = 14


def validate(files: list[Path]) -> list[str]:
    """The validator's errors (and warnings about bad values) for `files`, one line each."""
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]


@pytest.fixture
def vnu():
    if not VNU.exists() or not shutil.which("java"):
        pytest.skip("Nu validator not installed: run bin/ensure-vnu (needs java and npm)")
    return validate


def test_the_validator_finds_what_it_looks_for(vnu, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="de"><head><title>x</title></head><body>'
        '<form hx-get="/"><time datetime="2026-11-25T10:00:00.123456+01:00">x</time></form></body></html>'
    )
    problems = " ".join(vnu([page]))
    assert "hx-get" in problems and "datetime" in problems


def _main_pages(demo: dict) -> dict[str, list[str]]:
    """Per role (username; "" for the public), the first pages of each kind its start pages
    lead to, with the KIM inquiry, an answer editor and the reply of the answered inquiry."""
    kim = demo["kim"]
    question = kim.questions.get(number="a", parent__number="1")
    reply = Reply.objects.get(inquiry=demo["answered"])
    submitted = Inquiry.objects.filter(status=Inquiry.Status.SUBMITTED).first()
    extra = [kim.get_absolute_url(), f"/fragen/{question.pk}/antwort/", f"/beantwortungen/{reply.pk}/"]
    if submitted is not None:
        extra.append(f"/anfragen/{submitted.pk}/registrieren/")
    pages = {}
    for username, seeds in START_PAGES.items():
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        pages[username or ""] = list(crawl(client, [*seeds, *extra], limit=PAGES_PER_ROLE))
    return pages


def test_every_role_s_main_pages_are_valid_html(vnu, browser, live_server, tmp_path):
    made = demo_data.load()
    problems, files = [], []
    for username, paths in _main_pages(made).items():
        context = browser.new_context(locale="de-DE")
        page = context.new_page()
        if username:
            sign_in(page, live_server, username)
        for path in paths:
            page.goto(live_server.url + path)
            name = re.sub(r"[^\w]+", "_", f"{username or 'public'}{path}").strip("_")
            file = tmp_path / f"{name}.html"
            file.write_text(page.content(), encoding="utf-8")
            files.append(file)
        context.close()
    assert len(files) > 40
    problems = vnu(files)
    assert problems == []
