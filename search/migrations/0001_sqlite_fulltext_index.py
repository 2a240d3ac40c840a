"""SQLite only: the FTS5 index of search, kept current by triggers (see search/sqlite_index.py).
Nothing on PostgreSQL, which searches its generated `search_vector` columns."""

from django.db import migrations


def install(apps, schema_editor):
    from search import sqlite_index

    sqlite_index.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from search import sqlite_index

    sqlite_index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0011_municipality_four_eyes_approval"),
        ("responses", "0005_signing_certificate"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
