"""The answer's status badge and the worklist's rows are written in Python (`responses.templatetags.
answers`): each status keeps its badge, and what staff wrote stays text."""

import pytest
from django.urls import reverse
from django.utils import translation

from responses.models import Answer
from responses.templatetags.answers import answer_status
from tests.factories import AnswerFactory

S = Answer.Status
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("arguments", "colour", "label"),
    [
        ({}, "text-bg-secondary", "Not started"),
        ({"status": S.DRAFT}, "text-bg-light border", "Draft"),
        ({"status": S.DRAFT, "returned": "Zahlen fehlen"}, "text-bg-danger", "returned"),
        ({"status": S.IN_REVIEW}, "text-bg-warning", "In review"),
        ({"status": S.APPROVED}, "text-bg-success", "Approved"),
        ({"status": S.DRAFT, "by_sub_questions": True}, "text-bg-success", "Answered by its sub-questions"),
        ({"status": S.APPROVED, "by_sub_questions": True}, "text-bg-success", "Approved"),
    ],
)
def test_the_answer_badge_names_where_the_answer_stands(arguments, colour, label):
    with translation.override("en"):
        assert answer_status(**arguments) == f'<span class="badge status-badge {colour}">{label}</span>'


def test_the_worklist_escapes_the_question_and_the_reason_for_returning(client, world):
    world.question.text = "Wie <b>hoch</b> sind die Kosten?"
    world.question.save()
    AnswerFactory(question=world.question, status=S.DRAFT, review_comment="Bitte <script>x</script> ergänzen")
    client.force_login(world.lead_staff)
    content = client.get(reverse("responses:worklist")).content.decode()
    assert "Wie &lt;b&gt;hoch&lt;/b&gt; sind die Kosten?" in content
    assert "<script>x</script>" not in content and "&lt;script&gt;x&lt;/script&gt;" in content


def test_the_worklist_names_the_lead_and_the_participating_departments(client, world):
    world.question.participating_departments.add(world.other)
    client.force_login(world.lead_staff)
    with translation.override("en"):
        content = client.get(reverse("responses:worklist"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{world.lead.code} (with {world.participating.code}, {world.other.code})" in content


@pytest.mark.parametrize(
    "text",
    [
        "",
        "eins",
        "eins zwei drei",
        " eins\n zwei\tdrei  vier fünf ",
        "a b c d e f g h i j k l m n o p",
        "a b …",
        "a … … b",
    ],
)
@pytest.mark.parametrize("count", [1, 3, 14])
def test_rows_cut_words_as_the_template_filter_does(text, count):
    from django.template.defaultfilters import truncatewords

    from inquiries.templatetags.inquiry_rows import truncate_words

    assert truncate_words(text, count) == truncatewords(text, count)
