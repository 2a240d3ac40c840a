"""Sign reply PDFs (PAdES B-B, visible stamp) and check signed PDFs.

Credentials come from a PKCS#12 file (`REPLY_SIGNING_PKCS12`, `REPLY_SIGNING_PASSPHRASE`). Without
one, a demo root CA and a signer certificate issued by it are created on first use in
`SIGNING_DEMO_DIR` and reused from then on. Such a signature proves nothing to anyone outside
this installation, so the stamp says so, and so should the letter (render it with
`ReplyDocument.demo_certificate = credentials.is_demo`).

PDF/A (the reply is PDF/A-3a, tagged) survives signing: pyHanko rewrites the XMP packet in the
incremental update (it keeps `pdfaid:part`/`conformance` but sets its own `pdf:Producer`) and
appends itself to the info
dictionary's /Producer, which would leave the two disagreeing (a PDF/A violation). We drop
/Producer from the info dictionary in the same incremental update before signing, so pyHanko
writes the same value to both, and check the signed bytes afterwards (`pdfa_problems`). The
signature field is labelled and tagged in the same update, so the structure tree stays complete.

Verification pins the municipality's own signing certificates rather than trusting a
certificate authority (see "Verification" below).

No database access; `responses.services` stores what these functions return.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext

from .pdf import ATTACHMENT_NAME, SIGNATURE_ANCHOR

logger = logging.getLogger(__name__)

DEMO_BUNDLE_NAME = "demo-signing.pem"  # signer key, signer certificate, root certificate
DEMO_ROOT_NAME = "demo-root-ca.pem"  # the root alone, to import into a PDF reader if wanted
DEMO_ORGANIZATION = "Ratsanfragen Demo (nicht gültig)"
DEMO_SIGNER_CN = "Demo-Signatur Ratsanfragen (nicht gültig)"
DEMO_ROOT_CN = "Demo-Wurzelzertifikat Ratsanfragen (nicht gültig)"
DEMO_NOTE = "Demo-Zertifikat – keine gültige Signatur"

# The PDF/A level of the reply letter: A (accessible: tagged), see responses.pdf.PDF_VARIANT.
PDFA_CONFORMANCE = "A"
STAMP_WIDTH = 226.8  # 80 mm in PDF points, the size of the box in the template's signature block
STAMP_HEIGHT = 68.0  # 24 mm


class SigningError(Exception):
    """The PDF could not be signed, or the signed PDF would not be what we promise."""


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


# --------------------------------------------------------------------------------------------
# Credentials

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
    directory = _demo_dir()
    key = ("demo", str(directory))
    with _credentials_lock:
        if key not in _credentials_cache:
            _credentials_cache[key] = _load_or_create_demo(directory)
        return _credentials_cache[key]


def _demo_dir() -> Path:
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
        raise ImproperlyConfigured(f"The demo signing bundle in {_demo_dir()} is damaged; delete it.")
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


# --------------------------------------------------------------------------------------------
# Signing


def _stamp_font_path() -> Path:
    return Path(settings.BASE_DIR) / "static" / "fonts" / "NotoSans-Regular.ttf"


@functools.cache
def _stamp_font_bytes() -> bytes:
    """The vendored Noto Sans without its OpenType layout tables (kerning, ligatures): the stamp
    does not need them, and fontTools spends 0.2 s per signature reading them while subsetting.
    Font data only, the same for every document, so it is safe to keep for the process."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(_stamp_font_path()))
    for tag in ("GSUB", "GPOS", "GDEF"):
        if tag in font:
            del font[tag]
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@functools.cache
def _stamp_font_factory_class():
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    class StampFontFactory(FontEngineFactory):
        """Like pyHanko's GlyphAccumulatorFactory (a TrueType font embedded as a subset; the
        default Courier is not embedded, which PDF/A forbids), but from bytes in memory."""

        def __init__(self, font_size: int):
            self.font_size = font_size

        def create_font_engine(self, writer, obj_stream=None):
            if obj_stream is None and writer.stream_xrefs:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer,
                font_handle=io.BytesIO(_stamp_font_bytes()),
                font_size=self.font_size,
                obj_stream=obj_stream,
            )

    return StampFontFactory


