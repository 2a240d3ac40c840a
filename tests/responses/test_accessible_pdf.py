"""The signed reply is an accessible PDF (BITV 2.0): PDF/A-3a, tagged, with headings, lists,
language, the title shown, a labelled signature field that is part of the structure, and a
structure tree that reads in the order the letter is seen.

The structure tree's text is read with poppler's `pdfinfo -struct-text` (Debian poppler-utils,
installed by `bin/ensure-pdf-tools`); without it those tests skip, except in CI."""

import io
import os
import re
import shutil
import subprocess

import pypdf
import pytest

from responses.document import ReplyQuestion, example_document
from responses.pdf import render_reply_pdf
from responses.signing import credentials as signing_credentials
from responses.signing.credentials import load_credentials
from responses.signing.pdfa import declared_pdfa_conformance, pdfa_problems
from responses.signing.signature import sign_pdf


@pytest.fixture(autouse=True)
def demo_dir(settings, tmp_path):
    settings.SIGNING_DEMO_DIR = tmp_path / "signing"
    settings.REPLY_SIGNING_PKCS12 = ""
    signing_credentials._credentials_cache.clear()
    yield
    signing_credentials._credentials_cache.clear()


@pytest.fixture
def pdfinfo():
    if shutil.which("pdfinfo") is None:
        message = "pdfinfo missing: run bin/ensure-pdf-tools (poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def document():
    return example_document(demo_certificate=True)


@pytest.fixture(scope="module")
def unsigned_pdf(document):
    return render_reply_pdf(document)


@pytest.fixture
def signed_pdf(unsigned_pdf):
    return _sign(unsigned_pdf)


def _sign(data: bytes) -> bytes:
    return sign_pdf(
        data,
        credentials=load_credentials(),
        signer_name="Christoph Becker, Bürgermeister",
        reason="Beantwortung",
        location="Bornheim",
    )


def _catalog(data: bytes):
    return pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]


def _normalise(text: str) -> str:
    return re.sub(r"(\w)- (?=\w)", r"\1-", " ".join(text.split()))


def _pdfinfo(data: bytes, tmp_path, *options: str) -> str:
    path = tmp_path / "reply.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdfinfo", *options, str(path)], capture_output=True, text=True, timeout=60, check=True
    ).stdout


def _structure_text(data: bytes, tmp_path) -> str:
    """The text of the structure tree's marked content, in the tree's order."""
    output = _pdfinfo(data, tmp_path, "-struct-text")
    return _normalise(" ".join(re.findall(r'^\s*"(.*)"$', output, re.MULTILINE)))


def _visual_order(document) -> list[str]:
    """What a sighted reader reads, top to bottom: addresses, subject, salutation, each question
    followed by its answer (sub-questions after their parent's answer), closing, signatory."""
    pieces = [*document.municipality_address_lines, *document.addressee_lines]
    pieces += [document.subject_line, document.salutation]
    for depth, question in document.iter_questions():
        pieces.append(question.label_at(depth))
        pieces.append(question.text)
        pieces += [
            re.sub(r"^\s*-\s+", "", line) for line in question.answer_text.splitlines() if line.strip()
        ]
    pieces += [document.closing, document.signatory_name, document.signatory_role]
    return [_normalise(piece) for piece in pieces]


def _assert_in_order(text: str, pieces: list[str]) -> None:
    position = 0
    for piece in pieces:
        found = text.find(piece, position)
        assert found >= 0, (
            f"{piece!r} missing or out of order after …{text[max(0, position - 80) : position]!r}"
        )
        position = found + len(piece)


def test_signed_reply_is_tagged_with_language_title_and_declared_pdf_a_3a(signed_pdf, pdfinfo, tmp_path):
    assert re.search(r"^Tagged:\s+yes$", _pdfinfo(signed_pdf, tmp_path), re.MULTILINE)
    catalog = _catalog(signed_pdf)
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "de"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert declared_pdfa_conformance(signed_pdf) == "A"
    assert pdfa_problems(signed_pdf) == []


def test_structure_has_headings_per_question_lists_and_the_table_header(unsigned_pdf, pdfinfo, tmp_path):
    structure = _pdfinfo(unsigned_pdf, tmp_path, "-struct")
    roles = re.findall(r"^\s*(\w+)", structure, re.MULTILINE)
    assert roles.count("H1") == 1  # the subject
    assert roles.count("H2") == 9  # questions 1 to 9
    assert roles.count("H3") == 2  # 1 a and 1 b
    assert "L" in roles and "LI" in roles and "LBody" in roles
    assert "TH" in roles


def test_structure_tree_reads_in_the_visual_order(signed_pdf, document, pdfinfo, tmp_path):
    text = _structure_text(signed_pdf, tmp_path)
    _assert_in_order(text, _visual_order(document))
    # what repeats on every page is an artifact, not content
    assert "Seite 1 von" not in text
    assert "Aktenzeichen AN/2026/0017 ·" not in text


def test_reading_order_check_notices_an_answer_read_before_its_question(
    signed_pdf, document, pdfinfo, tmp_path
):
    swapped = _visual_order(document)
    first_answer = swapped.index(_normalise(document.questions[0].answer_text.splitlines()[0]))
    swapped[first_answer - 1], swapped[first_answer] = swapped[first_answer], swapped[first_answer - 1]
    with pytest.raises(AssertionError):
        _assert_in_order(_structure_text(signed_pdf, tmp_path), swapped)


def test_signature_field_is_labelled_and_part_of_the_structure(signed_pdf):
    reader = pypdf.PdfReader(io.BytesIO(signed_pdf))
    (field,) = [f.get_object() for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"]]
    assert field["/TU"] == "Elektronische Signatur von Christoph Becker, Bürgermeister"
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    document = tree["/K"][0].get_object()
    form = document["/K"][-1].get_object()
    assert form["/S"] == "/Form"
    assert form["/Alt"] == field["/TU"]
    assert form["/K"]["/Obj"].get_object() == field
    numbers = tree["/ParentTree"]["/Nums"]
    parents = dict(zip(numbers[::2], numbers[1::2], strict=True))
    assert parents[field["/StructParent"]].get_object() == form
    assert int(tree["/ParentTreeNextKey"]) == field["/StructParent"] + 1
    assert field["/P"].get_object()["/Tabs"] == "/S"


def test_signing_an_untagged_pdf_a_3b_keeps_level_b_and_adds_no_structure():
    from weasyprint import HTML

    data = HTML(string="<html lang='de'><title>T</title><p>Brief</p></html>").write_pdf(
        pdf_variant="pdf/a-3b"
    )
    signed = _sign(data)
    assert declared_pdfa_conformance(signed) == "B"
    assert pdfa_problems(signed, conformance="B") == []
    assert "/StructTreeRoot" not in _catalog(signed)


def test_a_letter_with_one_question_still_reads_in_order(pdfinfo, tmp_path):
    document = example_document(questions=[ReplyQuestion("1", "Frage?", "Antwort.")])
    _assert_in_order(_structure_text(_sign(render_reply_pdf(document)), tmp_path), _visual_order(document))
