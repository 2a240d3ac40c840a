"""Hostile uploads to the letter import: a few kilobytes of PDF whose form XObjects draw each
other twice per level, a .docx and an .odt whose XML unpacks to 190 MB, tens of thousands of
question lines. Each gets one clear message ("too complex", "too many questions"), never an
error page or a killed worker, and nothing is saved. The bombs are generated here."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from inquiries.bounded import Limits
from inquiries.letters import MAX_QUESTIONS, LetterError, extract_text
from inquiries.letters import extract as extract_module
from inquiries.models import Inquiry, Question

TOO_COMPLEX = "Die Datei ist zu komplex, um sie zu lesen"


@pytest.fixture
def quick_limits(monkeypatch):
    """The production limits, with less CPU time so that the runaway cases end sooner."""
    limits = extract_module.EXTRACTION_LIMITS
    monkeypatch.setattr(
        extract_module,
        "EXTRACTION_LIMITS",
        Limits(cpu_seconds=2, memory_bytes=limits.memory_bytes, wall_seconds=30),
    )


def nested_xobject_pdf(depth: int = 22) -> bytes:
    """A page that draws form XObject 1, which draws 2 twice, which draws 3 twice … : 2^depth
    drawing operations from a file of about 3 KB."""
    first = 5
    objects: list[bytes] = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 9 9]/Resources<</XObject<</X %d 0 R>>>>/Contents 4 0 R>>"
        % first,
        b"<</Length 4>>stream\n/X Do\nendstream",
    ]
    for level in range(depth):
        if level + 1 < depth:
            objects.append(
                b"<</Subtype/Form/BBox[0 0 9 9]/Resources<</XObject<</X %d 0 R>>>>/Length 11>>stream\n/X Do /X Do\nendstream"
                % (first + level + 1)
            )
        else:
            objects.append(b"<</Subtype/Form/BBox[0 0 9 9]/Length 1>>stream\nn\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj%s endobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def huge_xml_zip(member: str, head: bytes, paragraph: bytes, tail: bytes, others: dict, size: int) -> bytes:
    """A ZIP whose `member` unpacks to `size` bytes of repeated paragraphs (written in chunks,
    compressed to well under a megabyte)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in others.items():
            archive.writestr(name, content)
        chunk = paragraph * (1024 * 1024 // len(paragraph))
        with archive.open(member, "w", force_zip64=True) as stream:
            stream.write(head)
            written = len(head)
            while written < size:
                stream.write(chunk)
                written += len(chunk)
            stream.write(tail)
    return out.getvalue()


def docx_bomb(size: int = 190 * 1024 * 1024) -> bytes:
    w = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    others = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
    }
    return huge_xml_zip(
        "word/document.xml",
        b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + w + b"><w:body>",
        b"<w:p><w:r><w:t>1. Frage?</w:t></w:r></w:p>",
        b"</w:body></w:document>",
        others,
        size,
    )


def odt_bomb(size: int = 190 * 1024 * 1024) -> bytes:
    text_ns = b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    return huge_xml_zip(
        "content.xml",
        b"<office:document-content " + text_ns + b"><office:body><office:text>",
        b"<text:p>1. Frage?</text:p>",
        b"</office:text></office:body></office:document-content>",
        {"mimetype": "application/vnd.oasis.opendocument.text"},
        size,
    )


def test_a_small_pdf_of_nested_form_xobjects_is_too_complex(quick_limits):
    pdf = nested_xobject_pdf()
    assert len(pdf) < 4000
    with translation.override("de"), pytest.raises(LetterError, match=TOO_COMPLEX):
        extract_text(pdf, "Anfrage.pdf")


def test_a_docx_whose_document_unpacks_to_190_mb_is_too_complex():
    bomb = docx_bomb()
    assert len(bomb) < 2 * 1024 * 1024
    with translation.override("de"), pytest.raises(LetterError, match=TOO_COMPLEX):
        extract_text(bomb, "Anfrage.docx")


def test_an_odt_whose_content_unpacks_to_190_mb_is_too_complex():
    with translation.override("de"), pytest.raises(LetterError, match=TOO_COMPLEX):
        extract_text(odt_bomb(), "Anfrage.odt")


def _media_files() -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_the_web_form_answers_a_bomb_with_the_message_and_saves_nothing(client, council_office, quick_limits):
    client.force_login(council_office)
    with translation.override("de"):
        response = client.post(
            reverse("inquiries:import"),
            {"file": SimpleUploadedFile("Anfrage.pdf", nested_xobject_pdf())},
            HTTP_ACCEPT_LANGUAGE="de",
        )
    assert response.status_code == 400
    assert TOO_COMPLEX in response.context["form"].non_field_errors()[0]
    assert Inquiry.objects.count() == 0 and Question.objects.count() == 0
    assert _media_files() == []


@pytest.mark.django_db
def test_pasting_29000_question_lines_is_refused_with_a_message_and_saves_nothing(client, council_office):
    client.force_login(council_office)
    lines = "\n".join(f"{n}. Was kostet Maßnahme {n}?" for n in range(1, 29_001))
    response = client.post(
        reverse("inquiries:import"), {"text": f"Sehr geehrte Damen und Herren,\n\n{lines}\n"}
    )
    assert response.status_code == 400
    assert str(MAX_QUESTIONS) in response.context["form"].non_field_errors()[0]
    assert Inquiry.objects.count() == 0 and Question.objects.count() == 0
