from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from inquiries import services
from inquiries.calendar import escape_text, fold
from inquiries.models import Follow, Inquiry
from portal import services as portal_services
from responses.models import Answer
from tests.factories import (
    AnswerFactory,
    CommitteeFactory,
    DepartmentFactory,
    InquiryFactory,
    QuestionFactory,
    UserFactory,
)
from tests.portal import answered_inquiry, approved_answer

pytestmark = pytest.mark.django_db


def _subjects(response) -> str:
    return response.content.decode()


# --- list filters ------------------------------------------------------------------------


def test_list_filters_by_committee_kind_year_and_sender(client):
    committee = CommitteeFactory(name="Integrationsausschuss")
    InquiryFactory(subject="Im Ausschuss", committee=committee, kind=Inquiry.Kind.GROSSE_ANFRAGE)
    InquiryFactory(subject="Anderswo", sender_name="Fraktion Grün")
    old = InquiryFactory(subject="Von früher", received_on=timezone.localdate().replace(year=2020))
    url = reverse("portal:list")

    content = _subjects(client.get(url, {"committee": committee.pk}))
    assert "Im Ausschuss" in content and "Anderswo" not in content

    content = _subjects(client.get(url, {"kind": Inquiry.Kind.GROSSE_ANFRAGE}))
    assert "Im Ausschuss" in content and "Anderswo" not in content

    content = _subjects(client.get(url, {"year": 2020}))
    assert old.subject in content and "Anderswo" not in content

    content = _subjects(client.get(url, {"sender": "grün"}))
    assert "Anderswo" in content and "Im Ausschuss" not in content


def test_list_status_overdue_is_derived_from_the_deadline_and_respects_an_expected_date(client):
    today = timezone.localdate()
    past = today - timedelta(days=40)
    InquiryFactory(subject="Zu spät", received_on=past, due_on=today - timedelta(days=1))
    InquiryFactory(
        subject="Verlängert",
        received_on=past,
        due_on=today - timedelta(days=1),
        expected_on=today + timedelta(days=9),
    )
    InquiryFactory(subject="Rechtzeitig")
    answered_inquiry(subject="Erledigt", received_on=past, due_on=today - timedelta(days=1))
    content = _subjects(client.get(reverse("portal:list"), {"status": "overdue"}))
    assert "Zu spät" in content
    assert "Verlängert" not in content and "Rechtzeitig" not in content and "Erledigt" not in content

    content = _subjects(client.get(reverse("portal:list"), {"status": "answered"}))
    assert "Erledigt" in content and "Zu spät" not in content


def test_list_filters_by_lead_department_of_the_inquiry_or_of_a_question(client):
    finance = DepartmentFactory(code="20", name="Finanzen")
    InquiryFactory(subject="Federführend Finanzen", lead_department=finance)
    by_question = InquiryFactory(subject="Frage an Finanzen")
    QuestionFactory(inquiry=by_question, lead_department=finance)
    QuestionFactory(inquiry=by_question, lead_department=finance)
    InquiryFactory(subject="Andere Sache")
    response = client.get(reverse("portal:list"), {"department": finance.pk})
    content = _subjects(response)
    assert "Federführend Finanzen" in content and "Frage an Finanzen" in content
    assert "Andere Sache" not in content
    assert response.context["page"].paginator.count == 2  # no duplicate rows from the join


def test_list_sorts_by_deadline(client):
    today = timezone.localdate()
    InquiryFactory(subject="Später fällig", due_on=today + timedelta(days=30))
    InquiryFactory(subject="Bald fällig", due_on=today + timedelta(days=3))
    content = _subjects(client.get(reverse("portal:list"), {"sort": "deadline"}))
    assert content.index("Bald fällig") < content.index("Später fällig")


def test_list_keeps_filters_in_pagination_links_and_ignores_invalid_values(client):
    InquiryFactory.create_batch(30, kind=Inquiry.Kind.KLEINE_ANFRAGE)
    response = client.get(reverse("portal:list"), {"kind": Inquiry.Kind.KLEINE_ANFRAGE, "year": "abc"})
    assert response.status_code == 200
    assert "kind=kleine_anfrage&amp;year=abc&amp;page=2" in response.content.decode()
    assert response.context["page"].paginator.count == 30


