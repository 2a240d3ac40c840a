"""Deadlines under the rules of procedure. Pure functions: no database.

Reasons are translated (the project's default language is German), so most tests assert on
the due date and the dates the reason names; the few that check a whole sentence activate
English, whose text is the msgid.
"""

from datetime import date, datetime, timedelta

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from inquiries.deadlines import (
    DeadlineKind,
    DeadlineRequest,
    DeadlineRules,
    MeetingInfo,
    Period,
    SubmissionPeriod,
    Unit,
    add_months,
    add_working_days,
    compute_deadline,
    internal_due_on,
    is_working_day,
    parse_deadline_phrase,
    working_days_between,
)

NRW = DeadlineRules()  # the demo: Bornheim, 7 calendar days' submission period, 28-day default
SEED_SENTENCE = "wir bitten um Beantwortung der untenstehenden Fragen bis zur nächsten Sitzung."


def meeting(iso: str, committee: str = "Integrationsausschuss") -> MeetingInfo:
    return MeetingInfo(starts_on=date.fromisoformat(iso), committee_name=committee)


def period(days: int | None = None, *, working_days: bool | None = None, months: int | None = None):
    if months is not None:
        return DeadlineRequest(DeadlineKind.PERIOD, period=Period(months, Unit.MONTHS))
    unit = {None: Unit.DAYS, True: Unit.WORKING_DAYS, False: Unit.CALENDAR_DAYS}[working_days]
    return DeadlineRequest(DeadlineKind.PERIOD, period=Period(days, unit))


WORKING_DAYS_RULES = DeadlineRules(plain_days=Unit.WORKING_DAYS)


NEXT_MEETING = DeadlineRequest(DeadlineKind.NEXT_MEETING)


# --- Public holidays and working days -------------------------------------------------------


@pytest.mark.parametrize(
    "holiday",
    [
        "2027-01-01",  # Neujahr (Friday)
        "2027-03-26",  # Karfreitag
        "2027-03-29",  # Ostermontag
        "2027-05-06",  # Christi Himmelfahrt
        "2027-05-17",  # Pfingstmontag
        "2027-05-27",  # Fronleichnam
        "2027-11-01",  # Allerheiligen (Monday)
        "2026-05-01",  # 1. Mai (Friday)
        "2028-10-03",  # Tag der Deutschen Einheit (Tuesday; 2027 it is a Sunday)
        "2028-12-25",  # 1. Weihnachtstag (Monday)
        "2028-12-26",  # 2. Weihnachtstag (Tuesday)
    ],
)
def test_nrw_public_holidays_on_weekdays_are_not_working_days(holiday):
    day = date.fromisoformat(holiday)
    assert day.weekday() < 5, "pick holidays on weekdays, or the weekend rule hides the holiday rule"
    assert not is_working_day(day, state="NW")


@pytest.mark.parametrize(
    "ordinary",
    [
        "2027-02-08",  # Rosenmontag: a day off in many Rhineland town halls, but not a public holiday
        "2027-03-25",  # Gründonnerstag
        "2027-12-24",  # Heiligabend (Friday): not a public holiday
        "2027-12-31",  # Silvester (Friday)
        "2027-01-06",  # Heilige Drei Könige is not a holiday in NRW
    ],
)
def test_nrw_days_that_look_like_holidays_are_working_days(ordinary):
    assert is_working_day(date.fromisoformat(ordinary), state="NW")


def test_weekends_are_not_working_days():
    assert not is_working_day(date(2027, 2, 6), state="NW")  # Saturday
    assert not is_working_day(date(2027, 2, 7), state="NW")  # Sunday
    assert is_working_day(date(2027, 2, 5), state="NW")  # Friday


def test_bavaria_has_epiphany_and_nrw_does_not():
    epiphany = date(2027, 1, 6)  # a Wednesday
    assert not is_working_day(epiphany, state="BY")
    assert is_working_day(epiphany, state="NW")
    assert add_working_days(date(2027, 1, 5), 1, state="BY") == date(2027, 1, 7)
    assert add_working_days(date(2027, 1, 5), 1, state="NW") == date(2027, 1, 6)


