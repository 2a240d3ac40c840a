"""`manage.py import_oparl` against real responses of SD.NET, SessionNet and ALLRIS servers,
on their mock server with every vendor quirk switched on (see tests/oparl/real.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from inquiries import roles
from inquiries.models import Committee, Inquiry, Meeting, Municipality
from inquiries.services import determine_deadline
from oparl.models import OParlImportState, OParlMembership, OParlPerson
from tests.factories import InquiryFactory, user_with_role
from tests.oparl.real import SYSTEMS, in_force

pytestmark = pytest.mark.django_db

SDNET = SYSTEMS["sdnet"].rsplit("/", 1)[0] + "/body/1"
QUIET = (
    "organizations: 0 new, 0 updated, 0 ended; persons: 0 new, 0 updated; "
    "memberships: 0 new, 0 updated, 0 ended"
)


def run(tenant: str, *args: str) -> str:
    out = StringIO()
    call_command("import_oparl", SYSTEMS[tenant], *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def imported_pairs() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(organization, person) pairs of the committees' members and chairs, by OParl ids."""
    person = dict(OParlPerson.objects.values_list("user_id", "oparl_id"))
    pairs, chairs = set(), set()
    for committee in Committee.objects.exclude(oparl_id="").prefetch_related("members"):
        pairs |= {(committee.oparl_id, person[m.pk]) for m in committee.members.all() if m.pk in person}
        if committee.chair_id in person:
            chairs.add((committee.oparl_id, person[committee.chair_id]))
    return pairs, chairs


def snapshot() -> dict[str, object]:
    """What the rest of the product reads of an import, by OParl ids."""
    pairs, chairs = imported_pairs()
    return {
        "committees": set(
            Committee.objects.values_list("oparl_id", "name", "kind", "ends_on", "is_placeholder")
        ),
        "records": set(
            OParlMembership.objects.values_list(
                "oparl_id",
                "committee__oparl_id",
                "user__oparl_person__oparl_id",
                "role",
                "starts_on",
                "ends_on",
            )
        ),
        "members": pairs,
        "chairs": chairs,
        "meetings": set(
            Meeting.objects.values_list(
                "oparl_id",
                "committee__oparl_id",
                "name",
                "starts_at",
                "is_public",
                "is_cancelled",
                "is_placeholder",
            )
        ),
    }


def wipe() -> None:
    Inquiry.objects.all().delete()
    Meeting.objects.all().delete()
    Committee.objects.all().delete()
    for link in OParlPerson.objects.select_related("user"):
        link.user.delete()
    OParlImportState.objects.all().delete()
    Municipality.objects.all().delete()


def test_sdnet_keeps_every_membership_in_force_and_every_chair(real):
    today = timezone.localdate()
    output = run("sdnet")

    want_pairs, want_chairs = in_force(real.lists("sdnet"), today)
    have_pairs, have_chairs = imported_pairs()
    assert len(want_pairs) == 279
    assert have_pairs == want_pairs
    assert have_chairs == want_chairs
    factions = {c.oparl_id for c in Committee.objects.filter(kind=Committee.Kind.FACTION)}
    assert len(factions) == 5 and len({c for c in have_chairs if c[0] in factions}) == 5
    assert OParlMembership.objects.count() == 533  # the whole history, as the server keeps it
    assert "memberships: 533 new, 0 updated, 0 ended (279 in force, 8 chairs)" in output
    # a deputy is a member, and the record says so
    deputy = OParlMembership.objects.current(today).filter(role="stellv. Mitglied").first()
    assert deputy.is_deputy and not deputy.is_chair
    assert deputy.committee.members.filter(pk=deputy.user_id).exists()
    # Peter Huppertz: "Mitglied" of the CDU until 2009, "Sachkundiger Bürger" since 2020
    huppertz = OParlPerson.objects.get(oparl_id=f"{SDNET}/person/13").user
    cdu = Committee.objects.get(oparl_id=f"{SDNET}/organization/2-1")
    assert cdu.members.filter(pk=huppertz.pk).exists()
    assert set(huppertz.oparl_memberships.filter(committee=cdu).values_list("role", "ends_on")) == {
        ("Mitglied", date(2009, 10, 20)),
        ("Sachkundiger Bürger", None),
    }


