from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _repair_sqlite_index(sender, using, **kwargs):
    """SQLite rebuilds a table to alter it, and the search triggers go with the old one: after
    every `migrate`, put back what is missing (see search/sqlite_index.py)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from search import sqlite_index

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if ("search", "0001_sqlite_fulltext_index") in MigrationRecorder(connection).applied_migrations():
        sqlite_index.install(connection)


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        post_migrate.connect(_repair_sqlite_index, sender=self, dispatch_uid="search_repair_sqlite_index")
