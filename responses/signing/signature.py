"""Sign a reply PDF: PAdES B-B with a visible stamp, in an incremental update.

PDF/A (the reply is PDF/A-3a, tagged) survives signing: pyHanko rewrites the XMP packet in the
incremental update (it keeps `pdfaid:part`/`conformance` but sets its own `pdf:Producer`) and
appends itself to the info dictionary's /Producer, which would leave the two disagreeing (a PDF/A
violation). We drop /Producer from the info dictionary in the same incremental update before
signing, so pyHanko writes the same value to both, and check the signed bytes afterwards
(`pdfa.pdfa_problems`). The signature field is labelled and tagged in the same update, so the
structure tree stays complete.
"""

from __future__ import annotations

import functools
import io
import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from responses.pdf import SIGNATURE_ANCHOR
from responses.signing.credentials import DEMO_NOTE, SigningCredentials
from responses.signing.event_loop import outside_event_loop
from responses.signing.pdfa import input_pdfa_conformance, pdfa_problems

logger = logging.getLogger(__name__)

STAMP_WIDTH = 226.8  # 80 mm in PDF points, the size of the box in the template's signature block
STAMP_HEIGHT = 68.0  # 24 mm


class SigningError(Exception):
    """The PDF could not be signed, or the signed PDF would not be what we promise."""


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
    conformance = input_pdfa_conformance(pdf_bytes)
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
    signed = outside_event_loop(pdf_signer.sign_pdf, writer, appearance_text_params=text_params).getvalue()

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
