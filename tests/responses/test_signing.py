import hashlib
import io
import stat
from datetime import UTC, datetime, timedelta

import pypdf
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.exceptions import ImproperlyConfigured

from responses.document import ReplyQuestion, example_document
from responses.pdf import render_reply_pdf
from responses.signing import credentials as signing_credentials
from responses.signing.certificates import pinned_from_der
from responses.signing.credentials import DEMO_BUNDLE_NAME, DEMO_SIGNER_CN, load_credentials
from responses.signing.pdfa import pdfa_problems, read_xmp_properties
from responses.signing.signature import SigningError, sign_pdf
from responses.signing.verdict import Verdict, validate_signed_pdf


@pytest.fixture(autouse=True)
def demo_dir(settings, tmp_path):
    """Demo certificates go to this test's folder, never to var/; the in-process cache must not
    carry credentials from one test into the next."""
    settings.SIGNING_DEMO_DIR = tmp_path / "signing"
    settings.REPLY_SIGNING_PKCS12 = ""
    settings.REPLY_SIGNING_PASSPHRASE = ""
    signing_credentials._credentials_cache.clear()
    yield settings.SIGNING_DEMO_DIR
    signing_credentials._credentials_cache.clear()


@pytest.fixture(scope="module")
def document():
    return example_document(demo_certificate=True)


@pytest.fixture(scope="module")
def unsigned_pdf(document):
    return render_reply_pdf(document)


@pytest.fixture
def credentials():
    return load_credentials()


@pytest.fixture
def signed_pdf(unsigned_pdf, credentials):
    return _sign(unsigned_pdf, credentials)


def _sign(data: bytes, credentials) -> bytes:
    return sign_pdf(
        data,
        credentials=credentials,
        signer_name="Christoph Becker, Bürgermeister",
        reason="Beantwortung der Großen Anfrage AN/2026/0017",
        location="Bornheim",
    )


def test_signed_demo_pdf_is_intact_covers_the_whole_file_and_is_no_valid_signature(signed_pdf, document):
    report = validate_signed_pdf(signed_pdf)
    assert report.has_signature
    assert report.valid
    assert report.unchanged
    assert report.is_demo
    assert report.verdict == Verdict.DEMO and not report.ok and not report.trusted
    assert report.signer_name.startswith(DEMO_SIGNER_CN)
    assert abs(report.signed_at - datetime.now(UTC)) < timedelta(minutes=5)
    assert report.embedded_json == document.to_json_dict()
    assert report.sha256 == hashlib.sha256(signed_pdf).hexdigest()
    assert "demo certificate" in report.summary


def test_signing_is_an_incremental_update(unsigned_pdf, signed_pdf):
    assert signed_pdf.startswith(unsigned_pdf)


