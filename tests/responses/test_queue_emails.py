"""E-mail when work lands in someone's queue: at once or bundled per day, as each user chose on
the profile page; deputies are told too."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from config.site import site_url
from inquiries import roles
from inquiries import services as inquiry_services
from inquiries.models import Deputy, Notice, Profile
from responses import services
from responses.models import Reply
from tests.factories import AnswerFactory, DepartmentFactory, user_with_role

pytestmark = pytest.mark.django_db


def _submit(world, django_capture_on_commit_callbacks, **answer):
    answer = AnswerFactory(question=world.question, author=world.lead_staff, **answer)
    with django_capture_on_commit_callbacks(execute=True):
        return services.transition_answer(answer, "submit", by=world.lead_staff)


def test_answer_in_review_mails_the_head_with_a_link(world, django_capture_on_commit_callbacks):
    _submit(world, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[world.lead_head.email]]
    message = mail.outbox[0]
    assert "For approval" in message.subject and world.inquiry.reference in message.subject
    assert site_url() + reverse("responses:answer_edit", args=[world.question.pk]) in message.body


def test_answer_returned_mails_its_author_with_the_reason(world, django_capture_on_commit_callbacks):
    answer = _submit(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_answer(answer, "send_back", by=world.lead_head, comment="Bitte Zahlen für 2025.")
    assert [m.to for m in mail.outbox] == [[world.lead_staff.email]]
    assert "Bitte Zahlen für 2025." in mail.outbox[0].body


def test_reply_ready_mails_the_signatories(reply_world, django_capture_on_commit_callbacks):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_reply_ready(reply, by=reply_world.office)
    assert [m.to for m in mail.outbox] == [[reply_world.mayor.email]]
    assert site_url() + reverse("responses:reply_compose", args=[reply.pk]) in mail.outbox[0].body


def test_contribution_requested_mails_that_department(
    world, django_capture_on_commit_callbacks, council_office
):
    world.question.participating_departments.clear()
    finance = DepartmentFactory(code="FB20x", email="fb20@example.org")
    person = user_with_role(roles.DEPARTMENT_STAFF, username="finance")
    finance.staff.add(person)
    assignment = inquiry_services.Assignment(world.question, world.lead, [finance], world.question.due_on)
    with django_capture_on_commit_callbacks(execute=True):
        inquiry_services.assign_questions(world.inquiry, assignments=[assignment], by=council_office)
    assert sorted(address for m in mail.outbox for address in m.to) == ["fb20@example.org", person.email]


def test_daily_preference_keeps_it_for_the_bundle(world, django_capture_on_commit_callbacks):
    Profile.objects.create(user=world.lead_head, email_frequency=Profile.EmailFrequency.DAILY)
    _submit(world, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notice.objects.filter(recipient=world.lead_head, sent_at__isnull=True).count() == 1


def test_daily_bundle_goes_once(world, django_capture_on_commit_callbacks):
    Profile.objects.create(user=world.lead_head, email_frequency=Profile.EmailFrequency.DAILY)
    answer = _submit(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_answer(answer, "send_back", by=world.lead_head, comment="Nochmal")
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_answer(answer, "submit", by=world.lead_staff)
    mail.outbox.clear()
    call_command("send_reminders", stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [[world.lead_head.email]]
    body = mail.outbox[0].body
    assert body.count(reverse("responses:answer_edit", args=[world.question.pk])) == 2
    call_command("send_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # nothing twice


def test_no_email_preference_sends_nothing(world, django_capture_on_commit_callbacks):
    Profile.objects.create(user=world.lead_head, email_frequency=Profile.EmailFrequency.NEVER)
    _submit(world, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not Notice.objects.exists()


def test_deputy_is_told_too(world, django_capture_on_commit_callbacks):
    deputy = user_with_role(roles.DEPARTMENT_STAFF, username="deputy")
    today = timezone.localdate()
    Deputy.objects.create(absent=world.lead_head, deputy=deputy, starts_on=today, ends_on=today)
    _submit(world, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.lead_head.email, deputy.email])


def test_rolled_back_step_mails_nobody(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _submit_without_commit = AnswerFactory(question=world.question, author=world.lead_staff, text="")
        with pytest.raises(services.AnswerError):
            services.transition_answer(_submit_without_commit, "submit", by=world.lead_staff)
    assert callbacks == [] and mail.outbox == []


# --- The profile page ---------------------------------------------------------------------------


def test_profile_saves_the_email_preference(client, staff):
    client.force_login(staff)
    assert client.get(reverse("inquiries:profile")).status_code == 200
    response = client.post(reverse("inquiries:profile"), {"save_profile": "1", "email_frequency": "daily"})
    assert response.status_code == 302
    assert Profile.objects.get(user=staff).email_frequency == Profile.EmailFrequency.DAILY


def test_profile_names_and_removes_a_deputy(client, staff, department_head):
    today = timezone.localdate()
    client.force_login(department_head)
    response = client.post(
        reverse("inquiries:profile"),
        {
            "add_deputy": "1",
            "deputy": staff.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    row = Deputy.objects.get(absent=department_head)
    assert row.deputy == staff and row.history.first().history_user == department_head
    # someone else cannot end it
    client.force_login(staff)
    assert client.post(reverse("inquiries:deputy_end", args=[row.pk])).status_code == 404
    client.force_login(department_head)
    assert client.get(reverse("inquiries:deputy_end", args=[row.pk])).status_code == 405
    assert client.post(reverse("inquiries:deputy_end", args=[row.pk])).status_code == 302
    assert not Deputy.objects.exists()


def test_deputy_period_must_not_end_before_it_starts(client, staff, department_head):
    today = timezone.localdate()
    client.force_login(department_head)
    response = client.post(
        reverse("inquiries:profile"),
        {
            "add_deputy": "1",
            "deputy": staff.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400 and not Deputy.objects.exists()


def test_deputy_must_be_of_the_administration(client, chair, department_head):
    client.force_login(department_head)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("inquiries:profile"),
        {"add_deputy": "1", "deputy": chair.pk, "starts_on": today, "ends_on": today},
    )
    assert response.status_code == 400 and not Deputy.objects.exists()


def test_profile_needs_sign_in(client):
    assert client.get(reverse("inquiries:profile")).status_code == 302
    assert client.post(reverse("inquiries:deputy_end", args=[1])).status_code == 302


# --- Signing as a deputy ------------------------------------------------------------------------


def test_deputy_signs_for_the_absent_signatory_and_the_history_says_so(reply_world, demo_signing, client):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    services.mark_reply_ready(reply, by=reply_world.office)
    deputy = user_with_role(
        roles.DEPARTMENT_STAFF, username="beigeordnete", first_name="Petra", last_name="Klein"
    )
    today = timezone.localdate()
    client.force_login(deputy)
    assert client.post(reverse("responses:reply_sign", args=[reply.pk])).status_code == 403
    Deputy.objects.create(absent=reply_world.mayor, deputy=deputy, starts_on=today, ends_on=today)
    reply_world.mayor.first_name, reply_world.mayor.last_name = "Christoph", "Becker"
    reply_world.mayor.save()
    response = client.post(reverse("responses:reply_sign", args=[reply.pk]))
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.status == Reply.Status.SIGNED and reply.signed_by == deputy
    event = reply.inquiry.events.get(kind="reply_signed")
    assert event.data["deputy_of"] == reply_world.mayor.pk
    timeline = [entry.detail for entry in services.inquiry_timeline(reply.inquiry, user=reply_world.office)]
    assert "signed by Petra Klein as deputy of Christoph Becker" in timeline
    # the signature carries it too
    from pypdf import PdfReader

    with reply.signed_pdf.open("rb") as handle:
        fields = PdfReader(handle).get_fields()
    reasons = [str(f.value.get("/Reason", "")) for f in fields.values() if f.get("/FT") == "/Sig"]
    assert any("as deputy of Christoph Becker" in reason for reason in reasons)
