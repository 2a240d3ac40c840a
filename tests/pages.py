"""The main pages of each role, found by following links from each role's start pages, and
checks on their HTML that no single-page test would make: text that stayed English, internal
values shown as words, numbers localised where a machine reads them."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import django
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]

# Not pages: files, feeds, the API, sign-out and language switch, the admin.
SKIP = re.compile(
    r"^/(abmelden|i18n|admin|static|oparl)/|\.(pdf|ics|atom|ico|svg|png)$|[?&]format=csv|/schreiben/$|/signiert|/entwurf"
)
LINK = re.compile(r"""href=["']([^"'#]+)""")

# Each role's start pages (the crawl follows their links); demo users of `tooling.demo`.
START_PAGES = {
    None: ["/", "/suche/?q=F%C3%B6rdermittel", "/pruefen/", "/anmelden/", "/statistik/"],
    "vorsitz": ["/meine-anfragen/", "/anfragen/neu/", "/anfragen/import/"],
    "finanzen": ["/unsere-fragen/"],
    "integration-leitung": ["/unsere-fragen/"],
    "ratsbuero": ["/eingang/", "/anfragen/neu/", "/statistik/", "/unsere-fragen/"],
    "buergermeister": ["/"],
    "ratsmitglied": ["/gefolgt/", "/statistik/"],
}


def pattern(path: str) -> str:
    """/fragen/17/antwort/ and /fragen/18/antwort/ are one kind of page."""
    return re.sub(r"\d+", "N", path.split("?")[0]) + ("?" if "?" in path else "")


def crawl(client: Client, seeds: list[str], *, per_pattern: int = 1, limit: int = 80) -> dict[str, str]:
    """HTML pages reachable from `seeds` by links on this site, a few of each kind."""
    pages: dict[str, str] = {}
    seen: set[str] = set()
    kinds: dict[str, int] = {}
    queue = deque(seeds)
    while queue and len(pages) < limit:
        url = queue.popleft()
        if url in seen or SKIP.search(url):
            continue
        seen.add(url)
        kind = pattern(url)
        if kinds.get(kind, 0) >= per_pattern and url not in seeds:
            continue
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        body = response.content.decode()
        pages[url] = body
        for link in LINK.findall(body):
            parts = urlsplit(urljoin(url, link.replace("&amp;", "&")))
            if parts.netloc and parts.netloc != "testserver":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith("/") and path not in seen:
                queue.append(path)
    return pages


# --- What the pages say -------------------------------------------------------------------------

# Attributes whose values people read (the rest are machine values or ids).
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
# Attributes a machine reads as numbers: never "190,0".
NUMBER_ATTRIBUTES = {
    "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height", "viewbox", "points", "d",
    "transform", "min", "max", "step", "datetime", "data-value",
}  # fmt: skip
LOCALISED_NUMBER = re.compile(r"\d,\d")


class _Texts(HTMLParser):
    """Visible text (text nodes and attributes people read) and machine-read numbers."""

    SKIP_CONTENT = {"script", "style", "textarea", "pre", "code", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.numbers: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP_CONTENT:
            self._skipping += 1
        for name, value in attrs:
            if value is None:
                continue
            if name in READ_ATTRIBUTES:
                self.texts.append(value)
            if name in NUMBER_ATTRIBUTES and LOCALISED_NUMBER.search(value):
                self.numbers.append(f'<{tag} {name}="{value}">')
            if (
                tag == "input"
                and name == "value"
                and dict(attrs).get("type") in ("submit", "button", "number")
            ):
                self.texts.append(value)
                if dict(attrs).get("type") == "number" and LOCALISED_NUMBER.search(value):
                    self.numbers.append(f'<input value="{value}">')

    def handle_endtag(self, tag):
        if tag in self.SKIP_CONTENT and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            text = " ".join(data.split())
            if text:
                self.texts.append(text)


def texts_and_numbers(html: str) -> tuple[list[str], list[str]]:
    parser = _Texts()
    parser.feed(html)
    return parser.texts, parser.numbers


def _po_messages(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (singular entries)."""
    messages, text = {}, path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        found = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', block, re.M)
        if not found:
            continue
        msgid, msgstr = ("".join(re.findall(r'"(.*)"', part)) for part in found.groups())
        if msgid:
            messages[msgid.replace('\\"', '"')] = msgstr.replace('\\"', '"')
    return messages


def english_texts() -> set[str]:
    """Texts that, seen on a German page, are English: every message of the app's and Django's
    catalogues whose German translation differs (placeholders aside)."""
    django_de = Path(django.__file__).parent / "conf" / "locale" / "de" / "LC_MESSAGES" / "django.po"
    catalogues = [ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po", django_de]
    english = set()
    for catalogue in catalogues:
        for msgid, msgstr in _po_messages(catalogue).items():
            if "%" in msgid or "{" in msgid or "\\n" in msgid or len(msgid) < 3:
                continue
            if msgstr and msgstr != msgid:
                english.add(msgid)
    return english


# Words that are English and not German: a German page that shows one shows text that no
# catalogue translated (a library's new label, a value meant for code).
ENGLISH_WORDS = frozenset(
    """the and of to your you please with this that is are for not select option merge merged submit
    approve approved reopen reopened save draft drafts review answer answers question questions reply
    replies inquiry inquiries deadline overdue department committee meeting sign signed sent received
    page next previous search results none yes""".split()
)
_WORD = re.compile(r"[A-Za-z]+")


def english_words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text) if word.lower() in ENGLISH_WORDS}


def internal_values() -> dict[str, str]:
    """Values that only code should see, with what people should read instead: the choices'
    stored values and the answer workflow's step names."""
    from django.apps import apps
    from django.utils import translation

    from responses.services import ACTION_LABELS, TRANSITIONS

    values = {}
    with translation.override("de"):
        for model in list(apps.get_app_config("inquiries").get_models()) + list(
            apps.get_app_config("responses").get_models()
        ):
            for field in model._meta.get_fields():
                for value, label in getattr(field, "choices", None) or []:
                    if isinstance(value, str) and value and value != str(label):
                        values[value] = str(label)
        for action in [*TRANSITIONS, *ACTION_LABELS]:
            values[action] = str(ACTION_LABELS.get(action, action))
    return values
