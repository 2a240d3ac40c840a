from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

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
