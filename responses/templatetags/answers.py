"""An answer's status badge and the rows of the worklist, written in Python as Django's admin
writes its change list rows: the worklist shows 25 rows per section on every request, and the
template language's cost per node and include was most of its rendering."""

from __future__ import annotations

import html

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from inquiries.models import Inquiry, Question
from inquiries.templatetags.inquiry_rows import html_rows, truncate_words, urls_by_pk
from responses.models import Answer

register = template.Library()

_ROW = """<tr>
        <td class="nowrap" data-label="{}">{}</td>
        <td data-label="{}"><a href="{}">{}</a>
          <div class="small text-body-secondary stack-hide">{}</div></td>
        <td data-label="{}"><a href="{}">{}</a> <span class="small">{}</span></td>
        <td class="small stack-hide" data-label="{}">{}</td>
        <td data-label="{}">{}{}</td>
      </tr>"""


@register.simple_tag
def answer_status(
    status: str | None = None, by_sub_questions: bool = False, returned: str = ""
) -> SafeString:
    """`{% answer_status status by_sub_questions returned %}`: where an answer stands, as a badge
    (a draft with a reason from the review is "returned")."""
    if by_sub_questions and status != Answer.Status.APPROVED:
        colour, label = "text-bg-success", gettext("Answered by its sub-questions")
    elif status == Answer.Status.APPROVED:
        colour, label = "text-bg-success", gettext("Approved")
    elif status == Answer.Status.IN_REVIEW:
        colour, label = "text-bg-warning", gettext("In review")
    elif status == Answer.Status.DRAFT and returned:
        colour, label = "text-bg-danger", gettext("returned")
    elif status == Answer.Status.DRAFT:
        colour, label = "text-bg-light border", gettext("Draft")
    else:
        colour, label = "text-bg-secondary", gettext("Not started")
    return format_html('<span class="badge status-badge {}">{}</span>', colour, label)


def _due(question) -> SafeString:
    # f-strings with the same escaping as format_html: 25 rows per request
    if not question.due_on:
        return mark_safe("–")
    day = f"{question.due_on:%d.%m.%Y}"
    if question.is_overdue:
        overdue = html.escape(gettext("overdue"))  # outside the f-string, where makemessages finds it
        return mark_safe(
            f'<span class="text-overdue">{day}</span> <div class="small text-overdue">{overdue}</div>'
        )
    if question.is_due_soon:
        left = ngettext("%(days)s working day left", "%(days)s working days left", question.days_left) % {
            "days": question.days_left
        }
        return mark_safe(
            f'<span class="text-due-soon">{day}</span> <div class="small text-due-soon">{html.escape(left)}</div>'
        )
    return mark_safe(f"<span>{day}</span>")


def _departments(question) -> SafeString:
    lead = html.escape(question.lead_department_code or "") or "–"
    taking_part = ", ".join(html.escape(code) for code in question.participating_codes)
    if not taking_part:
        return mark_safe(lead)
    with_ = html.escape(gettext("with"))
    return mark_safe(f"{lead} ({with_} {taking_part})")


@register.simple_tag
def worklist_rows(questions) -> SafeString:
    """`{% worklist_rows section.page.object_list %}`: due date (overdue, working days left), the
    inquiry, the question, the departments and the answer's status of each question, as
    `responses.views.worklist` annotates them. Reads the columns `inquiry_reference`,
    `inquiry_subject`, `parent_number`, `lead_department_code` (`WORKLIST_COLUMNS`) and
    `participating_codes` (the participating departments' codes)."""
    labels = [gettext(label) for label in ("Due", "Inquiry", "Question", "Departments", "Answer")]
    inquiry_url = urls_by_pk(lambda pk: Inquiry(pk=pk).get_absolute_url())
    answer_url = urls_by_pk(lambda pk: reverse("responses:answer_edit", args=[pk]))
    return html_rows(
        _ROW,
        (
            (
                labels[0],
                _due(question),
                labels[1],
                inquiry_url(question.inquiry_id),
                question.inquiry_reference or "–",
                truncate_words(question.inquiry_subject, 8),
                labels[2],
                answer_url(question.pk),
                Question.heading_of(question.parent_number or "", question.number),
                truncate_words(question.text, 14),
                labels[3],
                _departments(question),
                labels[4],
                answer_status(
                    question.answer_status, question.is_answered_by_sub_questions, question.returned_reason
                ),
                format_html('<div class="small mt-1">{}</div>', truncate_words(question.returned_reason, 25))
                if question.returned_reason
                else "",
            )
            for question in questions
        ),
    )
