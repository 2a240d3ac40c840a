"""Whether an uploaded annex is what its name says: decided by its content (PDF, PNG, JPEG,
Office Open XML, OpenDocument, legacy Office). No models here: `_zip_facts` runs in a limited
child process (`inquiries.bounded`), which imports this module without Django's app registry."""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext

from inquiries.bounded import Limits, TooComplex, run_bounded

ANNEX_MAX_BYTES = 10 * 1024 * 1024
MAX_ANNEXES = 10  # per answer and per reply
TITLE_MAX = 200

# (first bytes, type, extensions): checked by content, the extension only has to agree
_MAGIC = (
    (b"%PDF-", "application/pdf", {"pdf"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {"png"}),
    (b"\xff\xd8\xff", "image/jpeg", {"jpg", "jpeg"}),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", {"doc", "xls"}),
)
_OLE_TYPES = {"doc": "application/msword", "xls": "application/vnd.ms-excel"}
# Office Open XML and OpenDocument are ZIP archives; what they are is read from their contents
_ZIP_TYPES = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": ("mimetype:application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text"),
    "ods": (
        "mimetype:application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
}
ALLOWED_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "odt", "ods", "doc", "xls")


class AnnexError(Exception):
    """An annex refused; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _zip_facts(data: bytes) -> dict:
    """Names in the archive and its `mimetype` entry; runs in a limited child (hostile input)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()[:5000]
        mimetype = ""
        if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
        return {"names": set(names), "mimetype": mimetype}


def annex_type(data: bytes, file_name: str) -> str:
    """The file's MIME type, decided by its content; `AnnexError` unless it is a PDF, an image
    (PNG, JPEG), a spreadsheet or a Word document whose content agrees with its extension."""
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise AnnexError(gettext("Attach PDF files, images (PNG, JPEG), spreadsheets or Word documents."))
    if len(data) > ANNEX_MAX_BYTES:
        raise AnnexError(gettext("An annex may be at most 10 MB."))
    for magic, kind, extensions in _MAGIC:
        if data.startswith(magic) and extension in extensions:
            return _OLE_TYPES.get(extension, kind)
    if extension in _ZIP_TYPES and data.startswith(b"PK\x03\x04"):
        marker, kind = _ZIP_TYPES[extension]
        try:
            facts = run_bounded(_zip_facts, data, limits=Limits(cpu_seconds=5, wall_seconds=10))
        except (TooComplex, zipfile.BadZipFile, KeyError, ValueError, OSError):
            facts = {"names": set(), "mimetype": ""}
        if marker.startswith("mimetype:"):
            if facts["mimetype"] == marker.removeprefix("mimetype:"):
                return kind
        elif marker in facts["names"]:
            return kind
    raise AnnexError(gettext("The file's content is not what its name says; it was not attached."))
