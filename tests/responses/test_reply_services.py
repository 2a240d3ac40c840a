"""The reply's services: the letter built from the database, signing, sending, supplements."""

import hashlib
import io
import json
import re
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from django.core import mail
from django.utils import timezone

from inquiries import roles
from inquiries.models import Event, Inquiry
from responses import services
from responses.models import Answer, Reply
from responses.signing.pdfa import pdfa_problems, read_xmp_properties
from responses.signing.verdict import Verdict, validate_signed_pdf
from tests.factories import AnswerFactory, QuestionFactory, UserFactory, force_update, user_with_role
from tests.responses.reply_helpers import ANSWERS, QUESTIONS, make_reply_world, ready_reply

pytestmark = pytest.mark.django_db


def _media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    # joins "Rhein-⏎Sieg" and collapses whitespace, as in test_pdf
    return re.sub(r"(\w)- (?=\w)", r"\1-", " ".join(text.split()))


def _normalise(text: str) -> str:
    return re.sub(r"(\w)- (?=\w)", r"\1-", " ".join(text.split()))


@pytest.fixture
def signed(reply_world):
    reply = services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    with reply.signed_pdf.open("rb") as handle:
        data = handle.read()
    return reply, data


# --- Compose --------------------------------------------------------------------------------


def test_new_reply_has_the_municipality_s_defaults(reply_world):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    assert (reply.signatory_name, reply.signatory_role) == ("Christoph Becker", "Bürgermeister")
    assert reply.closing == "Mit freundlichen Grüßen"
    assert reply.intro.startswith("zu Ihrer Großen Anfrage vom ")
    assert reply.intro.endswith("nehme ich wie folgt Stellung:")
    assert services.get_or_create_reply(reply_world.inquiry, by=reply_world.office) == reply
    assert Reply.objects.count() == 1


def test_document_has_letterhead_addressee_and_only_approved_answers(reply_world):
    answer = reply_world.answers["1b"]
    answer.status, answer.approver, answer.approved_at = Answer.Status.IN_REVIEW, None, None
    answer.save()
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    reply.capacity = Reply.Capacity.IN_VERTRETUNG
    doc = services.reply_document(reply, draft=True)
    assert doc.municipality_name == "Stadt Bornheim"
    assert doc.letterhead_text == "Der Bürgermeister"
    assert doc.sending_office == "Ratsbüro"
    assert doc.addressee_lines[:3] == [
        "An den Integrationsausschuss",
        "der Stadt Bornheim",
        "Dilara Görgen (Vorsitz)",
    ]
    assert doc.capacity == "In Vertretung"
    assert doc.is_draft and not doc.demo_certificate
    assert doc.subject_line.startswith("Beantwortung der Großen Anfrage „Kommunales Integrationsmanagement“")
    [one, two] = doc.questions
    assert (one.number, one.text, one.answer_text) == ("1", QUESTIONS["1"], "")
    assert [(q.number, q.answer_text) for q in one.sub_questions] == [("a", ANSWERS["1a"]), ("b", "")]
    assert (two.number, two.answer_text) == ("2", ANSWERS["2"])


@pytest.mark.parametrize("n", [2, 12])
def test_document_queries_do_not_grow_with_questions(reply_world, django_assert_num_queries, n):
    for i in range(n):
        question = QuestionFactory(inquiry=reply_world.inquiry, number=f"{10 + i}", position=10 + i)
        AnswerFactory(question=question)
    reply = Reply.objects.select_related(*services.REPLY_LETTER_RELATED).get(
        pk=services.get_or_create_reply(reply_world.inquiry, by=reply_world.office).pk
    )
    # municipality, its letter settings, questions with their answers, the annexes of the
    # printed answers, the reply's own annexes
    with django_assert_num_queries(5):
        doc = services.reply_document(reply, draft=True)
    assert len(doc.questions) == 2 + n


def test_mark_ready_needs_every_answer_approved(db, demo_signing):
    world = make_reply_world(approved=False)
    reply = services.get_or_create_reply(world.inquiry, by=world.office)
    with pytest.raises(services.ReplyError):
        services.mark_reply_ready(reply, by=world.office)
    reply.refresh_from_db()
    assert reply.status == Reply.Status.DRAFT


def test_editing_a_ready_reply_makes_it_a_draft_again(reply_world):
    reply = ready_reply(reply_world)
    reply = services.update_reply(reply, by=reply_world.office, intro="Neu: Einleitung")
    reply.refresh_from_db()
    assert (reply.status, reply.intro) == (Reply.Status.DRAFT, "Neu: Einleitung")


# --- Sign -----------------------------------------------------------------------------------


