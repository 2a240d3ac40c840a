"""What readers outside the administration read of an answer is the text of the latest sent
reply that carried it: a correction under way changes nothing for them until its supplementary
reply is signed and sent."""

from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from inquiries import roles
from responses import services
from responses.models import Answer, ReplyAnswer, readable_answers
from tests.factories import force_update, user_with_role
from tests.responses.reply_helpers import ANSWERS, ready_reply
from tests.search import search_inquiries

pytestmark = pytest.mark.django_db

CORRECTION = "VERTRAULICHER KORREKTURENTWURF zur Lenkungsgruppe"


def _answered(world):
    reply = services.sign_reply(ready_reply(world), by=world.mayor)
    return services.send_reply(reply, by=world.office)


def _correct_answer_2(world, text: str = CORRECTION):
    """The council office starts a supplement, reopens the answer to question 2, writes the
    correction and approves it: the supplement is not signed yet."""
    reply = world.inquiry.replies.get(supplements__isnull=True)
    supplement = services.start_supplementary_reply(reply, by=world.office)
    answer = Answer.objects.get(question=world.questions["2"])
    answer = services.transition_answer(answer, "reopen", by=world.office)
    answer = services.save_answer(answer, text=text, base_version=answer.version, by=world.office)
    answer = services.transition_answer(answer, "submit", by=world.office)
    colleague = user_with_role(roles.COUNCIL_OFFICE, username="office-colleague")  # four eyes
    services.transition_answer(answer, "approve", by=colleague)
    return supplement


def _page(client, world, user=None) -> str:
    if user is not None:
        client.force_login(user)
    return client.get(world.inquiry.get_absolute_url()).content.decode()


def test_signing_records_the_answers_the_letter_carries(reply_world):
    reply = services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    recorded = {row.question_id: row.text for row in ReplyAnswer.objects.filter(reply=reply)}
    assert recorded == {reply_world.questions[key].pk: text for key, text in ANSWERS.items()}
    assert ReplyAnswer.objects.visible_to(AnonymousUser()).count() == 0  # signed, not sent


def test_reopening_an_answer_leaves_the_published_text_in_place(client, reply_world):
    _answered(reply_world)
    reply = reply_world.inquiry.replies.get()
    services.start_supplementary_reply(reply, by=reply_world.office)
    answer = Answer.objects.get(question=reply_world.questions["2"])
    services.transition_answer(answer, "reopen", by=reply_world.office)

    assert "Jobcenter Rhein-Sieg" in _page(client, reply_world)


@pytest.mark.parametrize("reader", ["anonymous", "member", "chair"])
def test_an_approved_correction_stays_unpublished_until_its_supplement_is_sent(client, reply_world, reader):
    _answered(reply_world)
    supplement = _correct_answer_2(reply_world)
    user = {"anonymous": None, "member": reply_world.member, "chair": reply_world.chair}[reader]

    body = _page(client, reply_world, user)
    assert "Jobcenter Rhein-Sieg" in body and "KORREKTURENTWURF" not in body
    assert search_inquiries(user or AnonymousUser(), "Korrekturentwurf") == []
    assert search_inquiries(user or AnonymousUser(), "Jobcenter") == [reply_world.inquiry]

    supplement = services.sign_reply(
        services.mark_reply_ready(supplement, by=reply_world.office), by=reply_world.mayor
    )
    body = _page(client, reply_world)
    assert "KORREKTURENTWURF" not in body  # signed, but not sent

    services.send_reply(supplement, by=reply_world.office)
    body = _page(client, reply_world)
    assert "KORREKTURENTWURF" in body and "Jobcenter Rhein-Sieg" not in body
    assert search_inquiries(user or AnonymousUser(), "Korrekturentwurf") == [reply_world.inquiry]
    # the answers the supplement did not carry still read as first sent
    assert ANSWERS["1a"].split("(")[0].strip() in body


def test_the_administration_finds_the_working_text(reply_world):
    _answered(reply_world)
    _correct_answer_2(reply_world)
    office = reply_world.office
    assert search_inquiries(office, "Korrekturentwurf") == [reply_world.inquiry]
    assert readable_answers(office).get(question=reply_world.questions["2"]).text == CORRECTION
    assert (
        ReplyAnswer.objects.visible_to(office).get(question=reply_world.questions["2"]).text == ANSWERS["2"]
    )


def test_outside_the_administration_no_working_answer_is_readable(reply_world):
    _answered(reply_world)
    for user in (AnonymousUser(), reply_world.member, reply_world.chair):
        assert not Answer.objects.visible_to(user).exists()
        assert set(readable_answers(user).values_list("text", flat=True)) == set(ANSWERS.values())


def test_a_sent_answer_never_changes(reply_world):
    _answered(reply_world)
    row = ReplyAnswer.objects.first()
    row.text = "anders"
    with pytest.raises(Exception, match="never changes"):
        row.save()
    with pytest.raises(Exception, match="use save"):
        ReplyAnswer.objects.update(text="anders")


