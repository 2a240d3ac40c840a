"""The rules of procedure as JSON, and the rule types the table of real cases does not reach.
Pure: no database."""

import json
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest
from django.utils import translation

from inquiries.deadlines import (
    AnswerDue,
    DeadlineKind,
    DeadlineRequest,
    DeadlineRules,
    MeetingInfo,
    Period,
    RulesError,
    SubmissionPeriod,
    Unit,
    compute_deadline,
    parse_deadline_phrase,
)
from inquiries.deadlines.command import InputError, compute_from_json

ROOT = Path(__file__).resolve().parents[2]
NONE = DeadlineRequest(DeadlineKind.NONE)


def rules(data: dict, state: str = "NW") -> DeadlineRules:
    return DeadlineRules.from_json(data, state=state)


def meeting(iso: str) -> MeetingInfo:
    return MeetingInfo(date.fromisoformat(iso), "Rat")


# --- JSON ----------------------------------------------------------------------------------------

ISSUE_EXAMPLE = {
    "period": {"count": 3, "unit": "weeks"},
    "extended_period": {"count": 6, "unit": "weeks"},
    "interim_reply_within": {"count": 3, "unit": "weeks"},
    "working_days": "mon-fri",
    "plain_days": "calendar",
    "submission_period": {"count": 10, "unit": "days", "cutoff": "12:00"},
    "answer_due": "meeting_day",
    "if_not_answerable": "next_meeting",
    "named_dates_on_holidays": "next_working_day",
    "extra_holidays": ["2025-08-15"],
    "internal_review_working_days": 3,
}


def test_the_documented_example_reads_and_writes_back_the_same():
    read = rules(ISSUE_EXAMPLE)
    assert read.period == Period(3, Unit.WEEKS) and read.extended_period == Period(6, Unit.WEEKS)
    assert read.submission_period == SubmissionPeriod(Period(10, Unit.DAYS), cutoff=time(12, 0))
    written = read.to_json()
    assert {key: written[key] for key in ISSUE_EXAMPLE} == ISSUE_EXAMPLE
    assert rules(written) == read


def test_empty_rules_are_the_defaults_and_say_every_key():
    written = rules({}).to_json()
    assert written["period"] == {"count": 28, "unit": "days"}
    assert written["submission_period"] == {"count": 7, "unit": "days"}
    assert written["internal_review_working_days"] == 3
    assert set(written) == {
        "period",
        "extended_period",
        "interim_reply_within",
        "working_days",
        "plain_days",
        "submission_period",
        "answer_due",
        "if_not_answerable",
        "named_dates_on_holidays",
        "extra_holidays",
        "internal_review_working_days",
        "default_deadline",
        "requested_deadline",
        "kinds",
    }


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"periode": {"count": 3, "unit": "weeks"}}, "'periode'"),
        ({"period": {"count": 3, "unit": "weekz"}}, "period.unit"),
        ({"period": {"count": 0, "unit": "weeks"}}, "period.count"),
        ({"period": {"count": "3", "unit": "weeks"}}, "period.count"),
        ({"period": 21}, "period"),
        ({"working_days": "mon-sun"}, "working_days"),
        ({"submission_period": {"count": 10, "unit": "days", "cutoff": "25:00"}}, "submission_period.cutoff"),
        ({"submission_period": {"weekday": "monday", "count": 1, "unit": "days"}}, "submission_period"),
        ({"answer_due": {"days_before_meeting": -1}}, "answer_due.days_before_meeting"),
        ({"answer_due": {"weekday_after_meeting": "thursdai"}}, "answer_due.weekday_after_meeting"),
        ({"answer_due": "before"}, "answer_due"),
        ({"if_not_answerable": "later"}, "if_not_answerable"),
        ({"extra_holidays": ["2025-02-30"]}, "extra_holidays[0]"),
        ({"extra_holidays": "2025-08-15"}, "extra_holidays"),
        ({"kinds": {"anfrage_per_brief": {}}}, "kinds"),
        (
            {"kinds": {"kleine_anfrage": {"period": {"count": 1, "unit": "yearz"}}}},
            "kinds.kleine_anfrage.period.unit",
        ),
        ({"kinds": {"kleine_anfrage": {"kinds": {}}}}, "kinds.kleine_anfrage"),
        ({"internal_review_working_days": -2}, "internal_review_working_days"),
        ([], "JSON object"),
    ],
)
def test_bad_rules_name_the_key(data, key):
    with pytest.raises(RulesError) as error:
        DeadlineRules.from_json(data, state="NW")
    assert key in str(error.value)
    assert "\n" not in str(error.value)


