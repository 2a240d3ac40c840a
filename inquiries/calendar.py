"""A minimal RFC 5545 writer for the deadline feed: all-day events, escaped text, folded lines.

Written by hand because the feed needs four properties and no dependency is worth that.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from django.utils.translation import gettext as _

from inquiries.models import Inquiry


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line to at most 75 octets per physical line (§3.1), never inside a
    UTF-8 sequence; continuation lines start with one space."""
    parts: list[str] = []
    current, size = "", 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _date(value: date) -> str:
    return value.strftime("%Y%m%d")


def deadlines_calendar(inquiries: Iterable[Inquiry], *, base_url: str, now: datetime | None = None) -> str:
    """One all-day event per open inquiry on its effective deadline (the expected date after
    an interim reply, else the deadline), and one on the date the rules of procedure set for an
    interim reply while none has been sent. Reads `inquiry.committee`; select_related it."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    host = base_url.split("://", 1)[-1]
    name = _("Inquiry deadlines")  # not inside the f-string below: makemessages would miss it
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Ratsanfragen//Fristen//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for inquiry in inquiries:
        due = inquiry.effective_due_on
        if due is None:
            continue
        values = {"reference": inquiry.reference or "–", "subject": inquiry.subject}
        description = inquiry.deadline_reason or ""
        if inquiry.committee_id:
            description = f"{inquiry.committee.name}\n{description}".strip()
        url = f"{base_url}{inquiry.get_absolute_url()}"
        lines += _event(
            f"inquiry-{inquiry.pk}-deadline@{host}",
            stamp=stamp,
            on=due,
            summary=_("Deadline %(reference)s: %(subject)s") % values,
            description=description,
            url=url,
        )
        if inquiry.interim_reply_pending_on:
            lines += _event(
                f"inquiry-{inquiry.pk}-interim-reply@{host}",
                stamp=stamp,
                on=inquiry.interim_reply_pending_on,
                summary=_("Interim reply due %(reference)s: %(subject)s") % values,
                description=description,
                url=url,
            )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _event(uid: str, *, stamp: str, on: date, summary: str, description: str, url: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(on)}",
        f"DTEND;VALUE=DATE:{_date(on + timedelta(days=1))}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]
