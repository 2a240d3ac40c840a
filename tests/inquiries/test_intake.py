"""Intake: writing and submitting, importing letters, registering with deadlines, withdrawing,
follow-ups. The seed letter goes through the import view as pasted text, .txt, .docx and PDF."""

import io
import re
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inquiries import roles, services
from inquiries.models import Event, Inquiry, Question
from responses.models import Reply
from tests.factories import (
    CommitteeFactory,
    InquiryFactory,
    MeetingFactory,
    MunicipalityFactory,
    QuestionFactory,
    ReplyFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

SEED = settings.BASE_DIR / "inquiries" / "demo" / "grosse-anfrage-kim.txt"


def _meeting_on(committee, day: date):
    return MeetingFactory(
        committee=committee, starts_at=timezone.make_aware(datetime.combine(day, clock(17)))
    )


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(email="ratsbuero@example.org")


@pytest.fixture
def committee(municipality, chair):
    committee = CommitteeFactory(municipality=municipality, name="Integrationsausschuss", chair=chair)
    return committee


@pytest.fixture
def today():
    return timezone.localdate()


# --- helpers --------------------------------------------------------------------------------


def _form_data(response) -> dict:
    """POST data that submits the write form exactly as rendered (what a reviewer who changes
    nothing sends)."""
    form, formset = response.context["form"], response.context["formset"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "is_public":
            if value:
                data[name] = "on"
            continue
        if value is None:
            value = ""
        data[name] = value.isoformat() if isinstance(value, date) else value
    rows = [f.initial for f in formset.forms]
    data.update(_rows(rows))
    if response.context.get("letter_token"):
        data["letter"] = response.context["letter_token"]
    return data


def _rows(rows: list[dict]) -> dict:
    data = {
        "q-TOTAL_FORMS": str(len(rows)),
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "200",
    }
    for i, row in enumerate(rows):
        data[f"q-{i}-number"] = row.get("number", "")
        data[f"q-{i}-text"] = row.get("text", "")
        data[f"q-{i}-level"] = row.get("level", "0")
        data[f"q-{i}-answer"] = row.get("answer", "")
        data[f"q-{i}-doubt"] = row.get("doubt", "")
    return data


def _tree(inquiry: Inquiry) -> list[tuple[str, list[str]]]:
    questions = services.question_tree(list(Question.objects.filter(inquiry=inquiry)))
    return [(q.number, [c.number for c in q.children]) for q in questions]


SEED_TREE = [("1", ["a", "b"]), *[(str(n), []) for n in range(2, 10)]]


def _docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(lines: list[str]) -> bytes:
    from django.utils.html import escape
    from weasyprint import HTML

    body = "".join(f"<p>{escape(line) or '&nbsp;'}</p>" for line in lines)
    return HTML(string=f"<html lang='de'><body>{body}</body></html>").write_pdf()


def _seed_upload(kind: str):
    text = SEED.read_text()
    lines = text.splitlines()
    if kind == "paste":
        return {"text": text}
    if kind == "txt":
        return {"file": SimpleUploadedFile("anfrage.txt", text.encode(), content_type="text/plain")}
    if kind == "docx":
        return {"file": SimpleUploadedFile("anfrage.docx", _docx(lines))}
    return {"file": SimpleUploadedFile("anfrage.pdf", _pdf(lines), content_type="application/pdf")}


def _media_files() -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- the seed letter through the import view --------------------------------------------------


@pytest.mark.parametrize("kind", ["paste", "txt", "docx", "pdf"])
def test_seed_letter_imports_reviews_and_registers_with_the_next_meeting_deadline(
    client, council_office, committee, chair, today, kind, django_capture_on_commit_callbacks
):
    too_soon = _meeting_on(committee, today + timedelta(days=6))
    meeting = _meeting_on(committee, today + timedelta(days=20))
    client.force_login(council_office)

    response = client.post(reverse("inquiries:import"), _seed_upload(kind))
    assert response.status_code == 200, response.context["form"].errors
    rows = [(f.initial["number"], f.initial["level"]) for f in response.context["formset"].forms]
    assert rows == [("1", "0"), ("a", "1"), ("b", "1"), *[(str(n), "0") for n in range(2, 10)]]
    form = response.context["form"]
    assert form.initial["kind"] == Inquiry.Kind.GROSSE_ANFRAGE
    assert form.initial["committee"] == committee.pk  # named in the sender's role
    assert form.initial["deadline_text"] == "bis zur nächsten Sitzung"
    assert Inquiry.objects.count() == 0  # nothing saved before the review

    data = _form_data(response)
    data["action"] = "receive"
    response = client.post(reverse("inquiries:create"), data)
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("inquiries:register", args=[inquiry.pk])
    assert inquiry.status == Inquiry.Status.SUBMITTED
    assert inquiry.subject == "Kommunales Integrationsmanagement"
    assert inquiry.sender_name == "Dilara Görgen"
    assert _tree(inquiry) == SEED_TREE
    assert "Förderskizze" in inquiry.source_text
    if kind == "paste":
        assert not inquiry.source_file
    else:
        assert inquiry.source_name == f"anfrage.{kind}"
        assert inquiry.source_file.name.startswith("letters/")
        # the stash is cleared: only the kept original remains
        assert [p.name for p in _media_files()] == [inquiry.source_file.name.rsplit("/", 1)[1]]

    response = client.get(reverse("inquiries:register", args=[inquiry.pk]))
    assert response.context["computed"].due_on == meeting.starts_at.date()
    assert "Integrationsausschuss" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("inquiries:register", args=[inquiry.pk]),
            {
                "received_on": today.isoformat(),
                "due_on": meeting.starts_at.date().isoformat(),
                "register": "",
            },
        )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.REGISTERED
    assert inquiry.reference == f"AN/{today.year}/0001"
    assert inquiry.due_on == meeting.starts_at.date() != too_soon.starts_at.date()
    assert inquiry.deadline_kind == Inquiry.DeadlineKind.NEXT_MEETING
    assert inquiry.deadline_meeting == meeting
    assert "too late" in inquiry.deadline_reason
    assert Question.objects.filter(inquiry=inquiry, due_on__isnull=True).count() == 0
    # entered by the council office for a letter: the committee's chair hears of it
    assert [m.to for m in mail.outbox] == [[chair.email]]
    assert (
        inquiry.reference in mail.outbox[0].body
        and inquiry.due_on.strftime("%d.%m.%Y") in mail.outbox[0].body
    )


def test_chair_imports_a_letter_as_own_draft(client, chair, committee):
    client.force_login(chair)
    response = client.post(reverse("inquiries:import"), _seed_upload("txt"))
    data = _form_data(response)
    assert "sender_email" not in data  # the chair's address is their account's
    data["action"] = "preview"
    response = client.post(reverse("inquiries:create"), data)
    inquiry = Inquiry.objects.get()
    assert response.url == inquiry.get_absolute_url()
    assert inquiry.status == Inquiry.Status.DRAFT and inquiry.submitted_by == chair
    assert inquiry.committee == committee
    assert _tree(inquiry) == SEED_TREE
    # "receive" is the council office's: a chair's letter stays a draft
    assert not Event.objects.exists()


def test_stashed_upload_cannot_be_used_by_someone_else_or_forged(client, chair, committee, council_office):
    client.force_login(chair)
    response = client.post(reverse("inquiries:import"), _seed_upload("txt"))
    data = _form_data(response)
    data["action"] = "save"
    client.force_login(council_office)
    response = client.post(reverse("inquiries:create"), data)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    data["letter"] = data["letter"].replace(":", "x", 1)
    client.force_login(chair)
    assert client.post(reverse("inquiries:create"), data).status_code == 400
    assert Inquiry.objects.count() == 0


# --- malformed input creates nothing --------------------------------------------------------


def _exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 64


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"text": "   "}, "Paste the letter"),
        ({"text": "Lorem ipsum dolor sit amet"}, "No questions were found"),
        ({"text": "\x01\x02\x03 %%% ### 1234 5678 &&&& ****"}, None),
        ({"file": SimpleUploadedFile("a.txt", b"")}, None),
        ({"file": SimpleUploadedFile("anfrage.pdf", _exe())}, "PDF"),
        ({"file": SimpleUploadedFile("programm.exe", _exe())}, None),
        ({"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n1 0 obj garbage")}, "PDF"),
        ({"file": SimpleUploadedFile("a.docx", b"PK\x03\x04 not really a zip")}, "Word"),
        ({"file": SimpleUploadedFile("big.txt", b"a" * (10 * 1024 * 1024 + 1))}, "10 MB"),
    ],
    ids=[
        "empty",
        "no-questions",
        "garbage",
        "empty-file",
        "exe-as-pdf",
        "exe",
        "broken-pdf",
        "broken-docx",
        "too-big",
    ],
)
def test_malformed_letters_get_one_clear_error_and_create_nothing(client, council_office, payload, message):
    client.force_login(council_office)
    response = client.post(reverse("inquiries:import"), payload)
    assert response.status_code == 400
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    if message:
        assert message in errors[0]
    assert Inquiry.objects.count() == 0 and Question.objects.count() == 0
    assert _media_files() == []


