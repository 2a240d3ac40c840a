"""What the OParl import remembers between runs. The endpoint itself needs no tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OParlPerson(models.Model):
    """A person imported from a council information system: an inactive user who cannot sign
    in, linked to the remote object so that later runs update instead of duplicating."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="oparl_person",
        verbose_name=_("user"),
    )
    oparl_id = models.URLField(_("OParl id"), max_length=500, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["oparl_id"]
        verbose_name = _("imported person")
        verbose_name_plural = _("imported persons")

    def __str__(self) -> str:
        return self.oparl_id


class OParlImportState(models.Model):
    """When a system was last imported from, for `modified_since` on the next run."""

    system_url = models.URLField(_("system URL"), max_length=500, unique=True)
    last_run_at = models.DateTimeField(_("last run at"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["system_url"]
        verbose_name = _("OParl import")
        verbose_name_plural = _("OParl imports")

    def __str__(self) -> str:
        return f"{self.system_url} ({self.last_run_at:%d.%m.%Y %H:%M})"
