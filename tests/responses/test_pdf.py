import io
import json
import re

import pypdf
import pytest

from responses import pdf as pdf_module
from responses.document import ReplyQuestion, example_document
from responses.pdf import make_url_fetcher, render_reply_html, render_reply_pdf, static_root
from responses.signing.pdfa import pdfa_problems, read_xmp_properties

# Rendering takes a few hundred milliseconds; the PDFs that several tests only read are made once.


@pytest.fixture(scope="module")
def document():
    return example_document(demo_certificate=True)


@pytest.fixture(scope="module")
def reply_pdf(document):
    return render_reply_pdf(document)


@pytest.fixture(scope="module")
def draft_pdf():
    return render_reply_pdf(example_document(is_draft=True))


def _reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def _page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in _reader(data).pages]


def _normalise(text: str) -> str:
    """Whitespace collapsed, and a line broken after a hyphen ("Rhein-⏎Sieg-Kreis", which text
    extraction returns as "Rhein- Sieg-Kreis") joined again; applied to both sides of a check."""
    return re.sub(r"(\w)- (?=\w)", r"\1-", " ".join(text.split()))


def _body_text(data: bytes, document) -> str:
    """The text of all pages in order, without what repeats on every page, so that a paragraph
    that runs over a page break reads as one."""
    repeated = [
        re.compile(r"Seite \d+ von \d+"),
        re.compile(
            re.escape(f"{document.municipality_name} · Aktenzeichen {document.reference} · ") + r"\S+"
        ),
        re.compile("Mit einem Demo-Zertifikat signiert – keine gültige Signatur"),
    ]
    pages = []
    for text in _page_texts(data):
        for pattern in repeated:
            text = pattern.sub(" ", text)
        pages.append(text)
    return _normalise(" ".join(pages))


def _markup_pieces(markup: str) -> list[str]:
    """The visible text of an answer: each paragraph line and list item without its marker."""
    pieces = []
    for line in markup.splitlines():
        line = re.sub(r"^\s*(?:[-*•]|\d+\.)\s+", "", line).strip()
        if line:
            pieces.append(_normalise(line))
    return pieces


def test_every_question_and_answer_appears_with_umlauts_intact(reply_pdf, document):
    text = _body_text(reply_pdf, document)
    for _depth, question in document.iter_questions():
        assert _normalise(question.text) in text
        for piece in _markup_pieces(question.answer_text):
            assert piece in text
    for character in "äöüß„“–€":
        assert character in text
    assert document.subject_line in text
    assert "Sehr geehrte Frau Görgen," in text
    assert "Mit freundlichen Grüßen Christoph Becker Bürgermeister" in text


def test_letter_has_reference_line_and_addressee(reply_pdf):
    first_page = _normalise(_page_texts(reply_pdf)[0])
    assert "Ihr Schreiben vom Eingang Aktenzeichen Datum" in first_page
    assert "03.03.2026 05.03.2026 AN/2026/0017 20.04.2026" in first_page
    assert "Frau Vorsitzende Dilara Görgen" in first_page


def test_every_page_is_numbered_seite_x_von_y(reply_pdf):
    texts = _page_texts(reply_pdf)
    assert len(texts) > 1
    for number, text in enumerate(texts, start=1):
        assert f"Seite {number} von {len(texts)}" in text


def test_demo_note_is_on_every_page(reply_pdf):
    for text in _page_texts(reply_pdf):
        assert "Mit einem Demo-Zertifikat signiert – keine gültige Signatur" in text


def test_no_demo_note_and_no_draft_mark_on_a_final_letter_with_real_certificate():
    data = render_reply_pdf(example_document(questions=[ReplyQuestion("1", "Frage?", "Antwort.")]))
    text = " ".join(_page_texts(data))
    assert "Demo-Zertifikat" not in text
    assert "ENTWURF" not in text


def test_draft_shows_entwurf_on_every_page(draft_pdf):
    texts = _page_texts(draft_pdf)
    assert len(texts) > 1
    for text in texts:
        assert "ENTWURF" in text


def test_draft_marks_missing_answers():
    document = example_document(is_draft=True, questions=[ReplyQuestion("1", "Noch offen?", "")])
    assert "Antwort steht noch aus." in _normalise(" ".join(_page_texts(render_reply_pdf(document))))


def test_pdf_declares_pdf_a_3a(reply_pdf):
    properties = read_xmp_properties(reply_pdf)
    assert properties["pdfaid:part"] == "3"
    assert properties["pdfaid:conformance"] == "A"
    assert pdfa_problems(reply_pdf) == []


def test_embedded_json_round_trips_and_is_marked_as_data(reply_pdf, document):
    reader = _reader(reply_pdf)
    assert json.loads(reader.attachments["reply.json"][0]) == document.to_json_dict()
    (filespec,) = [ref.get_object() for ref in reader.trailer["/Root"]["/AF"]]
    assert filespec["/AFRelationship"] == "/Data"
    assert filespec["/EF"]["/F"].get_object()["/Subtype"] == "/application/json"


def test_json_twin_carries_schema_version_and_all_answers(document):
    data = document.to_json_dict()
    assert data["schema_version"] == 1
    assert json.loads(json.dumps(data)) == data
    assert data["questions"][0]["sub_questions"][1]["number"] == "b"
    assert data["inquiry"] == {
        "kind": "Große Anfrage",
        "subject": "Kommunales Integrationsmanagement",
        "date": "2026-03-03",
        "received_date": "2026-03-05",
    }


def _fonts(reader: pypdf.PdfReader):
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:
            continue
        if isinstance(obj, pypdf.generic.DictionaryObject) and obj.get("/Type") == "/Font":
            yield obj


