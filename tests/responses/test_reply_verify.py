"""The public verification page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from responses import services
from tests.responses.reply_helpers import make_reply_world, ready_reply

pytestmark = pytest.mark.django_db

URL = "/pruefen/"


def _signed_bytes(reply) -> bytes:
    with reply.signed_pdf.open("rb") as handle:
        return handle.read()


def _upload(client, data: bytes, name: str = "antwort.pdf"):
    return client.post(
        reverse("responses:verify"), {"file": SimpleUploadedFile(name, data, "application/pdf")}
    )


@pytest.fixture
def sent_reply(reply_world):
    reply = services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    return services.send_reply(reply, by=reply_world.office)


def test_url_is_public():
    assert reverse("responses:verify") == URL


def test_stored_reply_is_valid_and_matches(client, sent_reply):
    response = client.get(URL, {"reply": sent_reply.pk})
    assert response.status_code == 200
    content = response.content.decode()
    report = response.context["report"]
    assert report.valid and report.unchanged and report.verdict == "demo" and not report.ok
    assert response.context["match"] == sent_reply
    # one verdict, no contradiction: a demo signature is never also "valid and trusted"
    assert "not a valid signature of the municipality" in content
    assert "valid, trusted" not in content and "Yes: the municipality" not in content
    assert sent_reply.inquiry.reference in content


def test_an_unsent_reply_cannot_be_opened_by_the_public(client, reply_world):
    reply = services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    assert client.get(URL, {"reply": reply.pk}).status_code == 404
    assert client.get(URL, {"reply": "x"}).status_code == 404
    client.force_login(reply_world.office)
    assert client.get(URL, {"reply": reply.pk}).status_code == 200


def test_uploaded_copy_matches_the_reply_on_record(client, sent_reply):
    response = _upload(client, _signed_bytes(sent_reply))
    assert response.status_code == 200
    assert response.context["report"].valid and response.context["report"].unchanged
    assert response.context["match"] == sent_reply


def test_tampered_upload_is_reported_broken(client, sent_reply):
    data = bytearray(_signed_bytes(sent_reply))
    data[len(data) // 4] ^= 0x01
    response = _upload(client, bytes(data))
    assert response.status_code == 200
    report = response.context["report"]
    assert not report.ok and not report.valid
    assert response.context["match"] is None
    assert "no match" in response.content.decode()


def test_upload_that_is_not_a_pdf_is_refused_by_its_content(client, db):
    response = _upload(client, b"MZ\x90\x00 not a pdf at all", name="antwort.pdf")
    assert response.status_code == 400
    assert "This is not a PDF file." in response.content.decode()


def test_oversize_upload_is_refused(client, db):
    data = b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)
    response = _upload(client, data)
    assert response.status_code == 400
    assert "larger than 10 MB" in response.content.decode()


def test_garbage_behind_a_pdf_header_gives_a_message_not_an_error(client, db):
    response = _upload(client, b"%PDF-1.7\n\x00\x01garbage\n%%EOF")
    assert response.status_code == 200
    assert not response.context["report"].has_signature
    assert "not a readable PDF" in response.content.decode() or "no signature" in response.content.decode()


def test_a_non_public_reply_is_not_revealed_to_the_public(client, db, demo_signing):
    world = make_reply_world(is_public=False)
    reply = services.send_reply(services.sign_reply(ready_reply(world), by=world.mayor), by=world.office)
    data = _signed_bytes(reply)
    response = _upload(client, data)
    assert response.context["report"].valid  # the signature itself is the file's own business
    assert response.context["match"] is None
    content = response.content.decode()
    assert "no match" in content and reply.inquiry.reference not in content
    assert client.get(URL, {"reply": reply.pk}).status_code == 404
    client.force_login(world.member)
    assert _upload(client, data).context["match"] == reply
