"""Render the reply letter (`ReplyDocument`) to a tagged PDF/A-3a file with its data attached.

The letter is `templates/responses/reply_pdf.html` with `static/responses/reply_pdf.css`, laid out
by WeasyPrint. Fonts are the Noto Sans files vendored in `static/fonts/`, so the PDF does not
depend on the fonts of the machine. WeasyPrint may load only files from the static directory (see
`StaticFilesURLFetcher`): answers are escaped anyway, but a fetcher that cannot reach the network
or the file system is the second lock on the door.

Knows nothing about HTTP or the database; `responses.services` calls it.
"""

from __future__ import annotations

import functools
import json
import mimetypes
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .document import ReplyDocument, format_date
from .markup import render_markup

TEMPLATE_NAME = "responses/reply_pdf.html"
ATTACHMENT_NAME = "reply.json"
# PDF/A-3a: PDF/A-3 at the accessible level, i.e. tagged (structure tree, reading order, language,
# alternative texts), as public bodies must publish (BITV 2.0). WeasyPrint tags the HTML's
# elements, sets /Lang from <html lang> and the viewer preference DisplayDocTitle.
PDF_VARIANT = "pdf/a-3a"
# The id of the empty box in the signature block; WeasyPrint turns it into a named destination,
# which is how `responses.signing.signature` finds where to put the visible signature.
SIGNATURE_ANCHOR = "signature-stamp"


def static_root() -> Path:
    return (Path(settings.BASE_DIR) / "static").resolve()


class FetchRefused(ValueError):
    """WeasyPrint asked for something outside the static directory."""


@functools.cache
def _fetcher_class():
    # Imported lazily: importing WeasyPrint loads Pango, which manage.py commands that make no
    # PDF should not pay for.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesURLFetcher(URLFetcher):
        def __init__(self, root: Path, **kwargs):
            super().__init__(**kwargs)
            self.root = root

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file" or parts.netloc not in ("", "localhost"):
                raise FetchRefused(f"refused to fetch {url!r}: only static files may be loaded")
            path = Path(url2pathname(parts.path)).resolve()  # resolves "..", symlinks
            if not path.is_relative_to(self.root) or not path.is_file():
                raise FetchRefused(f"refused to fetch {url!r}: not a file under {self.root}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticFilesURLFetcher


def make_url_fetcher(root: Path | None = None):
    """A WeasyPrint URL fetcher that serves `data:` URLs and files under `root` (default: the
    static directory), and refuses everything else: http(s), ftp, other hosts, and files
    outside `root` (also through `..` or symlinks).

    A refusal is a warning in WeasyPrint's log, not an error: the letter still renders without
    the resource, and our own template needs nothing but its stylesheet and fonts."""
    return _fetcher_class()(root=(root or static_root()).resolve(), timeout=5, fail_on_errors=False)


def _question_rows(doc: ReplyDocument) -> list[dict]:
    return [
        {
            "depth": depth,
            # the subject is h1; questions h2, sub-questions h3 …
            "heading_level": min(depth + 2, 6),
            "label": question.label_at(depth),
            "text_html": render_markup(question.text),
            "answer_html": render_markup(question.answer_text),
            "has_answer": bool(question.answer_text.strip()),
            "sub_questions_note": question.sub_questions_note,
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


def render_reply_html(doc: ReplyDocument, *, now: datetime | None = None) -> str:
    return render_to_string(TEMPLATE_NAME, reply_context(doc, now=now))


def render_reply_pdf(doc: ReplyDocument) -> bytes:
    """The letter as tagged PDF/A-3a with `reply.json` (`doc.to_json_dict()`) attached as "Data".

    The first call in a process takes one to three seconds (Pango and fontconfig set-up, more
    with many system fonts); later calls a few hundred milliseconds, so render in a long-lived
    worker, not a fresh process per PDF. Nothing that holds document content outlives a call."""
    from weasyprint import HTML, Attachment

    doc = doc.printable()
    root = static_root()
    fetcher = make_url_fetcher(root)
    # One moment for every date in the file, in UTC: WeasyPrint writes the attachment's dates
    # with a "Z" whatever it is given, and without them a naive local time.
    now = timezone.now().astimezone(UTC).replace(microsecond=0)
    data = json.dumps(doc.to_json_dict(), ensure_ascii=False, indent=2).encode()
    attachment = Attachment(
        string=data,
        name=ATTACHMENT_NAME,
        description="Anfrage, Fragen und Antworten als strukturierte Daten (JSON)",
        relationship="Data",
        url_fetcher=fetcher,
        created=now,
        modified=now,
    )
    # the annexes as associated files of the document, so that the signature covers them
    annexes = [
        Attachment(
            string=annex.data,
            name=annex.name,
            description=f"Anlage {position}: {annex.title}",
            relationship="Supplement",
            url_fetcher=fetcher,
            created=now,
            modified=now,
        )
        for position, annex in enumerate(doc.annexes, start=1)
        if annex.data
    ]
    html = HTML(string=render_reply_html(doc, now=now), base_url=root.as_uri() + "/", url_fetcher=fetcher)
    return html.write_pdf(
        pdf_variant=PDF_VARIANT, attachments=[attachment, *annexes], finisher=_dedupe_associated_files
    )


def _dedupe_associated_files(_document, pdf) -> None:
    """WeasyPrint 70 lists the attachment twice in the catalog's /AF array (it finds the file
    specification both in the name tree and among all objects); once is right."""
    files = pdf.catalog.get("AF")
    if files:
        files[:] = list(dict.fromkeys(files))
