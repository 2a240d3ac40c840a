"""Render the reply letter (`ReplyDocument`) to a PDF/A-3b file with its data attached.

The letter is `templates/responses/reply_pdf.html` with `static/responses/reply_pdf.css`, laid out
by WeasyPrint. Fonts are the Noto Sans files vendored in `static/fonts/`, so the PDF does not
depend on the fonts of the machine. WeasyPrint may load only files from the static directory (see
`StaticFilesURLFetcher`): answers are escaped anyway, but a fetcher that cannot reach the network
or the file system is the second lock on the door.

Knows nothing about HTTP or the database; `responses.services` calls it.
"""

from __future__ import annotations

import json
import logging
import mimetypes
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .document import ReplyDocument, format_date
from .markup import render_markup

logger = logging.getLogger(__name__)

TEMPLATE_NAME = "responses/reply_pdf.html"
ATTACHMENT_NAME = "reply.json"
# The id of the empty box in the signature block; WeasyPrint turns it into a named destination,
# which is how `responses.signing` finds where to put the visible signature.
SIGNATURE_ANCHOR = "signature-stamp"


def static_root() -> Path:
    return (Path(settings.BASE_DIR) / "static").resolve()


def _url_fetcher_base():
    # Imported lazily: loading WeasyPrint loads Pango, which manage.py commands unrelated to PDFs
    # should not pay for.
    from weasyprint.urls import URLFetcher

    return URLFetcher


class _FetchRefused(ValueError):
    pass


def make_url_fetcher(root: Path | None = None):
    """A WeasyPrint URL fetcher that serves `data:` URLs and files under `root` (default: the
    static directory), and refuses everything else: http(s), ftp, and files outside `root`
    (also through `..` or symlinks)."""
    base = _url_fetcher_base()
    root = (root or static_root()).resolve()

    class StaticFilesURLFetcher(base):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                raise _FetchRefused(f"refused to fetch {url!r}: only static files may be loaded")
            path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                raise _FetchRefused(f"refused to fetch {url!r}: not a file under {root}")
            from weasyprint.urls import URLFetcherResponse

            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    # Refusals are warnings in WeasyPrint's log, not errors: the letter still renders without
    # the resource, and nothing in our own template needs anything but fonts and the CSS.
    return StaticFilesURLFetcher(timeout=5, fail_on_errors=False)


def _question_rows(doc: ReplyDocument) -> list[dict]:
    return [
        {
            "depth": depth,
            "label": question.label,
            "text_html": render_markup(question.text),
            "answer_html": render_markup(question.answer_text),
            "has_answer": bool(question.answer_text.strip()),
        }
        for depth, question in doc.iter_questions()
    ]


def reply_context(doc: ReplyDocument, *, now: datetime | None = None) -> dict:
    """Everything the template needs; the texts with markup are rendered (and escaped) here."""
    now = now or timezone.now()
    return {
        "doc": doc,
        "subject": doc.subject_line,
        "letter_date": format_date(doc.letter_on),
        "inquiry_date": format_date(doc.inquiry_on),
        "received_date": format_date(doc.inquiry_received_on),
        "intro_html": render_markup(doc.intro),
        "questions": _question_rows(doc),
        "created_iso": now.replace(microsecond=0).isoformat(),
        "signature_anchor": SIGNATURE_ANCHOR,
    }


def render_reply_html(doc: ReplyDocument) -> str:
    return render_to_string(TEMPLATE_NAME, reply_context(doc))


def render_reply_pdf(doc: ReplyDocument) -> bytes:
    """The letter as PDF/A-3b with `reply.json` (`doc.to_json_dict()`) attached as "Data".

    The first call in a process takes up to a second (Pango and fontconfig set-up); later calls
    take a fraction of that, so render in a long-lived worker, not a fresh process per PDF.
    Nothing is cached between calls that holds document content."""
    from weasyprint import HTML, Attachment

    root = static_root()
    fetcher = make_url_fetcher(root)
    data = json.dumps(doc.to_json_dict(), ensure_ascii=False, indent=2).encode()
    attachment = Attachment(
        string=data,
        name=ATTACHMENT_NAME,
        description="Anfrage, Fragen und Antworten als strukturierte Daten (JSON)",
        relationship="Data",
        url_fetcher=fetcher,
    )
    html = HTML(string=render_reply_html(doc), base_url=root.as_uri() + "/", url_fetcher=fetcher)
    return html.write_pdf(pdf_variant="pdf/a-3b", attachments=[attachment])
