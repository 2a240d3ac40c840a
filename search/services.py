"""One search over inquiries, questions and answers, starting from `visible_to`.

PostgreSQL: German full-text search on the stored `search_vector` columns (GIN-indexed, see
`inquiries/fulltext.py`). Each word the user types becomes a prefix query over the word and
its forms without a common German inflection ending, so "Fördermittel" finds "Fördermitteln"
and "Fördermittelbescheid", "Fördermitteln" finds "Fördermittel", and "Integrationsausschuss"
finds "Integrationsausschusses" (the snowball stemmer alone does not unify -el/-eln). User text
never reaches `to_tsquery` raw: only word characters survive, joined by our own operators.
Ranking: ts_rank of the inquiry (subject A, preamble/justification D) plus the best question
(B) plus the best answer (C) the user may read.

SQLite: the same word forms with `icontains`, ranked subject > question > answer, snippets
cut in Python.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Max, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from inquiries.fulltext import SEARCH_CONFIG
from inquiries.models import Inquiry, Question
from responses.models import readable_answers

MAX_TERMS = 8
MIN_STEM = 4
# common German inflection endings, longest first
ENDINGS = ("ern", "en", "er", "es", "em", "n", "s", "e")
# markers ts_headline puts around matches; the text is escaped afterwards, then they become <mark>
START, STOP = "\x02", "\x03"


def terms(text: str) -> list[str]:
    words = re.findall(r"\w+", text.casefold())
    return [word for word in dict.fromkeys(words) if len(word) >= 2][:MAX_TERMS]


def word_forms(term: str) -> list[str]:
    """The term and the term without one common ending: "fördermitteln" → also "fördermittel"."""
    forms = [term]
    for ending in ENDINGS:
        if term.endswith(ending) and len(term) - len(ending) >= MIN_STEM:
            forms.append(term[: -len(ending)])
    return list(dict.fromkeys(forms))


def tsquery_text(words: list[str]) -> str:
    """`(a:* | b:*) & (c:*)` from sanitised words (only \\w characters) for to_tsquery."""
    groups = []
    for word in words:
        forms = [re.sub(r"[^\w]", "", form) for form in word_forms(word)]
        groups.append("(" + " | ".join(f"{form}:*" for form in forms if form) + ")")
    return " & ".join(groups)


@dataclass
class Snippet:
    kind: str  # "question" or "answer"
    number: str
    html: SafeString


@dataclass
class Hit:
    inquiry: Inquiry
    snippets: list[Snippet]


def _mark(headline: str) -> SafeString:
    return mark_safe(escape(headline).replace(START, "<mark>").replace(STOP, "</mark>"))


def uses_fulltext() -> bool:
    return connection.vendor == "postgresql"


def ranked_inquiry_ids(user, text: str) -> list[int]:
    """The ids of the inquiries the user may see that match, best first.

    PostgreSQL: three passes over the GIN indexes, one per table, each grouping its ranks by
    inquiry (subject > question > answer by their weights); the sums are sorted here. Ranking
    every hit with correlated subqueries instead took seconds for thousands of hits.
    """
    words = terms(text)
    if not words:
        return []
    inquiries = Inquiry.objects.visible_to(user)
    answers = readable_answers(user)
    if not uses_fulltext():
        return list(_icontains_matches(inquiries, answers, words).values_list("pk", flat=True))
    query = SearchQuery(tsquery_text(words), search_type="raw", config=SEARCH_CONFIG)
    rank = SearchRank(F("search_vector"), query)
    scores: dict[int, float] = defaultdict(float)
    for pk, score in inquiries.filter(search_vector=query).annotate(r=rank).values_list("pk", "r"):
        scores[pk] += score
    for pk, score in (
        Question.objects.filter(search_vector=query, inquiry__in=inquiries)
        .values("inquiry_id")
        .annotate(r=Max(rank))
        .values_list("inquiry_id", "r")
    ):
        scores[pk] += score
    for pk, score in (
        answers.filter(search_vector=query)
        .order_by()
        .values("question__inquiry_id")
        .annotate(r=Max(rank))
        .values_list("question__inquiry_id", "r")
    ):
        scores[pk] += score
    return sorted(scores, key=lambda pk: (-scores[pk], -pk))


def inquiries_in_order(ids: list[int]) -> list[Inquiry]:
    """The inquiries of `ids` (already checked for visibility), in that order: one query."""
    by_pk = Inquiry.objects.select_related("committee").in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def search_inquiries(user, text: str) -> list[Inquiry]:
    """All matching inquiries the user may see, best first (for small result sets and tests;
    pages use `ranked_inquiry_ids` and fetch one page)."""
    return inquiries_in_order(ranked_inquiry_ids(user, text))


def _icontains_matches(inquiries: QuerySet[Inquiry], answers: QuerySet, words: list[str]):
    matches = Q()
    question_matches = Q()
    answer_matches = Q()
    for word in words:
        forms = word_forms(word)
        word_q = Q()
        question_q = Q()
        answer_q = Q()
        for form in forms:
            word_q |= (
                Q(subject__icontains=form) | Q(preamble__icontains=form) | Q(justification__icontains=form)
            )
            question_q |= Q(text__icontains=form)
            answer_q |= Q(text__icontains=form)
        matches &= word_q
        question_matches &= question_q
        answer_matches &= answer_q
    return inquiries.filter(
        matches
        | Q(pk__in=Question.objects.filter(question_matches).values("inquiry_id"))
        | Q(pk__in=answers.filter(answer_matches).values("question__inquiry_id"))
    ).order_by(*Inquiry._meta.ordering)


def _python_snippet(text: str, words: list[str], width: int = 90) -> SafeString | None:
    forms = sorted({form for word in words for form in word_forms(word)}, key=len, reverse=True)
    folded = text.casefold()
    positions = [(folded.find(form), form) for form in forms if folded.find(form) >= 0]
    if not positions:
        return None
    start = max(0, min(positions)[0] - width // 2)
    end = min(len(text), start + width * 2)
    window = text[start:end]
    pattern = re.compile("|".join(re.escape(form) for form in forms), re.IGNORECASE)
    html = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", window)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return _mark(prefix + html + suffix)


def snippets(user, inquiries: list[Inquiry], text: str) -> list[Hit]:
    """Highlighted snippets for one page of results: two queries (questions, answers) for
    the whole page."""
    words = terms(text)
    ids = [inquiry.pk for inquiry in inquiries]
    questions = Question.objects.filter(inquiry_id__in=ids)
    answers = readable_answers(user).filter(question__inquiry_id__in=ids)
    found: dict[int, dict[str, Snippet]] = {pk: {} for pk in ids}
    if uses_fulltext() and words:
        query = SearchQuery(tsquery_text(words), search_type="raw", config=SEARCH_CONFIG)
        options = {
            "config": SEARCH_CONFIG,
            "start_sel": START,
            "stop_sel": STOP,
            "max_words": 30,
            "min_words": 12,
        }
        best_question = {}
        for row in (
            questions.filter(search_vector=query)
            .annotate(
                headline=SearchHeadline("text", query, **options), r=SearchRank(F("search_vector"), query)
            )
            .order_by("inquiry_id", "-r")
            .values("inquiry_id", "number", "headline")
        ):
            best_question.setdefault(row["inquiry_id"], row)
        best_answer = {}
        for row in (
            answers.filter(search_vector=query)
            .annotate(
                headline=SearchHeadline("text", query, **options), r=SearchRank(F("search_vector"), query)
            )
            .order_by("question__inquiry_id", "-r")
            .values("question__inquiry_id", "question__number", "headline")
        ):
            best_answer.setdefault(row["question__inquiry_id"], row)
        for pk, row in best_question.items():
            found[pk]["question"] = Snippet("question", row["number"], _mark(row["headline"]))
        for pk, row in best_answer.items():
            found[pk]["answer"] = Snippet("answer", row["question__number"], _mark(row["headline"]))
    elif words:
        forms_q = Q()
        for word in words:
            for form in word_forms(word):
                forms_q |= Q(text__icontains=form)
        for row in questions.filter(forms_q).values("inquiry_id", "number", "text"):
            if "question" not in found[row["inquiry_id"]] and (html := _python_snippet(row["text"], words)):
                found[row["inquiry_id"]]["question"] = Snippet("question", row["number"], html)
        for row in answers.filter(forms_q).values("question__inquiry_id", "question__number", "text"):
            inquiry_id = row["question__inquiry_id"]
            if "answer" not in found[inquiry_id] and (html := _python_snippet(row["text"], words)):
                found[inquiry_id]["answer"] = Snippet("answer", row["question__number"], html)
    return [Hit(inquiry=inquiry, snippets=list(found[inquiry.pk].values())) for inquiry in inquiries]


def highlight_subject(inquiry: Inquiry, text: str) -> SafeString:
    return _python_snippet(inquiry.subject, terms(text), width=10_000) or escape(inquiry.subject)
