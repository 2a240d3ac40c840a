"""One search over inquiries, questions and answers, starting from `visible_to`, with the same
words, ranking and visibility on PostgreSQL and SQLite.

What the user typed becomes folded words and reference numbers (`search.text.parse`); no part
of it ever reaches a database as query syntax, and its size is bounded (`MAX_TERMS` words,
`MAX_REFERENCES` references). Each word is a prefix query over itself and its form without a
common German inflection ending, so "Fördermittel" finds "Fördermitteln" and
"Fördermittelbescheid", and "Fördermitteln" finds "Fördermittel". All words must occur in one
inquiry (subject, preamble, justification), one question or one answer.

PostgreSQL: German full-text search on the stored `search_vector` columns (GIN-indexed, see
`inquiries/fulltext.py`); every "ae"/"oe"/"ue" of a word is asked for as the umlaut too (the
stemmer folds case and ß, and drops the umlaut's dots, but keeps "oe" as written).
SQLite: FTS5 tables kept by triggers (`search/sqlite_index.py`) that hold the text folded to
one spelling; the words are folded the same way.

Ranking, on both: the inquiry's own text (subject 1.0, preamble and justification 0.1) plus its
best question (0.4) plus its best answer the user may read (0.2); an exact reference or
Drucksache number comes before all of them. Readers outside the administration search the
answers as sent (`responses.models.readable_answers`), never a working text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, FloatField, Max, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString

from inquiries.fulltext import SEARCH_CONFIG
from inquiries.models import Inquiry, Question
from inquiries.services import REFERENCE_PREFIX
from responses.models import readable_answers
from search import sqlite_index
from search import text as search_text
from search.text import Reference, fold, parse, spelling_variants, word_forms

EXACT_REFERENCE = 100.0  # above any sum of text ranks
# SQLite's tiers, as PostgreSQL's ts_rank weights A, B, C, D
SUBJECT, QUESTION, ANSWER, BODY = 1.0, 0.4, 0.2, 0.1
# the FTS5 table of each searchable table
FTS_TABLES = {source: fts for fts, source, *_ in sqlite_index.INDEXES}


def terms(text: str) -> list[str]:
    """The folded words of `text` that are searched as text (reference numbers are not)."""
    return parse(text).words


def tsquery_text(words: list[str]) -> str:
    """`(a:* | ä:*) & (c:*)` from folded words (only letters and digits) for to_tsquery."""
    groups = []
    for word in words:
        variants = [
            re.sub(r"[^\w]", "", variant) for form in word_forms(word) for variant in spelling_variants(form)
        ]
        groups.append(
            "(" + " | ".join(f"{variant}:*" for variant in dict.fromkeys(variants) if variant) + ")"
        )
    return " & ".join(groups)


def fts_match(words: list[str]) -> str:
    """`("a"* OR "b"*) AND ("c"*)` from folded words (only letters and digits) for FTS5 MATCH."""
    return " AND ".join("(" + " OR ".join(f'"{form}"*' for form in word_forms(word)) + ")" for word in words)


@dataclass
class Snippet:
    kind: str  # "question" or "answer"
    number: str
    html: SafeString


@dataclass
class Hit:
    inquiry: Inquiry
    snippets: list[Snippet]


def uses_fulltext() -> bool:
    """PostgreSQL's text search; otherwise SQLite's FTS5."""
    return connection.vendor == "postgresql"


def _reference_condition(references: list[Reference]) -> Q:
    """Exactly these reference numbers ("AN/2026/0007", "an/2026/7") or Drucksache numbers
    (`letter_reference`: "0512/2026" finds "Drs. 0512/2026" and "512/2026", never "10512/2026")."""
    condition = Q()
    for reference in references:
        numbers = reference.numbers
        if len(numbers) == 2 and reference.prefix in ("", fold(REFERENCE_PREFIX)):
            condition |= Q(reference_year=numbers[0], reference_number=numbers[1])
        # the same pattern in PostgreSQL's and Python's (SQLite's REGEXP) dialect
        pattern = r"\s?/\s?".join(f"0*{number}" for number in numbers)
        condition |= Q(letter_reference__iregex=rf"(^|[^0-9]){pattern}([^0-9]|$)")
    return condition


def ranked_inquiry_ids(user, text: str) -> list[int]:
    """The ids of the inquiries the user may see that match, best first.

    Queries: one for the reference numbers (if any), three for the words (inquiries, questions,
    answers, each grouping its ranks by inquiry); the sums are sorted here. Ranking every hit
    with correlated subqueries instead took seconds for thousands of hits.
    """
    query = parse(text)
    if not query:
        return []
    inquiries = Inquiry.objects.visible_to(user)
    scores: dict[int, float] = defaultdict(float)
    if query.references:
        for pk in inquiries.filter(_reference_condition(query.references)).values_list("pk", flat=True):
            scores[pk] += EXACT_REFERENCE
    if query.words:
        rank = _postgresql_ranks if uses_fulltext() else _sqlite_ranks
        for pk, score in rank(user, inquiries, readable_answers(user), query.words):
            scores[pk] += score
    return sorted(scores, key=lambda pk: (-scores[pk], -pk))


def _postgresql_rank_queries(
    user, inquiries: QuerySet, answers: QuerySet, words: list[str]
) -> list[QuerySet]:
    """`(inquiry id, rank)` rows: the inquiry's own rank, its best question's, its best answer's."""
    query = SearchQuery(tsquery_text(words), search_type="raw", config=SEARCH_CONFIG)
    rank = SearchRank(F("search_vector"), query)
    return [
        inquiries.filter(search_vector=query).order_by().annotate(r=rank).values_list("pk", "r"),
        Question.objects.visible_to(user)
        .filter(search_vector=query)
        .order_by()
        .values("inquiry_id")
        .annotate(r=Max(rank))
        .values_list("inquiry_id", "r"),
        answers.filter(search_vector=query)
        .order_by()
        .values("question__inquiry_id")
        .annotate(r=Max(rank))
        .values_list("question__inquiry_id", "r"),
    ]


