"""Reading the sloppy values of real servers: missing, empty, `null`, a string where a list
belongs, an embedded object where a URL belongs, a date where a date-time belongs."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def text(value: object, max_length: int) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())[:max_length]


def moment(value: object) -> datetime | None:
    """ISO 8601 date-time; without a time zone it is local time; a bare date is midnight."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        found = parse_datetime(value)
        if found is None and (only_date := parse_date(value)):
            found = datetime.combine(only_date, time.min)
        if found is None:
            return None
        found = timezone.make_aware(found) if timezone.is_naive(found) else found
        found.astimezone(UTC)  # year 1 or 9999 near the edge of what can be stored
    except (ValueError, OverflowError):
        return None
    return found


def day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_date(value.strip()[:10])
    except ValueError:
        return None


def flag(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def optional_flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def urls(value: object) -> list[str]:
    """A list of references, also when a server sends one string or embedded objects."""
    if isinstance(value, str | dict):
        value = [value]
    if not isinstance(value, list):
        return []
    found = []
    for item in value:
        if isinstance(item, dict):
            item = item.get("id")
        if isinstance(item, str):
            found.append(item)
    return found


def id_tail(url: str) -> str:
    """The part of an id that tells objects apart: "gr/53137", "organizations?typ=gr&id=19"."""
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    tail = "/".join(segments[-2:]) if len(segments) > 1 else "".join(segments)
    if parts.query:
        tail = f"{segments[-1] if segments else ''}?{parts.query}"
    return tail[:120]


def split_name(name: str) -> tuple[str, str]:
    """Given and family name from "Prof. Dr. Max Mustermann": titles end with a dot."""
    words = [word for word in name.split() if not word.endswith(".")]
    if not words:
        return "", name
    return " ".join(words[:-1]), words[-1]


def username(oparl_id: str) -> str:
    # Never from the remote name: stable, unique and free of anything a vendor sends.
    return "oparl-" + hashlib.sha256(oparl_id.encode()).hexdigest()[:16]
