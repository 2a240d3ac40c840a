"""/pruefen/ answers the citizen's question "was this signed by this municipality?": trust is
pinned to the municipality's own signing certificates (the one in use and earlier ones, each
with its validity period), never to the certificate authority that issued them."""

import html
import io
from datetime import timedelta

import pytest
import time_machine
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from responses import services
from responses.models import SigningCertificate
from responses.pdf import render_reply_pdf
from responses.signing import credentials as signing_credentials
from responses.signing.certificates import pinned_from_der
from responses.signing.signature import sign_pdf
from responses.signing.verdict import Verdict
from tests.responses.pki import CertificateAuthority
from tests.responses.reply_helpers import make_reply_world, ready_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def pki(settings, tmp_path, demo_signing):
    """The municipality signs with a certificate from a CA that also issues to others."""
    ca = CertificateAuthority.create()
    town = ca.issue("Christoph Becker, Bürgermeister", "Stadt Bornheim")
    settings.REPLY_SIGNING_PKCS12 = str(ca.pkcs12(town, tmp_path / "stadt.p12"))
    settings.REPLY_SIGNING_PASSPHRASE = "geheim"
    settings.REPLY_TIMESTAMP_ROOTS = ""
    signing_credentials._credentials_cache.clear()
    return ca, town


def _credentials(ca, issued, path):
    return signing_credentials._load_pkcs12(ca.pkcs12(issued, path), "geheim")


def _signed_reply():
    world = make_reply_world()
    reply = services.sign_reply(ready_reply(world), by=world.mayor)
    reply = services.send_reply(reply, by=world.office)
    with reply.signed_pdf.open("rb") as handle:
        return world, reply, handle.read()


def _forge(reply, credentials, *, signer_name="Christoph Becker, Bürgermeister") -> bytes:
    """The same letter, signed by someone holding another certificate."""
    document = services.reply_document(reply, draft=False, demo_certificate=False)
    return sign_pdf(
        render_reply_pdf(document),
        credentials=credentials,
        signer_name=signer_name,
        reason=document.subject_line,
        location=document.municipality_name,
    )


def _check(client, data: bytes):
    response = client.post(
        reverse("responses:verify"), {"file": SimpleUploadedFile("antwort.pdf", data, "application/pdf")}
    )
    assert response.status_code == 200
    return response.context["report"], html.unescape(response.content.decode())


def test_the_municipalitys_signature_is_valid_trusted_and_unchanged(client, pki):
    _world, reply, data = _signed_reply()
    report, body = _check(client, data)
    assert report.verdict == Verdict.VALID and report.ok and report.trusted
    assert report.certificate_kind == "current"
    assert 'data-verdict="valid"' in body and "text-success" in body
    assert "Signed by the municipality" in body
    assert "as stated by the signer (not confirmed by a timestamp)" in body
    assert reply.inquiry.reference in body  # matches a reply on record: its own line


def test_signing_keeps_the_certificate_it_used(pki):
    _ca, town = pki
    _signed_reply()
    (kept,) = SigningCertificate.objects.all()
    assert kept.fingerprint == pinned_from_der(town.der).fingerprint
    assert kept.subject.startswith("Christoph Becker") and not kept.is_demo


def test_another_certificate_of_the_same_ca_is_someone_else_in_red(client, pki, tmp_path):
    ca, _town = pki
    _world, reply, _data = _signed_reply()
    mallory = ca.issue("Mallory Customer", "Mallory GmbH")
    forged = _forge(reply, _credentials(ca, mallory, tmp_path / "mallory.p12"))

    report, body = _check(client, forged)

    assert report.valid and report.unchanged  # a valid signature …
    assert (
        report.verdict == Verdict.SOMEONE_ELSE and not report.ok and not report.trusted
    )  # … by someone else
    assert "Signed by someone else" in body and "Mallory Customer" in body
    assert 'data-verdict="someone_else"' in body and "text-success" not in body.split("Upload a PDF")[0]
    assert "no match" in body


def test_someone_else_signing_in_the_municipalitys_name_is_still_someone_else(client, pki, tmp_path):
    ca, _town = pki
    _world, reply, _data = _signed_reply()
    impostor = ca.issue("Christoph Becker, Bürgermeister", "Stadt Bornheim")  # same name, other key
    report, _body = _check(client, _forge(reply, _credentials(ca, impostor, tmp_path / "impostor.p12")))
    assert report.verdict == Verdict.SOMEONE_ELSE


def test_an_earlier_certificate_of_the_municipality_still_counts(client, pki, settings, tmp_path):
    ca, _town = pki
    _world, _reply, data = _signed_reply()
    renewed = ca.issue("Christoph Becker, Bürgermeister", "Stadt Bornheim")
    settings.REPLY_SIGNING_PKCS12 = str(ca.pkcs12(renewed, tmp_path / "neu.p12"))
    signing_credentials._credentials_cache.clear()

    report, body = _check(client, data)

    assert report.verdict == Verdict.VALID and report.certificate_kind == "earlier"
    assert "An earlier signing certificate of the municipality" in body


def test_an_earlier_certificate_added_in_the_admin_counts_too(client, pki, tmp_path):
    """Replies signed before this installation kept certificates: the office adds the old one."""
    ca, _town = pki
    old = ca.issue("Wolfgang Henseler, Bürgermeister", "Stadt Bornheim")
    world = make_reply_world()
    reply = services.sign_reply(ready_reply(world), by=world.mayor)
    old_signed = _forge(reply, _credentials(ca, old, tmp_path / "alt.p12"), signer_name="Wolfgang Henseler")
    assert _check(client, old_signed)[0].verdict == Verdict.SOMEONE_ELSE

    SigningCertificate(certificate=old.pem).save()

    report, _body = _check(client, old_signed)
    assert report.verdict == Verdict.VALID and report.certificate_kind == "earlier"


