"""Two people save the same answer at the same moment: exactly one wins (PostgreSQL, real
transactions in two threads with their own connections)."""

import threading

import pytest
from django.db import connection

from responses import services
from responses.models import Answer
from tests.factories import AnswerFactory, UserFactory


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_on_the_same_version_let_exactly_one_through():
    answer = AnswerFactory(text="Start")
    users = [UserFactory(username="anna"), UserFactory(username="ben")]
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(user):
        try:
            barrier.wait(timeout=10)
            services.save_answer(
                Answer(pk=answer.pk), text=f"Text von {user.username}", base_version=1, by=user
            )
            outcomes[user.username] = "saved"
        except services.AnswerConflict:
            outcomes[user.username] = "conflict"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["conflict", "saved"]
    answer.refresh_from_db()
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    assert (answer.text, answer.version) == (f"Text von {winner}", 2)
    assert answer.history.count() == 2  # created, then the one save


@pytest.mark.django_db(transaction=True)
def test_sequential_saves_on_a_real_transaction_keep_the_first(db):
    # the same rule without the test-case transaction around it, on every database
    answer = AnswerFactory(text="Start")
    services.save_answer(answer, text="eins", base_version=1, by=None)
    with pytest.raises(services.AnswerConflict):
        services.save_answer(answer, text="zwei", base_version=1, by=None)
    answer.refresh_from_db()
    assert answer.text == "eins"