def test_a_committees_keys_replace_the_municipalitys():
    base = rules(ISSUE_EXAMPLE)
    committee = base.merged({"submission_period": {"count": 3, "unit": "working_days"}})
    assert committee.submission_period == SubmissionPeriod(Period(3, Unit.WORKING_DAYS))
    assert committee.period == base.period and committee.extra_holidays == base.extra_holidays


def test_a_kind_of_inquiry_has_its_own_keys():
    read = rules(
        {
            "period": {"count": 3, "unit": "weeks"},
            "kinds": {"kleine_anfrage": {"period": {"count": 14, "unit": "days"}}},
        }
    )
    assert read.for_kind("kleine_anfrage").period == Period(14, Unit.DAYS)
    assert read.for_kind("grosse_anfrage").period == Period(3, Unit.WEEKS)
    deadline = compute_deadline(
        NONE, received_on=date(2026, 3, 2), meetings=[], rules=read, kind="kleine_anfrage"
    )
    assert deadline.due_on == date(2026, 3, 16)


def test_every_inquiry_kind_can_have_rules():
    from inquiries.deadlines.rules import INQUIRY_KINDS
    from inquiries.models import Inquiry

    assert set(INQUIRY_KINDS) == set(Inquiry.Kind.values)


# --- Submission with a cut-off time on the last day ------------------------------------------

CUTOFF = {"submission_period": {"count": 10, "unit": "days", "cutoff": "12:00"}}


@pytest.mark.parametrize(
    ("received_time", "due_on"),
    [
        (None, date(2026, 11, 19)),
        (time(11, 59), date(2026, 11, 19)),
        (time(12, 0), date(2026, 11, 19)),
        (time(14, 15), date(2026, 12, 10)),
    ],
)
def test_receipt_time_counts_on_the_last_day(received_time, due_on):
    # meeting Thu 19.11.2026: the tenth day before is Mon 09.11., by 12:00
    deadline = compute_deadline(
        parse_deadline_phrase("bis zur nächsten Sitzung", received_on=date(2026, 11, 9)),
        received_on=date(2026, 11, 9),
        received_time=received_time,
        meetings=[meeting("2026-11-19"), meeting("2026-12-10")],
        rules=rules(CUTOFF),
    )
    assert deadline.due_on == due_on


def test_receipt_before_the_last_day_is_in_time_whatever_the_hour():
    deadline = compute_deadline(
        DeadlineRequest(DeadlineKind.NEXT_MEETING),
        received_on=date(2026, 11, 8),
        received_time=time(23, 0),
        meetings=[meeting("2026-11-19")],
        rules=rules(CUTOFF),
    )
    assert deadline.due_on == date(2026, 11, 19)


def test_the_cut_off_is_in_the_reason():
    with translation.override("en"):
        deadline = compute_deadline(
            DeadlineRequest(DeadlineKind.NEXT_MEETING),
            received_on=date(2026, 11, 9),
            received_time=time(14, 15),
            meetings=[meeting("2026-11-19"), meeting("2026-12-10")],
            rules=rules(CUTOFF),
        )
    assert "09.11.2026, 14:15" in deadline.reason and "09.11.2026, 12:00" in deadline.reason


# --- Answer due before the meeting -----------------------------------------------------------


def test_answer_due_working_days_before_the_meeting():
    read = rules({"default_deadline": "next_meeting", "answer_due": {"working_days_before_meeting": 3}})
    assert read.answer_due == AnswerDue(AnswerDue.WORKING_DAYS_BEFORE, count=3)
    # meeting Tue 07.04.2026: Mon 06. Ostermontag, Fri 03. Karfreitag → Thu 02. (1), Wed 01. (2), Tue 31.03. (3)
    deadline = compute_deadline(
        NONE, received_on=date(2026, 3, 2), meetings=[meeting("2026-04-07")], rules=read
    )
    assert deadline.due_on == date(2026, 3, 31)


