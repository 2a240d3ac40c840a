"""The deadline of an inquiry under a council's rules of procedure, with the reason in words.

Pure functions: no database access. Callers pass in the rules (`DeadlineRules`), the addressed
committee's meetings (`MeetingInfo`s), what the letter asks for (`DeadlineRequest`) and the
date (and, where the rules have a cut-off time, the time) of receipt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext

from inquiries.deadlines.calendar import Period, Unit
from inquiries.deadlines.phrases import DeadlineKind, DeadlineRequest
from inquiries.deadlines.rules import AnswerDue, DeadlineRules

__all__ = ["Deadline", "MeetingInfo", "compute_deadline", "internal_due_on", "referral_deadline"]


@dataclass(frozen=True)
class MeetingInfo:
    starts_on: date
    committee_name: str
    pk: int | None = None

    def __post_init__(self) -> None:
        # A datetime is a date too, but comparing it with one raises; convert in the caller,
        # in the municipality's time zone (timezone.localdate(meeting.starts_at)).
        if isinstance(self.starts_on, datetime):
            raise TypeError("MeetingInfo.starts_on must be a date, not a datetime.")


@dataclass(frozen=True)
class Deadline:
    due_on: date | None
    reason: str
    meeting: MeetingInfo | None = None
    # True when the rules give no answer and the council office must set the deadline by hand.
    needs_manual: bool = False
    # When the answer is due later than the rules' interim reply period: the interim reply's date.
    interim_reply_due_on: date | None = None
    # The departments' due date: the deadline less the council office's review working days.
    internal_due_on: date | None = None


def _fmt(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def _weekday_name(number: int) -> str:
    from django.utils.dates import WEEKDAYS

    return str(WEEKDAYS[number])


def _received_text(received_on: date, received_time: time | None) -> str:
    if received_time is None:
        return _fmt(received_on)
    return f"{_fmt(received_on)}, {received_time:%H:%M}"


def _join(*sentences: str) -> str:
    return " ".join(s for s in sentences if s)


# --- Periods -----------------------------------------------------------------------------------


def _period_deadline(period: Period, *, received_on: date, rules: DeadlineRules) -> Deadline:
    """The end of `period` from receipt; a period ending on a Saturday, Sunday or public holiday
    ends on the next working day (§ 193 BGB)."""
    calendar = rules.calendar
    text = period.describe(plain_days=rules.plain_days)
    end_on = calendar.period_end(received_on, period, plain_days=rules.plain_days)
    due_on = calendar.next_working_day(end_on)
    if due_on == end_on:
        reason = gettext("Within %(period)s of receipt on %(received_on)s: %(due_on)s.") % {
            "period": text,
            "received_on": _fmt(received_on),
            "due_on": _fmt(due_on),
        }
    else:
        reason = gettext(
            "The period of %(period)s from receipt on %(received_on)s ends on %(end_on)s, which is "
            "not a working day (%(why)s); the deadline moves to the next working day, %(due_on)s."
        ) % {
            "period": text,
            "received_on": _fmt(received_on),
            "end_on": _fmt(end_on),
            "why": calendar.why_not_working_day(end_on),
            "due_on": _fmt(due_on),
        }
    return Deadline(due_on, reason)


# --- Meetings ----------------------------------------------------------------------------------


def _committee(meeting: MeetingInfo) -> str:
    return meeting.committee_name or gettext("the committee")


def _latest_receipt(meeting_on: date, rules: DeadlineRules) -> date:
    submission = rules.submission_period
    if submission.period is None:  # a weekday of the meeting's week
        return meeting_on - timedelta(days=(meeting_on.weekday() - submission.weekday) % 7)  # type: ignore[operator]
    return rules.calendar.period_start_before(meeting_on, submission.period, plain_days=rules.plain_days)


def _in_time(
    meeting_on: date, *, received_on: date, received_time: time | None, rules: DeadlineRules
) -> bool:
    latest = _latest_receipt(meeting_on, rules)
    if received_on != latest:
        return received_on < latest
    cutoff = rules.submission_period.cutoff
    # A receipt without a time (a letter dated by its stamp) counts as before the cut-off.
    return cutoff is None or received_time is None or received_time <= cutoff


def _notice(rules: DeadlineRules) -> str:
    """How early the rules want an inquiry: "at least 7 days before", "by the Monday of the
    meeting's week"."""
    submission = rules.submission_period
    if submission.period is None:
        return gettext("by the %(weekday)s of the meeting's week") % {
            "weekday": _weekday_name(submission.weekday)  # type: ignore[arg-type]
        }
    return gettext("at least %(period)s before") % {
        "period": submission.period.describe(plain_days=rules.plain_days)
    }


