"""The signing credentials: the municipality's certificate and key from a PKCS#12 file
(`REPLY_SIGNING_PKCS12`, `REPLY_SIGNING_PASSPHRASE`), loaded once per process. Without one, a demo
root CA and a signer certificate issued by it are created on first use in `SIGNING_DEMO_DIR` and
reused from then on. Such a signature proves nothing to anyone outside this installation, so the
stamp says so, and so should the letter (render it with
`ReplyDocument.demo_certificate = credentials.is_demo`)."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

DEMO_BUNDLE_NAME = "demo-signing.pem"  # signer key, signer certificate, root certificate
DEMO_ROOT_NAME = "demo-root-ca.pem"  # the root alone, to import into a PDF reader if wanted
DEMO_ORGANIZATION = "Ratsanfragen Demo (nicht gültig)"
DEMO_SIGNER_CN = "Demo-Signatur Ratsanfragen (nicht gültig)"
DEMO_ROOT_CN = "Demo-Wurzelzertifikat Ratsanfragen (nicht gültig)"
DEMO_NOTE = "Demo-Zertifikat – keine gültige Signatur"


@dataclass(frozen=True)
class SigningCredentials:
    signer: object  # pyhanko.sign.signers.SimpleSigner
    root_certificate: object  # asn1crypto.x509.Certificate: the chain's root, for PDF readers' trust stores
    is_demo: bool

    @property
    def certificate(self):
        return self.signer.signing_cert

    @property
    def common_name(self) -> str:
        return self.certificate.subject.native.get("common_name", "")


_credentials_cache: dict[tuple, SigningCredentials] = {}
_credentials_lock = threading.Lock()


def load_credentials() -> SigningCredentials:
    """The signing credentials, loaded once per process (per file and passphrase).

    Raises ImproperlyConfigured when a configured PKCS#12 file is missing or cannot be opened;
    a wrong configuration must not silently fall back to the demo certificate."""
    path = getattr(settings, "REPLY_SIGNING_PKCS12", "")
    if path:
        path = Path(path)
        passphrase = getattr(settings, "REPLY_SIGNING_PASSPHRASE", "")
        try:
            stat = path.stat()
        except OSError as exc:
            raise ImproperlyConfigured(f"REPLY_SIGNING_PKCS12: cannot read {path}: {exc}") from exc
        # The modification time is in the key so that a renewed certificate is picked up
        # without a restart.
        key = ("pkcs12", str(path), stat.st_mtime_ns, hashlib.sha256(passphrase.encode()).hexdigest())
        with _credentials_lock:
            if key not in _credentials_cache:
                _credentials_cache[key] = _load_pkcs12(path, passphrase)
            return _credentials_cache[key]
    directory = demo_dir()
    key = ("demo", str(directory))
    with _credentials_lock:
        if key not in _credentials_cache:
            _credentials_cache[key] = _load_or_create_demo(directory)
        return _credentials_cache[key]


def demo_dir() -> Path:
    """Where the demo certificate is kept (`SIGNING_DEMO_DIR`)."""
    return Path(getattr(settings, "SIGNING_DEMO_DIR", Path(settings.BASE_DIR) / "var" / "signing")).resolve()


def _to_asn1_cert(cert):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _make_signer(private_key, certificate, chain):
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives import serialization
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key_info = asn1_keys.PrivateKeyInfo.load(
        private_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signing_cert = _to_asn1_cert(certificate)
    # pyHanko puts the signer's certificate into the signature itself; the registry holds the
    # rest of the chain. A second copy would make the certificate list hold it twice, which
    # other validators refuse ("multiple signer certificates with the same serial").
    chain = [cert for cert in (_to_asn1_cert(cert) for cert in chain) if cert.dump() != signing_cert.dump()]
    return _signer_class()(
        private_key=private_key,
        signing_cert=signing_cert,
        signing_key=key_info,
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


@functools.cache
def _signer_class():
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

    class PreloadedKeySigner(SimpleSigner):
        """A SimpleSigner that keeps the parsed private key. pyHanko parses the DER key again
        for every raw signature (twice per PDF: size estimate and signature), and for RSA that
        includes OpenSSL's key check: 60 ms at 2048 bits, 200 ms at 3072, 400 ms at 4096."""

        def __init__(self, *, private_key, **kwargs):
            super().__init__(**kwargs)
            self._private_key = private_key

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                algorithm = mechanism.signature_algo
            except ValueError:
                algorithm = mechanism["algorithm"].native
            key = self._private_key
            if isinstance(key, RSAPrivateKey) and algorithm == "rsassa_pkcs1v15":
                return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            if isinstance(key, RSAPrivateKey) and algorithm == "rsassa_pss":
                padding, hash_algorithm = process_pss_params(mechanism["parameters"])
                return key.sign(data, padding, hash_algorithm)
            if isinstance(key, EllipticCurvePrivateKey) and algorithm == "ecdsa":
                return key.sign(data, ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
            return super().sign_raw(data, digest_algorithm)

    return PreloadedKeySigner


def _find_root(certificate, chain):
    """The self-signed certificate of the chain; else the one nearest the top; else the signer's
    own certificate (which then is its own trust anchor)."""
    for cert in chain:
        if cert.subject == cert.issuer:
            return cert
    by_subject = {cert.subject: cert for cert in chain}
    top = certificate
    for _ in range(len(chain)):
        if top.issuer not in by_subject:
            break
        top = by_subject[top.issuer]
    return top


def _load_pkcs12(path: Path, passphrase: str) -> SigningCredentials:
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        private_key, certificate, chain = pkcs12.load_key_and_certificates(
            path.read_bytes(), passphrase.encode() if passphrase else None
        )
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"REPLY_SIGNING_PKCS12: cannot open {path} (wrong REPLY_SIGNING_PASSPHRASE?): {exc}"
        ) from exc
    if private_key is None or certificate is None:
        raise ImproperlyConfigured(f"REPLY_SIGNING_PKCS12: {path} holds no private key and certificate")
    chain = list(chain or [])
    root = _find_root(certificate, chain)
    return SigningCredentials(
        signer=_make_signer(private_key, certificate, chain),
        root_certificate=_to_asn1_cert(root),
        is_demo=False,
    )


