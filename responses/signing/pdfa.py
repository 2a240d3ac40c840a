"""What can be checked of PDF/A-3 without a validator: the XMP identification, the output intent,
the info dictionary against the XMP, and for level A the tags and the language."""

from __future__ import annotations

import io
import re
from xml.etree import ElementTree

# The PDF/A level of the reply letter: A (accessible: tagged), see responses.pdf.PDF_VARIANT.
PDFA_CONFORMANCE = "A"

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


def input_pdfa_conformance(pdf_bytes: bytes) -> str | None:
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
