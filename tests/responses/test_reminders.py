from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from inquiries.models import Inquiry
from responses.models import Answer, ReminderSent
from responses.services import send_reminders
from tests.factories import AnswerFactory, MunicipalityFactory, QuestionFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)  # no holidays nearby in NRW


@pytest.fixture
def setup(world, council_office, settings):
    settings.REMINDER_WORKING_DAYS = 3
    MunicipalityFactory()
    world.inquiry.received_on = date(2026, 2, 1)
    world.inquiry.due_on = date(2026, 3, 20)
    world.inquiry.save()
    world.question.due_on = date(2026, 3, 5)  # Thursday: 3 working days after Monday
    world.question.save()
    return world


def _recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def test_lead_department_is_reminded_once_of_a_question_due_soon(setup):
    summary = send_reminders(MONDAY)
    assert summary.questions_due_soon == 1
    assert _recipients() == {"lead_staff@example.org", "lead_head@example.org"}
    assert "AN/" in mail.outbox[0].body
    assert ReminderSent.objects.filter(kind=ReminderSent.Kind.DUE_SOON).count() == 2

    mail.outbox.clear()
    again = send_reminders(MONDAY)
    assert mail.outbox == []
    assert again.emails_sent == 0 and again.already_sent == 2

    send_reminders(date(2026, 3, 3))  # the next day: still due soon, but already reminded
    assert mail.outbox == []


def test_a_moved_due_date_is_reminded_again(setup):
    send_reminders(MONDAY)
    mail.outbox.clear()
    setup.question.due_on = date(2026, 3, 12)
    setup.question.save()
    send_reminders(date(2026, 3, 9))
    assert _recipients() == {"lead_staff@example.org", "lead_head@example.org"}


def test_questions_further_away_or_approved_are_not_reminded(setup, council_office):
    setup.question.due_on = date(2026, 3, 6)  # 4 working days away
    setup.question.save()
    assert send_reminders(MONDAY).emails_sent == 0
    setup.question.due_on = date(2026, 3, 4)
    setup.question.save()
    AnswerFactory(
        question=setup.question,
        status=Answer.Status.APPROVED,
        approver=council_office,
        approved_at=timezone.now(),
    )
    assert send_reminders(MONDAY).emails_sent == 0
    assert mail.outbox == []


def test_council_office_hears_of_overdue_questions_and_inquiries_once_a_day(setup):
    overdue_day = date(2026, 3, 23)  # question due 5.3., inquiry due 20.3.
    summary = send_reminders(overdue_day)
    assert (summary.questions_overdue, summary.inquiries_overdue) == (1, 1)
    office_mails = [m for m in mail.outbox if m.to == ["office@example.org"]]
    assert len(office_mails) == 1
    assert setup.inquiry.reference in office_mails[0].body
    assert _recipients() == {"office@example.org"}  # staff get no due-soon mail for overdue questions

    mail.outbox.clear()
    assert send_reminders(overdue_day).emails_sent == 0
    assert mail.outbox == []
    send_reminders(date(2026, 3, 24))  # a new day: a new notice
    assert _recipients() == {"office@example.org"}


def test_answered_and_withdrawn_inquiries_are_not_reported(setup):
    setup.inquiry.status = Inquiry.Status.WITHDRAWN
    setup.inquiry.save()
    summary = send_reminders(date(2026, 3, 23))
    assert (summary.questions_overdue, summary.inquiries_overdue, summary.emails_sent) == (0, 0, 0)


def test_interim_reply_date_counts_for_overdue_inquiries(setup):
    setup.inquiry.expected_on = date(2026, 4, 30)
    setup.inquiry.save()
    assert send_reminders(date(2026, 3, 23)).inquiries_overdue == 0


def test_failed_mail_leaves_no_record_so_the_next_run_retries(setup, monkeypatch):
    import responses.services as services

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(services.reminders, "send_mail", broken)
    assert send_reminders(MONDAY).failed == 2
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert send_reminders(MONDAY).emails_sent == 2


def test_command_prints_a_one_line_summary(setup):
    out = StringIO()
    call_command("send_reminders", "--date", "2026-03-02", stdout=out)
    assert out.getvalue().count("\n") == 1
    assert "2026-03-02: 2 reminder e-mail(s) sent" in out.getvalue()
    out = StringIO()
    call_command("send_reminders", "--date", "2026-03-02", stdout=out)
    assert "0 reminder e-mail(s) sent" in out.getvalue()


def test_command_rejects_a_bad_date(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "2.3.2026")


def test_sub_questions_of_other_departments_do_not_reach_the_lead(setup):
    QuestionFactory(inquiry=setup.inquiry, number="9", lead_department=setup.other, due_on=date(2026, 3, 5))
    send_reminders(MONDAY)
    assert "other_staff@example.org" in _recipients()
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert "question 9" not in by_recipient["lead_staff@example.org"]


def test_the_reminder_and_the_worklist_call_the_same_questions_overdue(setup, council_office):
    """One definition of an overdue question (`WorkQuerySet.undone().past_due`): the council
    office's reminder and its worklist queue agree, before and after the answer is approved."""
    from responses.models import work_questions

    overdue_day = date(2026, 3, 23)
    worklist = work_questions().overdue(council_office, overdue_day)
    assert send_reminders(overdue_day).questions_overdue == worklist.count() == 1
    AnswerFactory(
        question=setup.question,
        status=Answer.Status.APPROVED,
        approver=council_office,
        approved_at=timezone.now(),
    )
    assert send_reminders(date(2026, 3, 24)).questions_overdue == worklist.count() == 0
