"""A reply is complete when every question with text of its own has an approved answer, parent
questions included, unless the council office marked the parent as answered by its
sub-questions. Progress, readiness, the signing check and the letter use that one rule.

The KIM seed (`inquiries/demo/grosse-anfrage-kim.txt`, the same letter as the shared seed): nine
questions, question 1 ("In welcher Höhe …?") with sub-questions a and b, 11 in all."""

import io
import json
from pathlib import Path

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Event, Inquiry, Question
from responses import services
from responses.document import ReplyQuestion
from responses.models import Reply, unanswered
from responses.services import reminders
from tests.factories import force_update
from tooling import demo as demo_data

pytestmark = pytest.mark.django_db

PLAN = {str(n): ("INT", []) for n in range(2, 9)} | {"1": ("FIN", ["INT"]), "9": ("ABH", [])}
LEADS = {"FIN": "finanzen", "INT": "integration", "ABH": "auslaenderbehoerde"}


@pytest.fixture
def kim(demo_signing):
    """The KIM seed registered and assigned; answers 1a, 1b and 2–9 approved, none to 1."""
    org = demo_data.Demo(timezone.localdate())
    org.people()
    org.committees_and_meetings(org.municipality())
    inquiry = org.kim()
    org.assign(inquiry, PLAN)
    for question in inquiry.questions.select_related("parent").exclude(number="1", parent=None):
        number = f"{question.parent.number}{question.number}" if question.parent_id else question.number
        lead = LEADS[PLAN[number[0]][0]]
        org.answer(inquiry, number, f"Antwort zu {number}.", by=lead, action="approve", approver="ratsbuero")
    inquiry.org = org
    return inquiry


def _question_1(inquiry: Inquiry) -> Question:
    return inquiry.questions.get(number="1", parent=None)


def _signed_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "replies"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_the_seed_has_eleven_questions_one_with_a_and_b(kim):
    assert kim.questions.count() == 11
    assert sorted(_question_1(kim).sub_questions.values_list("number", flat=True)) == ["a", "b"]
    assert "In welcher Höhe" in _question_1(kim).text


def test_progress_counts_the_parent_question_with_text_of_its_own(kim):
    progress = services.inquiry_progress(kim)
    assert (progress["approved"], progress["total"], progress["missing"]) == (10, 11, 1)
    assert progress["open"] == [(_question_1(kim).pk, "1")]
    assert progress["all_approved"] is False


def test_the_detail_page_says_ten_of_eleven_and_not_all_approved(client, kim):
    client.force_login(kim.org.users["ratsbuero"])
    content = client.get(kim.get_absolute_url()).content.decode()
    assert "10 / 11" in content
    assert "All answers are approved" not in content


def test_a_reply_with_question_1_unanswered_is_not_marked_ready(client, kim):
    office = kim.org.users["ratsbuero"]
    reply = services.get_or_create_reply(kim, by=office)
    client.force_login(office)
    page = client.get(reverse("responses:reply_compose", args=[reply.pk])).content.decode()
    assert "/fertig/" not in page  # "Mark ready to sign" is not offered
    assert "Antwort steht noch aus." in page
    with pytest.raises(services.ReplyError, match="Still open: 1"):
        services.mark_reply_ready(reply, by=office)
    response = client.post(reverse("responses:reply_mark_ready", args=[reply.pk]))
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.status == Reply.Status.DRAFT


def test_signing_checks_the_parent_question_again_under_the_lock(kim, settings):
    """A reply that was marked ready before the rule changed (or by a bypass) is still refused."""
    office, mayor = kim.org.users["ratsbuero"], kim.org.users["buergermeister"]
    reply = services.get_or_create_reply(kim, by=office)
    force_update(Reply.objects.filter(pk=reply.pk), status=Reply.Status.READY)
    with pytest.raises(services.ReplyError, match="Still open: 1"):
        services.sign_reply(reply, by=mayor)
    reply.refresh_from_db()
    assert reply.status == Reply.Status.READY and not reply.signed_pdf and reply.signed_at is None
    assert _signed_files(settings) == []
    assert not Event.objects.filter(inquiry=kim, kind=Event.Kind.REPLY_SIGNED).exists()


