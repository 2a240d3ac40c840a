"""The start page: each role's queues, their counts in the navigation, and deputies."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inquiries import roles
from inquiries.models import Deputy, Inquiry
from responses.models import Answer, Contribution, Reply, work_inquiries, work_questions
from responses.start import queues_for
from tests.factories import (
    AnswerFactory,
    InquiryFactory,
    QuestionFactory,
    ReplyFactory,
    force_update,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def _keys_with_items(user) -> dict[str, list]:
    today = timezone.localdate()
    return {queue.key: list(queue.items) for queue in queues_for(user, today)}


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("responses:start"))
    assert response.status_code == 200
    return response.content.decode()


# --- Department staff -------------------------------------------------------------------------


def test_lead_question_without_answer_is_in_the_lead_queue(world):
    queues = _keys_with_items(world.lead_staff)
    assert queues["lead"] == [world.question]
    assert queues["returned"] == []
    # the participating department is asked for a contribution, not for the answer
    assert _keys_with_items(world.participating_staff)["contribution_requests"] == [world.question]
    assert "lead" in _keys_with_items(world.participating_staff)
    assert _keys_with_items(world.participating_staff)["lead"] == []


def test_contribution_given_leaves_the_request_queue(world):
    Contribution.objects.create(
        question=world.question, department=world.participating, text="Teil", author=world.participating_staff
    )
    assert _keys_with_items(world.participating_staff)["contribution_requests"] == []


def test_answer_sent_back_is_returned_with_its_reason(client, world):
    AnswerFactory(
        question=world.question, status=Answer.Status.DRAFT, review_comment="Bitte Zahlen für 2025."
    )
    queues = _keys_with_items(world.lead_staff)
    assert queues["returned"] == [world.question]
    assert queues["lead"] == []  # not twice in the total
    page = _page(client, world.lead_staff)
    assert "returned" in page and "Bitte Zahlen für 2025." in page


def test_approved_answer_leaves_every_department_queue(world):
    AnswerFactory(
        question=world.question,
        status=Answer.Status.APPROVED,
        approver=world.lead_head,
        approved_at=timezone.now(),
    )
    queues = _keys_with_items(world.lead_staff)
    assert queues["lead"] == queues["due_soon"] == queues["overdue_questions"] == []


def test_due_soon_and_overdue_by_the_internal_due_date(world):
    today = timezone.localdate()
    soon = QuestionFactory(inquiry=world.inquiry, number="2", lead_department=world.lead, due_on=today)
    late = QuestionFactory(
        inquiry=world.inquiry, number="3", lead_department=world.lead, due_on=today - timedelta(days=1)
    )
    queues = _keys_with_items(world.lead_staff)
    assert queues["due_soon"] == [soon]
    assert queues["overdue_questions"] == [late]
    assert world.question not in queues["due_soon"]  # due in four weeks


def test_other_department_sees_nothing_of_ours(world):
    queues = _keys_with_items(world.other_staff)
    assert all(items == [] for items in queues.values())


def test_closed_inquiry_leaves_the_queues(world):
    world.inquiry.status = Inquiry.Status.WITHDRAWN
    world.inquiry.save()
    assert _keys_with_items(world.lead_staff)["lead"] == []


# --- Head of department -----------------------------------------------------------------------


def test_head_sees_answers_of_the_department_in_review(client, world):
    AnswerFactory(question=world.question, status=Answer.Status.IN_REVIEW, author=world.lead_staff)
    assert [a.question for a in _keys_with_items(world.lead_head)["to_approve"]] == [world.question]
    assert _keys_with_items(world.other_head)["to_approve"] == []
    page = _page(client, world.lead_head)
    assert "For approval" in page and reverse("responses:answer_edit", args=[world.question.pk]) in page


# --- Signatory and council office -------------------------------------------------------------


def test_signatory_sees_replies_marked_ready(client, signatory):
    ready = ReplyFactory(status=Reply.Status.READY)
    ReplyFactory(status=Reply.Status.DRAFT)
    assert _keys_with_items(signatory)["to_sign"] == [ready]
    page = _page(client, signatory)
    assert "For signature" in page and reverse("responses:reply_compose", args=[ready.pk]) in page


def test_council_office_queues(client, council_office):
    today = timezone.localdate()
    submitted = InquiryFactory(status=Inquiry.Status.SUBMITTED, reference=None, reference_number=None)
    registered = InquiryFactory(status=Inquiry.Status.REGISTERED)
    overdue = InquiryFactory(
        status=Inquiry.Status.IN_PROGRESS,
        received_on=today - timedelta(days=40),
        due_on=today - timedelta(days=1),
    )
    complete = InquiryFactory(status=Inquiry.Status.IN_PROGRESS)
    AnswerFactory(
        question=QuestionFactory(inquiry=complete),
        status=Answer.Status.APPROVED,
        approver=council_office,
        approved_at=timezone.now(),
    )
    incomplete = InquiryFactory(status=Inquiry.Status.IN_PROGRESS)
    QuestionFactory(inquiry=incomplete)
    signed = ReplyFactory(
        inquiry=InquiryFactory(status=Inquiry.Status.IN_PROGRESS), status=Reply.Status.DRAFT
    )
    force_update(  # signed without the signing machinery
        Reply.objects.filter(pk=signed.pk),
        status=Reply.Status.SIGNED,
        signed_at=timezone.now(),
        signed_pdf="replies/x.pdf",
        signed_pdf_sha256="0" * 64,
    )
    queues = _keys_with_items(council_office)
    assert queues["to_register"] == [submitted]
    assert queues["to_assign"] == [registered]
    assert queues["overdue_inquiries"] == [overdue]
    assert queues["ready_to_compose"] == [complete]
    assert [r.pk for r in queues["to_send"]] == [signed.pk]
    page = _page(client, council_office)
    for title in ("To register", "To assign", "Overdue", "Ready to compose", "To send"):
        assert title in page


def test_reply_marked_ready_leaves_ready_to_compose(council_office):
    inquiry = InquiryFactory(status=Inquiry.Status.IN_PROGRESS)
    AnswerFactory(
        question=QuestionFactory(inquiry=inquiry),
        status=Answer.Status.APPROVED,
        approver=council_office,
        approved_at=timezone.now(),
    )
    assert list(work_inquiries().ready_to_compose()) == [inquiry]
    ReplyFactory(inquiry=inquiry, status=Reply.Status.DRAFT)
    assert list(work_inquiries().ready_to_compose()) == [inquiry]  # a draft is still composing
    ReplyFactory._meta.model.objects.filter(inquiry=inquiry).first()
    reply = Reply.objects.get(inquiry=inquiry)
    reply.status = Reply.Status.READY
    reply.save()
    assert list(work_inquiries().ready_to_compose()) == []


# --- Chair ------------------------------------------------------------------------------------


def test_chair_sees_own_inquiries_and_their_state(client, chair):
    draft = InquiryFactory(
        status=Inquiry.Status.DRAFT, submitted_by=chair, reference=None, reference_number=None
    )
    open_one = InquiryFactory(status=Inquiry.Status.IN_PROGRESS, submitted_by=chair)
    InquiryFactory(status=Inquiry.Status.ANSWERED, submitted_by=chair)
    InquiryFactory(status=Inquiry.Status.IN_PROGRESS)  # someone else's
    assert set(_keys_with_items(chair)["mine"]) == {draft, open_one}
    page = _page(client, chair)
    assert "My inquiries" in page and "In progress" in page and "Draft" in page


def test_council_member_without_queues_goes_to_the_list(client, council_member):
    client.force_login(council_member)
    response = client.get(reverse("responses:start"))
    assert response.status_code == 302 and response.url == reverse("portal:list")


def test_start_page_needs_sign_in(client):
    response = client.get(reverse("responses:start"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_sign_in_leads_to_the_start_page(client, staff):
    response = client.post(reverse("login"), {"username": staff.username, "password": "pw"})
    assert response.status_code == 302 and response.url == reverse("responses:start")


# --- Counts in the navigation -----------------------------------------------------------------


def test_navigation_counts_each_item_once(client, world):
    today = timezone.localdate()
    QuestionFactory(inquiry=world.inquiry, number="2", lead_department=world.lead, due_on=today)
    client.force_login(world.lead_staff)
    response = client.get(reverse("responses:start_counts"))
    html = response.content.decode()
    # two lead questions; "due soon" repeats one of them and is not added to the total
    assert '<span class="badge text-bg-light">2</span>' in html
    assert "Due soon" in html


def test_every_page_loads_the_counts_for_the_administration(client, world, council_member):
    client.force_login(world.lead_staff)
    assert reverse("responses:start_counts") in client.get(reverse("portal:list")).content.decode()
    client.force_login(council_member)
    assert reverse("responses:start_counts") not in client.get(reverse("portal:list")).content.decode()


def _office_world(n: int, office) -> None:
    today = timezone.localdate()
    for _i in range(n):
        InquiryFactory(status=Inquiry.Status.SUBMITTED, reference=None, reference_number=None)
        InquiryFactory(status=Inquiry.Status.REGISTERED)
        InquiryFactory(
            status=Inquiry.Status.IN_PROGRESS,
            received_on=today - timedelta(days=40),
            due_on=today - timedelta(days=1),
        )
        complete = InquiryFactory(status=Inquiry.Status.IN_PROGRESS)
        AnswerFactory(
            question=QuestionFactory(inquiry=complete, number="1"),
            status=Answer.Status.APPROVED,
            approver=office,
            approved_at=timezone.now(),
        )
        signed = ReplyFactory(inquiry=InquiryFactory(status=Inquiry.Status.IN_PROGRESS))
        force_update(
            Reply.objects.filter(pk=signed.pk),
            status=Reply.Status.SIGNED,
            signed_at=timezone.now(),
            signed_pdf="replies/x.pdf",
            signed_pdf_sha256="0" * 64,
        )


@pytest.mark.parametrize("n", [2, 15])
def test_council_office_counts_queries_do_not_grow(client, council_office, django_assert_num_queries, n):
    _office_world(n, council_office)
    client.force_login(council_office)
    # session, user, permissions (own and groups', one query), one count per queue (to register, to
    # assign, overdue, ready to compose, to send), the people the user stands in for (may they
    # sign?), the user's departments (no department queues without one)
    with django_assert_num_queries(10):
        response = client.get(reverse("responses:start_counts"))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [2, 15])
def test_council_office_start_page_queries_do_not_grow(client, council_office, django_assert_num_queries, n):
    _office_world(n, council_office)
    client.force_login(council_office)
    # session, user, permissions (own and groups', one query), the user's departments, the people
    # the user stands in for (may they sign?), count and rows of five queues
    with django_assert_num_queries(15):
        response = client.get(reverse("responses:start"))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [5, 20])
def test_department_start_page_queries_do_not_grow(client, world, django_assert_num_queries, n):
    today = timezone.localdate()
    for i in range(n):
        question = QuestionFactory(
            inquiry=InquiryFactory(status=Inquiry.Status.IN_PROGRESS),
            lead_department=world.lead,
            number="1",
            due_on=today + timedelta(days=i % 5 - 2),
        )
        question.participating_departments.add(world.participating)
        AnswerFactory(
            question=question,
            review_comment="Bitte ergänzen." if i % 2 else "",
            status=Answer.Status.IN_REVIEW if i % 3 == 0 else Answer.Status.DRAFT,
        )
    client.force_login(world.lead_head)
    # session, user, permissions (own and groups', one query), the user's departments, municipality
    # (holidays), count and rows of five department queues, the people the user stands in for,
    # count and rows "for approval"
    with django_assert_num_queries(17):
        response = client.get(reverse("responses:start"))
    assert response.status_code == 200


# --- Deputies ---------------------------------------------------------------------------------


def test_deputy_of_a_head_sees_and_approves_the_absent_heads_queue(client, world):
    AnswerFactory(question=world.question, status=Answer.Status.IN_REVIEW, author=world.lead_staff)
    deputy = user_with_role(roles.DEPARTMENT_STAFF, username="deputy")
    today = timezone.localdate()
    assert "to_approve" not in _keys_with_items(deputy)
    Deputy.objects.create(
        absent=world.lead_head, deputy=deputy, starts_on=today, ends_on=today + timedelta(days=7)
    )
    deputy = type(deputy).objects.get(pk=deputy.pk)  # fresh: caches live on the user object
    assert [a.question for a in _keys_with_items(deputy)["to_approve"]] == [world.question]
    assert "lead" in _keys_with_items(deputy)  # the head's department is the deputy's for now
    client.force_login(deputy)
    response = client.post(
        reverse("responses:answer_transition", args=[world.question.pk]), {"action": "approve"}
    )
    assert response.status_code == 302
    answer = Answer.objects.get(question=world.question)
    assert answer.status == Answer.Status.APPROVED and answer.approver == deputy


def test_deputy_period_over_gives_nothing(client, world):
    AnswerFactory(question=world.question, status=Answer.Status.IN_REVIEW, author=world.lead_staff)
    deputy = user_with_role(roles.DEPARTMENT_STAFF, username="deputy")
    today = timezone.localdate()
    Deputy.objects.create(
        absent=world.lead_head,
        deputy=deputy,
        starts_on=today - timedelta(days=9),
        ends_on=today - timedelta(days=1),
    )
    assert "to_approve" not in _keys_with_items(deputy)
    client.force_login(deputy)
    response = client.post(
        reverse("responses:answer_transition", args=[world.question.pk]), {"action": "approve"}
    )
    assert response.status_code == 403
    assert Answer.objects.get(question=world.question).status == Answer.Status.IN_REVIEW


def test_work_questions_worklist_is_the_worklist_pages(client, world):
    """One definition: the worklist page lists exactly the queryset method's questions."""
    QuestionFactory(inquiry=world.inquiry, number="2", lead_department=world.other)
    client.force_login(world.lead_staff)
    response = client.get(reverse("responses:worklist"))
    assert [q.pk for q in response.context["page"].object_list] == [
        q.pk for q in work_questions().worklist(world.lead_staff)
    ]
