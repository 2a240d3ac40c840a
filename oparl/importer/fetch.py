"""Reading JSON from a council information system, within bounds.

The remote server is not trusted. It may answer byte by byte for hours, send gigabytes, nest
JSON ten thousand levels deep, redirect or link to another host. Every request here therefore

- goes only to the host and port of the System URL the import was started with (links and
  redirects elsewhere are refused), over http or https;
- has a total time limit: a watchdog closes the connection when it is over, however slowly the
  server drips;
- reads at most `max_bytes`, and refuses JSON nested deeper than `max_depth` levels;
- ends in `FetchError` (with the HTTP status, and the parsed body of an error answer when there
  is one), never in a traceback.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import threading
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

DEFAULT_TIMEOUT = 30.0  # seconds per request, from connecting to the last byte
MAX_RESPONSE_BYTES = 20 * 1024 * 1024  # the largest real page seen: 1.2 MB (SessionNet, 100 meetings)
MAX_DEPTH = 32  # real pages nest 7 levels deep
MAX_REDIRECTS = 5
USER_AGENT = "Ratsanfragen-OParl-Import/2"
_REDIRECTS = {301, 302, 303, 307, 308}
_DEFAULT_PORTS = {"http": 80, "https": 443}


class FetchError(Exception):
    def __init__(self, message: str, *, status: int | None = None, payload: Any = None):
        super().__init__(message)
        self.status = status
        self.payload = payload


def check_url(url: object) -> str:
    """Only http(s) with a host: a remote server must not make us read local files or other
    schemes."""
    if not isinstance(url, str):
        raise FetchError(f"not a URL: {str(url)[:80]!r}")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        raise FetchError(f"not an http(s) URL: {url[:200]!r}") from None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url[:200]!r}")
    return url


def _origin(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS[parts.scheme]


def parse_json(body: bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """JSON from bytes, or FetchError: not UTF-8, not JSON, NaN/Infinity, numbers too long,
    nesting deeper than `max_depth`."""
    try:
        data = json.loads(body.decode("utf-8-sig"), parse_constant=_refuse_constant)
    except RecursionError:
        raise FetchError(f"JSON nested deeper than {max_depth} levels") from None
    except ValueError as error:  # also UnicodeDecodeError and JSONDecodeError
        raise FetchError(f"not JSON ({str(error)[:120]})") from None
    if _deeper_than(data, max_depth):
        raise FetchError(f"JSON nested deeper than {max_depth} levels")
    return data


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _deeper_than(data: Any, limit: int) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class Fetcher:
    """GETs JSON within the limits above. `restrict_to(url)` pins the host and port."""

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = MAX_RESPONSE_BYTES,
        max_depth: int = MAX_DEPTH,
    ):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_depth = max_depth
        self.origin: tuple[str, int] | None = None

    def restrict_to(self, url: str) -> None:
        self.origin = _origin(check_url(url))

    def check(self, url: object) -> str:
        """An http(s) URL on the pinned host and port, or FetchError."""
        url = check_url(url)
        if self.origin is not None and _origin(url) != self.origin:
            host, port = self.origin
            raise FetchError(f"refused: {url[:200]} is not on {host}:{port}, the system's host")
        return url

    def get_json(self, url: object) -> Any:
        """The JSON at `url`. An HTTP error status raises FetchError with `status` and the
        error body's JSON as `payload` (None if it is not JSON)."""
        url = self.check(url)
        for _ in range(MAX_REDIRECTS + 1):
            status, location, body = self._get(url)
            if status in _REDIRECTS and location:
                url = self.check(urljoin(url, location))
                continue
            if status >= 400:
                try:
                    payload = parse_json(body, max_depth=self.max_depth)
                except FetchError:
                    payload = None
                raise FetchError(f"HTTP {status}", status=status, payload=payload)
            return parse_json(body, max_depth=self.max_depth)
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _connection(self, scheme: str, host: str, port: int, timeout: float) -> http.client.HTTPConnection:
        if scheme == "https":
            return http.client.HTTPSConnection(
                host, port, timeout=timeout, context=ssl.create_default_context()
            )
        return http.client.HTTPConnection(host, port, timeout=timeout)

    def _get(self, url: str) -> tuple[int, str | None, bytes]:
        parts = urlsplit(url)
        deadline = time.monotonic() + self.timeout
        connection = self._connection(
            parts.scheme, parts.hostname or "", parts.port or _DEFAULT_PORTS[parts.scheme], self.timeout
        )
        # The socket timeout bounds each read; only the watchdog bounds them all together.
        expired = threading.Event()
        watchdog = threading.Timer(self.timeout, _expire, args=(connection, expired))
        watchdog.daemon = True
        watchdog.start()
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("GET", path, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
            response = connection.getresponse()
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > self.max_bytes:
                raise FetchError(f"response larger than {self.max_bytes} bytes", status=response.status)
            chunks, size = [], 0
            while chunk := response.read1(65536):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(f"response larger than {self.max_bytes} bytes", status=response.status)
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunks.append(chunk)
            if expired.is_set():  # the watchdog's shutdown looks like the end of the answer
                raise TimeoutError
            return response.status, response.getheader("Location"), b"".join(chunks)
        except FetchError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as error:
            if expired.is_set() or time.monotonic() >= deadline or isinstance(error, TimeoutError):
                raise FetchError(f"no complete answer within {self.timeout:g} s") from None
            raise FetchError(str(error)[:200] or error.__class__.__name__) from None
        finally:
            watchdog.cancel()
            connection.close()


def _expire(connection: http.client.HTTPConnection, expired: threading.Event) -> None:
    """Ends a request that ran out of time. Wakes a read blocked in another thread: shutdown,
    not close."""
    expired.set()
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
