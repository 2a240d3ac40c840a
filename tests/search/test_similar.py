"""'Asked before?': the similarity, the suggestions and who sees them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from inquiries import roles
from inquiries.models import Inquiry
from responses.models import Answer, Reply, ReplyAnswer
from search import similar
from search import similar_eval as ev
from tests.factories import (
    AnswerFactory,
    DepartmentFactory,
    InquiryFactory,
    QuestionFactory,
    force_update,
    user_with_role,
)
from tests.portal import answered_inquiry, approved_answer, sent_reply

EARLIER = "Wann wird der Spielplatz an der Lindenstraße saniert?"
REPEAT = "Bis wann ist die Sanierung des Spielplatzes in der Lindenstrasse geplant?"
EARLIER_ANSWER = "Die Sanierung des Spielplatzes Lindenstraße ist für das Frühjahr 2027 vorgesehen."


# --- The similarity ----------------------------------------------------------------------------


def test_folding_meets_sharp_s_and_umlauts():
    assert similar.content_terms("Straße Mühlenbach") == similar.content_terms("Strasse Muehlenbach")


@pytest.mark.parametrize("other", ["Fördermitteln", "Fördermittelbescheid", "Fördermittel"])
def test_word_forms_and_compounds_of_a_word_match(other):
    query = similar.weighted_terms(f"Welche {other} gibt es?")
    assert similar.term_overlap(similar.weighted_terms("Welche Fördermittel gibt es?"), query) >= 0.8


def test_a_repeat_written_differently_scores_above_the_threshold_and_an_unrelated_one_below():
    assert similar.score(EARLIER, REPEAT) >= similar.THRESHOLD
    unrelated = "Wann wird die Ampelanlage an der Kreuzung Königstraße/Bahnhofstraße erneuert?"
    assert similar.score(EARLIER, unrelated) < similar.THRESHOLD


def test_the_labelled_set_has_150_pairs_and_a_hold_out_part():
    labelled = ev.load()
    assert labelled.pairs >= 150
    assert labelled.split("holdout") and labelled.split("tuning")
    assert all(query.repeats for query in labelled.queries)


def test_the_shipped_score_beats_plain_word_overlap_on_the_hold_out_part():
    labelled = ev.load()
    tuning, holdout = labelled.split("tuning"), labelled.split("holdout")
    figures = {}
    for name, scorer in (("words", ev.word_overlap), ("shipped", similar.score)):
        rankings = ev.python_rankings(labelled, scorer)
        figures[name] = ev.evaluate(rankings, holdout, ev.tune_threshold(rankings, tuning))
    assert figures["shipped"].f1 > figures["words"].f1
    assert figures["shipped"].recall > figures["words"].recall


def test_evaluation_counts_what_is_shown_and_what_is_found():
    queries = [ev.Query("g", "tuning", "x", frozenset({1}))]
    figures = ev.evaluate({"g": [(2, 0.9), (1, 0.5), (3, 0.1)]}, queries, threshold=0.4)
    assert (figures.shown, figures.found, figures.precision, figures.recall) == (2, 1, 0.5, 1.0)


def test_candidate_tiers_go_from_all_telling_words_to_any_word_as_a_prefix():
    tiers = similar.candidate_tiers("Wann wird der Spielplatz an der Lindenstraße saniert?")
    # nouns first (longest first), then the rest; each tier leaves out what the one before found
    street = "(lindenstrass | lindenstraß)"
    assert tiers[0] == (f"{street} & (spielplatz) & (saniert) & (wann)", None)
    assert tiers[1] == (f"{street} & (spielplatz) & (saniert)", "(wann)")
    assert tiers[3] == (street, "(spielplatz)")
    assert tiers[4] == ("(spielplatz) | (saniert) | (wann)", street)
    # the last tier is the only one with prefixes
    assert ":*" in tiers[-1][0] and not any(":*" in tier for tier, _ in tiers[:-1])
    assert similar.candidate_tiers("der die das") == []


# --- The answer editor's suggestions -----------------------------------------------------------


@pytest.fixture
def editor():
    """A question in progress (department A) and its staff member."""
    department = DepartmentFactory()
    staff = user_with_role(roles.DEPARTMENT_STAFF, username="s-staff")
    department.staff.add(staff)
    inquiry = InquiryFactory(subject="Spielplätze", status=Inquiry.Status.IN_PROGRESS)
    question = QuestionFactory(inquiry=inquiry, number="1", text=REPEAT, lead_department=department)
    return staff, question


pytestmark = pytest.mark.django_db


def test_an_earlier_sent_answer_is_suggested(editor):
    staff, question = editor
    earlier = answered_inquiry(
        subject="Spielplatz Lindenstraße", question_text=EARLIER, answer_text=EARLIER_ANSWER
    )
    suggestions = similar.suggestions_for_question(staff, question)
    assert [s.inquiry for s in suggestions] == [earlier]
    assert suggestions[0].sent_answer.text == EARLIER_ANSWER


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's candidate tiers")
def test_candidates_sharing_more_of_the_telling_words_come_first_and_their_number_is_bounded(editor):
    staff, question = editor
    answered_inquiry(question_text="Wann wird der Spielplatz im Stadtpark erneuert?")
    both = answered_inquiry(question_text=EARLIER)
    street = answered_inquiry(question_text="Wann wird die Lindenstraße neu asphaltiert?")
    candidates = similar.candidate_questions(
        similar.answered_questions(staff).exclude(inquiry_id=question.inquiry_id), EARLIER, limit=2
    )
    # all the telling words first, then the most telling one (the street) alone
    assert [c.inquiry_id for c in candidates] == [both.pk, street.pk]


def test_drafts_and_approved_but_unsent_answers_are_never_suggested(editor):
    staff, question = editor
    draft = QuestionFactory(inquiry=InquiryFactory(status=Inquiry.Status.IN_PROGRESS), text=EARLIER)
    AnswerFactory(question=draft, text="Entwurf: Frühjahr", status=Answer.Status.DRAFT)
    unsent = QuestionFactory(inquiry=InquiryFactory(status=Inquiry.Status.IN_PROGRESS), text=EARLIER)
    approved_answer(unsent, "Genehmigt, nicht versandt")
    assert similar.suggestions_for_question(staff, question) == []


def test_an_unsent_correction_never_replaces_the_sent_text(editor):
    staff, question = editor
    earlier = answered_inquiry(question_text=EARLIER, answer_text=EARLIER_ANSWER)
    reply = earlier.replies.get()
    correction = Reply.objects.create(inquiry=earlier, supplements=reply, status=Reply.Status.DRAFT)
    answer = Answer.objects.get(question__inquiry=earlier)
    force_update(Answer.objects.filter(pk=answer.pk), text="Korrektur, noch nicht versandt")
    assert correction.status == Reply.Status.DRAFT
    texts = [s.sent_answer.text for s in similar.suggestions_for_question(staff, question)]
    assert texts == [EARLIER_ANSWER]


def test_a_sent_correction_replaces_the_earlier_text(editor):
    staff, question = editor
    earlier = answered_inquiry(question_text=EARLIER, answer_text=EARLIER_ANSWER)
    correction = sent_reply(earlier, supplements=earlier.replies.get())
    force_update(ReplyAnswer.objects.filter(reply=correction), text="Korrigiert: Sommer 2027")
    force_update(Reply.objects.filter(pk=correction.pk), signed_at=timezone.now() + timedelta(hours=1))
    texts = [s.sent_answer.text for s in similar.suggestions_for_question(staff, question)]
    assert texts == ["Korrigiert: Sommer 2027"]


def test_the_question_itself_and_its_inquiry_are_not_suggested(editor):
    staff, question = editor
    other = QuestionFactory(inquiry=question.inquiry, number="2", text=EARLIER)
    approved_answer(other, EARLIER_ANSWER)
    sent_reply(question.inquiry)
    assert similar.suggestions_for_question(staff, question) == []


def test_the_suggestions_page_shows_the_sent_answer_and_the_copy_button(client, editor):
    staff, question = editor
    earlier = answered_inquiry(question_text=EARLIER, answer_text=EARLIER_ANSWER)
    client.force_login(staff)
    response = client.get(reverse("search:question_suggestions", args=[question.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert EARLIER_ANSWER in body and earlier.reference in body
    assert reverse("responses:answer_copy", args=[question.pk]) in body


def test_the_answer_editor_loads_the_suggestions_with_htmx_and_links_them(client, editor):
    staff, question = editor
    client.force_login(staff)
    body = client.get(reverse("responses:answer_edit", args=[question.pk])).content.decode()
    url = reverse("search:question_suggestions", args=[question.pk])
    assert f'data-hx-get="{url}" data-hx-trigger="load"' in body
    assert f'href="{url}"' in body


def test_inside_the_editor_the_copy_button_submits_the_editors_form(client, editor):
    staff, question = editor
    answered_inquiry(question_text=EARLIER, answer_text=EARLIER_ANSWER)
    client.force_login(staff)
    response = client.get(
        reverse("search:question_suggestions", args=[question.pk]), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body and 'form="answer-form"' in body


@pytest.mark.parametrize("earlier_count", [2, 8])
def test_suggestions_take_the_same_number_of_queries_however_many_match(
    client, editor, django_assert_num_queries, earlier_count
):
    staff, question = editor
    for n in range(earlier_count):
        answered_inquiry(
            subject=f"Spielplatz {n}", question_text=EARLIER, answer_text=f"{EARLIER_ANSWER} {n}"
        )
    client.force_login(staff)
    url = reverse("search:question_suggestions", args=[question.pk])
    # session, user, the user's permissions (own and groups', one query), question (+inquiry, parent, lead
    # department), the user's departments and the question's participating departments for the
    # permission, candidates, their sent answers (+reply, question, inquiry), the answer's
    # version, the replies for the lock
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["suggestions"]) == min(earlier_count, similar.MAX_SUGGESTIONS)


# --- Copying an earlier answer -----------------------------------------------------------------


def _copy(client, question, source, version=1, **extra):
    return client.post(
        reverse("responses:answer_copy", args=[question.pk]),
        {"source": source.pk, "version": version, **extra},
    )


def test_copying_puts_the_earlier_answer_into_the_draft_and_records_the_source(client, editor):
    staff, question = editor
    earlier = answered_inquiry(question_text=EARLIER, answer_text=EARLIER_ANSWER)
    source = ReplyAnswer.objects.get(question__inquiry=earlier)
    client.force_login(staff)
    response = _copy(client, question, source)
    assert response.status_code == 302
    answer = Answer.objects.get(question=question)
    assert answer.text == EARLIER_ANSWER and answer.version == 2
    record = answer.history.latest("history_date")
    assert record.history_change_reason == f"copy:{earlier.reference}|1"
    history = client.get(reverse("responses:answer_history", args=[question.pk])).content.decode()
    assert earlier.reference in history


def test_copying_keeps_the_text_typed_before(client, editor):
    staff, question = editor
    earlier = answered_inquiry(question_text=EARLIER, answer_text=EARLIER_ANSWER)
    source = ReplyAnswer.objects.get(question__inquiry=earlier)
    client.force_login(staff)
    _copy(client, question, source, text="Vorbemerkung.")
    answer = Answer.objects.get(question=question)
    assert answer.text == f"Vorbemerkung.\n\n{EARLIER_ANSWER}"
    assert answer.version == 3  # the typed text, then the copy


def test_copying_on_an_outdated_version_is_refused(client, editor):
    staff, question = editor
    AnswerFactory(question=question, text="Schon gespeichert", version=4)
    earlier = answered_inquiry(question_text=EARLIER, answer_text=EARLIER_ANSWER)
    client.force_login(staff)
    response = _copy(client, question, ReplyAnswer.objects.get(question__inquiry=earlier), version=3)
    assert response.status_code == 409
    answer = Answer.objects.get(question=question)
    assert (answer.text, answer.version) == ("Schon gespeichert", 4)


def test_copying_an_answer_that_was_never_sent_is_a_404(client, editor):
    staff, question = editor
    other = answered_inquiry(question_text=EARLIER, answer_text=EARLIER_ANSWER)
    source = ReplyAnswer.objects.get(question__inquiry=other)
    force_update(Reply.objects.filter(pk=source.reply_id), status=Reply.Status.SIGNED)
    # signed, not sent: what readers read is stored per row (a sent reply never goes back)
    ReplyAnswer.objects.filter(pk=source.pk).refresh_published()
    client.force_login(staff)
    assert _copy(client, question, source).status_code == 404
    assert not Answer.objects.filter(question=question, text=EARLIER_ANSWER).exists()


def test_copying_needs_post(client, editor):
    staff, question = editor
    client.force_login(staff)
    assert client.get(reverse("responses:answer_copy", args=[question.pk])).status_code == 405


def test_copying_sends_anonymous_visitors_to_sign_in(client, editor):
    _staff, question = editor
    earlier = answered_inquiry(question_text=EARLIER, answer_text=EARLIER_ANSWER)
    response = _copy(client, question, ReplyAnswer.objects.get(question__inquiry=earlier))
    assert response.status_code == 302 and "/anmelden/" in response["Location"]


def test_copying_into_another_departments_answer_is_forbidden(client, editor):
    _staff, question = editor
    other = user_with_role(roles.DEPARTMENT_STAFF, username="s-other")
    DepartmentFactory().staff.add(other)
    earlier = answered_inquiry(question_text=EARLIER, answer_text=EARLIER_ANSWER)
    client.force_login(other)
    assert _copy(client, question, ReplyAnswer.objects.get(question__inquiry=earlier)).status_code == 403
    assert not Answer.objects.filter(question=question).exists()


# --- Similar inquiries: the chair, the council office, the portal ------------------------------


def test_the_chair_writing_an_inquiry_sees_earlier_ones_and_whether_they_were_answered(client):
    earlier = answered_inquiry(subject="Spielplatz Lindenstraße", question_text=EARLIER)
    chair = user_with_role(roles.COMMITTEE_CHAIR, username="s-chair")
    client.force_login(chair)
    response = client.get(
        reverse("search:inquiry_suggestions"),
        {"subject": "Spielplatz", "q-0-text": REPEAT},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert earlier.reference in body and "Similar questions have already been asked" in body
    assert [item.is_answered for item in response.context["found"]] == [True]


def test_the_write_form_asks_for_similar_inquiries_with_its_texts(client):
    chair = user_with_role(roles.COMMITTEE_CHAIR, username="s-chair")
    client.force_login(chair)
    body = client.get(reverse("inquiries:create")).content.decode()
    assert reverse("search:inquiry_suggestions") in body
    assert "data-hx-include=\"[name='subject'], textarea[name$='-text']\"" in body


def test_the_council_office_is_warned_of_a_repeat_within_two_years(client):
    today = timezone.localdate()
    recent = answered_inquiry(question_text=EARLIER, received_on=today - timedelta(days=300))
    old = answered_inquiry(question_text=EARLIER, received_on=today - timedelta(days=800))
    new = InquiryFactory(status=Inquiry.Status.SUBMITTED, reference=None, reference_number=None)
    QuestionFactory(inquiry=new, text=REPEAT)
    office = user_with_role(roles.COUNCIL_OFFICE, username="s-office")
    client.force_login(office)
    response = client.get(reverse("search:inquiry_suggestions"), {"inquiry": new.pk, "repeats": "1"})
    assert [item.inquiry for item in response.context["found"]] == [recent]
    assert old.reference not in response.content.decode()
    register_page = client.get(reverse("inquiries:register", args=[new.pk])).content.decode()
    assert f"?inquiry={new.pk}&amp;repeats=1" in register_page


def test_an_unrelated_inquiry_raises_no_repeat_warning(client):
    answered_inquiry(question_text="Wie viele öffentliche Toiletten gibt es in der Stadt?")
    new = InquiryFactory(status=Inquiry.Status.SUBMITTED, reference=None, reference_number=None)
    QuestionFactory(inquiry=new, text=REPEAT)
    client.force_login(user_with_role(roles.COUNCIL_OFFICE, username="s-office"))
    response = client.get(reverse("search:inquiry_suggestions"), {"inquiry": new.pk, "repeats": "1"})
    assert response.context["found"] == []


def test_the_public_sees_similar_public_inquiries_on_an_answered_one_and_never_a_non_public_one(client):
    shown = answered_inquiry(subject="Spielplatz A", question_text=EARLIER)
    secret = answered_inquiry(subject="Spielplatz B", question_text=EARLIER, is_public=False)
    current = answered_inquiry(subject="Spielplatz C", question_text=REPEAT)
    detail = client.get(current.get_absolute_url()).content.decode()
    assert f"{reverse('search:inquiry_suggestions')}?inquiry={current.pk}" in detail
    response = client.get(reverse("search:inquiry_suggestions"), {"inquiry": current.pk})
    assert [item.inquiry for item in response.context["found"]] == [shown]
    assert secret.subject not in response.content.decode()


def test_similar_inquiries_of_an_inquiry_the_user_may_not_see_are_a_404(client):
    secret = answered_inquiry(question_text=EARLIER, is_public=False)
    assert client.get(reverse("search:inquiry_suggestions"), {"inquiry": secret.pk}).status_code == 404


def test_typed_texts_are_bounded(rf):
    from search.views import MAX_TEXT_LENGTH, MAX_TEXTS, _typed_texts

    request = rf.get("/", {f"q-{n}-text": "x" * 5000 for n in range(200)})
    texts = _typed_texts(request)
    assert len(texts) == MAX_TEXTS and all(len(text) == MAX_TEXT_LENGTH for text in texts)


@pytest.mark.parametrize("earlier_count", [2, 8])
def test_similar_inquiries_take_the_same_number_of_queries_however_many_match(
    client, django_assert_num_queries, earlier_count
):
    for n in range(earlier_count):
        answered_inquiry(subject=f"Spielplatz {n}", question_text=EARLIER)
    current = answered_inquiry(subject="Spielplatz neu", question_text=REPEAT)
    # inquiry, its questions' texts, candidates, the found inquiries (+committee)
    with django_assert_num_queries(4):
        response = client.get(reverse("search:inquiry_suggestions"), {"inquiry": current.pk})
    assert len(response.context["found"]) == min(earlier_count, similar.MAX_SUGGESTIONS)
