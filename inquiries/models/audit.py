"""Bulk writes that would bypass a model's history are refused, and so are changes to what a
signed document printed."""

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


class SignedContentLocked(Exception):
    """A change to what a signed document printed (the inquiry's subject, a question's text …)."""


def _refuse_changes_to_signed_content(instance, fields: tuple[str, ...], inquiry_id, update_fields) -> None:
    """Signed content is read-only everywhere, not only on the app's pages: a save that changes
    one of `fields` of an inquiry that a signed document carries is refused (`signals.content_signed`). Costs one query for
    a save that could touch them, a second only when it does."""
    if instance._state.adding or inquiry_id is None:
        return
    if update_fields is not None and not set(update_fields) & {field.removesuffix("_id") for field in fields}:
        return
    stored = type(instance)._base_manager.filter(pk=instance.pk).values(*fields).first()
    if stored is None or all(stored[field] == getattr(instance, field) for field in fields):
        return
    from inquiries.signals import is_content_signed

    if is_content_signed(inquiry_id):
        raise SignedContentLocked(
            f"{type(instance).__name__} {instance.pk}: it is signed; its content can no longer change"
        )
