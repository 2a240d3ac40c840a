"""Letters as they arrive at a town hall besides text, Word and text PDF: OpenDocument (.odt),
RTF, e-mails (.eml; Outlook .msg) with the letter in the body or attached, and scans read by
text recognition. Each file is built here; the format is recognised by its content."""

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path
from unittest import mock

import pytest
from PIL import Image, ImageDraw, ImageFont

from inquiries.letters import LetterError, extract_text, ocr_available, parse_letter
from inquiries.letters import extract as extract_module
from inquiries.letters import mail as mail_module
from inquiries.letters import ocr as ocr_module

LETTER = [
    "Stadträtin Sabine Zürn (Die Linke)",
    "Anfrage: Radwege am Bahnhof",
    "Sehr geehrter Herr Oberbürgermeister,",
    "wir bitten um Beantwortung folgender Fragen:",
]
QUESTIONS = ["Wann wird der Radweg saniert?", "Welche Kosten entstehen?"]
FONT = Path(__file__).resolve().parents[2] / "static" / "fonts" / "NotoSans-Regular.ttf"


def _odt(paragraphs: list[str], items: list[str]) -> bytes:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
    )
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    listed = "".join(f"<text:list-item><text:p>{item}</text:p></text:list-item>" for item in items)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:automatic-styles>'
        '<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-format="1" '
        'style:num-suffix="."/></text:list-style></office:automatic-styles><office:body><office:text>'
        f'{body}<text:list text:style-name="L1">{listed}</text:list>'
        "<text:p>Mit freundlichen<text:s/>Grüßen</text:p></office:text></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return out.getvalue()


def _docx() -> bytes:
    import docx

    document = docx.Document()
    for paragraph in LETTER:
        document.add_paragraph(paragraph)
    for number, question in enumerate(QUESTIONS, 1):
        document.add_paragraph(f"{number}. {question}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _scan_png() -> bytes:
    font = ImageFont.truetype(str(FONT), 40)
    lines = [*LETTER, *(f"{n}. {q}" for n, q in enumerate(QUESTIONS, 1))]
    image = Image.new("L", (1900, 120 + 80 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((80, 60 + 80 * row), line, font=font, fill=0)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _scan_pdf() -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(_scan_png())).convert("RGB").save(out, "PDF", resolution=200)
    return out.getvalue()


def _assert_letter(text: str) -> None:
    letter = parse_letter(text)
    assert [q.text for q in letter.questions] == QUESTIONS
    assert letter.title == "Radwege am Bahnhof"


def test_odt_paragraphs_and_numbered_list_are_read_with_their_labels():
    text = extract_text(_odt(LETTER, QUESTIONS), "Anfrage.odt")
    assert "1. Wann wird der Radweg saniert?" in text
    assert "Mit freundlichen Grüßen" in text
    _assert_letter(text)


def test_rtf_is_read():
    body = "\\par ".join(
        [
            *(p.replace("ä", "\\'e4").replace("ü", "\\'fc").replace("ß", "\\'df") for p in LETTER),
            "",
            "1. " + QUESTIONS[0],
            "2. " + QUESTIONS[1],
        ]
    )
    rtf = ("{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}}\\f0 " + body + "\\par }").encode("latin-1")
    _assert_letter(extract_text(rtf, "brief.rtf"))


def test_eml_body_is_read_with_the_mail_fields():
    message = EmailMessage()
    message["From"] = "Sabine Zürn <zuern@example.org>"
    message["To"] = "ratsbuero@example.org"
    message["Subject"] = "Anfrage: Radwege am Bahnhof"
    message["Date"] = "Mon, 02 Mar 2026 10:00:00 +0100"
    message.set_content("\n\n".join([*LETTER[2:], *(f"{n}. {q}" for n, q in enumerate(QUESTIONS, 1))]))
    text = extract_text(message.as_bytes(), "Anfrage.eml")
    assert text.startswith("Von: Sabine Zürn <zuern@example.org>")
    letter = parse_letter(text)
    assert [q.text for q in letter.questions] == QUESTIONS
    assert letter.sender_email == "zuern@example.org"


def test_eml_with_an_attached_letter_reads_the_attachment():
    message = EmailMessage()
    message["From"] = "fraktion@example.org"
    message["Subject"] = "Anfrage"
    message["MIME-Version"] = "1.0"
    message.set_content("Anbei unsere Anfrage.")
    message.add_attachment(
        _docx(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="Anfrage.docx",
    )
    _assert_letter(extract_text(message.as_bytes(), "mail.eml"))


def test_msg_reads_the_attached_letter_else_the_body():
    # No Outlook writer exists in Python; the .msg reader (extract-msg) is given a message
    # object, and the mapping from it to the letter is what is checked here.
    class Attachment:
        longFilename = "Anfrage.odt"
        data = _odt(LETTER, QUESTIONS)

    class Message:
        attachments = [Attachment()]
        body, htmlBody, sender, to, subject, date = (
            "Anbei.",
            None,
            "a@example.org",
            "b@example.org",
            "Anfrage",
            "",
        )

        def close(self):
            pass

    with mock.patch("extract_msg.openMsg", return_value=Message()):
        text, note = mail_module.msg_text(b"", extract_module.read_document)
    _assert_letter(text)
    Message.attachments = []
    Message.body = "\n\n".join([LETTER[2], *(f"{n}. {q}" for n, q in enumerate(QUESTIONS, 1))])
    with mock.patch("extract_msg.openMsg", return_value=Message()):
        text, note = mail_module.msg_text(b"", extract_module.read_document)
    assert text.startswith("Von: a@example.org")
    assert [q.text for q in parse_letter(text).questions] == QUESTIONS


def test_an_ole2_file_named_msg_that_is_damaged_gets_a_message():
    with pytest.raises(LetterError, match="msg"):
        extract_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(3000), "Anfrage.msg")


@pytest.mark.skipif(not ocr_available(), reason="tesseract-ocr with German is not installed")
def test_a_scanned_pdf_is_read_by_text_recognition_and_says_so():
    text = extract_text(_scan_pdf(), "Scan_0012.pdf")
    assert text.note == "ocr"
    letter = parse_letter(text)
    assert len(letter.questions) == 2
    assert "Radweg" in letter.questions[0].text
    assert "text recognition" in letter.uncertain()[0] or "Texterkennung" in letter.uncertain()[0]


@pytest.mark.skipif(not ocr_available(), reason="tesseract-ocr with German is not installed")
def test_a_scanned_image_is_read_by_text_recognition():
    text = extract_text(_scan_png(), "foto.png")
    assert text.note == "ocr"
    assert "Welche Kosten" in text


def test_without_text_recognition_a_scan_gets_a_clear_message():
    with mock.patch.object(ocr_module, "ocr_available", return_value=False):
        with pytest.raises(LetterError, match="scan"):
            extract_module._read_bounded(_scan_pdf(), "scan.pdf")
