"""Bulk writes that would bypass a model's history are refused."""

from __future__ import annotations

from django.db import models


class UnauditedWrite(Exception):
    """A bulk write that would bypass the history of an audited model."""


class AuditedQuerySet(models.QuerySet):
    """The queryset of every model with a history: bulk writes that skip `save()` (and so the
    history and its user) are refused. Change rows one by one through `save()`; deletions
    send signals per row and are recorded."""

    def update(self, **kwargs):
        raise UnauditedWrite(f"{self.model.__name__}: use save() so the change is recorded in the history")

    def bulk_update(self, objs, fields, batch_size=None):
        raise UnauditedWrite(f"{self.model.__name__}: use save() so the change is recorded in the history")
