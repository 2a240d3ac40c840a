"""Rules of procedure in the product: registration, referral, the iCal feed and the admin
(live example, export, import) use the one engine; the old settings move into the data."""

import json
from datetime import date, datetime, time, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from inquiries import roles, services
from inquiries.deadlines import DeadlineRules
from inquiries.deadlines.command import compute_from_json
from inquiries.models import Event, Inquiry, Municipality, RulesOfProcedure
from inquiries.rules_of_procedure import export_rules, import_rules, load_example_rules
from tests.factories import (
    CommitteeFactory,
    InquiryFactory,
    MeetingFactory,
    MunicipalityFactory,
    QuestionFactory,
    RulesOfProcedureFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

STUTTGART = {
    "period": {"count": 3, "unit": "weeks"},
    "extended_period": {"count": 6, "unit": "weeks"},
    "interim_reply_within": {"count": 3, "unit": "weeks"},
}


def _meeting_on(committee, day: date, hour: int = 17):
    return MeetingFactory(
        committee=committee, starts_at=timezone.make_aware(datetime.combine(day, time(hour)))
    )


@pytest.fixture
def council_office():
    return user_with_role(roles.COUNCIL_OFFICE, username="office")


@pytest.fixture
def stuttgart():
    rules = RulesOfProcedureFactory(name="Stuttgart", rules=STUTTGART)
    return MunicipalityFactory(state="BW", rules_of_procedure=rules)


@pytest.fixture
def committee(stuttgart):
    return CommitteeFactory(municipality=stuttgart, name="Gemeinderat", kind="council")


def _submitted(committee, **kwargs) -> Inquiry:
    inquiry = InquiryFactory(
        status=Inquiry.Status.SUBMITTED,
        reference=None,
        reference_number=None,
        received_on=None,
        due_on=None,
        committee=committee,
        **kwargs,
    )
    QuestionFactory(inquiry=inquiry, number="1")
    return inquiry


# --- Registration --------------------------------------------------------------------------------


def test_registration_gives_what_the_command_gives(council_office, committee):
    inquiry = _submitted(committee)
    inquiry = services.register_inquiry(
        inquiry,
        received_on=date(2026, 3, 2),
        classification="fundamental",
        classification_reason="betrifft drei Referate",
        by=council_office,
        notify=False,
    )
    command = compute_from_json(
        {"state": "BW", "received_at": "2026-03-02", "classification": "fundamental", "rules": STUTTGART}
    )
    assert inquiry.due_on.isoformat() == command["due_on"] == "2026-04-13"
    assert inquiry.interim_reply_due_on.isoformat() == command["interim_reply_due_on"] == "2026-03-23"
    assert inquiry.questions.get().due_on.isoformat() == command["internal_due_on"] == "2026-04-08"
    assert (inquiry.classification, inquiry.classification_reason) == (
        "fundamental",
        "betrifft drei Referate",
    )
    event = inquiry.events.get(kind=Event.Kind.REGISTERED)
    assert event.data["classification_reason"] == "betrifft drei Referate"


def test_registration_form_asks_why_a_matter_is_fundamental(client, council_office, committee):
    inquiry = _submitted(committee)
    client.force_login(council_office)
    url = reverse("inquiries:register", args=[inquiry.pk])
    today = timezone.localdate().isoformat()
    response = client.post(url, {"received_on": today, "classification": "fundamental", "register": ""})
    assert response.status_code == 400 and "Say why the matter is fundamental." in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.SUBMITTED and inquiry.due_on is None
    response = client.post(
        url,
        {
            "received_on": today,
            "classification": "fundamental",
            "classification_reason": "Umfang",
            "register": "",
        },
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    received = timezone.localdate()
    assert inquiry.classification == "fundamental" and inquiry.due_on >= received + timedelta(weeks=6)


def test_registration_recomputes_for_the_classification_chosen(client, council_office, committee):
    inquiry = _submitted(committee)
    client.force_login(council_office)
    url = reverse("inquiries:register", args=[inquiry.pk])
    normal = client.get(url, {"received_on": "2026-03-02"}).context["computed"]
    fundamental = client.get(url, {"received_on": "2026-03-02", "classification": "fundamental"}).context[
        "computed"
    ]
    assert (normal.due_on, fundamental.due_on) == (date(2026, 3, 23), date(2026, 4, 13))
    assert fundamental.interim_reply_due_on == date(2026, 3, 23)


def test_the_time_received_counts_where_the_rules_have_a_cut_off(council_office):
    rules = RulesOfProcedureFactory(
        rules={
            "default_deadline": "next_meeting",
            "submission_period": {"weekday": "monday", "cutoff": "12:00"},
        }
    )
    committee = CommitteeFactory(municipality=MunicipalityFactory(state="BY", rules_of_procedure=rules))
    _meeting_on(committee, date(2026, 3, 24))
    later = _meeting_on(committee, date(2026, 4, 14))
    late = services.register_inquiry(
        _submitted(committee),
        received_on=date(2026, 3, 23),
        received_time=time(12, 30),
        by=council_office,
        notify=False,
    )
    assert (late.due_on, late.deadline_meeting, late.received_time) == (
        date(2026, 4, 14),
        later,
        time(12, 30),
    )
    early = services.register_inquiry(
        _submitted(committee),
        received_on=date(2026, 3, 23),
        received_time=time(11, 30),
        by=council_office,
        notify=False,
    )
    assert early.due_on == date(2026, 3, 24)


def test_a_committees_own_rules_apply_to_its_inquiries(council_office, stuttgart):
    own = RulesOfProcedureFactory(name="Ausschuss", rules={"period": {"count": 2, "unit": "weeks"}})
    committee = CommitteeFactory(municipality=stuttgart, rules_of_procedure=own)
    inquiry = services.register_inquiry(
        _submitted(committee), received_on=date(2026, 3, 2), by=council_office, notify=False
    )
    assert inquiry.due_on == date(2026, 3, 16)
    assert inquiry.interim_reply_due_on is None  # the municipality's interim rule: not needed within 2 weeks


# --- Referral to the next meeting ----------------------------------------------------------------


@pytest.fixture
def referred_world(council_office):
    rules = RulesOfProcedureFactory(
        name="Waldbröl", rules={"default_deadline": "next_meeting", "if_not_answerable": "next_meeting"}
    )
    committee = CommitteeFactory(municipality=MunicipalityFactory(rules_of_procedure=rules), name="Rat")
    today = timezone.localdate()
    held = _meeting_on(committee, today - timedelta(days=1))
    following = _meeting_on(committee, today + timedelta(days=27))
    inquiry = InquiryFactory(
        status=Inquiry.Status.REGISTERED,
        committee=committee,
        received_on=today - timedelta(days=20),
        due_on=held.starts_at.date(),
        deadline_meeting=held,
    )
    question = QuestionFactory(inquiry=inquiry, due_on=today - timedelta(days=3))
    return inquiry, question, held, following


def test_refer_moves_the_deadline_to_the_next_meeting(client, council_office, referred_world):
    inquiry, question, held, following = referred_world
    client.force_login(council_office)
    detail = client.get(inquiry.get_absolute_url())
    assert reverse("inquiries:refer", args=[inquiry.pk]) in detail.content.decode()
    response = client.post(reverse("inquiries:refer", args=[inquiry.pk]), {"meeting": held.pk})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    question.refresh_from_db()
    assert inquiry.due_on == following.starts_at.date() and inquiry.deadline_meeting == following
    assert question.due_on == services.internal_due_on(inquiry.due_on, rules=services.deadline_rules())
    event = inquiry.events.get(kind=Event.Kind.DEADLINE_CHANGED)
    assert event.actor == council_office and event.data["referred_at"] == held.starts_at.date().isoformat()


def test_refer_get_is_not_allowed(client, council_office, referred_world):
    client.force_login(council_office)
    assert client.get(reverse("inquiries:refer", args=[referred_world[0].pk])).status_code == 405


def test_refer_anonymous_is_sent_to_sign_in(client, referred_world):
    inquiry, _, held, _ = referred_world
    response = client.post(reverse("inquiries:refer", args=[inquiry.pk]), {"meeting": held.pk})
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))
    inquiry.refresh_from_db()
    assert inquiry.due_on == held.starts_at.date()