def test_sdnet_kinds_dissolved_committees_and_offices(real, db):
    output = run("sdnet")
    council = Committee.objects.get(oparl_id=f"{SDNET}/organization/1-8")
    assert (council.name, council.kind) == ("Gemeinderat", Committee.Kind.COUNCIL)
    assert not Committee.objects.filter(name__startswith="Abteilung").exists()  # Dienststellen
    assert output.count("part of the administration") == 4 + 1  # four lines and their count
    dissolved = Committee.objects.filter(ends_on__lt=timezone.localdate())
    assert set(dissolved.values_list("name", flat=True)) == {
        "Bau- und Umweltausschuss",
        "Schulausschuss",
        "Ausschuss für Jugend, Kultur und Vereine",
        "Ausschuss für Wirtschaft, Tourismus und Landwirtschaft",
    }
    assert dissolved.get(name="Schulausschuss").meetings.count() == 34  # their past meetings stay
    offered = set(Committee.objects.writable_by(user_with_role(roles.COUNCIL_OFFICE)))
    assert offered == set(Committee.objects.exclude(pk__in=dissolved))
    assert Meeting.objects.count() == 346
    assert "21 × meeting deleted upstream; not here" in output


def test_sdnet_second_full_import_is_quiet_and_an_unchanged_incremental_run_succeeds(real):
    run("sdnet")
    second = run("sdnet", "--full")
    assert QUIET in second and "meetings: 0 new, 0 updated;" in second
    assert "removed" not in second.splitlines()[0]
    mark = OParlImportState.objects.get().last_run_at
    real.requests.clear()

    unchanged = run("sdnet")  # SD.NET answers 404/802 and [] for "nothing changed": no error

    assert QUIET in unchanged and "0 errors" in unchanged
    assert OParlImportState.objects.get().last_run_at > mark
    # "nothing changed" is understood as such: no list is read in full instead
    assert "refused the filter" not in unchanged
    assert not [r for r in real.requests if "/body/1/" in r and "modified_since" not in r]
    filtered = [r for r in real.requests if "modified_since" in r]
    assert {urlsplit(r).path.rsplit("/", 1)[1] for r in filtered} == {"organization", "person", "meeting"}
    for request in filtered:
        (since,) = parse_qs(urlsplit(request).query)["modified_since"]
        assert since.endswith("Z") and "." not in since and "%" not in request


def test_sdnet_incremental_run_applies_the_upstream_changes(real):
    today = timezone.localdate()
    run("sdnet")
    real.apply_scenario(modified=timezone.now() + timedelta(minutes=5), yesterday=today - timedelta(days=1))
    moved = Meeting.objects.get(oparl_id=f"{SDNET}/meeting/2536")

    output = run("sdnet")

    assert "persons: 0 new, 0 updated, 1 removed" in output
    assert "memberships: 0 new, 1 updated, 3 ended" in output  # 13's ended, 53's two
    assert "meetings: 0 new, 1 updated, 1 removed" in output
    assert Meeting.objects.get(pk=moved.pk).starts_at == moved.starts_at + timedelta(hours=1)
    assert not Meeting.objects.filter(oparl_id=f"{SDNET}/meeting/2535").exists()
    want_pairs, want_chairs = in_force(real.lists("sdnet"), today)
    assert imported_pairs() == (want_pairs, want_chairs)
    assert not OParlMembership.objects.filter(user__oparl_person__oparl_id=f"{SDNET}/person/53").exists()


@pytest.mark.parametrize("tenant", ["sdnet", "sessionnet", "allris"])
def test_an_incremental_run_reaches_the_state_of_a_full_import(real, tenant):
    today = timezone.localdate()
    run(tenant)
    real.apply_scenario(modified=timezone.now() + timedelta(minutes=5), yesterday=today - timedelta(days=1))
    output = run(tenant)
    assert "changes since" in output and "0 errors" in output
    incremental = snapshot()

    wipe()
    run(tenant, "--full")

    assert snapshot() == incremental


def test_sessionnet_keeps_every_meeting_with_its_organization(real):
    output = run("sessionnet")
    lines = output.splitlines()

    assert "meetings: 2610 new, 0 updated;" in lines[0]
    assert Meeting.objects.count() == 2610  # 2,609 of Karlsruhe, one of Wuppertal
    assert "0 errors" in lines[0]
    # 70 of 97 organizations are offices of the administration (/at/)
    assert not Committee.objects.filter(oparl_id__contains="/organizations/at/").exists()
    assert "70 × part of the administration (SessionNet office (organizations/at/…))" in output
    # meetings of organizations missing from the list: kept, under placeholders
    placeholders = Committee.objects.filter(is_placeholder=True)
    assert placeholders.count() == 11
    assert Meeting.objects.filter(committee__is_placeholder=True).count() == 59
    assert all(c.name.startswith("Organisation gr/") for c in placeholders)
    verband = Committee.objects.get(oparl_id__endswith="/organizations/gr/53137")
    assert verband.is_placeholder and verband.meetings.count() == 39
    offered = Committee.objects.writable_by(user_with_role(roles.COUNCIL_OFFICE))
    assert not offered.filter(is_placeholder=True).exists() and offered.count() == 27
    # the data's own marker of closed meetings
    assert Meeting.objects.filter(is_public=False).count() == 226
    assert not Meeting.objects.filter(is_public=False, name__contains="(öffentlich/").exists()
    assert Committee.objects.get(oparl_id__endswith="/gr/32130").kind == Committee.Kind.COUNCIL
    assert Committee.objects.get(oparl_id__endswith="/gr/54847").kind == Committee.Kind.ADVISORY_COUNCIL
    # the municipality made from a Body called "Instance 0001" is named in the output
    assert Municipality.objects.get().name == "Instance 0001"
    assert (
        "created the municipality 'Instance 0001'" in output and "looks like the server's internal" in output
    )

    # an incremental run: percent-encoding and fractions of seconds would be refused
    real.apply_scenario(modified=timezone.now() + timedelta(minutes=5), yesterday=date.today())
    real.requests.clear()
    incremental = run("sessionnet")
    assert "meetings: 0 new, 1 updated, 1 removed" in incremental and "0 errors" in incremental
    assert not any("%" in request for request in real.requests)
    assert not Meeting.objects.filter(oparl_id__endswith="/meetings/10620").exists()
    meetings = real.lists("sessionnet")[f"{SYSTEMS['sessionnet'].rsplit('/', 1)[0]}/bodies/0001/meetings"]
    moved = next(m for m in meetings if m["id"].endswith("/meetings/10630"))
    assert Meeting.objects.get(oparl_id=moved["id"]).starts_at == datetime.fromisoformat(moved["start"])


