"""A small certificate authority for the signing tests: the municipality's certificate and
someone else's ("Mallory") from the same CA, a time-stamping authority, PKCS#12 files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=signer,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass
class Issued:
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    cert: x509.Certificate

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()


@dataclass
class CertificateAuthority:
    """A root CA (as a commercial CA or the state's administration CA would be) that issues
    certificates to whoever asks."""

    root: Issued

    @classmethod
    def create(cls, common_name: str = "Test-CA Verwaltungs-PKI") -> CertificateAuthority:
        now = datetime.now(UTC) - timedelta(days=1)
        key = ec.generate_private_key(ec.SECP256R1())
        name = _name(common_name, "Test-PKI")
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_usage(signer=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        return cls(Issued(key, cert))

    def issue(
        self,
        common_name: str,
        organization: str,
        *,
        valid_from: datetime | None = None,
        days: int = 365,
        timestamping: bool = False,
    ) -> Issued:
        """A certificate with a fresh key (a time-stamping authority's is RSA, which pyHanko's
        test time-stamper needs)."""
        valid_from = valid_from or datetime.now(UTC) - timedelta(days=1)
        key = (
            rsa.generate_private_key(public_exponent=65537, key_size=2048)
            if timestamping
            else ec.generate_private_key(ec.SECP256R1())
        )
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name, organization))
            .issuer_name(self.root.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(valid_from)
            .not_valid_after(valid_from + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(signer=True), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.root.key.public_key()), critical=False
            )
        )
        if timestamping:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
        return Issued(key, builder.sign(self.root.key, hashes.SHA256()))

    def pkcs12(self, issued: Issued, path: Path, passphrase: str = "geheim") -> Path:
        """The certificate, its key and the CA's root, as a signing installation gets them."""
        path.write_bytes(
            pkcs12.serialize_key_and_certificates(
                b"signatur",
                issued.key,
                issued.cert,
                [self.root.cert],
                serialization.BestAvailableEncryption(passphrase.encode()),
            )
        )
        return path

    @property
    def root_pem(self) -> bytes:
        return self.root.cert.public_bytes(serialization.Encoding.PEM)
