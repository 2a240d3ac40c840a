"""The reply's pages: who may compose, preview, sign, send and download."""

import io
from pathlib import Path

import pypdf
import pytest
from django.core import mail
from django.shortcuts import resolve_url
from django.urls import reverse

from inquiries import roles
from inquiries.models import Event, Inquiry
from responses import services
from responses.models import Answer, Reply
from tests.factories import AnswerFactory, QuestionFactory, user_with_role
from tests.responses.reply_helpers import ready_reply

pytestmark = pytest.mark.django_db


def _user(world, who):
    return {
        "office": lambda: world.office,
        "mayor": lambda: world.mayor,
        "staff": lambda: user_with_role(roles.DEPARTMENT_STAFF, username="staff"),
        "head": lambda: user_with_role(roles.DEPARTMENT_HEAD, username="head"),
        "chair": lambda: world.chair,
        "member": lambda: world.member,
    }[who]()


def _media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# --- Compose --------------------------------------------------------------------------------


def test_council_office_opens_the_reply_and_edits_the_letter(client, reply_world):
    client.force_login(reply_world.office)
    start = reverse("responses:reply_start", args=[reply_world.inquiry.pk])
    response = client.get(start)
    assert response.status_code == 200 and "Start the reply" in response.content.decode()
    assert not Reply.objects.exists()  # looking creates nothing
    response = client.post(start)
    reply = Reply.objects.get(inquiry=reply_world.inquiry)
    assert response.url == reverse("responses:reply_compose", args=[reply.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    assert "zu Ihrer Großen Anfrage vom" in page.content.decode()
    assert "Es wurden" not in page.content.decode()  # answers of other inquiries stay out
    response = client.post(
        reverse("responses:reply_compose", args=[reply.pk]),
        {
            "letter_date": "2026-05-04",
            "intro": "Sehr gern beantworte ich Ihre Fragen:",
            "closing": "Mit freundlichen Grüßen",
            "signatory_name": "Anna Schmitz",
            "signatory_role": "Erste Beigeordnete",
            "capacity": "i.V.",
        },
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert (reply.intro, reply.signatory_name, reply.capacity) == (
        "Sehr gern beantworte ich Ihre Fragen:",
        "Anna Schmitz",
        "i.V.",
    )
    assert str(reply.letter_date) == "2026-05-04"


@pytest.mark.parametrize("who, get_status, post_status", [("staff", 200, 403), ("mayor", 200, 403)])
def test_administration_reads_the_reply_but_only_the_office_writes_it(
    client, reply_world, who, get_status, post_status
):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    client.force_login(_user(reply_world, who))
    url = reverse("responses:reply_compose", args=[reply.pk])
    assert client.get(url).status_code == get_status
    assert client.post(url, {"intro": "x", "closing": "y"}).status_code == post_status
    reply.refresh_from_db()
    assert reply.intro != "x"


@pytest.mark.parametrize("name", ["reply_compose", "reply_preview", "reply_draft_pdf"])
@pytest.mark.parametrize("who", ["chair", "member"])
def test_outside_the_administration_the_reply_in_the_making_does_not_exist(client, reply_world, name, who):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    client.force_login(_user(reply_world, who))
    assert client.get(reverse(f"responses:{name}", args=[reply.pk])).status_code == 404
    assert client.get(reverse("responses:reply_start", args=[reply_world.inquiry.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, reply_world, settings):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    for name, method in (
        ("reply_compose", "post"),
        ("reply_preview", "get"),
        ("reply_draft_pdf", "get"),
        ("reply_sign", "post"),
        ("reply_send", "post"),
    ):
        response = getattr(client, method)(reverse(f"responses:{name}", args=[reply.pk]))
        assert response.status_code == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL)), name


@pytest.mark.parametrize(
    "name", ["reply_mark_ready", "reply_reopen", "reply_sign", "reply_send", "reply_supplement"]
)
def test_writing_endpoints_refuse_get(client, reply_world, name):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    client.force_login(reply_world.office)
    assert client.get(reverse(f"responses:{name}", args=[reply.pk])).status_code == 405


def test_preview_and_draft_pdf_show_the_letter_marked_as_draft(client, reply_world):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    client.force_login(user_with_role(roles.DEPARTMENT_STAFF, username="staff"))
    preview = client.get(reverse("responses:reply_preview", args=[reply.pk])).content.decode()
    assert "ENTWURF" in preview and "Träger der Wohlfahrtspflege" in preview
    response = client.get(reverse("responses:reply_draft_pdf", args=[reply.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        'filename="AN-2026-' in response["Content-Disposition"]
        and "-Entwurf.pdf" in response["Content-Disposition"]
    )
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    assert all("ENTWURF" in page.extract_text() for page in pages)


def test_preview_escapes_what_people_typed(client, reply_world):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    services.update_reply(reply, by=reply_world.office, intro="<script>alert(1)</script>")
    client.force_login(reply_world.office)
    content = client.get(reverse("responses:reply_preview", args=[reply.pk])).content.decode()
    assert "<script>alert(1)" not in content and "&lt;script&gt;" in content


def test_mark_ready_through_the_page(client, reply_world):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    client.force_login(reply_world.office)
    client.post(reverse("responses:reply_mark_ready", args=[reply.pk]))
    reply.refresh_from_db()
    assert reply.status == Reply.Status.READY


@pytest.mark.parametrize("n", [2, 12])
def test_compose_page_queries_do_not_grow_with_questions(client, reply_world, django_assert_num_queries, n):
    for i in range(n):
        AnswerFactory(
            question=QuestionFactory(inquiry=reply_world.inquiry, number=f"{10 + i}", position=10 + i)
        )
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    client.force_login(reply_world.office)
    # session, user, user permissions, group permissions, reply (+inquiry, committee, chair,
    # supplements, signer), progress, replies of the inquiry, the reply's own annexes (its list),
    # municipality, letter settings, questions (+answers), the annexes of the answers and of
    # the reply (the letter's "Anlagen")
    with django_assert_num_queries(13):
        response = client.get(reverse("responses:reply_compose", args=[reply.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [2, 12])
def test_preview_queries_do_not_grow_with_questions(client, reply_world, django_assert_num_queries, n):
    for i in range(n):
        AnswerFactory(
            question=QuestionFactory(inquiry=reply_world.inquiry, number=f"{10 + i}", position=10 + i)
        )
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    client.force_login(reply_world.office)
    # session, user, user permissions, group permissions, reply (+inquiry, committee, chair,
    # supplements, signer), municipality, letter settings, questions (+answers), the annexes
    # of the answers and of the reply
    with django_assert_num_queries(10):
        response = client.get(reverse("responses:reply_preview", args=[reply.pk]))
    assert response.status_code == 200


# --- Sign -----------------------------------------------------------------------------------

SIGN_MATRIX = {"office": 403, "staff": 403, "head": 403, "chair": 404, "member": 404}


@pytest.mark.parametrize("who", SIGN_MATRIX)
def test_only_the_signatory_signs(client, reply_world, who, settings):
    reply = ready_reply(reply_world)
    client.force_login(_user(reply_world, who))
    assert client.post(reverse("responses:reply_sign", args=[reply.pk])).status_code == SIGN_MATRIX[who]
    reply.refresh_from_db()
    assert reply.status == Reply.Status.READY and _media_files(settings) == []


def test_signing_twice_through_the_page_yields_one_document_and_a_friendly_message(
    client, reply_world, settings
):
    reply = ready_reply(reply_world)
    client.force_login(reply_world.mayor)
    url = reverse("responses:reply_sign", args=[reply.pk])
    first = client.post(url, follow=True)
    assert "The reply is signed" in first.content.decode()
    second = client.post(url, follow=True)
    assert second.status_code == 200
    assert "already been signed" in second.content.decode()
    assert len(_media_files(settings)) == 1
    assert Event.objects.filter(kind=Event.Kind.REPLY_SIGNED).count() == 1


def test_signing_with_unapproved_answers_is_refused_with_a_message(client, reply_world):
    reply = ready_reply(reply_world)
    services.transition_answer(reply_world.answers["1a"], "reopen", by=reply_world.office)
    client.force_login(reply_world.mayor)
    response = client.post(reverse("responses:reply_sign", args=[reply.pk]), follow=True)
    assert "Every answer must be approved" in response.content.decode()
    reply.refresh_from_db()
    assert reply.status == Reply.Status.READY


def test_a_failure_while_signing_shows_a_message_and_keeps_the_reply(
    client, reply_world, settings, monkeypatch
):
    reply = ready_reply(reply_world)

    def broken(*args, **kwargs):
        raise RuntimeError("token removed")

    monkeypatch.setattr("responses.signing.signature.sign_pdf", broken)
    client.force_login(reply_world.mayor)
    response = client.post(reverse("responses:reply_sign", args=[reply.pk]), follow=True)
    assert response.status_code == 200
    assert "could not be signed" in response.content.decode()
    reply.refresh_from_db()
    assert reply.status == Reply.Status.READY and _media_files(settings) == []


def test_the_answer_editor_is_read_only_once_signed(client, reply_world):
    services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    question = reply_world.questions["2"]
    client.force_login(reply_world.office)
    page = client.get(reverse("responses:answer_edit", args=[question.pk])).content.decode()
    assert "can no longer change" in page
    assert 'value="reopen"' not in page
    client.post(reverse("responses:answer_transition", args=[question.pk]), {"action": "reopen"})
    assert Answer.objects.get(question=question).status == Answer.Status.APPROVED


# --- Send and download ----------------------------------------------------------------------


def test_council_office_sends_the_signed_reply(client, reply_world, django_capture_on_commit_callbacks):
    reply = services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    client.force_login(reply_world.mayor)
    assert client.post(reverse("responses:reply_send", args=[reply.pk])).status_code == 403
    client.force_login(reply_world.office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("responses:reply_send", args=[reply.pk]))
    reply.refresh_from_db()
    assert reply.status == Reply.Status.SENT
    assert Inquiry.objects.get(pk=reply_world.inquiry.pk).status == Inquiry.Status.ANSWERED
    assert {reply_world.chair.email, reply_world.member.email} <= {a for m in mail.outbox for a in m.to}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("responses:reply_send", args=[reply.pk]), follow=True)
    assert "already sent" in response.content.decode()
    assert len(mail.outbox) == 3


def test_signed_pdf_download_follows_visibility(client, reply_world):
    reply = services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    url = reverse("responses:reply_pdf", args=[reply.pk])
    assert client.get(url).status_code == 404  # signed, not sent: not for the public yet
    client.force_login(reply_world.member)
    assert client.get(url).status_code == 404
    client.force_login(reply_world.office)
    response = client.get(url)
    assert response.status_code == 200
    reference = reply_world.inquiry.reference.replace("/", "-")
    assert response["Content-Disposition"] == f'attachment; filename="{reference}-Beantwortung.pdf"'
    with reply.signed_pdf.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    services.send_reply(reply, by=reply_world.office)
    client.logout()
    assert client.get(url).status_code == 200


def test_non_public_signed_pdf_is_for_council_members_only(client, db, demo_signing):
    from tests.responses.reply_helpers import make_reply_world

    world = make_reply_world(is_public=False)
    reply = services.sign_reply(ready_reply(world), by=world.mayor)
    services.send_reply(reply, by=world.office)
    url = reverse("responses:reply_pdf", args=[reply.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.member)
    assert client.get(url).status_code == 200


# --- Supplementary reply --------------------------------------------------------------------


def test_office_starts_a_supplementary_reply(client, reply_world):
    reply = services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    client.force_login(reply_world.mayor)
    assert client.post(reverse("responses:reply_supplement", args=[reply.pk])).status_code == 403
    client.force_login(reply_world.office)
    response = client.post(reverse("responses:reply_supplement", args=[reply.pk]))
    supplement = Reply.objects.get(supplements=reply)
    assert response.url == reverse("responses:reply_compose", args=[supplement.pk])
    # the inquiry's page leads to the supplement now
    response = client.get(reverse("responses:reply_start", args=[reply_world.inquiry.pk]))
    assert response.url == reverse("responses:reply_compose", args=[supplement.pk])


def test_a_get_of_the_reply_start_changes_nothing(client, reply_world):
    start = reverse("responses:reply_start", args=[reply_world.inquiry.pk])
    for who in ("office", "mayor", "staff"):
        client.force_login(_user(reply_world, who))
        assert client.get(start).status_code in (200, 302)
    assert not Reply.objects.exists()
    client.force_login(reply_world.mayor)
    assert client.post(start).status_code == 403
    assert not Reply.objects.exists()
    client.force_login(reply_world.office)
    assert client.post(start).status_code == 302
    assert Reply.objects.filter(inquiry=reply_world.inquiry).count() == 1


# --- Signing asks first, shows progress, says when it is done ---------------------------------


def test_the_sign_button_asks_for_confirmation_and_signs_nothing_yet(client, reply_world, settings):
    reply = ready_reply(reply_world)
    client.force_login(reply_world.mayor)
    compose = client.get(reverse("responses:reply_compose", args=[reply.pk])).content.decode()
    assert 'name="step" value="confirm"' in compose
    response = client.post(reverse("responses:reply_sign", args=[reply.pk]), {"step": "confirm"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sign the reply?" in page and "Sign now" in page
    assert f'action="{reverse("responses:reply_sign", args=[reply.pk])}"' in page
    assert "data-signing-form" in page and 'role="status"' in page and "js/signing.js" in page
    assert "demo certificate" in page
    reply.refresh_from_db()
    assert reply.status == Reply.Status.READY and _media_files(settings) == []


def test_confirming_signs_and_says_it_is_done_with_the_next_step(client, reply_world, settings):
    reply = ready_reply(reply_world)
    client.force_login(reply_world.mayor)
    response = client.post(reverse("responses:reply_sign", args=[reply.pk]), follow=True)
    assert "The reply is signed and stored as a PDF. Next step: send it to the committee." in (
        response.content.decode()
    )
    reply.refresh_from_db()
    assert reply.status == Reply.Status.SIGNED and len(_media_files(settings)) == 1


def test_asking_to_sign_a_reply_that_is_not_ready_says_why(client, reply_world):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    client.force_login(reply_world.mayor)
    response = client.post(reverse("responses:reply_sign", args=[reply.pk]), {"step": "confirm"}, follow=True)
    assert "Sign the reply?" not in response.content.decode()
    assert "has not marked this reply ready" in response.content.decode()
    reply.refresh_from_db()
    assert reply.status == Reply.Status.DRAFT


def test_confirmation_of_an_already_signed_reply_says_so(client, reply_world):
    reply = ready_reply(reply_world)
    services.sign_reply(reply, by=reply_world.mayor)
    client.force_login(reply_world.mayor)
    response = client.post(reverse("responses:reply_sign", args=[reply.pk]), {"step": "confirm"}, follow=True)
    assert "already been signed" in response.content.decode()
