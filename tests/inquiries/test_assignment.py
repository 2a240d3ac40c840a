from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from inquiries import roles, services
from inquiries.deadlines import DeadlineRules, Period, Unit, internal_due_on
from inquiries.models import Event, Inquiry
from tests.factories import (
    CommitteeFactory,
    DepartmentFactory,
    InquiryFactory,
    MunicipalityFactory,
    QuestionFactory,
    RulesOfProcedureFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def departments():
    finance = DepartmentFactory(code="FB20", email="fb20@example.org")
    social = DepartmentFactory(code="FB50")
    social.staff.add(user_with_role(roles.DEPARTMENT_STAFF, username="sozial"))
    return finance, social


@pytest.fixture
def registered():
    inquiry = InquiryFactory(
        status=Inquiry.Status.REGISTERED, received_on=date(2026, 3, 2), due_on=date(2026, 3, 30)
    )
    first = QuestionFactory(inquiry=inquiry, number="1", position=1)
    sub = QuestionFactory(inquiry=inquiry, number="a", parent=first, position=2)
    second = QuestionFactory(inquiry=inquiry, number="2", position=3)
    return inquiry, [first, sub, second]


def test_municipality_gives_its_deadline_rules():
    rules_of_procedure = RulesOfProcedureFactory(
        rules={"internal_review_working_days": 5, "period": {"count": 21, "unit": "days"}}
    )
    municipality = MunicipalityFactory(state="BY", rules_of_procedure=rules_of_procedure)
    rules = municipality.deadline_rules()
    assert isinstance(rules, DeadlineRules)
    assert (rules.state, rules.internal_review_working_days, rules.period) == ("BY", 5, Period(21, Unit.DAYS))


def test_a_committees_own_rules_replace_only_the_keys_they_give():
    municipality = MunicipalityFactory(
        rules_of_procedure=RulesOfProcedureFactory(
            rules={"internal_review_working_days": 5, "period": {"count": 21, "unit": "days"}}
        )
    )
    committee = CommitteeFactory(
        municipality=municipality,
        rules_of_procedure=RulesOfProcedureFactory(rules={"period": {"count": 2, "unit": "weeks"}}),
    )
    rules = municipality.deadline_rules(committee)
    assert (rules.internal_review_working_days, rules.period) == (5, Period(2, Unit.WEEKS))
    assert municipality.deadline_rules(CommitteeFactory(municipality=municipality)).period == Period(
        21, Unit.DAYS
    )


def test_default_internal_due_date_follows_the_expected_date(registered):
    inquiry, _ = registered
    MunicipalityFactory(rules_of_procedure=RulesOfProcedureFactory(rules={"internal_review_working_days": 3}))
    assert services.default_internal_due_on(inquiry) == date(2026, 3, 25)
    inquiry.expected_on = date(2026, 4, 30)
    assert services.default_internal_due_on(inquiry) == internal_due_on(
        date(2026, 4, 30), rules=DeadlineRules()
    )


def test_assigning_moves_the_inquiry_on_records_an_event_and_notifies_new_departments(
    registered, departments, council_office, django_capture_on_commit_callbacks
):
    inquiry, questions = registered
    finance, social = departments
    due = date(2026, 3, 25)
    with django_capture_on_commit_callbacks(execute=True):
        notified = services.assign_questions(
            inquiry,
            assignments=[services.Assignment(q, social, (finance,), due) for q in questions],
            by=council_office,
        )
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.IN_PROGRESS
    assert inquiry.lead_department == social
    for question in questions:
        question.refresh_from_db()
        assert (question.lead_department, question.due_on) == (social, due)
        assert list(question.participating_departments.all()) == [finance]
        assert question.history.first().lead_department_id == social.pk
    event = Event.objects.get(inquiry=inquiry, kind=Event.Kind.ASSIGNED)
    assert event.actor == council_office
    assert event.data["departments"] == ["FB20", "FB50"]
    assert set(notified) == {finance, social}
    assert sorted(m.to[0] for m in mail.outbox) == ["fb20@example.org", "sozial@example.org"]
    assert reverse("responses:worklist") in mail.outbox[0].body

    # Saving the same assignment again changes nothing and mails nobody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for q in questions:
            q.refresh_from_db()
        notified = services.assign_questions(
            inquiry,
            assignments=[services.Assignment(q, social, (finance,), due) for q in questions],
            by=council_office,
        )
    assert notified == [] and mail.outbox == []
    assert Event.objects.filter(kind=Event.Kind.ASSIGNED).count() == 1


def test_question_of_another_inquiry_is_refused(registered, departments, council_office):
    inquiry, _ = registered
    foreign = QuestionFactory()
    with pytest.raises(ValueError):
        services.assign_questions(
            inquiry, assignments=[services.Assignment(foreign, departments[0], (), None)], by=council_office
        )


# --- Views -----------------------------------------------------------------------------------


def test_inbox_lists_registered_inquiries_for_the_council_office(client, council_office, registered):
    InquiryFactory(subject="Schon in Arbeit", status=Inquiry.Status.IN_PROGRESS)
    client.force_login(council_office)
    response = client.get(reverse("inquiries:inbox"))
    assert response.status_code == 200
    content = response.content.decode()
    assert registered[0].subject in content
    assert "Schon in Arbeit" not in content
    assert reverse("inquiries:assign", args=[registered[0].pk]) in content


@pytest.mark.parametrize(
    "role",
    [
        roles.DEPARTMENT_STAFF,
        roles.DEPARTMENT_HEAD,
        roles.COUNCIL_MEMBER,
        roles.SIGNATORY,
        roles.COMMITTEE_CHAIR,
    ],
)
def test_inbox_and_assignment_are_403_for_everyone_but_the_council_office(client, registered, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("inquiries:inbox")).status_code == 403
    assert client.get(reverse("inquiries:assign", args=[registered[0].pk])).status_code == 403
    assert (
        client.post(reverse("inquiries:assign", args=[registered[0].pk]), {"assign_each": ""}).status_code
        == 403
    )


def test_anonymous_is_sent_to_login(client, registered):
    for url in (reverse("inquiries:inbox"), reverse("inquiries:assign", args=[registered[0].pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_assignment_of_an_invisible_inquiry_is_404(client, council_office):
    draft = InquiryFactory(
        status=Inquiry.Status.DRAFT, submitted_by=UserFactory(), reference=None, reference_number=None
    )
    client.force_login(council_office)
    assert client.get(reverse("inquiries:assign", args=[draft.pk])).status_code == 404


def test_assignment_of_an_answered_inquiry_is_403(client, council_office):
    answered = InquiryFactory(status=Inquiry.Status.ANSWERED)
    client.force_login(council_office)
    assert client.get(reverse("inquiries:assign", args=[answered.pk])).status_code == 403


def test_assignment_page_proposes_the_default_due_date(client, council_office, registered, departments):
    MunicipalityFactory()
    client.force_login(council_office)
    response = client.get(reverse("inquiries:assign", args=[registered[0].pk]))
    assert response.status_code == 200
    assert 'value="2026-03-25"' in response.content.decode()


def test_assign_all_at_once(client, council_office, registered, departments):
    inquiry, questions = registered
    finance, social = departments
    client.force_login(council_office)
    response = client.post(
        reverse("inquiries:assign", args=[inquiry.pk]),
        {
            "assign_all": "",
            "all-lead_department": social.pk,
            "all-participating_departments": [finance.pk, social.pk],
            "all-due_on": "2026-03-24",
        },
    )
    assert response.status_code == 302 and response.url == inquiry.get_absolute_url()
    for question in questions:
        question.refresh_from_db()
        assert question.lead_department == social
        assert question.due_on == date(2026, 3, 24)
        assert list(question.participating_departments.all()) == [finance]  # lead is not also participating
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.IN_PROGRESS


def test_assign_question_by_question(client, council_office, registered, departments):
    inquiry, (first, sub, second) = registered
    finance, social = departments
    client.force_login(council_office)
    data = {"assign_each": ""}
    for question, lead, due in (
        (first, social, "2026-03-20"),
        (sub, social, "2026-03-20"),
        (second, finance, "2026-03-23"),
    ):
        data[f"q{question.pk}-lead_department"] = lead.pk
        data[f"q{question.pk}-due_on"] = due
    data[f"q{second.pk}-participating_departments"] = [social.pk]
    response = client.post(reverse("inquiries:assign", args=[inquiry.pk]), data)
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.lead_department == finance and second.due_on == date(2026, 3, 23)
    assert list(second.participating_departments.all()) == [social]
    first.refresh_from_db()
    assert first.lead_department == social


def test_invalid_assignment_shows_errors_and_changes_nothing(client, council_office, registered, departments):
    inquiry, (first, sub, second) = registered
    client.force_login(council_office)
    response = client.post(
        reverse("inquiries:assign", args=[inquiry.pk]),
        {"assign_each": "", f"q{first.pk}-lead_department": departments[0].pk, f"q{first.pk}-due_on": ""},
    )
    assert response.status_code == 400
    assert "Set an internal due date." in response.content.decode() or "interne" in response.content.decode()
    first.refresh_from_db()
    assert first.lead_department is None
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.REGISTERED


@pytest.mark.parametrize("n", [3, 30])
def test_assignment_page_queries_do_not_grow_with_questions(
    client, council_office, departments, django_assert_num_queries, n
):
    inquiry = InquiryFactory()
    for number in range(n):
        parent = QuestionFactory(inquiry=inquiry, number=str(number + 1), lead_department=departments[0])
        parent.participating_departments.add(departments[1])
        QuestionFactory(inquiry=inquiry, parent=parent, number="a")
    client.force_login(council_office)
    # session, user, inquiry, permissions (own and groups', one query), questions (+lead, parent),
    # participating departments, departments, municipality
    with django_assert_num_queries(8):
        response = client.get(reverse("inquiries:assign", args=[inquiry.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_inbox_queries_do_not_grow(client, council_office, django_assert_num_queries, n):
    for _ in range(n):
        QuestionFactory(inquiry=InquiryFactory())
        QuestionFactory(
            inquiry=InquiryFactory(status=Inquiry.Status.SUBMITTED, reference=None, reference_number=None)
        )
    client.force_login(council_office)
    # session, user, permissions (own and groups', one query), submitted inquiries awaiting
    # registration (+committee, question count), count, page of registered inquiries
    with django_assert_num_queries(6):
        response = client.get(reverse("inquiries:inbox"))
    assert response.status_code == 200


def test_navigation_shows_inbox_and_worklist_by_role(client, council_office, staff, council_member):
    client.force_login(council_office)
    content = client.get(reverse("portal:list")).content.decode()
    assert reverse("inquiries:inbox") in content and reverse("responses:worklist") in content
    client.force_login(staff)
    content = client.get(reverse("portal:list")).content.decode()
    assert reverse("inquiries:inbox") not in content and reverse("responses:worklist") in content
    client.force_login(council_member)
    content = client.get(reverse("portal:list")).content.decode()
    assert reverse("responses:worklist") not in content


def test_the_council_office_is_told_why_an_answered_inquiry_cannot_be_assigned(
    client, council_office, settings
):
    """Not "ask the council office": the reader is the council office. The reason is the state."""
    settings.LANGUAGE_CODE = "de"
    inquiry = InquiryFactory(status=Inquiry.Status.ANSWERED)
    client.force_login(council_office)
    response = client.get(reverse("inquiries:assign", args=[inquiry.pk]))
    assert response.status_code == 403
    content = response.content.decode()
    assert "Ratsbüro" not in content
    assert "Dieser Schritt ist bei einer Anfrage im Status „Beantwortet“ nicht möglich." in content


def test_someone_without_the_role_gets_the_general_403_text(client, staff, settings):
    settings.LANGUAGE_CODE = "de"
    inquiry = InquiryFactory(status=Inquiry.Status.IN_PROGRESS)
    client.force_login(staff)
    response = client.get(reverse("inquiries:assign", args=[inquiry.pk]))
    assert response.status_code == 403
    assert "wenden Sie sich an das Ratsbüro" in response.content.decode()


def test_assignment_is_one_form_with_checkboxes_and_question_numbers(
    client, council_office, registered, departments
):
    inquiry = registered[0]
    client.force_login(council_office)
    content = client.get(reverse("inquiries:assign", args=[inquiry.pk])).content.decode()
    # one form holds the questions and the "assign all" shortcut; one save
    assert content.count('action="' + reverse("inquiries:assign", args=[inquiry.pk]) + '"') == 1
    assert 'name="assign_all"' in content and 'name="assign_each"' in content
    # participating departments as checkboxes, no Ctrl-click list
    first = inquiry.questions.order_by("position").first()
    assert f'type="checkbox" name="q{first.pk}-participating_departments"' in content
    assert "<select multiple" not in content and 'multiple name="q' not in content
    assert "Question 1" in content


def test_inbox_tables_count_questions_alike(client, council_office):
    """Both tables of the inbox, the portal list and "my inquiries" count an inquiry's questions
    one way: top-level questions (a sub-question is part of its question)."""
    registered = InquiryFactory()
    submitted = InquiryFactory(status=Inquiry.Status.SUBMITTED, reference=None, reference_number=None)
    for inquiry in (registered, submitted):
        parent = QuestionFactory(inquiry=inquiry, number="1")
        QuestionFactory(inquiry=inquiry, parent=parent, number="a")
        QuestionFactory(inquiry=inquiry, parent=parent, number="b")
    client.force_login(council_office)
    response = client.get(reverse("inquiries:inbox"))
    assert [i.question_count for i in response.context["page"].object_list] == [1]
    assert [i.question_count for i in response.context["awaiting"]] == [1]
    listed = client.get(reverse("portal:list")).context["page"].object_list
    assert {i.pk: i.question_count for i in listed}[registered.pk] == 1