def _latest_text(meeting_on: date, rules: DeadlineRules) -> str:
    latest = _fmt(_latest_receipt(meeting_on, rules))
    cutoff = rules.submission_period.cutoff
    return f"{latest}, {cutoff:%H:%M}" if cutoff else latest


def _answer_due_on(meeting: MeetingInfo, *, rules: DeadlineRules, before: Period | None) -> tuple[date, str]:
    """When the answer for `meeting` is due under the rules (and the letter's "vor der Sitzung"),
    and a sentence that says why when it is not the meeting day."""
    calendar, meeting_on = rules.calendar, meeting.starts_on
    rule = rules.answer_due
    due_on, reason = meeting_on, ""
    if rule.kind in (AnswerDue.DAYS_BEFORE, AnswerDue.WORKING_DAYS_BEFORE):
        unit = Unit.WORKING_DAYS if rule.kind == AnswerDue.WORKING_DAYS_BEFORE else Unit.CALENDAR_DAYS
        period = Period(rule.count, unit)
        due_on, reason = _before(meeting_on, period, rules=rules, by_rules=True)
    elif rule.kind == AnswerDue.WEEKDAY_AFTER:
        day = meeting_on + timedelta(days=(rule.weekday - meeting_on.weekday()) % 7)  # type: ignore[operator]
        due_on = calendar.next_working_day(day)
        reason = gettext("The rules ask for the answer by the %(weekday)s after the meeting: %(due_on)s.") % {
            "weekday": _weekday_name(rule.weekday),  # type: ignore[arg-type]
            "due_on": _fmt(due_on),
        }
        if due_on != day:
            reason = _join(
                reason,
                gettext("%(day)s is not a working day (%(why)s).")
                % {"day": _fmt(day), "why": calendar.why_not_working_day(day)},
            )
    if before is not None:
        asked_on, asked_reason = _before(meeting_on, before, rules=rules, by_rules=False)
        if asked_on < due_on:
            due_on, reason = asked_on, asked_reason
    return due_on, reason


def _before(meeting_on: date, period: Period, *, rules: DeadlineRules, by_rules: bool) -> tuple[date, str]:
    """`period` before the meeting; on a day that is not a working day, the working day before
    (the answer must be there by then)."""
    calendar = rules.calendar
    day = calendar.period_start_before(meeting_on, period, plain_days=rules.plain_days)
    due_on = calendar.previous_working_day(day)
    values = {
        "period": period.describe(plain_days=rules.plain_days),
        "day": _fmt(day),
        "due_on": _fmt(due_on),
    }
    if due_on == day and by_rules:
        return due_on, gettext(
            "The rules ask for the answer %(period)s before the meeting: %(due_on)s."
        ) % values
    if due_on == day:
        return due_on, gettext(
            "The letter asks for the answer %(period)s before the meeting: %(due_on)s."
        ) % values
    values["why"] = calendar.why_not_working_day(day)
    if by_rules:
        text = gettext(
            "The rules ask for the answer %(period)s before the meeting, on %(day)s; that is not a working "
            "day (%(why)s), so it is due the working day before, %(due_on)s."
        )
    else:
        text = gettext(
            "The letter asks for the answer %(period)s before the meeting, on %(day)s; that is not a "
            "working day (%(why)s), so it is due the working day before, %(due_on)s."
        )
    return due_on, text % values


