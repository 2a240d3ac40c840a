"""Committees' members and chairs derived from the membership records in force."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from inquiries.models import Committee
from oparl.models import OParlMembership, OParlPerson, is_chair_role


def derive_members(committees: Iterable[Committee], *, today: date) -> tuple[int, int]:
    """Set each committee's `members` and `chair` from its membership records in force on
    `today`: a member is whoever holds at least one (deputies too: their role says so), the
    chair whoever holds a chair's role (the most recent start wins). People the council office
    added by hand, who were not imported, are left alone, and so is a chair set by hand when
    the records name none. Returns (memberships in force, chairs)."""
    committees = list(committees)
    pks = [committee.pk for committee in committees]
    imported = set(OParlPerson.objects.values_list("user_id", flat=True))
    wanted: dict[int, set[int]] = defaultdict(set)
    chairs: dict[int, tuple[date, int]] = {}
    for committee_id, user_id, role, starts_on in (
        OParlMembership.objects.current(today)
        .filter(committee_id__in=pks)
        .values_list("committee_id", "user_id", "role", "starts_on")
    ):
        wanted[committee_id].add(user_id)
        if is_chair_role(role):
            candidate = (starts_on or date.min, user_id)
            chairs[committee_id] = max(chairs.get(committee_id, candidate), candidate)
    through = Committee.members.through
    present: dict[int, set[int]] = defaultdict(set)
    for committee_id, user_id in through.objects.filter(committee_id__in=pks).values_list(
        "committee_id", "user_id"
    ):
        present[committee_id].add(user_id)
    in_force = 0
    for committee in committees:
        want, have = wanted[committee.pk], present[committee.pk]
        in_force += len(want)
        added, gone = want - have, (have & imported) - want
        if added:
            through.objects.bulk_create(
                through(committee_id=committee.pk, user_id=pk) for pk in sorted(added)
            )
        if gone:
            through.objects.filter(committee_id=committee.pk, user_id__in=gone).delete()
        chair_id = chairs[committee.pk][1] if committee.pk in chairs else None
        if chair_id is None and committee.chair_id not in imported:
            chair_id = committee.chair_id  # set by hand, and the records name no chair
        if chair_id != committee.chair_id:
            committee.chair_id = chair_id
            committee.save(update_fields=["chair", "updated_at"])
        elif added or gone:
            committee.save(update_fields=["updated_at"])  # its Organization lists other members now
    return in_force, len(chairs)