def test_signing_stores_one_file_with_its_hash_and_records_the_event(signed, settings, reply_world):
    reply, data = signed
    reply.refresh_from_db()
    assert reply.status == Reply.Status.SIGNED
    assert reply.signed_by == reply_world.mayor
    assert reply.signed_at is not None and reply.letter_date == timezone.localdate()
    assert reply.is_demo_signature
    assert re.fullmatch(r"replies/\d{4}/AN-2026-\d{4}-Beantwortung\.pdf", reply.signed_pdf.name)
    assert reply.signed_pdf_sha256 == hashlib.sha256(data).hexdigest()
    assert len(_media_files(settings)) == 1
    event = Event.objects.get(inquiry=reply_world.inquiry, kind=Event.Kind.REPLY_SIGNED)
    assert event.data["sha256"] == reply.signed_pdf_sha256 and event.data["demo"] is True
    assert event.actor == reply_world.mayor


def test_signature_is_intact_with_the_demo_certificate_and_one_changed_byte_breaks_it(signed):
    _, data = signed
    report = validate_signed_pdf(data)
    assert report.valid and report.unchanged and report.is_demo
    assert report.verdict == Verdict.DEMO and not report.ok  # a demo signature proves nothing
    tampered = bytearray(data)
    position = len(data) // 4  # in the letter's content, well before the signature
    tampered[position] ^= 0x01
    broken = validate_signed_pdf(bytes(tampered))
    assert broken.verdict == Verdict.BROKEN and not broken.ok and not broken.valid


def test_signed_pdf_is_pdfa3_with_every_question_and_answer(signed):
    reply, data = signed
    assert pdfa_problems(data) == []
    xmp = read_xmp_properties(data)
    assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3", "A")
    text = _text(data)
    for question in QUESTIONS.values():
        assert _normalise(question) in text
    for answer in ANSWERS.values():
        for line in answer.split("\n"):
            line = line.removeprefix("- ")
            assert _normalise(line) in text, line
    assert "Fördermittel" in text and "Größenordnung" in text and "Träger" in text
    assert "ENTWURF" not in text


def test_embedded_json_matches_the_database(signed, reply_world):
    reply, data = signed
    reader = pypdf.PdfReader(io.BytesIO(data))
    embedded = json.loads(reader.attachments["reply.json"][0])
    assert embedded == services.reply_document(reply, draft=False).to_json_dict()
    assert embedded["reference"] == reply_world.inquiry.reference
    assert embedded["demo_certificate"] is True and embedded["is_draft"] is False
    [one, two] = embedded["questions"]
    assert one["sub_questions"][0]["answer"] == Answer.objects.get(question=reply_world.questions["1a"]).text
    assert two["answer"] == Answer.objects.get(question=reply_world.questions["2"]).text
    assert embedded["signatory"] == {"name": "Christoph Becker", "role": "Bürgermeister", "capacity": ""}


def test_signing_with_an_unapproved_answer_is_refused(reply_world, settings):
    reply = ready_reply(reply_world)
    answer = reply_world.answers["2"]
    services.transition_answer(answer, "reopen", by=reply_world.office)
    with pytest.raises(services.ReplyError, match="approved"):
        services.sign_reply(reply, by=reply_world.mayor)
    reply.refresh_from_db()
    assert reply.status == Reply.Status.READY and not reply.signed_pdf
    assert _media_files(settings) == []


def test_a_draft_reply_is_not_signed(reply_world):
    reply = services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    with pytest.raises(services.ReplyError):
        services.sign_reply(reply, by=reply_world.mayor)


def test_signing_twice_yields_one_document(signed, reply_world, settings):
    reply, _ = signed
    with pytest.raises(services.ReplyAlreadyDone):
        services.sign_reply(reply, by=UserFactory())
    assert len(_media_files(settings)) == 1
    assert Event.objects.filter(kind=Event.Kind.REPLY_SIGNED).count() == 1
    reply.refresh_from_db()
    assert reply.signed_by == reply_world.mayor


def test_a_failure_while_signing_leaves_the_reply_unsigned_and_no_file(reply_world, settings, monkeypatch):
    reply = ready_reply(reply_world)

    def broken(*args, **kwargs):
        raise RuntimeError("HSM not reachable")

    monkeypatch.setattr("responses.signing.signature.sign_pdf", broken)
    with pytest.raises(services.ReplySigningFailed, match="unchanged"):
        services.sign_reply(reply, by=reply_world.mayor)
    reply.refresh_from_db()
    assert (reply.status, reply.signed_pdf.name, reply.signed_pdf_sha256) == (Reply.Status.READY, "", "")
    assert reply.signed_at is None
    assert _media_files(settings) == []
    assert not Event.objects.filter(kind=Event.Kind.REPLY_SIGNED).exists()


