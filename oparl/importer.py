"""Import committees, persons, memberships and meetings from a council information system that
speaks OParl 1.0/1.1, so that the meetings which drive "bis zur nächsten Sitzung" deadlines
stay current.

System → body list → each Body's organization, person and meeting lists, following
`links.next`. Later runs ask only for what changed (`modified_since` = start of the last run
that finished without errors). Every object is matched by its OParl id, so a second run creates
nothing new. Real servers are sloppy; whatever cannot be used is skipped and reported, never
guessed at.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from inquiries.models import Committee, Meeting, Municipality
from oparl.models import OParlImportState, OParlPerson

DEFAULT_TIMEOUT = 30
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
MAX_PAGES_PER_LIST = 10_000
ADMINISTRATIVE_TYPES = {"verwaltungsbereich", "verwaltung"}


class FetchError(Exception):
    pass


def check_url(url: object) -> str:
    """Only http(s): a remote server must not make us read local files or other schemes."""
    if not isinstance(url, str):
        raise FetchError(f"not a URL: {url!r}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"not an http(s) URL: {url!r}")
    return url


class _SafeRedirectHandler(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Fetcher:
    """GETs JSON over http(s) with a timeout and a size limit. No file://, no ftp://."""

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT):
        self.timeout = timeout
        self.opener = urllib.request.OpenerDirector()
        for handler in (
            urllib.request.ProxyHandler(),
            urllib.request.HTTPHandler(),
            urllib.request.HTTPSHandler(),
            _SafeRedirectHandler(),
            urllib.request.HTTPDefaultErrorHandler(),
            urllib.request.HTTPErrorProcessor(),
        ):
            self.opener.add_handler(handler)

    def get_json(self, url: str) -> Any:
        check_url(url)
        request = urllib.request.Request(
            url, headers={"Accept": "application/json", "User-Agent": "Ratsanfragen-OParl-Import/1"}
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise FetchError(f"HTTP {error.code}") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise FetchError(str(getattr(error, "reason", error))) from None
        if len(body) > MAX_RESPONSE_BYTES:
            raise FetchError("response too large")
        try:
            return json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise FetchError(f"not JSON ({error})") from None


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: int = 0  # pages that could not be read: the incremental mark is not advanced
    modified_since: datetime | None = None

    def skip(self, what: str, reason: str) -> None:
        self.skipped.append((what, reason))

    def summary(self) -> str:
        parts = []
        for kind in ("organizations", "persons", "memberships", "meetings"):
            parts.append(
                f"{kind}: {self.created[kind]} new, {self.updated[kind]} updated"
                + (f", {self.removed[kind]} ended" if self.removed[kind] else "")
            )
        since = f" (changes since {self.modified_since.isoformat()})" if self.modified_since else ""
        return f"OParl import{since}: " + "; ".join(parts) + f"; {len(self.skipped)} skipped."


# Reading sloppy values -------------------------------------------------------------------------


def _text(value: object, max_length: int) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())[:max_length]


