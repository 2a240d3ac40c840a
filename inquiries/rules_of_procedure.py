"""Rules of procedure in the database: which rules apply to an inquiry, the deadline they give
it, export and import as JSON, the shipped examples and the admin's live example.

The computing is `inquiries.deadlines` (pure); this module only reads the database for it.
"""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inquiries.deadlines import (
    Deadline,
    DeadlineKind,
    DeadlineRequest,
    DeadlineRules,
    MeetingInfo,
    RulesError,
    compute_deadline,
    parse_deadline_phrase,
)
from inquiries.models import Committee, Inquiry, Municipality, RulesOfProcedure

EXAMPLES_DIR = Path(__file__).resolve().parent / "deadlines" / "examples"
EXPORT_FORMAT = "ratsanfragen.rules_of_procedure/1"


def deadline_rules(committee: Committee | None = None) -> DeadlineRules:
    """The installation's rules of procedure (the defaults while no municipality is set up),
    with the committee's own keys over them. Reads `committee.rules_of_procedure`."""
    return (Municipality.current() or Municipality()).deadline_rules(committee)


def committee_meetings(committee: Committee | None, *, after: date) -> list[MeetingInfo]:
    """The committee's meetings after a day that can be "the next meeting" (one query)."""
    if committee is None:
        return []
    return [
        MeetingInfo(
            starts_on=timezone.localdate(meeting.starts_at), committee_name=committee.name, pk=meeting.pk
        )
        for meeting in committee.meetings.schedulable().filter(starts_at__date__gt=after)
    ]


def determine_deadline(
    inquiry: Inquiry,
    *,
    received_on: date,
    received_time: time | None = None,
    classification: str | None = None,
) -> tuple[DeadlineKind, Deadline]:
    """The deadline the letter asks for, under the rules of procedure of the inquiry's committee.

    Reads the committee, its rules and its meetings (select_related "committee" and
    "committee__rules_of_procedure" to save two queries). Returns the kind of request the letter
    makes and the `Deadline`: its `reason` says in words why the date is what it is,
    `needs_manual` when the council office must set it (no suitable meeting planned, a date in
    the past); it carries the interim reply's and the departments' due dates.
    """
    request = parse_deadline_phrase(inquiry.deadline_text, received_on=received_on)
    deadline = compute_deadline(
        request,
        received_on=received_on,
        received_time=received_time,
        meetings=committee_meetings(inquiry.committee, after=received_on),
        rules=deadline_rules(inquiry.committee),
        classification=classification or inquiry.classification,
        kind=inquiry.kind,
    )
    return request.kind, deadline


# --- Export and import -------------------------------------------------------------------------


def export_rules(rules_of_procedure: RulesOfProcedure) -> dict[str, Any]:
    """The set as a JSON object: every key of the rules written out, with name and source."""
    rules = DeadlineRules.from_json(rules_of_procedure.rules, state="NW").to_json()
    return {
        "format": EXPORT_FORMAT,
        "name": rules_of_procedure.name,
        "provisions": rules_of_procedure.provisions,
        "source_url": rules_of_procedure.source_url,
        "notes": rules_of_procedure.notes,
        "rules": rules,
    }


@transaction.atomic
def import_rules(data: Any, *, name: str = "") -> RulesOfProcedure:
    """Create or update (by name) a set from an export, or from bare rules with `name`.
    Raises `RulesError` with the wrong key named; nothing is written then."""
    if not isinstance(data, dict):
        raise RulesError(_("The file must hold one JSON object."))
    if "rules" in data and "format" in data:
        rules, meta = data["rules"], data
        name = name or str(data.get("name") or "")
    else:
        rules, meta = data, {}
    if not name.strip():
        raise RulesError(_("Give the rules of procedure a name."))
    DeadlineRules.from_json(rules, state="NW")  # raises with the key named
    obj, _created = RulesOfProcedure.objects.update_or_create(
        name=name.strip()[:200],
        defaults={
            "rules": rules,
            "provisions": str(meta.get("provisions") or "")[:300],
            "source_url": str(meta.get("source_url") or "")[:500],
            "notes": str(meta.get("notes") or ""),
        },
    )
    return obj


def load_example_rules() -> dict[str, RulesOfProcedure]:
    """The shipped examples (docs/deadlines.md), created or updated, by file name."""
    loaded = {}
    for path in sorted(EXAMPLES_DIR.glob("*.json")):
        loaded[path.stem] = import_rules(json.loads(path.read_text(encoding="utf-8")))
    return loaded


# --- The admin's live example ------------------------------------------------------------------


def live_examples(
    rules: DeadlineRules, *, received_on: date, meetings: list[MeetingInfo], received_time: time | None = None
) -> list[tuple[str, Deadline]]:
    """What the rules give for an inquiry received on a day, for the kinds of request a letter
    makes: nothing named, nothing named but fundamental, the next meeting, four weeks."""
    cases: list[tuple[str, DeadlineRequest, str]] = [
        (_("No deadline named"), DeadlineRequest(DeadlineKind.NONE), "normal"),
        (
            _("No deadline named, classified as fundamental"),
            DeadlineRequest(DeadlineKind.NONE),
            "fundamental",
        ),
    ]
    for text in ("bis zur nächsten Sitzung", "innerhalb von vier Wochen"):
        cases.append((f"„{text}“", parse_deadline_phrase(text, received_on=received_on), "normal"))
    return [
        (
            label,
            compute_deadline(
                request,
                received_on=received_on,
                received_time=received_time,
                meetings=meetings,
                rules=rules,
                classification=classification,
            ),
        )
        for label, request, classification in cases
        if classification == "normal" or rules.extended_period is not None
    ]


def example_meetings(received_on: date) -> list[MeetingInfo]:
    """Meetings for the live example when the council has none planned: every four weeks, on
    Thursdays, from the second Thursday after receipt."""
    first = received_on + timedelta(days=(3 - received_on.weekday()) % 7 + 7)
    return [MeetingInfo(first + timedelta(weeks=4 * i), _("Council (example)")) for i in range(6)]
