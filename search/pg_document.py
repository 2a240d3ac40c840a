"""PostgreSQL's search document: one narrow row per inquiry (`search_document`, the unmanaged
model `search.models.SearchDocument`) holding the words of its subject, its own text, its
questions, its working answers and its published answers, each GIN-indexed, kept current by
triggers. SQLite searches its FTS5 tables (search/sqlite_index.py) and has none of this.

Why: a hit found in the questions' or answers' own indexes is a row address; its inquiry is on
the (wide) row, so counting 4,000 hits read 5,000 heap pages. Every hit in the document is an
inquiry: the GIN index answers the match exactly (no weights in the query, so no recheck, the
vectors are never read; `WORDS` below makes the planner use it), and the row it points to holds little more than the inquiry's id: the
vectors are stored out of line (`toast_tuple_target`), so 10,000 documents fit in a few hundred
pages (docs/architecture.md, "Search").

The vectors are the rows' own generated `search_vector`s (inquiries/fulltext.py) concatenated
and stripped of positions and weights (nothing ranks on the document; the snippets rank the
rows themselves), except the subject, which is `to_tsvector` of the subject alone, as the
inquiry's vector holds it with weight A.

Why triggers: as on SQLite, they run on every write path (a service, the admin, `update()`,
`bulk_create`, COPY, raw SQL). Inserts and deletes are statement triggers with transition
tables, so a bulk write refreshes each touched document once; updates are row triggers on the
columns that matter (a column list excludes transition tables), filtered by a WHEN that skips
writes that change nothing. A TRUNCATE of the inquiries (Django's flush between tests) empties
the documents.
"""

from __future__ import annotations

TABLE = "search_document"

# the document's columns and the SQL computing each for the inquiry `i`
_AGG = "coalesce((SELECT strip(search_tsvector_agg(s.search_vector)) FROM {rows}), '')"
COLUMNS = {
    "subject": "strip(to_tsvector('german'::regconfig, coalesce(i.subject, '')))",
    "text": "strip(i.search_vector)",
    "questions": _AGG.format(rows="inquiries_question s WHERE s.inquiry_id = i.id"),
    "answers": _AGG.format(
        rows="responses_answer s JOIN inquiries_question q ON q.id = s.question_id WHERE q.inquiry_id = i.id"
    ),
    "sent_answers": _AGG.format(rows="responses_replyanswer s WHERE s.inquiry_id = i.id AND s.is_published"),
}

# What the document's indexes index and search asks for: a column's vector as it is, through a
# function that declares its cost. The planner does not count reading an out-of-line value, so
# for a table of a few hundred pages it took reading every row's vector (a sequential scan, 75,000
# buffers, 210 ms at 10,000 inquiries) for cheaper than the index (536 buffers, 6-17 ms); matching
# through this function costs what reading the vector costs, and only the index avoids it.
WORDS = "search_document_words"
_WORDS = f"""
CREATE OR REPLACE FUNCTION {WORDS}(words tsvector) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$ BEGIN RETURN words; END $$
"""

_REFRESH = f"""
CREATE OR REPLACE FUNCTION search_document_refresh(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO {TABLE} (inquiry_id, {", ".join(COLUMNS)})
    SELECT i.id, {", ".join(COLUMNS.values())}
    FROM inquiries_inquiry i WHERE i.id = ANY(ids)
    ON CONFLICT (inquiry_id) DO UPDATE SET {", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS)};
    DELETE FROM {TABLE} d WHERE d.inquiry_id = ANY(ids)
        AND NOT EXISTS (SELECT FROM inquiries_inquiry i WHERE i.id = d.inquiry_id);
$$
"""

# source table, the inquiry ids of a transition table `t`, the inquiry id of a row `r`, the
# columns whose update matters
SOURCES = [
    ("inquiries_inquiry", "SELECT t.id FROM t", "{r}.id", ["subject", "preamble", "justification"]),
    ("inquiries_question", "SELECT t.inquiry_id FROM t", "{r}.inquiry_id", ["text", "inquiry_id"]),
    (
        "responses_answer",
        "SELECT q.inquiry_id FROM inquiries_question q WHERE q.id IN (SELECT t.question_id FROM t)",
        "(SELECT q.inquiry_id FROM inquiries_question q WHERE q.id = {r}.question_id)",
        ["text", "question_id"],
    ),
    (
        "responses_replyanswer",
        "SELECT t.inquiry_id FROM t",
        "{r}.inquiry_id",
        ["text", "inquiry_id", "is_published"],
    ),
]


def _statements():
    yield (
        f"CREATE TABLE IF NOT EXISTS {TABLE} (inquiry_id bigint PRIMARY KEY, "
        + ", ".join(f"{column} tsvector NOT NULL" for column in COLUMNS)
        # out of line from the smallest size allowed: the heap row stays a few dozen bytes
        + ") WITH (toast_tuple_target = 128)"
    )
    yield _WORDS
    for column in COLUMNS:
        yield f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET STORAGE EXTERNAL"
        yield f"CREATE INDEX IF NOT EXISTS {TABLE}_{column} ON {TABLE} USING gin ({WORDS}({column}))"
    yield "DROP AGGREGATE IF EXISTS search_tsvector_agg(tsvector)"
    yield "CREATE AGGREGATE search_tsvector_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')"
    yield _REFRESH
    for source, ids, row_id, watched in SOURCES:
        for event, table in (("insert", "NEW"), ("delete", "OLD")):
            function = f"{TABLE}_{source}_{event}"
            yield (
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"PERFORM search_document_refresh(ARRAY(SELECT DISTINCT x FROM ({ids}) AS u(x))); "
                "RETURN NULL; END $$"
            )
            yield f"DROP TRIGGER IF EXISTS {function} ON {source}"
            yield (
                f"CREATE TRIGGER {function} AFTER {event.upper()} ON {source} "
                f"REFERENCING {table} TABLE AS t FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
        function = f"{TABLE}_{source}_update"
        changed = " OR ".join(f"old.{column} IS DISTINCT FROM new.{column}" for column in watched)
        yield (
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"PERFORM search_document_refresh(ARRAY[{row_id.format(r='old')}, {row_id.format(r='new')}]); "
            "RETURN NULL; END $$"
        )
        yield f"DROP TRIGGER IF EXISTS {function} ON {source}"
        yield (
            f"CREATE TRIGGER {function} AFTER UPDATE OF {', '.join(watched)} ON {source} "
            f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {function}()"
        )
    yield (
        f"CREATE OR REPLACE FUNCTION {TABLE}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"TRUNCATE {TABLE}; RETURN NULL; END $$"
    )
    yield f"DROP TRIGGER IF EXISTS {TABLE}_truncate ON inquiries_inquiry"
    yield (
        f"CREATE TRIGGER {TABLE}_truncate AFTER TRUNCATE ON inquiries_inquiry "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_truncate()"
    )


def install(connection) -> bool:
    """Create the document table, its indexes and triggers, and fill it; PostgreSQL only."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        for statement in _statements():
            cursor.execute(statement)
        cursor.execute("SELECT search_document_refresh(ARRAY(SELECT id FROM inquiries_inquiry))")
    return True


def uninstall(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for source, *_ in SOURCES:
            for event in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{source}_{event} ON {source}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_{source}_{event}()")
        cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_truncate ON inquiries_inquiry")
        cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_truncate()")
        cursor.execute("DROP FUNCTION IF EXISTS search_document_refresh(bigint[])")
        cursor.execute("DROP AGGREGATE IF EXISTS search_tsvector_agg(tsvector)")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {WORDS}(tsvector)")
