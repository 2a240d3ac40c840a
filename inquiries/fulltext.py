"""Full-text search columns that work on PostgreSQL and stay harmless on SQLite.

Inquiry, Question and Answer each carry a stored generated `search_vector` (a GeneratedField
can only read columns of its own table, so there is one per table) with the German text
search configuration and weights subject A > question B > answer C (> preamble and
justification D), and a GIN index. PostgreSQL recomputes the column on every write, whatever
the write path (save, update, bulk_create, raw SQL), so the index is always current.

On SQLite the column is NULL and the index an ordinary one; search there uses FTS5 tables
kept by triggers (see `search/sqlite_index.py` and `search.services`).
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Func

SEARCH_CONFIG = "german"


class PostgresSearchVector(Func):
    """Wraps a (combined) SearchVector; NULL on databases without text search."""

    template = "(%(expressions)s)"
    output_field = SearchVectorField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


def search_vector_field(*weighted: tuple[tuple[str, ...], str]) -> models.GeneratedField:
    """`weighted` pairs of (column names, weight letter)."""
    vectors = [SearchVector(*columns, weight=weight, config=SEARCH_CONFIG) for columns, weight in weighted]
    expression = vectors[0]
    for vector in vectors[1:]:
        expression = expression + vector
    return models.GeneratedField(
        expression=PostgresSearchVector(expression),
        output_field=SearchVectorField(null=True),
        db_persist=True,
        editable=False,
    )


class SearchVectorDeferredManager(models.Manager):
    """A model's rows without its `search_vector`: the generated vector is as large as the texts
    it indexes, and only the database reads it (search filters and ranks on the column, nothing
    reads the attribute). Related managers derive from this one; `select_related` paths defer it
    where they are built (`Inquiry.WIDE_FIELDS`)."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


class SearchIndex(GinIndex):
    """A GIN index on PostgreSQL; a plain index elsewhere (GIN does not exist there)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return models.Index.create_sql(self, model, schema_editor, using="", **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def check_supported(self, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            super().check_supported(schema_editor)