def _meeting_deadline(
    *,
    received_on: date,
    received_time: time | None,
    meetings: Sequence[MeetingInfo],
    rules: DeadlineRules,
    named_on: date | None = None,
    offset: int = 0,
    before: Period | None = None,
) -> Deadline:
    """The next meeting the submission period allows (from the named one on, if any)."""
    received = _received_text(received_on, received_time)
    upcoming = sorted((m for m in meetings if m.starts_on > received_on), key=lambda m: m.starts_on)
    named_text = ""
    if named_on is not None:
        if named_on <= received_on:
            reason = gettext(
                "The meeting named in the letter, on %(on)s, is not after receipt on %(received_on)s; "
                "the council office sets the deadline."
            ) % {"on": _fmt(named_on), "received_on": received}
            return Deadline(None, reason, needs_manual=True)
        if not any(m.starts_on == named_on for m in upcoming):
            committee = upcoming[0].committee_name if upcoming else ""
            upcoming = sorted([*upcoming, MeetingInfo(named_on, committee)], key=lambda m: m.starts_on)
            named_text = gettext("The letter names a meeting on %(on)s.") % {"on": _fmt(named_on)}
        upcoming = [m for m in upcoming if m.starts_on >= named_on]
    if not upcoming:
        reason = gettext(
            "No meeting is planned after receipt on %(received_on)s; the council office sets the deadline."
        ) % {"received_on": received}
        return Deadline(None, reason, needs_manual=True)

    plain_notice = rules.submission_period.period is not None and rules.submission_period.cutoff is None
    chosen = None
    for index, meeting in enumerate(upcoming):
        if not _in_time(meeting.starts_on, received_on=received_on, received_time=received_time, rules=rules):
            continue
        due_on, _ = _answer_due_on(meeting, rules=rules, before=before)
        if due_on < received_on:
            continue  # the answer would be due before the inquiry arrived
        chosen = index
        break
    if chosen is None:
        if plain_notice:
            reason = gettext(
                "No planned meeting leaves the submission period of %(period)s after receipt on "
                "%(received_on)s (the last planned meeting is on %(last_on)s); the council office "
                "sets the deadline."
            ) % {
                "period": rules.submission_period.period.describe(plain_days=rules.plain_days),  # type: ignore[union-attr]
                "received_on": received,
                "last_on": _fmt(upcoming[-1].starts_on),
            }
        else:
            reason = gettext(
                "No planned meeting leaves enough time after receipt on %(received_on)s (the rules ask "
                "for receipt %(notice)s; the last planned meeting is on %(last_on)s); the council "
                "office sets the deadline."
            ) % {"received_on": received, "notice": _notice(rules), "last_on": _fmt(upcoming[-1].starts_on)}
        return Deadline(None, _join(named_text, reason), needs_manual=True)

    meeting = upcoming[chosen]
    if chosen == 0:
        if plain_notice:
            reason = gettext(
                "Next meeting of %(committee)s on %(meeting_on)s; received at least %(period)s before "
                "it (received on %(received_on)s)."
            ) % {
                "committee": _committee(meeting),
                "meeting_on": _fmt(meeting.starts_on),
                "period": rules.submission_period.period.describe(plain_days=rules.plain_days),  # type: ignore[union-attr]
                "received_on": received,
            }
        else:
            reason = gettext(
                "Next meeting of %(committee)s on %(meeting_on)s; received in time for it (the rules ask "
                "for receipt %(notice)s, i.e. by %(latest)s; received on %(received_on)s)."
            ) % {
                "committee": _committee(meeting),
                "meeting_on": _fmt(meeting.starts_on),
                "notice": _notice(rules),
                "latest": _latest_text(meeting.starts_on, rules),
                "received_on": received,
            }
    else:
        too_soon = upcoming[0]
        values = {
            "received_on": received,
            "committee": _committee(too_soon),
            "too_soon_on": _fmt(too_soon.starts_on),
            "latest_on": _latest_text(too_soon.starts_on, rules),
            "meeting_on": _fmt(meeting.starts_on),
        }
        if plain_notice:
            values["period"] = rules.submission_period.period.describe(plain_days=rules.plain_days)  # type: ignore[union-attr]
            reason = (
                gettext(
                    "Received on %(received_on)s, too late for the meeting of %(committee)s on "
                    "%(too_soon_on)s (at least %(period)s before, i.e. by %(latest_on)s); therefore the "
                    "next meeting that leaves enough time, on %(meeting_on)s."
                )
                % values
            )
        else:
            values["notice"] = _notice(rules)
            reason = (
                gettext(
                    "Received on %(received_on)s, too late for the meeting of %(committee)s on "
                    "%(too_soon_on)s (%(notice)s, i.e. by %(latest_on)s); therefore the next meeting "
                    "that leaves enough time, on %(meeting_on)s."
                )
                % values
            )
    if offset:
        if chosen + offset >= len(upcoming):
            reason = _join(
                reason,
                gettext(
                    "The letter asks for the meeting after that one, and none is planned yet; the "
                    "council office sets the deadline."
                ),
            )
            return Deadline(None, _join(named_text, reason), needs_manual=True)
        meeting = upcoming[chosen + offset]
        reason = _join(
            reason,
            gettext("The letter asks for the meeting after that one: %(meeting_on)s.")
            % {"meeting_on": _fmt(meeting.starts_on)},
        )
    due_on, due_reason = _answer_due_on(meeting, rules=rules, before=before)
    return Deadline(due_on, _join(named_text, reason, due_reason), meeting=meeting)