def test_both_text_and_file_is_refused(client, chair):
    client.force_login(chair)
    payload = {"text": SEED.read_text(), **_seed_upload("txt")}
    assert client.post(reverse("inquiries:import"), payload).status_code == 400


# --- writing, previewing, submitting --------------------------------------------------------


def _new_inquiry_data(committee, rows=None, **fields) -> dict:
    data = {
        "kind": Inquiry.Kind.ANFRAGE,
        "subject": "Radwege",
        "committee": committee.pk,
        "sender_name": "Dilara Görgen",
        "deadline_text": "bis zur nächsten Sitzung",
        "is_public": "on",
        "action": "save",
        **fields,
    }
    rows = rows or [
        {"number": "1", "text": "Wie viele Radwege gibt es?"},
        {"number": "", "text": "Davon innerorts?", "level": "1"},
        {"number": "", "text": "Wie viele sind geplant?"},
    ]
    return {**data, **_rows(rows)}


def test_chair_writes_previews_and_submits(
    client, chair, committee, municipality, django_capture_on_commit_callbacks
):
    client.force_login(chair)
    assert client.get(reverse("inquiries:create")).status_code == 200
    response = client.post(reverse("inquiries:create"), _new_inquiry_data(committee, action="preview"))
    inquiry = Inquiry.objects.get()
    assert response.url == inquiry.get_absolute_url()
    assert _tree(inquiry) == [("1", ["a"]), ("2", [])]  # missing numbers filled in
    assert inquiry.status == Inquiry.Status.DRAFT

    preview = client.get(inquiry.get_absolute_url()).content.decode()
    assert "Preview" in preview and "Davon innerorts?" in preview
    assert reverse("inquiries:submit", args=[inquiry.pk]) in preview

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("inquiries:submit", args=[inquiry.pk]))
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.SUBMITTED
    assert inquiry.submitted_on == timezone.localdate()
    assert list(inquiry.events.values_list("kind", flat=True)) == [Event.Kind.SUBMITTED]
    assert [m.to for m in mail.outbox] == [["ratsbuero@example.org"]]
    # the sender follows it, but can no longer change it
    mine = client.get(reverse("inquiries:mine")).content.decode()
    assert "Radwege" in mine and "Submitted" in mine
    assert client.get(reverse("inquiries:edit", args=[inquiry.pk])).status_code == 403
    assert (
        client.post(reverse("inquiries:edit", args=[inquiry.pk]), _new_inquiry_data(committee)).status_code
        == 403
    )
    assert client.post(reverse("inquiries:submit", args=[inquiry.pk])).status_code == 403
    assert client.post(reverse("inquiries:delete", args=[inquiry.pk])).status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.subject == "Radwege"