def test_a_signature_outside_the_certificates_validity_is_not_trusted(client, pki, tmp_path):
    ca, _town = pki
    world = make_reply_world()
    reply = services.sign_reply(ready_reply(world), by=world.mayor)
    short = ca.issue("Christoph Becker, Bürgermeister", "Stadt Bornheim", days=30)
    SigningCertificate(certificate=short.pem).save()
    credentials = _credentials(ca, short, tmp_path / "kurz.p12")
    with time_machine.travel(timezone.now() + timedelta(days=60), tick=False):
        late = _forge(reply, credentials)

    report, body = _check(client, late)

    assert report.valid and report.verdict == Verdict.NOT_VALID_THEN and not report.trusted
    assert "outside the certificate's validity" in body


def test_a_tampered_copy_is_broken_and_its_certificate_is_still_named(client, pki):
    """One verdict with its reasons: the content changed; the certificate did not."""
    _world, _reply, data = _signed_reply()
    tampered = bytearray(data)
    tampered[len(tampered) // 4] ^= 0x01

    report, body = _check(client, bytes(tampered))

    assert report.verdict == Verdict.BROKEN and not report.ok and not report.valid
    assert report.certificate_kind == "current"
    assert "The municipality's signing certificate" in body
    assert "the document was changed after signing" in body


def test_the_demo_certificate_gives_one_verdict_without_contradictions(client, demo_signing):
    world = make_reply_world()
    reply = services.send_reply(services.sign_reply(ready_reply(world), by=world.mayor), by=world.office)
    with reply.signed_pdf.open("rb") as handle:
        data = handle.read()
    report, body = _check(client, data)
    assert report.verdict == Verdict.DEMO and report.valid and report.unchanged and not report.trusted
    assert body.count("demo certificate") >= 2  # the verdict and the certificate line agree
    for contradiction in ("Signed by the municipality", "Yes: the municipality", "text-success"):
        assert contradiction not in body.split("Upload a PDF")[0]


def test_a_demo_certificate_kept_from_before_stays_a_demo_once_a_real_one_is_configured(
    client, demo_signing, settings, tmp_path
):
    world = make_reply_world()
    reply = services.send_reply(services.sign_reply(ready_reply(world), by=world.mayor), by=world.office)
    with reply.signed_pdf.open("rb") as handle:
        data = handle.read()
    ca = CertificateAuthority.create()
    settings.REPLY_SIGNING_PKCS12 = str(ca.pkcs12(ca.issue("Becker", "Stadt Bornheim"), tmp_path / "s.p12"))
    settings.REPLY_SIGNING_PASSPHRASE = "geheim"
    signing_credentials._credentials_cache.clear()
    assert _check(client, data)[0].verdict == Verdict.DEMO


def _sign_with_timestamp(pdf: bytes, credentials, tsa) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa.der),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa.key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        fixed_dt=timezone.now() - timedelta(minutes=3),
    )
    metadata = signers.PdfSignatureMetadata(
        field_name="Signatur", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    out = signers.PdfSigner(metadata, signer=credentials.signer, timestamper=stamper).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf))
    )
    return out.getvalue()


def test_the_signing_time_comes_from_a_timestamp_of_a_trusted_authority(client, pki, settings, tmp_path):
    ca, _town = pki
    world = make_reply_world()
    reply = services.sign_reply(ready_reply(world), by=world.mayor)
    tsa = ca.issue("Zeitstempeldienst", "Test-PKI", timestamping=True)
    document = services.reply_document(reply, draft=False, demo_certificate=False)
    stamped = _sign_with_timestamp(render_reply_pdf(document), signing_credentials.load_credentials(), tsa)

    report, body = _check(client, stamped)
    assert report.signed_at_source == "claimed"  # no time-stamping authority is trusted yet

    roots = tmp_path / "tsa-roots.pem"
    roots.write_bytes(ca.root_pem)
    settings.REPLY_TIMESTAMP_ROOTS = str(roots)
    report, body = _check(client, stamped)
    assert report.verdict == Verdict.VALID
    assert report.signed_at_source == "timestamp"
    assert abs(report.signed_at - (timezone.now() - timedelta(minutes=3))) < timedelta(minutes=2)
    assert "confirmed by a timestamp of Zeitstempeldienst" in body


def test_the_certificates_of_replies_signed_before_are_kept_by_a_command(client, pki, settings, tmp_path):
    """An installation that signed before certificates were kept: after a renewal its earlier
    replies still verify once the command has read their certificates."""
    from django.core.management import call_command

    ca, _town = pki
    _world, _reply, data = _signed_reply()
    SigningCertificate.objects.all().delete()  # as before certificates were recorded
    settings.REPLY_SIGNING_PKCS12 = str(ca.pkcs12(ca.issue("Becker", "Stadt Bornheim"), tmp_path / "neu.p12"))
    signing_credentials._credentials_cache.clear()
    assert _check(client, data)[0].verdict == Verdict.SOMEONE_ELSE

    out = io.StringIO()
    call_command("keep_signing_certificates", stdout=out)

    assert "1 signing certificate(s) added" in out.getvalue()
    assert _check(client, data)[0].verdict == Verdict.VALID
    call_command("keep_signing_certificates", stdout=out)  # idempotent
    assert SigningCertificate.objects.count() == 1
