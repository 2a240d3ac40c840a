"""Reminders before internal due dates and about overdue work, sent once per day."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q

from inquiries.models import Inquiry, Question
from inquiries.services import deadline_rules, department_recipients
from responses import notifications
from responses.models import ReminderSent, work_questions

logger = logging.getLogger(__name__)

# --- Reminders -------------------------------------------------------------------------------


@dataclass
class ReminderSummary:
    questions_due_soon: int = 0
    questions_overdue: int = 0
    inquiries_overdue: int = 0
    emails_sent: int = 0
    already_sent: int = 0
    failed: int = 0
    recipients: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        return (
            f"{self.emails_sent} reminder e-mail(s) sent: {self.questions_due_soon} question(s) due soon, "
            f"{self.questions_overdue} question(s) and {self.inquiries_overdue} inquiry(ies) overdue; "
            f"{self.already_sent} already sent before, {self.failed} failed."
        )


def _open_questions():
    """Questions of open inquiries still to do, with an internal due date and what the e-mails
    print."""
    return (
        work_questions()
        .filter(inquiry__status__in=Inquiry.OPEN_STATUSES, due_on__isnull=False)
        .undone()
        .select_related("inquiry", "lead_department", "lead_department__head")
        .order_by("due_on", "inquiry_id", "position", "pk")
    )


def council_office_recipients() -> list[str]:
    """Active users who may register inquiries (directly or through a group), with an e-mail."""
    perm = Permission.objects.get(content_type__app_label="inquiries", codename="register_inquiry")
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(user_permissions=perm) | Q(groups__permissions=perm) | Q(is_superuser=True))
        .distinct()
        .order_by("pk")
    )
    return [user.email for user in users]


def _send_once(
    *,
    kind: str,
    recipient: str,
    items: list[tuple[str, object, object]],
    sent_on: date,
    subject: str,
    body: str,
    summary: ReminderSummary,
) -> None:
    """Record one ReminderSent row per item and send one e-mail, in one transaction: if the
    mail fails the rows roll back (tried again next run); if another run recorded the same
    rows first, nothing is sent."""
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(
                [
                    ReminderSent(
                        kind=kind,
                        target=target,
                        question=question,
                        inquiry=inquiry,
                        recipient=recipient,
                        sent_on=sent_on,
                    )
                    for target, question, inquiry in items
                ]
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    except IntegrityError:
        summary.already_sent += 1
        return
    except Exception:  # one broken address or SMTP hiccup must not stop the others
        logger.exception("Reminder to %s failed; it is tried again on the next run.", recipient)
        summary.failed += 1
        return
    summary.emails_sent += 1
    summary.recipients.add(recipient)


def send_reminders(today: date) -> ReminderSummary:
    """The daily job: remind lead departments' staff of unapproved questions due within
    `settings.REMINDER_WORKING_DAYS` working days, and tell the council office about overdue
    questions and inquiries.

    Idempotent: a due-soon reminder goes once per question, due date and recipient (a moved
    due date is reminded again); overdue notices once per item, recipient and day.
    """
    summary = ReminderSummary()
    rules = deadline_rules()
    window = settings.REMINDER_WORKING_DAYS
    horizon = rules.calendar.add_working_days(today, window)

    # Due soon: per recipient, the questions not reminded before for their current due date.
    by_recipient: dict[str, list[Question]] = {}
    due_soon = [
        q
        for q in _open_questions().filter(
            due_on__gte=today, due_on__lte=horizon, lead_department__isnull=False
        )
    ]
    summary.questions_due_soon = len(due_soon)
    staff_cache: dict[int, list[str]] = {}
    for question in due_soon:
        department = question.lead_department
        if department.pk not in staff_cache:
            staff_cache[department.pk] = [r for r in dict.fromkeys(department_recipients(department))]
        for recipient in staff_cache[department.pk]:
            by_recipient.setdefault(recipient, []).append(question)
    done = set(
        ReminderSent.objects.filter(kind=ReminderSent.Kind.DUE_SOON, recipient__in=by_recipient).values_list(
            "target", "recipient"
        )
    )
    for recipient, questions in by_recipient.items():
        items = [
            (f"question:{q.pk}:{q.due_on.isoformat()}", q, q.inquiry)
            for q in questions
            if (f"question:{q.pk}:{q.due_on.isoformat()}", recipient) not in done
        ]
        if not items:
            summary.already_sent += 1
            continue
        subject, body = notifications.due_soon_reminder([q for _, q, _ in items])
        _send_once(
            kind=ReminderSent.Kind.DUE_SOON,
            recipient=recipient,
            items=items,
            sent_on=today,
            subject=subject,
            body=body,
            summary=summary,
        )

    # Overdue: one notice per council office member per day, listing everything overdue.
    overdue_questions = list(_open_questions().past_due(today))
    overdue_inquiries = [inquiry for inquiry in Inquiry.objects.overdue(today)]
    summary.questions_overdue, summary.inquiries_overdue = len(overdue_questions), len(overdue_inquiries)
    if overdue_questions or overdue_inquiries:
        items = [(f"question:{q.pk}", q, q.inquiry) for q in overdue_questions]
        items += [(f"inquiry:{i.pk}", None, i) for i in overdue_inquiries]
        subject, body = notifications.overdue_notice(overdue_questions, overdue_inquiries)
        sent_today = set(
            ReminderSent.objects.filter(kind=ReminderSent.Kind.OVERDUE, sent_on=today).values_list(
                "target", "recipient"
            )
        )
        for recipient in dict.fromkeys(council_office_recipients()):
            if all((target, recipient) in sent_today for target, _, _ in items):
                summary.already_sent += 1
                continue
            fresh = [item for item in items if (item[0], recipient) not in sent_today]
            _send_once(
                kind=ReminderSent.Kind.OVERDUE,
                recipient=recipient,
                items=fresh,
                sent_on=today,
                subject=subject,
                body=body,
                summary=summary,
            )
    return summary
