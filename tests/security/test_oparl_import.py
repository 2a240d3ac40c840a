"""A hostile council information system: the OParl import stays within its bounds (size,
nesting, time per request, pages per list, the system's own host) and reports what it could
not read with a non-zero exit, never with a traceback. Every bomb is made here, in the test."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inquiries.models import Committee, Meeting
from oparl.importer import Fetcher, FetchError, import_oparl
from oparl.models import OParlImportState
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

TYPE = "https://schema.oparl.org/1.1/"


class HostileServer:
    """Answers each path with a function of the raw socket: anything a server can do."""

    def __init__(self):
        self.routes: dict[str, Callable[[socket.socket], None]] = {}
        self.requests: list[str] = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while not self.stopped.is_set():
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket):
        with connection:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                request += chunk
            path = request.split(b" ")[1].decode()
            self.requests.append(path)
            handler = self.routes.get(path.split("?")[0], _status(404, b'{"error": "not found"}'))
            try:
                handler(connection)
            except OSError:  # the importer hung up on us: that is the point
                pass

    def json(self, path: str, data: object) -> None:
        self.routes[path] = _status(200, json.dumps(data).encode())

    def close(self):
        self.stopped.set()
        self.sock.close()


def _status(status: int, body: bytes, *, extra: str = "") -> Callable[[socket.socket], None]:
    def answer(connection: socket.socket):
        head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
        connection.sendall(head.encode() + body)

    return answer


@pytest.fixture
def hostile():
    server = HostileServer()
    yield server
    server.close()


def _system(server: HostileServer, *, bodies: object = None) -> None:
    server.json(
        "/", {"id": server.base + "/", "type": TYPE + "System", "body": bodies or f"{server.base}/bodies"}
    )


def _run(url: str, *args: str) -> str:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_oparl", url, *args, stdout=out, stderr=err)
    finally:
        _run.output = out.getvalue() + err.getvalue()
    return _run.output


# The bounds of one request ---------------------------------------------------------------------


def test_deeply_nested_json_is_refused_without_a_traceback(hostile):
    hostile.routes["/deep"] = _status(200, b"[" * 200_000 + b"]" * 200_000)
    hostile.routes["/deep-enough"] = _status(200, json.dumps(_nested(100)).encode())
    for path in ("/deep", "/deep-enough"):
        with pytest.raises(FetchError, match="nested deeper than 32 levels"):
            Fetcher(timeout=5).get_json(hostile.base + path)
    hostile.routes["/"] = hostile.routes["/deep"]
    with pytest.raises(CommandError, match="Cannot import .*nested deeper"):
        _run(hostile.base + "/")


def _nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


def test_a_large_answer_is_refused_by_its_length_or_while_it_streams(hostile):
    megabyte = b" " * (1 << 20)
    hostile.routes["/announced"] = _status(200, b"[" + megabyte * 3 + b"]")

    def unannounced(connection):  # no Content-Length: read until the limit, then hang up
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[")
        for _ in range(64):
            connection.sendall(megabyte)

    hostile.routes["/unannounced"] = unannounced
    fetcher = Fetcher(timeout=10, max_bytes=2 << 20)
    for path in ("/announced", "/unannounced"):
        started = time.monotonic()
        with pytest.raises(FetchError, match="larger than 2097152 bytes"):
            fetcher.get_json(hostile.base + path)
        assert time.monotonic() - started < 5


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_slow_drip_server_is_cut_off_after_the_total_time(hostile, where):
    def drip(connection):
        if where == "body":
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
            )
        else:
            connection.sendall(b"HTTP/1.1 200 OK\r\n")
        for _ in range(600):  # a byte every 0.1 s: each read is quick, the whole never ends
            connection.sendall(b" " if where == "body" else b"X-Drip: 1\r\n")
            time.sleep(0.1)

    hostile.routes["/drip"] = drip
    started = time.monotonic()
    with pytest.raises(FetchError, match="no complete answer within 1 s"):
        Fetcher(timeout=1).get_json(hostile.base + "/drip")
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"id": NaN}', b"\xff\xfe garbage", b"1" * 5000, b""],
    ids=["broken", "nan", "not-utf8", "huge-number", "empty"],
)
def test_bad_json_is_a_clear_error_not_a_traceback(hostile, body):
    hostile.routes["/"] = _status(200, body)
    with pytest.raises(CommandError, match=r"^Cannot import .*: not JSON"):
        _run(hostile.base + "/")


def test_bad_json_in_a_list_page_makes_the_run_incomplete(hostile):
    _system(hostile)
    hostile.routes["/bodies"] = _status(200, b'{"data": [')
    with pytest.raises(CommandError, match="could not be read"):
        _run(hostile.base + "/")
    assert "not read: body list" in _run.output and "not JSON" in _run.output
    assert "Traceback" not in _run.output
    assert not OParlImportState.objects.exists()


# Only the system's host --------------------------------------------------------------------


def test_links_and_redirects_to_other_hosts_or_ports_are_not_followed(hostile):
    elsewhere = HostileServer()  # another port on the same machine
    try:
        elsewhere.json("/bodies", {"data": []})
        elsewhere.json("/secret", {"data": []})
        _system(hostile, bodies=f"{elsewhere.base}/bodies")
        with pytest.raises(CommandError, match="could not be read"):
            _run(hostile.base + "/")
        assert f"refused: {elsewhere.base}/bodies is not on 127.0.0.1:" in _run.output

        hostile.routes["/bodies"] = _status(302, b"", extra=f"Location: {elsewhere.base}/secret\r\n")
        _system(hostile)
        with pytest.raises(CommandError):
            _run(hostile.base + "/")
        assert "refused" in _run.output

        localhost = hostile.base.replace("127.0.0.1", "localhost")
        _system(hostile, bodies=f"{localhost}/bodies")
        with pytest.raises(CommandError):
            _run(hostile.base + "/")
        assert "refused" in _run.output
        assert elsewhere.requests == []
        assert not [r for r in hostile.requests if r.startswith("/secret")]
    finally:
        elsewhere.close()


def test_objects_that_link_elsewhere_are_skipped_not_fetched(hostile):
    elsewhere = HostileServer()
    try:
        MunicipalityFactory()
        _system(hostile)
        body = {
            "id": f"{hostile.base}/body/1",
            "type": TYPE + "Body",
            "name": "Stadt",
            "organization": f"{hostile.base}/orgs",
            "person": [],
            "meeting": f"{hostile.base}/meetings",
        }
        hostile.json("/bodies", {"data": [body]})
        hostile.json("/orgs", {"data": [f"{elsewhere.base}/org/1", "file:///etc/passwd"]})
        meeting = {
            "id": f"{hostile.base}/meeting/1",
            "start": "2026-12-01T18:00:00+01:00",
            "organization": [f"{elsewhere.base}/org/2"],
        }
        hostile.json("/meetings", {"data": [meeting, {**meeting, "id": f"{elsewhere.base}/meeting/2"}]})

        output = _run(hostile.base + "/")

        assert elsewhere.requests == []
        assert "meeting of an organization on another host or with an invalid id" in output
        assert "no valid id" in output  # an object whose own id is elsewhere
        assert not Meeting.objects.exists() and not Committee.objects.exists()
    finally:
        elsewhere.close()


# Lists that never end ------------------------------------------------------------------------


def test_an_endless_list_stops_at_the_page_limit_and_the_run_fails(hostile):
    _system(hostile)

    def endless(connection):
        # every page links to the next one, for ever
        number = int(hostile.requests[-1].rsplit("page=", 1)[-1]) if "page=" in hostile.requests[-1] else 1
        body = json.dumps(
            {"data": [], "links": {"next": f"{hostile.base}/bodies?page={number + 1}"}}
        ).encode()
        _status(200, body)(connection)

    hostile.routes["/bodies"] = endless
    with pytest.raises(CommandError, match="could not be read"):
        _run(hostile.base + "/", "--max-pages", "5")
    assert "body list: stopped after 5 pages; not read to its end" in _run.output
    assert len([r for r in hostile.requests if r.startswith("/bodies")]) == 5
    assert not OParlImportState.objects.exists()


# Any shape of data -------------------------------------------------------------------------


class CannedFetcher(Fetcher):
    """Serves fixed JSON without a network, so that many shapes can be tried quickly."""

    def __init__(self, pages: dict[str, object]):
        super().__init__(timeout=1)
        self.pages = pages

    def get_json(self, url):
        url = self.check(url)
        if url not in self.pages:
            raise FetchError("HTTP 404", status=404)
        return self.pages[url]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
BASE = "https://ris.example.org"


def _field(name: str, good: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(good, JSON).map(lambda value: (name, value))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    organization=st.lists(
        _field("name", st.text(max_size=30))
        | _field("organizationType", st.sampled_from(["Fraktion", "Dienststellen", "Gremium"]))
        | _field("endDate", st.dates().map(str))
        | _field("deleted", st.booleans()),
        max_size=4,
    ),
    membership=st.lists(
        _field("organization", st.just(f"{BASE}/org/1"))
        | _field("role", st.sampled_from(["Vorsitzende", "stellv. Mitglied"]))
        | _field("startDate", st.dates().map(str))
        | _field("endDate", st.text(max_size=12))
        | _field("deleted", JSON),
        max_size=5,
    ),
    meeting=st.lists(
        _field("start", st.datetimes().map(lambda d: d.isoformat()))
        | _field("organization", st.just([f"{BASE}/org/1"]))
        | _field("name", st.text(max_size=40))
        | _field("cancelled", JSON)
        | _field("location", JSON)
        | _field("agendaItem", JSON),
        max_size=6,
    ),
    person_memberships=JSON,
)
def test_any_shape_of_objects_is_imported_or_skipped_and_a_second_run_is_quiet(
    organization, membership, meeting, person_memberships
):
    pages = {
        f"{BASE}/": {"id": f"{BASE}/", "body": f"{BASE}/bodies"},
        f"{BASE}/bodies": {
            "data": [
                {
                    "id": f"{BASE}/body/1",
                    "name": "Stadt",
                    "organization": f"{BASE}/orgs",
                    "person": f"{BASE}/persons",
                    "meeting": f"{BASE}/meetings",
                }
            ]
        },
        f"{BASE}/orgs": {"data": [{"id": f"{BASE}/org/1", "name": "Rat", **dict(organization)}]},
        f"{BASE}/persons": {
            "data": [
                {
                    "id": f"{BASE}/person/1",
                    "name": "Erika Beispiel",
                    "membership": [{"id": f"{BASE}/m/1", **dict(membership)}],
                },
                {"id": f"{BASE}/person/2", "name": "Max Muster", "membership": person_memberships},
            ]
        },
        f"{BASE}/meetings": {"data": [{"id": f"{BASE}/meeting/1", **dict(meeting)}]},
    }
    first = import_oparl(f"{BASE}/", full=True, fetcher=CannedFetcher(pages))
    assert first.errors == []  # everything is there to be read; what is odd is skipped
    again = import_oparl(f"{BASE}/", full=True, fetcher=CannedFetcher(pages))
    changes = [+counter for counter in (again.created, again.updated, again.ended, again.removed)]
    assert changes == [{}, {}, {}, {}], again.summary()


def test_overlong_ids_are_skipped_not_stored(hostile):
    """An id longer than the column would make PostgreSQL refuse the whole page."""
    MunicipalityFactory()
    long_id = f"{hostile.base}/org/" + "9" * 600
    _system(hostile)
    hostile.json(
        "/bodies",
        {
            "data": [
                {
                    "id": f"{hostile.base}/body/1",
                    "name": "Stadt",
                    "organization": f"{hostile.base}/orgs",
                    "person": f"{hostile.base}/persons",
                    "meeting": f"{hostile.base}/meetings",
                }
            ]
        },
    )
    hostile.json(
        "/orgs", {"data": [{"id": long_id, "name": "Lang"}, {"id": f"{hostile.base}/org/1", "name": "Rat"}]}
    )
    hostile.json(
        "/persons",
        {
            "data": [
                {
                    "id": f"{hostile.base}/person/1",
                    "name": "Erika Beispiel",
                    "membership": [
                        {"id": f"{hostile.base}/m/" + "1" * 600, "organization": f"{hostile.base}/org/1"},
                        {"id": f"{hostile.base}/m/2", "organization": long_id},
                    ],
                },
                {"id": f"{hostile.base}/person/" + "2" * 600, "name": "Max Lang"},
            ]
        },
    )
    hostile.json(
        "/meetings",
        {
            "data": [
                {
                    "id": f"{hostile.base}/meeting/1",
                    "start": "2026-12-01T18:00:00+01:00",
                    "organization": [long_id],
                }
            ]
        },
    )

    output = _run(hostile.base + "/")

    assert output.count("no valid id") >= 2 and "not a membership with a valid id" in output
    assert "organization on another host or with an invalid id" in output
    assert list(Committee.objects.values_list("name", flat=True)) == ["Rat"]
    assert not Meeting.objects.exists()