def test_refer_by_department_staff_is_forbidden_and_changes_nothing(client, referred_world):
    inquiry, question, held, _ = referred_world
    client.force_login(user_with_role(roles.DEPARTMENT_STAFF, username="staff"))
    response = client.post(reverse("inquiries:refer", args=[inquiry.pk]), {"meeting": held.pk})
    assert response.status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.due_on == held.starts_at.date() and not inquiry.events.exists()


def test_refer_without_a_following_meeting_is_refused_and_writes_nothing(
    client, council_office, referred_world
):
    inquiry, question, held, following = referred_world
    following.delete()
    client.force_login(council_office)
    response = client.post(reverse("inquiries:refer", args=[inquiry.pk]), {"meeting": held.pk}, follow=True)
    assert "none is planned yet: the council office sets the deadline" in response.content.decode()
    inquiry.refresh_from_db()
    question.refresh_from_db()
    assert inquiry.due_on == held.starts_at.date() and not inquiry.events.exists()
    assert question.due_on == timezone.localdate() - timedelta(days=3)


def test_refer_to_a_meeting_of_another_committee_is_refused(client, council_office, referred_world):
    inquiry, _, held, _ = referred_world
    other = _meeting_on(CommitteeFactory(), timezone.localdate() - timedelta(days=2))
    client.force_login(council_office)
    client.post(reverse("inquiries:refer", args=[inquiry.pk]), {"meeting": other.pk})
    inquiry.refresh_from_db()
    assert inquiry.due_on == held.starts_at.date() and not inquiry.events.exists()