def test_one_flipped_byte_in_the_middle_breaks_the_signature(signed_pdf):
    damaged = bytearray(signed_pdf)
    damaged[len(damaged) // 2] ^= 0x01
    report = validate_signed_pdf(bytes(damaged))
    assert not report.valid
    assert not report.ok
    assert report.sha256 != hashlib.sha256(signed_pdf).hexdigest()


def test_changes_appended_after_signing_are_reported(signed_pdf):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    assert len(out.getvalue()) > len(signed_pdf)
    report = validate_signed_pdf(out.getvalue())
    assert report.valid
    assert not report.unchanged
    assert not report.ok


def test_pdf_a_identification_survives_signing(unsigned_pdf, signed_pdf):
    for data in (unsigned_pdf, signed_pdf):
        properties = read_xmp_properties(data)
        assert properties["pdfaid:part"] == "3"
        assert properties["pdfaid:conformance"] == "A"
        assert pdfa_problems(data) == []


def test_signing_keeps_the_file_at_pdf_1_7_even_with_an_ecdsa_key(signed_pdf, credentials):
    assert credentials.certificate.public_key.algorithm == "ec"
    assert signed_pdf.startswith(b"%PDF-1.7")
    assert "/Version" not in pypdf.PdfReader(io.BytesIO(signed_pdf)).trailer["/Root"]


def test_pdfa_check_notices_files_that_are_not_pdf_a():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    assert any("PDF/A-3a" in problem for problem in pdfa_problems(out.getvalue()))
    assert any("PDF/A-3b" in problem for problem in pdfa_problems(out.getvalue(), conformance="B"))
    assert "no structure tree" in pdfa_problems(out.getvalue())
    assert pdfa_problems(b"garbage")


def test_any_pdf_can_be_signed_with_the_stamp_at_the_bottom_of_the_last_page(credentials):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    signed = _sign(out.getvalue(), credentials)
    report = validate_signed_pdf(signed)
    assert report.valid and report.unchanged
    last_page = pypdf.PdfReader(io.BytesIO(signed)).pages[-1]
    (widget,) = [annot.get_object() for annot in last_page["/Annots"]]
    assert float(widget["/Rect"][1]) < 200  # bottom of the page


def test_info_dictionary_and_xmp_agree_on_the_producer_after_signing(signed_pdf):
    info = pypdf.PdfReader(io.BytesIO(signed_pdf)).metadata
    assert info["/Producer"] == read_xmp_properties(signed_pdf)["pdf:Producer"]


def test_signed_pdf_still_carries_the_json_attachment(signed_pdf, document):
    reader = pypdf.PdfReader(io.BytesIO(signed_pdf))
    assert reader.attachments["reply.json"]


def test_signer_certificate_has_digital_signature_and_non_repudiation(credentials):
    usage = x509.load_der_x509_certificate(credentials.certificate.dump()).extensions.get_extension_for_class(
        x509.KeyUsage
    )
    assert usage.critical
    assert usage.value.digital_signature
    assert usage.value.content_commitment  # nonRepudiation
    assert not usage.value.key_cert_sign


def test_visible_stamp_sits_in_the_signature_block_of_the_last_page(unsigned_pdf, signed_pdf):
    unsigned = pypdf.PdfReader(io.BytesIO(unsigned_pdf))
    anchor = unsigned.named_destinations["signature-stamp"]
    reader = pypdf.PdfReader(io.BytesIO(signed_pdf))
    last = len(reader.pages) - 1
    assert unsigned.get_destination_page_number(anchor) == last
    widgets = [
        annot.get_object()
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if annot.get_object().get("/FT") == "/Sig"
    ]
    (widget,) = widgets
    assert widget["/P"].get_object() == reader.pages[last].get_object()
    left, bottom, right, top = (float(value) for value in widget["/Rect"])
    assert (left, top) == pytest.approx((float(anchor.left), float(anchor.top)))
    assert right - left > 200 and top - bottom > 50
    assert int(widget["/F"]) & 4  # printed, as PDF/A requires


def _appearance_fonts(widget):
    resources = widget["/AP"]["/N"].get_object().get("/Resources", {})
    pending = [resources]
    while pending:
        resources = pending.pop()
        for font in resources.get("/Font", {}).values():
            yield font.get_object()
        for xobject in resources.get("/XObject", {}).values():
            pending.append(xobject.get_object().get("/Resources", {}))


def test_stamp_font_is_embedded(signed_pdf):
    reader = pypdf.PdfReader(io.BytesIO(signed_pdf))
    widget = next(annot.get_object() for annot in reader.pages[-1]["/Annots"])
    fonts = list(_appearance_fonts(widget))
    assert fonts
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor
        assert "NotoSans" in str(font["/BaseFont"])


def test_all_fonts_of_the_signed_pdf_are_embedded(signed_pdf):
    reader = pypdf.PdfReader(io.BytesIO(signed_pdf))
    fonts = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:
            continue
        if isinstance(obj, pypdf.generic.DictionaryObject) and obj.get("/Type") == "/Font":
            fonts.append(obj)
    assert len(fonts) >= 3  # regular and bold in the letter, the stamp's font
    for font in fonts:
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = described["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def test_demo_certificate_is_created_once_and_reused(demo_dir):
    first = load_credentials()
    bundle = demo_dir / DEMO_BUNDLE_NAME
    content = bundle.read_bytes()
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o600
    assert (demo_dir / "demo-root-ca.pem").exists()

    signing_credentials._credentials_cache.clear()  # as in a new process
    second = load_credentials()
    assert second.certificate.dump() == first.certificate.dump()
    assert bundle.read_bytes() == content
    assert first.is_demo


def test_a_second_process_creating_the_demo_certificate_does_not_replace_the_first(demo_dir):
    signing_credentials._create_demo_bundle(demo_dir)
    content = (demo_dir / DEMO_BUNDLE_NAME).read_bytes()
    signing_credentials._create_demo_bundle(demo_dir)  # lost the race: its certificate is discarded
    assert (demo_dir / DEMO_BUNDLE_NAME).read_bytes() == content
    assert [path.name for path in demo_dir.iterdir() if path.name.startswith(".")] == []


def test_credentials_are_cached_in_process():
    assert load_credentials() is load_credentials()


def test_a_signature_by_a_certificate_that_is_not_pinned_is_someone_elses(signed_pdf, tmp_path):
    _key, other, _root = _make_chain()
    pinned = [pinned_from_der(other.public_bytes(serialization.Encoding.DER), is_current=True)]
    report = validate_signed_pdf(signed_pdf, pinned=pinned)
    assert report.valid and report.unchanged
    assert report.verdict == Verdict.SOMEONE_ELSE
    assert not report.trusted
    assert not report.ok


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello",
        b"%PDF-1.7\n" + b"\x00" * 100,
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        None,
    ],
)
def test_garbage_never_raises(data):
    report = validate_signed_pdf(data)
    assert not report.has_signature
    assert not report.ok
    assert report.summary


