"""A department answers its part of an inquiry end to end, with plain forms (no JavaScript)."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from inquiries.models import Inquiry
from responses.models import Answer
from tests.factories import InquiryFactory, MunicipalityFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_assign_draft_contribute_merge_review_approve(
    client, world, council_office, django_capture_on_commit_callbacks
):
    MunicipalityFactory()
    inquiry = InquiryFactory(
        status=Inquiry.Status.REGISTERED, received_on=date(2026, 3, 2), due_on=date(2026, 3, 30)
    )
    question = QuestionFactory(inquiry=inquiry, number="1", text="Wie viele Stellen gibt es?")

    client.force_login(council_office)
    assert inquiry.subject in client.get(reverse("inquiries:inbox")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("inquiries:assign", args=[inquiry.pk]),
            {
                "assign_all": "",
                "all-lead_department": world.lead.pk,
                "all-participating_departments": [world.participating.pk],
                "all-due_on": "2026-03-25",
            },
        )
    assert response.status_code == 302
    assert {m.to[0] for m in mail.outbox} >= {"lead_staff@example.org", "part_staff@example.org"}

    client.force_login(world.lead_staff)
    worklist = client.get(reverse("responses:worklist")).content.decode()
    edit_url = reverse("responses:answer_edit", args=[question.pk])
    assert edit_url in worklist
    assert client.post(edit_url, {"text": "Es gibt 3 Stellen.", "version": 1}).status_code == 302

    client.force_login(world.participating_staff)
    client.post(
        reverse("responses:contribution_add", args=[question.pk]),
        {"department": world.participating.pk, "text": "- finanziert bis 2027"},
    )

    client.force_login(world.lead_staff)
    contribution = question.contributions.get()
    client.post(reverse("responses:contribution_merge", args=[contribution.pk]))
    answer = Answer.objects.get(question=question)
    client.post(
        reverse("responses:answer_transition", args=[question.pk]),
        {"action": "submit", "version": answer.version},
    )

    client.force_login(world.lead_head)
    client.post(
        reverse("responses:answer_transition", args=[question.pk]),
        {"action": "approve", "version": answer.version},
    )
    answer.refresh_from_db()
    assert answer.status == Answer.Status.APPROVED
    assert answer.text == "Es gibt 3 Stellen.\n\n- finanziert bis 2027"

    client.force_login(council_office)
    page = client.get(inquiry.get_absolute_url()).content.decode()
    assert "1 / 1" in page
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.IN_PROGRESS
