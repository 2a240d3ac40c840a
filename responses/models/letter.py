"""The letter's settings per municipality, forms of address, and annexes of answers and replies."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inquiries.models import AuditedQuerySet, Inquiry, UnauditedWrite
from responses.models.records import Answer, Reply


def _letter_file_path(instance, filename: str) -> str:
    return f"letter/{instance.municipality_id or 'new'}/{filename}"


class LetterSettings(models.Model):
    """What the municipality prints on every reply letter beside its name and address (DIN 5008
    form B): the logo in the letterhead, the contact block of the information block, and the
    footer's website and bank details. One row per municipality, set in the admin (with a
    preview). The letterhead's lines and the council office's name stay on the municipality."""

    municipality = models.OneToOneField(
        "inquiries.Municipality",
        on_delete=models.CASCADE,
        related_name="letter_settings",
        verbose_name=_("municipality"),
    )
    logo = models.FileField(
        _("logo"),
        upload_to=_letter_file_path,
        blank=True,
        help_text=_("PNG or JPEG, at most 1 MB; printed at the left of the letterhead."),
    )
    logo_alt = models.CharField(
        _("alternative text of the logo"),
        max_length=200,
        blank=True,
        help_text=_('What the logo shows, for screen readers, e.g. "Wappen der Stadt Bornheim".'),
    )
    contact_name = models.CharField(
        _("contact person"), max_length=200, blank=True, help_text=_("Ansprechpartner/in")
    )
    contact_phone = models.CharField(_("telephone"), max_length=50, blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Without: the council office's e-mail address.")
    )
    contact_room = models.CharField(_("room"), max_length=50, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()  # no bulk write skips the history

    class Meta:
        ordering = ["municipality"]
        verbose_name = _("letter settings")
        verbose_name_plural = _("letter settings")

    def __str__(self) -> str:
        return str(self.municipality)

    def contact_lines(self, *, fallback_email: str = "") -> list[str]:
        """The information block's lines, German as the letter is: "Ansprechpartner/in: …"."""
        values = [
            ("Ansprechpartner/in", self.contact_name),
            ("Zimmer", self.contact_room),
            ("Telefon", self.contact_phone),
            ("E-Mail", self.contact_email or fallback_email),
            ("Sprechzeiten", self.office_hours),
        ]
        return [f"{label}: {value}" for label, value in values if value.strip()]

    def bank_line(self) -> str:
        parts = [
            self.bank_name,
            f"IBAN {self.iban}" if self.iban else "",
            f"BIC {self.bic}" if self.bic else "",
        ]
        return " · ".join(part for part in parts if part)


class FormOfAddress(models.Model):
    """How a letter addresses a person ("Sehr geehrte Frau Dr. Görgen,"). Without one, or with
    no form chosen, a letter uses the general salutation ("Sehr geehrte Damen und Herren,")."""

    class Form(models.TextChoices):
        NONE = "", _("General salutation")
        FRAU = "Frau", "Frau"
        HERR = "Herr", "Herr"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="form_of_address",
        verbose_name=_("person"),
    )
    form = models.CharField(_("form of address"), max_length=10, choices=Form, blank=True)
    title = models.CharField(_("academic title"), max_length=50, blank=True, help_text=_('e.g. "Dr."'))

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("form of address")
        verbose_name_plural = _("forms of address")

    def __str__(self) -> str:
        return f"{self.form} {self.title} {self.user.get_full_name() or self.user.get_username()}".strip()


class AnnexQuerySet(models.QuerySet):
    def visible_to(self, user) -> AnnexQuerySet:
        """The administration reads the annexes of the answers and replies of the inquiries it
        sees, drafts included; everyone else only those a sent reply carried, as it was signed
        (`ReplyAnnex`, through `Reply.objects.visible_to`). A draft answer's annex never
        reaches a council member or the public."""
        from inquiries import permissions

        if permissions.is_administration(user):
            inquiries = Inquiry.objects.visible_to(user)
            return self.filter(Q(answer__question__inquiry__in=inquiries) | Q(reply__inquiry__in=inquiries))
        sent = ReplyAnnex.objects.filter(annex=OuterRef("pk"), reply__in=Reply.objects.visible_to(user))
        return self.filter(Exists(sent))


def _annex_path(instance, filename: str) -> str:
    return f"annexes/{timezone.now():%Y/%m}/{filename}"


class Annex(models.Model):
    """A file that goes with an answer (attached by the department) or with the reply itself
    (attached by the council office): listed in the letter ("Anlagen: 1. …") and embedded in
    the signed PDF. The file never changes; once a signed reply carries it, it is never removed
    (`ReplyAnnex`)."""

    answer = models.ForeignKey(
        Answer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="annexes",
        verbose_name=_("answer"),
    )
    reply = models.ForeignKey(
        Reply,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_annexes",
        verbose_name=_("reply"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_annex_path)
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AnnexQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("annex")
        verbose_name_plural = _("annexes")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer__isnull=False, reply__isnull=True)
                | Q(answer__isnull=True, reply__isnull=False),
                name="annex_of_answer_or_reply",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise UnauditedWrite("An annex never changes; remove it and attach the new file.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from inquiries.models import SignedContentLocked

        if ReplyAnnex.objects.filter(annex=self).exists():
            raise SignedContentLocked(f"Annex {self.pk} is part of a signed reply")
        storage, name = self.file.storage, self.file.name
        result = super().delete(*args, **kwargs)
        # the file goes once the row is gone for good: a rolled-back removal keeps both
        transaction.on_commit(lambda: storage.delete(name))
        return result


class ReplyAnnex(models.Model):
    """An annex as a signed reply carried it (its place in "Anlagen" and its SHA-256): recorded
    when the reply is signed, never changed. Readers outside the administration download an
    annex only through a sent reply that carried it."""

    reply = models.ForeignKey(Reply, on_delete=models.PROTECT, related_name="annex_records")
    annex = models.ForeignKey(Annex, on_delete=models.PROTECT, related_name="signed_in")
    position = models.PositiveSmallIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["reply", "position"]
        verbose_name = _("signed annex")
        verbose_name_plural = _("signed annexes")
        constraints = [
            models.UniqueConstraint(fields=["reply", "annex"], name="replyannex_once_per_reply"),
        ]

    def __str__(self) -> str:
        return f"{self.reply} – {self.position}. {self.annex}"