def test_a_meeting_whose_answer_would_be_due_before_receipt_is_skipped():
    read = rules(
        {"submission_period": {"count": 2, "unit": "days"}, "answer_due": {"days_before_meeting": 8}}
    )
    deadline = compute_deadline(
        DeadlineRequest(DeadlineKind.NEXT_MEETING),
        received_on=date(2026, 3, 10),
        meetings=[meeting("2026-03-16"), meeting("2026-04-20")],
        rules=read,
    )
    assert (deadline.due_on, deadline.meeting.starts_on) == (date(2026, 4, 10), date(2026, 4, 20))


# --- The letter's request against the rules' period ------------------------------------------


def test_requests_earlier_than_the_rules_period_give_way_when_the_rules_say_so():
    read = rules({"period": {"count": 3, "unit": "weeks"}, "requested_deadline": "not_earlier_than_rules"})
    early = parse_deadline_phrase("binnen einer Woche", received_on=date(2026, 3, 2))
    late = parse_deadline_phrase("bis Ende April", received_on=date(2026, 3, 2))
    assert compute_deadline(early, received_on=date(2026, 3, 2), meetings=[], rules=read).due_on == date(
        2026, 3, 23
    )
    assert compute_deadline(late, received_on=date(2026, 3, 2), meetings=[], rules=read).due_on == date(
        2026, 4, 30
    )


def test_rules_only_ignore_the_letters_request_and_say_so():
    read = rules({"period": {"count": 3, "unit": "weeks"}, "requested_deadline": "rules_only"})
    request = parse_deadline_phrase("bis Ende April", received_on=date(2026, 3, 2))
    deadline = compute_deadline(request, received_on=date(2026, 3, 2), meetings=[], rules=read)
    assert deadline.due_on == date(2026, 3, 23)
    assert "bis Ende April" in deadline.reason


def test_default_next_meeting_without_meetings_needs_the_council_office():
    deadline = compute_deadline(
        NONE, received_on=date(2026, 3, 2), meetings=[], rules=rules({"default_deadline": "next_meeting"})
    )
    assert deadline.due_on is None and deadline.needs_manual


# --- Named dates, plain days, Werktage -------------------------------------------------------


def test_named_date_on_a_holiday_moves_back_where_the_rules_say_so():
    read = rules({"named_dates_on_holidays": "previous_working_day"})
    request = parse_deadline_phrase("bis zum 3. Oktober 2025", received_on=date(2025, 9, 1))
    assert compute_deadline(request, received_on=date(2025, 9, 1), meetings=[], rules=read).due_on == date(
        2025, 10, 2
    )


@pytest.mark.parametrize(
    ("plain_days", "due_on"),
    [
        ("calendar", date(2026, 11, 19)),
        ("working_days", date(2026, 11, 23)),
        ("werktage", date(2026, 11, 23)),
    ],
)
def test_plain_days_count_as_the_rules_say(plain_days, due_on):
    request = parse_deadline_phrase("binnen 10 Tagen", received_on=date(2026, 11, 9))
    read = rules({"plain_days": plain_days})
    assert compute_deadline(request, received_on=date(2026, 11, 9), meetings=[], rules=read).due_on == due_on


def test_werktage_ending_on_a_saturday_move_to_monday():
    # Mo 09.11.2026 + 5 Werktage with Saturday: Tue (1) … Sat 14. (5) → § 193 BGB → Mon 16.11.
    read = rules({"working_days": "mon-sat"})
    request = parse_deadline_phrase("binnen fünf Werktagen", received_on=date(2026, 11, 9))
    assert compute_deadline(request, received_on=date(2026, 11, 9), meetings=[], rules=read).due_on == date(
        2026, 11, 16
    )