def test_truncated_signed_pdf_never_raises(signed_pdf):
    report = validate_signed_pdf(signed_pdf[: len(signed_pdf) // 2])
    assert not report.ok
    assert report.summary


def test_unsigned_pdf_reports_no_signature_but_still_reads_the_data(unsigned_pdf, document):
    report = validate_signed_pdf(unsigned_pdf)
    assert not report.has_signature
    assert report.embedded_json == document.to_json_dict()


def test_signing_something_that_is_not_a_pdf_fails_clearly(credentials):
    with pytest.raises(SigningError):
        sign_pdf(b"no pdf", credentials=credentials, signer_name="X", reason="Y", location="Z")


# --- PKCS#12 -----------------------------------------------------------------------------------


def _make_chain(common_name="Christoph Becker"):
    now = datetime.now(UTC) - timedelta(minutes=5)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test-CA Stadt Bornheim")])
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .sign(root_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
        .issuer_name(root_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .sign(root_key, hashes.SHA256())
    )
    return key, cert, root


@pytest.fixture
def pkcs12_file(settings, tmp_path):
    key, cert, root = _make_chain()
    path = tmp_path / "signatur.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signatur", key, cert, [root], serialization.BestAvailableEncryption(b"geheim")
        )
    )
    settings.REPLY_SIGNING_PKCS12 = str(path)
    settings.REPLY_SIGNING_PASSPHRASE = "geheim"
    return path, cert, root


def test_pkcs12_credentials_sign_and_validate_as_trusted_and_not_demo(pkcs12_file, unsigned_pdf, demo_dir):
    _path, cert, root = pkcs12_file
    credentials = load_credentials()
    assert not credentials.is_demo
    assert credentials.root_certificate.dump() == root.public_bytes(serialization.Encoding.DER)

    signed = _sign(unsigned_pdf, credentials)
    report = validate_signed_pdf(signed)
    assert report.ok and report.verdict == Verdict.VALID
    assert not report.is_demo
    assert report.signer_name == "Christoph Becker"
    assert "Demo" not in report.summary
    assert pdfa_problems(signed) == []
    assert not demo_dir.exists()  # no demo certificate was made on the side


def test_demo_signature_is_not_trusted_once_a_real_certificate_is_configured(signed_pdf, pkcs12_file):
    report = validate_signed_pdf(signed_pdf)
    assert report.valid
    assert not report.trusted
    assert report.verdict == Verdict.SOMEONE_ELSE


def test_wrong_pkcs12_passphrase_fails_loudly(pkcs12_file, settings):
    settings.REPLY_SIGNING_PASSPHRASE = "falsch"
    with pytest.raises(ImproperlyConfigured):
        load_credentials()


def test_missing_pkcs12_file_fails_loudly_instead_of_signing_with_the_demo(settings, tmp_path):
    settings.REPLY_SIGNING_PKCS12 = str(tmp_path / "missing.p12")
    with pytest.raises(ImproperlyConfigured):
        load_credentials()


def test_draft_with_one_question_signs_too(credentials):
    data = render_reply_pdf(example_document(is_draft=True, questions=[ReplyQuestion("1", "F?", "A.")]))
    report = validate_signed_pdf(_sign(data, credentials))
    assert report.valid and report.unchanged and report.verdict == Verdict.DEMO