# --- The iCal feed -----------------------------------------------------------------------------


def test_ical_shows_the_interim_reply_until_one_is_sent(client, council_office, committee):
    inquiry = services.register_inquiry(
        _submitted(committee),
        received_on=timezone.localdate(),
        classification="fundamental",
        classification_reason="x",
        by=council_office,
        notify=False,
    )
    client.force_login(council_office)
    feed = client.get(reverse("inquiries:deadlines_ical")).content.decode()
    assert f"UID:inquiry-{inquiry.pk}-interim-reply@" in feed
    assert f"DTSTART;VALUE=DATE:{inquiry.interim_reply_due_on:%Y%m%d}" in feed
    inquiry.expected_on = inquiry.due_on + timedelta(days=14)
    inquiry.save()
    feed = client.get(reverse("inquiries:deadlines_ical")).content.decode()
    assert "interim-reply" not in feed and f"UID:inquiry-{inquiry.pk}-deadline@" in feed


# --- The admin ---------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_admin_shows_the_rules_with_a_live_example(admin_client, stuttgart):
    url = reverse("admin:inquiries_rulesofprocedure_change", args=[stuttgart.rules_of_procedure.pk])
    page = admin_client.get(url).content.decode()
    expected = compute_from_json(
        {"state": "BW", "received_at": timezone.localdate().isoformat(), "rules": STUTTGART}
    )["due_on"]
    assert date.fromisoformat(expected).strftime("%d.%m.%Y") in page
    assert (
        "rules-example" in page
        and reverse("admin:inquiries_rulesofprocedure_export", args=[stuttgart.rules_of_procedure.pk]) in page
    )


def test_the_live_example_follows_the_rules_being_edited(admin_client, stuttgart):
    url = reverse("admin:inquiries_rulesofprocedure_example")
    edited = json.dumps({"period": {"count": 2, "unit": "weeks"}})
    response = admin_client.post(url, {"rules": edited, "state": "BW", "received_on": "2026-03-02"})
    assert response.status_code == 200 and "16.03.2026" in response.json()["html"]
    broken = admin_client.post(
        url, {"rules": '{"period": {"count": 2, "unit": "weekz"}}', "received_on": "2026-03-02"}
    )
    assert "period.unit" in broken.json()["html"]
    not_json = admin_client.post(url, {"rules": '{"period": ', "received_on": "2026-03-02"})
    assert "JSON" in not_json.json()["html"]
    assert admin_client.get(url).status_code == 405
    assert RulesOfProcedure.objects.get().rules == STUTTGART  # computing writes nothing


def test_the_live_example_is_for_staff_only(client, stuttgart):
    url = reverse("admin:inquiries_rulesofprocedure_example")
    client.force_login(UserFactory(username="plain"))
    assert client.post(url, {"rules": "{}"}).status_code == 302  # to the admin's sign-in


