from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from search import services
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
