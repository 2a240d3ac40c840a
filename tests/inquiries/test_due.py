"""Overdue is defined once, on the effective due date (an interim reply's expected date, else the
deadline): the queryset, the model, the list filter, the reminders and the pages agree."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inquiries.deadlines import WorkCalendar, due_state
from inquiries.forms import InquiryFilterForm
from inquiries.models import Inquiry
from tests.factories import InquiryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_inquiries():
    today = timezone.localdate()
    received = today - timedelta(days=40)
    return {
        # past the deadline, an interim reply promised a date still ahead: not overdue
        "promised": InquiryFactory(
            received_on=received, due_on=today - timedelta(days=2), expected_on=today + timedelta(days=10)
        ),
        # past the deadline, no interim reply: overdue
        "late": InquiryFactory(received_on=received, due_on=today - timedelta(days=2)),
        # past the date the interim reply promised: overdue
        "late_again": InquiryFactory(
            received_on=received, due_on=today - timedelta(days=9), expected_on=today - timedelta(days=1)
        ),
    }


def test_queryset_and_model_honour_the_interim_reply(three_inquiries):
    today = timezone.localdate()
    overdue = set(Inquiry.objects.overdue(today).values_list("pk", flat=True))
    assert overdue == {three_inquiries["late"].pk, three_inquiries["late_again"].pk}
    assert {
        pk for pk, inquiry in ((i.pk, i) for i in three_inquiries.values()) if inquiry.is_overdue(today)
    } == overdue


def test_list_filter_and_model_agree(three_inquiries):
    today = timezone.localdate()
    form = InquiryFilterForm({"status": "overdue"})
    filtered = set(form.filter(Inquiry.objects.all(), today=today).values_list("pk", flat=True))
    assert filtered == set(Inquiry.objects.overdue(today).values_list("pk", flat=True))


def test_the_list_marks_only_overdue_inquiries(client, three_inquiries):
    content = client.get(reverse("portal:list")).content.decode()
    assert content.count("text-overdue") == 2 * 2  # two inquiries, the date and the "!" each


def test_a_question_done_is_neither_overdue_nor_due_soon():
    today = timezone.localdate()
    calendar = WorkCalendar(state="NW")
    late = due_state(today - timedelta(days=1), today=today, calendar=calendar)
    assert late.is_overdue and not late.is_due_soon
    done = due_state(today - timedelta(days=1), today=today, calendar=calendar, done=True)
    assert not done.is_overdue and not done.is_due_soon
    soon = due_state(today + timedelta(days=1), today=today, calendar=calendar)
    assert soon.is_due_soon and not soon.is_overdue and soon.days_left is not None
    assert due_state(None, today=today, calendar=calendar) == due_state(
        None, today=today, calendar=calendar, done=True
    )
