"""Import committees, persons, memberships and meetings from a council information system that
speaks OParl 1.0/1.1, so that who may write for a committee, who is greeted in a reply and which
meeting is "the next one" for a deadline follow the council's own records.

System → body list → each Body's organization, person and meeting lists, page by page. Later
runs ask only for what changed (`modified_since` = start of the last run that read everything
it needed). Every object is matched by its OParl id, and nothing is written that did not
change, so a second run of unchanged data reports 0 new, 0 updated, 0 ended, and a run of the
changes reaches the same state as a full one.

Memberships are kept as the records the server keeps (role, start, end; `OParlMembership`); a
committee's `members` and `chair` are derived from those in force on the day of the run
(`derive_members`), so an ended record can never remove a current one. Vendors' quirks live in
`vendors.py`; the bounds of every request in `fetch.py`. Whatever cannot be used is skipped
and named in the report, never guessed at; whatever could not be read makes the run incomplete.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from inquiries.models import Committee, Inquiry, Meeting, Municipality
from oparl.importer import values
from oparl.importer.fetch import Fetcher, FetchError
from oparl.importer.members import derive_members
from oparl.importer.paging import _has_since, _page_items, _with_since, since_parameter
from oparl.importer.report import ImportReport
from oparl.importer.vendors import Vendor, vendor_for
from oparl.models import OParlImportState, OParlMembership, OParlPerson

MAX_PAGES_PER_LIST = 10_000
MAX_ID_LENGTH = 500  # the oparl_id columns
# A Body named like a server's internal instance ("Instance 0001", SessionNet in Wuppertal).
_PLACEHOLDER_BODY_NAME = re.compile(r"^(instance|instanz|mandant|body|körperschaft)\s*\d*$", re.I)


class _Importer:
    def __init__(
        self,
        fetcher: Fetcher,
        report: ImportReport,
        *,
        municipality: Municipality | None,
        vendor: Vendor,
        today: date,
        max_pages: int,
    ):
        self.fetcher = fetcher
        self.report = report
        self.municipality = municipality
        self.vendor = vendor
        self.today = today
        self.max_pages = max_pages
        # Everything matched by OParl id is read once: a run touches thousands of meetings.
        self.committees = {c.oparl_id: c for c in Committee.objects.exclude(oparl_id="")}
        self.meetings = {m.oparl_id: m for m in Meeting.objects.exclude(oparl_id="")}
        self.persons = {p.oparl_id: p for p in OParlPerson.objects.select_related("user")}
        self.memberships = {m.oparl_id: m for m in OParlMembership.objects.all()}
        self.administrative: set[str] = set()
        self.unavailable: dict[str, str] = {}  # organization id → why it is no committee
        self.missing: set[str] = set()  # organizations the server does not serve
        self.seen: dict[str, set[str]] = defaultdict(set)

    # lists -------------------------------------------------------------------------------

    def each(self, reference: object, what: str, handle: Callable[[dict], Any], *, since: str | None) -> None:
        """`handle` every object of a list; one transaction per page."""
        for items in self.pages(reference, what, since=since):
            with transaction.atomic():
                for item in self.objects(items, what):
                    handle(item)

    def pages(self, reference: object, what: str, *, since: str | None) -> Iterator[list]:
        if isinstance(reference, list):  # an embedded list
            yield reference
            return
        if reference is None:
            self.report.skip(what, "the server names no list")
            return
        try:
            first = self.fetcher.check(reference)
        except FetchError as error:
            self.report.error(f"{what} list: {error}")
            return
        url, filtered = (_with_since(first, since), True) if since else (first, False)
        visited: set[str] = set()
        while url:
            if len(visited) >= self.max_pages:
                self.report.error(f"{what} list: stopped after {self.max_pages} pages; not read to its end")
                return
            visited.add(url)
            try:
                page = self.fetcher.get_json(url)
            except FetchError as error:
                if filtered and self.vendor.nothing_changed(error):
                    return
                if filtered and len(visited) == 1 and error.status is not None and 400 <= error.status < 500:
                    self.report.note(f"{what} list: the server refused the filter ({error}); read in full")
                    url, filtered = first, False
                    visited.clear()
                    continue
                self.report.error(f"{what} list: {url} not read: {error}")
                return
            items = _page_items(page)
            if items is None:
                self.report.error(f"{what} list: {url} is neither a list page nor an object")
                return
            yield items
            links = page.get("links") if isinstance(page, dict) else None
            next_url = links.get("next") if isinstance(links, dict) else None
            if not next_url:
                return
            try:
                next_url = self.fetcher.check(next_url)
            except FetchError as error:
                self.report.error(f"{what} list: next page {error}")
                return
            if filtered and not _has_since(next_url):  # a server that drops the filter on later pages
                next_url = _with_since(next_url, since or "")
            if next_url in visited:
                self.report.note(f"{what} list: the next page links back to {next_url}; list ends there")
                return
            url = next_url

    def objects(self, items: list, what: str) -> Iterator[dict]:
        for item in items:
            if isinstance(item, str):  # a reference instead of the object
                try:
                    reference = self.fetcher.check(item)
                except FetchError as error:
                    self.report.skip(what, str(error))
                    continue
                try:
                    item = self.fetcher.get_json(reference)
                except FetchError as error:
                    self.report.error(f"{what} {reference[:200]} not read: {error}")
                    continue
            if not isinstance(item, dict):
                self.report.skip(what, f"not an object: {str(item)[:60]!r}")
                continue
            oparl_id = item.get("id")
            if not self._is_id(oparl_id):
                label = values.text(item.get("name"), 60) or "?"
                self.report.skip(f"{what} {label!r}", "no valid id")
                continue
            if oparl_id in self.seen[what]:
                self.report.skip(oparl_id, f"{what} listed twice")
                continue
            self.seen[what].add(oparl_id)
            yield item

    @staticmethod
    def _update(instance: Any, changes: dict[str, Any]) -> bool:
        changed = [name for name, value in changes.items() if getattr(instance, name) != value]
        for name in changed:
            setattr(instance, name, changes[name])
        if changed:
            instance.save(
                update_fields=[*changed, "updated_at"] if hasattr(instance, "updated_at") else changed
            )
        return bool(changed)

    # the body ------------------------------------------------------------------------------

    def body(self, item: dict) -> None:
        name = values.text(item.get("name"), 200) or values.text(item.get("shortName"), 200)
        if self.municipality is None:
            self.municipality = Municipality.objects.create(
                name=name or "Kommune", website=values.text(item.get("website"), 200)
            )
            self.report.created["municipalities"] += 1
            self.report.note(
                f"created the municipality {self.municipality.name!r} from the Body {item['id']}"
            )
            if _PLACEHOLDER_BODY_NAME.match(name):
                self.report.note(
                    f"the Body's name {name!r} looks like the server's internal name: "
                    "correct the municipality's name in the admin"
                )
        elif name and name != self.municipality.name:
            self.report.note(
                f"the Body {name!r} is imported into the municipality {self.municipality.name!r}"
            )

    # organizations ---------------------------------------------------------------------------

    def organization(self, item: dict) -> Committee | None:
        """Create or update the committee of an organization; None if it is none of ours."""
        oparl_id = item["id"]
        existing = self.committees.get(oparl_id)
        if values.flag(item.get("deleted")):
            self.unavailable[oparl_id] = "deleted upstream"
            if existing is None:
                self.report.skip(oparl_id, "organization deleted upstream; not here")
            else:
                self._retire(existing, "deleted upstream")
            return None
        name = values.text(item.get("name"), 200) or values.text(item.get("shortName"), 200)
        reason = self.vendor.administrative_reason(item)
        if reason:
            self.administrative.add(oparl_id)
            self.report.skip(f"organization {name or oparl_id!r}", f"part of the administration ({reason})")
            if existing is not None:
                self._retire(existing, "part of the administration")
            return None
        if not name:
            self.unavailable[oparl_id] = "without a name"
            self.report.skip(oparl_id, "organization without a name")
            return None
        changes = {
            "name": name,
            "short_name": values.text(item.get("shortName"), 50),
            "kind": self.vendor.committee_kind(item),
            "ends_on": values.day(item.get("endDate")),
            "is_placeholder": False,
            "oparl_id": oparl_id,
        }
        committee = (
            existing
            or Committee.objects.filter(
                # entered by hand before the first import: linked, not duplicated
                municipality=self.municipality,
                name=name,
                oparl_id="",
            ).first()
        )
        clash = Committee.objects.filter(municipality=self.municipality, name=name)
        if committee is not None:
            clash = clash.exclude(pk=committee.pk)
        if clash.exists():
            self.unavailable[oparl_id] = f"another committee is already called {name!r}"
            self.report.skip(oparl_id, self.unavailable[oparl_id])
            return None
        if committee is None:
            committee = Committee.objects.create(municipality=self.municipality, **changes)
            self.report.created["organizations"] += 1
        else:
            was_dissolved = self._dissolved(committee)
            if self._update(committee, changes):
                if self._dissolved(committee) and not was_dissolved:
                    self.report.ended["organizations"] += 1
                else:
                    self.report.updated["organizations"] += 1
        self.committees[oparl_id] = committee
        return committee

    def _dissolved(self, committee: Committee) -> bool:
        return committee.ends_on is not None and committee.ends_on < self.today

    def _retire(self, committee: Committee, why: str) -> None:
        """A committee that is no longer one upstream: removed with its meetings, unless
        inquiries refer to it; then it stays, dissolved, so those inquiries keep their sender."""
        referenced = (
            Inquiry.objects.filter(committee=committee).exists()
            or Inquiry.objects.filter(deadline_meeting__committee=committee).exists()
        )
        if referenced:
            if not self._dissolved(committee):
                committee.ends_on = self.today - timedelta(days=1)
                committee.save(update_fields=["ends_on", "updated_at"])
                self.report.ended["organizations"] += 1
            self.report.note(f"{committee.name!r} ({why}) is kept as dissolved: inquiries refer to it")
            return
        for oparl_id in list(committee.meetings.exclude(oparl_id="").values_list("oparl_id", flat=True)):
            self.meetings.pop(oparl_id, None)
        for oparl_id in list(committee.oparl_memberships.values_list("oparl_id", flat=True)):
            self.memberships.pop(oparl_id, None)
        self.committees.pop(committee.oparl_id, None)
        committee.delete()
        self.report.removed["organizations"] += 1

    def organization_for(self, urls: list[str], *, what: str) -> tuple[Committee | None, str]:
        """The committee of the first usable organization reference. One that is not in the
        list is fetched by its URL (once per run); one the server does not serve either becomes
        a placeholder, so that its meetings and memberships are kept. Returns (committee, why
        there is none)."""
        for url in urls:
            if url in self.committees:
                return self.committees[url], ""
        why = f"{what} of no organization"
        for url in urls:
            if url in self.administrative:
                why = f"{what} of an administrative unit"
                continue
            if url in self.unavailable and url not in self.missing:
                why = f"{what} of an organization that is not a committee ({self.unavailable[url]})"
                continue
            if not self._is_id(url):
                why = f"{what} of an organization on another host or with an invalid id"
                continue
            committee = self._fetch_organization(url) if url not in self.unavailable else None
            if committee is not None:
                return committee, ""
            if url in self.missing:
                return self.placeholder(url), ""
            why = f"{what} of an organization that is not a committee ({self.unavailable.get(url, '?')})"
        return None, why

    def _fetch_organization(self, url: str) -> Committee | None:
        try:
            item = self.fetcher.get_json(url)
        except FetchError as error:
            self.unavailable[url] = str(error)
            self.missing.add(url)
            if error.status not in (404, 410):  # not "no such object": the next run tries again
                self.report.error(f"organization {url} not read: {error}")
            return None
        if not isinstance(item, dict) or item.get("id") != url:
            self.unavailable[url] = "the server answers with another object"
            self.missing.add(url)
            return None
        return self.organization(item)

    def placeholder(self, url: str) -> Committee:
        """Meetings and memberships of an organization the server neither lists nor serves are
        kept under a committee marked as a placeholder (not offered for inquiries); the real
        organization replaces its values once it is listed."""
        tail = values.id_tail(url)
        name = f"Organisation {tail}"[:200]
        taken = set(Committee.objects.filter(municipality=self.municipality).values_list("name", flat=True))
        number = 2
        while name in taken:
            name = f"Organisation {tail} ({number})"[:200]
            number += 1
        committee = Committee.objects.create(
            municipality=self.municipality, name=name, oparl_id=url, is_placeholder=True
        )
        self.committees[url] = committee
        self.report.created["organizations"] += 1
        self.report.note(
            f"organization {url} is neither listed nor served ({self.unavailable.get(url, '?')}): "
            f"what refers to it is kept under the placeholder {name!r}"
        )
        return committee

    def drop_unused_placeholders(self) -> None:
        """A placeholder only holds meetings and memberships; once none are left (deleted
        upstream), it goes too, as a full import would never have made it."""
        unused = Committee.objects.filter(
            municipality=self.municipality, is_placeholder=True, meetings=None, oparl_memberships=None
        ).exclude(pk__in=Inquiry.objects.filter(committee__isnull=False).values("committee_id"))
        for committee in unused:
            self.committees.pop(committee.oparl_id, None)
            committee.delete()
            self.report.removed["organizations"] += 1

    # persons and memberships -----------------------------------------------------------------

    def person(self, item: dict) -> None:
        oparl_id = item["id"]
        link = self.persons.get(oparl_id)
        if values.flag(item.get("deleted")):
            records = list(OParlMembership.objects.filter(user=link.user)) if link else []
            if not records:
                self.report.skip(oparl_id, "person deleted upstream; nothing of theirs here")
                return
            for record in records:  # the account stays, inactive as every imported one
                self._drop_membership(record)
            self.report.removed["persons"] += 1
            return
        name = values.text(item.get("name"), 300)
        given, family = values.text(item.get("givenName"), 150), values.text(item.get("familyName"), 150)
        if not (given or family):
            given, family = values.split_name(name)
            given, family = given[:150], family[:150]
        if not (given or family):
            self.report.skip(oparl_id, "person without a name")
            return
        if link is None:
            user = User(
                username=values.username(oparl_id), first_name=given, last_name=family, is_active=False
            )
            user.set_unusable_password()
            user.save()
            link = OParlPerson.objects.create(user=user, oparl_id=oparl_id)
            self.persons[oparl_id] = link
            self.report.created["persons"] += 1
        elif self._update(link.user, {"first_name": given, "last_name": family}):
            self.report.updated["persons"] += 1
        self.memberships_of(link.user, item.get("membership"))

    def memberships_of(self, user: User, listed: object) -> None:
        """A person's membership list is complete: records it no longer names are gone
        upstream. Only when every entry could be read, though."""
        if isinstance(listed, dict):
            listed = [listed]
        if not isinstance(listed, list):
            listed = []
        complete, named = True, set()
        for entry in listed:
            if isinstance(entry, str):
                try:
                    entry = self.fetcher.get_json(self.fetcher.check(entry))
                except FetchError as error:
                    if error.status is None and not self._is_ours(entry):
                        self.report.skip("membership", str(error))
                    else:
                        self.report.error(f"membership {entry[:200]} not read: {error}")
                    complete = False
                    continue
            if not isinstance(entry, dict) or not self._is_id(entry.get("id")):
                self.report.skip("membership", f"not a membership with a valid id: {str(entry)[:60]!r}")
                complete = False
                continue
            named.add(entry["id"])
            self.membership(entry, user)
        if complete:
            for record in list(OParlMembership.objects.filter(user=user).exclude(oparl_id__in=named)):
                self._drop_membership(record)

    def membership(self, item: dict, user: User) -> None:
        oparl_id = item["id"]
        record = self.memberships.get(oparl_id)
        if values.flag(item.get("deleted")):
            if record is not None:
                self._drop_membership(record)
            return
        committee, why = self.organization_for(values.urls(item.get("organization")), what="membership")
        if committee is None:
            self.report.skip(oparl_id, why)
            if record is not None:
                self._drop_membership(record)
            return
        changes = {
            "committee": committee,
            "user": user,
            "role": values.text(item.get("role"), 200),
            "has_voting_right": values.optional_flag(item.get("votingRight")),
            "starts_on": values.day(item.get("startDate")),
            "ends_on": values.day(item.get("endDate")),
        }
        if record is None:
            self.memberships[oparl_id] = OParlMembership.objects.create(oparl_id=oparl_id, **changes)
            self.report.created["memberships"] += 1
        elif self._update(record, changes):
            self.report.updated["memberships"] += 1

    def _drop_membership(self, record: OParlMembership) -> None:
        self.memberships.pop(record.oparl_id, None)
        record.delete()

    # meetings ------------------------------------------------------------------------------

    def meeting(self, item: dict) -> None:
        oparl_id = item["id"]
        meeting = self.meetings.get(oparl_id)
        if values.flag(item.get("deleted")):
            if meeting is None:
                self.report.skip(oparl_id, "meeting deleted upstream; not here")
            else:
                self._remove_meeting(meeting)
            return
        starts_at = values.moment(item.get("start"))
        if starts_at is None:
            self.report.skip(oparl_id, f"meeting without a valid start ({str(item.get('start'))[:40]!r})")
            return
        committee, why = self.organization_for(values.urls(item.get("organization")), what="meeting")
        if committee is None:
            self.report.skip(oparl_id, why)
            return
        changes = {
            "committee": committee,
            "name": values.text(item.get("name"), 300),
            "starts_at": starts_at,
            "is_cancelled": values.flag(item.get("cancelled")),
            "is_public": self.vendor.is_public_meeting(item),
            "is_placeholder": self.vendor.is_placeholder_meeting(item),
            "oparl_id": oparl_id,
        }
        location = item.get("location")
        if isinstance(location, dict):
            changes["location"] = _location_text(location)
        if meeting is None:
            self.meetings[oparl_id] = Meeting.objects.create(**changes)
            self.report.created["meetings"] += 1
        elif self._update(meeting, changes):
            self.report.updated["meetings"] += 1

    def _is_ours(self, url: str) -> bool:
        try:
            self.fetcher.check(url)
        except FetchError:
            return False
        return True

    def _is_id(self, value: object) -> bool:
        """An object id we can fetch and keep: a URL on the system's host, not too long."""
        return isinstance(value, str) and len(value) <= MAX_ID_LENGTH and self._is_ours(value)

    def _remove_meeting(self, meeting: Meeting) -> None:
        if Inquiry.objects.filter(deadline_meeting=meeting).exists():
            # A deadline names it: keep it (cancelled) so that the inquiry still says why.
            if not meeting.is_cancelled:
                meeting.is_cancelled = True
                meeting.save(update_fields=["is_cancelled", "updated_at"])
                self.report.updated["meetings"] += 1
            self.report.note(
                f"meeting {meeting.oparl_id} was deleted upstream; kept as cancelled for a deadline"
            )
            return
        self.meetings.pop(meeting.oparl_id, None)
        meeting.delete()
        self.report.removed["meetings"] += 1


