"""SQLite's full-text index: FTS5 tables of inquiries, questions, answers and sent answers (for
the snippets), and per inquiry of its questions, working answers and published answers (the
search document, `DOCUMENTS`, rowid = the inquiry's id), kept current by triggers. PostgreSQL searches its own `search_vector` columns
(inquiries/fulltext.py) and has none of this.

Why triggers: they run on every write, whatever its path (a service, the admin, a history
revert, `update()`, `bulk_create`, raw SQL, another program), as PostgreSQL's generated columns
do; Python-side upkeep would miss some of them.
Why the folding is written in SQL: the triggers must not depend on a Python function that only
Django's connections know. SQLite's `lower()` knows only ASCII, so the German letters are
replaced one by one (ä/Ä → ae, ö/Ö → oe, ü/Ü → ue, ß/ẞ → ss), and the tokenizer (unicode61,
remove_diacritics 2) folds the case of everything else and drops other accents. The query side
does the same in Python (`search.text.fold`); tests/search/test_german_search.py holds the two
together.

The index holds the words that PostgreSQL's `search_vector` holds, no more: the reference and
Drucksache numbers are looked up exactly on both databases through their own columns
(`search.services`), which a token index cannot do ("an/2026/7" is "AN/2026/0007", "17/1234" is
not "17/12345"), and a word "an" must not find every inquiry by its reference.

Each FTS table's rowid is the primary key of the row it indexes; the tables keep their own
folded copy of the text, which the search matches and ranks, never shows.

When SQLite alters a table, Django's schema editor rebuilds it under a new name, and the
triggers go with the old table. So `install` runs after every `migrate` as well (see
`search.apps`): it creates what is missing and, if anything was missing, refills the index.
"""

from __future__ import annotations


def fold(expression: str) -> str:
    for letter, spelling in (
        ("ä", "ae"),
        ("Ä", "ae"),
        ("ö", "oe"),
        ("Ö", "oe"),
        ("ü", "ue"),
        ("Ü", "ue"),
        ("ß", "ss"),
        ("ẞ", "ss"),
    ):
        expression = f"replace({expression}, '{letter}', '{spelling}')"
    return expression


TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"

# FTS table, source table, {FTS column: SQL over the source row `r`}, source columns that matter
INDEXES = [
    (
        "search_inquiry_fts",
        "inquiries_inquiry",
        {
            "subject": fold("{row}.subject"),
            "body": fold("{row}.preamble || ' ' || {row}.justification"),
        },
        ["subject", "preamble", "justification"],
    ),
    ("search_question_fts", "inquiries_question", {"text": fold("{row}.text")}, ["text"]),
    ("search_answer_fts", "responses_answer", {"text": fold("{row}.text")}, ["text"]),
    ("search_replyanswer_fts", "responses_replyanswer", {"text": fold("{row}.text")}, ["text"]),
]


EVENTS = ("insert", "update", "delete")

# Per inquiry, the words of its questions, its working answers and its published answers: the
# search document of PostgreSQL (search/pg_document.py) as FTS5 tables whose rowid is the
# inquiry's id, so that a hit is an inquiry without reading the row of each matching question or
# answer (at 10,000 inquiries those lookups were most of the search). FTS table, source table,
# the inquiry id of a source row `{row}`, SQL of the document's text for the inquiry `{id}`,
# source columns that matter.
DOCUMENTS = [
    (
        "search_questions_fts",
        "inquiries_question",
        "{row}.inquiry_id",
        "SELECT group_concat({text}, ' ') AS t FROM inquiries_question AS s WHERE s.inquiry_id = {id}",
        ["text", "inquiry_id"],
    ),
    (
        "search_answers_fts",
        "responses_answer",
        "(SELECT q.inquiry_id FROM inquiries_question AS q WHERE q.id = {row}.question_id)",
        "SELECT group_concat({text}, ' ') AS t FROM responses_answer AS s "
        "JOIN inquiries_question AS q ON q.id = s.question_id WHERE q.inquiry_id = {id}",
        ["text", "question_id"],
    ),
    (
        "search_sent_answers_fts",
        "responses_replyanswer",
        "{row}.inquiry_id",
        "SELECT group_concat({text}, ' ') AS t FROM responses_replyanswer AS s "
        "WHERE s.inquiry_id = {id} AND s.is_published",
        ["text", "inquiry_id", "is_published"],
    ),
]


