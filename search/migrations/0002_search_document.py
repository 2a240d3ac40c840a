"""PostgreSQL only: the per-inquiry search document, its indexes and the triggers that keep it
(search/pg_document.py), filled for the inquiries there are. Nothing on SQLite, which searches
its FTS5 tables."""

from django.db import migrations, models


def install(apps, schema_editor):
    from search import pg_document

    pg_document.install(schema_editor.connection)


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