def test_referral_within_a_period_and_referral_the_rules_do_not_know():
    within = rules({"if_not_answerable": {"within": {"count": 2, "unit": "weeks"}}})
    deadline = compute_deadline(
        NONE, received_on=date(2026, 3, 2), meetings=[], rules=within, referred_at=date(2026, 3, 19)
    )
    assert deadline.due_on == date(2026, 4, 2)
    unknown = rules({"if_not_answerable": None})
    deadline = compute_deadline(
        NONE, received_on=date(2026, 3, 2), meetings=[], rules=unknown, referred_at=date(2026, 3, 19)
    )
    assert deadline.due_on is None and deadline.needs_manual


def test_the_interim_reply_is_only_due_when_the_answer_takes_longer():
    read = rules(
        {"period": {"count": 3, "unit": "weeks"}, "interim_reply_within": {"count": 3, "unit": "weeks"}}
    )
    deadline = compute_deadline(NONE, received_on=date(2026, 3, 2), meetings=[], rules=read)
    assert deadline.interim_reply_due_on is None
    request = parse_deadline_phrase("bis Ende April", received_on=date(2026, 3, 2))
    deadline = compute_deadline(request, received_on=date(2026, 3, 2), meetings=[], rules=read)
    assert deadline.interim_reply_due_on == date(2026, 3, 23)


# --- The command -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"received_at": "2026-03-02"}, "state"),
        ({"state": "XX", "received_at": "2026-03-02"}, "state"),
        ({"state": "NW"}, "received_at"),
        ({"state": "NW", "received_at": "02.03.2026"}, "received_at"),
        ({"state": "NW", "received_at": "2026-03-02", "meetings": "2026-03-19"}, "meetings"),
        ({"state": "NW", "received_at": "2026-03-02", "meetings": ["19.03.2026"]}, "meetings[0]"),
        ({"state": "NW", "received_at": "2026-03-02", "classification": "urgent"}, "classification"),
        ({"state": "NW", "received_at": "2026-03-02", "rules": {"period": 3}}, "rules.period"),
        ({"state": "NW", "received_at": "2026-03-02", "recieved": "x"}, "recieved"),
        ({"state": "NW", "due_on": "2026-13-01"}, "due_on"),
        ([1, 2], "object"),
    ],
)
def test_bad_input_is_one_clear_line(data, message):
    with pytest.raises(InputError) as error:
        compute_from_json(data)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_the_state_code_may_be_lower_case():
    assert compute_from_json({"state": "by", "due_on": "2026-01-08"})["internal_due_on"] == "2026-01-02"


def test_internal_due_date_alone():
    result = compute_from_json({"state": "NW", "due_on": "2026-04-07", "rules": {}})
    assert result["internal_due_on"] == "2026-03-31" and result["due_on"] == "2026-04-07"
    assert set(result) == {"due_on", "interim_reply_due_on", "internal_due_on", "meeting_on", "reason"}


def test_received_at_with_a_time_zone_is_read_in_local_time():
    # 11:30 UTC is 12:30 in Berlin (CET): after the cut-off
    data = {
        "state": "BY",
        "received_at": "2026-03-23T11:30:00+00:00",
        "meetings": ["2026-03-24", "2026-04-14"],
        "rules": {
            "default_deadline": "next_meeting",
            "submission_period": {"weekday": "monday", "cutoff": "12:00"},
        },
    }
    assert compute_from_json(data)["meeting_on"] == "2026-04-14"


def _run_command(stdin: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "compute_deadline"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**_environ(), **env},
        timeout=60,
    )


def _environ() -> dict:
    import os

    return {**os.environ, "DEBUG": "true"}


def test_the_command_runs_without_a_database_and_answers_in_german():
    # a database that cannot be reached: the command must not need it
    result = _run_command(
        json.dumps({"state": "NW", "received_at": "2026-11-09", "deadline_text": "binnen zehn Werktagen"}),
        DATABASE_URL="postgres://nobody@127.0.0.1:9/none",
    )
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["due_on"] == "2026-11-23" and "Eingang" in output["reason"]


@pytest.mark.parametrize("stdin", ["not json", '{"state": "NW", "received_at": "yesterday"}', "[]"])
def test_the_command_fails_with_one_line_and_status_1(stdin):
    result = _run_command(stdin)
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
