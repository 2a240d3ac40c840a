"""An inquiry ready to be answered, for the reply tests: Stadt Bornheim, the
Integrationsausschuss with its chair and members, questions 1 (with a and b) and 2, and
approved answers with umlauts and a list."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from inquiries import roles
from inquiries.models import Inquiry
from responses.models import Answer, Reply
from responses.signing import credentials as signing_credentials
from tests.factories import (
    AnswerFactory,
    CommitteeFactory,
    InquiryFactory,
    MunicipalityFactory,
    QuestionFactory,
    user_with_role,
)

QUESTIONS = {
    "1": "Wie hoch waren die Fördermittel für das Kommunale Integrationsmanagement?",
    "1a": "Wie wurden die Mittel eingesetzt?",
    "1b": "Erhält die Stadt zusätzliche Mittel für die Ausländerbehörde?",
    "2": "Welche Akteure sind in der Lenkungsgruppe vertreten?",
}
ANSWERS = {
    "1a": "Für Personal- und Sachkosten der Koordinierungsstelle (Größenordnung: 48.500 €).",
    "1b": "Ja, seit Juli 2021 eine halbe Stelle für die Ausländerbehörde.",
    "2": "In der Lenkungsgruppe sind vertreten:\n\n- das Jobcenter Rhein-Sieg\n- die Träger der Wohlfahrtspflege",
}


@dataclass
class ReplyWorld:
    inquiry: Inquiry
    questions: dict
    answers: dict
    office: object
    mayor: object
    chair: object
    member: object


def make_reply_world(*, approved: bool = True, is_public: bool = True) -> ReplyWorld:
    municipality = MunicipalityFactory(mayor_title="Bürgermeister", council_office_name="Ratsbüro")
    chair = user_with_role(roles.COMMITTEE_CHAIR, username="goergen", first_name="Dilara", last_name="Görgen")
    member = user_with_role(roles.COUNCIL_MEMBER, username="weber", first_name="Jonas", last_name="Weber")
    committee = CommitteeFactory(
        municipality=municipality, name="Integrationsausschuss", chair=chair, email="ia@example.org"
    )
    committee.members.add(chair, member)
    office = user_with_role(roles.COUNCIL_OFFICE, username="office")
    mayor = user_with_role(roles.SIGNATORY, username="mayor")
    inquiry = InquiryFactory(
        kind=Inquiry.Kind.GROSSE_ANFRAGE,
        subject="Kommunales Integrationsmanagement",
        status=Inquiry.Status.IN_PROGRESS,
        committee=committee,
        is_public=is_public,
    )
    questions = {}
    # question 1 has no answer of its own: the council office marked it as answered by a and b
    questions["1"] = QuestionFactory(
        inquiry=inquiry, number="1", position=1, text=QUESTIONS["1"], is_answered_by_sub_questions=True
    )
    questions["1a"] = QuestionFactory(
        inquiry=inquiry, parent=questions["1"], number="a", position=2, text=QUESTIONS["1a"]
    )
    questions["1b"] = QuestionFactory(
        inquiry=inquiry, parent=questions["1"], number="b", position=3, text=QUESTIONS["1b"]
    )
    questions["2"] = QuestionFactory(inquiry=inquiry, number="2", position=4, text=QUESTIONS["2"])
    answers = {}
    for key, text in ANSWERS.items():
        values = {"status": Answer.Status.DRAFT}
        if approved:
            values = {"status": Answer.Status.APPROVED, "approver": office, "approved_at": timezone.now()}
        answers[key] = AnswerFactory(question=questions[key], text=text, **values)
    return ReplyWorld(inquiry, questions, answers, office, mayor, chair, member)


def ready_reply(world: ReplyWorld) -> Reply:
    from responses import services

    reply = services.get_or_create_reply(world.inquiry, by=world.office)
    return services.mark_reply_ready(reply, by=world.office)


@pytest.fixture
def demo_signing(settings, tmp_path):
    """The demo certificate in this test's folder, never a cached one from another test."""
    settings.SIGNING_DEMO_DIR = tmp_path / "signing"
    settings.REPLY_SIGNING_PKCS12 = ""
    settings.REPLY_SIGNING_PASSPHRASE = ""
    signing_credentials._credentials_cache.clear()
    yield settings.SIGNING_DEMO_DIR
    signing_credentials._credentials_cache.clear()


@pytest.fixture
def reply_world(db, demo_signing) -> ReplyWorld:
    return make_reply_world()