def test_allris_sammeldatum_is_never_the_next_meeting_of_a_deadline(real):
    run("allris")
    sammel = Meeting.objects.filter(name__contains="Sammeldatum")
    assert sammel.count() == 5 and all(m.is_placeholder for m in sammel)
    assert not Meeting.objects.schedulable().filter(name__contains="Sammeldatum").exists()
    assert Committee.objects.get(name="Stadtrat Augsburg").kind == Committee.Kind.COUNCIL
    # Bonn's Projektbeirat: its Sammeldatum on 31.12.2025 is no meeting to answer in
    beirat = Meeting.objects.get(oparl_id__endswith="meetings?id=2005412").committee
    inquiry = InquiryFactory(committee=beirat, deadline_text="bis zur nächsten Sitzung")
    _, deadline = determine_deadline(inquiry, received_on=date(2025, 12, 1))
    assert deadline.meeting is None
    assert deadline.needs_manual
    # the same date as a real meeting is the next one
    Meeting.objects.filter(oparl_id__endswith="meetings?id=2005412").update(is_placeholder=False)
    _, deadline = determine_deadline(inquiry, received_on=date(2025, 12, 1))
    assert deadline.meeting is not None and deadline.meeting.starts_on == date(2025, 12, 31)


def test_allris_memberships_of_unserved_organizations_are_kept_in_any_order(real):
    first = run("allris")
    assert "memberships: 2 new" in first
    second = run("allris", "--full")
    assert QUIET in second


def test_krefeld_imports_its_body_and_fails_loudly(real):
    with pytest.raises(CommandError, match="could not be read"):
        run("krefeld")
    assert Municipality.objects.get().name == "Stadt Krefeld"  # one Body object instead of a list
    assert not OParlImportState.objects.exists()  # the next run reads everything again


def test_the_reply_greets_the_chair_the_records_name(real):
    """Who is greeted in a reply reads the committee's chair, derived from the records: the
    faction chair in force, not whoever's record came last."""
    from responses.services import reply_document
    from tests.factories import ReplyFactory

    run("sdnet")
    today = timezone.localdate()
    _, chairs = in_force(real.lists("sdnet"), today)
    cdu = Committee.objects.get(oparl_id=f"{SDNET}/organization/2-1")
    (chair_id,) = [person for organization, person in chairs if organization == cdu.oparl_id]
    chair = OParlPerson.objects.get(oparl_id=chair_id).user
    reply = ReplyFactory(inquiry=InquiryFactory(committee=cdu))

    lines = reply_document(reply, draft=True).addressee_lines

    assert f"{chair.get_full_name()} (Vorsitz)" in lines


def test_who_may_write_for_a_committee_follows_the_records_in_force(real):
    """Peter Huppertz, given a login: he may write for the committees where a record of his is
    in force, not for the Gemeinderat, where his only record ended in 2009."""
    from django.contrib.auth.models import Group

    run("sdnet")
    today = timezone.localdate()
    huppertz = OParlPerson.objects.get(oparl_id=f"{SDNET}/person/13").user
    huppertz.is_active = True
    huppertz.save()
    huppertz.groups.add(Group.objects.get(name=roles.COMMITTEE_CHAIR))
    want, _ = in_force(real.lists("sdnet"), today)
    his = {organization for organization, person in want if person.endswith("/person/13")}

    writable = set(Committee.objects.writable_by(huppertz).values_list("oparl_id", flat=True))

    assert writable == his and len(his) >= 2
    assert f"{SDNET}/organization/1-8" not in writable
