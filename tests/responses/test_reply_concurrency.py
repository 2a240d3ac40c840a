"""Two signatories (or a double click) sign the same reply at the same moment: one signed
document, one file, one event (PostgreSQL, real transactions in two threads)."""

import threading
from pathlib import Path

import pytest
from django.db import connection

from inquiries import roles
from inquiries.models import Event
from responses import pdf, services
from responses.models import Reply
from tests.factories import UserFactory
from tests.responses.reply_helpers import make_reply_world, ready_reply


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_signing_yields_one_document(demo_signing, settings):
    roles.ensure_role_groups()  # a transactional test before this one flushed them
    world = make_reply_world()
    reply = ready_reply(world)
    signers = [world.mayor, UserFactory(username="deputy")]
    services.reply_document(reply, draft=True)  # warm imports outside the race
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def sign(user):
        try:
            barrier.wait(timeout=10)
            services.sign_reply(Reply(pk=reply.pk), by=user)
            outcomes[user.username] = "signed"
        except services.ReplyAlreadyDone:
            outcomes[user.username] = "already"
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes[user.username] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(user,)) for user in signers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(outcomes.values()) == ["already", "signed"], outcomes
    reply.refresh_from_db()
    assert reply.status == Reply.Status.SIGNED
    winner = next(name for name, outcome in outcomes.items() if outcome == "signed")
    assert reply.signed_by.username == winner
    files = [path for path in Path(settings.MEDIA_ROOT).rglob("*.pdf")]
    assert files == [Path(reply.signed_pdf.path)]
    assert Event.objects.filter(kind=Event.Kind.REPLY_SIGNED).count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_an_answer_reopened_while_signing_waits_and_is_refused(demo_signing, monkeypatch):
    """The answer services lock the inquiry's reply rows: a reopen that arrives while the reply
    is being signed waits for the signature and then finds the answers locked."""
    roles.ensure_role_groups()  # a transactional test before this one flushed them
    world = make_reply_world()
    reply = ready_reply(world)
    started = threading.Event()
    outcome = {}
    original_render = pdf.render_reply_pdf

    def render_and_tell(document):
        started.set()  # the reply row is locked from here until the signature is stored
        return original_render(document)

    monkeypatch.setattr(pdf, "render_reply_pdf", render_and_tell)

    def reopen():
        try:
            started.wait(timeout=30)
            services.transition_answer(world.answers["2"], "reopen", by=world.office)
            outcome["reopen"] = "done"
        except services.AnswerLocked:
            outcome["reopen"] = "locked"
        finally:
            connection.close()

    thread = threading.Thread(target=reopen)
    thread.start()
    try:
        services.sign_reply(reply, by=world.mayor)
    finally:
        thread.join(timeout=60)
    assert outcome == {"reopen": "locked"}
