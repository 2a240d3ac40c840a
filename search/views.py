from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from inquiries.views.loading import get_inquiry_for_user
from responses import permissions as response_permissions
from responses.loading import get_question_for_user
from responses.markup import render_markup
from responses.models import Answer
from responses.services import answers_locked_by_reply
from search import services, similar
from search.forms import SearchForm

PAGE_SIZE = 20


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    number = request.GET.get("page")
    hits = services.RankedHits(request.user, text, per_page=PAGE_SIZE, number=number)
    page = Paginator(hits, PAGE_SIZE).get_page(number)
    page.object_list = services.inquiries_in_order(list(page.object_list))
    hits = services.snippets(request.user, page.object_list, text) if text else []
    for hit in hits:
        hit.subject_html = services.highlight_subject(hit.inquiry, text)
    template_name = "search/search.html"
    if request.htmx and not request.htmx.boosted:
        template_name += "#search-results"
    return render(
        request,
        template_name,
        {
            "form": form,
            "text": text,
            "page": page,
            "hits": hits,
            "query_string": urlencode({"q": text}) if text else "",
            "today": timezone.localdate(),
        },
    )


# --- "Asked before?" ---------------------------------------------------------------------------

MAX_TEXTS = 50
MAX_TEXT_LENGTH = 2000


@require_safe
@login_required
def question_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """Beside a question in the answer editor: up to five earlier questions with the answer as
    it was sent (loaded by htmx; a page of its own without JavaScript). Same access as the
    editor: 404 unless the inquiry is visible, 403 unless the user works on the question."""
    user = request.user
    question = get_question_for_user(request, pk)
    suggestions = similar.suggestions_for_question(user, question)
    for suggestion in suggestions:
        suggestion.rendered = render_markup(suggestion.sent_answer.text)
    answer = Answer.objects.visible_to(user).filter(question=question).only("pk", "status", "version").first()
    can_copy = (
        bool(suggestions)
        and response_permissions.can_edit_answer(user, question)
        and not (answer and answer.is_locked)
        and not answers_locked_by_reply(question.inquiry_id)
    )
    template_name = "search/question_suggestions.html"
    if request.htmx and not request.htmx.boosted:
        template_name += "#suggestions"
    return render(
        request,
        template_name,
        {
            "question": question,
            "inquiry": question.inquiry,
            "suggestions": suggestions,
            "can_copy": can_copy,
            # inside the editor the copy buttons submit the editor's form (typed text is saved
            # first); on a page of their own each carries the version the user saw
            "in_editor": bool(request.htmx),
            "version": answer.version if answer else 1,
        },
    )


def _typed_texts(request: HttpRequest) -> list[str]:
    """The subject and question texts of a form being written (`subject`, `…-text`), bounded."""
    texts = [
        value[:MAX_TEXT_LENGTH]
        for key, values in request.GET.lists()
        if key == "subject" or key.endswith("-text")
        for value in values
        if value.strip()
    ]
    return texts[:MAX_TEXTS]


@require_safe
def inquiry_suggestions(request: HttpRequest) -> HttpResponse:
    """Earlier inquiries that resemble an inquiry (`?inquiry=<pk>`, one the user may see) or the
    texts of a form being written, among the inquiries the user may see. With `repeats=1` (the
    council office at registration): only very similar questions of the last two years."""
    user = request.user
    inquiry = None
    pk = request.GET.get("inquiry", "")
    if pk:
        inquiry = get_inquiry_for_user(request, pk if pk.isdigit() else None)
    repeats = request.GET.get("repeats") == "1" and inquiry is not None
    if repeats:
        found = similar.likely_repeats(user, inquiry, today=timezone.localdate())
    else:
        texts = _typed_texts(request)
        if inquiry is not None:
            texts += [inquiry.subject, *inquiry.questions.values_list("text", flat=True)[:MAX_TEXTS]]
        found = similar.similar_inquiries(user, texts, exclude_pk=inquiry.pk if inquiry else None)
    template_name = "search/inquiry_suggestions.html"
    if request.htmx and not request.htmx.boosted:
        template_name += "#similar-inquiries"
    return render(
        request,
        template_name,
        {"inquiry": inquiry, "found": found, "repeats": repeats, "today": timezone.localdate()},
    )
