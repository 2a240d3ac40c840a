"""One search over inquiries, questions and answers, starting from `visible_to`, with the same
words, ranking and visibility on PostgreSQL and SQLite.

What the user typed becomes folded words and reference numbers (`search.text.parse`); no part
of it ever reaches a database as query syntax, and its size is bounded (`MAX_TERMS` words,
`MAX_REFERENCES` references). Each word is a prefix query over itself and its form without a
common German inflection ending, so "Fördermittel" finds "Fördermitteln" and
"Fördermittelbescheid", and "Fördermitteln" finds "Fördermittel". All words must occur in one
source of an inquiry: its own text (subject, preamble, justification), its questions (one or
spread over several) or the answers the user reads (one or several).

Hits are found in a search document per inquiry, kept by triggers on every write path:
PostgreSQL: a table of German full-text vectors (`search/pg_document.py`, built from the rows'
generated `search_vector`s, `inquiries/fulltext.py`); every "ae"/"oe"/"ue" of a word is asked
for as the umlaut too (the stemmer folds case and ß, and drops the umlaut's dots, but keeps "oe"
as written). SQLite: FTS5 tables (`search/sqlite_index.py`) that hold the text folded to one
spelling; the words are folded the same way. The snippets rank the rows themselves (the
questions' and answers' own vectors and FTS5 tables).

Ranking, the same statement on both: by where the words occur, in tiers that add up per
inquiry: the subject (10) or else the preamble and justification (1), any question (4), any
answer the user may read (2); an exact reference or Drucksache number (1000) comes before all
of them; within a tier the newest inquiry first. The tiers come from the document's indexes
alone, each hit an inquiry id, so no text and no row of a question or answer is read and no rank
function runs per hit; the cost grows with the number of hits only at index speed (docs/architecture.md, "Staying fast as the data grows"). Readers outside the
administration search the answers as sent (`responses.models.readable_answers`), never a
working text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import ExpressionWrapper, F, IntegerField, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString

from inquiries.fulltext import SEARCH_CONFIG
from inquiries.models import Inquiry, Question, of_visible_inquiries
from inquiries.services import REFERENCE_PREFIX
from responses.models import ReplyAnswer, readable_answers
from search import pg_document, sqlite_index
from search import text as search_text
from search.models import SearchDocument
from search.text import Reference, fold, parse, spelling_variants, word_forms

# the tiers of a hit, whole numbers so that sums compare exactly: a reference number above
# everything, the subject above a question and an answer together, a question above an answer
# and the body together
EXACT_REFERENCE, SUBJECT, QUESTION, ANSWER, BODY = 1000, 10, 4, 2, 1
# the FTS5 table of each searchable table
FTS_TABLES = {source: fts for fts, source, *_ in sqlite_index.INDEXES}


def terms(text: str) -> list[str]:
    """The folded words of `text` that are searched as text (reference numbers are not)."""
    return parse(text).words


def tsquery_text(words: list[str], *, weight: str = "", any_word: bool = False) -> str:
    """`(a:* | ä:*) & (c:*)` from folded words (only letters and digits) for to_tsquery; with a
    `weight` ("A": the subject) `a:*A`, matching only text of that weight; with `any_word`
    `(…) | (…)`."""
    groups = []
    for word in words:
        variants = [
            re.sub(r"[^\w]", "", variant) for form in word_forms(word) for variant in spelling_variants(form)
        ]
        groups.append(
            "(" + " | ".join(f"{variant}:*{weight}" for variant in dict.fromkeys(variants) if variant) + ")"
        )
    return (" | " if any_word else " & ").join(groups)


def fts_match(words: list[str], *, any_word: bool = False) -> str:
    """`("a"* OR "b"*) AND ("c"*)` from folded words (only letters and digits) for FTS5 MATCH;
    with `any_word` `(…) OR (…)`."""
    return (" OR " if any_word else " AND ").join(
        "(" + " OR ".join(f'"{form}"*' for form in word_forms(word)) + ")" for word in words
    )


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


def _hits(rows: QuerySet, inquiry_field: str, tier) -> QuerySet:
    """`(inquiry id, tier)` once per inquiry of the matching `rows`."""
    tier = tier if hasattr(tier, "resolve_expression") else Value(tier)
    hits = (
        rows.order_by()
        .annotate(hit_id=F(inquiry_field), hit_tier=ExpressionWrapper(tier, output_field=IntegerField()))
        .values_list("hit_id", "hit_tier")
    )
    # an inquiry's own row is once per inquiry already; several questions or answers are not
    return hits if inquiry_field == "pk" else hits.distinct()


def _hit_queries(user, query: search_text.Query) -> list[tuple[str, list]]:
    """Per source, the SQL of the inquiries it finds with their tier (`hit_id`, `hit_tier`):
    exact references, the inquiries' own text (subject or body), their questions, and the
    answers the user may read. A source that can find nothing for the user is left out."""
    inquiries = Inquiry.objects.visible_to(user)
    parts = []
    if query.references:
        parts.append(_hits(inquiries.filter(_reference_condition(query.references)), "pk", EXACT_REFERENCE))
    return [*_compiled(parts), *(_document_hits(user, query.words) if query.words else [])]


def _compiled(querysets: list[QuerySet]) -> list[tuple[str, list]]:
    compiled = []
    for queryset in querysets:
        try:
            compiled.append(queryset.query.sql_with_params())
        except EmptyResultSet:  # e.g. nothing the user may read
            pass
    return compiled


def _document_hits(user, words: list[str]) -> list[tuple[str, list]]:
    """Per source, the inquiries whose document holds all `words`, with the source's tier: the
    inquiry's own text, its subject (added to the text's tier, which every subject hit has too),
    its questions and the answers the user reads (`readable_answers`: the working texts or the
    published texts as sent). Every hit is an inquiry id from an index: PostgreSQL's search
    document (`SearchDocument`, search/pg_document.py), SQLite's FTS5 tables whose rowid is the
    inquiry's (search/sqlite_index.py); no row of a question or answer is read. Visibility is the
    inquiries' (`of_visible_inquiries`, questions and answers are visible with their inquiry),
    compiled once for the four sources: building four querysets cost more than their scans."""
    documents = SearchDocument.objects.filter(of_visible_inquiries(user, "inquiry")).query
    try:
        visible, visible_params = documents.get_compiler(connection=connection).compile(documents.where)
    except FullResultSet:
        visible, visible_params = "1 = 1", ()
    except EmptyResultSet:
        return []
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    sent = readable_answers(user).model is ReplyAnswer
    return [
        (
            # each source named as the document, so that the compiled condition applies to it
            f"SELECT {table}.inquiry_id AS hit_id, {tier} AS hit_tier FROM ({source}) AS {table} WHERE {visible}",
            [*params, *visible_params],
        )
        for source, params, tier in _document_sources(words, sent=sent)
    ]


def _document_sources(words: list[str], *, sent: bool) -> list[tuple[str, list, int]]:
    """`(SQL of the ids as inquiry_id, its parameters, tier)` per source of `_document_hits`."""
    if uses_fulltext():
        table = connection.ops.quote_name(SearchDocument._meta.db_table)
        query = [SEARCH_CONFIG, tsquery_text(words)]
        return [
            (
                f"SELECT inquiry_id FROM {table} "
                f"WHERE {pg_document.WORDS}({connection.ops.quote_name(column)}) @@ to_tsquery(%s::regconfig, %s)",
                query,
                tier,
            )
            for column, tier in (
                ("text", BODY),
                ("subject", SUBJECT - BODY),
                ("questions", QUESTION),
                ("sent_answers" if sent else "answers", ANSWER),
            )
        ]
    match = fts_match(words)
    answers = "search_sent_answers_fts" if sent else "search_answers_fts"
    return [
        (f"SELECT rowid AS inquiry_id FROM {fts} WHERE {fts} MATCH %s", [text], tier)
        for fts, text, tier in (
            (FTS_TABLES[Inquiry._meta.db_table], match, BODY),
            (FTS_TABLES[Inquiry._meta.db_table], f"{{subject}} : ({match})", SUBJECT - BODY),
            ("search_questions_fts", match, QUESTION),
            (answers, match, ANSWER),
        )
    ]


def _answer_inquiry(answers: QuerySet) -> str:
    """The path to an answer's inquiry: a sent answer carries its own (no join)."""
    return "inquiry_id" if answers.model is ReplyAnswer else "question__inquiry_id"