def test_draft_edit_replaces_questions(client, chair, committee):
    client.force_login(chair)
    client.post(reverse("inquiries:create"), _new_inquiry_data(committee))
    inquiry = Inquiry.objects.get()
    response = client.get(reverse("inquiries:edit", args=[inquiry.pk]))
    assert [f.initial["text"] for f in response.context["formset"].forms][1] == "Davon innerorts?"
    data = _new_inquiry_data(committee, rows=[{"number": "I", "text": "Nur noch eine Frage?"}], subject="Neu")
    assert client.post(reverse("inquiries:edit", args=[inquiry.pk]), data).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.subject == "Neu" and _tree(inquiry) == [("I", [])]


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("add", ["A", "A1", "B", ""]),
        ("add_sub:0", ["A", "A1", "", "B"]),
        ("remove:1", ["A", "B"]),
        ("up:2", ["A", "B", "A1"]),
        ("down:0", ["A1", "A", "B"]),
    ],
)
def test_row_buttons_rearrange_questions_without_javascript_and_keep_the_data(
    client, chair, committee, action, expected
):
    client.force_login(chair)
    rows = [{"text": "A"}, {"text": "A1", "level": "1"}, {"text": "B"}]
    data = _new_inquiry_data(committee, rows=rows, action=action, subject="Behalten")
    response = client.post(reverse("inquiries:create"), data)
    assert response.status_code == 200
    assert [f.initial["text"] for f in response.context["formset"].forms] == expected
    assert response.context["form"].initial["subject"] == "Behalten"
    assert Inquiry.objects.count() == 0


