from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accessibility import services
from accessibility.forms import BarrierReportForm
from accessibility.models import AccessibilityStatement
from inquiries.models import Municipality


@require_http_methods(["GET", "HEAD", "POST"])
def statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement with its feedback form (open to everyone: a barrier may be
    the sign-in page itself)."""
    form = BarrierReportForm(request.POST or None, initial={"page": request.GET.get("seite", "")[:500]})
    if request.method == "POST" and form.is_valid():
        services.report_barrier(**form.cleaned_data)
        messages.success(request, _("Thank you. Your report has reached the council office."))
        return redirect(reverse("accessibility:statement") + "#feedback-heading")
    return render(
        request,
        "accessibility/statement.html",
        {"statement": AccessibilityStatement.current(), "municipality": Municipality.current(), "form": form},
    )


@require_safe
def plain_language(request: HttpRequest) -> HttpResponse:
    statement = AccessibilityStatement.current()
    text = statement.plain_language_text if statement else ""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return render(
        request,
        "accessibility/plain_language.html",
        {"paragraphs": paragraphs, "municipality": Municipality.current()},
    )
