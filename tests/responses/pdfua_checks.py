"""Machine checks of a PDF against PDF/UA-1, after the Matterhorn Protocol's machine-checkable
failure conditions (PDF Association, Matterhorn 1.1), by checkpoint. No PDF/UA validator
(veraPDF, PAC) runs on this machine; these are the conditions that can be decided from the file.
Each function takes a pypdf reader and returns the problems it found (empty: the condition holds).
What only a person can judge (meaningful alternative text, reading order that makes sense,
no meaning carried by colour alone, contrast) is not here."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject, NameObject

# ISO 32000-1, 14.8.4: the standard structure types (PDF/UA-1 7.1: others must be role-mapped)
STANDARD_TYPES = {
    *"Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private".split(),
    *"P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot".split(),
    *"Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP".split(),
    *"Figure Formula Form".split(),
}
PAINTING = {b"Tj", b"TJ", b"'", b'"', b"Do", b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"sh"}
PAINTING |= {b"INLINE IMAGE"}
XMP = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
}


def _kids(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, ArrayObject) else [kids]


def structure_elements(reader: PdfReader) -> Iterator[tuple[DictionaryObject, list[str]]]:
    """Every structure element in the tree's order, with the types of its ancestors."""

    def walk(node, parents):
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if not isinstance(node, DictionaryObject) or node.get("/Type") in ("/MCR", "/OBJR"):
            return
        yield node, parents
        for kid in _kids(node):
            if isinstance(kid, IndirectObject | DictionaryObject):
                yield from walk(kid, [*parents, str(node["/S"])])

    for kid in _kids(reader.trailer["/Root"]["/StructTreeRoot"]):
        yield from walk(kid, [])


def _parent_tree(reader: PdfReader) -> dict[int, object]:
    numbers = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"].get_object()

    def collect(node):
        node = node.get_object()
        found = {}
        nums = node.get("/Nums", [])
        for key, value in zip(nums[::2], nums[1::2], strict=True):
            found[int(key)] = value
        for kid in node.get("/Kids", []):
            found |= collect(kid)
        return found

    return collect(numbers)


# -- 01 Real content tagged ---------------------------------------------------------------


def untagged_content(reader: PdfReader) -> list[str]:
    """Everything painted on a page lies in marked content that is either an artifact or tagged
    (has an MCID the structure tree refers to through the parent tree); artifacts and tagged
    content are not nested in each other."""
    problems = []
    parents = _parent_tree(reader)
    for number, page in enumerate(reader.pages, start=1):
        referenced = set()
        if "/StructParents" in page:
            entry = parents.get(int(page["/StructParents"]))
            referenced = (
                {i for i, element in enumerate(entry.get_object()) if element is not None} if entry else set()
            )
        stack: list[tuple[str, int | None]] = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"BDC", b"BMC"):
                properties = operands[1] if operator == b"BDC" else None
                if isinstance(properties, NameObject):  # a named property list in the resources
                    properties = page["/Resources"]["/Properties"][properties].get_object()
                mcid = properties.get("/MCID") if isinstance(properties, DictionaryObject) else None
                tag = str(operands[0])
                kinds = {kind for kind, _ in stack}
                if tag == "/Artifact" and "tagged" in kinds or mcid is not None and "artifact" in kinds:
                    problems.append(f"page {number}: artifact and tagged content nested in each other")
                if mcid is not None and int(mcid) not in referenced:
                    problems.append(f"page {number}: MCID {mcid} not in the structure tree")
                stack.append(
                    ("artifact" if tag == "/Artifact" else "tagged" if mcid is not None else "", mcid)
                )
            elif operator == b"EMC":
                stack.pop()
            elif operator in PAINTING and not any(kind for kind, _ in stack):
                problems.append(f"page {number}: {operator.decode()} neither tagged nor an artifact")
    return problems


# -- 02 Role mapping, 09 Appropriate tags -----------------------------------------------------


def nonstandard_types(reader: PdfReader) -> list[str]:
    role_map = reader.trailer["/Root"]["/StructTreeRoot"].get("/RoleMap", {})
    problems = []
    for element, _ in structure_elements(reader):
        kind = str(element["/S"]).lstrip("/")
        mapped = str(role_map.get(f"/{kind}", "")).lstrip("/")
        if kind not in STANDARD_TYPES and mapped not in STANDARD_TYPES:
            problems.append(f"structure type {kind} is neither standard nor role-mapped to one")
    return problems


