"""A signed reply validates with an implementation other than pyHanko too: poppler's `pdfsig`
(NSS underneath), given the certificate authority's root in its own certificate database.
Other validators refuse a signature whose certificate list holds the signer's certificate twice
(endesive: "Multiple signer certificates with the same serial"), so it holds it once.

`bin/ensure-pdf-tools` installs poppler-utils and libnss3-tools (`make test` and CI run it).
"""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from responses import services
from responses.signing import credentials as signing_credentials
from tests.responses.pki import CertificateAuthority
from tests.responses.reply_helpers import make_reply_world, ready_reply

pytestmark = pytest.mark.django_db

TOOLS = ("pdfsig", "certutil")


@pytest.fixture
def nss_tools():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} missing: run bin/ensure-pdf-tools (poppler-utils, libnss3-tools)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _nss_db(tmp_path: Path, root_pem: bytes) -> str:
    directory = tmp_path / "nssdb"
    directory.mkdir()
    (tmp_path / "root.pem").write_bytes(root_pem)
    database = f"sql:{directory}"
    subprocess.run(["certutil", "-N", "-d", database, "--empty-password"], check=True, capture_output=True)
    subprocess.run(
        ["certutil", "-A", "-d", database, "-n", "Wurzel", "-t", "CT,C,C", "-i", str(tmp_path / "root.pem")],
        check=True,
        capture_output=True,
    )
    return database


def _pdfsig(database: str, path: Path) -> str:
    result = subprocess.run(
        ["pdfsig", "-nssdir", database, str(path)], capture_output=True, text=True, timeout=60
    )
    return result.stdout + result.stderr


@pytest.fixture
def municipality_pki(settings, tmp_path, demo_signing):
    ca = CertificateAuthority.create()
    town = ca.issue("Christoph Becker, Bürgermeister", "Stadt Bornheim")
    settings.REPLY_SIGNING_PKCS12 = str(ca.pkcs12(town, tmp_path / "stadt.p12"))
    settings.REPLY_SIGNING_PASSPHRASE = "geheim"
    signing_credentials._credentials_cache.clear()
    return ca


def _signed_reply_bytes() -> bytes:
    world = make_reply_world()
    reply = services.sign_reply(ready_reply(world), by=world.mayor)
    with reply.signed_pdf.open("rb") as handle:
        return handle.read()


def _certificates_in_signature(data: bytes) -> list[bytes]:
    signature = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures[-1]
    return [choice.chosen.dump() for choice in signature.signed_data["certificates"]]


@pytest.mark.parametrize("setup", ["demo", "pkcs12"])
def test_the_certificate_list_holds_the_signer_certificate_once(request, setup, demo_signing):
    if setup == "pkcs12":
        request.getfixturevalue("municipality_pki")
    data = _signed_reply_bytes()
    certificates = _certificates_in_signature(data)
    signer = signing_credentials.load_credentials().certificate.dump()
    assert certificates.count(signer) == 1
    assert len(certificates) == len(set(certificates)) == 2  # the signer and the CA's root


def test_pdfsig_finds_the_signed_reply_valid_trusted_and_complete(nss_tools, municipality_pki, tmp_path):
    path = tmp_path / "antwort.pdf"
    path.write_bytes(_signed_reply_bytes())

    output = _pdfsig(_nss_db(tmp_path, municipality_pki.root_pem), path)

    assert "Signature Validation: Signature is Valid." in output, output
    assert "Certificate Validation: Certificate is Trusted." in output, output
    assert "Total document signed" in output, output
    assert "Signer Certificate Common Name: Christoph Becker, Bürgermeister" in output, output


def test_pdfsig_finds_a_changed_byte(nss_tools, municipality_pki, tmp_path):
    data = bytearray(_signed_reply_bytes())
    data[len(data) // 4] ^= 0x01
    path = tmp_path / "verfaelscht.pdf"
    path.write_bytes(bytes(data))

    output = _pdfsig(_nss_db(tmp_path, municipality_pki.root_pem), path)

    assert "Digest Mismatch" in output, output
    assert "Signature is Valid" not in output


def test_pdfsig_validates_the_demo_signature_against_the_demo_root(nss_tools, demo_signing, tmp_path):
    path = tmp_path / "demo.pdf"
    path.write_bytes(_signed_reply_bytes())
    root_pem = (demo_signing / signing_credentials.DEMO_ROOT_NAME).read_bytes()

    output = _pdfsig(_nss_db(tmp_path, root_pem), path)

    assert "Signature Validation: Signature is Valid." in output, output
    assert "Certificate Validation: Certificate is Trusted." in output, output
