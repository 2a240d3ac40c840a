import pytest
from django.urls import reverse

from inquiries.models import Inquiry
from responses.models import Reply
from tests.factories import InquiryFactory, MunicipalityFactory, ReplyFactory
from tests.portal import PDF_BYTES, answered_inquiry, sent_reply

pytestmark = pytest.mark.django_db


def test_anyone_downloads_the_signed_pdf_of_a_public_sent_reply(client):
    reply = answered_inquiry().replies.get()
    response = client.get(reverse("responses:reply_pdf", args=[reply.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_non_public_reply_pdf_is_404_for_the_public_and_200_for_council_members(client, council_member):
    reply = answered_inquiry(is_public=False).replies.get()
    url = reverse("responses:reply_pdf", args=[reply.pk])
    assert client.get(url).status_code == 404
    client.force_login(council_member)
    assert client.get(url).status_code == 200


def test_unsent_or_unsigned_reply_pdf_is_404_outside_the_administration(
    client, council_member, council_office
):
    inquiry = InquiryFactory(status=Inquiry.Status.IN_PROGRESS)
    signed = sent_reply(inquiry)
    signed.status = Reply.Status.SIGNED
    signed.sent_at = None
    signed.save()
    draft = ReplyFactory(inquiry=InquiryFactory(status=Inquiry.Status.IN_PROGRESS))
    client.force_login(council_member)
    assert client.get(reverse("responses:reply_pdf", args=[signed.pk])).status_code == 404
    assert client.get(reverse("responses:reply_pdf", args=[draft.pk])).status_code == 404
    client.force_login(council_office)
    assert (
        client.get(reverse("responses:reply_pdf", args=[signed.pk])).status_code == 200
    )  # to check before sending
    assert client.get(reverse("responses:reply_pdf", args=[draft.pk])).status_code == 404  # no PDF yet


def test_atom_feed_names_its_author(client):
    """RFC 4287 4.1.1: a feed without an author needs one in every entry; the council office of
    the municipality is the feed's author."""
    from xml.etree import ElementTree

    MunicipalityFactory(name="Stadt Bornheim", council_office_name="Ratsbüro", email="ratsbuero@example.org")
    answered_inquiry(subject="Öffentliche Antwort")
    feed = ElementTree.fromstring(client.get(reverse("portal:replies_feed")).content)
    atom = "{http://www.w3.org/2005/Atom}"
    author = feed.find(f"{atom}author")
    assert author is not None and author.findtext(f"{atom}name") == "Stadt Bornheim – Ratsbüro"
    assert author.findtext(f"{atom}email") == "ratsbuero@example.org"
    assert feed.findall(f"{atom}entry")


def test_atom_feed_lists_only_public_sent_replies_even_for_council_members(client, council_member):
    answered_inquiry(subject="Öffentliche Antwort")
    answered_inquiry(subject="Vertrauliche Antwort", is_public=False)
    client.force_login(council_member)
    response = client.get(reverse("portal:replies_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    content = response.content.decode()
    assert "Öffentliche Antwort" in content
    assert "Vertrauliche Antwort" not in content
