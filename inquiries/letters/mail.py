"""E-mail saved as .eml and Outlook .msg: the attached letter if there is one, else the body with
the mail's sender, date and subject in front (in the form the reader knows from pasted mails).
Runs in the limited child process (see extract.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from .base import LetterError, _

# reads an attached document: (bytes, lower-case file name) -> (text, note)
ReadDocument = Callable[[bytes, str], tuple[str, str]]

_LETTER_SUFFIXES = (".pdf", ".docx", ".odt", ".rtf", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def _mail_head(sender: str, to: str, subject: str, date: str) -> str:
    """The mail's fields in the form the letter reader knows from pasted e-mails."""
    fields = [("Von", sender), ("An", to), ("Datum", date), ("Betreff", subject)]
    return "\n".join(f"{label}: {' '.join(value.split())}" for label, value in fields if value) + "\n\n"


def _attached_letter(attachments: list[tuple[str, bytes]], read: ReadDocument) -> tuple[str, str] | None:
    """The text of the first attachment that is a letter (PDF, Word, OpenDocument, RTF, text)."""
    for name, payload in attachments:
        if name.lower().endswith(_LETTER_SUFFIXES) and payload:
            return read(payload, name.lower())
    return None


def eml_text(data: bytes, read: ReadDocument) -> tuple[str, str]:
    from email import policy
    from email.parser import BytesParser

    message = BytesParser(policy=policy.default).parsebytes(data)
    attachments = [
        (part.get_filename() or "", part.get_payload(decode=True) or b"")
        for part in message.iter_attachments()
        if not part.is_multipart()
    ]
    attached = _attached_letter(attachments, read)
    if attached is not None:
        return attached
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        raise LetterError(_("The e-mail contains no text and no attached letter."))
    text = body.get_content()
    if body.get_content_type() == "text/html":
        text = _html_to_text(text)
    head = _mail_head(
        str(message["from"] or ""),
        str(message["to"] or ""),
        str(message["subject"] or ""),
        str(message["date"] or ""),
    )
    return head + text, ""


def msg_text(data: bytes, read: ReadDocument) -> tuple[str, str]:
    import extract_msg

    try:
        message = extract_msg.openMsg(data)
    except Exception as exc:
        raise LetterError(_("The Outlook message (.msg) is damaged or incomplete.")) from exc
    try:
        attachments = []
        for attachment in message.attachments:
            payload = getattr(attachment, "data", None)
            name = (
                getattr(attachment, "longFilename", None) or getattr(attachment, "shortFilename", None) or ""
            )
            if isinstance(payload, bytes):
                attachments.append((name, payload))
        attached = _attached_letter(attachments, read)
        if attached is not None:
            return attached
        text = message.body or ""
        if not text.strip() and message.htmlBody:
            html = message.htmlBody
            text = _html_to_text(html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
        head = _mail_head(
            str(message.sender or ""),
            str(message.to or ""),
            str(message.subject or ""),
            str(message.date or ""),
        )
        return head + text, ""
    finally:
        message.close()


def _html_to_text(html: str) -> str:
    from html import unescape

    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", html)
    html = re.sub(r"(?i)<br\s*/?>|</(?:p|div|li|tr|h[1-6])>", "\n", html)
    html = re.sub(r"(?i)<li\b[^>]*>", "- ", html)
    return unescape(re.sub(r"<[^>]+>", "", html))
