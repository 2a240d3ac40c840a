"""Template tags that put answers and replies on the portal's pages.

Each tag reads through `visible_to` (one query per page render) and never filters again.
"""

from __future__ import annotations

from django import template
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from inquiries.models import Inquiry, Question
from inquiries.templatetags.inquiry_rows import question_items
from responses.markup import render_markup as _render_markup
from responses.models import Reply, ReplyAnnex, ReplyAnswer
from responses.templatetags.answers import answer_status

register = template.Library()


@register.simple_tag(takes_context=True)
def sent_answers(context, inquiry: Inquiry) -> dict[int, ReplyAnswer]:
    """The answers as sent, by question id: what `ReplyAnswer.objects.visible_to` gives the
    reader (the administration too: the portal page is the published record; the working text
    lives in the answer editor)."""
    answers = (
        ReplyAnswer.objects.visible_to(
            context["request"].user, inquiry=inquiry
        ).order_by()  # a mapping: no join for the model's order (reply, inquiry, question)
    )
    return {answer.question_id: answer for answer in answers}


@register.simple_tag
def answer_for(answers: dict[int, ReplyAnswer], question: Question) -> ReplyAnswer | None:
    """The question's sent answer; none where the page has no answers (a preview)."""
    return answers.get(question.pk) if isinstance(answers, dict) else None


@register.simple_tag(takes_context=True)
def sent_replies(context, inquiry: Inquiry) -> list[Reply]:
    return list(
        Reply.objects.visible_to(context["request"].user, inquiry=inquiry)
        .filter(status=Reply.Status.SENT)
        # the annexes as the signed reply carried them, in its order: one query, without the
        # joins of the model's order (reply, inquiry)
        .prefetch_related(
            Prefetch(
                "annex_records", queryset=ReplyAnnex.objects.select_related("annex").order_by("position")
            )
        )
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


@register.simple_tag(takes_context=True)
def portal_questions(context, questions: list[Question], answers: dict[int, ReplyAnswer]) -> SafeString:
    """`{% portal_questions questions answers %}`: the inquiry's questions
    (`inquiries.templatetags.inquiry_rows.question_items`), each with its answer as sent
    (`answers`: `sent_answers`) and, for the administration, its departments and where its
    answer stands (`answer_status`, annotated by the view)."""
    is_administration = bool(context.get("is_administration"))
    answer_label, sent_label = gettext("Answer"), gettext("Answer of the administration")

    def extra(question: Question) -> SafeString:
        parts = []
        if is_administration and question.lead_department_id:
            parts.append(
                format_html(
                    '\n      <p class="small mb-1">{} <a href="{}">{}<span class="visually-hidden"> {}</span></a></p>',
                    answer_status(question.answer_status, question.is_answered_by_sub_questions),
                    reverse("responses:answer_edit", args=[question.pk]),
                    answer_label,
                    question.number,
                )
            )
        if answer := answer_for(answers, question):
            parts.append(
                format_html(
                    '\n      <div class="answer card card-body bg-body-tertiary mt-2">'
                    '<p class="small fw-semibold mb-1">{}</p><div class="answer-text prose">{}</div></div>',
                    sent_label,
                    _render_markup(answer.text),
                )
            )
        return mark_safe("".join(parts))

    return question_items(questions, departments=is_administration, extra=extra)