def test_invalid_rows_show_errors_and_save_nothing(client, chair, committee):
    client.force_login(chair)
    data = _new_inquiry_data(
        committee,
        rows=[
            {"text": "Unterfrage zuerst?", "level": "1"},
            {"number": "2", "text": "B"},
            {"number": "2", "text": "C"},
        ],
    )
    response = client.post(reverse("inquiries:create"), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "A sub-question needs a question above it." in content
    assert "This number appears twice." in content
    assert Inquiry.objects.count() == 0


def test_chair_can_only_write_for_own_committees(client, chair, committee, municipality):
    other = CommitteeFactory(municipality=municipality, name="Bauausschuss")
    client.force_login(chair)
    response = client.post(reverse("inquiries:create"), _new_inquiry_data(other))
    assert response.status_code == 400 and Inquiry.objects.count() == 0
    member = user_with_role(roles.COMMITTEE_CHAIR, username="fraktion")
    other.members.add(member)
    client.force_login(member)
    assert client.post(reverse("inquiries:create"), _new_inquiry_data(other)).status_code == 302


def test_others_drafts_are_404(client, chair, committee):
    draft = InquiryFactory(
        status=Inquiry.Status.DRAFT, submitted_by=chair, reference=None, reference_number=None
    )
    other = user_with_role(roles.COMMITTEE_CHAIR, username="andere")
    client.force_login(other)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("inquiries:edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("inquiries:submit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("inquiries:delete", args=[draft.pk])).status_code == 404
    assert draft.__class__.objects.filter(pk=draft.pk, status=Inquiry.Status.DRAFT).exists()


def test_chair_deletes_own_draft(client, chair):
    draft = InquiryFactory(
        status=Inquiry.Status.DRAFT, submitted_by=chair, reference=None, reference_number=None
    )
    client.force_login(chair)
    assert client.post(reverse("inquiries:delete", args=[draft.pk])).status_code == 302
    assert not Inquiry.objects.filter(pk=draft.pk).exists()


def test_submitting_without_questions_is_refused(client, chair):
    draft = InquiryFactory(
        status=Inquiry.Status.DRAFT, submitted_by=chair, reference=None, reference_number=None
    )
    client.force_login(chair)
    client.post(reverse("inquiries:submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Inquiry.Status.DRAFT


@pytest.mark.parametrize("role", [roles.DEPARTMENT_STAFF, roles.COUNCIL_MEMBER, roles.SIGNATORY])
def test_writing_and_importing_are_403_for_other_roles(client, role):
    client.force_login(user_with_role(role, username="x"))
    for name in ("create", "import", "mine"):
        assert client.get(reverse(f"inquiries:{name}")).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["create", "import", "mine", "edit", "submit", "delete", "withdraw", "follow_up", "register", "source"],
)
def test_anonymous_is_sent_to_login(client, name):
    args = [] if name in ("create", "import", "mine") else [InquiryFactory().pk]
    url = reverse(f"inquiries:{name}", args=args)
    response = client.get(url) if name in ("mine", "source") else client.post(url)  # read-only views
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["submit", "delete", "withdraw", "follow_up"])
def test_post_only_views_refuse_get(client, chair, name):
    inquiry = InquiryFactory(submitted_by=chair)
    client.force_login(chair)
    assert client.get(reverse(f"inquiries:{name}", args=[inquiry.pk])).status_code == 405


def test_posts_need_the_csrf_token(chair, council_office, committee):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(chair)
    assert csrf_client.post(reverse("inquiries:create"), _new_inquiry_data(committee)).status_code == 403
    draft = InquiryFactory(
        status=Inquiry.Status.DRAFT, submitted_by=chair, reference=None, reference_number=None
    )
    assert csrf_client.post(reverse("inquiries:submit", args=[draft.pk])).status_code == 403
    csrf_client.force_login(council_office)
    submitted = InquiryFactory(status=Inquiry.Status.SUBMITTED, reference=None, reference_number=None)
    response = csrf_client.post(reverse("inquiries:register", args=[submitted.pk]), {"register": ""})
    assert response.status_code == 403
    assert Inquiry.objects.filter(status=Inquiry.Status.SUBMITTED).count() == 1


# --- withdrawing ----------------------------------------------------------------------------


def test_sender_withdraws_until_the_reply_is_signed(
    client, chair, municipality, django_capture_on_commit_callbacks
):
    inquiry = InquiryFactory(submitted_by=chair, status=Inquiry.Status.IN_PROGRESS)
    client.force_login(chair)
    assert "Withdraw the inquiry" in client.get(inquiry.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("inquiries:withdraw", args=[inquiry.pk]), {"reason": "Hat sich erledigt."})
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.WITHDRAWN and inquiry.withdrawn_on == timezone.localdate()
    event = inquiry.events.get()
    assert event.kind == Event.Kind.WITHDRAWN and event.note == "Hat sich erledigt." and event.actor == chair
    assert [m.to for m in mail.outbox] == [["ratsbuero@example.org"]]


@pytest.mark.parametrize("reply_status", [Reply.Status.SIGNED, Reply.Status.SENT])
def test_withdrawing_is_refused_once_the_reply_is_signed(client, chair, reply_status):
    inquiry = InquiryFactory(submitted_by=chair, status=Inquiry.Status.IN_PROGRESS)
    ReplyFactory(
        inquiry=inquiry,
        status=reply_status,
        signed_at=timezone.now(),
        signed_pdf="replies/signed.pdf",
        signed_pdf_sha256="0" * 64,
    )
    client.force_login(chair)
    assert "Withdraw the inquiry" not in client.get(inquiry.get_absolute_url()).content.decode()
    client.post(reverse("inquiries:withdraw", args=[inquiry.pk]))
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.IN_PROGRESS and not inquiry.events.exists()
    with pytest.raises(services.InvalidTransition):
        services.withdraw_inquiry(inquiry, by=chair)


def test_draft_reply_does_not_stop_withdrawing(chair):
    inquiry = InquiryFactory(submitted_by=chair, status=Inquiry.Status.IN_PROGRESS)
    ReplyFactory(inquiry=inquiry, status=Reply.Status.READY)
    assert services.withdraw_inquiry(inquiry, by=chair).status == Inquiry.Status.WITHDRAWN


@pytest.mark.parametrize("status", [Inquiry.Status.ANSWERED, Inquiry.Status.WITHDRAWN])
def test_answered_or_withdrawn_cannot_be_withdrawn(client, chair, status):
    inquiry = InquiryFactory(submitted_by=chair, status=status)
    client.force_login(chair)
    assert client.post(reverse("inquiries:withdraw", args=[inquiry.pk])).status_code == 403


def test_someone_elses_inquiry_cannot_be_withdrawn(client, council_member):
    inquiry = InquiryFactory(status=Inquiry.Status.REGISTERED)
    client.force_login(council_member)
    assert client.post(reverse("inquiries:withdraw", args=[inquiry.pk])).status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.REGISTERED


# --- follow-ups -----------------------------------------------------------------------------


def test_follow_up_is_linked_both_ways(client, chair, committee):
    original = InquiryFactory(submitted_by=chair, committee=committee, status=Inquiry.Status.ANSWERED)
    client.force_login(chair)
    assert "Write a follow-up inquiry" in client.get(original.get_absolute_url()).content.decode()
    response = client.post(reverse("inquiries:follow_up", args=[original.pk]))
    follow_up = Inquiry.objects.get(follow_up_of=original)
    assert response.url == reverse("inquiries:edit", args=[follow_up.pk])
    assert follow_up.subject == f"Nachfrage zu „{original.reference}“"
    assert follow_up.status == Inquiry.Status.DRAFT and follow_up.committee == committee
    # write a question, submit: the original gets its FOLLOW_UP event and lists it
    data = _new_inquiry_data(committee, rows=[{"text": "Und 2023?"}], subject=follow_up.subject)
    client.post(reverse("inquiries:edit", args=[follow_up.pk]), data)
    client.post(reverse("inquiries:submit", args=[follow_up.pk]))
    assert original.events.get().kind == Event.Kind.FOLLOW_UP
    assert follow_up.get_absolute_url() in client.get(original.get_absolute_url()).content.decode()
    assert original.get_absolute_url() in client.get(follow_up.get_absolute_url()).content.decode()


def test_follow_up_for_the_council_office_but_not_for_others_or_unregistered(
    client, council_office, council_member, chair
):
    original = InquiryFactory(status=Inquiry.Status.REGISTERED)
    client.force_login(council_member)
    assert client.post(reverse("inquiries:follow_up", args=[original.pk])).status_code == 403
    client.force_login(chair)  # a chair, but not this inquiry's sender
    assert client.post(reverse("inquiries:follow_up", args=[original.pk])).status_code == 403
    client.force_login(council_office)
    assert client.post(reverse("inquiries:follow_up", args=[original.pk])).status_code == 302
    submitted = InquiryFactory(
        status=Inquiry.Status.SUBMITTED, submitted_by=chair, reference=None, reference_number=None
    )
    client.force_login(chair)
    assert client.post(reverse("inquiries:follow_up", args=[submitted.pk])).status_code == 403


# --- registration and deadlines -------------------------------------------------------------


def _submitted(committee, chair, **kwargs) -> Inquiry:
    inquiry = InquiryFactory(
        status=Inquiry.Status.SUBMITTED,
        reference=None,
        reference_number=None,
        received_on=None,
        due_on=None,
        committee=committee,
        submitted_by=chair,
        deadline_text=kwargs.pop("deadline_text", "bis zur nächsten Sitzung"),
        **kwargs,
    )
    QuestionFactory(inquiry=inquiry, number="1")
    return inquiry


def test_inbox_lists_submitted_inquiries_for_registration(client, council_office, committee, chair):
    inquiry = _submitted(committee, chair, subject="Wartet auf Registrierung")
    client.force_login(council_office)
    content = client.get(reverse("inquiries:inbox")).content.decode()
    assert "Wartet auf Registrierung" in content
    assert reverse("inquiries:register", args=[inquiry.pk]) in content


def test_register_on_the_last_day_gives_the_next_meeting(
    client, council_office, committee, chair, today, django_capture_on_commit_callbacks
):
    meeting = _meeting_on(committee, today + timedelta(days=7))
    inquiry = _submitted(committee, chair)
    client.force_login(council_office)
    response = client.get(reverse("inquiries:register", args=[inquiry.pk]))
    assert response.context["computed"].due_on == meeting.starts_at.date()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("inquiries:register", args=[inquiry.pk]),
            {"received_on": today.isoformat(), "register": ""},
        )
    inquiry.refresh_from_db()
    assert inquiry.due_on == today + timedelta(days=7)
    assert "Integrationsausschuss" in inquiry.deadline_reason and "7 days" in inquiry.deadline_reason
    assert [m.to for m in mail.outbox] == [[chair.email]]


