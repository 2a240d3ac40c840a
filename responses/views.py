from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from inquiries.permissions import sees_all_submitted
from responses import statistics as stats
from responses.models import Reply


def reply_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The signed PDF of a reply, as a download. Only through `Reply.objects.visible_to`:
    outside the administration that means sent replies of inquiries the user may read; a
    reply that is not there is a 404, so nobody learns it exists."""
    reply = get_object_or_404(
        Reply.objects.visible_to(request.user)
        .filter(status__in=Reply.FINAL_STATUSES)
        .select_related("inquiry"),
        pk=pk,
    )
    if not reply.signed_pdf:
        raise Http404
    reference = (reply.inquiry.reference or f"anfrage-{reply.inquiry_id}").replace("/", "-")
    suffix = "-ergaenzung" if reply.supplements_id else ""
    response = FileResponse(
        reply.signed_pdf.open("rb"),
        as_attachment=True,
        filename=f"beantwortung-{reference}{suffix}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """For the council office and council members (everyone who reads all submitted inquiries)."""
    if not sees_all_submitted(request.user):
        raise PermissionDenied
    figures = stats.compute(request.user, today=timezone.localdate())
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="statistik.csv"'
        csv.writer(response).writerows(stats.csv_rows(figures))
        return response
    return render(request, "responses/statistics.html", figures)