def test_admin_rejects_rules_with_a_bad_key_and_keeps_the_old(admin_client, stuttgart):
    obj = stuttgart.rules_of_procedure
    url = reverse("admin:inquiries_rulesofprocedure_change", args=[obj.pk])
    response = admin_client.post(
        url, {"name": obj.name, "rules": '{"period": {"count": 3, "unit": "weekz"}}'}
    )
    assert response.status_code == 200 and "period.unit" in response.content.decode()
    obj.refresh_from_db()
    assert obj.rules == STUTTGART


def test_export_and_import_give_back_the_same_rules(admin_client, stuttgart):
    obj = stuttgart.rules_of_procedure
    response = admin_client.get(reverse("admin:inquiries_rulesofprocedure_export", args=[obj.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="stuttgart.json"'
    exported = json.loads(response.content)
    assert exported["rules"]["extended_period"] == {"count": 6, "unit": "weeks"}
    exported["name"] = "Stuttgart (Kopie)"
    response = admin_client.post(
        reverse("admin:inquiries_rulesofprocedure_import"), {"text": json.dumps(exported), "name": ""}
    )
    copy = RulesOfProcedure.objects.get(name="Stuttgart (Kopie)")
    assert response.status_code == 302
    assert copy.rules == exported["rules"] and DeadlineRules.from_json(
        copy.rules, state="BW"
    ) == DeadlineRules.from_json(obj.rules, state="BW")


def test_import_of_bad_rules_writes_nothing(admin_client, stuttgart):
    url = reverse("admin:inquiries_rulesofprocedure_import")
    response = admin_client.post(url, {"text": '{"period": {"count": 3}}', "name": "Kaputt"})
    assert response.status_code == 400 and "period" in response.content.decode()
    response = admin_client.post(url, {"text": "nicht json", "name": "Kaputt"})
    assert response.status_code == 400
    assert not RulesOfProcedure.objects.filter(name="Kaputt").exists()


def test_import_needs_add_and_change_permission(client, stuttgart):
    client.force_login(UserFactory(username="viewer", is_staff=True))
    response = client.post(reverse("admin:inquiries_rulesofprocedure_import"), {"text": "{}", "name": "X"})
    assert response.status_code == 403 and not RulesOfProcedure.objects.filter(name="X").exists()


def test_import_by_name_updates_the_set():
    obj = import_rules({"period": {"count": 2, "unit": "weeks"}}, name="Erfurt")
    import_rules({"period": {"count": 3, "unit": "weeks"}}, name="Erfurt")
    obj.refresh_from_db()
    assert obj.rules == {"period": {"count": 3, "unit": "weeks"}} and RulesOfProcedure.objects.count() == 1


def test_the_shipped_examples_load_and_export(admin_client):
    loaded = load_example_rules()
    assert {"bornheim-demo", "bayerischer-landtag", "stuttgart"} <= set(loaded)
    for obj in loaded.values():
        assert export_rules(obj)["rules"]  # every key written out
    page = admin_client.get(reverse("admin:inquiries_rulesofprocedure_changelist")).content.decode()
    assert "Bayerischer Landtag" in page and "Landeshauptstadt Stuttgart" in page


# --- The old settings become data --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_municipalitys_old_settings_move_into_rules_of_procedure():
    executor = MigrationExecutor(connection)
    before = [("inquiries", "0008_add_rules_of_procedure")]
    after = [("inquiries", "0009_move_deadline_settings_to_rules_of_procedure")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    old = apps.get_model("inquiries", "Municipality")
    changed = old.objects.create(
        name="Stadt Bonn",
        submission_period_days=5,
        submission_period_working_days=True,
        review_working_days=4,
    )
    unchanged = old.objects.create(name="Stadt Default")
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    new = apps.get_model("inquiries", "Municipality")
    rules = new.objects.get(pk=changed.pk).rules_of_procedure.rules
    assert rules["submission_period"] == {"count": 5, "unit": "working_days"}
    assert rules["internal_review_working_days"] == 4
    assert new.objects.get(pk=unchanged.pk).rules_of_procedure is None
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Municipality.objects.get(pk=changed.pk).deadline_rules().internal_review_working_days == 4