def test_reformation_day_is_a_holiday_in_saxony_but_not_in_nrw():
    reformation_day = date(2028, 10, 31)  # a Tuesday
    assert not is_working_day(reformation_day, state="SN")
    assert is_working_day(reformation_day, state="NW")


def test_unknown_state_fails_loudly():
    with pytest.raises(ValueError, match="XX"):
        is_working_day(date(2027, 1, 4), state="XX")
    with pytest.raises(ValueError):
        DeadlineRules(state="NRW")


def test_add_working_days_starts_counting_the_day_after():
    friday = date(2027, 2, 5)
    assert add_working_days(friday, 1, state="NW") == date(2027, 2, 8)  # Monday
    assert add_working_days(friday, 5, state="NW") == date(2027, 2, 12)
    assert add_working_days(friday, 0, state="NW") == friday


def test_add_working_days_backwards_skips_weekend():
    monday = date(2027, 2, 8)
    assert add_working_days(monday, -1, state="NW") == date(2027, 2, 5)


def test_add_working_days_across_easter_skips_good_friday_and_easter_monday():
    # Thu 25.03. (1), Fri Karfreitag, Sat, Sun, Mon Ostermontag, Tue 30.03. (2)
    assert add_working_days(date(2027, 3, 24), 2, state="NW") == date(2027, 3, 30)
    assert add_working_days(date(2027, 3, 30), -1, state="NW") == date(2027, 3, 25)


def test_add_working_days_across_the_turn_of_the_year():
    # 2028-12-22 is a Friday; 25./26.12. are Mon/Tue; 01.01.2029 is a Monday (Neujahr).
    assert add_working_days(date(2028, 12, 22), 3, state="NW") == date(2028, 12, 29)
    assert add_working_days(date(2028, 12, 29), 1, state="NW") == date(2029, 1, 2)


def test_working_days_between_counts_after_start_through_end():
    friday, next_friday = date(2027, 2, 5), date(2027, 2, 12)
    assert working_days_between(friday, next_friday, state="NW") == 5
    assert working_days_between(friday, friday, state="NW") == 0
    assert working_days_between(friday, date(2027, 2, 7), state="NW") == 0  # only the weekend


def test_working_days_between_is_negative_when_overdue():
    due_on, today = date(2027, 2, 8), date(2027, 2, 10)  # due Monday, today Wednesday
    assert working_days_between(today, due_on, state="NW") == -2
    assert add_working_days(today, -2, state="NW") == due_on


def test_working_days_between_skips_holidays_across_years():
    # 2027 has 261 Mondays to Fridays; 7 NRW holidays fall on them (1 May, 3 Oct, 25./26.12. are
    # on weekends).
    assert working_days_between(date(2026, 12, 31), date(2027, 12, 31), state="NW") == 261 - 7
    assert working_days_between(date(2027, 3, 24), date(2027, 3, 30), state="NW") == 2


def _naive_working_days_between(a: date, b: date, state: str) -> int:
    if b >= a:
        days = (a + timedelta(days=i) for i in range(1, (b - a).days + 1))
        return sum(is_working_day(d, state=state) for d in days)
    return -sum(is_working_day(b + timedelta(days=i), state=state) for i in range((a - b).days))


dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
states = st.sampled_from(["NW", "BY", "SN", "BE", "HH"])


@given(start=dates, n=st.integers(min_value=1, max_value=60), state=states)
def test_add_working_days_lands_on_a_working_day_n_working_days_later(start, n, state):
    end = add_working_days(start, n, state=state)
    assert is_working_day(end, state=state)
    assert working_days_between(start, end, state=state) == n


@given(start=dates, n=st.integers(min_value=1, max_value=60), state=states)
def test_add_working_days_backwards_is_the_inverse(start, n, state):
    end = add_working_days(start, -n, state=state)
    assert is_working_day(end, state=state)
    assert working_days_between(start, end, state=state) == -n


