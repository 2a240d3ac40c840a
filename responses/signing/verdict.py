"""Was this signed by this municipality, and is it unchanged? One verdict with its reasons, in the
reader's language, from the facts `inspection` read and the certificates `certificates` pins.
`judge` is pure: no file, no database."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext

from responses.signing.certificates import (
    PinnedCertificate,
    certificate_details,
    configured_certificate,
    timestamp_roots,
)
from responses.signing.inspection import SignatureFacts, inspect_signed_pdf


class Verdict:
    VALID = "valid"  # the municipality signed it, and it is unchanged
    DEMO = "demo"  # this installation's demo certificate: unchanged, but no valid signature
    SOMEONE_ELSE = "someone_else"  # a valid signature, but not with the municipality's certificate
    NOT_VALID_THEN = "not_valid_then"  # the municipality's certificate, outside its validity
    CHANGED = "changed"  # signed, but something was added to the file afterwards
    BROKEN = "broken"  # the content does not match the signature
    UNSIGNED = "unsigned"
    UNREADABLE = "unreadable"
    TOO_COMPLEX = "too_complex"


@dataclass
class SignatureReport:
    """One verdict with its reasons: integrity, who signed, whether the certificate is the
    municipality's (and valid when it signed), when it was signed and how we know."""

    verdict: str
    summary: str
    sha256: str = ""
    has_signature: bool = False
    valid: bool = False  # integrity: the content matches the signature
    unchanged: bool = False  # nothing was appended after signing
    signer_name: str = ""  # who the certificate names
    issuer_name: str = ""
    certificate_kind: str = ""  # "current", "earlier", "demo", "other" (see `certificate_text`)
    certificate_text: str = ""
    trusted: bool = False  # the municipality's certificate (not the demo), valid at the signing time
    trust_text: str = ""
    signed_at: datetime | None = None
    signed_at_source: str = ""  # "timestamp" or "claimed"
    signed_at_text: str = ""
    is_demo: bool = False
    embedded_json: dict | None = None
    details: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.verdict == Verdict.VALID


def _date(value: datetime) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y")


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else "?"


