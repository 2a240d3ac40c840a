from dataclasses import dataclass

import pytest

from inquiries import roles
from inquiries.models import Department, Inquiry, Question
from tests.factories import DepartmentFactory, InquiryFactory, QuestionFactory, user_with_role


@dataclass
class World:
    inquiry: Inquiry
    question: Question
    lead: Department
    participating: Department
    other: Department
    lead_staff: object
    lead_head: object
    participating_staff: object
    other_staff: object
    other_head: object


@pytest.fixture
def world(db) -> World:
    """An inquiry in progress with one question: lead FB 50, participating FB 20, and FB 30 aside."""
    lead_head = user_with_role(roles.DEPARTMENT_HEAD, username="lead_head")
    other_head = user_with_role(roles.DEPARTMENT_HEAD, username="other_head")
    lead = DepartmentFactory(code="FB50", name="Soziales", head=lead_head)
    participating = DepartmentFactory(code="FB20", name="Finanzen")
    other = DepartmentFactory(code="FB30", name="Ordnung", head=other_head)
    lead_staff = user_with_role(roles.DEPARTMENT_STAFF, username="lead_staff")
    participating_staff = user_with_role(roles.DEPARTMENT_STAFF, username="part_staff")
    other_staff = user_with_role(roles.DEPARTMENT_STAFF, username="other_staff")
    lead.staff.add(lead_staff)
    participating.staff.add(participating_staff)
    other.staff.add(other_staff)
    inquiry = InquiryFactory(status=Inquiry.Status.IN_PROGRESS, lead_department=lead)
    question = QuestionFactory(inquiry=inquiry, number="1", lead_department=lead, due_on=inquiry.due_on)
    question.participating_departments.add(participating)
    return World(
        inquiry,
        question,
        lead,
        participating,
        other,
        lead_staff,
        lead_head,
        participating_staff,
        other_staff,
        other_head,
    )


# The reply tests' world and the demo certificate in the test's folder.
from tests.responses.reply_helpers import demo_signing, reply_world  # noqa: E402, F401