def _moment(value: object) -> datetime | None:
    """ISO 8601 date-time; without a time zone it is local time; a bare date is midnight."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        moment = parse_datetime(value)
        if moment is None and (only_date := parse_date(value)):
            moment = datetime.combine(only_date, time.min)
    except ValueError:
        return None
    if moment is None:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_date(value.strip()[:10])
    except ValueError:
        return None


def _flag(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _urls(value: object) -> list[str]:
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


def committee_kind(organization_type: str, classification: str) -> str:
    words = f"{organization_type} {classification}".lower()
    if "fraktion" in words:
        return Committee.Kind.FACTION
    if "beirat" in words:
        return Committee.Kind.ADVISORY_COUNCIL
    if organization_type.lower() in ("rat", "hauptorgan") or classification.lower() in ("rat", "hauptorgan"):
        return Committee.Kind.COUNCIL
    return Committee.Kind.COMMITTEE


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key not in params] + list(
        params.items()
    )
    return urlunsplit(parts._replace(query=urlencode(query)))


def _split_name(name: str) -> tuple[str, str]:
    """Given and family name from "Prof. Dr. Max Mustermann": titles end with a dot."""
    words = [word for word in name.split() if not word.endswith(".")]
    if not words:
        return "", name
    return " ".join(words[:-1]), words[-1]


def _username(oparl_id: str) -> str:
    # Never from the remote name: stable, unique and free of anything a vendor sends.
    return "oparl-" + hashlib.sha256(oparl_id.encode()).hexdigest()[:16]


# The import --------------------------------------------------------------------------------


class _Importer:
    def __init__(self, fetcher: Fetcher, report: ImportReport, municipality: Municipality | None):
        self.fetcher = fetcher
        self.report = report
        self.municipality = municipality
        self.committees: dict[str, Committee] = {}
        self.seen: dict[str, set[str]] = {}

    # lists

    def iter_list(self, reference: object, what: str, **params: str) -> Iterator[dict]:
        """The objects of an external list, page by page; an embedded list works too."""
        if isinstance(reference, list):
            yield from self._objects(reference, what)
            return
        try:
            url = check_url(reference)
        except FetchError as error:
            self.report.skip(what, f"no list ({error})")
            return
        if params:
            url = _with_query(url, **params)
        visited = set()
        while url and len(visited) < MAX_PAGES_PER_LIST:
            visited.add(url)
            try:
                page = self.fetcher.get_json(url)
            except FetchError as error:
                self.report.errors += 1
                self.report.skip(url, f"{what} page not read: {error}")
                return
            items = page.get("data") if isinstance(page, dict) else page
            if not isinstance(items, list):
                self.report.errors += 1
                self.report.skip(url, f"{what} page has no data list")
                return
            yield from self._objects(items, what)
            links = page.get("links") if isinstance(page, dict) else None
            next_url = links.get("next") if isinstance(links, dict) else None
            if not next_url:
                return
            try:
                url = check_url(next_url)
            except FetchError as error:
                self.report.errors += 1
                self.report.skip(what, f"next page: {error}")
                return
            if url in visited:
                self.report.skip(url, f"{what}: next page links back to a page already read")
                return

    def _objects(self, items: list, what: str) -> Iterator[dict]:
        seen = self.seen.setdefault(what, set())
        for item in items:
            if isinstance(item, str):  # a reference instead of the object
                try:
                    item = self.fetcher.get_json(check_url(item))
                except FetchError as error:
                    self.report.skip(str(item), f"{what} not read: {error}")
                    continue
            if not isinstance(item, dict):
                self.report.skip(what, f"not an object: {str(item)[:60]!r}")
                continue
            oparl_id = item.get("id")
            try:
                check_url(oparl_id)
            except FetchError:
                label = _text(item.get("name"), 60) or "?"
                self.report.skip(f"{what} {label!r}", "no valid id")
                continue
            if oparl_id in seen:
                self.report.skip(oparl_id, f"{what} listed twice")
                continue
            seen.add(oparl_id)
            yield item

    # committees

    def municipality_for(self, body: dict) -> Municipality:
        if self.municipality is None:
            name = _text(body.get("name"), 200) or _text(body.get("shortName"), 200) or "Kommune"
            self.municipality = Municipality.objects.create(
                name=name, website=_text(body.get("website"), 200)
            )
            self.report.created["municipalities"] += 1
        return self.municipality

    def committee(self, oparl_id: str) -> Committee | None:
        if oparl_id not in self.committees:
            found = Committee.objects.filter(oparl_id=oparl_id).first()
            if found is None:
                return None
            self.committees[oparl_id] = found
        return self.committees[oparl_id]

    def organization(self, item: dict, municipality: Municipality) -> None:
        oparl_id = item["id"]
        if _flag(item.get("deleted")):
            self.report.skip(oparl_id, "organization deleted upstream; kept here")
            return
        name = _text(item.get("name"), 200) or _text(item.get("shortName"), 200)
        if not name:
            self.report.skip(oparl_id, "organization without a name")
            return
        organization_type = _text(item.get("organizationType"), 100)
        classification = _text(item.get("classification"), 100)
        if organization_type.lower() in ADMINISTRATIVE_TYPES:
            self.report.skip(oparl_id, f"{organization_type}: part of the administration, not a council body")
            return
        values = {
            "name": name,
            "short_name": _text(item.get("shortName"), 50),
            "kind": committee_kind(organization_type, classification),
            "oparl_id": oparl_id,
        }
        committee = Committee.objects.filter(oparl_id=oparl_id).first()
        if committee is None:
            # A committee the council office entered by hand before the first import.
            committee = Committee.objects.filter(municipality=municipality, name=name, oparl_id="").first()
        clash = Committee.objects.filter(municipality=municipality, name=name)
        if committee is not None:
            clash = clash.exclude(pk=committee.pk)
        if clash.exists():
            self.report.skip(oparl_id, f"another committee is already called {name!r}")
            return
        if committee is None:
            committee = Committee.objects.create(municipality=municipality, **values)
            self.report.created["organizations"] += 1
        elif self._update(committee, values):
            self.report.updated["organizations"] += 1
        self.committees[oparl_id] = committee

    @staticmethod
    def _update(instance: Any, values: dict[str, Any]) -> bool:
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        for name in changed:
            setattr(instance, name, values[name])
        if changed:
            instance.save(
                update_fields=[*changed, "updated_at"] if hasattr(instance, "updated_at") else changed
            )
        return bool(changed)

    # persons and memberships

    def person(self, item: dict) -> None:
        oparl_id = item["id"]
        link = OParlPerson.objects.select_related("user").filter(oparl_id=oparl_id).first()
        if _flag(item.get("deleted")):
            if link:
                self._end_all_memberships(link.user)
            self.report.skip(oparl_id, "person deleted upstream; memberships ended")
            return
        name = _text(item.get("name"), 300)
        given, family = _text(item.get("givenName"), 150), _text(item.get("familyName"), 150)
        if not (given or family):
            given, family = _split_name(name)
            given, family = given[:150], family[:150]
        if not (given or family):
            self.report.skip(oparl_id, "person without a name")
            return
        if link is None:
            user = User(username=_username(oparl_id), first_name=given, last_name=family, is_active=False)
            user.set_unusable_password()
            user.save()
            OParlPerson.objects.create(user=user, oparl_id=oparl_id)
            self.report.created["persons"] += 1
        else:
            user = link.user
            if self._update(user, {"first_name": given, "last_name": family}):
                self.report.updated["persons"] += 1
        memberships = item.get("membership")
        if isinstance(memberships, dict):
            memberships = [memberships]
        for membership in self._objects(memberships if isinstance(memberships, list) else [], "membership"):
            self.membership(membership, user)

    def membership(self, item: dict, user: User) -> None:
        organization_ids = _urls(item.get("organization"))
        committee = self.committee(organization_ids[0]) if organization_ids else None
        if committee is None:
            self.report.skip(item["id"], "membership in an organization that was not imported")
            return
        end = _day(item.get("endDate"))
        ended = _flag(item.get("deleted")) or (end is not None and end < timezone.localdate())
        role = _text(item.get("role"), 100).lower()
        is_chair = "vorsitz" in role and "stellv" not in role
        is_member = committee.members.filter(pk=user.pk).exists()
        if ended:
            if is_member:
                committee.members.remove(user)
                self.report.removed["memberships"] += 1
            if committee.chair_id == user.pk:
                committee.chair = None
                committee.save(update_fields=["chair", "updated_at"])
            return
        if not is_member:
            committee.members.add(user)
            self.report.created["memberships"] += 1
        if is_chair and committee.chair_id != user.pk:
            committee.chair = user
            committee.save(update_fields=["chair", "updated_at"])
            if is_member:
                self.report.updated["memberships"] += 1

    def _end_all_memberships(self, user: User) -> None:
        for committee in Committee.objects.exclude(oparl_id="").filter(members=user):
            committee.members.remove(user)
            self.report.removed["memberships"] += 1
        Committee.objects.exclude(oparl_id="").filter(chair=user).update(chair=None)

    # meetings

    def meeting(self, item: dict) -> None:
        oparl_id = item["id"]
        meeting = Meeting.objects.filter(oparl_id=oparl_id).first()
        if _flag(item.get("deleted")):
            if meeting and not meeting.is_cancelled:
                meeting.is_cancelled = True
                meeting.save(update_fields=["is_cancelled", "updated_at"])
                self.report.updated["meetings"] += 1
            self.report.skip(oparl_id, "meeting deleted upstream; marked cancelled")
            return
        starts_at = _moment(item.get("start"))
        if starts_at is None:
            self.report.skip(oparl_id, f"meeting without a valid start ({item.get('start')!r})")
            return
        committee = next(
            (c for c in (self.committee(url) for url in _urls(item.get("organization"))) if c is not None),
            None,
        )
        if committee is None:
            self.report.skip(oparl_id, "meeting of no imported organization")
            return
        values = {
            "committee": committee,
            "starts_at": starts_at,
            "is_cancelled": _flag(item.get("cancelled")),
            "oparl_id": oparl_id,
        }
        location = item.get("location")
        if isinstance(location, dict):
            values["location"] = _location_text(location)
        if meeting is None:
            Meeting.objects.create(is_public=True, **values)  # OParl does not say; deadlines need it
            self.report.created["meetings"] += 1
        elif self._update(meeting, values):
            self.report.updated["meetings"] += 1


def _location_text(location: dict) -> str:
    description = _text(location.get("description"), 200)
    room = _text(location.get("room"), 100)
    if not description:
        place = " ".join(
            part
            for part in (_text(location.get("postalCode"), 10), _text(location.get("locality"), 100))
            if part
        )
        description = ", ".join(part for part in (_text(location.get("streetAddress"), 100), place) if part)
    if room and room not in description:
        description = f"{description}, {room}" if description else room
    return description[:200]


def import_oparl(url: str, *, full: bool = False, fetcher: Fetcher | None = None) -> ImportReport:
    """Import committees, persons, memberships and meetings from the OParl system at `url`.

    Raises FetchError if the System object itself cannot be read. Later runs ask for changes
    since the start of the last run that read every page; `full` asks for everything."""
    check_url(url)
    fetcher = fetcher or Fetcher()
    started_at = timezone.now()
    state = OParlImportState.objects.filter(system_url=url).first()
    report = ImportReport(modified_since=None if full or state is None else state.last_run_at)
    system = fetcher.get_json(url)
    if not isinstance(system, dict):
        raise FetchError("the System is not a JSON object")
    since = {"modified_since": report.modified_since.isoformat()} if report.modified_since else {}

    importer = _Importer(fetcher, report, Municipality.current())
    bodies = list(importer.iter_list(system.get("body"), "body"))
    for body in bodies:
        municipality = importer.municipality_for(body)
        for item in importer.iter_list(body.get("organization"), "organization", **since):
            importer.organization(item, municipality)
    for body in bodies:
        for item in importer.iter_list(body.get("person"), "person", **since):
            importer.person(item)
    for body in bodies:
        for item in importer.iter_list(body.get("meeting"), "meeting", **since):
            importer.meeting(item)

    if report.errors == 0:
        OParlImportState.objects.update_or_create(system_url=url, defaults={"last_run_at": started_at})
    return report
