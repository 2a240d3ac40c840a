import pytest
from django.urls import reverse

from inquiries.models import Inquiry
from search import services
from tests.factories import AnswerFactory, InquiryFactory, QuestionFactory, force_update
from tests.portal import answered_inquiry, in_progress_with_draft
from tests.search import search_inquiries

pytestmark = pytest.mark.django_db


def _search(client, text: str, **params):
    return client.get(reverse("search:search"), {"q": text, **params})


def _found(response) -> list[str]:
    return [hit.inquiry.subject for hit in response.context["hits"]]


def test_tsquery_text_keeps_only_word_characters_and_adds_word_forms_and_spellings():
    assert services.tsquery_text(services.terms("Fördermitteln")) == (
        "(foerdermitteln:* | fördermitteln:* | foerdermittel:* | fördermittel:*)"
    )
    hostile = services.tsquery_text(services.terms("a') | !x:* & <b> ;DROP"))
    assert set(hostile) <= set("abcdefghijklmnopqrstuvwxyz():*|& ")
    assert services.terms("") == []


def test_fts_match_quotes_each_folded_word_form_and_drops_query_syntax():
    assert services.fts_match(services.terms("Fördermitteln")) == '("foerdermitteln"* OR "foerdermittel"*)'
    hostile = services.fts_match(services.terms('a") OR x* NEAR(b c) ^col: {subject}: -"'))
    assert hostile == '("or"*) AND ("near"*) AND ("col"*) AND ("subject"*)'


def test_word_forms_strip_one_common_ending_but_keep_short_stems():
    assert "integrationsausschuss" in services.word_forms("integrationsausschusses")
    assert services.word_forms("haus") == ["haus"]


def test_search_finds_subject_question_and_sent_answer(client):
    answered_inquiry(
        subject="Sanierung der Grundschule",
        question_text="Wann beginnt der Bau?",
        answer_text="Der Bau beginnt im Frühjahr.",
    )
    assert _found(_search(client, "Grundschule")) == ["Sanierung der Grundschule"]
    assert _found(_search(client, "Frühjahr")) == ["Sanierung der Grundschule"]
    assert _found(_search(client, "Schwimmbad")) == []


def test_search_respects_visibility(client, council_member, staff):
    answered_inquiry(subject="Geheime Verträge", is_public=False)
    in_progress_with_draft(subject="Laufende Sache", draft_text="Entwurfsgeheimnis", comment_text="Intern")
    InquiryFactory(subject="Entwurf Rathaus", status=Inquiry.Status.DRAFT)
    assert _found(_search(client, "Verträge")) == []
    assert _found(_search(client, "Entwurfsgeheimnis")) == []
    assert _found(_search(client, "Rathaus")) == []
    client.force_login(council_member)
    assert _found(_search(client, "Verträge")) == ["Geheime Verträge"]
    assert _found(_search(client, "Entwurfsgeheimnis")) == []  # a draft answer is not theirs to read
    assert _found(_search(client, "Rathaus")) == []
    client.force_login(staff)
    assert _found(_search(client, "Entwurfsgeheimnis")) == ["Laufende Sache"]


def test_snippets_escape_text_and_mark_matches(client):
    inquiry = InquiryFactory(subject="Kita <script>alert(1)</script> Ausbau")
    QuestionFactory(inquiry=inquiry, text="Wie viele <b>Kita</b>-Plätze fehlen?")
    content = _search(client, "Kita").content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "<b>Kita</b>" not in content and "&lt;b&gt;<mark>Kita</mark>&lt;/b&gt;" in content
    assert "<mark>" in content


@pytest.mark.parametrize("n_inquiries", [5, 25])
def test_search_queries_do_not_grow(client, council_member, django_assert_num_queries, n_inquiries):
    for number in range(n_inquiries):
        inquiry = answered_inquiry(
            subject=f"Radverkehr Nummer {number}",
            question_text="Wie viele Radwege?",
            answer_text="Es gibt viele Radwege.",
        )
        QuestionFactory(inquiry=inquiry, text="Und Radständer?", number="2")
    client.force_login(council_member)
    # session, user, permissions (own and groups', one query), the ranking (one statement that
    # finds, sums the tiers, counts and cuts the page, on both databases), the page's
    # inquiries, question and answer snippets
    with django_assert_num_queries(7):
        response = _search(client, "Radwege")
    assert len(response.context["hits"]) == min(n_inquiries, 20)
    assert response.context["page"].paginator.count == n_inquiries


def test_search_pages_follow_the_ranking_and_count_every_hit(client, council_member):
    for number in range(23):
        inquiry = InquiryFactory(subject=f"Radverkehr {number}" + " Radweg" * (number % 4))
        QuestionFactory(inquiry=inquiry, text="Wie viele Radwege?" + " Busse?" * (number % 3))
    client.force_login(council_member)
    ranked = services.ranked_inquiry_ids(council_member, "Radweg")
    assert len(ranked) == 23
    pages = [_search(client, "Radweg", page=number).context for number in (1, 2)]
    assert [hit.inquiry.pk for context in pages for hit in context["hits"]] == ranked
    assert all(context["page"].paginator.count == 23 for context in pages)
    past_the_end = _search(client, "Radweg", page=9).context
    assert past_the_end["page"].number == 2
    assert [hit.inquiry.pk for hit in past_the_end["hits"]] == ranked[20:]


def test_german_word_forms_find_each_other(client):
    answered_inquiry(
        subject="Kommunales Integrationsmanagement",
        question_text="Wie hoch sind die Fördermittel des Landes?",
        answer_text="Der Fördermittelbescheid liegt vor.",
    )
    InquiryFactory(subject="Sitzung des Integrationsausschusses")
    InquiryFactory(subject="Verwendung von Fördermitteln für Sportstätten")
    assert set(_found(_search(client, "Fördermittel"))) == {
        "Kommunales Integrationsmanagement",
        "Verwendung von Fördermitteln für Sportstätten",
    }
    assert "Kommunales Integrationsmanagement" in _found(_search(client, "Fördermitteln"))
    assert _found(_search(client, "Fördermittelbescheid")) == ["Kommunales Integrationsmanagement"]
    assert _found(_search(client, "Integrationsausschuss")) == ["Sitzung des Integrationsausschusses"]


def test_ranking_puts_subject_over_question_over_answer(client):
    answer_hit = InquiryFactory(subject="Erste Sache")
    AnswerFactory(question=QuestionFactory(inquiry=answer_hit, text="Wie?"), text="Radschnellweg")
    answered_inquiry(subject="Zweite Sache", question_text="Frage", answer_text="Der Radschnellweg kommt.")
    question_hit = InquiryFactory(subject="Dritte Sache")
    QuestionFactory(inquiry=question_hit, text="Wann kommt der Radschnellweg?")
    InquiryFactory(subject="Radschnellweg nach Bonn")
    found = _found(_search(client, "Radschnellweg"))
    assert found == ["Radschnellweg nach Bonn", "Dritte Sache", "Zweite Sache"]


def test_search_index_is_kept_current_on_every_write_path():
    inquiry = InquiryFactory(subject="Alter Titel")
    inquiry.subject = "Neuer Spielplatz"
    inquiry.save()
    assert list(search_inquiries(None, "Spielplatz")) == [inquiry]
    force_update(Inquiry.objects.filter(pk=inquiry.pk), subject="Bolzplatz")  # any write path
    assert list(search_inquiries(None, "Bolzplatz")) == [inquiry]
