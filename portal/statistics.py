"""Figures for the statistics page and its CSV: computed from `visible_to`, never stored."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Min, Q

from inquiries import permissions
from inquiries.models import Inquiry, Question
from responses.models import ReplyAnswer, unanswered


@dataclass
class Bar:
    label: str
    value: int
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class Chart:
    """A bar chart laid out for an inline SVG (presentation attributes only: the CSP forbids
    inline styles)."""

    bars: list[Bar]
    width: int = 640
    height: int = 220
    axis_y: float = 0
    max_value: int = 0
    gridlines: list[tuple[float, int]] = field(default_factory=list)


def lay_out(items: list[tuple[str, int]], *, width: int = 640, height: int = 220) -> Chart:
    top, bottom, left = 10, 30, 40
    plot_height = height - top - bottom
    max_value = max((value for _, value in items), default=0) or 1
    slot = (width - left) / max(len(items), 1)
    bars = []
    for index, (label, value) in enumerate(items):
        bar_height = plot_height * value / max_value
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(left + index * slot + slot * 0.15, 1),
                y=round(top + plot_height - bar_height, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
            )
        )
    step = max(1, math.ceil(max_value / 4))
    gridlines = [
        (round(top + plot_height - plot_height * v / max_value, 1), v) for v in range(0, max_value + 1, step)
    ]
    return Chart(
        bars=bars,
        width=width,
        height=height,
        axis_y=top + plot_height,
        max_value=max_value,
        gridlines=gridlines,
    )


def percentile(values: list[int], share: float) -> float | None:
    """Linear interpolation between closest ranks (like numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def compute(user, *, today: date) -> dict:
    """Four queries: per year and committee, answered inquiries, per department, and nothing
    else; everything starts from what the user may see."""
    inquiries = Inquiry.objects.visible_to(user).filter(received_on__isnull=False)
    per_year_committee = list(
        inquiries.values("received_on__year", "committee__name")
        .annotate(count=Count("pk"))
        .order_by("received_on__year", "committee__name")
    )
    per_year: dict[int, int] = {}
    for row in per_year_committee:
        per_year[row["received_on__year"]] = per_year.get(row["received_on__year"], 0) + row["count"]

    answered = list(
        inquiries.filter(status=Inquiry.Status.ANSWERED, answered_on__isnull=False).values_list(
            "received_on", "answered_on", "due_on"
        )
    )
    days = [(answered_on - received_on).days for received_on, answered_on, _ in answered]
    with_deadline = [(answered_on, due_on) for _, answered_on, due_on in answered if due_on]
    on_time = sum(1 for answered_on, due_on in with_deadline if answered_on <= due_on)

    # which department still owes its part: open questions that need an answer and have none,
    # which for the administration is an approved one and for everyone else a sent one
    open_questions = Question.objects.filter(inquiry__in=inquiries.filter(status__in=Inquiry.OPEN_STATUSES))
    if permissions.is_administration(user):
        questions = unanswered(open_questions)
    else:
        sent = ReplyAnswer.objects.visible_to(user).values("question_id")
        questions = open_questions.needing_answer().exclude(pk__in=sent)
    owing = list(
        questions.values("lead_department__code", "lead_department__name")
        .annotate(
            open_questions=Count("pk"),
            overdue_questions=Count("pk", filter=Q(due_on__lt=today)),
            oldest_due_on=Min("due_on"),
        )
        .order_by("lead_department__code")
    )
    for row in owing:
        oldest = row["oldest_due_on"]
        row["days_late"] = max(0, (today - oldest).days) if oldest else 0
    return {
        "per_year_committee": per_year_committee,
        "per_year": sorted(per_year.items()),
        "answered_count": len(days),
        "median_days": percentile(days, 0.5),
        "p90_days": percentile(days, 0.9),
        "with_deadline_count": len(with_deadline),
        "on_time_count": on_time,
        "on_time_share": (on_time / len(with_deadline)) if with_deadline else None,
        "departments": owing,
        "year_chart": lay_out([(str(year), count) for year, count in sorted(per_year.items())]),
        "department_chart": lay_out(
            [(row["lead_department__code"] or "–", row["open_questions"]) for row in owing]
        ),
    }


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(…)" in a
# committee's name); a leading apostrophe makes it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_rows(figures: dict) -> list[list]:
    """The page's figures as rows: section, label, value(s); text cells safe for spreadsheets."""
    return [[csv_cell(value) for value in row] for row in _csv_rows(figures)]


def _csv_rows(figures: dict) -> list[list]:
    rows: list[list] = [["section", "label", "value", "overdue", "days_late"]]
    for row in figures["per_year_committee"]:
        rows.append(
            [
                "inquiries_per_year_committee",
                f"{row['received_on__year']} {row['committee__name'] or '-'}",
                row["count"],
                "",
                "",
            ]
        )
    rows.append(["answer_time", "answered", figures["answered_count"], "", ""])
    rows.append(
        [
            "answer_time",
            "median_days",
            figures["median_days"] if figures["median_days"] is not None else "",
            "",
            "",
        ]
    )
    rows.append(
        ["answer_time", "p90_days", figures["p90_days"] if figures["p90_days"] is not None else "", "", ""]
    )
    share = figures["on_time_share"]
    rows.append(["on_time", "share", f"{share:.3f}" if share is not None else "", "", ""])
    for row in figures["departments"]:
        rows.append(
            [
                "department_owes",
                row["lead_department__code"] or "-",
                row["open_questions"],
                row["overdue_questions"],
                row["days_late"],
            ]
        )
    return rows
