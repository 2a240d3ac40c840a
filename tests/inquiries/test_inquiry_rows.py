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
    # as the tables load them: the committee's name is a column of the row
    rows = Inquiry.objects.for_table().filter(pk__in=[with_committee.pk, private.pk]).order_by("-is_public")
    with translation.override("de"):
        html = inquiry_rows(list(rows), today)
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


def test_questions_nest_their_sub_questions_and_fill_the_slot_under_each():
    from django.utils.html import format_html

    from inquiries.models import Question
    from inquiries.services import question_tree
    from inquiries.templatetags.inquiry_rows import question_items
    from tests.factories import QuestionFactory

    inquiry = InquiryFactory()
    parent = QuestionFactory(inquiry=inquiry, number="1", position=1, text="Wie <i>viele</i>?")
    QuestionFactory(inquiry=inquiry, parent=parent, number="a", position=2, text="Davon 2025?")
    QuestionFactory(inquiry=inquiry, number="2", position=3, text="Warum?")
    tree = question_tree(list(Question.objects.filter(inquiry=inquiry).order_by("position")))
    html = question_items(tree, extra=lambda question: format_html("<em>{}</em>", f"slot {question.number}"))
    assert html.count("<li ") == 3 and html.count('<ol class="question-list">') == 1
    # the sub-question sits inside its parent's item, before the next question
    assert html.index("Davon 2025?") < html.index("</li>") < html.index("Warum?")
    assert "Wie &lt;i&gt;viele&lt;/i&gt;?" in html
    assert "<em>slot 1</em>" in html and "<em>slot a</em>" in html and "<em>slot 2</em>" in html


def test_the_administration_sees_a_question_s_departments_and_internal_due_date():
    from datetime import date

    from inquiries.templatetags.inquiry_rows import question_items
    from tests.factories import DepartmentFactory, QuestionFactory

    question = QuestionFactory(lead_department=DepartmentFactory(code="FB50"), due_on=date(2026, 12, 1))
    question.participating_departments.add(DepartmentFactory(code="FB20"), DepartmentFactory(code="FB30"))
    question.children = []
    with translation.override("en"):
        assert "Lead: FB50 · participating: FB20, FB30 · due 01.12.2026" in question_items(
            [question], departments=True
        )
        assert "FB50" not in question_items([question])
