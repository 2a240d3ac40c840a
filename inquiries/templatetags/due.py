"""Due and overdue on pages: the models' one definition (`inquiries.deadlines.due`), never a
second comparison in a template."""

from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.filter
def overdue_on(inquiry, today: date) -> bool:
    """`{% if inquiry|overdue_on:today %}`: open and past its effective due date. A page that
    does not pass `today` shows nothing as overdue."""
    return isinstance(today, date) and inquiry.is_overdue(today)


@register.simple_tag
def deadline(inquiry, today: date | None = None) -> SafeString:
    """`{% deadline inquiry today %}`: the effective due date, marked when overdue (`overdue_on`),
    or "not set". Written in Python: lists show it on every row."""
    due = inquiry.effective_due_on
    if not due:
        return format_html('<span class="text-body-secondary">{}</span>', gettext("not set"))
    if overdue_on(inquiry, today):
        return format_html(
            '<span class="text-overdue">{}</span><span class="visually-hidden">({})</span>'
            '<span aria-hidden="true" class="text-overdue"> !</span>',
            f"{due:%d.%m.%Y}",
            gettext("overdue"),
        )
    return format_html("<span>{}</span>", f"{due:%d.%m.%Y}")
