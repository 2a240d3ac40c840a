"""`import_oparl` against a local OParl server built from the specification's example objects."""

import copy
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from inquiries.models import Committee, Meeting
from oparl.importer import Fetcher, FetchError, Vendor, committee_kind, import_oparl
from oparl.models import OParlImportState, OParlPerson
from tests.factories import CommitteeFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "oparl-examples"
REMOTE = "https://oparl.example.org"
TYPE = "https://schema.oparl.org/1.1/"


class OParlServer:
    """Serves `routes` ({(path, page): (status, json)}) on 127.0.0.1 and logs every request."""

    def __init__(self):
        self.routes: dict[tuple[str, str], tuple[int, object]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                parts = urlsplit(self.path)
                page = parse_qs(parts.query).get("page", ["1"])[0]
                status, payload = server.routes.get((parts.path, page), (404, {"error": "not found"}))
                body = json.dumps(payload).encode()
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", payload)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def example(self, name: str) -> dict:
        """An example object of the specification, moved to this server."""
        text = (EXAMPLES / f"example-{name}-01.json").read_text()
        return json.loads(text.replace(REMOTE, self.base))

    def page(
        self, path: str, data: list, *, page: str = "1", next_page: str | None = None, status: int = 200
    ):
        links = (
            {"next": f"{self.base}{path}?page={next_page}"} if next_page else {"next": None}
        )  # null: a quirk
        self.routes[(path, page)] = (status, {"data": data, "links": links})


@pytest.fixture
def remote():
    server = OParlServer()
    server.thread.start()
    base = server.base
    system = server.example("System")
    system["body"] = f"{base}/bodies"
    server.routes[("/", "1")] = (200, system)
    body = server.example("Body")
    server.page("/bodies", [body])

    committee = server.example("Organization")  # organization/34, "Gremium"
    faction = {**copy.deepcopy(committee), "id": f"{base}/organizations/9", "name": "Fraktion Beispiel"}
    faction.update(organizationType="Fraktion", classification="Fraktion", shortName=None)
    council = {
        "id": f"{base}/organizations/5",
        "type": TYPE + "Organization",
        "name": "Rat der Stadt",
        "organizationType": "Gremium",
        "classification": "Hauptorgan",
        "created": "2012-07-16T00:00:00+02:00",
    }
    office = {"id": f"{base}/organizations/77", "type": TYPE + "Organization", "name": "Kämmerei"}
    office["organizationType"] = "Verwaltungsbereich"
    server.page("/body/0/organizations/", [committee, faction], next_page="2")
    server.page(
        "/body/0/organizations/",
        [council, committee, {"id": None, "name": "Ohne Id"}, office, "not an object", 42],
        page="2",
    )

    person = server.example("Person")  # chairs organizations/5, left organizations/9 in 2014
    quirky_person = {
        "id": f"{base}/person/30",
        "type": TYPE + "Person",
        "name": "Erika Beispiel",
        "familyName": None,
        "email": ["erika@beispiel.de"],
        "membership": {  # one object instead of a list
            "id": f"{base}/memberships/400",
            "organization": f"{base}/organization/34",
            "role": "Mitglied",
        },
    }
    nameless = {"id": f"{base}/person/31", "type": TYPE + "Person", "name": None}
    stranger = {
        "id": f"{base}/person/32",
        "type": TYPE + "Person",
        "name": "Max Fremd",
        "membership": [{"id": f"{base}/memberships/500", "organization": f"{base}/organization/999"}],
    }
    server.page("/body/0/persons/", [person, quirky_person, nameless, stranger])

    meeting = server.example("Meeting")  # organization/34, 2013-01-04 08:00 +01:00
    quirky_meeting = {
        "id": f"{base}/meeting/282",
        "type": TYPE + "Meeting",
        "name": None,
        "start": "2026-06-10T18:00:00",  # no time zone
        "organization": f"{base}/organization/34",  # a string, not a list
        "location": {"id": f"{base}/location/1", "streetAddress": "Rathausstraße 2", "room": "Ratssaal"},
        "cancelled": "true",
    }
    orphan = {
        "id": f"{base}/meeting/283",
        "start": "2026-06-11T18:00:00+02:00",
        "organization": [f"{base}/x/999"],
    }
    undated = {"id": f"{base}/meeting/284", "start": "morgen", "organization": [f"{base}/organization/34"]}
    server.page("/body/0/meetings/", [meeting, quirky_meeting, orphan, undated, meeting], next_page="2")
    server.page("/body/0/meetings/", [], page="2", status=500)
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def _run(url: str, *args: str, fails: bool = False) -> str:
    out, err = StringIO(), StringIO()
    if fails:
        with pytest.raises(CommandError, match="could not be read; the import is incomplete"):
            call_command("import_oparl", url, *args, stdout=out, stderr=err)
    else:
        call_command("import_oparl", url, *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_import_reads_every_list_and_reports_what_it_skipped(remote):
    municipality = MunicipalityFactory()
    # entered by hand before the first import: linked, not duplicated
    existing = CommitteeFactory(municipality=municipality, name="Ausschuss für Haushalt und Finanzen")

    output = _run(remote.base + "/", fails=True)  # a meeting page answers 500

    lines = output.splitlines()
    assert lines[0] == (
        "OParl import from OParl (everything): organizations: 4 new, 1 updated, 0 ended; "
        "persons: 3 new, 0 updated; memberships: 4 new, 0 updated, 0 ended (3 in force, 1 chairs); "
        "meetings: 3 new, 0 updated; 8 skipped; 1 errors."
    )
    skipped = "\n".join(lines[1:])
    for reason in [
        "organization listed twice",
        "'Ohne Id'",
        "no valid id",
        "part of the administration (organizationType 'Verwaltungsbereich')",
        "skipped organization: not an http(s) URL: 'not an object'",  # a string is a reference
        "not an object: '42'",
        "person without a name",
        # neither listed nor served: kept under placeholders
        "organization/999 is neither listed nor served (HTTP 404): what refers to it is kept under "
        "the placeholder 'Organisation organization/999'",
        "x/999 is neither listed nor served (HTTP 404): what refers to it is kept under the "
        "placeholder 'Organisation x/999'",
        "meeting without a valid start ('morgen')",
        "meeting listed twice",
        "not read: meeting list: http://127.0.0.1:",
    ]:
        assert reason in skipped, reason
    assert "HTTP 500" in output

    existing.refresh_from_db()
    assert existing.oparl_id == f"{remote.base}/organization/34"
    assert existing.short_name == "Finanzausschuss"
    kinds = dict(Committee.objects.filter(is_placeholder=False).values_list("name", "kind"))
    assert kinds == {
        "Ausschuss für Haushalt und Finanzen": Committee.Kind.COMMITTEE,
        "Fraktion Beispiel": Committee.Kind.FACTION,
        "Rat der Stadt": Committee.Kind.COUNCIL,
    }

    max_ = OParlPerson.objects.get(oparl_id=f"{remote.base}/person/29").user
    assert (max_.first_name, max_.last_name) == ("Max", "Mustermann")
    assert not max_.is_active and not max_.has_usable_password()
    assert max_.email == ""  # e-mail addresses are not imported
    assert max_.username.startswith("oparl-")
    council = Committee.objects.get(name="Rat der Stadt")
    assert council.chair == max_ and list(council.members.all()) == [max_]
    assert not Committee.objects.get(name="Fraktion Beispiel").members.exists()  # membership ended 2014
    erika = OParlPerson.objects.get(oparl_id=f"{remote.base}/person/30").user
    assert (erika.first_name, erika.last_name) == ("Erika", "Beispiel")
    assert list(existing.members.all()) == [erika]

    example = Meeting.objects.get(oparl_id=f"{remote.base}/meeting/281")
    assert example.committee == existing
    assert example.starts_at == datetime(2013, 1, 4, 7, 0, tzinfo=ZoneInfo("UTC"))
    assert example.location == "Rathaus der Beispielstadt, Ratshausplatz 1, 12345 Beispielstadt"
    assert example.is_public and not example.is_cancelled
    quirky = Meeting.objects.get(oparl_id=f"{remote.base}/meeting/282")
    assert quirky.starts_at == datetime(2026, 6, 10, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert quirky.location == "Rathausstraße 2, Ratssaal"
    assert quirky.is_cancelled

    # a page failed: the next run must not skip what that page would have brought
    assert not OParlImportState.objects.exists()


def test_second_run_asks_for_changes_only_and_creates_nothing(remote):
    MunicipalityFactory()
    remote.page("/body/0/meetings/", [], page="2")  # the server works again
    _run(remote.base + "/")
    state = OParlImportState.objects.get(system_url=remote.base + "/")
    counts = (Committee.objects.count(), User.objects.count(), Meeting.objects.count())
    remote.requests.clear()

    output = _run(remote.base + "/")

    assert output.startswith(
        f"OParl import from OParl (changes since {state.last_run_at.isoformat()}): "
        "organizations: 0 new, 0 updated, 0 ended; persons: 0 new, 0 updated; "
        "memberships: 0 new, 0 updated, 0 ended (3 in force, 1 chairs); meetings: 0 new, 0 updated;"
    )
    assert (Committee.objects.count(), User.objects.count(), Meeting.objects.count()) == counts
    list_requests = [r for r in remote.requests if r.startswith("/body/0/")]
    assert {urlsplit(r).path for r in list_requests} == {
        "/body/0/organizations/",
        "/body/0/persons/",
        "/body/0/meetings/",
    }
    # in UTC, whole seconds, nothing a server could refuse to decode (SessionNet)
    since = state.last_run_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for request in list_requests:
        assert parse_qs(urlsplit(request).query)["modified_since"] == [since]
        assert "%" not in request
    assert OParlImportState.objects.get().last_run_at > state.last_run_at

    remote.requests.clear()
    _run(remote.base + "/", "--full")
    assert not any("modified_since" in r for r in remote.requests)


def test_changes_and_deletions_upstream_are_applied(remote):
    MunicipalityFactory()
    remote.page("/body/0/meetings/", [], page="2")
    _run(remote.base + "/")
    Meeting.objects.filter(oparl_id=f"{remote.base}/meeting/282").update(is_cancelled=False)
    meeting_id = f"{remote.base}/meeting/281"
    moved = {**remote.example("Meeting"), "start": "2013-01-05T09:00:00+01:00"}
    remote.page("/body/0/meetings/", [moved, {"id": f"{remote.base}/meeting/282", "deleted": True}])
    remote.page("/body/0/persons/", [{"id": f"{remote.base}/person/30", "deleted": True}])

    output = _run(remote.base + "/")

    assert "meetings: 0 new, 1 updated, 1 removed" in output  # a deleted meeting is gone
    assert "persons: 0 new, 0 updated, 1 removed" in output
    assert "memberships: 0 new, 0 updated, 1 ended" in output
    assert Meeting.objects.get(oparl_id=meeting_id).starts_at == datetime(
        2013, 1, 5, 8, tzinfo=ZoneInfo("UTC")
    )
    assert not Meeting.objects.filter(oparl_id=f"{remote.base}/meeting/282").exists()
    assert not Committee.objects.get(oparl_id=f"{remote.base}/organization/34").members.exists()

    again = _run(remote.base + "/")  # the same tombstones again: nothing left to do
    assert "meetings: 0 new, 0 updated;" in again and "persons: 0 new, 0 updated;" in again
    assert "meeting deleted upstream; not here" in again


def test_without_a_municipality_the_body_becomes_one(remote):
    output = _run(remote.base + "/", fails=True)
    assert "created the municipality 'Stadt Köln, kreisfreie Stadt' from the Body" in output
    in_body = Committee.objects.filter(municipality__name="Stadt Köln, kreisfreie Stadt")
    assert in_body.filter(is_placeholder=False).count() == 3


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/", "example.org", "javascript:alert(1)"]
)
def test_only_http_urls_are_fetched(url):
    with pytest.raises(CommandError, match="not an http"):
        _run(url)


def test_a_redirect_to_a_file_url_is_refused(remote):
    remote.routes[("/to-file", "1")] = (302, "file:///etc/passwd")
    remote.routes[("/to-ftp", "1")] = (302, "ftp://example.org/passwd")
    with pytest.raises(FetchError, match="not an http"):
        Fetcher(timeout=5).get_json(remote.base + "/to-file")
    with pytest.raises(FetchError, match="not an http"):
        Fetcher(timeout=5).get_json(remote.base + "/to-ftp")


def test_an_unreachable_system_is_a_clear_error(remote):
    with pytest.raises(CommandError, match="HTTP 404"):
        _run(remote.base + "/nothing-here")
    assert not OParlImportState.objects.exists()


def test_a_system_without_bodies_imports_nothing_and_says_so(remote):
    remote.routes[("/", "1")] = (200, {"id": remote.base + "/", "type": TYPE + "System", "body": None})
    output = _run(remote.base + "/", fails=True)
    assert "organizations: 0 new" in output
    assert "not read: the System names no body list" in output


@pytest.mark.parametrize(
    ("organization_type", "classification", "kind"),
    [
        ("Fraktion", "", Committee.Kind.FACTION),
        ("Gremium", "Ausschuss", Committee.Kind.COMMITTEE),
        ("Gremium", "Rat", Committee.Kind.COUNCIL),
        ("Hauptorgan", "", Committee.Kind.COUNCIL),
        ("Gremium", "Integrationsbeirat", Committee.Kind.ADVISORY_COUNCIL),
        ("Sonstiges", "", Committee.Kind.COMMITTEE),
    ],
)
def test_organization_types_map_to_committee_kinds(organization_type, classification, kind):
    assert committee_kind(organization_type, classification) == kind


def test_service_can_be_called_directly(remote):
    MunicipalityFactory()
    report = import_oparl(remote.base + "/", full=True, fetcher=Fetcher(timeout=5))
    assert report.created["meetings"] == 3
    assert len(report.errors) == 1 and not report.is_complete


def test_a_refused_filter_is_read_in_full_and_a_dropped_filter_is_added_again(remote):
    MunicipalityFactory()
    remote.page("/body/0/meetings/", [], page="2")
    _run(remote.base + "/")
    since = OParlImportState.objects.get().last_run_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    handler = remote.httpd.RequestHandlerClass
    plain_get = handler.do_GET

    def refuse_filtered_persons(self):
        if self.path.startswith("/body/0/persons/") and "modified_since" in self.path:
            remote.requests.append(self.path)
            self.send_response(400)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<h1>400 - Bad Request</h1>")
            return
        plain_get(self)

    handler.do_GET = refuse_filtered_persons
    remote.requests.clear()
    try:
        output = _run(remote.base + "/")
    finally:
        handler.do_GET = plain_get

    assert "person list: the server refused the filter (HTTP 400); read in full" in output
    assert "0 errors" in output.splitlines()[0]
    persons = [r for r in remote.requests if r.startswith("/body/0/persons/")]
    assert persons == [f"/body/0/persons/?modified_since={since}", "/body/0/persons/"]
    # the meeting list's next link carries no filter (`page=2` only): it is added again
    meetings = [r for r in remote.requests if r.startswith("/body/0/meetings/")]
    assert meetings == [
        f"/body/0/meetings/?modified_since={since}",
        f"/body/0/meetings/?page=2&modified_since={since}",
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Gemeinderat", Committee.Kind.COUNCIL),  # SD.NET: Gremium/Gremien like any committee
        ("Stadtrat Augsburg", Committee.Kind.COUNCIL),
        ("Rat der Stadt Köln", Committee.Kind.COUNCIL),
        ("Kreistag", Committee.Kind.COUNCIL),
        ("Gemeinderat - Beratungen zum DHH", Committee.Kind.COMMITTEE),
        ("Seniorenrat", Committee.Kind.COMMITTEE),
        ("Rat für Kriminalprävention", Committee.Kind.COMMITTEE),
        ("Ortschaftsrat Durlach", Committee.Kind.COMMITTEE),
    ],
)
def test_the_council_is_recognised_by_its_name(name, kind):
    assert committee_kind("Gremium", "Beschließender Ausschuss", name) == kind


@pytest.mark.parametrize(
    ("name", "public"),
    [
        ("Jugendhilfeausschuss (nicht öffentlich)", False),
        ("Kunstkomission (nichtöffentlich)", False),
        ("Bauausschuss - nicht öffentlich", False),
        ("Gemeinderat (öffentlich/nicht öffentlich)", True),
        ("Gemeinderat (öffentlich/nichtöffentlich)", True),
        ("Planungsausschuss (öffentlich)", True),
        ("Gemeinderat (24. Sitzung)", True),
    ],
)
def test_closed_meetings_are_recognised_by_their_names(name, public):
    assert Vendor().is_public_meeting({"name": name}) is public


def test_a_meeting_whose_every_agenda_item_is_closed_is_closed():
    closed = {"name": "Rat", "agendaItem": [{"public": False}, {"public": False}]}
    mixed = {"name": "Rat", "agendaItem": [{"public": False}, {"public": True}]}
    assert not Vendor().is_public_meeting(closed)
    assert Vendor().is_public_meeting(mixed)