def test_removing_the_mark_after_ready_makes_the_reply_a_draft_and_signing_is_refused(kim, settings):
    office, mayor = kim.org.users["ratsbuero"], kim.org.users["buergermeister"]
    services.set_answered_by_sub_questions(_question_1(kim), answered=True, by=office)
    reply = services.mark_reply_ready(services.get_or_create_reply(kim, by=office), by=office)
    services.set_answered_by_sub_questions(_question_1(kim), answered=False, by=office)
    reply.refresh_from_db()
    assert reply.status == Reply.Status.DRAFT
    force_update(Reply.objects.filter(pk=reply.pk), status=Reply.Status.READY)
    with pytest.raises(services.ReplyError):
        services.sign_reply(reply, by=mayor)
    assert _signed_files(settings) == []


def test_marked_as_answered_by_its_sub_questions_the_reply_is_signed_and_the_letter_says_so(kim):
    office, mayor = kim.org.users["ratsbuero"], kim.org.users["buergermeister"]
    question = services.set_answered_by_sub_questions(_question_1(kim), answered=True, by=office)
    assert question.is_answered_by_sub_questions
    progress = services.inquiry_progress(kim)
    assert (progress["approved"], progress["total"], progress["by_sub_questions"]) == (10, 10, 1)
    assert progress["all_approved"] is True

    reply = services.mark_reply_ready(services.get_or_create_reply(kim, by=office), by=office)
    reply = services.sign_reply(reply, by=mayor)
    with reply.signed_pdf.open("rb") as handle:
        data = handle.read()
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Siehe die Antworten zu den Unterfragen a und b." in text
    assert "Antwort steht noch aus" not in text
    embedded = json.loads(reader.attachments["reply.json"][0])
    first = embedded["questions"][0]
    assert (first["number"], first["answer"], first["answered_by_sub_questions"]) == ("1", "", True)
    assert [sub["answered_by_sub_questions"] for sub in first["sub_questions"]] == [False, False]


def test_the_parent_s_own_approved_answer_completes_the_reply_and_is_printed(kim):
    office = kim.org.users["ratsbuero"]
    kim.org.answer(kim, "1", "Insgesamt 145.500 €.", by="finanzen", action="approve", approver="ratsbuero")
    assert services.inquiry_progress(kim)["all_approved"] is True
    reply = services.mark_reply_ready(services.get_or_create_reply(kim, by=office), by=office)
    document = services.reply_document(reply, draft=False, demo_certificate=True)
    assert document.questions[0].answer_text == "Insgesamt 145.500 €."
    assert document.questions[0].sub_questions_note == ""


def test_the_draft_letter_shows_the_mark_or_the_missing_answer(kim):
    office = kim.org.users["ratsbuero"]
    reply = services.get_or_create_reply(kim, by=office)
    [first, *_] = services.reply_document(reply, draft=True).questions
    assert (first.answered_by_sub_questions, first.sub_questions_note) == (False, "")
    services.set_answered_by_sub_questions(_question_1(kim), answered=True, by=office)
    [first, *_] = services.reply_document(reply, draft=True).questions
    assert first.sub_questions_note == "Siehe die Antworten zu den Unterfragen a und b."


def test_the_note_lists_every_sub_question():
    subs = [ReplyQuestion(n, "?") for n in ("a", "b)", "c.")]
    question = ReplyQuestion("1", "Wie?", sub_questions=subs, answered_by_sub_questions=True)
    assert question.sub_questions_note == "Siehe die Antworten zu den Unterfragen a, b und c."
    assert ReplyQuestion("2", "?", sub_questions=subs[:1]).sub_questions_note == ""


# --- The mark: service ------------------------------------------------------------------------


def test_the_mark_is_recorded_in_the_history_and_as_an_event(kim):
    office = kim.org.users["ratsbuero"]
    question = _question_1(kim)
    services.set_answered_by_sub_questions(question, answered=True, by=office)
    services.set_answered_by_sub_questions(question, answered=True, by=office)  # no change, no record
    services.set_answered_by_sub_questions(question, answered=False, by=office)
    records = list(question.history.order_by("history_date", "history_id"))
    assert [r.is_answered_by_sub_questions for r in records[-2:]] == [True, False]
    assert records[-1].history_user == office
    events = list(
        Event.objects.filter(
            inquiry=kim, kind__in=[Event.Kind.ANSWERED_BY_SUB_QUESTIONS, Event.Kind.NEEDS_OWN_ANSWER]
        ).order_by("at", "pk")
    )
    assert [(e.kind, e.data["number"], e.actor) for e in events] == [
        (Event.Kind.ANSWERED_BY_SUB_QUESTIONS, "1", office),
        (Event.Kind.NEEDS_OWN_ANSWER, "1", office),
    ]


