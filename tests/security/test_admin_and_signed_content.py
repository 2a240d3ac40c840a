"""The admin holds master data only; records with a workflow change only through the app's
services. Signed content is read-only everywhere, the admin and a shell included."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from inquiries import roles
from inquiries.models import Inquiry, Question, SignedContentLocked
from responses import services
from tests.factories import InquiryFactory, user_with_role
from tests.responses.reply_helpers import ready_reply

pytestmark = pytest.mark.django_db

MASTER_DATA = {
    "inquiries.Municipality",
    "inquiries.RulesOfProcedure",
    "inquiries.Committee",
    "inquiries.Meeting",
    "inquiries.Department",
    "responses.SigningCertificate",
    "responses.LetterSettings",
    "responses.FormOfAddress",
    "auth.User",
    "auth.Group",
}
WORKFLOW = (
    {
        f"{model._meta.app_label}.{model.__name__}"
        for app in ("inquiries", "responses")
        for model in apps.get_app_config(app).get_models()
    }
    - MASTER_DATA
    - {"inquiries.ReferenceSequence"}
)


def test_the_admin_shows_master_data_and_no_record_with_a_workflow():
    registered = {f"{model._meta.app_label}.{model.__name__}" for model in admin.site._registry}
    assert MASTER_DATA <= registered
    assert {"inquiries.Inquiry", "inquiries.Question", "responses.Answer", "responses.Reply"} <= WORKFLOW
    assert registered & WORKFLOW == set()


def test_the_council_office_as_staff_cannot_reach_inquiries_in_the_admin(client):
    office = user_with_role(roles.COUNCIL_OFFICE, username="office", is_staff=True)
    draft = InquiryFactory(status=Inquiry.Status.DRAFT, subject="Privater Entwurf")
    client.force_login(office)
    assert client.get("/admin/").status_code == 200
    for url in (
        "/admin/inquiries/inquiry/",
        f"/admin/inquiries/inquiry/{draft.pk}/change/",
        "/admin/inquiries/question/",
        "/admin/responses/answer/",
        "/admin/responses/reply/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/admin/inquiries/inquiry/{draft.pk}/change/", {"status": "submitted"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == Inquiry.Status.DRAFT
    assert client.get(reverse("admin:inquiries_committee_changelist")).status_code == 200


def test_a_signed_question_cannot_be_changed_anywhere(reply_world):
    services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    question = Question.objects.get(pk=reply_world.questions["2"].pk)
    question.text = "Eine ganz andere Frage?"
    with pytest.raises(SignedContentLocked):
        question.save()
    with pytest.raises(SignedContentLocked):
        question.save(update_fields=["text", "updated_at"])
    question.refresh_from_db()
    assert question.text.startswith("Welche Akteure")


def test_a_signed_inquirys_subject_cannot_be_changed(reply_world):
    services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    inquiry = Inquiry.objects.get(pk=reply_world.inquiry.pk)
    inquiry.subject = "Etwas anderes"
    with pytest.raises(SignedContentLocked):
        inquiry.save()
    assert Inquiry.objects.get(pk=inquiry.pk).subject == "Kommunales Integrationsmanagement"


def test_the_workflow_goes_on_after_signing(reply_world):
    """Sending changes the inquiry's state, not its content; assignment data is not printed."""
    reply = services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    services.send_reply(reply, by=reply_world.office)
    question = reply_world.questions["2"]
    question.refresh_from_db()
    question.due_on = None
    question.save(update_fields=["due_on", "updated_at"])
    inquiry = Inquiry.objects.get(pk=reply_world.inquiry.pk)
    assert inquiry.status == Inquiry.Status.ANSWERED
    inquiry.save()  # unchanged content: fine


def test_before_signing_questions_can_still_be_corrected(reply_world):
    question = reply_world.questions["2"]
    question.text = "Welche Akteure sind vertreten?"
    question.save()
    assert Question.objects.get(pk=question.pk).text == "Welche Akteure sind vertreten?"


def test_an_earlier_signing_certificate_is_added_in_the_admin_and_never_changed(client, admin_user):
    from responses.models import SigningCertificate
    from tests.responses.pki import CertificateAuthority

    ca = CertificateAuthority.create()
    old = ca.issue("Wolfgang Henseler, Bürgermeister", "Stadt Bornheim")
    client.force_login(admin_user)
    url = reverse("admin:responses_signingcertificate_add")

    assert client.post(url, {"certificate": "kein Zertifikat"}).status_code == 200
    assert not SigningCertificate.objects.exists()
    response = client.post(url, {"certificate": old.pem})
    assert response.status_code == 302
    kept = SigningCertificate.objects.get()
    assert kept.subject == "Wolfgang Henseler, Bürgermeister (Stadt Bornheim)"
    assert kept.issuer.startswith("Test-CA")
    assert "already kept" in client.post(url, {"certificate": old.pem}).content.decode()

    change = reverse("admin:responses_signingcertificate_change", args=[kept.pk])
    client.post(change, {"certificate": ca.issue("Mallory", "M").pem})
    assert SigningCertificate.objects.get().fingerprint == kept.fingerprint
    assert (
        client.post(
            reverse("admin:responses_signingcertificate_delete", args=[kept.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert SigningCertificate.objects.count() == 1
