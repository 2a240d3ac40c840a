"""The per-inquiry search document, its indexes and the triggers that keep it, filled for the
inquiries there are: on PostgreSQL a table (search/pg_document.py), on SQLite FTS5 tables of
each inquiry's questions and answers beside those of the rows (search/sqlite_index.py)."""

from django.db import migrations, models


def install(apps, schema_editor):
    from search import pg_document, sqlite_index

    pg_document.install(schema_editor.connection)
    sqlite_index.install(schema_editor.connection, force=True)


def uninstall(apps, schema_editor):
    from search import pg_document

    pg_document.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_sqlite_fulltext_index"),
        ("inquiries", "0016_follow_ups_index_and_worklist_covering_index"),
        ("responses", "0009_replyanswer_published"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "inquiry",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=models.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="inquiries.inquiry",
                        verbose_name="inquiry",
                    ),
                ),
            ],
            options={
                "db_table": "search_document",
                "managed": False,
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
