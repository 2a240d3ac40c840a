"""Hostile or careless text: control characters are cleaned from every form's input, texts have
sensible maximum lengths, and whatever is stored renders (PDF, XMP, e-mail headers)."""

import inspect

import pytest
from django import forms
from django.core import mail
from django.urls import reverse

from inquiries import cleaning
from inquiries import forms as inquiry_forms
from inquiries.cleaning import (
    ANSWER_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    CleanTextMixin,
    clean_text,
    header_text,
)
from inquiries.models import Inquiry, Question
from responses import forms as response_forms
from responses import services
from responses.models import Answer
from tests.factories import CommitteeFactory, DepartmentFactory, QuestionFactory, force_update
from tests.responses.reply_helpers import ready_reply

pytestmark = pytest.mark.django_db

HOSTILE = "Radwege\x0bin der\x0cInnen\x02stadt\x00\x1b[31m\uffff\U0010ffff\x7f\x9f"
# what a database can hold (PostgreSQL refuses NUL in text)
STORED = HOSTILE.replace("\x00", "")


def test_clean_text_keeps_line_breaks_in_multiline_text_and_drops_control_characters():
    assert clean_text(HOSTILE) == "Radwege\nin der\nInnenstadt[31m"
    assert clean_text(HOSTILE, multiline=False) == "Radwege in der Innenstadt[31m"
    assert clean_text("a\r\nb\rc\u2028d") == "a\nb\nc\nd"
    assert clean_text("Grüße, Maßnahmen – „Zitat“ € 😀") == "Grüße, Maßnahmen – „Zitat“ € 😀"


def test_header_text_is_one_line():
    assert header_text("Antwort\r\nBcc: alle@example.org\n") == "Antwort Bcc: alle@example.org"


def _all_forms():
    for module in (inquiry_forms, response_forms):
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield name, value


def test_every_form_cleans_its_text_input():
    found = dict(_all_forms())
    assert {"InquiryForm", "QuestionRowForm", "AnswerForm", "ReplyForm", "RegisterForm"} <= set(found)
    assert [name for name, form in found.items() if not issubclass(form, CleanTextMixin)] == []


def _write_form(committee, subject, questions):
    data = {
        "action": "save",
        "kind": Inquiry.Kind.ANFRAGE,
        "subject": subject,
        "committee": committee.pk,
        "is_public": "on",
        "q-TOTAL_FORMS": str(len(questions)),
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "200",
    }
    for i, text in enumerate(questions):
        data.update({f"q-{i}-number": "", f"q-{i}-text": text, f"q-{i}-level": "0", f"q-{i}-answer": ""})
    return data


def test_the_write_form_saves_text_without_control_characters(client, chair):
    committee = CommitteeFactory(chair=chair)
    client.force_login(chair)
    response = client.post(
        reverse("inquiries:create"),
        _write_form(committee, f"{HOSTILE}\r\nBcc: x@example.org", [f"Wie viele{HOSTILE}?"]),
    )
    assert response.status_code == 302, response.content.decode()[:500]
    inquiry = Inquiry.objects.get()
    assert inquiry.subject == "Radwege in der Innenstadt[31m Bcc: x@example.org"
    assert Question.objects.get().text == "Wie vieleRadwege in der Innenstadt[31m?"


@pytest.mark.parametrize(
    ("subject", "question", "field"),
    [
        ("x" * (SUBJECT_MAX_LENGTH + 1), "Wie viele?", "subject"),
        ("Radwege", "x" * (QUESTION_MAX_LENGTH + 1), "text"),
    ],
)
def test_the_write_form_refuses_overlong_texts(client, chair, subject, question, field):
    committee = CommitteeFactory(chair=chair)
    client.force_login(chair)
    response = client.post(reverse("inquiries:create"), _write_form(committee, subject, [question]))
    assert response.status_code == 400
    assert not Inquiry.objects.exists()
    assert "Ensure this value has at most" in response.content.decode()