def _stamp_style():
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    return TextStampStyle(
        stamp_text="%(heading)s\n%(signer)s\n%(when)s\n%(note)s",
        text_box_style=TextBoxStyle(font=_stamp_font_factory_class()(font_size=8), font_size=8, leading=10),
        background=None,
        border_width=1,
        border_color=(0.45, 0.45, 0.45),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=7, right=7, top=5, bottom=5),
        ),
    )


def _stamp_box(writer, last_page: int) -> tuple[float, float, float, float]:
    """Where the stamp goes: the empty box the template leaves in the signature block (a named
    destination), if it is on the last page; otherwise the lower left of the last page. Reads
    the file through the writer that parsed it already (a second parser would read the large
    object streams of a tagged PDF again)."""
    try:
        destination = _named_destination(writer.root, SIGNATURE_ANCHOR)
        last_page_ref = writer.find_page_for_modification(last_page)[0]
        if destination is not None and destination.raw_get(0) == last_page_ref:
            left, top = float(destination[2]), float(destination[3])
            return (left, top - STAMP_HEIGHT, left + STAMP_WIDTH, top)
    except Exception:
        logger.warning("No signature box found; stamping the bottom of the last page", exc_info=True)
    left, bottom = 70.9, 90.0  # 25 mm from the left edge, above the footer
    return (left, bottom, left + STAMP_WIDTH, bottom + STAMP_HEIGHT)


def _named_destination(catalog, name: str, depth: int = 0):
    """The destination array named `name` in the catalog's /Names /Dests tree (or /Dests)."""
    if "/Names" in catalog and "/Dests" in catalog["/Names"]:
        return _name_tree_lookup(catalog["/Names"]["/Dests"], name)
    if "/Dests" in catalog:
        return catalog["/Dests"].get("/" + name)
    return None


def _name_tree_lookup(node, name: str, depth: int = 0):
    if depth > 20:
        return None
    names = node.get("/Names")
    if names is not None:
        for index in range(0, len(names) - 1, 2):
            if str(names[index]) == name:
                value = names[index + 1]
                return value["/D"] if hasattr(value, "keys") and "/D" in value else value
    for kid in node.get("/Kids", []):
        found = _name_tree_lookup(kid, name, depth + 1)
        if found is not None:
            return found
    return None


