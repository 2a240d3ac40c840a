from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from accessibility import notifications
from accessibility.models import AccessibilityStatement, BarrierReport


@transaction.atomic
def report_barrier(*, description: str, page: str = "", name: str = "", email: str = "") -> BarrierReport:
    """Record a barrier report and tell the council office by e-mail (once the record is saved)."""
    report = BarrierReport.objects.create(description=description, page=page, name=name, email=email)
    statement = AccessibilityStatement.current()
    office = statement.office_email if statement else ""
    if not office:
        from inquiries.models import Municipality

        municipality = Municipality.current()
        office = municipality.email if municipality else ""
    if office:
        transaction.on_commit(
            lambda: notifications.send_barrier_report_email.enqueue(report_id=report.pk, to=office)
        )
    return report


@transaction.atomic
def answer_barrier_report(report: BarrierReport, *, answer: str, by: AbstractBaseUser) -> BarrierReport:
    """Record the office's answer to a report, and send it to the reporter if they left an address."""
    report.answer = answer
    report.status = BarrierReport.Status.ANSWERED
    report.answered_at = timezone.now()
    report.answered_by = by
    report.save(update_fields=["answer", "status", "answered_at", "answered_by"])
    if report.email:
        transaction.on_commit(lambda: notifications.send_barrier_answer_email.enqueue(report_id=report.pk))
    return report
