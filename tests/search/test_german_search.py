"""The same German queries with the same expected hits on SQLite (FTS5) and PostgreSQL (text
search): `make test` runs this module on both. Umlauts and ß in any case and spelling,
reference and Drucksache numbers, word forms, ranking, and who reads what."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from inquiries.models import Inquiry
from responses.models import Answer
from search import services
from tests.factories import InquiryFactory, QuestionFactory, force_update
from tests.portal import answered_inquiry, approved_answer, in_progress_with_draft
from tests.search import search_inquiries

pytestmark = pytest.mark.django_db

_numbers = iter(range(100, 10_000))


def _reference(number: int | None = None) -> dict:
    """A reference of 2026 when `number` is given, else one of 2025 (the factory's sequence
    could hand out AN/2026/0007)."""
    year, number = (2026, number) if number else (2025, next(_numbers))
    return {"reference": f"AN/{year}/{number:04d}", "reference_year": year, "reference_number": number}


def _inquiry(subject: str, *, number: int | None = None, **kwargs) -> Inquiry:
    return InquiryFactory(subject=subject, **_reference(number), **kwargs)


def _answered(subject: str, **kwargs) -> Inquiry:
    return answered_inquiry(subject=subject, **_reference(), **kwargs)


@pytest.fixture
def corpus(db):
    _inquiry("Maßnahmen gegen Hitze in Schulen")
    QuestionFactory(inquiry=_inquiry("Sanierung von Straßen"), text="Wann wird die Rheinstraße saniert?")
    _answered(
        "Bürgerbüro",
        question_text="Wann ist das Bürgerbüro geöffnet?",
        answer_text="Die Öffnungszeiten des Bürgerbüros sind montags bis freitags von 8 bis 16 Uhr.",
    )
    _inquiry("Übergang an der Bahnschranke", preamble="Der ÜBERGANG ist seit Monaten gesperrt.")
    _inquiry("Parken in der Koelner Strasse", justification="Die Anwohner aergern sich.")
    _inquiry("Verwendung von Fördermitteln für Sportstätten")
    QuestionFactory(
        inquiry=_inquiry("Kommunales Integrationsmanagement"), text="Liegt der Fördermittelbescheid vor?"
    )
    _inquiry("Bericht zum Haushalt 2026", number=7)  # AN/2026/0007
    _inquiry("Bericht zum Haushalt 2027", number=70)  # AN/2026/0070: not 7
    _inquiry("Bericht zum Haushalt 2028", number=107)  # AN/2026/0107: not 7
    _inquiry("Schulentwicklungsplan", letter_reference="Drs. 17/1234")
    _inquiry("Lärmaktionsplan", letter_reference="0512/2026")
    _inquiry("Lärmschutzwand", letter_reference="10512/2026")  # not 0512/2026


def _found(client, text: str) -> list[str]:
    response = client.get(reverse("search:search"), {"q": text})
    assert response.status_code == 200
    return [hit.inquiry.subject for hit in response.context["hits"]]


@pytest.mark.parametrize(
    "text, expected",
    [
        # ß and ss, in the subject, a question and the other way round
        ("Maßnahmen", ["Maßnahmen gegen Hitze in Schulen"]),
        ("Massnahmen", ["Maßnahmen gegen Hitze in Schulen"]),
        ("MASSNAHMEN", ["Maßnahmen gegen Hitze in Schulen"]),
        ("Rheinstraße", ["Sanierung von Straßen"]),
        ("Rheinstrasse", ["Sanierung von Straßen"]),
        ("Kölner Straße", ["Parken in der Koelner Strasse"]),
        ("Strasse", ["Parken in der Koelner Strasse", "Sanierung von Straßen"]),  # a prefix of "Straßen"
        # umlauts and their ae/oe/ue spelling, in a sent answer, the preamble, the justification
        ("Öffnungszeiten", ["Bürgerbüro"]),
        ("Oeffnungszeiten", ["Bürgerbüro"]),
        ("öffnungszeiten bürgerbüros", ["Bürgerbüro"]),
        ("Übergang", ["Übergang an der Bahnschranke"]),
        ("uebergang", ["Übergang an der Bahnschranke"]),
        ("ärgern", ["Parken in der Koelner Strasse"]),
        ("Aergern", ["Parken in der Koelner Strasse"]),
        # word forms and compounds
        (
            "Fördermittel",
            ["Kommunales Integrationsmanagement", "Verwendung von Fördermitteln für Sportstätten"],
        ),
        (
            "Foerdermitteln",
            ["Kommunales Integrationsmanagement", "Verwendung von Fördermitteln für Sportstätten"],
        ),
        ("Fördermittelbescheid", ["Kommunales Integrationsmanagement"]),
        # reference numbers, exactly
        ("AN/2026/0007", ["Bericht zum Haushalt 2026"]),
        ("an/2026/7", ["Bericht zum Haushalt 2026"]),
        ("2026/0007", ["Bericht zum Haushalt 2026"]),
        ("AN/2026/0070", ["Bericht zum Haushalt 2027"]),
        # Drucksache numbers, exactly
        ("Drs. 17/1234", ["Schulentwicklungsplan"]),
        ("17/1234", ["Schulentwicklungsplan"]),
        ("0512/2026", ["Lärmaktionsplan"]),
        ("Drucksache 512/2026", ["Lärmaktionsplan"]),
        # stop words are ignored on both (PostgreSQL's German list)
        ("Maßnahmen für die Schulen", ["Maßnahmen gegen Hitze in Schulen"]),
        ("der und die", []),
        # nothing
        ("Schwimmbad", []),
        ("AN/2026/9999", []),
    ],
)
def test_german_queries_find_the_same_on_every_database(client, corpus, text, expected):
    found = _found(client, text)
    assert sorted(found) == sorted(expected)


def test_an_exact_reference_comes_before_text_hits(client, corpus):
    assert _found(client, "AN/2026/0007 Maßnahmen") == [
        "Bericht zum Haushalt 2026",
        "Maßnahmen gegen Hitze in Schulen",
    ]
    _inquiry("Zum Schulentwicklungsplan: Drs. 17/1234 ergänzt")  # the number in the subject only
    assert _found(client, "Drs. 17/1234")[0] == "Schulentwicklungsplan"


def test_ranking_puts_subject_over_question_over_answer(client):
    _answered("Zweite Sache", question_text="Frage", answer_text="Die Rheinstraße wird saniert.")
    QuestionFactory(inquiry=_inquiry("Dritte Sache"), text="Wann wird die Rheinstrasse saniert?")
    _inquiry("Rheinstraße: Sanierung")
    assert _found(client, "rheinstrasse") == ["Rheinstraße: Sanierung", "Dritte Sache", "Zweite Sache"]


def test_tiers_add_up_per_inquiry_and_ties_go_newest_first(client):
    body_only = _inquiry("Erste Sache", preamble="Die Rheinstraße ist laut.")
    older_subject = _inquiry("Rheinstraße: Lärm")
    subject_and_question = _inquiry("Rheinstraße: Bäume")
    QuestionFactory(inquiry=subject_and_question, text="Wann wird die Rheinstraße bepflanzt?")
    newer_subject = _inquiry("Rheinstraße: Parken")
    question_and_answer = _answered(
        "Zweite Sache", question_text="Wie laut ist die Rheinstraße?", answer_text="Die Rheinstraße ist laut."
    )
    assert services.ranked_inquiry_ids(AnonymousUser(), "Rheinstrasse") == [
        subject_and_question.pk,  # subject and a question
        newer_subject.pk,  # the subject alone, newest first
        older_subject.pk,
        question_and_answer.pk,  # a question and an answer are less than the subject
        body_only.pk,
    ]
    ids, total = services.ranked_page(AnonymousUser(), "Rheinstrasse", offset=1, limit=2)
    assert (ids, total) == ([newer_subject.pk, older_subject.pk], 5)


def test_visibility_is_the_same_on_every_database(client, council_member, council_office):
    _answered(
        "Vertrauliche Grundstücksgeschäfte", is_public=False, answer_text="Die Flächen gehören der Stadt."
    )
    in_progress_with_draft(
        subject="Laufende Sache",
        draft_text="Haushaltssperre für Straßenbäume",
        comment_text="-",
        **_reference(),
    )
    public = _answered("Bäume an der Rheinstraße", answer_text="Zwölf Bäume werden gepflanzt.")
    # an approved correction whose supplementary reply is not sent: not for outsiders yet
    answer = Answer.objects.get(question__inquiry=public)
    force_update(Answer.objects.filter(pk=answer.pk), text="Dreizehn Bäume werden gepflanzt.")
    approved_answer(QuestionFactory(inquiry=public, number="2", text="Und Sträucher?"), "Keine Sträucher.")

    anonymous = {
        text: _found(client, text)
        for text in ("Grundstücksgeschäfte", "Straßenbäume", "Zwölf", "Dreizehn", "Sträucher")
    }
    assert anonymous == {
        "Grundstücksgeschäfte": [],
        "Straßenbäume": [],
        "Zwölf": ["Bäume an der Rheinstraße"],
        "Dreizehn": [],
        "Sträucher": ["Bäume an der Rheinstraße"],  # the question is public, the answer not yet
    }
    assert "Keine" not in str(_snippets(client, "Sträucher"))

    client.force_login(council_member)
    assert _found(client, "Grundstücksgeschäfte") == ["Vertrauliche Grundstücksgeschäfte"]
    assert _found(client, "Flaechen") == ["Vertrauliche Grundstücksgeschäfte"]  # the sent answer
    assert _found(client, "Strassenbaeume") == []  # a draft is not theirs to read
    assert _found(client, "Dreizehn") == []
    assert _found(client, "zwoelf") == ["Bäume an der Rheinstraße"]

    client.force_login(council_office)
    assert _found(client, "Strassenbaeume") == ["Laufende Sache"]
    assert _found(client, "Dreizehn") == ["Bäume an der Rheinstraße"]  # the working text


def _snippets(client, text: str) -> list[str]:
    response = client.get(reverse("search:search"), {"q": text})
    return [str(snippet.html) for hit in response.context["hits"] for snippet in hit.snippets]


def test_snippets_mark_matches_in_any_spelling(client):
    _answered(
        "Verkehr",
        question_text="Wann öffnet der Übergang an der Rheinstraße?",
        answer_text="Die Öffnungszeiten stehen fest.",
    )
    question, answer = _snippets(client, "oeffn")
    assert "<mark>öffnet</mark>" in question
    assert "<mark>Öffnungszeiten</mark>" in answer
    (question,) = _snippets(client, "Rheinstrasse")
    assert "<mark>Rheinstraße</mark>" in question


def test_stored_markers_and_tags_stay_text_in_snippets(client):
    """Issue 11: "\\x02…\\x03" in stored text became <mark>."""
    inquiry = _inquiry("Parkplatz \x02Rathaus\x03 <mark>frei</mark>")
    QuestionFactory(inquiry=inquiry, text="Ist der Parkplatz \x02evil\x03 oder <mark>frech</mark> belegt?")
    content = client.get(reverse("search:search"), {"q": "Parkplatz"}).content.decode()
    assert content.count("<mark>Parkplatz</mark>") == 2  # subject and question
    assert content.count("<mark>") == 2
    assert "&lt;mark&gt;frech&lt;/mark&gt;" in content
    assert "&lt;mark&gt;frei&lt;/mark&gt;" in content
    assert "\x02" not in content and "\x03" not in content


@pytest.mark.parametrize("n_inquiries", [3, 12])
def test_german_search_queries_do_not_grow(client, council_member, django_assert_num_queries, n_inquiries):
    for number in range(n_inquiries):
        inquiry = _answered(
            f"Maßnahme {number}", question_text="Welche Maßnahmen?", answer_text="Viele Maßnahmen."
        )
        QuestionFactory(inquiry=inquiry, text="Und Straßen?", number="2")
    client.force_login(council_member)
    # session, user, permissions (own and groups', one query), the ranking (one statement for
    # reference numbers and words, on both databases), the page's inquiries, question and
    # answer snippets
    with django_assert_num_queries(7):
        response = client.get(reverse("search:search"), {"q": "AN/2026/0101 Massnahmen"})
    assert len(response.context["hits"]) == n_inquiries


def test_query_size_is_bounded(client, corpus):
    words = " ".join(f"wort{index}" for index in range(50))
    assert len(services.terms(words)) == 8
    assert _found(client, "Maßnahmen " + "x" * 150) == []  # every word must match; nothing breaks
    assert _found(client, '"Maßnahmen" (Hitze*) ^: -"') == ["Maßnahmen gegen Hitze in Schulen"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index only")
def test_sqlite_index_follows_every_write_path():
    inquiry = _inquiry("Alter Titel")
    force_update(Inquiry.objects.filter(pk=inquiry.pk), subject="Neuer Spielplatz an der Gießerei")
    assert search_inquiries(None, "Giesserei") == [inquiry]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE inquiries_question SET text = 'Wie groß ist der Bolzplatz?' WHERE id = %s",
            [QuestionFactory(inquiry=inquiry).pk],
        )
    assert search_inquiries(None, "Bolzplatz") == [inquiry]
    assert search_inquiries(None, "Spielplatz") == [inquiry]
    force_update(Inquiry.objects.filter(pk=inquiry.pk), is_public=False)  # a column search does not read
    assert search_inquiries(None, "Spielplatz") == []
    inquiry.questions.all().delete()
    assert search_inquiries(None, "Bolzplatz") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index only")
def test_sqlite_index_is_repaired_after_a_table_was_rebuilt():
    """Altering a table on SQLite rebuilds it, and its triggers are lost; `migrate` puts them back."""
    from django.core.management import call_command

    inquiry = _inquiry("Rathausplatz")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER search_inquiry_fts_update")
    force_update(Inquiry.objects.filter(pk=inquiry.pk), subject="Marktplatz")
    assert search_inquiries(None, "Marktplatz") == []
    call_command("migrate", verbosity=0)
    assert search_inquiries(None, "Marktplatz") == [inquiry]
    force_update(Inquiry.objects.filter(pk=inquiry.pk), subject="Kirchplatz")
    assert search_inquiries(None, "Kirchplatz") == [inquiry]


def test_folding_of_the_index_and_the_query_agree(client):
    """SQLite folds the stored text in SQL, the query in Python; PostgreSQL's stemmer folds
    both. Every German letter in either case and both spellings must meet."""
    _inquiry("ÄRGER ÖFEN ÜBEL STRAẞE äußerst Grüße")
    for word in (
        "ärger",
        "AERGER",
        "öfen",
        "oefen",
        "übel",
        "UEBEL",
        "straße",
        "strasse",
        "äusserst",
        "aeußerst",
        "grüsse",
    ):
        assert _found(client, word) == ["ÄRGER ÖFEN ÜBEL STRAẞE äußerst Grüße"], word


@given(st.text(max_size=200))
def test_any_text_becomes_quoted_words_and_nothing_else(text):
    words = services.terms(text)
    assert len(words) <= 8
    group = r'\("[^\W_]+"\*(?: OR "[^\W_]+"\*)*\)'
    assert re.fullmatch(rf"(?:{group}(?: AND {group})*)?", services.fts_match(words))
    assert re.fullmatch(r"[\w():*|& ]*", services.tsquery_text(words))


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "*",
        "NEAR(a b)",
        "a AND OR NOT b",
        "{subject}: x",
        "^x",
        "x:*",
        "a & !b",
        "'",
        "\\",
        "ü" * 200,
        "1/" * 60,
    ],
)
def test_hostile_queries_give_an_answer_not_an_error(client, corpus, text):
    assert isinstance(_found(client, text), list)
