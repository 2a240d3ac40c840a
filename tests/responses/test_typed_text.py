"""Typed text is never lost: every action taken from a page with a text form (the answer
editor, the reply's letter) is a submit button of that form, and the server saves the typed
text first (with the answer's optimistic lock) or refuses the action and shows the text again."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from inquiries import roles
from responses import services
from responses.models import Answer, Contribution, Reply
from tests.factories import AnswerFactory, user_with_role

pytestmark = pytest.mark.django_db

S = Answer.Status


def _editor(question) -> str:
    return reverse("responses:answer_edit", args=[question.pk])


def _transition(question) -> str:
    return reverse("responses:answer_transition", args=[question.pk])


class _Buttons(HTMLParser):
    """Every submit button with the form it submits and where to."""

    def __init__(self):
        super().__init__()
        self.forms, self.stack, self.buttons = {}, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.stack.append(attrs)
            if attrs.get("id"):
                self.forms[attrs["id"]] = attrs
        elif (
            tag in ("button", "input") and attrs.get("type", "submit" if tag == "button" else "") == "submit"
        ):
            form = attrs.get("form") or (self.stack[-1].get("id") if self.stack else None)
            action = attrs.get("formaction") or (
                self.forms.get(form, {}).get("action") if attrs.get("form") else self.stack[-1].get("action")
            )
            self.buttons.append({"form": form, "action": action, **attrs})

    def handle_endtag(self, tag):
        if tag == "form" and self.stack:
            self.stack.pop()


def _buttons(html: str) -> list[dict]:
    parser = _Buttons()
    parser.feed(html)
    return parser.buttons


# --- The answer editor ------------------------------------------------------------------------


def test_submit_for_review_saves_the_typed_text_first(client, world):
    answer = AnswerFactory(question=world.question, text="Alte Fassung.")
    client.force_login(world.lead_staff)
    response = client.post(
        _transition(world.question),
        {"action": "submit", "text": "Neue Fassung, noch nicht gespeichert.", "version": answer.version},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.text, answer.status, answer.version) == (
        "Neue Fassung, noch nicht gespeichert.",
        S.IN_REVIEW,
        2,
    )
    # the history has the save, then the submission of the saved text
    records = list(answer.history.order_by("history_date", "history_id"))
    assert [(r.text, r.status) for r in records[-2:]] == [
        ("Neue Fassung, noch nicht gespeichert.", S.DRAFT),
        ("Neue Fassung, noch nicht gespeichert.", S.IN_REVIEW),
    ]


def test_submit_over_someone_else_s_save_is_refused_and_the_typed_text_kept(client, world):
    answer = AnswerFactory(question=world.question, text="Alte Fassung.")
    services.save_answer(answer, text="Fassung der Kollegin.", base_version=1, by=world.lead_head)
    client.force_login(world.lead_staff)
    response = client.post(
        _transition(world.question), {"action": "submit", "text": "Meine Fassung.", "version": 1}
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "Meine Fassung." in content and "Fassung der Kollegin." in content
    answer.refresh_from_db()
    assert (answer.text, answer.status, answer.version) == ("Fassung der Kollegin.", S.DRAFT, 2)


def test_an_action_with_the_text_as_saved_adds_no_version(client, world, council_office):
    answer = AnswerFactory(question=world.question, text="Fertig.", status=S.IN_REVIEW)
    client.force_login(council_office)
    response = client.post(
        _transition(world.question), {"action": "approve", "text": "Fertig.\r\n", "version": answer.version}
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.status, answer.version, answer.approver) == (S.APPROVED, 1, council_office)


def test_invalid_typed_text_refuses_the_action_and_keeps_the_text(client, world):
    answer = AnswerFactory(question=world.question, text="Alt.")
    client.force_login(world.lead_staff)
    response = client.post(_transition(world.question), {"action": "submit", "text": "Neu.", "version": "x"})
    assert response.status_code == 400
    assert "Neu." in response.content.decode()
    answer.refresh_from_db()
    assert (answer.text, answer.status) == ("Alt.", S.DRAFT)


def test_typed_text_from_someone_who_may_not_edit_is_refused(client, world):
    answer = AnswerFactory(question=world.question, text="Alt.", status=S.IN_REVIEW)
    client.force_login(world.other_head)
    response = client.post(_transition(world.question), {"action": "approve", "text": "Neu.", "version": 1})
    assert response.status_code == 403
    answer.refresh_from_db()
    assert (answer.text, answer.status) == ("Alt.", S.IN_REVIEW)


def test_merging_a_contribution_saves_the_typed_text_first(client, world):
    answer = AnswerFactory(question=world.question, text="Alt.")
    contribution = Contribution.objects.create(
        question=world.question,
        department=world.participating,
        text="Beitrag FB20.",
        author=world.participating_staff,
    )
    client.force_login(world.lead_staff)
    response = client.post(
        reverse("responses:contribution_merge", args=[contribution.pk]),
        {"text": "Neu getippt.", "version": 1},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    contribution.refresh_from_db()
    assert answer.text == "Neu getippt.\n\nBeitrag FB20."
    assert answer.version == 3 and contribution.is_merged


def test_merging_after_a_conflict_is_refused_and_the_typed_text_kept(client, world):
    answer = AnswerFactory(question=world.question, text="Alt.")
    services.save_answer(answer, text="Fassung der Leitung.", base_version=1, by=world.lead_head)
    contribution = Contribution.objects.create(
        question=world.question,
        department=world.participating,
        text="Beitrag FB20.",
        author=world.participating_staff,
    )
    client.force_login(world.lead_staff)
    response = client.post(
        reverse("responses:contribution_merge", args=[contribution.pk]),
        {"text": "Neu getippt.", "version": 1},
    )
    assert response.status_code == 409
    assert "Neu getippt." in response.content.decode()
    answer.refresh_from_db()
    contribution.refresh_from_db()
    assert answer.text == "Fassung der Leitung." and not contribution.is_merged


def test_every_action_of_the_editor_submits_the_editor_s_form(client, world):
    """In the browser the typed text travels with the action only if the button belongs to the
    form with the textarea; the server's side is tested above."""
    AnswerFactory(question=world.question, text="Alt.")
    Contribution.objects.create(
        question=world.question,
        department=world.participating,
        text="Beitrag.",
        author=world.participating_staff,
    )
    client.force_login(world.lead_staff)
    buttons = _buttons(client.get(_editor(world.question)).content.decode())
    answer_actions = [
        b
        for b in buttons
        if re.search(r"/antwort/(status/)?$|/uebernehmen/$|/durch-unterfragen/$", b["action"] or "")
    ]
    assert {b.get("name") for b in answer_actions} >= {"save", "action"}
    assert any("/uebernehmen/" in b["action"] for b in answer_actions)
    assert {b["form"] for b in answer_actions} == {"answer-form"}