def referral_deadline(
    *, referred_at: date, meetings: Sequence[MeetingInfo], rules: DeadlineRules
) -> Deadline:
    """The deadline after an answer was declared not possible at short notice in the meeting on
    `referred_at`: the following meeting, or a period after it, as the rules say."""
    referral = rules.if_not_answerable
    values = {"on": _fmt(referred_at)}
    if referral.kind == "within":
        assert referral.within is not None
        deadline = _period_deadline(referral.within, received_on=referred_at, rules=rules)
        text = gettext(
            "In the meeting on %(on)s the answer was not possible at short notice; the rules give "
            "%(period)s from that meeting."
        ) % {**values, "period": referral.within.describe(plain_days=rules.plain_days)}
        return replace(deadline, reason=_join(text, deadline.reason))
    if referral.kind != "next_meeting":
        reason = (
            gettext(
                "In the meeting on %(on)s the answer was not possible at short notice; the rules say "
                "nothing about when it is due, so the council office sets the deadline."
            )
            % values
        )
        return Deadline(None, reason, needs_manual=True)
    following = sorted((m for m in meetings if m.starts_on > referred_at), key=lambda m: m.starts_on)
    if not following:
        reason = (
            gettext(
                "In the meeting on %(on)s the answer was not possible at short notice; it goes to the "
                "next meeting, and none is planned yet: the council office sets the deadline."
            )
            % values
        )
        return Deadline(None, reason, needs_manual=True)
    meeting = following[0]
    due_on, due_reason = _answer_due_on(meeting, rules=rules, before=None)
    reason = gettext(
        "In the meeting on %(on)s the answer was not possible at short notice; under the rules it "
        "goes on the agenda of the next meeting of %(committee)s, on %(meeting_on)s."
    ) % {**values, "committee": _committee(meeting), "meeting_on": _fmt(meeting.starts_on)}
    return Deadline(due_on, _join(reason, due_reason), meeting=meeting)


# --- The deadline ------------------------------------------------------------------------------


def _date_deadline(on: date, *, received_on: date, rules: DeadlineRules) -> Deadline:
    if on < received_on:
        reason = gettext(
            "The date named in the letter, %(on)s, is before receipt on %(received_on)s; "
            "the council office sets the deadline."
        ) % {"on": _fmt(on), "received_on": _fmt(received_on)}
        return Deadline(None, reason, needs_manual=True)
    calendar = rules.calendar
    reason = gettext("Date named in the letter: %(due_on)s.") % {"due_on": _fmt(on)}
    setting = rules.named_dates_on_holidays
    if setting == "keep" or calendar.is_working_day(on):
        return Deadline(on, reason)
    if setting == "next_working_day":
        due_on = calendar.next_working_day(on)
        text = gettext(
            "It is not a working day (%(why)s); under the rules the deadline moves to the next "
            "working day, %(due_on)s."
        )
    else:
        due_on = calendar.previous_working_day(on)
        text = gettext(
            "It is not a working day (%(why)s); under the rules the deadline moves to the working "
            "day before, %(due_on)s."
        )
        if due_on < received_on:
            return Deadline(on, reason)
    return Deadline(
        due_on, _join(reason, text % {"why": calendar.why_not_working_day(on), "due_on": _fmt(due_on)})
    )


def _rules_deadline(
    *,
    received_on: date,
    received_time: time | None,
    meetings: Sequence[MeetingInfo],
    rules: DeadlineRules,
    classification: str,
) -> Deadline:
    """The deadline the rules give on their own (the letter names none)."""
    if rules.default_deadline == "next_meeting":
        deadline = _meeting_deadline(
            received_on=received_on, received_time=received_time, meetings=meetings, rules=rules
        )
        if classification == "fundamental" and rules.extended_period is not None:
            return _fundamental(deadline, received_on=received_on, rules=rules)
        return deadline
    period = rules.period_for(classification)
    deadline = _period_deadline(period, received_on=received_on, rules=rules)
    if period is rules.extended_period and classification == "fundamental":
        text = gettext(
            "The council office classified the matter as fundamental, so the extended period of the "
            "rules of procedure applies."
        )
        return replace(deadline, reason=_join(text, deadline.reason))
    return deadline


def _fundamental(requested: Deadline, *, received_on: date, rules: DeadlineRules) -> Deadline:
    """A fundamental matter gets the rules' extended period unless the request leaves longer."""
    assert rules.extended_period is not None
    extended = _period_deadline(rules.extended_period, received_on=received_on, rules=rules)
    if requested.due_on is not None and requested.due_on >= extended.due_on:  # type: ignore[operator]
        return requested
    text = gettext(
        "The council office classified the matter as fundamental, so the extended period of the "
        "rules of procedure applies instead."
    )
    return replace(extended, reason=_join(requested.reason, text, extended.reason))