def judge(facts: SignatureFacts, *, pinned: list[PinnedCertificate], sha256: str = "") -> SignatureReport:
    """What the facts mean for a reader who asks "did this municipality sign this, and is it
    unchanged?" Pure: no file, no database."""
    report = SignatureReport(verdict=Verdict.UNREADABLE, summary="", sha256=sha256)
    report.embedded_json = facts.embedded_json
    if facts.error:
        report.details.append(facts.error)
    if not facts.is_pdf:
        report.summary = gettext("This is not a PDF file.")
        return report
    if not facts.has_signature:
        if facts.readable:
            report.verdict = Verdict.UNSIGNED
            report.summary = gettext("The PDF carries no signature.")
        else:
            report.summary = gettext("This is not a readable PDF file.")
        return report
    report.has_signature = True
    report.valid = facts.intact
    report.unchanged = facts.covers_whole_file

    # Who signed, and is it one of the municipality's certificates?
    by_fingerprint = {cert.fingerprint: cert for cert in pinned}
    pinned_cert = None
    if facts.signer_der:
        details = certificate_details(facts.signer_der)
        report.signer_name, report.issuer_name = details["subject"], details["issuer"]
        pinned_cert = by_fingerprint.get(details["fingerprint"])
    report.is_demo = bool(pinned_cert and pinned_cert.is_demo)

    # When: from a timestamp if there is a trusted one, else as the signer claims.
    if facts.timestamp_at is not None:
        report.signed_at, report.signed_at_source = facts.timestamp_at, "timestamp"
        report.signed_at_text = gettext("%(when)s, confirmed by a timestamp of %(authority)s") % {
            "when": _when(facts.timestamp_at),
            "authority": facts.timestamp_authority or "?",
        }
    elif facts.claimed_at is not None:
        report.signed_at, report.signed_at_source = facts.claimed_at, "claimed"
        report.signed_at_text = gettext(
            "%(when)s, as stated by the signer (not confirmed by a timestamp)"
        ) % {"when": _when(facts.claimed_at)}
    else:
        report.signed_at_text = gettext("The signature states no signing time.")

    values = {"name": report.signer_name or "?", "when": _when(report.signed_at)}
    in_period = bool(
        pinned_cert
        and report.signed_at is not None
        and pinned_cert.valid_from <= report.signed_at <= pinned_cert.valid_until
    )
    if pinned_cert is None:
        report.certificate_kind = "other"
        report.certificate_text = gettext(
            "Not a signing certificate of the municipality (issued to %(name)s by %(issuer)s)."
        ) % {"name": report.signer_name or "?", "issuer": report.issuer_name or "?"}
        report.trust_text = gettext("No: someone else signed, not the municipality.")
    elif pinned_cert.is_demo:
        report.certificate_kind = "demo"
        report.certificate_text = gettext("The demo certificate of this installation.")
        report.trust_text = gettext(
            "No: a demo certificate proves nothing to anyone outside this installation."
        )
    else:
        report.certificate_kind = "current" if pinned_cert.is_current else "earlier"
        period = {"from": _date(pinned_cert.valid_from), "until": _date(pinned_cert.valid_until)}
        report.certificate_text = (
            gettext("The municipality's signing certificate (valid %(from)s to %(until)s).")
            if pinned_cert.is_current
            else gettext("An earlier signing certificate of the municipality (valid %(from)s to %(until)s).")
        ) % period
        report.trusted = in_period
        report.trust_text = (
            gettext("Yes: the municipality's certificate, valid at the signing time.")
            if in_period
            else gettext(
                "No: the signing time lies outside the certificate's validity (%(from)s to %(until)s)."
            )
            % period
        )

    # One verdict. The file's integrity comes first: a broken signature says nothing else.
    if not facts.intact:
        report.verdict = Verdict.BROKEN
        report.summary = gettext(
            "The signature does not match the content: the document was changed after signing."
        )
    elif not facts.covers_whole_file:
        report.verdict = Verdict.CHANGED
        report.summary = (
            gettext("Signed by %(name)s on %(when)s, but the file was changed after signing.") % values
        )
    elif pinned_cert is None:
        report.verdict = Verdict.SOMEONE_ELSE
        report.summary = (
            gettext("Signed by someone else: %(name)s is not a signing certificate of the municipality.")
            % values
        )
    elif pinned_cert.is_demo:
        report.verdict = Verdict.DEMO
        report.summary = gettext(
            "Signed with the demo certificate of this installation and unchanged, but this is not a "
            "valid signature of the municipality."
        )
    elif not in_period:
        report.verdict = Verdict.NOT_VALID_THEN
        report.summary = (
            gettext(
                "Signed with a certificate of the municipality, but at a time it was not valid (%(when)s)."
            )
            % values
        )
    else:
        report.verdict = Verdict.VALID
        report.summary = (
            gettext("Signed by the municipality (%(name)s) on %(when)s and unchanged since.") % values
        )
    return report


def too_complex_report(sha256: str) -> SignatureReport:
    return SignatureReport(
        verdict=Verdict.TOO_COMPLEX,
        summary=gettext(
            "The file is too complex to be checked here. A reply of this administration never is: "
            "please ask the council office."
        ),
        sha256=sha256,
    )


def validate_signed_pdf(
    pdf_bytes: bytes, *, pinned: list[PinnedCertificate] | None = None
) -> SignatureReport:
    """Read and judge a signed PDF in this process (trusted input: our own files, tests).
    `pinned` defaults to the certificate this installation signs with now. Uploads go through
    `responses.services.verify_signed_pdf`, which reads them in a limited child process and
    pins every certificate the municipality kept."""
    try:
        data = bytes(pdf_bytes)
    except Exception:
        return SignatureReport(verdict=Verdict.UNREADABLE, summary=gettext("This is not a file."))
    if pinned is None:
        current = configured_certificate()
        pinned = [current] if current else []
    facts = inspect_signed_pdf(data, timestamp_roots())
    return judge(facts, pinned=pinned, sha256=hashlib.sha256(data).hexdigest())