@given(a=dates, b=dates, state=states)
def test_working_days_between_matches_counting_day_by_day(a, b, state):
    if abs((b - a).days) > 800:  # keep the naive count quick
        b = a + timedelta(days=(b - a).days % 800)
    assert working_days_between(a, b, state=state) == _naive_working_days_between(a, b, state)


def test_add_months_clamps_to_the_end_of_shorter_months():
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)  # leap year
    assert add_months(date(2027, 12, 15), 1) == date(2028, 1, 15)
    assert add_months(date(2027, 3, 31), 3) == date(2027, 6, 30)


# --- Periods ------------------------------------------------------------------------------------


def test_period_of_four_weeks_ends_on_the_same_weekday():
    deadline = compute_deadline(
        period(28, working_days=False), received_on=date(2027, 2, 3), meetings=[], rules=NRW
    )
    assert deadline.due_on == date(2027, 3, 3)
    assert "03.02.2027" in deadline.reason and "03.03.2027" in deadline.reason
    assert not deadline.needs_manual


def test_period_ending_on_a_weekend_moves_to_monday():
    # Received Saturday 06.02.2027; 14 days end Saturday 20.02.2027.
    deadline = compute_deadline(period(14), received_on=date(2027, 2, 6), meetings=[], rules=NRW)
    assert deadline.due_on == date(2027, 2, 22)
    assert "20.02.2027" in deadline.reason and "22.02.2027" in deadline.reason


def test_period_ending_on_a_holiday_moves_to_the_next_working_day():
    # 14 days from Thursday 13.05.2027 end on Fronleichnam, Thursday 27.05.2027.
    with translation.override("de"):  # the holiday's name in the UI's language
        deadline = compute_deadline(period(14), received_on=date(2027, 5, 13), meetings=[], rules=NRW)
    assert deadline.due_on == date(2027, 5, 28)
    assert "27.05.2027" in deadline.reason and "Fronleichnam" in deadline.reason


def test_period_ending_on_good_friday_moves_past_easter_monday():
    deadline = compute_deadline(period(14), received_on=date(2027, 3, 12), meetings=[], rules=NRW)
    assert deadline.due_on == date(2027, 3, 30)
    assert "26.03.2027" in deadline.reason and "30.03.2027" in deadline.reason


def test_reason_for_a_moved_deadline_says_why_in_english():
    with translation.override("en"):
        deadline = compute_deadline(period(14), received_on=date(2027, 3, 12), meetings=[], rules=NRW)
    assert deadline.reason == (
        "The period of 14 days from receipt on 12.03.2027 ends on 26.03.2027, which is not a "
        "working day (public holiday: Good Friday); the deadline moves to the next working day, "
        "30.03.2027."
    )


def test_reason_for_a_deadline_moved_off_a_saturday_names_the_weekday():
    with translation.override("en"):
        deadline = compute_deadline(period(14), received_on=date(2027, 2, 6), meetings=[], rules=NRW)
    assert "(Saturday)" in deadline.reason


def test_working_day_period_across_easter():
    # Thu 25.03. (1), Tue 30.03. (2), Wed 31.03. (3), Thu 01.04. (4), Fri 02.04. (5)
    deadline = compute_deadline(
        period(5, working_days=True), received_on=date(2027, 3, 24), meetings=[], rules=NRW
    )
    assert deadline.due_on == date(2027, 4, 2)


def test_plain_days_follow_the_rules_calendar_or_working():
    received_on = date(2027, 3, 24)
    calendar = compute_deadline(period(5), received_on=received_on, meetings=[], rules=NRW)
    working = compute_deadline(period(5), received_on=received_on, meetings=[], rules=WORKING_DAYS_RULES)
    assert calendar.due_on == date(2027, 3, 30)  # ends on Ostermontag 29.03. → Tuesday
    assert working.due_on == date(2027, 4, 2)


