"""The results of a search page, written in Python as the inquiry table's rows are
(`inquiries.templatetags.inquiry_rows`): the page repeats them 20 times, and the template
language's cost per node was a third of the page's rendering."""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from inquiries.templatetags.inquiry_rows import html_rows

register = template.Library()

_HIT = """<li class="mb-4">
            <h3 class="h6 mb-1"><a href="{}">{}</a></h3>
            <p class="small text-body-secondary mb-1">{}</p>{}
          </li>"""
_SNIPPET = """
            <p class="mb-1 small"><span class="fw-semibold">{}</span> {}</p>"""


@register.simple_tag
def search_hits(hits) -> SafeString:
    """`{% search_hits hits %}`: each hit's subject (marked, `Hit.subject_html`) with its link,
    reference, kind, status and committee, and its snippets. Reads `committee` (loaded with the
    inquiries, `search.services.inquiries_in_order`)."""
    labels = {"answer": gettext("Answer %(number)s:"), "question": gettext("Question %(number)s:")}
    return html_rows(
        _HIT,
        (
            (
                hit.inquiry.get_absolute_url(),
                hit.subject_html,
                " · ".join(
                    [
                        hit.inquiry.reference or "–",
                        hit.inquiry.get_kind_display(),
                        hit.inquiry.get_status_display(),
                        *([hit.inquiry.committee.name] if hit.inquiry.committee_id else []),
                    ]
                ),
                html_rows(
                    _SNIPPET,
                    (
                        (labels[snippet.kind] % {"number": snippet.number}, snippet.html)
                        for snippet in hit.snippets
                    ),
                ),
            )
            for hit in hits
        ),
    )