def test_register_one_day_too_late_gives_the_meeting_after(council_office, committee, chair, today):
    _meeting_on(committee, today + timedelta(days=6))
    after = _meeting_on(committee, today + timedelta(days=34))
    inquiry = services.register_inquiry(_submitted(committee, chair), received_on=today, by=council_office)
    assert inquiry.due_on == after.starts_at.date() and inquiry.deadline_meeting_id == after.pk


def test_no_future_meeting_needs_the_council_office_to_set_the_deadline(
    client, council_office, committee, chair, today
):
    inquiry = _submitted(committee, chair)
    client.force_login(council_office)
    response = client.get(reverse("inquiries:register", args=[inquiry.pk]))
    assert response.context["computed"].needs_manual
    assert "No meeting is planned" in response.content.decode()
    url = reverse("inquiries:register", args=[inquiry.pk])
    response = client.post(url, {"received_on": today.isoformat(), "register": ""})
    assert response.status_code == 400 and "The rules give no deadline: set it." in response.content.decode()
    due = (today + timedelta(days=30)).isoformat()
    response = client.post(url, {"received_on": today.isoformat(), "due_on": due, "register": ""})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.SUBMITTED and inquiry.reference is None
    client.post(
        url,
        {
            "received_on": today.isoformat(),
            "due_on": due,
            "correction_reason": "Sitzung im Juli",
            "register": "",
        },
    )
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.REGISTERED and inquiry.due_on.isoformat() == due
    assert (
        inquiry.deadline_kind == Inquiry.DeadlineKind.MANUAL and "Sitzung im Juli" in inquiry.deadline_reason
    )


def test_council_office_corrects_the_deadline_with_a_reason(client, council_office, committee, chair, today):
    _meeting_on(committee, today + timedelta(days=20))
    inquiry = _submitted(committee, chair)
    client.force_login(council_office)
    url = reverse("inquiries:register", args=[inquiry.pk])
    later = (today + timedelta(days=40)).isoformat()
    assert (
        client.post(url, {"received_on": today.isoformat(), "due_on": later, "register": ""}).status_code
        == 400
    )
    client.post(
        url,
        {"received_on": today.isoformat(), "due_on": later, "correction_reason": "Umfang", "register": ""},
    )
    inquiry.refresh_from_db()
    assert inquiry.due_on.isoformat() == later and "Umfang" in inquiry.deadline_reason
    assert inquiry.events.get(kind=Event.Kind.REGISTERED).actor == council_office


