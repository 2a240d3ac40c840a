"""The accessibility feedback's e-mails (background tasks; arguments are ids, read again)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accessibility.models import BarrierReport
from config.site import absolute
from inquiries.cleaning import header_text


@task
def send_barrier_report_email(*, report_id: int, to: str) -> int:
    """Tell the council office that someone reported a barrier."""
    report = BarrierReport.objects.filter(pk=report_id).first()
    if report is None:
        return 0
    url = absolute(reverse("admin:accessibility_barrierreport_change", args=[report.pk]))
    with translation.override(settings.LANGUAGE_CODE):
        subject = header_text(render_to_string("accessibility/email/report_subject.txt", {"report": report}))
        body = render_to_string("accessibility/email/report.txt", {"report": report, "url": url})
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


@task
def send_barrier_answer_email(*, report_id: int) -> int:
    """Send the office's answer to whoever reported the barrier."""
    report = BarrierReport.objects.filter(pk=report_id).exclude(email="").first()
    if report is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = header_text(render_to_string("accessibility/email/answer_subject.txt", {"report": report}))
        body = render_to_string("accessibility/email/answer.txt", {"report": report})
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [report.email])