def test_weeks_are_calendar_weeks_even_when_days_count_working_days():
    request = parse_deadline_phrase("innerhalb von zwei Wochen", received_on=date(2027, 2, 3))
    rules = WORKING_DAYS_RULES
    deadline = compute_deadline(request, received_on=date(2027, 2, 3), meetings=[], rules=rules)
    assert deadline.due_on == date(2027, 2, 17)


def test_month_period_clamps_and_then_skips_the_weekend():
    # 31.01.2027 + 1 month → 28.02.2027, a Sunday → Monday 01.03.2027.
    deadline = compute_deadline(period(months=1), received_on=date(2027, 1, 31), meetings=[], rules=NRW)
    assert deadline.due_on == date(2027, 3, 1)
    assert "28.02.2027" in deadline.reason


def test_no_deadline_named_uses_the_default_period():
    request = DeadlineRequest(DeadlineKind.NONE, text="Mit freundlichen Grüßen")
    deadline = compute_deadline(request, received_on=date(2027, 2, 3), meetings=[], rules=NRW)
    assert deadline.due_on == date(2027, 3, 3)
    assert not deadline.needs_manual
    with translation.override("en"):
        reason = compute_deadline(request, received_on=date(2027, 2, 3), meetings=[], rules=NRW).reason
    assert reason.startswith("The letter names no deadline")


def test_default_period_in_working_days():
    rules = DeadlineRules(period=Period(10, Unit.DAYS), plain_days=Unit.WORKING_DAYS)
    request = DeadlineRequest(DeadlineKind.NONE)
    deadline = compute_deadline(request, received_on=date(2027, 2, 3), meetings=[], rules=rules)
    assert deadline.due_on == date(2027, 2, 17)  # Rosenmontag 08.02. counts as a working day


# --- Explicit dates -----------------------------------------------------------------------------


def test_explicit_date_is_taken_as_written():
    request = DeadlineRequest(DeadlineKind.DATE, on=date(2027, 3, 15))
    deadline = compute_deadline(request, received_on=date(2027, 2, 3), meetings=[], rules=NRW)
    same_day = compute_deadline(request, received_on=date(2027, 3, 15), meetings=[], rules=NRW)
    assert (deadline.due_on, deadline.reason) == (same_day.due_on, same_day.reason)
    assert deadline.due_on == date(2027, 3, 15) and "15.03.2027" in deadline.reason


def test_explicit_date_before_receipt_needs_the_council_office():
    request = DeadlineRequest(DeadlineKind.DATE, on=date(2027, 1, 31))
    deadline = compute_deadline(request, received_on=date(2027, 2, 3), meetings=[], rules=NRW)
    assert deadline.due_on is None
    assert deadline.needs_manual
    assert "31.01.2027" in deadline.reason and "03.02.2027" in deadline.reason


# --- Next meeting -------------------------------------------------------------------------------

FEB_AND_MARCH = [meeting("2027-02-10"), meeting("2027-03-10")]  # Wednesdays


def test_receipt_exactly_seven_days_before_the_meeting_is_in_time():
    deadline = compute_deadline(NEXT_MEETING, received_on=date(2027, 2, 3), meetings=FEB_AND_MARCH, rules=NRW)
    assert deadline.due_on == date(2027, 2, 10)
    assert deadline.meeting == FEB_AND_MARCH[0]
    assert "10.02.2027" in deadline.reason and "03.02.2027" in deadline.reason
    assert "Integrationsausschuss" in deadline.reason


def test_receipt_one_day_too_late_goes_to_the_following_meeting():
    deadline = compute_deadline(NEXT_MEETING, received_on=date(2027, 2, 4), meetings=FEB_AND_MARCH, rules=NRW)
    assert deadline.due_on == date(2027, 3, 10)
    assert deadline.meeting == FEB_AND_MARCH[1]
    # Says which meeting was missed, by how much, and which one it is instead.
    for fact in ("04.02.2027", "10.02.2027", "03.02.2027", "10.03.2027"):
        assert fact in deadline.reason


