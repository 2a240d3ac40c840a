"""The municipality's signing certificates as verification pins them: the one in use and the
earlier ones it kept, each with its validity period; and the time-stamping authorities whose
timestamps count.

A valid signature proves only that the holder of some key signed. Citizens ask whether the
municipality signed, so trust is pinned to the municipality's own signing certificates, not to a
certificate authority: anyone else holding a certificate from the same authority signs "as
someone else" (`verdict.judge`)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from responses.signing.credentials import DEMO_BUNDLE_NAME, demo_dir, is_demo_certificate, load_credentials

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PinnedCertificate:
    """A signing certificate of the municipality (DER), with the period it is valid for."""

    der: bytes
    valid_from: datetime
    valid_until: datetime
    is_demo: bool = False
    is_current: bool = False

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.der).hexdigest()


def certificate_details(der: bytes) -> dict:
    """Subject, issuer, validity and fingerprint of a DER certificate, for records and pages."""
    from asn1crypto import x509 as asn1_x509

    cert = asn1_x509.Certificate.load(der)
    validity = cert["tbs_certificate"]["validity"]
    return {
        "fingerprint": hashlib.sha256(der).hexdigest(),
        "subject": name_text(cert.subject),
        "issuer": name_text(cert.issuer),
        "valid_from": validity["not_before"].native,
        "valid_until": validity["not_after"].native,
        "is_demo": is_demo_certificate(cert),
    }


def name_text(name) -> str:
    native = name.native
    common_name = native.get("common_name", "")
    organization = native.get("organization_name", "")
    if common_name and organization and organization not in common_name:
        return f"{common_name} ({organization})"
    return common_name or organization or name.human_friendly


def pinned_from_der(der: bytes, *, is_current: bool = False) -> PinnedCertificate:
    details = certificate_details(der)
    return PinnedCertificate(
        der=der,
        valid_from=details["valid_from"],
        valid_until=details["valid_until"],
        is_demo=details["is_demo"],
        is_current=is_current,
    )


def configured_certificate() -> PinnedCertificate | None:
    """The certificate this installation signs with now: the configured one, or the demo
    certificate if one exists. Never creates a demo certificate."""
    try:
        if getattr(settings, "REPLY_SIGNING_PKCS12", "") or (demo_dir() / DEMO_BUNDLE_NAME).exists():
            return pinned_from_der(load_credentials().certificate.dump(), is_current=True)
    except ImproperlyConfigured:
        logger.exception("Could not load the signing certificate for verification")
    return None


def timestamp_roots() -> list[bytes]:
    """Roots of the time-stamping authorities whose timestamps count (REPLY_TIMESTAMP_ROOTS, a
    PEM file); without them, every signing time is the one the signer claims."""
    path = getattr(settings, "REPLY_TIMESTAMP_ROOTS", "")
    if not path:
        return []
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        certificates = x509.load_pem_x509_certificates(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"REPLY_TIMESTAMP_ROOTS: cannot read {path}: {exc}") from exc
    return [cert.public_bytes(serialization.Encoding.DER) for cert in certificates]
