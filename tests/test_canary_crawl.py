"""Canary: unique tokens in a draft answer, an approved-but-unsent answer, a contribution, an
internal comment and a non-public inquiry; then crawl every page, search, feed, export, API and
file URL reachable as the public and as a council member. A token appears only where that role
may read it. Side channels (search, feeds, exports, follow lists, OParl) are where similar
products leaked; the crawler follows every link it finds, so new pages are covered too.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from inquiries import roles
from inquiries.models import Inquiry
from responses.models import Answer, Comment, Contribution
from tests.factories import force_update, user_with_role
from tooling import demo

pytestmark = pytest.mark.django_db

DRAFT = "Kanarienentwurfzeile"
UNSENT = "Kanariengenehmigtzeile"
CONTRIBUTION = "Kanarienbeitragzeile"
COMMENT = "Kanarienkommentarzeile"
SECRET = "Kanariengeheimzeile"

SKIP = ("/abmelden/", "/i18n/", "/admin/", "/anmelden/", "/static/")
LINK = re.compile(r"""(?:href|src|action)=["']([^"'#]+)""")
JSON_URL = re.compile(r'"(https?://[^"]+)"')


def _plant_tokens() -> Inquiry:
    demo.load()
    kim = Inquiry.objects.get(subject=demo.KIM_SUBJECT)
    draft = Answer.objects.filter(question__inquiry=kim, status=Answer.Status.DRAFT).first()
    draft.text += f" {DRAFT}"
    draft.save()
    approved = Answer.objects.filter(question__inquiry=kim, status=Answer.Status.APPROVED).first()
    force_update(Answer.objects.filter(pk=approved.pk), text=f"{approved.text} {UNSENT}")
    contribution = Contribution.objects.filter(question__inquiry=kim).first()
    contribution.text += f" {CONTRIBUTION}"
    contribution.save()
    Comment.objects.create(question=draft.question, text=f"Bitte prüfen {COMMENT}")
    # a draft answer's annex: its title and file never reach a member or the public
    from responses.services import add_annex

    add_annex(
        answer=draft, data=b"%PDF-1.4\n%%EOF\n", file_name=f"{DRAFT}.pdf", title=f"Anlage {DRAFT}", by=None
    )
    secret = Inquiry.objects.filter(is_public=False).exclude(status=Inquiry.Status.DRAFT).first()
    secret.subject += f" {SECRET}"
    secret.save()
    question = secret.questions.first()
    question.text += f" {SECRET}"
    question.save()
    return kim


def _crawl(client: Client, seeds: list[str], limit: int = 400) -> dict[str, str]:
    site = urlsplit(settings.SITE_URL)
    seen, pages, queue = set(), {}, deque(seeds)
    while queue and len(pages) < limit:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        seen.add(url)
        response = client.get(url, follow=False)
        if response.status_code != 200:
            continue
        body = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        ).decode("utf-8", "replace")
        pages[url] = body
        found = LINK.findall(body) + JSON_URL.findall(body)
        for link in found:
            link = link.replace("&amp;", "&")
            parts = urlsplit(urljoin(url, link))
            if parts.netloc and parts.netloc not in ("testserver", site.netloc):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith("/") and path not in seen:
                queue.append(path)
    return pages


SEEDS = [
    "/",
    "/?status=open",
    "/?status=overdue",
    "/feeds/antworten.atom",
    "/oparl/v1/",
    "/statistik/",
    "/statistik/?format=csv",
    "/gefolgt/",
    "/fristen.ics",
    *(
        f"/suche/?q={word}"
        for word in ("Kanarien", "Fördermittel", "Integrationsmanagement", "Reinigung", "Kita")
    ),
    # "Asked before?": similar inquiries for any text (the crawl also reaches them from answered
    # inquiries' pages)
    *(
        f"/aehnliche-anfragen/?subject={word}"
        for word in ("Fördermittel Case Management", "Gebäudereinigung Schulen Vertragsstrafen", "Kita")
    ),
]


def _leaks(pages: dict[str, str], tokens: list[str]) -> list[str]:
    return [f"{token} on {url}" for url, body in pages.items() for token in tokens if token in body]


def test_the_public_sees_no_internal_or_non_public_material(client):
    _plant_tokens()
    pages = _crawl(client, SEEDS)
    assert len(pages) > 20, len(pages)  # the crawl reached the portal, feeds and API
    assert _leaks(pages, [DRAFT, UNSENT, CONTRIBUTION, COMMENT, SECRET]) == []


def test_council_members_see_non_public_inquiries_but_nothing_internal(client):
    _plant_tokens()
    member = user_with_role(roles.COUNCIL_MEMBER, username="canary-member")
    client.force_login(member)
    pages = _crawl(client, SEEDS)
    assert len(pages) > 20
    assert _leaks(pages, [DRAFT, UNSENT, CONTRIBUTION, COMMENT]) == []
    assert any(SECRET in body for body in pages.values())  # the check can see what it looks for


def test_the_administration_sees_the_drafts_the_canary_looks_for(client):
    """The tokens are findable where they belong, so the tests above can fail."""
    kim = _plant_tokens()
    office = user_with_role(roles.COUNCIL_OFFICE, username="canary-office")
    client.force_login(office)
    question = Answer.objects.get(text__contains=DRAFT).question
    body = client.get(f"/fragen/{question.pk}/antwort/").content.decode()
    assert DRAFT in body and CONTRIBUTION in body and COMMENT in body
    assert kim.status == Inquiry.Status.IN_PROGRESS
    assert timezone.localdate()  # the demo is relative to today


def test_suggestions_in_the_answer_editor_show_only_sent_answers(client):
    """The administration reads drafts in the editor, but "Asked before?" suggests only what was
    sent: a draft, an approved but unsent answer, a contribution or a comment never appear, for
    any question of the demo."""
    from inquiries.models import Question

    _plant_tokens()
    office = user_with_role(roles.COUNCIL_OFFICE, username="canary-office")
    client.force_login(office)
    pages = {}
    for question in Question.objects.exclude(text=""):
        for url in (
            f"/fragen/{question.pk}/frueher-gefragt/",
            f"/aehnliche-anfragen/?inquiry={question.inquiry_id}",
        ):
            response = client.get(url)
            if response.status_code == 200:
                pages[url] = response.content.decode()
    assert any("48.000" in body for body in pages.values())  # the suggestions show sent answers
    assert _leaks(pages, [DRAFT, UNSENT, CONTRIBUTION, COMMENT]) == []