def test_received_in_the_future_is_refused(client, council_office, committee, chair, today):
    inquiry = _submitted(committee, chair)
    client.force_login(council_office)
    tomorrow = (today + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("inquiries:register", args=[inquiry.pk]),
        {"received_on": tomorrow, "due_on": tomorrow, "correction_reason": "x", "register": ""},
    )
    assert response.status_code == 400


def test_recompute_shows_the_deadline_for_another_date_received(
    client, council_office, committee, chair, today
):
    _meeting_on(committee, today + timedelta(days=3))
    inquiry = _submitted(committee, chair)
    client.force_login(council_office)
    earlier = today - timedelta(days=10)
    response = client.post(
        reverse("inquiries:register", args=[inquiry.pk]),
        {"received_on": earlier.isoformat(), "recompute": ""},
    )
    assert response.status_code == 200
    assert response.context["computed"].due_on == today + timedelta(days=3)
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.SUBMITTED


def test_recompute_keeps_the_reason_the_office_typed(client, council_office, committee, chair, today):
    inquiry = _submitted(committee, chair)
    client.force_login(council_office)
    response = client.post(
        reverse("inquiries:register", args=[inquiry.pk]),
        {
            "received_on": today.isoformat(),
            "correction_reason": "Absprache mit der Fraktion",
            "recompute": "",
        },
    )
    assert response.status_code == 200
    assert "Absprache mit der Fraktion" in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.SUBMITTED


def test_period_ending_on_a_holiday_moves_to_the_next_working_day_and_due_dates_skip_it(
    council_office, committee, chair
):
    # received Fri 11.12.2026 + 14 days = Fri 25.12. (Christmas), 26.12. holiday/Sat, 27.12. Sun
    inquiry = _submitted(committee, chair, deadline_text="binnen 14 Tagen")
    inquiry = services.register_inquiry(inquiry, received_on=date(2026, 12, 11), by=council_office)
    assert inquiry.due_on == date(2026, 12, 28)
    assert inquiry.deadline_kind == Inquiry.DeadlineKind.PERIOD
    # three working days before Mon 28.12.: Thu 24., Wed 23., Tue 22. (25./26. holidays, weekend)
    assert set(inquiry.questions.values_list("due_on", flat=True)) == {date(2026, 12, 22)}


def test_meeting_right_after_a_weekend_counts_calendar_days(council_office, committee, chair):
    # meeting Mon 13.07.2026; received Mon 06.07. is exactly 7 days before (weekend in between)
    meeting = _meeting_on(committee, date(2026, 7, 13))
    inquiry = services.register_inquiry(
        _submitted(committee, chair), received_on=date(2026, 7, 6), by=council_office
    )
    assert inquiry.due_on == date(2026, 7, 13) and inquiry.deadline_meeting == meeting
    # internal due date: three working days before Monday is the Wednesday before
    assert set(inquiry.questions.values_list("due_on", flat=True)) == {date(2026, 7, 8)}


@pytest.mark.parametrize(
    "role", [roles.COMMITTEE_CHAIR, roles.DEPARTMENT_STAFF, roles.COUNCIL_MEMBER, roles.SIGNATORY]
)
def test_only_the_council_office_registers(client, committee, chair, role):
    inquiry = _submitted(committee, chair)
    client.force_login(user_with_role(role, username="x"))
    url = reverse("inquiries:register", args=[inquiry.pk])
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"received_on": timezone.localdate().isoformat(), "register": ""}).status_code == 403
    )
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.SUBMITTED


def test_registered_inquiry_cannot_be_registered_again(client, council_office):
    client.force_login(council_office)
    assert client.get(reverse("inquiries:register", args=[InquiryFactory().pk])).status_code == 403


# --- the original letter --------------------------------------------------------------------


