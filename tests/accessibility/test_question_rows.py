"""The inquiry form's row buttons, without JavaScript too: the new or moved row's control gets
the focus (`autofocus`, which htmx also honours after a swap) and the status region outside the
redrawn list says what happened."""

import re

import pytest

from inquiries.forms import row_action_focus

pytestmark = pytest.mark.django_db


def _rows(*levels: str) -> list[dict]:
    return [{"number": "", "text": f"Frage {i}", "level": level} for i, level in enumerate(levels)]


@pytest.mark.parametrize(
    ("rows", "action", "expected"),
    [
        (_rows("0", "0"), "add", (1, "text", "Question 2 added.")),
        (_rows("0", "1", "1", "0"), "add_sub:0", (2, "text", "Sub-question 3 added.")),
        (_rows("0", "0", "0"), "up:2", (1, "up", "Question moved to position 2.")),
        (_rows("0", "0", "0"), "up:1", (0, "text", "Question moved to position 1.")),
        (_rows("0", "0", "0"), "down:0", (1, "down", "Question moved to position 2.")),
        (_rows("0", "0"), "down:0", (1, "text", "Question moved to position 2.")),
        (_rows("0", "0", "0"), "remove:1", (1, "text", "Question 2 removed.")),
        (_rows("0"), "remove:1", (0, "text", "Question 2 removed.")),
        ([], "remove:0", (None, "add", "Question 1 removed.")),
        (_rows("0"), "save", (None, "", "")),
    ],
)
def test_row_buttons_say_where_the_focus_goes(rows, action, expected):
    assert row_action_focus(rows, action) == expected


def test_adding_a_question_without_javascript_focuses_it_and_says_so(client, chair):
    client.force_login(chair)
    response = client.post(
        "/anfragen/neu/",
        {
            "action": "add",
            "q-TOTAL_FORMS": "1",
            "q-INITIAL_FORMS": "0",
            "q-0-text": "Erste?",
            "q-0-level": "0",
        },
    )
    content = response.content.decode()
    assert re.search(r'<textarea name="q-1-text" id="id_q-1-text" rows="2" autofocus', content)
    assert content.count("autofocus") == 1
    status = re.search(r'<p id="questions-status" role="status"[^>]*>([^<]*)</p>', content)
    assert status and status.group(1) == "Question 2 added."
    assert content.index('id="questions-status"') < content.index('<section id="questions"')


def test_the_first_load_focuses_nothing_and_the_status_is_empty(client, chair):
    client.force_login(chair)
    content = client.get("/anfragen/neu/").content.decode()
    assert "autofocus" not in content
    assert '<p id="questions-status" role="status" class="visually-hidden"></p>' in content
