"""Annexes travel from a draft answer to the signed PDF: attached (checked by content, size and
number), listed in the letter, embedded in the signed PDF/A-3 as associated files, downloadable
under the rules of the answer they belong to, and fixed once signed."""

import io
import zipfile

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from inquiries import roles
from inquiries.models import SignedContentLocked
from responses import services
from responses.models import Annex, Answer, ReplyAnnex
from responses.signing.pdfa import pdfa_problems
from responses.signing.verdict import validate_signed_pdf
from tests.factories import user_with_role
from tests.responses.reply_helpers import make_reply_world, ready_reply
from tooling.demo import _demo_logo_png

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx(main: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main, "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def draft_world(db, demo_signing):
    return make_reply_world(approved=False)


def _approve_all(world):
    for answer in world.answers.values():
        answer.refresh_from_db()
        answer.status, answer.approver, answer.approved_at = (
            Answer.Status.APPROVED,
            world.office,
            timezone.now(),
        )
        answer.save()


# --- Checked by content -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (PDF, "Haushalt.pdf", "application/pdf"),
        (_demo_logo_png(), "Karte.png", "image/png"),
        (_docx(), "Bericht.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (
            _docx("xl/workbook.xml"),
            "Zahlen.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_annex_type_is_read_from_the_content(data, name, kind):
    assert services.annex_type(data, name) == kind


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (PDF, "Bericht.docx"),  # a PDF calling itself a Word document
        (_docx(), "Zahlen.xlsx"),  # a Word document calling itself a spreadsheet
        (b"MZ\x90\x00", "tool.pdf"),
        (PDF, "script.exe"),
        (b"PK\x03\x04 broken zip", "Bericht.docx"),
    ],
)
def test_files_whose_content_is_not_what_their_name_says_are_refused(data, name):
    with pytest.raises(services.AnnexError):
        services.annex_type(data, name)


def test_annexes_are_size_limited():
    with pytest.raises(services.AnnexError, match="10 MB"):
        services.annex_type(PDF + b"0" * services.ANNEX_MAX_BYTES, "gross.pdf")


def test_an_answer_takes_at_most_the_bounded_number_of_annexes(draft_world):
    answer = draft_world.answers["2"]
    for number in range(services.MAX_ANNEXES):
        services.add_annex(
            answer=answer, data=PDF, file_name=f"{number}.pdf", title="", by=draft_world.office
        )
    with pytest.raises(services.AnnexError):
        services.add_annex(answer=answer, data=PDF, file_name="more.pdf", title="", by=draft_world.office)
    assert Annex.objects.filter(answer=answer).count() == services.MAX_ANNEXES


def test_an_approved_answer_takes_no_annex(reply_world):
    with pytest.raises(services.AnnexError):
        services.add_annex(
            answer=reply_world.answers["2"], data=PDF, file_name="a.pdf", title="", by=reply_world.office
        )
    assert not Annex.objects.exists()


# --- From the draft answer to the signed PDF ---------------------------------------------------


def test_an_annex_travels_from_a_draft_answer_into_the_signed_pdf_and_is_invisible_until_sent(
    client, draft_world
):
    world = draft_world
    annex = services.add_annex(
        answer=world.answers["2"],
        data=PDF,
        file_name="../Lenkungsgruppe.pdf",
        title="Liste der Lenkungsgruppe",
        by=world.office,
    )
    assert annex.file_name == "Lenkungsgruppe.pdf"
    url = reverse("responses:annex_download", args=[annex.pk])
    # a draft answer's annex: the administration reads it, council members and the public do not
    client.force_login(world.office)
    assert client.get(url).status_code == 200
    for reader in (world.member, world.chair):
        assert not Annex.objects.visible_to(reader).exists()
        client.force_login(reader)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404

    _approve_all(world)
    reply = services.get_or_create_reply(world.inquiry, by=world.office)
    own = services.add_annex(
        reply=reply, data=_demo_logo_png(), file_name="Karte.png", title="Übersichtskarte", by=world.office
    )
    assert [a.title for a in services.reply_document(reply, draft=True).annexes] == [
        "Liste der Lenkungsgruppe",
        "Übersichtskarte",
    ]
    reply = services.sign_reply(ready_reply(world), by=world.mayor)
    data = reply.signed_pdf.read()
    report = validate_signed_pdf(data)
    assert report.valid and report.unchanged
    assert pdfa_problems(data) == []
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.attachments["Anlage-1-Lenkungsgruppe.pdf"] == [PDF]
    assert reader.attachments["Anlage-2-Karte.png"] == [_demo_logo_png()]
    relationships = {
        str(spec.get_object()["/F"]): spec.get_object()["/AFRelationship"]
        for spec in reader.trailer["/Root"]["/AF"]
    }
    assert relationships["Anlage-1-Lenkungsgruppe.pdf"] == "/Supplement"
    assert relationships["reply.json"] == "/Data"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Anlagen" in text and "Liste der Lenkungsgruppe" in text and "Übersichtskarte" in text
    assert report.embedded_json["annexes"][0] == {
        "title": "Liste der Lenkungsgruppe",
        "name": "Anlage-1-Lenkungsgruppe.pdf",
        "sha256": annex.sha256,
    }
    assert list(ReplyAnnex.objects.filter(reply=reply).values_list("annex_id", "position")) == [
        (annex.pk, 1),
        (own.pk, 2),
    ]
    # signed but not sent: still nothing for the members
    assert not Annex.objects.visible_to(world.member).exists()
    services.send_reply(reply, by=world.office)
    client.force_login(world.member)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    page = client.get(world.inquiry.get_absolute_url()).content.decode()
    assert url in page and "Liste der Lenkungsgruppe" in page
    client.logout()
    assert client.get(url).status_code == 200  # a public inquiry's sent reply