def test_a_failure_after_the_file_was_written_deletes_it(reply_world, settings, monkeypatch):
    reply = ready_reply(reply_world)

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services.replies, "record_event", broken)
    with pytest.raises(RuntimeError):
        services.sign_reply(reply, by=reply_world.mayor)
    reply.refresh_from_db()
    assert reply.status == Reply.Status.READY and not reply.signed_pdf
    assert _media_files(settings) == []


def test_answers_and_reply_are_read_only_once_signed(signed, reply_world):
    reply, _ = signed
    answer = Answer.objects.get(pk=reply_world.answers["2"].pk)
    with pytest.raises(services.AnswerLocked, match="signed"):
        services.transition_answer(answer, "reopen", by=reply_world.office)
    with pytest.raises(services.AnswerLocked):
        services.save_answer(answer, text="anders", base_version=answer.version, by=reply_world.office)
    with pytest.raises(services.ReplyAlreadyDone):
        services.update_reply(reply, by=reply_world.office, intro="anders")
    answer.refresh_from_db()
    assert answer.status == Answer.Status.APPROVED and answer.text == ANSWERS["2"]


# --- Send -----------------------------------------------------------------------------------


def test_sending_answers_the_inquiry_and_mails_the_committee(
    signed, reply_world, django_capture_on_commit_callbacks, monkeypatch
):
    reply, _ = signed
    hooked = []
    monkeypatch.setattr(services.replies, "_after_reply_sent", hooked.append)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reply(reply, by=reply_world.office)
    reply.refresh_from_db()
    inquiry = Inquiry.objects.get(pk=reply_world.inquiry.pk)
    assert reply.status == Reply.Status.SENT and reply.sent_at is not None
    assert (inquiry.status, inquiry.answered_on) == (Inquiry.Status.ANSWERED, timezone.localdate())
    assert Event.objects.filter(inquiry=inquiry, kind=Event.Kind.REPLY_SENT).count() == 1
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(["ia@example.org", reply_world.chair.email, reply_world.member.email])
    assert f"/anfragen/{inquiry.pk}/" in mail.outbox[0].body
    assert hooked == [reply]

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(services.ReplyAlreadyDone):
            services.send_reply(reply, by=reply_world.office)
    assert len(mail.outbox) == 3
    assert Event.objects.filter(inquiry=inquiry, kind=Event.Kind.REPLY_SENT).count() == 1


def test_only_a_signed_reply_is_sent(reply_world):
    reply = ready_reply(reply_world)
    with pytest.raises(services.ReplyError):
        services.send_reply(reply, by=reply_world.office)
    assert Inquiry.objects.get(pk=reply_world.inquiry.pk).status == Inquiry.Status.IN_PROGRESS


# --- Supplementary reply --------------------------------------------------------------------


def test_supplement_unlocks_answers_and_prints_what_changed(signed, reply_world):
    original, _ = signed
    services.send_reply(original, by=reply_world.office)
    supplement = services.start_supplementary_reply(original, by=reply_world.office)
    assert supplement.supplements == original and supplement.intro.startswith("in Ergänzung")
    with pytest.raises(services.ReplyAlreadyDone):
        services.start_supplementary_reply(original, by=reply_world.office)

    # The council office corrects the answer to question 2: reopen, edit, submit, approve.
    answer = Answer.objects.get(pk=reply_world.answers["2"].pk)
    answer = services.transition_answer(answer, "reopen", by=reply_world.office)
    answer = services.save_answer(
        answer, text="Korrigiert: auch die Ärztekammer.", base_version=answer.version, by=reply_world.office
    )
    answer = services.transition_answer(answer, "submit", by=reply_world.office)
    answer.approved_at = None
    colleague = user_with_role(roles.COUNCIL_OFFICE, username="office-colleague")  # four eyes
    services.transition_answer(answer, "approve", by=colleague)
    force_update(Answer.objects.filter(pk=answer.pk), approved_at=original.signed_at + timedelta(seconds=5))

    doc = services.reply_document(supplement, draft=True)
    assert doc.supplementary_to.startswith("vom ")
    assert doc.subject_line.startswith("Ergänzende Beantwortung")
    assert [(q.number, q.answer_text) for q in doc.questions] == [("2", "Korrigiert: auch die Ärztekammer.")]

    supplement = services.mark_reply_ready(supplement, by=reply_world.office)
    supplement = services.sign_reply(supplement, by=reply_world.mayor)
    assert supplement.status == Reply.Status.SIGNED
    assert services.answers_locked_by_reply(reply_world.inquiry.pk)
    services.send_reply(supplement, by=reply_world.office)
    inquiry = Inquiry.objects.get(pk=reply_world.inquiry.pk)
    assert inquiry.status == Inquiry.Status.ANSWERED