def test_next_meeting_reasons_in_english():
    with translation.override("en"):
        in_time = compute_deadline(
            NEXT_MEETING, received_on=date(2027, 2, 3), meetings=FEB_AND_MARCH, rules=NRW
        )
        too_late = compute_deadline(
            NEXT_MEETING, received_on=date(2027, 2, 4), meetings=FEB_AND_MARCH, rules=NRW
        )
    assert in_time.reason == (
        "Next meeting of Integrationsausschuss on 10.02.2027; received at least 7 days before it "
        "(received on 03.02.2027)."
    )
    assert too_late.reason == (
        "Received on 04.02.2027, too late for the meeting of Integrationsausschuss on 10.02.2027 "
        "(at least 7 days before, i.e. by 03.02.2027); therefore the next meeting that leaves "
        "enough time, on 10.03.2027."
    )


def test_meetings_may_come_in_any_order_and_past_ones_are_ignored():
    meetings = [meeting("2027-03-10"), meeting("2027-01-13"), meeting("2027-02-03"), meeting("2027-02-10")]
    # The meeting on the day of receipt is not "next"; 10.02. is exactly 7 days away.
    deadline = compute_deadline(NEXT_MEETING, received_on=date(2027, 2, 3), meetings=meetings, rules=NRW)
    assert deadline.due_on == date(2027, 2, 10)


def test_two_meetings_in_quick_succession_both_too_soon():
    meetings = [meeting("2027-02-12"), meeting("2027-02-08"), meeting("2027-03-10")]
    deadline = compute_deadline(NEXT_MEETING, received_on=date(2027, 2, 6), meetings=meetings, rules=NRW)
    assert deadline.due_on == date(2027, 3, 10)
    assert "08.02.2027" in deadline.reason  # the next meeting, which was missed


def test_no_future_meeting_needs_the_council_office():
    deadline = compute_deadline(
        NEXT_MEETING, received_on=date(2027, 2, 3), meetings=[meeting("2027-01-13")], rules=NRW
    )
    assert deadline.due_on is None and deadline.meeting is None
    assert deadline.needs_manual
    with translation.override("en"):
        reason = compute_deadline(NEXT_MEETING, received_on=date(2027, 2, 3), meetings=[], rules=NRW).reason
    assert (
        reason == "No meeting is planned after receipt on 03.02.2027; the council office sets the deadline."
    )


def test_only_meeting_too_soon_needs_the_council_office():
    deadline = compute_deadline(
        NEXT_MEETING, received_on=date(2027, 2, 5), meetings=[meeting("2027-02-10")], rules=NRW
    )
    assert deadline.due_on is None
    assert deadline.needs_manual
    assert "05.02.2027" in deadline.reason and "10.02.2027" in deadline.reason


def test_submission_period_in_working_days_skips_easter():
    # Five working days before Thursday 01.04.2027: 31., 30., (29. Ostermontag, 28., 27.,
    # 26. Karfreitag), 25., 24., 23. → received on Tuesday 23.03.2027 at the latest.
    rules = DeadlineRules(submission_period=SubmissionPeriod(Period(5, Unit.WORKING_DAYS)))
    meetings = [meeting("2027-04-01"), meeting("2027-04-29")]
    in_time = compute_deadline(NEXT_MEETING, received_on=date(2027, 3, 23), meetings=meetings, rules=rules)
    too_late = compute_deadline(NEXT_MEETING, received_on=date(2027, 3, 24), meetings=meetings, rules=rules)
    assert in_time.due_on == date(2027, 4, 1)
    assert too_late.due_on == date(2027, 4, 29)
    assert "23.03.2027" in too_late.reason  # the latest day of receipt for 01.04.
    # Seven calendar days would still have reached 01.04.
    assert compute_deadline(
        NEXT_MEETING, received_on=date(2027, 3, 24), meetings=meetings, rules=NRW
    ).due_on == (date(2027, 4, 1))


# --- Internal due date --------------------------------------------------------------------------


