"""What the OParl import remembers between runs. The endpoint itself needs no tables."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def is_chair_role(role: str) -> bool:
    """Whether a membership role is a chair: "Ausschussvorsitzender", "Vorsitzende/r" and
    "Fraktionsvorsitzende" are; their deputies ("stellv. Fraktionsvorsitzender",
    "stellvertetender Ausschussvorsitzender" as SD.NET spells it) are not."""
    role = role.lower()
    return "vorsitz" in role and "stellv" not in role and "vertret" not in role


def is_deputy_role(role: str) -> bool:
    """Whether a membership role is a deputy's: "stellv. Mitglied", "Persönliche Vertreterin
    des Sachkundigen Bürgers" …"""
    role = role.lower()
    return "stellv" in role or "vertret" in role


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


class OParlMembershipQuerySet(models.QuerySet):
    def current(self, today: date) -> OParlMembershipQuerySet:
        """In force on `today`: begun (or no start given) and not ended; the end date is the
        membership's last day."""
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=today),
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        )


class OParlMembership(models.Model):
    """One membership record as the council information system keeps it: who, in which
    committee, in which role, from when to when. A person often has several in one committee
    (SD.NET lists the whole history: "Mitglied" until 2009, "Sachkundiger Bürger" since 2020).

    The committee's `members` and `chair`, which the rest of the product reads, are derived
    from the records in force (`oparl.importer.derive_members`)."""

    committee = models.ForeignKey(
        "inquiries.Committee",
        on_delete=models.CASCADE,
        related_name="oparl_memberships",
        verbose_name=_("committee"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="oparl_memberships",
        verbose_name=_("person"),
    )
    oparl_id = models.URLField(_("OParl id"), max_length=500, unique=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    has_voting_right = models.BooleanField(_("voting right"), null=True, blank=True)
    starts_on = models.DateField(_("member from"), null=True, blank=True)
    ends_on = models.DateField(_("member until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OParlMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "user", "starts_on"]
        verbose_name = _("imported membership")
        verbose_name_plural = _("imported memberships")
        indexes = [
            # deriving a committee's members: its records in force
            models.Index(fields=["committee", "ends_on"], name="oparlmembership_committee_end"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.committee} ({self.role or '?'})"

    @property
    def is_chair(self) -> bool:
        return is_chair_role(self.role)

    @property
    def is_deputy(self) -> bool:
        return is_deputy_role(self.role)
