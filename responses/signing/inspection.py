"""Reading a signed PDF's last signature into plain facts, without judgement (`verdict.judge`
says what they mean). It parses hostile input, so for uploads it runs in a limited child process
(`inquiries.bounded`, preloaded by `responses.apps`): no settings, no database."""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass
from datetime import datetime

from responses.pdf import ATTACHMENT_NAME
from responses.signing.certificates import name_text
from responses.signing.event_loop import outside_event_loop

logger = logging.getLogger(__name__)


@dataclass
class SignatureFacts:
    """What a PDF says about its last signature, without judgement. Plain data: it comes back
    pickled from the child process that read the file."""

    is_pdf: bool = False
    readable: bool = False
    has_signature: bool = False
    intact: bool = False  # the signed bytes and the signature match
    covers_whole_file: bool = False  # nothing was appended after signing
    signer_der: bytes | None = None
    claimed_at: datetime | None = None  # the signing time the signer wrote into the signature
    timestamp_at: datetime | None = None  # from a valid timestamp of a trusted authority
    timestamp_authority: str = ""
    embedded_json: dict | None = None
    error: str = ""


def inspect_signed_pdf(data: bytes, timestamp_roots_der: list[bytes] = ()) -> SignatureFacts:
    """Read the last signature of a PDF: integrity, coverage, the signer's certificate, the
    signing time. Never raises; touches neither settings nor the database (it runs in a
    child process, see `inquiries.bounded`)."""
    facts = SignatureFacts()
    try:
        _inspect_into(facts, bytes(data), list(timestamp_roots_der))
    except Exception as exc:  # anything unreadable is a fact about the file
        logger.info("Reading a signed PDF failed", exc_info=True)
        facts.error = f"{type(exc).__name__}: {exc}"[:500]
        facts.intact = facts.covers_whole_file = False
    return facts


def _inspect_into(facts: SignatureFacts, data: bytes, timestamp_roots_der: list[bytes]) -> None:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    if b"%PDF-" not in data[:1024]:
        return
    facts.is_pdf = True
    facts.embedded_json = _extract_json(data)
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    signatures = reader.embedded_signatures
    facts.readable = True
    if not signatures:
        return
    facts.has_signature = True
    signature = signatures[-1]
    facts.claimed_at = signature.self_reported_timestamp
    if signature.signer_cert is not None:
        facts.signer_der = signature.signer_cert.dump()
    # Trust is decided by `judge` against the pinned certificates; pyHanko checks integrity,
    # coverage and the timestamp here. (The signer's own certificate stands in as its trust
    # root, at the claimed signing time, only so that pyHanko has a path to check; that
    # result is not used.)
    signer_context = ValidationContext(
        trust_roots=[signature.signer_cert] if signature.signer_cert is not None else [],
        allow_fetching=False,
        moment=facts.claimed_at,
    )
    timestamp_context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(der) for der in timestamp_roots_der], allow_fetching=False
    )
    status = outside_event_loop(validate_pdf_signature, signature, signer_context, timestamp_context)
    facts.intact = bool(status.intact and status.valid)
    facts.covers_whole_file = facts.intact and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if status.signing_cert is not None:
        facts.signer_der = status.signing_cert.dump()
    stamp = status.timestamp_validity
    if facts.intact and stamp is not None and stamp.intact and stamp.valid and stamp.trusted:
        facts.timestamp_at = stamp.timestamp
        if stamp.signing_cert is not None:
            facts.timestamp_authority = name_text(stamp.signing_cert.subject)


def _extract_json(pdf_bytes: bytes) -> dict | None:
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
        contents = reader.attachments.get(ATTACHMENT_NAME)
        if not contents:
            return None
        value = json.loads(contents[0])
        return value if isinstance(value, dict) else None
    except Exception:
        return None