def test_original_letter_for_the_administration_not_for_the_public(client, council_office, chair, committee):
    client.force_login(council_office)
    response = client.post(reverse("inquiries:import"), _seed_upload("txt"))
    data = _form_data(response) | {"action": "receive"}
    client.post(reverse("inquiries:create"), data)
    inquiry = Inquiry.objects.get()
    services.register_inquiry(
        inquiry,
        received_on=timezone.localdate(),
        by=council_office,
        due_on=timezone.localdate() + timedelta(days=9),
        correction_reason="x",
    )
    response = client.get(reverse("inquiries:source", args=[inquiry.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == SEED.read_bytes()
    client.logout()
    assert client.get(inquiry.get_absolute_url()).status_code == 200  # public inquiry
    assert client.get(reverse("inquiries:source", args=[inquiry.pk])).status_code == 302  # to login
    client.force_login(user_with_role(roles.COUNCIL_MEMBER, username="m"))
    assert client.get(reverse("inquiries:source", args=[inquiry.pk])).status_code == 403


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", [3, 30])
def test_my_inquiries_queries_do_not_grow(client, chair, django_assert_num_queries, n):
    for _ in range(n):
        QuestionFactory(inquiry=InquiryFactory(submitted_by=chair))
    InquiryFactory.create_batch(3)  # someone else's
    client.force_login(chair)
    # session, user, permissions (own and groups', one query), count, page of inquiries (+committee)
    with django_assert_num_queries(5):
        response = client.get(reverse("inquiries:mine"))
    assert len(response.context["page"].object_list) == min(n, 25)


@pytest.mark.parametrize("n", [3, 30])
def test_register_page_queries_do_not_grow_with_questions(
    client, council_office, committee, chair, django_assert_num_queries, n
):
    inquiry = _submitted(committee, chair)
    for number in range(2, n + 2):
        parent = QuestionFactory(inquiry=inquiry, number=str(number))
        QuestionFactory(inquiry=inquiry, parent=parent, number="a")
    _meeting_on(committee, timezone.localdate() + timedelta(days=20))
    client.force_login(council_office)
    # session, user, inquiry (+committee), permissions (own and groups', one query), meetings,
    # municipality (rules), questions
    with django_assert_num_queries(7):
        response = client.get(reverse("inquiries:register", args=[inquiry.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 10])
def test_detail_with_follow_ups_queries_do_not_grow(client, chair, committee, django_assert_num_queries, n):
    original = InquiryFactory(submitted_by=chair, committee=committee, status=Inquiry.Status.IN_PROGRESS)
    for _ in range(n):
        InquiryFactory(
            follow_up_of=original, status=Inquiry.Status.SUBMITTED, reference=None, reference_number=None
        )
    client.force_login(chair)
    # session, user, permissions (own and groups', one query), inquiry (+committee, chair,
    # follow-up flag), questions (none: no participating departments), events, published
    # answers, sent replies, signed reply?, follow-ups
    with django_assert_num_queries(10):
        response = client.get(original.get_absolute_url())
    assert len(response.context["follow_ups"]) == n


def test_a_reply_document_imports_with_its_answers_as_drafts(client, council_office, committee):
    """A document where each question is followed by "Antwort:" keeps the answers through the
    review form; they become draft answers of their questions."""
    from responses.models import Answer

    letter = Path(__file__).resolve().parents[1] / "data" / "letters" / "antwort-verwaltung.txt"
    client.force_login(council_office)
    response = client.post(reverse("inquiries:import"), {"text": letter.read_text(encoding="utf-8")})
    assert response.status_code == 200
    answers_shown = [f.initial.get("answer", "") for f in response.context["formset"].forms]
    assert all(answers_shown) and len(answers_shown) == 3
    assert "saved as a draft answer" in response.content.decode()
    data = _form_data(response)
    data["letter_date"] = ""  # the test letter's date may lie after today
    data["action"] = "save"
    response = client.post(reverse("inquiries:create"), data)
    assert response.status_code == 302, (response.context["form"].errors, response.context["formset"].errors)
    inquiry = Inquiry.objects.get()
    saved = {
        a.question.number: a
        for a in Answer.objects.filter(question__inquiry=inquiry).select_related("question")
    }
    assert sorted(saved) == ["1", "2", "3"]
    assert all(a.status == Answer.Status.DRAFT and a.text for a in saved.values())
    assert saved["1"].text == answers_shown[0].strip()


def test_a_senders_import_of_a_reply_document_carries_no_answers_even_when_posted(client, chair, committee):
    """Answers come only with the council office's import of a reply document: a sender sees no
    answer fields, and answers posted anyway are not saved."""
    from responses.models import Answer

    letter = Path(__file__).resolve().parents[1] / "data" / "letters" / "antwort-verwaltung.txt"
    client.force_login(chair)
    response = client.post(reverse("inquiries:import"), {"text": letter.read_text(encoding="utf-8")})
    assert response.status_code == 200
    assert not any(f.initial.get("answer") for f in response.context["formset"].forms)
    assert "saved as a draft answer" not in response.content.decode()
    data = _form_data(response)
    data["letter_date"] = ""
    data["q-0-answer"] = "Vorgefertigte Antwort"  # forged
    data["action"] = "save"
    response = client.post(reverse("inquiries:create"), data)
    assert response.status_code == 302
    assert Inquiry.objects.get().questions.count() == 3
    assert not Answer.objects.exists()


def test_the_write_form_saves_no_answers_without_an_imported_letter(client, council_office, committee):
    from responses.models import Answer

    client.force_login(council_office)
    data = _new_inquiry_data(committee, rows=[{"number": "1", "text": "Wie viele?", "answer": "Drei."}])
    data["action"] = "save"
    assert client.post(reverse("inquiries:create"), data).status_code == 302
    assert Question.objects.count() == 1 and not Answer.objects.exists()


def test_importing_a_letter_already_in_the_system_warns_and_links_to_it(client, council_office, committee):
    client.force_login(council_office)
    response = client.post(reverse("inquiries:import"), _seed_upload("paste"))
    assert not response.context["duplicates"]
    data = _form_data(response)
    data["action"] = "save"
    client.post(reverse("inquiries:create"), data)
    first = Inquiry.objects.get()

    # the same text with other line breaks
    again = client.post(reverse("inquiries:import"), {"text": SEED.read_text().replace("\n", "\n\n")})
    assert list(again.context["duplicates"]) == [first]
    assert first.get_absolute_url() in again.content.decode()
    assert Inquiry.objects.count() == 1  # a warning: nothing saved


def test_a_letter_with_the_same_reference_number_is_a_duplicate(client, council_office, committee):
    client.force_login(council_office)
    letter = (
        "Anfrage\nDrucksache 2027/0815\n\nRadwege\n\nSehr geehrte Damen und Herren,\n\n1. Wann?\n2. Wo?\n"
    )
    response = client.post(reverse("inquiries:import"), {"text": letter})
    assert response.context["form"].initial["letter_reference"] == "2027/0815"
    data = _form_data(response)
    data["action"] = "save"
    client.post(reverse("inquiries:create"), data)
    first = Inquiry.objects.get()
    assert first.letter_reference == "2027/0815"

    other_text = letter.replace("1. Wann?", "1. Wann genau?")
    response = client.post(reverse("inquiries:import"), {"text": other_text})
    assert list(response.context["duplicates"]) == [first]


def test_a_duplicate_the_user_may_not_see_is_not_named(client, chair, council_office, committee):
    client.force_login(council_office)
    response = client.post(reverse("inquiries:import"), _seed_upload("paste"))
    data = _form_data(response)
    data["action"] = "save"  # the council office's draft: only its author sees it
    client.post(reverse("inquiries:create"), data)
    client.force_login(chair)
    response = client.post(reverse("inquiries:import"), _seed_upload("paste"))
    assert not response.context["duplicates"]


def test_the_review_form_marks_each_uncertain_question_and_field_on_its_row(
    client, council_office, committee
):
    letter = Path(__file__).resolve().parents[1] / "data" / "letters" / "bitten-ohne-fragezeichen.txt"
    client.force_login(council_office)
    response = client.post(reverse("inquiries:import"), {"text": letter.read_text(encoding="utf-8")})
    page = response.content.decode()
    rows = response.context["formset"].forms
    assert rows and all(f.initial["doubt"] for f in rows)
    assert page.count("question-row-uncertain") == len(rows)
    assert "request without a question mark" in page

    untitled = "1. Wie viele Bäume wurden gefällt?\n2. Wo?\n"
    response = client.post(reverse("inquiries:import"), {"text": untitled})
    subject = response.context["form"].fields["subject"]
    assert "is-uncertain" in subject.widget.attrs["class"]
    assert "No subject was found" in str(subject.help_text)

    # a row action keeps the rows' marks
    response = client.post(reverse("inquiries:import"), {"text": letter.read_text(encoding="utf-8")})
    data = _form_data(response)
    data["action"] = "add"
    response = client.post(reverse("inquiries:create"), data)
    kept = [f.initial.get("doubt", "") for f in response.context["formset"].forms]
    assert kept[: len(rows)] == [f.initial["doubt"] for f in rows] and kept[-1] == ""


# --- A reference given by an existing system ----------------------------------------------------


def test_registration_takes_a_reference_from_an_existing_system(
    client, council_office, committee, chair, today
):
    _meeting_on(committee, today + timedelta(days=20))
    inquiry = _submitted(committee, chair)
    client.force_login(council_office)
    response = client.post(
        reverse("inquiries:register", args=[inquiry.pk]),
        {"received_on": today.isoformat(), "reference": " AF/0815/2026 ", "register": ""},
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.reference == "AF/0815/2026" and inquiry.status == Inquiry.Status.REGISTERED
    assert inquiry.reference_number is not None  # the year's counter still moves


def test_registration_refuses_a_reference_already_taken(client, council_office, committee, chair, today):
    _meeting_on(committee, today + timedelta(days=20))
    InquiryFactory(reference="AF/0815/2026")
    inquiry = _submitted(committee, chair)
    client.force_login(council_office)
    response = client.post(
        reverse("inquiries:register", args=[inquiry.pk]),
        {"received_on": today.isoformat(), "reference": "AF/0815/2026", "register": ""},
    )
    assert response.status_code == 400
    assert "already taken" in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.SUBMITTED and inquiry.reference is None


def test_a_generated_reference_skips_one_an_existing_system_gave(council_office, committee, chair, today):
    _meeting_on(committee, today + timedelta(days=20))
    first = services.register_inquiry(_submitted(committee, chair), received_on=today, by=council_office)
    year, number = first.reference_year, first.reference_number
    taken = f"AN/{year}/{number + 1:04d}"
    services.register_inquiry(
        _submitted(committee, chair), received_on=today, by=council_office, reference=taken
    )
    third = services.register_inquiry(_submitted(committee, chair), received_on=today, by=council_office)
    assert third.reference not in (first.reference, taken)


def test_service_refuses_a_taken_reference(council_office, committee, chair, today):
    _meeting_on(committee, today + timedelta(days=20))
    InquiryFactory(reference="AF/1/2026")
    with pytest.raises(services.ReferenceTaken):
        services.register_inquiry(
            _submitted(committee, chair), received_on=today, by=council_office, reference="AF/1/2026"
        )


def test_question_cards_are_named_by_the_question_s_number(client, chair):
    draft = InquiryFactory(
        status=Inquiry.Status.DRAFT, submitted_by=chair, reference=None, reference_number=None
    )
    first = QuestionFactory(inquiry=draft, number="1", position=1)
    QuestionFactory(inquiry=draft, parent=first, number="a", position=2)
    QuestionFactory(inquiry=draft, number="2", position=3)
    client.force_login(chair)
    content = client.get(reverse("inquiries:edit", args=[draft.pk])).content.decode()
    legends = re.findall(r'<legend class="h6">([^<]*)</legend>', content)
    assert legends == ["Question 1", "Question 1 a", "Question 2"]