def _postgresql_ranks(
    user, inquiries: QuerySet, answers: QuerySet, words: list[str]
) -> Iterable[tuple[int, float]]:
    for rows in _postgresql_rank_queries(user, inquiries, answers, words):
        yield from rows


def ranked_page(user, text: str, *, offset: int, limit: int) -> tuple[list[int], int]:
    """One page of `ranked_inquiry_ids` and the number of all hits.

    On PostgreSQL one statement ranks every source, sums per inquiry, sorts, counts (a window
    over the groups) and cuts the page, so only the page's ids leave the database. SQLite ranks
    with FTS5 row by row and sums in Python (`ranked_inquiry_ids`)."""
    query = parse(text)
    if not query:
        return [], 0
    if not uses_fulltext():
        ids = ranked_inquiry_ids(user, text)
        return ids[offset : offset + limit], len(ids)
    inquiries = Inquiry.objects.visible_to(user)
    parts = []
    if query.references:
        parts.append(
            inquiries.filter(_reference_condition(query.references))
            .order_by()
            .annotate(r=Value(EXACT_REFERENCE, output_field=FloatField()))
            .values_list("pk", "r")
        )
    if query.words:
        parts += _postgresql_rank_queries(user, inquiries, readable_answers(user), query.words)
    hits = (parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]).order_by()
    try:
        hits_sql, params = hits.query.sql_with_params()
    except EmptyResultSet:
        return [], 0
    sql = (
        f"SELECT id, COUNT(*) OVER () FROM ({hits_sql}) AS hits (id, r) "
        "GROUP BY id ORDER BY SUM(r::double precision) DESC, id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
    if not rows and offset:
        return [], ranked_page(user, text, offset=0, limit=1)[1]
    return [pk for pk, _total in rows], rows[0][1] if rows else 0


class RankedHits:
    """The ranked ids for `Paginator`: the total and the requested page from one statement
    (`ranked_page`); another page (the last, for a number past the end) costs one more."""

    ordered = True

    def __init__(self, user, text: str, *, per_page: int, number) -> None:
        self.user, self.text, self.per_page = user, text, per_page
        try:
            self.number = max(1, int(number))
        except (TypeError, ValueError):
            self.number = 1
        self._page: tuple[int, int, list[int]] | None = None
        self._total: int | None = None

    def _fetch(self, start: int, stop: int) -> list[int]:
        # Paginator cuts the last page at the total: still the page fetched
        if self._page is not None and self._page[0] == start and stop <= self._page[1]:
            return self._page[2][: stop - start]
        if self._page is None or self._page[:2] != (start, stop):
            ids, total = ranked_page(self.user, self.text, offset=start, limit=stop - start)
            self._page, self._total = (start, stop, ids), total
        return self._page[2]

    def count(self) -> int:
        if self._total is None:
            start = (self.number - 1) * self.per_page
            self._fetch(start, start + self.per_page)
        return self._total

    def __getitem__(self, key: slice) -> list[int]:
        return self._fetch(key.start or 0, key.stop)


def _fts_rows(queryset: QuerySet, match: str, *fields: str, column: str = "") -> list[tuple]:
    """`(bm25 score, matched in column?, *fields)` of the rows of `queryset` whose FTS5 row
    matches, best first; `column` names a column (the subject) to tell matches in it apart."""
    table = FTS_TABLES[queryset.model._meta.db_table]
    aliases = {f"search_{index}": F(field) for index, field in enumerate(fields)}
    rows = queryset.order_by().annotate(search_pk=F("pk"), **aliases).values_list("search_pk", *aliases)
    try:
        rows_sql, rows_params = rows.query.sql_with_params()
    except EmptyResultSet:  # e.g. nothing the user may read
        return []
    in_column, column_params = "0", []
    if column:
        in_column = f"{table}.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)"
        column_params = [f"{{{column}}} : ({match})"]
    selected = "".join(f", v.{alias}" for alias in aliases)
    sql = (
        f"SELECT -bm25({table}), {in_column}{selected} FROM {table} "
        f"JOIN ({rows_sql}) AS v ON v.search_pk = {table}.rowid "
        f"WHERE {table} MATCH %s ORDER BY bm25({table})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*column_params, *rows_params, match])
        return cursor.fetchall()


def _tier(weight: float, bm25: float) -> float:
    """`weight`, raised by up to half of it for a better bm25 within the tier."""
    return weight * (1 + bm25 / (1 + bm25) / 2) if bm25 > 0 else weight


def _sqlite_ranks(
    user, inquiries: QuerySet, answers: QuerySet, words: list[str]
) -> Iterable[tuple[int, float]]:
    match = fts_match(words)
    for bm25, in_subject, pk in _fts_rows(inquiries, match, "pk", column="subject"):
        yield pk, _tier(SUBJECT if in_subject else BODY, bm25)
    for weight, rows in (
        (QUESTION, _fts_rows(Question.objects.visible_to(user), match, "inquiry_id")),
        (ANSWER, _fts_rows(answers, match, "question__inquiry_id")),
    ):
        best: dict[int, float] = {}
        for bm25, _in_column, pk in rows:
            best[pk] = max(best.get(pk, 0.0), _tier(weight, bm25))
        yield from best.items()


def inquiries_in_order(ids: list[int]) -> list[Inquiry]:
    """The inquiries of `ids` (already checked for visibility), in that order: one query."""
    by_pk = Inquiry.objects.select_related("committee").in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def snippets(user, inquiries: list[Inquiry], text: str) -> list[Hit]:
    """Highlighted snippets for one page of results, the best matching question and answer of
    each inquiry: two queries (questions, answers) for the whole page. The database finds and
    ranks the rows; the marks are set in Python on the escaped text (`search.text.highlight`),
    the same on both databases, so no stored text can become markup."""
    words = terms(text)
    ids = [inquiry.pk for inquiry in inquiries]
    found: dict[int, dict[str, Snippet]] = {pk: {} for pk in ids}
    if not words:
        return [Hit(inquiry=inquiry, snippets=[]) for inquiry in inquiries]
    for kind, rows, inquiry_field, number_field in (
        ("question", Question.objects.filter(inquiry_id__in=ids), "inquiry_id", "number"),
        (
            "answer",
            readable_answers(user).filter(question__inquiry_id__in=ids),
            "question__inquiry_id",
            "question__number",
        ),
    ):
        for pk, number, row_text in _best_rows_first(rows, words, inquiry_field, number_field):
            if kind not in found[pk]:
                html = search_text.highlight(row_text, words) or search_text.beginning(row_text)
                found[pk][kind] = Snippet(kind, number, html)
    return [Hit(inquiry=inquiry, snippets=list(found[inquiry.pk].values())) for inquiry in inquiries]


def _best_rows_first(rows: QuerySet, words: list[str], *fields: str) -> list[tuple]:
    """`(*fields, text)` of the matching `rows`, best first."""
    if uses_fulltext():
        query = SearchQuery(tsquery_text(words), search_type="raw", config=SEARCH_CONFIG)
        return list(
            rows.filter(search_vector=query)
            .annotate(r=SearchRank(F("search_vector"), query))
            .order_by("-r")
            .values_list(*fields, "text")
        )
    return [row[2:] for row in _fts_rows(rows, fts_match(words), *fields, "text")]


def highlight_subject(inquiry: Inquiry, text: str) -> SafeString:
    return search_text.highlight(inquiry.subject, terms(text), width=None) or escape(inquiry.subject)
