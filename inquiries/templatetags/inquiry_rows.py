"""An inquiry's status badge, the rows of an inquiry table and the list of an inquiry's
questions, written in Python as Django's admin writes its change list rows: pages repeat them
25 times per request, and the template language's cost per node and include was most of the
inquiry list's rendering."""

import html
from collections.abc import Callable, Iterable
from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from inquiries.models import Inquiry
from inquiries.templatetags.due import deadline

register = template.Library()

_BADGE_COLOURS = {
    Inquiry.Status.ANSWERED: "text-bg-success",
    Inquiry.Status.WITHDRAWN: "text-bg-secondary",
    Inquiry.Status.DRAFT: "text-bg-light border",
}

_ROW = """<tr>
        <td class="nowrap" data-label="{}">{}</td>
        <td>
          <a href="{}">{}</a>
          <div class="small text-body-secondary">{}{}</div>
        </td>
        <td data-label="{}">{}</td>
        <td class="stack-hide" data-label="{}">{}</td>
        <td class="nowrap" data-label="{}">{}</td>
        <td data-label="{}">{}</td>
      </tr>"""


def _escaped(value) -> str:
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def html_rows(row: str, rows: Iterable[Iterable]) -> SafeString:
    """`format_html_join` for table rows: the same escaping (`conditional_escape`: safe markup
    as it is, everything else through `html.escape`) without Django's check of every value for
    a lazy string, which cost a third of a row."""
    return mark_safe("\n      ".join(row.format(*map(_escaped, values)) for values in rows))


def truncate_words(text: str, count: int) -> str:
    """Django's `truncatewords` filter for plain text, the same output (the first `count` words,
    " …" after them), without the lazy `Truncator` it builds per call (a tenth of a row)."""
    words = str(text).split()
    if len(words) <= count:
        return " ".join(words)
    shortened = " ".join(words[:count])
    return shortened if shortened.endswith(" …") else f"{shortened} …"


_PK_MARK = 918273645


def urls_by_pk(url_of: Callable[[int], str]) -> Callable[[int], str]:
    """For a list's rows: the address `url_of(pk)` resolved once, each row's primary key put in
    its place (`reverse` walks the URL patterns again on every call: a tenth of a row)."""
    head, _, tail = url_of(_PK_MARK).partition(str(_PK_MARK))
    return lambda pk: f"{head}{int(pk)}{tail}"


@register.simple_tag
def status_badge(inquiry: Inquiry) -> SafeString:
    """`{% status_badge inquiry %}`: the status in the colour of its stage."""
    return format_html(
        '<span class="badge status-badge {}">{}</span>',
        _BADGE_COLOURS.get(inquiry.status, "text-bg-primary"),
        inquiry.get_status_display(),
    )


@register.simple_tag
def inquiry_rows(inquiries, today: date | None = None) -> SafeString:
    """`{% inquiry_rows page.object_list today %}`: the table rows of `inquiries/_inquiry_table.html`
    (reference, subject with kind, sender, number of questions, deadline, status). Reads
    `committee_name` (`Inquiry.objects.for_table()`) and `question_count` (`with_question_count`)."""
    labels = [gettext(label) for label in ("Reference", "From", "Questions", "Deadline", "Status")]
    non_public = format_html(' · <span class="badge text-bg-secondary">{}</span>', gettext("non-public"))
    return html_rows(
        _ROW,
        (
            (
                labels[0],
                inquiry.reference or "–",
                inquiry.get_absolute_url(),
                inquiry.subject,
                inquiry.get_kind_display(),
                "" if inquiry.is_public else non_public,
                labels[1],
                inquiry.committee_name or inquiry.sender_name,
                labels[2],
                getattr(inquiry, "question_count", ""),
                labels[3],
                deadline(inquiry, today),
                labels[4],
                status_badge(inquiry),
            )
            for inquiry in inquiries
        ),
    )


_QUESTION = """<li class="mb-3" id="question-{}">
  <div class="d-flex gap-2">
    <span class="question-number">{}</span>
    <div class="flex-grow-1">
      <p class="mb-1">{}</p>{}{}
    </div>
  </div>{}
</li>"""


def _departments(question) -> SafeString:
    """ "Lead: FB 50 · participating: FB 20 · due 01.12.2026" (the administration's line)."""
    line = format_html("{} {}", gettext("Lead:"), question.lead_department.code)
    codes = [department.code for department in question.participating_departments.all()]
    if codes:
        line += format_html(" · {} {}", gettext("participating:"), ", ".join(codes))
    if question.due_on:
        line += format_html(" · {} {}", gettext("due"), f"{question.due_on:%d.%m.%Y}")
    return format_html('\n      <p class="small text-body-secondary mb-1">{}</p>', line)


def question_items(
    questions, *, departments: bool = False, extra: Callable[[object], SafeString] | None = None
) -> SafeString:
    """The `<li>` of each question (label and text) with its sub-questions nested (the
    `children` of `services.question_tree`); with `departments` (the administration) its lead
    and participating departments and internal due date, and under it what `extra(question)`
    gives: the slot a page above this app fills (the portal: the answer). Reads
    `lead_department` and `participating_departments` where `departments`."""

    def item(question) -> str:
        children = getattr(question, "children", None)
        return _QUESTION.format(
            *map(
                _escaped,
                (
                    question.pk,
                    question.label,
                    question.text,
                    _departments(question) if departments and question.lead_department_id else "",
                    extra(question) if extra else "",
                    mark_safe(f'\n  <ol class="question-list">{"".join(map(item, children))}</ol>')
                    if children
                    else "",
                ),
            )
        )

    return mark_safe("".join(map(item, questions)))


@register.simple_tag
def question_list(questions) -> SafeString:
    """`{% question_list questions %}`: the questions as `question_items` writes them."""
    return question_items(questions)