_PARENTS = {
    "/LI": {"/L"},
    "/Lbl": {"/LI"},
    "/LBody": {"/LI"},
    "/TR": {"/Table", "/THead", "/TBody", "/TFoot"},
    "/TH": {"/TR"},
    "/TD": {"/TR"},
    "/THead": {"/Table"},
    "/TBody": {"/Table"},
    "/TFoot": {"/Table"},
}
_CHILDREN = {
    "/L": {"/LI", "/L", "/Caption"},
    "/LI": {"/Lbl", "/LBody"},
    "/Table": {"/TR", "/THead", "/TBody", "/TFoot", "/Caption"},
    "/TR": {"/TH", "/TD"},
}


def misnested_lists_and_tables(reader: PdfReader) -> list[str]:
    """Lists and tables nest as ISO 32000-1 (tables 336, 337) says (Matterhorn 09-004, 09-005)."""
    problems = []
    for element, parents in structure_elements(reader):
        kind = str(element["/S"])
        if kind in _PARENTS and (not parents or parents[-1] not in _PARENTS[kind]):
            problems.append(f"{kind} inside {parents[-1] if parents else 'nothing'}")
        if kind in _CHILDREN:
            for kid in _kids(element):
                kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
                if (
                    isinstance(kid, DictionaryObject)
                    and "/S" in kid
                    and str(kid["/S"]) not in _CHILDREN[kind]
                ):
                    problems.append(f"{kid['/S']} inside {kind}")
    return problems


# -- 06 Metadata, 07 Dictionary, 11 Natural language, 26 Security -------------------------------


def _true(value) -> bool:
    """pypdf's BooleanObject is truthy whatever it holds."""
    return bool(getattr(value, "value", value))


def document_level_problems(reader: PdfReader, *, require_pdfua_id: bool) -> list[str]:
    catalog = reader.trailer["/Root"]
    problems = []
    if not _true(catalog.get("/MarkInfo", {}).get("/Marked")):
        problems.append("/MarkInfo /Marked is not true")
    if _true(catalog.get("/MarkInfo", {}).get("/Suspects")):
        problems.append("/MarkInfo /Suspects is true")
    if not str(catalog.get("/Lang", "")).strip():
        problems.append("no /Lang")
    if not _true(catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle")):
        problems.append("/DisplayDocTitle is not true")
    if "/Encrypt" in reader.trailer:
        problems.append("encrypted")
    if "/Metadata" not in catalog:
        return [*problems, "no XMP metadata stream"]
    xmp = ElementTree.fromstring(catalog["/Metadata"].get_object().get_data())
    titles = [t for t in xmp.iter(f"{{{XMP['dc']}}}title") if "".join(t.itertext()).strip()]
    if not titles:
        problems.append("no dc:title in XMP")
    if require_pdfua_id:
        parts = [p.text for p in xmp.iter(f"{{{XMP['pdfuaid']}}}part")]
        parts += [d.get(f"{{{XMP['pdfuaid']}}}part") for d in xmp.iter(f"{{{XMP['rdf']}}}Description")]
        if "1" not in parts:
            problems.append("XMP does not identify PDF/UA-1 (pdfuaid:part)")
        # PDF/A: a schema outside its predefined ones is described in an extension schema
        # its namespace URI as text, or (as pyHanko writes it back when signing) as a URI value
        described = [
            n.text or n.get(f"{{{XMP['rdf']}}}resource")
            for n in xmp.iter(f"{{{XMP['pdfaSchema']}}}namespaceURI")
        ]
        if XMP["pdfuaid"] not in described:
            problems.append("pdfuaid is not described as a PDF/A extension schema")
    return problems


# -- 13 Graphics, 14 Headings, 15 Tables -----------------------------------------------------------


def figures_without_alternative(reader: PdfReader) -> list[str]:
    return [
        "Figure without /Alt or /ActualText"
        for element, _ in structure_elements(reader)
        if element["/S"] == "/Figure" and not str(element.get("/Alt", element.get("/ActualText", ""))).strip()
    ]


def heading_problems(reader: PdfReader) -> list[str]:
    """Numbered headings start at H1 and never skip a level going down (14-002, 14-003)."""
    levels = [
        int(str(element["/S"])[2:])
        for element, _ in structure_elements(reader)
        if str(element["/S"]) in {f"/H{n}" for n in range(1, 7)}
    ]
    problems = []
    if levels and levels[0] != 1:
        problems.append(f"the first heading is H{levels[0]}, not H1")
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"H{after} follows H{before}")
    return problems