def test_internal_due_on_skips_easter_holidays_and_weekend():
    # Deadline Tuesday 30.03.2027; back over Ostermontag, the weekend and Karfreitag.
    assert internal_due_on(date(2027, 3, 30), rules=NRW) == date(2027, 3, 23)


def test_internal_due_on_skips_corpus_christi():
    # Deadline Monday 31.05.2027: Fri 28. (1), Thu 27. Fronleichnam, Wed 26. (2), Tue 25. (3).
    assert internal_due_on(date(2027, 5, 31), rules=NRW) == date(2027, 5, 25)


def test_internal_due_on_with_no_review_days_is_the_deadline():
    assert internal_due_on(date(2027, 5, 31), rules=DeadlineRules(internal_review_working_days=0)) == date(
        2027, 5, 31
    )


# --- Parsing ------------------------------------------------------------------------------------

RECEIVED = date(2027, 2, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SEED_SENTENCE, {"kind": "next_meeting", "text": "bis zur nächsten Sitzung"}),
        ("zur nächsten Sitzung des Integrationsausschusses", {"kind": "next_meeting"}),
        ("Wir bitten um Beantwortung in der nächsten Sitzung.", {"kind": "next_meeting"}),
        ("Bitte bis zur nächsten Ratssitzung beantworten.", {"kind": "next_meeting"}),
        ("für die kommende Sitzung", {"kind": "next_meeting"}),
        ("innerhalb von vier Wochen", {"kind": "period", "period": Period(4, Unit.WEEKS)}),
        ("binnen 14 Tagen", {"kind": "period", "period": Period(14, Unit.DAYS)}),
        ("binnen vierzehn Tagen", {"kind": "period", "period": Period(14, Unit.DAYS)}),
        ("innerhalb von 10 Arbeitstagen", {"kind": "period", "period": Period(10, Unit.WORKING_DAYS)}),
        ("innerhalb von zehn Werktagen", {"kind": "period", "period": Period(10, Unit.WERKTAGE)}),
        ("innerhalb von 14 Kalendertagen", {"kind": "period", "period": Period(14, Unit.CALENDAR_DAYS)}),
        ("innerhalb eines Monats", {"kind": "period", "period": Period(1, Unit.MONTHS)}),
        ("innerhalb von drei Monaten", {"kind": "period", "period": Period(3, Unit.MONTHS)}),
        ("binnen Monatsfrist", {"kind": "period", "period": Period(1, Unit.MONTHS)}),
        ("binnen zwei Wochen", {"kind": "period", "period": Period(2, Unit.WEEKS)}),
        ("innerhalb einer Woche", {"kind": "period", "period": Period(1, Unit.WEEKS)}),
        ("innerhalb zweier Wochen", {"kind": "period", "period": Period(2, Unit.WEEKS)}),
        ("innerhalb einer Frist von sechs Wochen", {"kind": "period", "period": Period(6, Unit.WEEKS)}),
        ("binnen zwölf Tagen", {"kind": "period", "period": Period(12, Unit.DAYS)}),
        ("binnen zwanzig Tagen", {"kind": "period", "period": Period(20, Unit.DAYS)}),
        ("binnen dreißig Tagen", {"kind": "period", "period": Period(30, Unit.DAYS)}),
        ("Wir erwarten die Antwort bis zum 15. März 2027.", {"kind": "date", "on": date(2027, 3, 15)}),
        ("bis 15.03.2027", {"kind": "date", "on": date(2027, 3, 15), "text": "bis 15.03.2027"}),
        ("bis zum 15.3.", {"kind": "date", "on": date(2027, 3, 15)}),
        ("bis zum 15.3.27", {"kind": "date", "on": date(2027, 3, 15)}),
        ("spätestens am 1. Juni 2027", {"kind": "date", "on": date(2027, 6, 1)}),
        ("bis spätestens Freitag, den 12.02.2027", {"kind": "date", "on": date(2027, 2, 12)}),
        ("bis Ende März", {"kind": "date", "on": date(2027, 3, 31)}),
        # Without a year: the next such date on or after receipt, even if that is next year.
        ("bis zum 10. Januar", {"kind": "date", "on": date(2028, 1, 10)}),
        ("bis zum 3.2.", {"kind": "date", "on": date(2027, 2, 3)}),
        ("", {"kind": "none", "text": ""}),
        ("Mit freundlichen Grüßen", {"kind": "none", "text": "Mit freundlichen Grüßen"}),
        # Dates without "bis"/"spätestens" are not deadlines: letters are full of them.
        ("Ihr Schreiben vom 15.01.2027; Stand zum 31.12.2026", {"kind": "none"}),
        ("bis zum 31.02.2027", {"kind": "none"}),  # no such day
        # "in der nächsten Sitzung" inside "Termin der nächsten Sitzung" is not a request.
        ("Der Termin der nächsten Sitzung steht noch nicht fest.", {"kind": "none"}),
        ("Das Ergebnis 15.03.2027 liegt vor.", {"kind": "none"}),
    ],
)
def test_parse_deadline_phrase(text, expected):
    request = parse_deadline_phrase(text, received_on=RECEIVED)
    for field, value in expected.items():
        assert getattr(request, field) == value, field


