import re

from django.utils.safestring import SafeString
from hypothesis import given
from hypothesis import strategies as st

from responses.markup import render_markup

ALLOWED_TAGS = {"p", "/p", "ul", "/ul", "ol", "/ol", "li", "/li", "br"}


def _tags(html: str) -> set[str]:
    return {match.split()[0] for match in re.findall(r"<([^>]*)>", html)}


def test_blank_lines_separate_paragraphs_and_single_breaks_stay():
    html = render_markup("Erster Absatz,\nzweite Zeile.\n\nZweiter Absatz.")
    assert html == "<p>Erster Absatz,<br>zweite Zeile.</p>\n<p>Zweiter Absatz.</p>"


def test_dash_and_star_lines_form_one_bullet_list():
    html = render_markup("- Jobcenter\n* Jugendamt\n- Ausländerbehörde")
    assert html == "<ul><li>Jobcenter</li><li>Jugendamt</li><li>Ausländerbehörde</li></ul>"


def test_numbered_lines_form_an_ordered_list_starting_where_the_first_item_says():
    assert render_markup("1. Erstens\n2. Zweitens") == "<ol><li>Erstens</li><li>Zweitens</li></ol>"
    assert (
        render_markup("3. Drittens\n4. Viertens") == '<ol start="3"><li>Drittens</li><li>Viertens</li></ol>'
    )


def test_text_line_followed_by_list_without_blank_line_becomes_paragraph_and_list():
    html = render_markup("Beteiligt sind:\n- das Jobcenter\n- das Jugendamt\nWeitere folgen.")
    assert html == (
        "<p>Beteiligt sind:</p>\n<ul><li>das Jobcenter</li><li>das Jugendamt</li></ul>\n<p>Weitere folgen.</p>"
    )


def test_indented_line_continues_the_list_item():
    html = render_markup("- Baustein 1:\n  Koordinierung\n- Baustein 2")
    assert html == "<ul><li>Baustein 1:<br>Koordinierung</li><li>Baustein 2</li></ul>"


def test_windows_line_endings_and_surrounding_blank_lines_are_normalised():
    assert render_markup("\r\n\r\nA\r\nB\r\n\r\n\r\nC\r\n") == "<p>A<br>B</p>\n<p>C</p>"


def test_empty_and_none_render_nothing():
    assert render_markup("") == ""
    assert render_markup(None) == ""
    assert render_markup(" \n\n  ") == ""


def test_result_is_safe_for_templates():
    assert isinstance(render_markup("x"), SafeString)


def test_script_tag_is_escaped():
    html = render_markup("<script>alert('x')</script>")
    assert "<script" not in html
    assert html == "<p>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</p>"


def test_attribute_breakout_with_event_handler_is_escaped():
    html = render_markup('"><img src=x onerror="alert(1)">')
    assert "<img" not in html
    assert '"' not in html
    assert _tags(html) == {"p", "/p"}


def test_html_inside_list_items_is_escaped():
    html = render_markup('- <a href="javascript:alert(1)">klick</a>\n1. <b>fett</b>')
    assert "<a" not in html and "<b>" not in html
    assert "&lt;b&gt;fett&lt;/b&gt;" in html
    assert _tags(html) <= ALLOWED_TAGS


def test_existing_entities_are_escaped_not_interpreted():
    assert render_markup("&lt;script&gt; &amp;") == "<p>&amp;lt;script&amp;gt; &amp;amp;</p>"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_input_produces_only_the_allowed_tags(text):
    html = render_markup(text)
    assert _tags(html) <= ALLOWED_TAGS
    # Every "<" in the output starts one of our tags: user text never contributes one.
    for match in re.finditer("<", html):
        assert re.match(r"</?(p|ul|ol|li|br)( start=\"\d+\")?>", html[match.start() :])
