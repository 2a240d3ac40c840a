"""Every role's main pages, rendered in German (the default), speak German: no English text
from the app's or Django's catalogues ("- Select an option -"), no internal values shown as
words ("merge"), and no localised numbers where a machine reads them (SVG coordinates)."""

import pytest
from django.test import Client

from inquiries.models import Inquiry
from responses import services
from responses.models import Contribution
from tests.pages import START_PAGES, crawl, english_texts, english_words, internal_values, texts_and_numbers
from tooling import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_demo(settings):
    settings.LANGUAGE_CODE = "de"
    made = demo.load()
    kim = made["kim"]
    # a merged contribution and a send-back, so that the version history has steps to name
    contribution = Contribution.objects.filter(question__inquiry=kim).first()
    services.merge_contribution(contribution, by=demo_user("finanzen"))
    return kim


def demo_user(username: str):
    from django.contrib.auth.models import User

    return User.objects.get(username=username)


def _pages_of_every_role(kim: Inquiry) -> dict[str, dict[str, str]]:
    question_1a = kim.questions.get(number="a", parent__number="1")
    extra = [
        kim.get_absolute_url(),
        f"/fragen/{question_1a.pk}/antwort/",
        f"/fragen/{question_1a.pk}/antwort/verlauf/",
    ]
    pages = {}
    for username, seeds in START_PAGES.items():
        client = Client()
        if username:
            client.force_login(demo_user(username))
        pages[username or "public"] = crawl(client, [*seeds, *extra])
    return pages


def test_german_pages_show_no_english_no_internal_values_and_no_localised_numbers(german_demo):
    english, internal = english_texts(), internal_values()
    pages = _pages_of_every_role(german_demo)
    assert sum(len(p) for p in pages.values()) > 40  # the crawl reached the roles' pages
    problems = {}
    for role, role_pages in pages.items():
        for url, html in role_pages.items():
            texts, numbers = texts_and_numbers(html)
            found = sorted({f"English: {t!r}" for t in texts if t in english or english_words(t)})
            found += sorted({f"internal value: {t!r} (say {internal[t]!r})" for t in texts if t in internal})
            found += [f"localised number: {n}" for n in numbers]
            if found:
                problems[f"{role} {url}"] = found
    assert problems == {}


def test_the_check_finds_what_it_looks_for():
    """The detectors see English, internal values and localised numbers where they are."""
    html = (
        '<select><option value="">- Select an option -</option></select><span>merge</span>'
        '<svg><rect x="190,0" y="10"/></svg><p>Antwort steht noch aus.</p>'
    )
    texts, numbers = texts_and_numbers(html)
    assert "- Select an option -" in english_texts() & set(texts)
    assert english_words("- Select an option -") == {"Select", "option"}
    assert not english_words("Antwort steht noch aus. Bitte wählen Sie einen Termin.")
    assert "merge" in internal_values().keys() & set(texts)
    assert numbers == ['<rect x="190,0">']


def test_the_version_history_names_the_question_as_1a(client, german_demo):
    question = german_demo.questions.get(number="a", parent__number="1")
    client.force_login(demo_user("finanzen"))
    content = client.get(f"/fragen/{question.pk}/antwort/verlauf/").content.decode()
    assert "Frage 1a</a>" in content
    assert "Beitrag übernommen" in content
