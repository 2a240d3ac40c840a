"""German first, English as a translation: every string has its German translation, German is
the default, and the language can be switched."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PO = Path(__file__).resolve().parents[1] / "locale" / "de" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_german_translation():
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first block is the header
    missing = []
    for entry in entries:
        if "#, fuzzy" in entry:
            missing.append(entry)
            continue
        msgstrs = re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry)
        if not msgstrs or any(not "".join(re.findall(r'"(.*)"', m)) for m in msgstrs):
            missing.append(entry)
    assert missing == []
    assert (PO.with_suffix(".mo")).exists()


def test_the_portal_speaks_german_by_default(client, settings):
    settings.LANGUAGE_CODE = "de"
    content = client.get(reverse("inquiries:list")).content.decode()
    assert 'lang="de"' in content
    assert "Anfragen" in content and "Anmelden" in content


def test_english_is_available(client, settings):
    settings.LANGUAGE_CODE = "de"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("inquiries:list")).content.decode()
    assert 'lang="en"' in content
    assert "Inquiries" in content and "Sign in" in content
