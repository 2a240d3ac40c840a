"""Separation of duties: whoever wrote an answer's text does not approve it (a municipality
setting, on by default)."""

import pytest
from django.urls import reverse

from responses import services
from responses.models import Answer
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def _written_and_submitted_by(world, user) -> Answer:
    answer = services.answer_for(world.question)
    answer = services.save_answer(answer, text="Es gibt drei Stellen.", base_version=answer.version, by=user)
    return services.transition_answer(answer, "submit", by=user)


def test_the_author_of_an_answer_cannot_approve_it(world):
    MunicipalityFactory()
    answer = _written_and_submitted_by(world, world.lead_head)

    with pytest.raises(services.SeparationOfDuties):
        services.transition_answer(answer, "approve", by=world.lead_head)

    answer.refresh_from_db()
    assert answer.status == Answer.Status.IN_REVIEW and answer.approver is None


def test_someone_else_approves_it(world, council_office):
    answer = _written_and_submitted_by(world, world.lead_head)
    answer = services.transition_answer(answer, "approve", by=council_office)
    assert answer.status == Answer.Status.APPROVED and answer.approver == council_office


def test_a_municipality_may_turn_the_rule_off(world):
    MunicipalityFactory(four_eyes_approval=False)
    answer = _written_and_submitted_by(world, world.lead_head)
    answer = services.transition_answer(answer, "approve", by=world.lead_head)
    assert answer.status == Answer.Status.APPROVED


def test_the_editor_does_not_offer_the_author_the_approval(client, world, council_office):
    answer = _written_and_submitted_by(world, world.lead_head)
    client.force_login(world.lead_head)
    url = reverse("responses:answer_edit", args=[world.question.pk])
    transitions = [t.action for t in client.get(url).context["transitions"]]
    assert "approve" not in transitions and "send_back" in transitions

    response = client.post(
        reverse("responses:answer_transition", args=[world.question.pk]),
        {"action": "approve", "version": answer.version},
        follow=True,
    )
    assert "someone else approves it" in response.content.decode()
    answer.refresh_from_db()
    assert answer.status == Answer.Status.IN_REVIEW

    client.force_login(council_office)
    assert "approve" in [t.action for t in client.get(url).context["transitions"]]