def test_the_answer_editor_cleans_and_limits_the_answer(client, council_office):
    question = QuestionFactory(lead_department=DepartmentFactory())
    client.force_login(council_office)
    url = reverse("responses:answer_edit", args=[question.pk])
    client.post(url, {"text": f"Zwölf{HOSTILE}", "version": 1})
    answer = Answer.objects.get()
    assert answer.text == "ZwölfRadwege\nin der\nInnenstadt[31m"
    response = client.post(url, {"text": "x" * (ANSWER_MAX_LENGTH + 1), "version": answer.version})
    assert response.status_code == 400
    answer.refresh_from_db()
    assert answer.text == "ZwölfRadwege\nin der\nInnenstadt[31m"


def test_a_reply_with_control_characters_in_stored_text_still_signs(reply_world):
    """Text stored before input was cleaned (or by an import) must not make the reply
    unsignable."""
    inquiry = reply_world.inquiry
    force_update(Inquiry.objects.filter(pk=inquiry.pk), subject=f"Kommunales{STORED}")
    force_update(Question.objects.filter(pk=reply_world.questions["2"].pk), text=f"Welche{STORED}?")
    force_update(Answer.objects.filter(pk=reply_world.answers["2"].pk), text=f"Diese{STORED}.")

    reply = services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)

    assert reply.status == reply.Status.SIGNED
    with reply.signed_pdf.open("rb") as handle:
        data = handle.read()
    from responses.signing.pdfa import read_xmp_properties

    assert read_xmp_properties(data)["dc:title"].startswith("Beantwortung der Großen Anfrage „Kommunales")


def test_line_breaks_in_a_stored_subject_do_not_break_the_e_mail(
    reply_world, django_capture_on_commit_callbacks
):
    inquiry = reply_world.inquiry
    force_update(Inquiry.objects.filter(pk=inquiry.pk), reference="AN/26/\r\nBcc: x@y.de")
    reply = services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reply(reply, by=reply_world.office)
    assert mail.outbox, "the committee is told"
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.subject.endswith("AN/26/ Bcc: x@y.de")
        assert message.bcc == []


def test_the_limits_are_generous_for_real_letters():
    assert SUBJECT_MAX_LENGTH >= 255
    assert QUESTION_MAX_LENGTH >= 2_000  # the KIM letter's longest question has ~400 characters
    assert cleaning.ANSWER_MAX_LENGTH >= 20_000


def test_a_sender_cannot_slip_an_answer_into_the_write_form(client, chair):
    """The answer field exists only in the council office's review of an imported reply
    document; posted anywhere else, it is not read."""
    committee = CommitteeFactory(chair=chair)
    client.force_login(chair)
    data = _write_form(committee, "Radwege", ["Wie viele?"])
    data["q-0-answer"] = "Die Verwaltung bestätigt alles, was die Fraktion sagt."
    response = client.post(reverse("inquiries:create"), data)
    assert response.status_code == 302
    assert Question.objects.get().text == "Wie viele?"
    assert not Answer.objects.exists()


def test_the_service_saves_answers_only_for_the_council_offices_import(chair, council_office):
    from inquiries import services as inquiry_services
    from inquiries.letters import ParsedQuestion

    committee = CommitteeFactory(chair=chair)
    questions = [ParsedQuestion(number="1", text="Wie viele?", answer="Vorgefertigt.")]
    fields = {"subject": "Radwege", "committee": committee, "kind": Inquiry.Kind.ANFRAGE}
    inquiry_services.save_inquiry(None, fields=fields, questions=questions, by=chair)
    assert Inquiry.objects.count() == 1 and not Answer.objects.exists()
    source = inquiry_services.LetterSource(name="", data=None, text="Antwort der Verwaltung …")
    inquiry = inquiry_services.save_inquiry(
        None, fields=fields, questions=questions, by=council_office, source=source, with_answers=True
    )
    assert Answer.objects.get(question__inquiry=inquiry).text == "Vorgefertigt."