def _ranked(user, text: str, *, offset: int = 0, limit: int | None = None) -> tuple[list[int], int]:
    """One statement, the same on both databases: every source's hits (index-driven, one row
    per inquiry and source, no text read and no rank function per hit), summed per inquiry,
    sorted by tier and then newest first, counted (a window over the groups) and cut to the
    page. Only the page's ids leave the database."""
    query = parse(text)
    if not query:
        return [], 0
    parts = _hit_queries(user, query)
    if not parts:
        return [], 0
    hits_sql = " UNION ALL ".join(f"SELECT * FROM ({sql}) AS part" for sql, _params in parts)
    params = [param for _sql, part_params in parts for param in part_params]
    sql = (
        f"SELECT hit_id, COUNT(*) OVER () FROM ({hits_sql}) AS hits "
        "GROUP BY hit_id ORDER BY SUM(hit_tier) DESC, hit_id DESC"
    )
    if limit is not None:
        sql += " LIMIT %s OFFSET %s"
        params = (*params, limit, offset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows and offset:
        return [], _ranked(user, text, offset=0, limit=1)[1]
    return [pk for pk, _total in rows], rows[0][1] if rows else 0


def ranked_inquiry_ids(user, text: str) -> list[int]:
    """The ids of all inquiries the user may see that match, best first (`ranked_page` without
    the cut)."""
    return _ranked(user, text)[0]


def ranked_page(user, text: str, *, offset: int, limit: int) -> tuple[list[int], int]:
    """One page of `ranked_inquiry_ids` and the number of all hits, from one statement."""
    return _ranked(user, text, offset=offset, limit=limit)


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


def inquiries_in_order(ids: list[int]) -> list[Inquiry]:
    """The inquiries of `ids` (already checked for visibility), in that order, with what a result
    shows of them (reference, subject, kind, status, committee): one query."""
    by_pk = (
        Inquiry.objects.select_related("committee")
        .only(*("pk", "reference", "subject", "kind", "status", "committee", "committee__name"))
        .in_bulk(ids)
    )
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
    answers = readable_answers(user)
    answer_inquiry = _answer_inquiry(answers)
    for kind, rows, inquiry_field, number_field in (
        ("question", Question.objects.filter(inquiry_id__in=ids), "inquiry_id", "number"),
        ("answer", answers.filter(**{f"{answer_inquiry}__in": ids}), answer_inquiry, "question__number"),
    ):
        for pk, number, row_text in _best_rows_first(rows, words, inquiry_field, number_field):
            if kind not in found[pk]:
                html = search_text.highlight(row_text, words) or search_text.beginning(row_text)
                found[pk][kind] = Snippet(kind, number, html)
    return [Hit(inquiry=inquiry, snippets=list(found[inquiry.pk].values())) for inquiry in inquiries]


def _best_rows_first(rows: QuerySet, words: list[str], *fields: str) -> list[tuple]:
    """`(*fields, text)` of the `rows` with any of the words, best first (the words of a hit
    may be spread over an inquiry's questions; the one with most of them comes first)."""
    if uses_fulltext():
        query = SearchQuery(tsquery_text(words, any_word=True), search_type="raw", config=SEARCH_CONFIG)
        return list(
            rows.filter(search_vector=query)
            .annotate(r=SearchRank(F("search_vector"), query))
            .order_by("-r")
            .values_list(*fields, "text")
        )
    return [row[2:] for row in _fts_rows(rows, fts_match(words, any_word=True), *fields, "text")]


def highlight_subject(inquiry: Inquiry, text: str) -> SafeString:
    return search_text.highlight(inquiry.subject, terms(text), width=None) or escape(inquiry.subject)
