"""Real responses of three vendors' council information systems, served by their own mock
server (`shared/oparl-real/`, beside the repository; never copied into it).

The data's URLs name http://127.0.0.1:8106. Each test session starts the mock's `Server` on a
free port instead (two test workers, and anyone's own mock on 8106, must not collide), and the
importer's requests reach it through `fetcher()`: the normal Fetcher, with every limit and the
host check, that only connects to the mock's port.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import threading
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings

from oparl.importer import Fetcher

BASE = "http://127.0.0.1:8106"
SYSTEMS = {
    "sdnet": f"{BASE}/sdnet/rim4220/webservice/oparl/v1.0/system",
    "sessionnet": f"{BASE}/sessionnet/oparl/system",
    "allris": f"{BASE}/allris/augsburg/public/oparl/system",
    "krefeld": f"{BASE}/krefeld/webservice/oparl/v1.0/system",
}
ALL_QUIRKS = {
    "sternberg-empty",
    "sessionnet-org-unfiltered",
    "somacos-encoded-404",
    "somacos-no-fraction",
    "next-drops-filter",
}


def shared_dir() -> Path:
    """`shared/` beside the repository (CI: beside the clone), or beside the folder of
    worktrees; RATSANFRAGEN_SHARED overrides."""
    base = Path(settings.BASE_DIR).resolve()
    candidates = [base.parent / "shared", base.parent.parent / "shared"]
    if os.environ.get("RATSANFRAGEN_SHARED"):
        candidates.insert(0, Path(os.environ["RATSANFRAGEN_SHARED"]))
    for candidate in candidates:
        if (candidate / "oparl-real" / "server.py").exists():
            return candidate
    pytest.fail(f"the real OParl data is missing: looked for oparl-real/ in {[str(c) for c in candidates]}")


def _module(name: str) -> ModuleType:
    path = shared_dir() / "oparl-real" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"oparl_real_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def raw(tenant: str) -> dict:
    """A tenant's data as the mock reads it (without overlays)."""
    data = shared_dir() / "oparl-real" / "data"
    packed, plain = data / f"{tenant}.json.gz", data / f"{tenant}.json"
    if packed.exists():
        return json.loads(gzip.decompress(packed.read_bytes()))
    return json.loads(plain.read_text(encoding="utf-8"))


class RealServer:
    def __init__(self, overlays: Path, quirks: set[str]):
        module = _module("server")
        self.overlays = overlays
        self.server = module.Server(shared_dir() / "oparl-real" / "data", overlays, BASE, set(quirks), None)
        self.requests: list[str] = []
        mock = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                mock.requests.append(self.path)
                status, content_type, body = mock.server.handle(self.path)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def quirks(self) -> set[str]:
        return self.server.quirks

    def fetcher(self, **kwargs) -> Fetcher:
        return self.fetcher_class()(**kwargs)

    def fetcher_class(self) -> type[Fetcher]:
        port = self.port

        class ToMock(Fetcher):
            def _connection(self, scheme, host, port_, timeout):
                return super()._connection("http", "127.0.0.1", port, timeout)

        return ToMock

    def lists(self, tenant: str) -> dict[str, list]:
        """The tenant's lists as the mock serves them now, overlays included."""
        found = next(t for t in self.server.tenants if t.name == tenant)
        found.refresh()
        return found.lists

    def apply_scenario(self, *, modified: datetime, yesterday: date) -> None:
        """The upstream changes of `scenario.py incremental`, stamped `modified`."""
        scenario = _module("scenario")
        scenario.OVERLAYS = self.overlays
        scenario.MODE = "incremental"
        scenario.NOW = modified.replace(microsecond=0).isoformat()
        scenario.YESTERDAY = yesterday.isoformat()
        scenario.main()

    def reset_scenario(self) -> None:
        for path in self.overlays.glob("*.overlay.json"):
            path.unlink()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def in_force(lists: dict[str, list], today: date) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(organization, person) pairs with a membership in force on `today`, and chairs, straight
    from the raw data: not deleted, no end date or one not yet passed, begun. A chair's role
    names "vorsitz" and is no deputy's."""
    pairs, chairs = set(), set()
    for url, items in lists.items():
        if not ("/person" in url or "/people" in url):
            continue
        for person in items:
            if not isinstance(person, dict) or person.get("deleted") is True:
                continue
            for membership in person.get("membership") or []:
                if not isinstance(membership, dict) or membership.get("deleted") is True:
                    continue
                if membership.get("endDate") and membership["endDate"][:10] < today.isoformat():
                    continue
                if membership.get("startDate") and membership["startDate"][:10] > today.isoformat():
                    continue
                pair = (membership["organization"], person["id"])
                pairs.add(pair)
                role = (membership.get("role") or "").lower()
                if "vorsitz" in role and "stellv" not in role:
                    chairs.add(pair)
    return pairs, chairs