def test_a_signed_annex_stays(reply_world):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    annex = services.add_annex(reply=reply, data=PDF, file_name="a.pdf", title="A", by=reply_world.office)
    services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    with pytest.raises(services.AnnexError):
        services.remove_annex(annex, by=reply_world.office)
    with pytest.raises(SignedContentLocked):
        annex.delete()
    with pytest.raises(services.AnnexError):
        services.add_annex(reply=reply, data=PDF, file_name="b.pdf", title="B", by=reply_world.office)
    assert Annex.objects.filter(pk=annex.pk).exists()


def test_a_draft_answers_annex_can_be_removed_with_its_file(
    draft_world, settings, django_capture_on_commit_callbacks
):
    annex = services.add_annex(
        answer=draft_world.answers["2"], data=PDF, file_name="a.pdf", title="", by=draft_world.office
    )
    path = annex.file.path
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_annex(annex, by=draft_world.office)
    assert not Annex.objects.exists()
    assert not __import__("os").path.exists(path)


# --- Views ----------------------------------------------------------------------------------


def _upload(name: str = "Liste.pdf", data: bytes = PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "annex-title": "Liste",
        "annex-file": SimpleUploadedFile(name, data, content_type="application/pdf"),
    }


def test_the_council_office_attaches_a_file_to_an_answer_on_the_editor(client, draft_world):
    question = draft_world.questions["2"]
    client.force_login(draft_world.office)
    response = client.post(reverse("responses:annex_add", args=[question.pk]), _upload(), follow=True)
    assert "Annex attached." in response.content.decode()
    annex = Annex.objects.get()
    assert annex.answer.question == question and annex.title == "Liste"
    assert reverse("responses:annex_download", args=[annex.pk]) in response.content.decode()


def test_a_file_that_is_not_what_it_says_is_refused_on_the_page(client, draft_world):
    client.force_login(draft_world.office)
    response = client.post(
        reverse("responses:annex_add", args=[draft_world.questions["2"].pk]),
        _upload("x.pdf", b"MZ"),
        follow=True,
    )
    assert "not what its name says" in response.content.decode()
    assert not Annex.objects.exists()


def test_attaching_refuses_get_anonymous_and_other_departments(client, draft_world, settings):
    url = reverse("responses:annex_add", args=[draft_world.questions["2"].pk])
    client.force_login(draft_world.office)
    assert client.get(url).status_code == 405
    client.logout()
    assert client.post(url, _upload()).status_code == 302
    other = user_with_role(roles.DEPARTMENT_STAFF, username="stranger")
    client.force_login(other)
    assert client.post(url, _upload()).status_code in (403, 404)
    assert not Annex.objects.exists()


def test_the_council_office_attaches_a_file_to_the_reply(client, draft_world):
    reply = services.get_or_create_reply(draft_world.inquiry, by=draft_world.office)
    client.force_login(draft_world.office)
    response = client.post(reverse("responses:reply_annex_add", args=[reply.pk]), _upload(), follow=True)
    assert "Annex attached." in response.content.decode()
    assert Annex.objects.get().reply == reply
    client.force_login(draft_world.mayor)
    assert client.post(reverse("responses:reply_annex_add", args=[reply.pk]), _upload()).status_code == 403
    client.force_login(draft_world.member)
    assert client.post(reverse("responses:reply_annex_add", args=[reply.pk]), _upload()).status_code == 404
    assert Annex.objects.count() == 1


def test_removing_an_annex_on_the_page(client, draft_world):
    annex = services.add_annex(
        answer=draft_world.answers["2"], data=PDF, file_name="a.pdf", title="", by=draft_world.office
    )
    url = reverse("responses:annex_delete", args=[annex.pk])
    client.force_login(draft_world.member)
    assert client.post(url).status_code == 404
    client.force_login(draft_world.office)
    assert client.get(url).status_code == 405
    assert "Annex removed." in client.post(url, follow=True).content.decode()
    assert not Annex.objects.exists()