def _statements():
    """Drop and create each FTS table and its triggers, and fill it from its source table."""
    for fts, source, columns, watched in INDEXES:
        names = ", ".join(columns)
        values = ", ".join(columns.values())  # over the row `{row}`
        for event in EVENTS:
            yield f"DROP TRIGGER IF EXISTS {fts}_{event}"
        yield f"DROP TABLE IF EXISTS {fts}"
        yield f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, {TOKENIZE})"
        yield f"INSERT INTO {fts} (rowid, {names}) SELECT r.id, {values.format(row='r')} FROM {source} AS r"
        insert = f"INSERT INTO {fts} (rowid, {names}) VALUES (new.id, {values.format(row='new')})"
        yield f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {source} BEGIN {insert}; END"
        yield (
            f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {', '.join(watched)} ON {source} BEGIN "
            f"DELETE FROM {fts} WHERE rowid = old.id; {insert}; END"
        )
        yield f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {source} BEGIN DELETE FROM {fts} WHERE rowid = old.id; END"


def documents_as_defined(text_sql: str) -> str:
    """`(inquiry id, text)` of every inquiry with a document, computed from the rows."""
    text = text_sql.format(text=fold("s.text"), id="i.id").replace(" AS t FROM", " FROM")
    return f"SELECT id, t FROM (SELECT i.id AS id, ({text}) AS t FROM inquiries_inquiry AS i) WHERE t IS NOT NULL"


def _rewrite(fts: str, inquiry_of: str, text_sql: str, row: str) -> str:
    """Trigger statements: the document of the inquiry of the row `row` ("old", "new") again."""
    inquiry = inquiry_of.format(row=row)
    return (
        f"DELETE FROM {fts} WHERE rowid = {inquiry}; "
        f"INSERT INTO {fts} (rowid, text) SELECT {inquiry}, t FROM "
        f"({text_sql.format(text=fold('s.text'), id=inquiry)}) WHERE t IS NOT NULL;"
    )


def _document_statements():
    """Drop and create each per-inquiry FTS table and its triggers, and fill it. A trigger
    writes the document of the inquiry of the old and of the new row again (an FTS row cannot
    be changed in part); an inquiry without text has no row."""
    for fts, source, inquiry_of, text_sql, watched in DOCUMENTS:
        for event in EVENTS:
            yield f"DROP TRIGGER IF EXISTS {fts}_{event}"
        yield f"DROP TABLE IF EXISTS {fts}"
        yield f"CREATE VIRTUAL TABLE {fts} USING fts5(text, {TOKENIZE})"
        yield f"INSERT INTO {fts} (rowid, text) {documents_as_defined(text_sql)}"

        yield f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {source} BEGIN {_rewrite(fts, inquiry_of, text_sql, 'new')} END"
        yield (
            f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {', '.join(watched)} ON {source} BEGIN "
            f"{_rewrite(fts, inquiry_of, text_sql, 'old')} {_rewrite(fts, inquiry_of, text_sql, 'new')} END"
        )
        yield f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {source} BEGIN {_rewrite(fts, inquiry_of, text_sql, 'old')} END"


def _present(cursor) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search\\_%\\_fts%' ESCAPE '\\'")
    return {name for (name,) in cursor.fetchall()}


def install(connection, *, force: bool = False) -> bool:
    """Create the FTS tables and triggers and fill the index, if any of them is missing (or
    with `force`); SQLite only. True if it did."""
    if connection.vendor != "sqlite":
        return False
    tables = [fts for fts, *_ in INDEXES + DOCUMENTS]
    expected = {*tables} | {f"{fts}_{event}" for fts in tables for event in EVENTS}
    with connection.cursor() as cursor:
        if not force and _present(cursor) >= expected:
            return False
        for statement in (*_statements(), *_document_statements()):
            cursor.execute(statement)
    return True


def uninstall(connection) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for fts, *_ in INDEXES + DOCUMENTS:
            for event in EVENTS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{event}")
            cursor.execute(f"DROP TABLE IF EXISTS {fts}")
