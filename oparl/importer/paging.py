"""Lists of a council information system page by page: the `modified_since` filter kept on
every page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit


def since_parameter(moment: datetime) -> str:
    """`modified_since` as every server takes it: UTC, whole seconds, nothing to percent-encode
    (SessionNet refuses fractions and answers 404 to an encoded query)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _with_since(url: str, since: str) -> str:
    """Adds (or replaces) `modified_since` and leaves the rest of the query as the server wrote
    it; re-encoding it would change what some servers match."""
    parts = urlsplit(url)
    kept = [part for part in parts.query.split("&") if part and not part.startswith("modified_since=")]
    return urlunsplit(parts._replace(query="&".join([*kept, f"modified_since={since}"])))


def _has_since(url: str) -> bool:
    return any(key == "modified_since" for key, _ in parse_qsl(urlsplit(url).query))


def _page_items(page: Any) -> list | None:
    """The objects of a list page: `{"data": [...]}`, a bare list (SD.NET's empty meeting list),
    or one object where a list belongs (SD.NET RIM 4.8's `/body`)."""
    if isinstance(page, list):
        return page
    if isinstance(page, dict):
        if isinstance(page.get("data"), list):
            return page["data"]
        if "data" not in page and isinstance(page.get("id"), str):
            return [page]
    return None
