"""The council and the administration as master data: the municipality and its rules of
procedure, committees and factions, their meetings, the departments."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inquiries.deadlines import DeadlineRules


class GermanState(models.TextChoices):
    """States by ISO 3166-2 subdivision code, for public holidays."""

    BW = "BW", "Baden-Württemberg"
    BY = "BY", "Bayern"
    BE = "BE", "Berlin"
    BB = "BB", "Brandenburg"
    HB = "HB", "Bremen"
    HH = "HH", "Hamburg"
    HE = "HE", "Hessen"
    MV = "MV", "Mecklenburg-Vorpommern"
    NI = "NI", "Niedersachsen"
    NW = "NW", "Nordrhein-Westfalen"
    RP = "RP", "Rheinland-Pfalz"
    SL = "SL", "Saarland"
    SN = "SN", "Sachsen"
    ST = "ST", "Sachsen-Anhalt"
    SH = "SH", "Schleswig-Holstein"
    TH = "TH", "Thüringen"


class RulesOfProcedure(models.Model):
    """A council's rules of procedure (Geschäftsordnung) for deadlines as the JSON that
    `DeadlineRules` reads (docs/deadlines.md). A committee's own set gives the keys that differ."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    rules = models.JSONField(
        _("rules"), default=dict, blank=True, help_text=_("Every key: docs/deadlines.md.")
    )
    provisions = models.CharField(_("provisions"), max_length=300, blank=True)  # "§ 17 GO"
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("rules of procedure")
        verbose_name_plural = _("rules of procedure")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """The council's municipality and its rules of procedure for deadlines.

    The product serves one municipality per installation; `current()` returns it.
    """

    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, choices=GermanState, default=GermanState.NW)
    mayor_name = models.CharField(_("mayor's name"), max_length=200, blank=True)
    mayor_title = models.CharField(_("mayor's title"), max_length=100, default="Bürgermeister")
    council_office_name = models.CharField(_("council office"), max_length=200, default="Ratsbüro")
    letterhead = models.TextField(
        _("letterhead"), blank=True, help_text=_("Lines printed at the top of replies.")
    )
    email = models.EmailField(_("council office e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Rules of procedure (Geschäftsordnung): data, not constants, because every council differs.
    rules_of_procedure = models.ForeignKey(
        RulesOfProcedure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("rules of procedure"),
        help_text=_("Without: 28 days, receipt 7 days before a meeting, 3 working days for review."),
    )
    # Separation of duties: whoever wrote an answer's text does not approve it.
    four_eyes_approval = models.BooleanField(
        _("four-eyes approval of answers"),
        default=True,
        help_text=_("Someone other than the author of an answer approves it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Municipality | None:
        return cls.objects.select_related("rules_of_procedure").order_by("pk").first()

    def deadline_rules(self, committee: Committee | None = None) -> DeadlineRules:
        """The municipality's rules with a committee's own keys over them (reads its rules)."""
        data = self.rules_of_procedure.rules if self.rules_of_procedure_id else {}
        rules = DeadlineRules.from_json(data, state=self.state)
        if committee is not None and committee.rules_of_procedure_id:
            rules = rules.merged(committee.rules_of_procedure.rules)
        return rules

    @property
    def address_lines(self) -> list[str]:
        return [line for line in (self.street, f"{self.postal_code} {self.city}".strip()) if line]


class CommitteeQuerySet(models.QuerySet):
    def offered(self, today: date) -> CommitteeQuerySet:
        """Committees an inquiry can come from: not dissolved, and not a placeholder the OParl
        import made for meetings of an organization its source does not list."""
        return self.filter(is_placeholder=False).exclude(ends_on__lt=today)

    def writable_by(self, user) -> CommitteeQuerySet:
        """The committees and factions on whose behalf `user` may write: all that take inquiries
        (not dissolved, no import placeholder) for the council office, else those of them the user
        chairs or is a member of."""
        from inquiries import roles

        offered = self.offered(timezone.localdate())
        if roles.is_council_office(user):
            return offered
        if not roles.can_submit_inquiry(user):
            return self.none()
        return offered.filter(Q(chair=user) | Q(members=user)).distinct()


class Committee(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council")
        COMMITTEE = "committee", _("Committee")
        FACTION = "faction", _("Faction")
        ADVISORY_COUNCIL = "advisory_council", _("Advisory council")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="committees", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COMMITTEE)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_committees",
        verbose_name=_("chair"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="committees", verbose_name=_("members")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    ends_on = models.DateField(
        _("dissolved after"),
        null=True,
        blank=True,
        help_text=_("Its last day. A dissolved committee keeps its meetings but takes no new inquiries."),
    )
    is_placeholder = models.BooleanField(
        _("placeholder"),
        default=False,
        help_text=_(
            "Made by the OParl import for the meetings and memberships of an organization that the "
            "council information system neither lists nor serves; it becomes the real one once listed."
        ),
    )
    oparl_id = models.URLField(_("OParl id"), max_length=500, blank=True)
    rules_of_procedure = models.ForeignKey(
        RulesOfProcedure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committees",
        verbose_name=_("own rules of procedure"),
        help_text=_("Only where they differ: its keys replace the municipality's."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="committee_unique_name"),
            # the OParl import matches committees by their remote id
            models.UniqueConstraint(
                fields=["oparl_id"], condition=~Q(oparl_id=""), name="committee_unique_oparl_id"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MeetingQuerySet(models.QuerySet):
    def schedulable(self) -> MeetingQuerySet:
        """Meetings that can be "the next meeting" of a deadline: held (not cancelled) and real
        (not a placeholder date that only collects papers)."""
        return self.filter(is_cancelled=False, is_placeholder=False)


class Meeting(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("committee")
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    is_placeholder = models.BooleanField(
        _("placeholder date"),
        default=False,
        help_text=_(
            'A date that only collects papers ("Sammeldatum"), not a meeting; never the next '
            "meeting of a deadline."
        ),
    )
    oparl_id = models.URLField(_("OParl id"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            # "next meeting of this committee" when a deadline is computed
            models.Index(fields=["committee", "starts_at"], name="meeting_committee_starts"),
        ]
        constraints = [
            # the OParl import matches meetings by their remote id
            models.UniqueConstraint(
                fields=["oparl_id"], condition=~Q(oparl_id=""), name="meeting_unique_oparl_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} – {self.starts_at:%d.%m.%Y}"


class Department(models.Model):
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("short code"), max_length=20, unique=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
        verbose_name=_("head"),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="departments", verbose_name=_("staff")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ReferenceSequence(models.Model):
    """The last reference number given out per year; see `services.next_reference`."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
