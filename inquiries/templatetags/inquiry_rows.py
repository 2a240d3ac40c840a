"""An inquiry's status badge and the rows of an inquiry table, written in Python as Django's
admin writes its change list rows: lists show them 25 times per request, and the template
language's cost per node and include was most of the inquiry list's rendering."""

import html
from collections.abc import Iterable
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
    `committee` (select_related it) and `question_count` (`with_question_count`)."""
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
                (inquiry.committee.name if inquiry.committee_id else "") or inquiry.sender_name,
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