def table_header_problems(reader: PdfReader) -> list[str]:
    """Every TH has a /Scope, or the table is organised by /Headers and /ID: each TD names
    headers that exist (15-003)."""
    elements = [element for element, _ in structure_elements(reader)]
    ids = {str(e["/ID"]) for e in elements if "/ID" in e}
    problems = []
    for element in elements:
        attributes = element.get("/A", {})
        attributes = attributes.get_object() if isinstance(attributes, IndirectObject) else attributes
        if element["/S"] == "/TH" and "/Scope" not in attributes and "/ID" not in element:
            problems.append("TH with neither /Scope nor /ID")
        if element["/S"] == "/TD" and "/Scope" not in attributes:
            headers = [str(h) for h in attributes.get("/Headers", [])]
            if not headers or not set(headers) <= ids:
                problems.append(f"TD whose headers are not found: {headers}")
    return problems


# -- 21 Embedded files, 28 Annotations, 10/31 Fonts -------------------------------------------------


def embedded_file_problems(reader: PdfReader) -> list[str]:
    names = reader.trailer["/Root"].get("/Names", {}).get("/EmbeddedFiles", {}).get("/Names", [])
    return [
        f"file specification {spec.get_object().get('/F')} lacks /F or /UF (21-001)"
        for spec in names[1::2]
        if not {"/F", "/UF"} <= set(spec.get_object())
    ]


def annotation_problems(reader: PdfReader) -> list[str]:
    """Every annotation is in the structure tree (a widget inside a Form element, its field
    labelled with /TU), and a page with annotations orders its tabs by the structure."""
    parents = _parent_tree(reader)
    problems = []
    for number, page in enumerate(reader.pages, start=1):
        annotations = [a.get_object() for a in page.get("/Annots", [])]
        if annotations and page.get("/Tabs") != "/S":
            problems.append(f"page {number} has annotations but /Tabs is not /S")
        for annotation in annotations:
            if annotation["/Subtype"] == "/Popup":
                continue
            element = parents.get(int(annotation.get("/StructParent", -1)))
            element = element.get_object() if element is not None else None
            if element is None:
                problems.append(f"page {number}: {annotation['/Subtype']} not in the structure tree")
            elif annotation["/Subtype"] == "/Widget":
                if element["/S"] != "/Form":
                    problems.append(f"page {number}: widget inside {element['/S']}, not Form")
                field = annotation.get("/Parent", annotation).get_object()
                if not str(field.get("/TU", annotation.get("/TU", ""))).strip():
                    problems.append(f"page {number}: form field without /TU")
    return problems


def font_problems(reader: PdfReader) -> list[str]:
    """Every font is embedded and maps its codes to Unicode (ToUnicode)."""
    problems = []
    seen = set()
    for page in reader.pages:
        for name, font in page["/Resources"].get("/Font", {}).items():
            font = font.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor):
                problems.append(f"font {font.get('/BaseFont', name)} not embedded")
            if "/ToUnicode" not in font:
                problems.append(f"font {font.get('/BaseFont', name)} has no ToUnicode")
    return problems


def pdfua_problems(reader: PdfReader, *, require_pdfua_id: bool = True) -> list[str]:
    """All of the checks above."""
    return [
        *untagged_content(reader),
        *nonstandard_types(reader),
        *misnested_lists_and_tables(reader),
        *document_level_problems(reader, require_pdfua_id=require_pdfua_id),
        *figures_without_alternative(reader),
        *heading_problems(reader),
        *table_header_problems(reader),
        *embedded_file_problems(reader),
        *annotation_problems(reader),
        *font_problems(reader),
    ]
