"""The reply letter carries what German administrations put on every letter (DIN 5008 form B):
the contact block, a footer with address, website and bank details, the letterhead once, the
logo with its alternative text, the chair addressed by name, and the same question labels as
the website. Set per municipality in the admin (`LetterSettings`), with a preview."""

import io
import re

import pypdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inquiries.models import Question
from responses import services
from responses.document import ReplyQuestion, example_document
from responses.models import FormOfAddress, LetterSettings
from responses.pdf import render_reply_pdf
from tests.factories import UserFactory
from tooling.demo import _demo_logo_png

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def letter_settings(reply_world):
    municipality = reply_world.inquiry.committee.municipality
    municipality.website = "https://www.bornheim.example/"
    municipality.email = "rat@bornheim.example"
    municipality.save()
    settings = LetterSettings.objects.create(
        municipality=municipality,
        logo_alt="Wappen der Stadt Bornheim",
        contact_name="Sabine Krause",
        contact_room="112",
        contact_phone="02222 945-201",
        office_hours="Mo–Fr 8:30–12:00 Uhr",
        bank_name="Sparkasse KölnBonn",
        iban="DE12 3705 0198 0001 2345 67",
        bic="COLSDE33XXX",
    )
    settings.logo.save("wappen.png", ContentFile(_demo_logo_png()), save=True)
    return settings


# --- Salutation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "title", "expected"),
    [
        ("Frau", "", "Sehr geehrte Frau Görgen,"),
        ("Frau", "Dr.", "Sehr geehrte Frau Dr. Görgen,"),
        ("Herr", "", "Sehr geehrter Herr Görgen,"),
        ("", "Dr.", "Sehr geehrte Damen und Herren,"),
    ],
)
def test_salutation_addresses_the_person_by_name_when_the_form_is_known(form, title, expected):
    user = UserFactory(first_name="Dilara", last_name="Görgen")
    FormOfAddress.objects.create(user=user, form=form, title=title)
    user.refresh_from_db()
    assert services.salutation_for(user) == expected


def test_salutation_falls_back_to_the_general_form():
    assert services.salutation_for(None) == "Sehr geehrte Damen und Herren,"
    assert services.salutation_for(UserFactory(last_name="Görgen")) == "Sehr geehrte Damen und Herren,"
    nameless = UserFactory(last_name="")
    FormOfAddress.objects.create(user=nameless, form="Frau")
    assert services.salutation_for(nameless) == "Sehr geehrte Damen und Herren,"


def test_reply_to_a_committee_addresses_its_chair_by_name(reply_world):
    FormOfAddress.objects.create(user=reply_world.chair, form="Frau")
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    doc = services.reply_document(reply, draft=True)
    assert doc.salutation == "Sehr geehrte Frau Görgen,"
    assert "Frau Dilara Görgen (Vorsitz)" in doc.addressee_lines


# --- Contact block, footer, logo --------------------------------------------------------------


def test_document_carries_contact_block_footer_and_logo_of_the_letter_settings(reply_world, letter_settings):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    doc = services.reply_document(reply, draft=True)
    assert doc.contact_lines == [
        "Ansprechpartner/in: Sabine Krause",
        "Zimmer: 112",
        "Telefon: 02222 945-201",
        "E-Mail: rat@bornheim.example",  # the council office's, as no other is set
        "Sprechzeiten: Mo–Fr 8:30–12:00 Uhr",
    ]
    assert doc.footer_lines[1:] == [
        "www.bornheim.example",
        "Sparkasse KölnBonn · IBAN DE12 3705 0198 0001 2345 67 · BIC COLSDE33XXX",
    ]
    assert doc.footer_lines[0].startswith(doc.municipality_name + " · ")
    assert doc.logo_data_uri.startswith("data:image/png;base64,")
    assert doc.logo_alt == "Wappen der Stadt Bornheim"
    assert doc.to_json_dict()["municipality"]["contact"] == doc.contact_lines


def test_without_letter_settings_the_footer_has_no_bank_line(reply_world):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    doc = services.reply_document(reply, draft=True)
    assert not any("IBAN" in line for line in doc.footer_lines)
    assert doc.logo_data_uri == ""


def test_a_logo_that_is_not_png_or_jpeg_is_left_out(reply_world, letter_settings):
    letter_settings.logo.save(
        "wappen.png", ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), save=True
    )
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    assert services.reply_document(reply, draft=True).logo_data_uri == ""


@pytest.fixture(scope="module")
def example_pdf():
    return render_reply_pdf(
        example_document(
            logo_data_uri="data:image/png;base64,"
            + __import__("base64").b64encode(_demo_logo_png()).decode(),
            logo_alt="Wappen der Stadt Bornheim",
        )
    )


