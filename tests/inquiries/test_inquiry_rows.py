"""The inquiry table's rows, badge and deadline are written in Python (`inquiry_rows`): what a
reader typed stays text, and each status keeps its colour."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from inquiries.models import Inquiry
from inquiries.templatetags.due import deadline
from inquiries.templatetags.inquiry_rows import inquiry_rows, status_badge
from tests.factories import CommitteeFactory, InquiryFactory

pytestmark = pytest.mark.django_db


def test_the_list_escapes_what_senders_wrote(client):
    InquiryFactory(subject="<script>alert(1)</script>", sender_name="A & B <i>", committee=None)
    content = client.get(reverse("portal:list")).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "A &amp; B &lt;i&gt;" in content


@pytest.mark.parametrize(
    ("status", "colour"),
    [
        (Inquiry.Status.ANSWERED, "text-bg-success"),
        (Inquiry.Status.WITHDRAWN, "text-bg-secondary"),
        (Inquiry.Status.DRAFT, "text-bg-light border"),
        (Inquiry.Status.IN_PROGRESS, "text-bg-primary"),
    ],
)
def test_the_badge_has_the_colour_of_the_status(status, colour):
    with translation.override("de"):
        badge = status_badge(Inquiry(status=status))
        assert (
            badge
            == f'<span class="badge status-badge {colour}">{Inquiry(status=status).get_status_display()}</span>'
        )


def test_a_row_shows_the_committee_else_the_sender_and_marks_non_public_inquiries():
    today = timezone.localdate()
    with_committee = InquiryFactory(committee=CommitteeFactory(name="Bauausschuss"), sender_name="Frau X")
    private = InquiryFactory(committee=None, sender_name="Herr Y", is_public=False, reference=None)
    with translation.override("de"):
        html = inquiry_rows([with_committee, private], today)
    assert html.count("<tr>") == 2
    assert "Bauausschuss" in html and "Frau X" not in html and "Herr Y" in html
    assert html.count("nicht öffentlich") == 1
    assert '<td class="nowrap" data-label="Aktenzeichen">–</td>' in html
    assert with_committee.get_absolute_url() in html


def test_the_deadline_without_a_date_is_not_set_and_without_today_never_overdue():
    today = timezone.localdate()
    late = Inquiry(status=Inquiry.Status.IN_PROGRESS, due_on=today - timedelta(days=3))
    with translation.override("en"):
        assert deadline(Inquiry(status=Inquiry.Status.IN_PROGRESS), today) == (
            '<span class="text-body-secondary">not set</span>'
        )
        assert "text-overdue" in deadline(late, today)
        assert "text-overdue" not in deadline(late, "")