def test_a_question_without_sub_questions_cannot_be_marked(kim):
    question = kim.questions.get(number="2", parent=None)
    with pytest.raises(services.InvalidTransition):
        services.set_answered_by_sub_questions(question, answered=True, by=kim.org.users["ratsbuero"])
    question.refresh_from_db()
    assert not question.is_answered_by_sub_questions
    assert not Event.objects.filter(kind=Event.Kind.ANSWERED_BY_SUB_QUESTIONS).exists()


def test_the_mark_cannot_change_once_the_reply_is_signed(kim):
    office, mayor = kim.org.users["ratsbuero"], kim.org.users["buergermeister"]
    question = services.set_answered_by_sub_questions(_question_1(kim), answered=True, by=office)
    reply = services.mark_reply_ready(services.get_or_create_reply(kim, by=office), by=office)
    services.sign_reply(reply, by=mayor)
    with pytest.raises(services.AnswerLocked):
        services.set_answered_by_sub_questions(question, answered=False, by=office)
    question.refresh_from_db()
    assert question.is_answered_by_sub_questions


# --- The mark: view ---------------------------------------------------------------------------


def _mark_url(question: Question) -> str:
    return reverse("responses:question_answered_by_sub_questions", args=[question.pk])


def test_the_council_office_marks_the_question_in_the_answer_editor(client, kim):
    client.force_login(kim.org.users["ratsbuero"])
    question = _question_1(kim)
    editor = client.get(reverse("responses:answer_edit", args=[question.pk])).content.decode()
    assert _mark_url(question) in editor
    response = client.post(_mark_url(question), {"answered": "1"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.is_answered_by_sub_questions
    client.post(_mark_url(question), {"answered": "0"})
    question.refresh_from_db()
    assert not question.is_answered_by_sub_questions


def test_marking_needs_post(client, kim):
    client.force_login(kim.org.users["ratsbuero"])
    assert client.get(_mark_url(_question_1(kim))).status_code == 405


def test_marking_redirects_anonymous_users_to_sign_in(client, kim):
    response = client.post(_mark_url(_question_1(kim)), {"answered": "1"})
    assert response.status_code == 302 and "/anmelden/" in response["Location"]
    assert not _question_1(kim).is_answered_by_sub_questions


def test_department_staff_may_not_mark_the_question(client, kim):
    client.force_login(kim.org.users["finanzen"])  # the lead department of question 1
    question = _question_1(kim)
    editor = client.get(reverse("responses:answer_edit", args=[question.pk])).content.decode()
    assert _mark_url(question) not in editor
    assert client.post(_mark_url(question), {"answered": "1"}).status_code == 403
    question.refresh_from_db()
    assert not question.is_answered_by_sub_questions
    assert not Event.objects.filter(kind=Event.Kind.ANSWERED_BY_SUB_QUESTIONS).exists()


# --- The same rule for the open work ----------------------------------------------------------


def test_a_marked_parent_is_no_open_work_for_reminders_and_worklists(kim, client):
    question = _question_1(kim)
    open_before = set(unanswered(Question.objects.filter(inquiry=kim)).values_list("pk", flat=True))
    assert open_before == {question.pk}
    assert set(reminders._open_questions().values_list("pk", flat=True)) == {question.pk}
    services.set_answered_by_sub_questions(question, answered=True, by=kim.org.users["ratsbuero"])
    assert not unanswered(Question.objects.filter(inquiry=kim)).exists()
    assert not reminders._open_questions().exists()
    force_update(Question.objects.filter(pk=question.pk), due_on=timezone.localdate().replace(day=1))
    client.force_login(kim.org.users["finanzen"])
    worklist = client.get(reverse("responses:worklist"))
    [row] = [q for q in worklist.context["page"].object_list if q.pk == question.pk]
    assert not row.is_overdue
