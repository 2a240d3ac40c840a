"""People's own settings and stand-ins: profiles (how they hear of new work), deputies
(Vertretung), the notices kept for their daily e-mail, and the inquiries they follow."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inquiries.models.audit import AuditedQuerySet


class Profile(models.Model):
    """A user's own settings: how they hear of work that lands in their queue."""

    class EmailFrequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once, one e-mail per item")
        DAILY = "daily", _("Once a day, all items in one e-mail")
        NEVER = "never", _("No e-mail (I look at my start page)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    email_frequency = models.CharField(
        _("e-mail about new work"), max_length=20, choices=EmailFrequency, default=EmailFrequency.IMMEDIATE
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)


class DeputyQuerySet(AuditedQuerySet):
    def in_force(self, today: date) -> DeputyQuerySet:
        return self.filter(starts_on__lte=today, ends_on__gte=today)


class Deputy(models.Model):
    """Vertretung: while `absent` is away (from `starts_on` to `ends_on`, both included),
    `deputy` sees their queue and acts for them (`permissions.represented_users`)."""

    absent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deputies", verbose_name=_("absent")
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deputy_for",
        verbose_name=_("deputy"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = DeputyQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="deputy_period_order"
            ),
            models.CheckConstraint(condition=~Q(absent=models.F("deputy")), name="deputy_not_self"),
        ]
        indexes = [models.Index(fields=["deputy", "starts_on", "ends_on"], name="deputy_in_force")]

    def __str__(self) -> str:
        return f"{self.deputy} → {self.absent} ({self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y})"


class Notice(models.Model):
    """Work that landed in someone's queue, kept for their daily e-mail
    (`Profile.EmailFrequency.DAILY`); `sent_at` is set when the bundle went out."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    subject = models.CharField(_("subject"), max_length=300)
    url = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["sent_at", "recipient"], name="notice_unsent")]

    def __str__(self) -> str:
        return self.subject


class Follow(models.Model):
    """A council member follows an inquiry and is told when its reply is sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    inquiry = models.ForeignKey("inquiries.Inquiry", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=["user", "inquiry"], name="follow_unique_user_inquiry")]

    def __str__(self) -> str:
        return f"{self.user} → {self.inquiry}"
