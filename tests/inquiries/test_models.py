import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

from inquiries import roles, services
from inquiries.models import Inquiry, Question
from responses.models import Answer
from tests.factories import (
    AnswerFactory,
    InquiryFactory,
    QuestionFactory,
    UserFactory,
    force_update,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def test_top_level_question_numbers_are_unique_per_inquiry():
    inquiry = InquiryFactory()
    QuestionFactory(inquiry=inquiry, number="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(inquiry=inquiry, number="1")
    QuestionFactory(number="1")  # the same number in another inquiry is fine


def test_sub_question_numbers_are_unique_among_siblings():
    parent = QuestionFactory(number="1")
    QuestionFactory(inquiry=parent.inquiry, parent=parent, number="a")
    QuestionFactory(inquiry=parent.inquiry, number="2")  # top level "2" beside sub "a"
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(inquiry=parent.inquiry, parent=parent, number="a")
    other_parent = QuestionFactory(inquiry=parent.inquiry, number="3")
    QuestionFactory(inquiry=parent.inquiry, parent=other_parent, number="a")


def test_sub_question_must_belong_to_its_parents_inquiry():
    parent = QuestionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(inquiry=InquiryFactory(), parent=parent, number="a")
        # PostgreSQL checks the deferred composite key at commit; force it inside the block.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_moving_a_sub_question_to_another_inquiry_is_refused():
    parent = QuestionFactory()
    child = QuestionFactory(inquiry=parent.inquiry, parent=parent, number="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        force_update(Question.objects.filter(pk=child.pk), inquiry=InquiryFactory())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_one_answer_per_question():
    answer = AnswerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(question=answer.question, text="zweite Antwort")


def test_reference_numbers_are_unique():
    InquiryFactory(reference="AN/2026/0001", reference_number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        InquiryFactory(reference="AN/2026/0001", reference_number=99)


def test_deadline_cannot_lie_before_receipt():
    inquiry = InquiryFactory()
    inquiry.due_on = inquiry.received_on.replace(year=inquiry.received_on.year - 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        inquiry.save()


def test_approved_answer_needs_an_approver():
    answer = AnswerFactory()
    answer.status = Answer.Status.APPROVED
    with pytest.raises(IntegrityError), transaction.atomic():
        answer.save()


def test_references_count_up_per_year():
    first = services.assign_reference(InquiryFactory(reference=None, reference_number=None), year=2031)
    second = services.assign_reference(InquiryFactory(reference=None, reference_number=None), year=2031)
    other_year = services.assign_reference(InquiryFactory(reference=None, reference_number=None), year=2032)
    assert (first.reference, second.reference, other_year.reference) == (
        "AN/2031/0001",
        "AN/2031/0002",
        "AN/2032/0001",
    )
    assert services.assign_reference(first).reference == "AN/2031/0001"  # given once only


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_references_stay_unique_on_postgresql():
    inquiries = [InquiryFactory(reference=None, reference_number=None) for _ in range(12)]
    barrier = threading.Barrier(len(inquiries))
    errors = []

    def register(pk: int) -> None:
        try:
            barrier.wait()
            services.assign_reference(Inquiry.objects.get(pk=pk), year=2040)
        except Exception as error:  # reported below; a thread must not die silently
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=register, args=(i.pk,)) for i in inquiries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = sorted(Inquiry.objects.filter(reference_year=2040).values_list("reference", flat=True))
    assert references == [f"AN/2040/{n:04d}" for n in range(1, 13)]


def test_history_records_who_changed_an_inquiry():
    user = UserFactory()
    inquiry = InquiryFactory()
    inquiry._change_reason = "Betreff korrigiert"
    inquiry.subject = "Neuer Betreff"
    inquiry._history_user = user
    inquiry.save()
    latest = inquiry.history.first()
    assert latest.subject == "Neuer Betreff"
    assert latest.history_user == user
    assert latest.history_change_reason == "Betreff korrigiert"
    assert inquiry.history.count() == 2


def test_history_is_kept_for_questions_answers_and_replies():
    answer = AnswerFactory()
    answer.text = "geändert"
    answer.save()
    assert answer.history.count() == 2
    assert answer.question.history.count() == 1
    from tests.factories import ReplyFactory

    assert ReplyFactory().history.count() == 1


def test_role_groups_exist_with_their_permissions():
    expected = {
        roles.COMMITTEE_CHAIR: "inquiries.submit_inquiry",
        roles.DEPARTMENT_STAFF: "responses.draft_answer",
        roles.DEPARTMENT_HEAD: "responses.approve_department_answer",
        roles.COUNCIL_OFFICE: "inquiries.register_inquiry",
        roles.SIGNATORY: "responses.sign_reply",
        roles.COUNCIL_MEMBER: "inquiries.view_council_material",
    }
    for group_name, permission in expected.items():
        group = Group.objects.get(name=group_name)
        app_label, codename = permission.split(".")
        assert group.permissions.filter(content_type__app_label=app_label, codename=codename).exists()
    staff = Group.objects.get(name=roles.DEPARTMENT_STAFF)
    assert not staff.permissions.filter(codename="sign_reply").exists()


def test_an_interim_reply_s_expected_date_decides_overdue_everywhere():
    """One definition: the queryset (start page, list filter, reminders) and the model agree."""
    today = timezone.localdate()
    past = today - timedelta(days=1)
    extended = InquiryFactory(
        received_on=today - timedelta(days=30), due_on=past, expected_on=today + timedelta(days=9)
    )
    late = InquiryFactory(received_on=today - timedelta(days=30), due_on=past)
    late_again = InquiryFactory(
        received_on=today - timedelta(days=30), due_on=past - timedelta(days=5), expected_on=past
    )
    assert set(Inquiry.objects.overdue(today)) == {late, late_again}
    assert [i.is_overdue(today) for i in (extended, late, late_again)] == [False, True, True]


def test_questions_carry_whether_their_inquiry_is_open():
    inquiry = InquiryFactory(status=Inquiry.Status.DRAFT)
    question = QuestionFactory(inquiry=inquiry, number="1")
    assert not question.is_open
    inquiry.status = Inquiry.Status.SUBMITTED
    inquiry.save(update_fields=["status"])
    question.refresh_from_db()
    assert question.is_open
    assert QuestionFactory(inquiry=inquiry, number="2").is_open  # a question added while open
    inquiry.status = Inquiry.Status.ANSWERED
    inquiry.save()
    assert not Question.objects.filter(inquiry=inquiry, is_open=True).exists()
    # not part of the question's history: a copy of the inquiry's state
    assert question.history.count() == 1


def test_hidden_from_is_what_visible_to_leaves_out_for_readers_of_everything_submitted():
    staff = user_with_role(roles.DEPARTMENT_STAFF)
    own_draft = InquiryFactory(status=Inquiry.Status.DRAFT, submitted_by=staff)
    others_draft = InquiryFactory(status=Inquiry.Status.DRAFT)
    InquiryFactory(status=Inquiry.Status.IN_PROGRESS, is_public=False)
    InquiryFactory(status=Inquiry.Status.SUBMITTED)
    visible = set(Inquiry.objects.visible_to(staff))
    hidden = set(Inquiry.objects.hidden_from(staff))
    assert hidden == {others_draft} and own_draft in visible
    assert visible | hidden == set(Inquiry.objects.all()) and not visible & hidden
    question = QuestionFactory(inquiry=others_draft, number="1")
    assert question not in Question.objects.visible_to(staff)
    # the public's hidden side is the large one: visible_to filters positively there
    assert Inquiry.objects.hidden_from(None) is None


@pytest.mark.parametrize(
    "role", [None, roles.DEPARTMENT_STAFF, roles.COUNCIL_MEMBER, roles.COMMITTEE_CHAIR, roles.COUNCIL_OFFICE]
)
def test_open_questions_visible_to_a_user_are_the_open_ones_of_visible_to(role):
    """`open_visible_to` skips the anti-join for readers of everything submitted (what is hidden
    from them is never open); the result is that of `visible_to` for every role."""
    user = user_with_role(role) if role else UserFactory()
    for status in Inquiry.Status.values:
        for is_public in (True, False):
            for submitted_by in (user, None):
                inquiry = InquiryFactory(status=status, is_public=is_public, submitted_by=submitted_by)
                QuestionFactory(inquiry=inquiry, number="1")
    expected = set(Question.objects.visible_to(user).filter(is_open=True))
    assert expected and set(Question.objects.open_visible_to(user)) == expected
    assert Inquiry.Status.DRAFT not in Inquiry.OPEN_STATUSES


def test_rows_of_an_inquiry_are_checked_unless_it_was_loaded_for_the_same_user():
    """`of_visible_inquiries(…, inquiry=…)` trusts only an inquiry loaded for this very user
    through `visible_to` (`get_inquiry_for_user` records it in `shown_to`)."""
    from inquiries.models import of_visible_inquiries

    member = user_with_role(roles.COUNCIL_MEMBER)
    draft = InquiryFactory(status=Inquiry.Status.DRAFT)
    QuestionFactory(inquiry=draft, number="1")

    def visible_questions():
        return Question.objects.filter(of_visible_inquiries(member, "inquiry", inquiry=draft)).count()

    assert visible_questions() == 0
    draft.shown_to = UserFactory()  # loaded for someone else
    assert visible_questions() == 0
    draft.shown_to = member
    assert draft.is_shown_to(member) and visible_questions() == 1
