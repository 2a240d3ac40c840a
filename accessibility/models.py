"""What BITV 2.0 asks of a public body's web application besides accessible pages: a statement
on its accessibility (conformance, known barriers, date of the last assessment, the enforcement
body), a way to report barriers that reaches the council office, with a record of each report
and its answer, and a short text in plain language (Leichte Sprache)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inquiries.models import Municipality


class AccessibilityStatement(models.Model):
    """The statement of one municipality (one installation serves one; see Municipality.current)."""

    class Conformance(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="accessibility_statement",
        verbose_name=_("municipality"),
    )
    conformance = models.CharField(
        _("conformance status"), max_length=10, choices=Conformance, default=Conformance.PARTIAL
    )
    known_barriers = models.TextField(
        _("known barriers"),
        blank=True,
        help_text=_("One barrier per paragraph (separated by a blank line), with its reason and workaround."),
    )
    assessed_on = models.DateField(_("date of the last assessment"), null=True, blank=True)
    assessment_method = models.CharField(
        _("how it was assessed"),
        max_length=300,
        blank=True,
        help_text=_("For example: self-assessment by hand and with automated tests."),
    )
    feedback_email = models.EmailField(
        _("e-mail for barrier reports"),
        blank=True,
        help_text=_("Empty: the council office's e-mail of the municipality."),
    )
    enforcement_body_name = models.CharField(_("enforcement body"), max_length=300, blank=True)
    enforcement_body_address = models.TextField(_("address of the enforcement body"), blank=True)
    enforcement_body_email = models.EmailField(_("e-mail of the enforcement body"), blank=True)
    enforcement_body_website = models.URLField(_("website of the enforcement body"), blank=True)
    plain_language_text = models.TextField(
        _("text in plain language"),
        blank=True,
        help_text=_("Short sentences; one paragraph per blank line. Empty: the standard text."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")
        ordering = ["municipality__name"]

    def __str__(self) -> str:
        return str(self.municipality)

    @classmethod
    def current(cls) -> AccessibilityStatement | None:
        """The statement of the installation's municipality; reads the municipality."""
        municipality = Municipality.current()
        if municipality is None:
            return None
        return cls.objects.filter(municipality=municipality).select_related("municipality").first()

    @property
    def office_email(self) -> str:
        return self.feedback_email or self.municipality.email

    @property
    def barriers(self) -> list[str]:
        return [
            part.strip() for part in self.known_barriers.replace("\r\n", "\n").split("\n\n") if part.strip()
        ]


class BarrierReport(models.Model):
    """A barrier someone reported through the statement's feedback form, and the office's answer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")

    page = models.CharField(_("page"), max_length=500, blank=True)
    description = models.TextField(_("description"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_barrier_reports",
        verbose_name=_("answered by"),
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("barrier report")
        verbose_name_plural = _("barrier reports")

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y}: {self.description[:60]}"
