"""Template tags that put answers and replies on the portal's pages.

Each tag reads through `visible_to` (one query per page render) and never filters again.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from inquiries.models import Inquiry, Question
from responses.markup import render_markup as _render_markup
from responses.models import Reply, ReplyAnswer

register = template.Library()


@register.simple_tag(takes_context=True)
def sent_answers(context, inquiry: Inquiry) -> dict[int, ReplyAnswer]:
    """The answers as sent, by question id: what `ReplyAnswer.objects.visible_to` gives the
    reader (the administration too: the portal page is the published record; the working text
    lives in the answer editor)."""
    answers = ReplyAnswer.objects.visible_to(context["request"].user).filter(reply__inquiry=inquiry)
    return {answer.question_id: answer for answer in answers}


@register.simple_tag
def answer_for(answers: dict[int, ReplyAnswer], question: Question) -> ReplyAnswer | None:
    """The question's sent answer; none where the page has no answers (a preview)."""
    return answers.get(question.pk) if isinstance(answers, dict) else None


@register.simple_tag(takes_context=True)
def sent_replies(context, inquiry: Inquiry) -> list[Reply]:
    return list(
        Reply.objects.visible_to(context["request"].user)
        .filter(inquiry=inquiry, status=Reply.Status.SENT)
        .prefetch_related("annex_records__annex")  # the annexes as the signed reply carried them
        .order_by("sent_at", "pk")
    )


@register.simple_tag(takes_context=True)
def inquiry_timeline(context, inquiry: Inquiry) -> list:
    """The inquiry's timeline as the reader may see it (`services.inquiry_timeline`)."""
    from responses.services import inquiry_timeline as timeline

    return timeline(inquiry, user=context["request"].user)


@register.filter
def render_markup(text: str) -> SafeString:
    return _render_markup(text)
