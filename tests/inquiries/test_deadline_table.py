"""The table of deadlines from real rules of procedure (tests/inquiries/deadline_cases.py), each
worked out by hand, through what `manage.py compute_deadline` runs. No database."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from inquiries.deadlines.command import compute_from_json
from tests.inquiries.deadline_cases import CASES, Case

EXAMPLES = Path(__file__).resolve().parents[2] / "inquiries" / "deadlines" / "examples"


def rules_of(case: Case) -> dict:
    if isinstance(case.rules, dict):
        return case.rules
    name, override = case.rules if isinstance(case.rules, tuple) else (case.rules, {})
    rules = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))["rules"]
    return {**rules, **override}


def command_input(case: Case) -> dict:
    return {"state": case.state, "rules": rules_of(case), **case.input}


def test_the_table_has_at_least_sixty_cases_each_with_a_source():
    assert len(CASES) >= 60
    assert len({case.id for case in CASES}) == len(CASES)
    for case in CASES:
        assert "http" in case.source, case.id
        assert case.why, case.id


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_deadline_from_real_rules_of_procedure(case):
    result = compute_from_json(command_input(case))
    got = {key: result[key] for key in ("due_on", "interim_reply_due_on", "internal_due_on", "meeting_on")}
    expected = {
        "due_on": case.due_on,
        "interim_reply_due_on": case.interim_reply_due_on,
        "internal_due_on": case.internal_due_on,
        "meeting_on": case.meeting_on,
    }
    assert got == expected, f"{case.why}\n{result['reason']}"
    if case.due_on:
        # the reason names the date it arrives at
        assert date.fromisoformat(case.due_on).strftime("%d.%m.%Y") in result["reason"]
    else:
        assert result["reason"]


@pytest.mark.parametrize("case", CASES[::7], ids=[case.id for case in CASES[::7]])
def test_the_command_says_the_same_without_a_database(case, monkeypatch):
    # no django_db mark: any database access would raise
    monkeypatch.setattr("sys.stdin", StringIO(json.dumps(command_input(case))))
    out = StringIO()
    call_command("compute_deadline", stdout=out)
    with translation.override("de"):
        assert json.loads(out.getvalue()) == compute_from_json(command_input(case))


def test_every_shipped_example_is_used_by_the_table():
    used = {
        case.rules if isinstance(case.rules, str) else case.rules[0]
        for case in CASES
        if not isinstance(case.rules, dict)
    }
    shipped = {path.stem for path in EXAMPLES.glob("*.json")} - {"bornheim-demo"}
    assert shipped <= used