def test_statistics_of_council_members_count_unsent_answers_as_open(client, reply_world):
    """An approved answer of an open inquiry is not published: the statistics do not reveal it."""
    from tests.factories import DepartmentFactory

    department = DepartmentFactory(code="FB50")
    for question in reply_world.questions.values():
        question.lead_department = department
        question.save()
    client.force_login(reply_world.member)
    (row,) = client.get(reverse("portal:statistics")).context["departments"]
    assert row["open_questions"] == 3  # 1a, 1b and 2 (1 is answered by its sub-questions)
    client.force_login(reply_world.office)
    assert client.get(reverse("portal:statistics")).context["departments"] == []  # all approved


def test_the_migration_records_replies_sent_before_it_as_they_were_signed(reply_world):
    """Replies signed before sent answers were recorded get them from the answers' history:
    the text at the moment of signing, not a later correction."""
    fill = __import__("responses.migrations.0004_fill_sent_answers", fromlist=["fill"]).fill
    reply = _answered(reply_world)
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        supplement = _correct_answer_2(reply_world)
    ReplyAnswer.objects.all().delete()

    fill(apps, None)

    recorded = {row.question_id: row.text for row in ReplyAnswer.objects.filter(reply=reply)}
    assert recorded == {reply_world.questions[key].pk: text for key, text in ANSWERS.items()}
    assert not ReplyAnswer.objects.filter(reply=supplement).exists()  # not signed


def test_the_migration_gives_a_supplement_only_its_corrections(reply_world):
    fill = __import__("responses.migrations.0004_fill_sent_answers", fromlist=["fill"]).fill
    _answered(reply_world)
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        supplement = _correct_answer_2(reply_world)
        supplement = services.sign_reply(
            services.mark_reply_ready(supplement, by=reply_world.office), by=reply_world.mayor
        )
    ReplyAnswer.objects.all().delete()

    fill(apps, None)

    recorded = {row.question_id: row.text for row in ReplyAnswer.objects.filter(reply=supplement)}
    assert recorded == {reply_world.questions["2"].pk: CORRECTION}


CORRECTION_TOKEN = "Kanarienkorrekturzeile"


def test_no_page_feed_export_or_api_shows_a_correction_before_its_supplement_is_sent(client):
    """The canary crawl of every page reachable by the public and by council members, with a
    correction approved in a supplementary reply that is not sent yet."""
    from django.contrib.auth import get_user_model

    from inquiries.models import Inquiry
    from tests.test_canary_crawl import SEEDS, _crawl, _leaks
    from tooling import demo

    demo.load()
    users = get_user_model().objects
    office, mayor = users.get(username="ratsbuero"), users.get(username="buergermeister")
    answered = Inquiry.objects.get(subject=demo.ANSWERED_SUBJECT)
    supplement = services.start_supplementary_reply(answered.replies.get(), by=office)
    answer = services.transition_answer(
        Answer.objects.filter(question__inquiry=answered).first(), "reopen", by=office
    )
    answer = services.save_answer(
        answer, text=f"{answer.text} {CORRECTION_TOKEN}", base_version=answer.version, by=office
    )
    answer = services.transition_answer(answer, "submit", by=office)
    services.transition_answer(
        answer, "approve", by=user_with_role(roles.COUNCIL_OFFICE, username="kollegin")
    )

    # search for words beside the token (a results page echoes the query itself)
    pages = _crawl(client, [*SEEDS, answered.get_absolute_url(), "/suche/?q=Haltestellen"])
    assert len(pages) > 20 and answered.get_absolute_url() in pages
    assert _leaks(pages, [CORRECTION_TOKEN]) == []
    client.force_login(user_with_role(roles.COUNCIL_MEMBER, username="kanarien-mitglied"))
    assert _leaks(_crawl(client, [*SEEDS, answered.get_absolute_url()]), [CORRECTION_TOKEN]) == []

    supplement = services.sign_reply(services.mark_reply_ready(supplement, by=office), by=mayor)
    assert CORRECTION_TOKEN not in client.get(answered.get_absolute_url()).content.decode()
    services.send_reply(supplement, by=office)
    assert CORRECTION_TOKEN in client.get(answered.get_absolute_url()).content.decode()


def test_each_question_has_one_current_text_that_of_the_latest_sent_reply(reply_world):
    """`is_current` (what readers read) is set when a reply is sent; the migration that added it
    sets the same for replies sent before."""
    first = _answered(reply_world)
    supplement = _correct_answer_2(reply_world)
    supplement = services.sign_reply(
        services.mark_reply_ready(supplement, by=reply_world.office), by=reply_world.mayor
    )
    expected = {reply_world.questions[key].pk: first.pk for key in ANSWERS}

    def current() -> dict[int, int]:
        return dict(ReplyAnswer.objects.filter(is_current=True).values_list("question_id", "reply_id"))

    assert current() == expected  # the supplement is signed, not sent
    services.send_reply(supplement, by=reply_world.office)
    expected[reply_world.questions["2"].pk] = supplement.pk
    assert current() == expected

    fill = __import__("responses.migrations.0009_replyanswer_is_current", fromlist=["fill"]).fill
    force_update(ReplyAnswer.objects.all(), is_current=False)
    fill(apps, None)
    assert current() == expected