def _outside_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous calls run their own asyncio loop, which fails inside a thread that
    already runs one (an ASGI server, a browser test); there they run on a helper thread."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def sign_pdf(
    pdf_bytes: bytes,
    *,
    credentials: SigningCredentials,
    signer_name: str,
    reason: str,
    location: str,
    field_name: str = "Signatur",
) -> bytes:
    """Sign the PDF (PAdES B-B, SHA-256) in an incremental update, with a visible stamp on the
    last page. The input stays byte for byte the first part of the output.

    The field is labelled (/TU) and, in a tagged PDF, part of the structure tree (a /Form
    element); the PDF/A level the input declares (A or B) is kept: SigningError if the output
    would not be what the input was."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
        last_page = int(writer.root["/Pages"]["/Count"]) - 1
    except Exception as exc:
        raise SigningError(f"Not a PDF that can be signed: {exc}") from exc
    conformance = _input_pdfa_conformance(pdf_bytes)
    _drop_info_producer(writer)

    signed_at = timezone.localtime(timezone.now())
    text_params = {
        "heading": "Elektronisch signiert von",
        "signer": signer_name,
        "when": "am " + signed_at.strftime("%d.%m.%Y um %H:%M Uhr"),
        "note": DEMO_NOTE if credentials.is_demo else f"Zertifikat: {credentials.common_name}",
    }
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name,
        reason=reason,
        location=location,
    )
    label = f"Elektronische Signatur von {signer_name}"
    fields.append_signature_field(
        writer,
        fields.SigFieldSpec(
            field_name, on_page=last_page, box=_stamp_box(writer, last_page), readable_field_name=label
        ),
    )
    _tag_signature_widget(writer, field_name=field_name, page_index=last_page, label=label)
    pdf_signer = _pdf_signer_class()(metadata, signer=credentials.signer, stamp_style=_stamp_style())
    signed = _outside_event_loop(pdf_signer.sign_pdf, writer, appearance_text_params=text_params).getvalue()

    if conformance and (problems := pdfa_problems(signed, conformance=conformance)):
        raise SigningError("Signing broke PDF/A: " + "; ".join(problems))
    return signed


def _tag_signature_widget(writer, *, field_name: str, page_index: int, label: str) -> None:
    """Make the signature part of a tagged PDF's logical structure: a /Form structure element
    (with the field's label as its alternative text) that refers to the widget, at the end of
    the document's structure, and the widget's /StructParent in the parent tree. Without it
    the stamp is an annotation that assistive technology never reaches. Untagged files are
    left alone."""
    from pyhanko.pdf_utils import generic
    from pyhanko.sign.fields import enumerate_sig_fields

    root = writer.root
    if "/StructTreeRoot" not in root:
        return
    (field_info,) = list(enumerate_sig_fields(writer, with_name=field_name))
    widget_ref = field_info[2]
    widget = widget_ref.get_object()
    page_ref = writer.find_page_for_modification(page_index)[0]
    tree_ref = root.raw_get("/StructTreeRoot")
    tree = tree_ref.get_object()
    kids = tree["/K"]
    document_ref = kids.raw_get(0) if isinstance(kids, generic.ArrayObject) else tree.raw_get("/K")
    document = document_ref.get_object()
    parent_tree = tree["/ParentTree"]
    numbers = parent_tree.get("/Nums")
    if numbers is None or "/Kids" in parent_tree:
        return  # a number tree with kids: not what WeasyPrint writes; leave the structure as it is
    next_key = int(tree.get("/ParentTreeNextKey", 0))
    next_key = max([next_key, *(int(numbers[i]) + 1 for i in range(0, len(numbers), 2))])

    form = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/StructElem"),
            generic.pdf_name("/S"): generic.pdf_name("/Form"),
            generic.pdf_name("/P"): document_ref,
            generic.pdf_name("/Pg"): page_ref,
            generic.pdf_name("/Alt"): generic.TextStringObject(label),
            generic.pdf_name("/K"): generic.DictionaryObject(
                {
                    generic.pdf_name("/Type"): generic.pdf_name("/OBJR"),
                    generic.pdf_name("/Obj"): widget_ref,
                    generic.pdf_name("/Pg"): page_ref,
                }
            ),
        }
    )
    form_ref = writer.add_object(form)
    document_kids = document["/K"]
    if not isinstance(document_kids, generic.ArrayObject):
        document_kids = generic.ArrayObject([document.raw_get("/K")])
    document_kids.append(form_ref)
    document[generic.pdf_name("/K")] = document_kids
    writer.mark_update(document_ref)

    widget[generic.pdf_name("/StructParent")] = generic.NumberObject(next_key)
    writer.mark_update(widget_ref)
    numbers.append(generic.NumberObject(next_key))
    numbers.append(form_ref)
    tree[generic.pdf_name("/ParentTreeNextKey")] = generic.NumberObject(next_key + 1)
    writer.mark_update(tree_ref)
    parent_tree_ref = tree.raw_get("/ParentTree")
    if isinstance(parent_tree_ref, generic.IndirectObject):
        writer.mark_update(parent_tree_ref)
    page = page_ref.get_object()
    page[generic.pdf_name("/Tabs")] = generic.pdf_name("/S")  # tab order follows the structure
    writer.mark_update(page_ref)


@functools.cache
def _pdf_signer_class():
    from pyhanko.sign.signers import PdfSigner
    from pyhanko.sign.signers.constants import ESIC_EXTENSION_1

    class PdfA3Signer(PdfSigner):
        """PDF/A-3 is PDF 1.7. For ECDSA keys on the common curves pyHanko would declare the
        file PDF 2.0 (to register ISO 32002), which a PDF/A-3 file must not; ECDSA in a CAdES
        signature is valid PAdES in PDF 1.7 already. So only the PAdES (ESIC) extension is
        registered, as pyHanko does for RSA with SHA-256."""

        def register_extensions(self, pdf_out, *, md_algorithm: str) -> None:
            pdf_out.ensure_output_version(version=(1, 7))
            if pdf_out.output_version < (2, 0):
                pdf_out.register_extension(ESIC_EXTENSION_1)

    return PdfA3Signer


def _drop_info_producer(writer) -> None:
    """See the module docstring: pyHanko then writes the same /Producer to the info dictionary
    and to the XMP metadata."""
    try:
        info_ref = writer.trailer.raw_get("/Info")
    except KeyError:
        return
    info = info_ref.get_object()
    if "/Producer" in info:
        del info["/Producer"]
        writer.mark_update(info_ref)


# --------------------------------------------------------------------------------------------
# PDF/A identification

_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}


def read_xmp_properties(pdf_bytes: bytes) -> dict[str, str]:
    """Simple XMP properties of the document ("pdfaid:part", "pdf:Producer", "dc:title" …),
    whether written as attributes or as elements. Language alternatives and sequences are
    reduced to their first entry. Empty if there is no XMP."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    return _xmp_properties_of(reader.trailer["/Root"])


def _xmp_properties_of(catalog) -> dict[str, str]:
    """`read_xmp_properties` of a catalog read by pypdf or pyHanko."""
    metadata = catalog.get("/Metadata")
    if metadata is None:
        return {}
    metadata = metadata.get_object()
    data = metadata.get_data() if hasattr(metadata, "get_data") else metadata.data  # pypdf, pyHanko
    root = ElementTree.fromstring(data)
    prefixes = {uri: prefix for prefix, uri in _NS.items()}

    def short(tag: str) -> str | None:
        uri, _, local = tag[1:].partition("}")
        return f"{prefixes[uri]}:{local}" if uri in prefixes else None

    properties: dict[str, str] = {}
    for description in root.iter(f"{{{_NS['rdf']}}}Description"):
        for attribute, value in description.attrib.items():
            if (name := short(attribute)) and not name.startswith("rdf:"):
                properties[name] = value
        for child in description:
            if name := short(child.tag):
                texts = [text.strip() for text in child.itertext() if text.strip()]
                properties[name] = texts[0] if texts else ""
    return properties


def _input_pdfa_conformance(pdf_bytes: bytes) -> str | None:
    """The PDF/A-3 level ("A", "B") the file to be signed declares and meets as far as
    `pdfa_problems` sees, else None. Read with a pyHanko reader of its own: pypdf reads the
    large object streams of a tagged PDF several times slower, and reading the XMP through the
    signing writer's objects makes pyHanko lose it when it writes its own."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        properties = _xmp_properties_of(reader.root)
        conformance = properties.get("pdfaid:conformance") if properties.get("pdfaid:part") == "3" else None
        info = reader.trailer_view.get("/Info", {})
        if conformance and _pdfa_problems_of(
            pdf_bytes[:16], reader.root, info, properties, conformance=conformance
        ):
            return None  # not PDF/A to begin with: nothing to keep
        return conformance
    except Exception:
        return None


def declared_pdfa_conformance(pdf_bytes: bytes) -> str | None:
    """ "A" or "B" when the XMP identifies PDF/A-3 at that level, else None."""
    try:
        properties = read_xmp_properties(pdf_bytes)
    except Exception:
        return None
    if properties.get("pdfaid:part") != "3":
        return None
    return properties.get("pdfaid:conformance") or None


def pdfa_problems(pdf_bytes: bytes, *, conformance: str = PDFA_CONFORMANCE) -> list[str]:
    """What we can check of PDF/A-3 at `conformance` ("A", tagged, what the reply letter is; or
    "B") without a validator: the XMP identification, an output intent, that the info dictionary
    agrees with the XMP on the entries both carry, and for level A that the file is marked as
    tagged, has a structure tree and names its language."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
        catalog = reader.trailer["/Root"]
        properties = _xmp_properties_of(catalog)
        info = reader.trailer.get("/Info")
        info = info.get_object() if info is not None else {}
    except Exception as exc:
        return [f"unreadable: {exc}"]
    return _pdfa_problems_of(pdf_bytes[:16], catalog, info, properties, conformance=conformance)


def _pdfa_problems_of(head: bytes, catalog, info, properties: dict, *, conformance: str) -> list[str]:
    """`pdfa_problems` of a file's first bytes, catalog and info dictionary (read by pypdf or
    pyHanko) and its XMP properties."""
    problems = []
    header = re.match(rb"%PDF-(\d\.\d)", head)
    versions = [header.group(1).decode() if header else "?", str(catalog.get("/Version", "/1.0")).lstrip("/")]
    if any(version > "1.7" for version in versions):
        problems.append(f"PDF/A-3 is PDF 1.7, but the file says {max(versions)}")
    if properties.get("pdfaid:part") != "3" or properties.get("pdfaid:conformance") != conformance:
        problems.append(
            f"XMP does not identify PDF/A-3{conformance.lower()} "
            f"(part={properties.get('pdfaid:part')!r}, conformance={properties.get('pdfaid:conformance')!r})"
        )
    if "/OutputIntents" not in catalog:
        problems.append("no output intent")
    if conformance == "A":
        mark_info = catalog.get("/MarkInfo")
        if not (mark_info and mark_info.get("/Marked")):
            problems.append("not marked as tagged (/MarkInfo /Marked)")
        if "/StructTreeRoot" not in catalog:
            problems.append("no structure tree")
        if not str(catalog.get("/Lang", "")).strip():
            problems.append("no document language (/Lang)")
    for info_key, xmp_key in (
        ("/Producer", "pdf:Producer"),
        ("/Title", "dc:title"),
        ("/Author", "dc:creator"),
        ("/Subject", "dc:description"),
        ("/Creator", "xmp:CreatorTool"),
    ):
        if info_key in info and str(info[info_key]) != properties.get(xmp_key):
            problems.append(f"info {info_key} {str(info[info_key])!r} != XMP {properties.get(xmp_key)!r}")
    return problems


# --------------------------------------------------------------------------------------------
# Verification: was this signed by this municipality?
#
# A valid signature proves only that the holder of some key signed. Citizens ask whether the
# municipality signed, so trust is pinned to the municipality's own signing certificates
# (the configured one and the earlier ones it kept, each with its validity period), not to a
# certificate authority: anyone else holding a certificate from the same authority signs
# "as someone else". Reading the file (`inspect_signed_pdf`) is separate from judging it
# (`judge`): the first parses hostile input and runs in a limited child process; it returns
# plain facts. The second is pure and says what they mean, in the reader's language.


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
        "subject": _name_text(cert.subject),
        "issuer": _name_text(cert.issuer),
        "valid_from": validity["not_before"].native,
        "valid_until": validity["not_after"].native,
        "is_demo": _is_demo_certificate(cert),
    }