def test_the_send_back_comment_belongs_to_the_editor_s_form(client, world, council_office):
    AnswerFactory(question=world.question, text="Alt.", status=S.IN_REVIEW)
    client.force_login(council_office)
    content = client.get(_editor(world.question)).content.decode()
    assert re.search(r'<textarea id="send-back-comment" name="comment"[^>]*form="answer-form"', content)


# --- The reply's letter -----------------------------------------------------------------------


LETTER = {
    "letter_date": "",
    "intro": "Neu getippte Einleitung.",
    "closing": "Mit freundlichen Grüßen",
    "signatory_name": "Christoph Becker",
    "signatory_role": "Bürgermeister",
    "capacity": "",
}


def test_marking_the_letter_ready_saves_the_typed_text_first(client, reply_world):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    client.force_login(reply_world.office)
    response = client.post(reverse("responses:reply_mark_ready", args=[reply.pk]), LETTER)
    assert response.status_code == 302
    reply.refresh_from_db()
    assert (reply.intro, reply.status) == ("Neu getippte Einleitung.", Reply.Status.READY)


def test_an_invalid_letter_refuses_marking_ready_and_keeps_the_text(client, reply_world):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    intro = reply.intro
    client.force_login(reply_world.office)
    response = client.post(reverse("responses:reply_mark_ready", args=[reply.pk]), {**LETTER, "closing": ""})
    assert response.status_code == 400
    assert "Neu getippte Einleitung." in response.content.decode()
    reply.refresh_from_db()
    assert (reply.intro, reply.status) == (intro, Reply.Status.DRAFT)


def test_going_back_to_draft_saves_the_typed_text(client, reply_world):
    from tests.responses.reply_helpers import ready_reply

    reply = ready_reply(reply_world)
    client.force_login(reply_world.office)
    response = client.post(reverse("responses:reply_reopen", args=[reply.pk]), LETTER)
    assert response.status_code == 302
    reply.refresh_from_db()
    assert (reply.intro, reply.status) == ("Neu getippte Einleitung.", Reply.Status.DRAFT)


def test_the_next_step_buttons_submit_the_letter_s_form(client, reply_world):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    client.force_login(reply_world.office)
    buttons = _buttons(client.get(reverse("responses:reply_compose", args=[reply.pk])).content.decode())
    [ready] = [b for b in buttons if (b["action"] or "").endswith("/fertig/")]
    assert ready["form"] == "reply-form"


def test_the_signatory_signs_from_a_form_of_its_own(client, reply_world):
    from tests.responses.reply_helpers import ready_reply

    reply = ready_reply(reply_world)
    signatory = user_with_role(roles.SIGNATORY, username="deputy")
    client.force_login(signatory)
    buttons = _buttons(client.get(reverse("responses:reply_compose", args=[reply.pk])).content.decode())
    [sign] = [b for b in buttons if (b["action"] or "").endswith("/unterschreiben/")]
    assert sign["form"] != "reply-form"