def compute_deadline(
    request: DeadlineRequest,
    *,
    received_on: date,
    meetings: Sequence[MeetingInfo],
    rules: DeadlineRules,
    received_time: time | None = None,
    classification: str = "normal",
    kind: str | None = None,
    referred_at: date | None = None,
) -> Deadline:
    """The deadline for `request`, with a sentence that says why.

    `meetings` are the addressed committee's meetings in any order; only those after
    `received_on` count. `received_time` matters where the rules have a cut-off time.
    `classification` "fundamental" gives the rules' extended period; `kind` (an `Inquiry.Kind`)
    picks the rules' overrides for that kind. `referred_at` is the meeting in which the answer
    was declared not possible at short notice (see `referral_deadline`). When the rules give no answer, `due_on` is None and
    `needs_manual` is set. The result also carries the interim reply's and the departments' due
    dates.
    """
    rules = rules.for_kind(kind)
    if referred_at is not None:
        deadline = referral_deadline(referred_at=referred_at, meetings=meetings, rules=rules)
        return _finish(deadline, received_on=received_on, rules=rules, interim=False)
    own = _rules_deadline(
        received_on=received_on,
        received_time=received_time,
        meetings=meetings,
        rules=rules,
        classification=classification,
    )
    match request.kind:
        case DeadlineKind.NONE:
            if rules.default_deadline == "next_meeting":
                text = gettext(
                    "The letter names no deadline; under the rules of procedure it is the next meeting."
                )
                deadline = replace(own, reason=_join(text, own.reason))
            else:
                deadline = replace(
                    own,
                    reason=gettext(
                        "The letter names no deadline, so the default period of the rules of procedure "
                        "applies. %(rest)s"
                    )
                    % {"rest": own.reason},
                )
            return _finish(deadline, received_on=received_on, rules=rules)
        case DeadlineKind.NEXT_MEETING:
            requested = _meeting_deadline(
                received_on=received_on,
                received_time=received_time,
                meetings=meetings,
                rules=rules,
                named_on=request.on,
                offset=request.meeting_offset,
                before=request.before_meeting,
            )
        case DeadlineKind.PERIOD:
            assert request.period is not None
            requested = _period_deadline(request.period, received_on=received_on, rules=rules)
        case DeadlineKind.DATE:
            assert request.on is not None
            requested = _date_deadline(request.on, received_on=received_on, rules=rules)
        case _:
            raise AssertionError(f"unhandled kind {request.kind!r}")

    deadline = requested
    if rules.requested_deadline == "rules_only":
        text = gettext(
            "Under the rules of procedure their own deadline applies, whatever the letter asks for "
            "(“%(text)s”)."
        ) % {"text": request.text}
        deadline = replace(own, reason=_join(text, own.reason))
    elif rules.requested_deadline == "not_earlier_than_rules" and own.due_on is not None:
        if requested.due_on is None or requested.due_on < own.due_on:
            text = gettext(
                "The letter asks for an earlier date than the rules of procedure give; the rules' "
                "deadline applies."
            )
            deadline = replace(own, reason=_join(requested.reason, text, own.reason))
    elif classification == "fundamental" and rules.extended_period is not None:
        deadline = _fundamental(requested, received_on=received_on, rules=rules)
    return _finish(deadline, received_on=received_on, rules=rules)


def _finish(deadline: Deadline, *, received_on: date, rules: DeadlineRules, interim: bool = True) -> Deadline:
    """Add the interim reply's and the departments' due dates."""
    if deadline.due_on is None:
        return deadline
    interim_on = None
    if interim and rules.interim_reply_within is not None:
        interim = _period_deadline(rules.interim_reply_within, received_on=received_on, rules=rules)
        if interim.due_on < deadline.due_on:  # type: ignore[operator]
            interim_on = interim.due_on
            text = gettext(
                "As the answer is due later than %(period)s after receipt, an interim reply is due by "
                "%(interim_on)s."
            ) % {
                "period": rules.interim_reply_within.describe(plain_days=rules.plain_days),
                "interim_on": _fmt(interim_on),  # type: ignore[arg-type]
            }
            deadline = replace(deadline, reason=_join(deadline.reason, text))
    internal_on = max(internal_due_on(deadline.due_on, rules=rules), received_on)
    return replace(deadline, interim_reply_due_on=interim_on, internal_due_on=internal_on)


def internal_due_on(deadline: date, *, rules: DeadlineRules) -> date:
    """The departments' due date: the deadline minus the council office's review working days."""
    return rules.calendar.add_working_days(deadline, -rules.internal_review_working_days)
