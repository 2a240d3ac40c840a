"""/pruefen/ reads uploaded PDFs in a limited child process: a few kilobytes built to make a
PDF reader work forever get a clear message, never a stuck or killed web worker. The bombs are
generated here, from a small signed PDF, not kept as files."""

import io
import time

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import ArrayObject, DictionaryObject, NameObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from inquiries.bounded import Limits
from responses.services import verification
from responses.signing import credentials as signing_credentials
from responses.signing.signature import sign_pdf
from responses.signing.verdict import Verdict

pytestmark = pytest.mark.django_db

# a bomb is refused within these; a genuine reply is read in a fraction of a second
TEST_LIMITS = Limits(cpu_seconds=2, memory_bytes=256 * 1024 * 1024, wall_seconds=6, output_bytes=1024 * 1024)


@pytest.fixture
def signed_pdf(settings, tmp_path, monkeypatch):
    settings.SIGNING_DEMO_DIR = tmp_path / "signing"
    settings.REPLY_SIGNING_PKCS12 = ""
    signing_credentials._credentials_cache.clear()
    monkeypatch.setattr(verification, "VERIFY_LIMITS", TEST_LIMITS)
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    data = sign_pdf(
        out.getvalue(),
        credentials=signing_credentials.load_credentials(),
        signer_name="X",
        reason="Y",
        location="Z",
    )
    yield data
    signing_credentials._credentials_cache.clear()


def _xobject_bomb(signed: bytes, depth: int) -> bytes:
    """Form XObjects nested `depth` deep, each drawing the one below twice: 2**depth drawings for
    anything that walks the page's content (the upload that killed a worker in the letter
    import)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    below = None
    for _ in range(depth):
        resources = DictionaryObject()
        if below is not None:
            resources[NameObject("/XObject")] = DictionaryObject(
                {NameObject("/A"): below, NameObject("/B"): below}
            )
        below = writer.add_object(
            generic.StreamObject(
                {
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Form"),
                    NameObject("/BBox"): ArrayObject([generic.NumberObject(n) for n in (0, 0, 10, 10)]),
                    NameObject("/Resources"): resources,
                },
                stream_data=b"/A Do /B Do" if len(resources) else b"0 0 1 1 re f",
            )
        )
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Bomb"): below})}
    )
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _field_bomb(signed: bytes, depth: int) -> bytes:
    """A form field tree nested `depth` deep whose every level lists the level below twice:
    2**depth fields for a reader that enumerates the form's fields to find the signatures."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    below = None
    for level in range(depth):
        field = DictionaryObject({NameObject("/T"): generic.TextStringObject(f"f{level}")})
        if below is not None:
            field[NameObject("/Kids")] = ArrayObject([below, below])
        below = writer.add_object(field)
    form = writer.root["/AcroForm"]
    form["/Fields"].insert(0, below)
    writer.update_container(form)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _upload(client, data: bytes):
    started = time.monotonic()
    response = client.post(
        reverse("responses:verify"), {"file": SimpleUploadedFile("antwort.pdf", data, "application/pdf")}
    )
    return response, time.monotonic() - started


def test_a_nested_field_tree_gets_a_clear_message_not_a_stuck_worker(client, signed_pdf):
    bomb = _field_bomb(signed_pdf, depth=30)
    assert len(bomb) < 25_000  # a few kilobytes …

    response, seconds = _upload(client, bomb)

    assert response.status_code == 200
    assert response.context["report"].verdict == Verdict.TOO_COMPLEX
    assert "too complex to be checked" in response.content.decode()
    # … stopped at the limit (unbounded, 2**30 fields take hours); generous for a loaded machine
    assert seconds < 60


def test_a_nested_xobject_bomb_gets_a_verdict_within_the_limits(client, signed_pdf):
    bomb = _xobject_bomb(signed_pdf, depth=40)
    assert len(bomb) < 25_000

    response, seconds = _upload(client, bomb)

    assert response.status_code == 200
    report = response.context["report"]
    # whatever the reader makes of it, it answers: too complex, or a signature that does not
    # cover what was added after it
    assert report.verdict in (Verdict.TOO_COMPLEX, Verdict.CHANGED), report.verdict
    assert not report.ok
    assert seconds < 60


def test_a_genuine_signed_pdf_is_read_within_the_limits(client, signed_pdf):
    response, _seconds = _upload(client, signed_pdf)
    assert response.context["report"].verdict == Verdict.DEMO
