"""The administration's deadlines as a calendar feed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from config.site import site_url
from inquiries import calendar, permissions
from inquiries.models import Inquiry


@require_safe
@login_required
def deadlines_ical(request: HttpRequest) -> HttpResponse:
    """The administration's deadlines as an iCalendar feed (session-authenticated)."""
    if not permissions.is_administration(request.user):
        raise PermissionDenied
    inquiries = (
        Inquiry.objects.visible_to(request.user)
        .open()
        .filter(Q(due_on__isnull=False) | Q(expected_on__isnull=False))
        .select_related("committee")
        .order_by("due_on", "pk")
    )
    response = HttpResponse(
        calendar.deadlines_calendar(inquiries, base_url=site_url()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="fristen.ics"'
    return response
