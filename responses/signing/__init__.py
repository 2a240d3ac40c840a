"""Signing reply PDFs and checking signed PDFs, by job:

- `credentials`: the municipality's certificate and key (PKCS#12), or the demo CA and its signer;
- `signature`: signing a PDF (PAdES B-B, visible stamp, tagged signature field, PDF/A kept);
- `pdfa`: what can be checked of PDF/A-3 without a validator;
- `certificates`, `inspection`, `verdict`: verification for `/pruefen/`: the pinned
  certificates, reading a signature into facts (in a limited child process), judging them;
- `start_up`: paying the set-up before a web process's first request;
- `event_loop`: pyHanko's synchronous calls from a thread that runs an event loop.

No database access; `responses.services` stores what these functions return. Import from the
module that defines a name; the names below are re-exported for reading the package at a glance.
"""

from responses.signing.certificates import (
    PinnedCertificate,
    certificate_details,
    configured_certificate,
    pinned_from_der,
    timestamp_roots,
)
from responses.signing.credentials import SigningCredentials, load_credentials
from responses.signing.inspection import SignatureFacts, inspect_signed_pdf
from responses.signing.pdfa import (
    PDFA_CONFORMANCE,
    declared_pdfa_conformance,
    pdfa_problems,
    read_xmp_properties,
)
from responses.signing.signature import SigningError, sign_pdf
from responses.signing.start_up import warm_up, warm_up_if_configured
from responses.signing.verdict import (
    SignatureReport,
    Verdict,
    judge,
    too_complex_report,
    validate_signed_pdf,
)

__all__ = [
    "PDFA_CONFORMANCE",
    "PinnedCertificate",
    "SignatureFacts",
    "SignatureReport",
    "SigningCredentials",
    "SigningError",
    "Verdict",
    "certificate_details",
    "configured_certificate",
    "declared_pdfa_conformance",
    "inspect_signed_pdf",
    "judge",
    "load_credentials",
    "pdfa_problems",
    "pinned_from_der",
    "read_xmp_properties",
    "sign_pdf",
    "timestamp_roots",
    "too_complex_report",
    "validate_signed_pdf",
    "warm_up",
    "warm_up_if_configured",
]
