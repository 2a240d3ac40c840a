"""The demo is the product's first impression: the real KIM letter, exactly, and every state."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from inquiries.models import Inquiry, Meeting
from tooling import demo

pytestmark = pytest.mark.django_db

KIM_QUESTIONS = {
    "1": "In welcher Höhe hat die Stadt Bornheim im Rahmen des KIM in den Jahren 2020, 2021 und 2022 "
    "Fördermittel erhalten?",
    "2": "Welche Akteure waren in die Erstellung der Förderskizze zur Beantragung der Mittel eingebunden?",
    "3": "Wie werden die kreisangehörigen Gemeinden in der Förderskizze berücksichtigt? Wie sollen sie in das "
    "Kommunale Integrationsmanagement eingebunden werden?",
    "4": "Welche Planungen sind für das laufende Jahr 2022 und die Folgejahre vorgesehen?",
    "5": "Mit welchen verwaltungsinternen und -externen Akteuren ist die Lenkungsgruppe besetzt?",
    "6": "Wurden gemäß den Empfehlungen des Handlungskonzeptes des Landes zum Kommunalen "
    "Integrationsmanagement Projektgruppen und ggf. weitere Gremien eingerichtet? Wenn ja, welche Akteure "
    "sind in diese Gruppen und Gremien eingebunden?",
    "7": "Auf welche Weise wird die regelmäßige Beteiligung des Integrationsausschusses der Stadt Bornheim an "
    "der strategischen Steuerung und der politischen Begleitung des Kommunalen Integrationsmanagements "
    "sichergestellt?",
    "8": "Warum erhält der Integrationsausschuss bisher keine Informationsvorlagen und Beschlussdokumente, die "
    "das Kommunale Integrationsmanagement betreffen?",
    "9": "Nach Baustein 3 werden in Kommunen mit einer Ausländerbehörde bzw. einer eigenen "
    "Einbürgerungsbehörde weitere Personalstellen gefördert. Hat die Stadt Bornheim fachbezogene Pauschalen "
    "nach Baustein 3 erhalten? Wenn ja, bitte wie hoch waren/sind die Pauschalen, wie viele Personalstellen "
    "werden in welcher Behörde damit gefördert?",
}
KIM_SUB_QUESTIONS = {
    "a": "Wie wurden/werden diese Mittel eingesetzt? Bitte detaillierte Angaben nach Jahren und "
    "Fördergegenständen.",
    "b": "Kreisangehörige Gemeinden mit einer Ausländerbehörde, einem Jugendamt und einem "
    "Integrationsrat/Integrationsausschuss können für diese Kommune eine weitere Koordinierungsstelle über "
    "den zuständigen Kreis beantragen. Erhält die Stadt Bornheim hierfür zusätzliche Mittel?",
}


@pytest.fixture
def loaded():
    return demo.load()


def test_demo_imports_the_kim_letter_exactly(loaded):
    kim = Inquiry.objects.get(subject=demo.KIM_SUBJECT)
    assert kim.kind == Inquiry.Kind.GROSSE_ANFRAGE
    top = list(kim.questions.filter(parent__isnull=True).order_by("position"))
    assert {q.number: q.text for q in top} == KIM_QUESTIONS
    assert [q.number for q in top] == [str(n) for n in range(1, 10)]
    subs = list(top[0].sub_questions.order_by("position"))
    assert {q.number: q.text for q in subs} == KIM_SUB_QUESTIONS
    assert kim.questions.count() == 11
    assert not kim.questions.filter(text__contains="**").exists()
    assert kim.sender_name == "Dilara Görgen"
    assert kim.justification.startswith("Das Kommunale Integrationsmanagement ist ein wichtiger Baustein")
    assert "**" not in kim.justification + kim.preamble


def test_demo_deadline_is_the_next_meeting_of_the_integrationsausschuss(loaded):
    kim = Inquiry.objects.get(subject=demo.KIM_SUBJECT)
    assert kim.deadline_text == "bis zur nächsten Sitzung"
    assert kim.deadline_kind == Inquiry.DeadlineKind.NEXT_MEETING
    next_meeting = (
        Meeting.objects.filter(
            committee__name="Integrationsausschuss", starts_at__date__gte=kim.received_on + timedelta(days=7)
        )
        .order_by("starts_at")
        .first()
    )
    assert kim.deadline_meeting == next_meeting
    assert kim.due_on == timezone.localdate(next_meeting.starts_at)
    assert kim.due_on > timezone.localdate()
    assert "Integrationsausschuss" in kim.deadline_reason
    assert kim.reference.startswith(f"AN/{kim.received_on.year}/")


def test_demo_has_every_state(loaded):
    statuses = set(Inquiry.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "in_progress", "withdrawn"} <= statuses
    assert Inquiry.objects.filter(is_public=False).exists()
    today = timezone.localdate()
    assert Inquiry.objects.overdue(today).exists()


def test_load_demo_twice_changes_nothing(loaded, capsys):
    counts = (Inquiry.objects.count(), Meeting.objects.count())
    call_command("load_demo")
    assert (Inquiry.objects.count(), Meeting.objects.count()) == counts
    assert "demo-ratsbuero" in capsys.readouterr().out


def test_demo_is_relative_to_the_day_it_is_loaded():
    demo.load(today=date(2027, 3, 1))
    kim = Inquiry.objects.get(subject=demo.KIM_SUBJECT)
    assert kim.received_on == date(2027, 2, 23)


def test_demo_kim_is_being_answered_in_every_answer_state(loaded):
    from responses.models import Answer, Contribution

    kim = Inquiry.objects.get(subject=demo.KIM_SUBJECT)
    assert kim.status == Inquiry.Status.IN_PROGRESS
    statuses = list(Answer.objects.filter(question__inquiry=kim).values_list("status", flat=True))
    assert {"draft", "in_review", "approved"} <= set(statuses)
    assert Contribution.objects.filter(question__inquiry=kim, is_merged=False).exists()
    assert not kim.questions.filter(lead_department__isnull=True).exists()


def test_demo_worklists_show_overdue_and_due_soon_work(loaded):
    from inquiries.deadlines import working_days_between
    from inquiries.models import Question

    today = timezone.localdate()
    open_questions = Question.objects.filter(inquiry__status=Inquiry.Status.IN_PROGRESS, due_on__isnull=False)
    assert any(q.due_on < today for q in open_questions)
    assert any(0 <= working_days_between(today, q.due_on, state="NW") <= 3 for q in open_questions)


def test_demo_has_an_inquiry_answered_signed_and_sent_whose_signature_validates(loaded):
    from responses.models import Reply
    from responses.signing.verdict import validate_signed_pdf

    answered = Inquiry.objects.get(subject=demo.ANSWERED_SUBJECT)
    assert answered.status == Inquiry.Status.ANSWERED
    reply = answered.replies.get()
    assert reply.status == Reply.Status.SENT and reply.is_demo_signature
    report = validate_signed_pdf(reply.signed_pdf.read())
    assert report.valid and report.unchanged and report.is_demo and report.verdict == "demo"
    kim = Inquiry.objects.get(subject=demo.KIM_SUBJECT)
    assert kim.status == Inquiry.Status.IN_PROGRESS  # stays open for the live demonstration
    assert kim.follows.exists()


# Each role's demo user and the queues of their role: every one shows something.
DEMO_QUEUES = {
    "ratsbuero": ["to_register", "to_assign", "overdue_inquiries", "ready_to_compose", "to_send"],
    "integration": ["lead", "contribution_requests", "returned", "due_soon", "overdue_questions"],
    "integration-leitung": ["to_approve"],
    "buergermeister": ["to_sign"],
    "vorsitz": ["mine"],
}


def test_demo_fills_every_queue_of_every_role(loaded):
    from django.contrib.auth.models import User

    from responses.start import queues_for

    today = timezone.localdate()
    for username, keys in DEMO_QUEUES.items():
        queues = {
            queue.key: queue.items.count() for queue in queues_for(User.objects.get(username=username), today)
        }
        empty = [key for key in keys if not queues.get(key)]
        assert empty == [], f"{username}: empty queues {empty}"


def test_demo_letter_has_logo_contact_block_footer_and_the_chair_by_name(loaded):
    from responses import services
    from responses.models import LetterSettings

    settings = LetterSettings.objects.get()
    assert settings.logo and settings.logo_alt == "Wappen der Stadt Bornheim"
    kim = Inquiry.objects.get(subject=demo.KIM_SUBJECT)
    reply = services.get_or_create_reply(kim, by=kim.submitted_by)
    document = services.reply_document(reply, draft=True)
    assert document.salutation == "Sehr geehrte Frau Görgen,"
    assert "Ansprechpartner/in: Sabine Krause" in document.contact_lines
    assert any("IBAN" in line for line in document.footer_lines)
    assert document.logo_data_uri.startswith("data:image/png;base64,")


def test_demo_answered_reply_carries_an_annex_in_its_signed_pdf(loaded):
    import io

    import pypdf

    from responses.models import ReplyAnnex

    answered = Inquiry.objects.get(subject=demo.ANSWERED_SUBJECT)
    reply = answered.replies.get()
    (record,) = ReplyAnnex.objects.filter(reply=reply)
    attachments = pypdf.PdfReader(io.BytesIO(reply.signed_pdf.read())).attachments
    assert attachments["Anlage-1-Uebersichtskarte-Haltestellen.png"] == [record.annex.file.read()]


def test_demo_answer_editor_of_kim_question_1_suggests_the_earlier_answered_inquiry(loaded, client):
    """ "Asked before?": last year's inquiry on the KIM funds, signed and sent, is suggested beside
    the KIM's question 1, with its answer as sent."""
    from django.contrib.auth.models import User
    from django.urls import reverse

    from responses.models import Reply

    kim = Inquiry.objects.get(subject=demo.KIM_SUBJECT)
    earlier = Inquiry.objects.get(subject=demo.EARLIER_KIM_SUBJECT)
    assert earlier.status == Inquiry.Status.ANSWERED
    assert earlier.replies.get().status == Reply.Status.SENT
    question = kim.questions.get(number="1", parent__isnull=True)
    client.force_login(User.objects.get(username="finanzen"))
    response = client.get(reverse("search:question_suggestions", args=[question.pk]))
    suggestions = response.context["suggestions"]
    assert suggestions[0].inquiry == earlier
    assert "48.000" in response.content.decode()
