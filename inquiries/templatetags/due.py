"""Due and overdue on pages: the models' one definition (`inquiries.deadlines.due`), never a
second comparison in a template."""

from datetime import date

from django import template

register = template.Library()


@register.filter
def overdue_on(inquiry, today: date) -> bool:
    """`{% if inquiry|overdue_on:today %}`: open and past its effective due date. A page that
    does not pass `today` shows nothing as overdue."""
    return isinstance(today, date) and inquiry.is_overdue(today)