def test_pdf_prints_contact_block_and_footer_and_the_letterhead_once(example_pdf):
    text = _text(example_pdf)
    document = example_document()
    for line in document.contact_lines + document.footer_lines:
        assert line in text, line
    # the letterhead's text once: the information block names the office, not the letterhead again
    assert text.count("Der Bürgermeister") == 1


def test_pdf_logo_is_a_figure_with_its_alternative_text(example_pdf):
    reader = pypdf.PdfReader(io.BytesIO(example_pdf))
    figures = []
    pending = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while pending:
        node = pending.pop().get_object()
        if node.get("/S") == "/Figure":
            figures.append(node)
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids]
        pending += [kid for kid in kids if isinstance(kid.get_object(), pypdf.generic.DictionaryObject)]
    assert [figure.get("/Alt") for figure in figures] == ["Wappen der Stadt Bornheim"]


# --- Question labels ----------------------------------------------------------------------------


def test_sub_question_labels_are_the_same_in_the_letter_and_on_the_website(reply_world):
    sub = Question.objects.filter(inquiry=reply_world.inquiry, parent__isnull=False).first()
    assert sub.label == f"{sub.number})"
    assert sub.parent.label == f"{sub.parent.number}."
    document = example_document(
        questions=[ReplyQuestion("1", "Frage?", "", [ReplyQuestion("a", "Unterfrage?", "Ja.")])]
    )
    assert [question.label_at(depth) for depth, question in document.iter_questions()] == ["1.", "a)"]
    text = _text(render_reply_pdf(document))
    assert re.search(r"\ba\)", text) and not re.search(r"\ba\.", text)
    assert Question.printed_label_of("b.", is_sub_question=True) == "b."  # the inquiry's own punctuation


def test_inquiry_page_labels_sub_questions_as_the_letter_does(client, reply_world):
    client.force_login(reply_world.office)
    page = client.get(reply_world.inquiry.get_absolute_url()).content.decode()
    sub = Question.objects.filter(inquiry=reply_world.inquiry, parent__isnull=False).first()
    assert f'<span class="question-number">{sub.number})</span>' in page


# --- Admin ----------------------------------------------------------------------------------------


def test_admin_change_page_previews_the_letter_with_the_settings(admin_client, letter_settings):
    page = admin_client.get(reverse("admin:responses_lettersettings_change", args=[letter_settings.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Ansprechpartner/in: Sabine Krause" in content
    assert 'alt="Wappen der Stadt Bornheim"' in content
    assert reverse("admin:responses_lettersettings_preview_pdf", args=[letter_settings.pk]) in content


def test_admin_pdf_preview_is_the_sample_letter_with_the_settings(admin_client, letter_settings):
    response = admin_client.get(
        reverse("admin:responses_lettersettings_preview_pdf", args=[letter_settings.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Sprechzeiten: Mo–Fr 8:30–12:00 Uhr" in text and "ENTWURF" in text


def test_admin_pdf_preview_is_refused_to_users_outside_the_admin(client, reply_world, letter_settings):
    client.force_login(reply_world.office)
    response = client.get(reverse("admin:responses_lettersettings_preview_pdf", args=[letter_settings.pk]))
    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "application/pdf"


def test_admin_refuses_a_logo_that_is_not_an_image_and_a_logo_without_alternative_text(
    admin_client, reply_world
):
    url = reverse("admin:responses_lettersettings_add")
    municipality = reply_world.inquiry.committee.municipality
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.7 not an image", content_type="image/png")
    response = admin_client.post(url, {"municipality": municipality.pk, "logo": fake, "logo_alt": "Wappen"})
    assert "The logo must be a PNG or JPEG image." in response.content.decode()
    real = SimpleUploadedFile("logo.png", _demo_logo_png(), content_type="image/png")
    response = admin_client.post(url, {"municipality": municipality.pk, "logo": real, "logo_alt": ""})
    assert "Describe the logo for readers who cannot see it." in response.content.decode()
    assert not LetterSettings.objects.exists()


def test_every_stored_capacity_prints_as_the_letter_words_it():
    """The printed words are defined once (`responses.document.CAPACITIES`), by stored value."""
    from responses.models import Reply
    from responses.services.letter import CAPACITY_LABELS

    assert CAPACITY_LABELS == {
        Reply.Capacity.OWN: "",
        Reply.Capacity.IN_VERTRETUNG: "In Vertretung",
        Reply.Capacity.IM_AUFTRAG: "Im Auftrag",
    }