def test_list_htmx_request_gets_only_the_table(client):
    InquiryFactory(subject="Teilansicht")
    response = client.get(reverse("portal:list"), headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "Teilansicht" in content and "<html" not in content and 'id="inquiry-table"' in content


@pytest.mark.parametrize("n_inquiries", [5, 50])
def test_filtered_list_queries_do_not_grow(client, council_member, django_assert_num_queries, n_inquiries):
    department = DepartmentFactory()
    for inquiry in InquiryFactory.create_batch(n_inquiries, lead_department=department):
        QuestionFactory(inquiry=inquiry, lead_department=department)
    client.force_login(council_member)
    # session, user, permissions (own and groups', one query), committee options, department options
    # (the chosen department is validated against them), count, page of inquiries (with their
    # question counts)
    with django_assert_num_queries(7):
        response = client.get(
            reverse("portal:list"), {"department": department.pk, "status": "open", "sort": "deadline"}
        )
    assert response.context["page"].paginator.count == n_inquiries


# --- detail ------------------------------------------------------------------------------


def test_detail_shows_answers_timeline_and_pdf_link_once_the_reply_is_sent(client):
    inquiry = answered_inquiry(question_text="Wie viele Stellen?", answer_text="Es sind **drei** Stellen.")
    response = client.get(inquiry.get_absolute_url())
    content = response.content.decode()
    assert "Wie viele Stellen?" in content and "Es sind **drei** Stellen." in content
    timeline = content[content.index('id="timeline-heading"') :]
    assert timeline.index("Received and registered") < timeline.index("Reply sent")
    reply = inquiry.replies.get()
    assert reverse("responses:reply_pdf", args=[reply.pk]) in content


def test_detail_hides_approved_answers_until_the_reply_is_sent(client, council_member, council_office):
    inquiry = InquiryFactory(status=Inquiry.Status.IN_PROGRESS)
    approved_answer(QuestionFactory(inquiry=inquiry), "APPROVED-BUT-UNSENT")
    for user in (None, council_member, council_office):
        if user:
            client.force_login(user)
        assert "APPROVED-BUT-UNSENT" not in client.get(inquiry.get_absolute_url()).content.decode()


def test_detail_timeline_hides_internal_events_outside_the_administration(client, council_member, staff):
    inquiry = InquiryFactory()
    services.record_event(inquiry, "registered", by=None)
    services.record_event(inquiry, "deadline_changed", by=None)
    client.force_login(council_member)
    content = client.get(inquiry.get_absolute_url()).content.decode()
    assert "Received and registered" in content and "Deadline changed" not in content
    client.force_login(staff)
    content = client.get(inquiry.get_absolute_url()).content.decode()
    assert "Received and registered" in content and "Deadline changed" in content


# --- follow ------------------------------------------------------------------------------


def test_council_member_follows_and_unfollows(client, council_member):
    inquiry = InquiryFactory(is_public=False)
    client.force_login(council_member)
    response = client.post(reverse("portal:follow", args=[inquiry.pk]))
    assert response.status_code == 302
    assert Follow.objects.filter(user=council_member, inquiry=inquiry).exists()
    client.post(reverse("portal:follow", args=[inquiry.pk]))  # idempotent
    assert Follow.objects.filter(user=council_member, inquiry=inquiry).count() == 1
    assert inquiry.subject in client.get(reverse("portal:follow_list")).content.decode()
    client.post(reverse("portal:unfollow", args=[inquiry.pk]))
    assert not Follow.objects.filter(user=council_member, inquiry=inquiry).exists()


def test_follow_get_is_405(client, council_member):
    client.force_login(council_member)
    assert client.get(reverse("portal:follow", args=[InquiryFactory().pk])).status_code == 405


def test_follow_anonymous_is_redirected_to_login(client):
    inquiry = InquiryFactory()
    response = client.post(reverse("portal:follow", args=[inquiry.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not Follow.objects.exists()


def test_follow_without_permission_is_403_and_unseen_inquiry_is_404(client, staff, council_member):
    inquiry = InquiryFactory()
    client.force_login(staff)
    assert client.post(reverse("portal:follow", args=[inquiry.pk])).status_code == 403
    assert client.get(reverse("portal:follow_list")).status_code == 403
    draft = InquiryFactory(status=Inquiry.Status.DRAFT)
    client.force_login(council_member)
    assert client.post(reverse("portal:follow", args=[draft.pk])).status_code == 404
    assert not Follow.objects.exists()


def test_notify_followers_mails_followers_after_commit(
    council_member, staff, django_capture_on_commit_callbacks
):
    inquiry = InquiryFactory(subject="Kita-Plätze", is_public=False)
    portal_services.follow_inquiry(inquiry, user=council_member)
    Follow.objects.create(user=staff, inquiry=inquiry)  # lost the permission: skipped
    Follow.objects.create(user=UserFactory(email=""), inquiry=inquiry)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert portal_services.notify_followers(inquiry) == 1
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [council_member.email]
    assert inquiry.reference in message.subject
    assert inquiry.get_absolute_url() in message.body


def test_notify_followers_without_followers_enqueues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert portal_services.notify_followers(InquiryFactory()) == 0
    assert callbacks == []


# --- iCal --------------------------------------------------------------------------------


def test_ical_feed_lists_open_deadlines_for_the_administration(client, staff):
    InquiryFactory(subject="Straßen, Wege; Plätze", is_public=False)
    answered_inquiry(subject="Schon beantwortet")
    client.force_login(staff)
    response = client.get(reverse("inquiries:deadlines_ical"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "Straßen\\, Wege\\; Plätze" in body.replace("\r\n ", "")
    assert "Schon beantwortet" not in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_ical_feed_name_is_in_the_reader_s_language(client, staff, settings):
    settings.LANGUAGE_CODE = "de"
    client.force_login(staff)
    body = client.get(reverse("inquiries:deadlines_ical")).content.decode()
    assert "X-WR-CALNAME:Fristen der Anfragen\r\n" in body
    assert "Inquiry deadlines" not in body


def test_ical_feed_is_403_outside_the_administration_and_redirects_anonymous(client, council_member):
    assert client.get(reverse("inquiries:deadlines_ical")).status_code == 302
    client.force_login(council_member)
    assert client.get(reverse("inquiries:deadlines_ical")).status_code == 403


def test_ical_text_escaping_and_folding():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    folded = fold("SUMMARY:" + "ä" * 80)
    lines = folded.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert "".join(line[1:] if i else line for i, line in enumerate(lines)) == "SUMMARY:" + "ä" * 80


def test_answer_factory_default_is_a_draft():
    assert AnswerFactory().status == Answer.Status.DRAFT