def _name_text(name) -> str:
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
        if getattr(settings, "REPLY_SIGNING_PKCS12", "") or (_demo_dir() / DEMO_BUNDLE_NAME).exists():
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
    status = _outside_event_loop(validate_pdf_signature, signature, signer_context, timestamp_context)
    facts.intact = bool(status.intact and status.valid)
    facts.covers_whole_file = facts.intact and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if status.signing_cert is not None:
        facts.signer_der = status.signing_cert.dump()
    stamp = status.timestamp_validity
    if facts.intact and stamp is not None and stamp.intact and stamp.valid and stamp.trusted:
        facts.timestamp_at = stamp.timestamp
        if stamp.signing_cert is not None:
            facts.timestamp_authority = _name_text(stamp.signing_cert.subject)


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


def _is_demo_certificate(cert) -> bool:
    subject = cert.subject.native
    return (
        subject.get("organization_name") == DEMO_ORGANIZATION or subject.get("common_name") == DEMO_SIGNER_CN
    )


def warm_up(*, sign: bool = True) -> float:
    """Render (and sign) the example reply once and throw it away, so that the first reply a
    process makes is as fast as the later ones: the first render sets up Pango and fontconfig
    and loads the fonts, the first signature imports pyHanko and subsets the stamp font (together
    one to several seconds). The web process calls it at start (`config/wsgi.py`, `asgi.py`;
    `REPLY_PDF_WARM_UP`). Returns the seconds it took; never raises (a failure is logged, and
    the first reply then simply pays the set-up)."""
    import logging
    import time

    from .document import example_document
    from .pdf import render_reply_pdf

    start = time.perf_counter()
    try:
        data = render_reply_pdf(example_document(demo_certificate=True))
        if sign:
            sign_pdf(data, credentials=load_credentials(), signer_name="Warm-up", reason="-", location="-")
    except Exception:
        logging.getLogger(__name__).exception("Warming up the reply PDF failed")
    return time.perf_counter() - start


def warm_up_if_configured() -> None:
    """`warm_up()` in a web process's start-up unless REPLY_PDF_WARM_UP is off."""
    if getattr(settings, "REPLY_PDF_WARM_UP", False):
        warm_up()
