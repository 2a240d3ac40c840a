"""Choice labels that lists read once per row."""

from __future__ import annotations

from django.db import models
from django.utils.encoding import force_str

_LABELS: dict[models.Field, dict] = {}


class ChoiceLabels:
    """`get_<field>_display()` from a mapping built once per field. Django builds it anew on
    every call and hashes each (lazy, translated) label, which translates every choice of the
    field: on the inquiry list the kind and status of 25 rows took a fifth of the table's
    rendering. The labels stay lazy, so each is still translated into the request's language."""

    def _get_FIELD_display(self, field: models.Field) -> str:
        labels = _LABELS.get(field)
        if labels is None:
            labels = _LABELS[field] = dict(field.flatchoices)
        value = getattr(self, field.attname)
        return force_str(labels.get(value, value), strings_only=True)
