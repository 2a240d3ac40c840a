"""Checking a signed reply: was it signed by this municipality, and is it unchanged?

The municipality's signing certificates are the anchor (`SigningCertificate`: the one in use
and the earlier ones, each with its validity period). An uploaded file is read in a limited
child process (`inquiries.bounded`): a PDF built to make the reader work forever costs one
refused check, not a web worker.
"""

from __future__ import annotations

import hashlib
import logging

from django.db import IntegrityError, transaction

from inquiries.bounded import Limits, TooComplex, run_bounded
from responses.models import SigningCertificate

logger = logging.getLogger(__name__)

# A reply of a few pages is read in well under a second; these leave room for a slow machine.
VERIFY_LIMITS = Limits(
    cpu_seconds=10, memory_bytes=512 * 1024 * 1024, wall_seconds=20, output_bytes=4 * 1024 * 1024
)


def keep_signing_certificate(der: bytes) -> SigningCertificate:
    """Record a certificate the municipality signs with (once; idempotent)."""
    fingerprint = hashlib.sha256(der).hexdigest()
    existing = SigningCertificate.objects.filter(fingerprint=fingerprint).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            certificate = SigningCertificate.from_der(der)
            certificate.save()
            return certificate
    except IntegrityError:  # recorded by a concurrent signature
        return SigningCertificate.objects.get(fingerprint=fingerprint)


def municipality_certificates() -> list:
    """The pinned certificates (`signing.certificates.PinnedCertificate`): every one kept, and the one this
    installation signs with now (also before it has signed anything). One query."""
    from responses.signing.certificates import configured_certificate, pinned_from_der

    current = configured_certificate()
    pinned = [] if current is None else [current]
    for row in SigningCertificate.objects.all():
        if current is None or row.fingerprint != current.fingerprint:
            pinned.append(pinned_from_der(row.der))
    return pinned


def verify_signed_pdf(data: bytes):
    """Read `data` in a limited child process and judge its signature against the
    municipality's certificates (`signing.verdict.SignatureReport`). Never raises for bad input."""
    from responses.signing.certificates import timestamp_roots
    from responses.signing.inspection import inspect_signed_pdf
    from responses.signing.verdict import judge, too_complex_report

    sha256 = hashlib.sha256(data).hexdigest()
    try:
        facts = run_bounded(inspect_signed_pdf, bytes(data), timestamp_roots(), limits=VERIFY_LIMITS)
    except TooComplex as exc:
        logger.warning("A PDF to verify was too complex (%s), sha256 %s", exc.reason, sha256)
        return too_complex_report(sha256)
    return judge(facts, pinned=municipality_certificates(), sha256=sha256)
