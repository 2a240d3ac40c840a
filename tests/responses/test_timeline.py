"""The inquiry's "Verlauf": one timeline from the event log and the history."""

import re
from datetime import timedelta

import pytest

from inquiries import roles
from responses import services
from tests.factories import AnswerFactory, QuestionFactory, user_with_role
from tests.responses.reply_helpers import ready_reply

pytestmark = pytest.mark.django_db


def _timeline_html(client, inquiry) -> str:
    content = client.get(inquiry.get_absolute_url()).content.decode()
    start = content.index('id="timeline-heading"')
    return content[start : content.index("</section>", start)]


def _in_order(text: str, *parts: str) -> bool:
    positions = [text.find(part) for part in parts]
    return -1 not in positions and positions == sorted(positions)


@pytest.fixture
def worked_on(reply_world):
    """Review steps on answer 2, a deadline moved by the council office, the reply signed and
    sent, then a supplementary reply started."""
    world, office = reply_world, reply_world.office
    answer = world.answers["2"]
    answer = services.transition_answer(answer, "reopen", by=office)
    answer = services.transition_answer(answer, "submit", by=office)
    answer = services.transition_answer(answer, "send_back", by=office, comment="Bitte Zahlen ergänzen.")
    answer = services.save_answer(
        answer, text=answer.text + " Drei Träger.", base_version=answer.version, by=office
    )
    answer = services.transition_answer(answer, "submit", by=office)
    colleague = user_with_role(roles.COUNCIL_OFFICE, username="office-colleague")  # four eyes
    services.transition_answer(answer, "approve", by=colleague)
    inquiry = world.inquiry
    inquiry.due_on += timedelta(days=7)
    inquiry._history_user = office
    inquiry.save()
    reply = services.sign_reply(ready_reply(world), by=world.mayor)
    reply = services.send_reply(reply, by=office)
    services.start_supplementary_reply(reply, by=office)
    return world


def test_the_administration_sees_every_step_in_one_timeline(client, worked_on):
    client.force_login(worked_on.office)
    timeline = _timeline_html(client, worked_on.inquiry)
    assert _in_order(
        timeline,
        "Answer reopened: Question 2",
        "Answer sent back: Question 2",
        "Answer approved: Question 2",
        "Deadline changed: from",
        "Reply marked ready to sign",
        "Reply signed",
        "Reply sent",
        "Supplementary reply started",
    ), timeline
    assert "(Erika " in timeline  # who did it (the factory's first name)


def test_readers_outside_the_administration_see_only_the_public_steps(client, worked_on):
    client.force_login(worked_on.member)
    timeline = _timeline_html(client, worked_on.inquiry)
    assert "Reply sent" in timeline
    for internal in (
        "Answer approved",
        "Answer sent back",
        "Reply signed",
        "Deadline changed",
        "Supplementary",
    ):
        assert internal not in timeline
    assert "(Erika " not in timeline


def test_timeline_times_are_valid_html(client, worked_on):
    client.force_login(worked_on.office)
    values = re.findall(r'<time datetime="([^"]+)"', _timeline_html(client, worked_on.inquiry))
    assert values
    for value in values:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value), value


@pytest.mark.parametrize("n", [2, 12])
def test_the_administration_s_detail_page_queries_do_not_grow_with_the_history(
    client, council_office, django_assert_num_queries, n
):
    from tests.factories import InquiryFactory

    inquiry = InquiryFactory()
    for i in range(n):
        answer = AnswerFactory(question=QuestionFactory(inquiry=inquiry, number=str(i + 1)), text="Text.")
        answer = services.transition_answer(answer, "submit", by=council_office)
        services.transition_answer(answer, "approve", by=council_office)
    client.force_login(council_office)
    # session, user, permissions (own and groups', one query), inquiry (+committee, department,
    # meeting, follow-up flag, followed), questions (+answer status), participating departments,
    # signed reply (withdraw button), progress, published answers, sent replies, timeline: events,
    # answer history, reply history, inquiry history
    with django_assert_num_queries(14):
        response = client.get(inquiry.get_absolute_url())
    assert response.status_code == 200