def _assert_all_fonts_embedded(data: bytes) -> set[str]:
    names = set()
    fonts = list(_fonts(_reader(data)))
    assert fonts
    for font in fonts:
        names.add(str(font["/BaseFont"]))
        descendants = font.get("/DescendantFonts")
        described = descendants[0].get_object() if descendants else font
        descriptor = described["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]
    return names


def test_all_fonts_are_embedded_and_are_the_vendored_noto_sans(reply_pdf, draft_pdf):
    for data in (reply_pdf, draft_pdf):
        names = _assert_all_fonts_embedded(data)
        assert all(name.replace("-", "").split("+")[-1].startswith("NotoSans") for name in names), names


def test_html_in_answers_is_printed_literally_not_interpreted():
    document = example_document(
        questions=[ReplyQuestion("1", "Frage mit <i>HTML</i>?", "Antwort <b>x</b> & mehr")]
    )
    assert "&lt;b&gt;x&lt;/b&gt; &amp; mehr" in render_reply_html(document)
    text = _normalise(" ".join(_page_texts(render_reply_pdf(document))))
    assert "Antwort <b>x</b> & mehr" in text
    assert "Frage mit <i>HTML</i>?" in text


def test_resources_named_in_answers_are_never_fetched(monkeypatch):
    requested = []
    original = pdf_module.make_url_fetcher

    def recording_fetcher(root=None):
        fetcher = original(root)
        fetch = fetcher.fetch

        def record(url, headers=None):
            requested.append(url)
            return fetch(url, headers)

        fetcher.fetch = record
        return fetcher

    monkeypatch.setattr(pdf_module, "make_url_fetcher", recording_fetcher)
    answer = (
        '<img src="http://example.invalid/track.png">\n\n'
        '<img src="file:///etc/passwd">\n\n'
        '<link rel="stylesheet" href="https://example.invalid/x.css">\n\n'
        "<style>@import url(http://example.invalid/y.css);</style>"
    )
    document = example_document(questions=[ReplyQuestion("1", "Frage?", answer)])
    text = _normalise(" ".join(_page_texts(render_reply_pdf(document))))

    assert '<img src="file:///etc/passwd">' in text
    assert requested, "the stylesheet and fonts are fetched through the fetcher"
    static_uri = static_root().as_uri() + "/"
    assert all(url.startswith(static_uri) for url in requested), requested
    # …and the letter's fonts are the vendored ones, not whatever the machine has installed.
    assert static_uri + "fonts/NotoSans-Regular.ttf" in requested
    assert static_uri + "fonts/NotoSans-Bold.ttf" in requested


class TestStaticFilesURLFetcher:
    def test_serves_files_under_the_static_directory(self):
        response = make_url_fetcher().fetch((static_root() / "fonts" / "OFL.txt").as_uri())
        assert b"SIL OPEN FONT LICENSE" in response.read()

    def test_serves_data_urls(self):
        assert make_url_fetcher().fetch("data:text/plain,hallo").read() == b"hallo"

    @pytest.mark.parametrize(
        "url",
        [
            "http://example.invalid/x.png",
            "https://example.invalid/x.css",
            "ftp://example.invalid/x",
            "file:///etc/passwd",
            "file://example.invalid/etc/passwd",
            "//example.invalid/x",
        ],
    )
    def test_refuses_network_and_files_outside(self, url):
        with pytest.raises(ValueError):
            make_url_fetcher().fetch(url)

    def test_refuses_dot_dot_out_of_the_static_directory(self):
        url = static_root().as_uri() + "/fonts/../../manage.py"
        with pytest.raises(ValueError):
            make_url_fetcher().fetch(url)

    def test_refuses_symlinks_that_lead_outside(self, tmp_path):
        root = tmp_path / "static"
        root.mkdir()
        secret = tmp_path / "secret.txt"
        secret.write_text("geheim")
        (root / "link.txt").symlink_to(secret)
        with pytest.raises(ValueError):
            make_url_fetcher(root).fetch((root / "link.txt").as_uri())

    def test_refuses_directories_and_missing_files(self):
        with pytest.raises(ValueError):
            make_url_fetcher().fetch(static_root().as_uri() + "/fonts/")
        with pytest.raises(ValueError):
            make_url_fetcher().fetch(static_root().as_uri() + "/fonts/missing.ttf")


def test_subject_declines_the_kind():
    assert example_document().subject_line == (
        "Beantwortung der Großen Anfrage „Kommunales Integrationsmanagement“ vom 03.03.2026"
    )
    assert example_document(inquiry_kind_label="Kleine Anfrage").kind_genitive == "Kleinen Anfrage"
    assert example_document(inquiry_kind_label="Anfrage zur Sitzung").kind_genitive == "Anfrage zur Sitzung"
    supplementary = example_document(supplementary_to="AN/2026/0017 vom 20.04.2026")
    assert supplementary.subject_line.startswith("Ergänzende Beantwortung der Großen Anfrage")


def test_capacity_must_be_a_known_one():
    with pytest.raises(ValueError):
        example_document(capacity="i. A. des Kämmerers")


def test_capacity_is_printed_above_the_signatory():
    document = example_document(
        capacity="In Vertretung",
        signatory_name="Anna Schulz",
        signatory_role="Erste Beigeordnete",
        questions=[ReplyQuestion("1", "Frage?", "Antwort.")],
    )
    text = _normalise(" ".join(_page_texts(render_reply_pdf(document))))
    assert "Mit freundlichen Grüßen In Vertretung Anna Schulz Erste Beigeordnete" in text
