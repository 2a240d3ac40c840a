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
    content = client.get(reverse("portal:list")).content.decode()
    assert 'lang="de"' in content
    assert "Anfragen" in content and "Anmelden" in content


def test_english_is_available(client, settings):
    settings.LANGUAGE_CODE = "de"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("portal:list")).content.decode()
    assert 'lang="en"' in content
    assert "Inquiries" in content and "Sign in" in content


_GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def test_no_translated_string_hides_inside_an_f_string():
    """makemessages (xgettext) does not look inside f-strings: a `_("…")` there never reaches the
    catalogue and stays English (the deadline calendar's name did)."""
    import ast

    root = PO.parents[3]
    found = []
    for path in root.glob("[a-z]*/**/*.py"):
        if path.parts[len(root.parts)] in (".venv", "tests", "staticfiles") or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and getattr(call.func, "id", None) in _GETTEXT_NAMES:
                    found.append(f"{path.relative_to(root)}:{call.lineno}")
    assert found == []