def _load_or_create_demo(directory: Path) -> SigningCredentials:
    bundle = directory / DEMO_BUNDLE_NAME
    if not bundle.exists():
        _create_demo_bundle(directory)
    private_key, certificate, root = _read_demo_bundle(bundle.read_bytes())
    _write_public_root(directory, root)
    return SigningCredentials(
        signer=_make_signer(private_key, certificate, [root]),
        root_certificate=_to_asn1_cert(root),
        is_demo=True,
    )


def _create_demo_bundle(directory: Path) -> None:
    """Write key and certificates to a private temporary file, then link it into place. The link
    fails if another process got there first; then its certificate wins and ours is discarded,
    so all processes sign with the same demo certificate."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    bundle = directory / DEMO_BUNDLE_NAME
    # mkstemp creates the file with mode 0600.
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=".demo-signing-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(_make_demo_bundle())
            tmp.flush()
            os.fsync(tmp.fileno())
        try:
            os.link(tmp_name, bundle)
        except FileExistsError:
            logger.info("Another process created the demo signing certificate; using that one.")
        else:
            logger.warning(
                "Created a demo signing certificate in %s. Replies signed with it are marked as "
                "demo; set REPLY_SIGNING_PKCS12 for real signatures.",
                directory,
            )
    finally:
        os.unlink(tmp_name)


def _make_demo_bundle() -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.now(UTC) - timedelta(minutes=5)

    def name(common_name: str) -> x509.Name:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_ORGANIZATION),
                x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            ]
        )

    def key_usage(**flags) -> x509.KeyUsage:
        names = [
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ]
        return x509.KeyUsage(**{flag: flags.get(flag, False) for flag in names})

    # ECDSA P-256: created in milliseconds, and every current PDF reader verifies it.
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = name(DEMO_ROOT_CN)
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=20 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer = (
        x509.CertificateBuilder()
        .subject_name(name(DEMO_SIGNER_CN))
        .issuer_name(root_name)
        .public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=10 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        # content_commitment is nonRepudiation; PAdES validators expect both.
        .add_extension(key_usage(digital_signature=True, content_commitment=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(signer_key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False
        )
        .sign(root_key, hashes.SHA256())
    )
    # The root's private key is not kept: nothing more is ever issued from it.
    return b"".join(
        [
            signer_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
            signer.public_bytes(serialization.Encoding.PEM),
            root.public_bytes(serialization.Encoding.PEM),
        ]
    )


_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z ]+)-----.+?-----END \1-----\s*", re.DOTALL)


def _read_demo_bundle(data: bytes):
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    blocks = [(m.group(1), m.group(0)) for m in _PEM_BLOCK.finditer(data)]
    keys = [block for kind, block in blocks if kind == b"PRIVATE KEY"]
    certs = [x509.load_pem_x509_certificate(block) for kind, block in blocks if kind == b"CERTIFICATE"]
    if len(keys) != 1 or len(certs) != 2:
        raise ImproperlyConfigured(f"The demo signing bundle in {demo_dir()} is damaged; delete it.")
    return serialization.load_pem_private_key(keys[0], password=None), certs[0], certs[1]


def _write_public_root(directory: Path, root) -> None:
    from cryptography.hazmat.primitives import serialization

    path = directory / DEMO_ROOT_NAME
    pem = root.public_bytes(serialization.Encoding.PEM)
    try:
        if path.exists() and path.read_bytes() == pem:
            return
        fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=".demo-root-", suffix=".tmp")
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(pem)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except OSError:  # a convenience copy only
        logger.exception("Could not write %s", path)


def is_demo_certificate(cert) -> bool:
    """Whether an asn1crypto certificate is one of the demo certificates this code issues."""
    subject = cert.subject.native
    return (
        subject.get("organization_name") == DEMO_ORGANIZATION or subject.get("common_name") == DEMO_SIGNER_CN
    )