def test_parse_keeps_unrecognised_text_with_normalised_whitespace():
    request = parse_deadline_phrase("  Bitte  zeitnah\nbeantworten. ", received_on=RECEIVED)
    assert request.kind == DeadlineKind.NONE
    assert request.text == "Bitte zeitnah beantworten."


def test_parse_finds_the_phrase_across_a_line_break():
    request = parse_deadline_phrase("Beantwortung bis zur\nnächsten Sitzung", received_on=RECEIVED)
    assert request.kind == DeadlineKind.NEXT_MEETING


def test_parse_takes_the_first_phrase_in_the_letter():
    text = "Bitte binnen 14 Tagen antworten, spätestens aber bis zur nächsten Sitzung."
    assert parse_deadline_phrase(text, received_on=RECEIVED).kind == DeadlineKind.PERIOD


def test_parse_skips_a_past_date_in_a_question_for_a_later_deadline():
    text = "1. Welche Mittel wurden bis 31.12.2022 abgerufen? Wir bitten um Antwort bis zur nächsten Sitzung."
    assert parse_deadline_phrase(text, received_on=RECEIVED).kind == DeadlineKind.NEXT_MEETING


def test_parse_keeps_a_past_date_when_it_is_the_only_phrase():
    request = parse_deadline_phrase("Antwort bis 31.01.2027", received_on=RECEIVED)
    assert request.on == date(2027, 1, 31)
    deadline = compute_deadline(request, received_on=RECEIVED, meetings=[], rules=NRW)
    assert deadline.needs_manual


def test_seed_letter_to_deadline_end_to_end():
    request = parse_deadline_phrase(SEED_SENTENCE, received_on=RECEIVED)
    deadline = compute_deadline(
        request, received_on=RECEIVED, meetings=[meeting("2027-02-12"), meeting("2027-03-10")], rules=NRW
    )
    assert deadline.due_on == date(2027, 2, 12)
    assert internal_due_on(deadline.due_on, rules=NRW) == date(2027, 2, 9)


# --- Inputs -------------------------------------------------------------------------------------


def test_request_kind_accepts_plain_strings_and_rejects_others():
    assert DeadlineRequest("period", period=Period(14, Unit.DAYS)).kind is DeadlineKind.PERIOD
    assert DeadlineRequest("period", period=Period(14, Unit.DAYS)).kind == "period"
    with pytest.raises(ValueError):
        DeadlineRequest("soon")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "date"},
        {"kind": "period"},
        {"kind": "period", "period": Period(0, Unit.DAYS)},
    ],
)
def test_incomplete_requests_fail_loudly(kwargs):
    with pytest.raises(ValueError):
        DeadlineRequest(**kwargs)


def test_meeting_needs_a_date_not_a_datetime():
    with pytest.raises(TypeError):
        MeetingInfo(starts_on=datetime(2027, 2, 10, 18, 0), committee_name="Rat")