def _location_text(location: dict) -> str:
    description = values.text(location.get("description"), 200)
    room = values.text(location.get("room"), 100)
    if not description:
        place = " ".join(
            part
            for part in (
                values.text(location.get("postalCode"), 10),
                values.text(location.get("locality"), 100),
            )
            if part
        )
        description = ", ".join(
            part for part in (values.text(location.get("streetAddress"), 100), place) if part
        )
    if room and room not in description:
        description = f"{description}, {room}" if description else room
    return description[:200]


def import_oparl(
    url: str, *, full: bool = False, fetcher: Fetcher | None = None, max_pages: int = MAX_PAGES_PER_LIST
) -> ImportReport:
    """Import committees, persons, memberships and meetings from the OParl system at `url`.

    Raises FetchError if the System object itself cannot be read. Requests go to the System's
    host and port only. Later runs ask for the changes since the start of the last complete run;
    `full` asks for everything. The report's `errors` say what could not be read; then the mark
    for the next run stays where it was."""
    fetcher = fetcher or Fetcher()
    fetcher.restrict_to(url)
    started_at = timezone.now()
    today = timezone.localdate()
    state = OParlImportState.objects.filter(system_url=url).first()
    report = ImportReport(modified_since=None if full or state is None else state.last_run_at)
    system = fetcher.get_json(url)
    if not isinstance(system, dict):
        raise FetchError("the System is not a JSON object")
    vendor = vendor_for(system)
    report.vendor = vendor.name
    since = since_parameter(report.modified_since) if report.modified_since else None
    in_force_before = set(OParlMembership.objects.current(today).values_list("oparl_id", flat=True))

    importer = _Importer(
        fetcher, report, municipality=Municipality.current(), vendor=vendor, today=today, max_pages=max_pages
    )
    if system.get("body") is None:
        report.error("the System names no body list")
    bodies: list[dict] = []
    if system.get("body") is not None:
        importer.each(system.get("body"), "body", bodies.append, since=None)
    for body in bodies:
        importer.body(body)
    for kind, handle in (
        ("organization", importer.organization),
        ("person", importer.person),
        ("meeting", importer.meeting),
    ):
        for body in bodies:
            importer.each(body.get(kind), kind, handle, since=since)

    if importer.municipality is not None:
        with transaction.atomic():
            importer.drop_unused_placeholders()
            report.current_memberships, report.chairs = derive_members(
                Committee.objects.filter(municipality=importer.municipality).exclude(oparl_id=""), today=today
            )
    in_force_after = set(OParlMembership.objects.current(today).values_list("oparl_id", flat=True))
    report.ended["memberships"] = len(in_force_before - in_force_after)
    if report.is_complete:
        OParlImportState.objects.update_or_create(system_url=url, defaults={"last_run_at": started_at})
    return report
