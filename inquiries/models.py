from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inquiries.deadlines import DeadlineRules
from inquiries.fulltext import SearchIndex, SearchVectorDeferredManager, search_vector_field


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


class UnauditedWrite(Exception):
    """A bulk write that would bypass the history of an audited model."""


class SignedContentLocked(Exception):
    """A change to what a signed reply printed (the inquiry's subject, a question's text …)."""


def _refuse_changes_to_signed_content(instance, fields: tuple[str, ...], inquiry_id, update_fields) -> None:
    """Signed content is read-only everywhere, not only on the app's pages: a save that changes
    one of `fields` of an inquiry with a signed (or sent) reply is refused. Costs one query for
    a save that could touch them, a second only when it does."""
    if instance._state.adding or inquiry_id is None:
        return
    if update_fields is not None and not set(update_fields) & {field.removesuffix("_id") for field in fields}:
        return
    stored = type(instance)._base_manager.filter(pk=instance.pk).values(*fields).first()
    if stored is None or all(stored[field] == getattr(instance, field) for field in fields):
        return
    from django.apps import apps

    reply = apps.get_model("responses", "Reply")  # inquiries never imports responses
    if reply.objects.filter(inquiry_id=inquiry_id, status__in=reply.FINAL_STATUSES).exists():
        raise SignedContentLocked(
            f"{type(instance).__name__} {instance.pk}: the reply is signed; its content can no longer change"
        )


class AuditedQuerySet(models.QuerySet):
    """The queryset of every model with a history: bulk writes that skip `save()` (and so the
    history and its user) are refused. Change rows one by one through `save()`; deletions
    send signals per row and are recorded."""

    def update(self, **kwargs):
        raise UnauditedWrite(f"{self.model.__name__}: use save() so the change is recorded in the history")

    def bulk_update(self, objs, fields, batch_size=None):
        raise UnauditedWrite(f"{self.model.__name__}: use save() so the change is recorded in the history")


class InquiryQuerySet(AuditedQuerySet):
    def visible_to(self, user) -> InquiryQuerySet:
        """Every read of inquiries starts here: pages, search, feeds, exports, API, files.

        - the administration and council members see everything that has been submitted;
        - the public sees public inquiries once registered;
        - everyone who is signed in also sees their own, drafts included.
        """
        from inquiries import permissions

        published = Q(is_public=True, status__in=Inquiry.PUBLISHED_STATUSES)
        if user is None or not user.is_authenticated:
            return self.filter(published)
        own = Q(submitted_by=user)
        if permissions.sees_all_submitted(user):
            # all but the others' drafts, as an anti-join against those few (`hidden_from`): a
            # count of the visible inquiries reads the primary key's index alone
            return self.exclude(pk__in=Inquiry.objects.hidden_from(user).values("pk"))
        return self.filter(published | own)

    def hidden_from(self, user) -> InquiryQuerySet | None:
        """The complement of `visible_to` where it is the small side: for a reader of everything
        submitted, the others' drafts. None where the visible side is the smaller one.

        Lets a query over many rows exclude the few it may not show (an anti-join against a
        small set) instead of matching every row against all visible inquiries."""
        from inquiries import permissions

        if user is not None and user.is_authenticated and permissions.sees_all_submitted(user):
            return self.filter(status=Inquiry.Status.DRAFT).exclude(submitted_by=user)
        return None

    def open(self) -> InquiryQuerySet:
        return self.filter(status__in=Inquiry.OPEN_STATUSES)

    def overdue(self, today: date) -> InquiryQuerySet:
        return self.open().filter(due_on__lt=today)


class Inquiry(models.Model):
    class Kind(models.TextChoices):
        GROSSE_ANFRAGE = "grosse_anfrage", _("Große Anfrage")
        KLEINE_ANFRAGE = "kleine_anfrage", _("Kleine Anfrage")
        ANFRAGE = "anfrage", _("Anfrage")
        ANFRAGE_ZUR_SITZUNG = "anfrage_zur_sitzung", _("Anfrage zur Sitzung")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        REGISTERED = "registered", _("Registered")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class DeadlineKind(models.TextChoices):
        DATE = "date", _("Date")
        NEXT_MEETING = "next_meeting", _("Next meeting")
        PERIOD = "period", _("Period")
        NONE = "none", _("Rules of procedure default")
        MANUAL = "manual", _("Set by the council office")

    class Classification(models.TextChoices):
        NORMAL = "normal", _("Normal")
        FUNDAMENTAL = "fundamental", _("Fundamental or affecting several departments")

    OPEN_STATUSES = (Status.SUBMITTED, Status.REGISTERED, Status.IN_PROGRESS)
    PUBLISHED_STATUSES = (Status.REGISTERED, Status.IN_PROGRESS, Status.ANSWERED)

    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)
    reference_year = models.PositiveIntegerField(_("reference year"), null=True, blank=True)
    reference_number = models.PositiveIntegerField(_("reference number"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind, default=Kind.ANFRAGE)
    subject = models.CharField(_("subject"), max_length=300)
    addressee = models.TextField(_("addressee"), blank=True)
    salutation = models.CharField(_("salutation"), max_length=200, blank=True)
    sender_name = models.CharField(_("sender"), max_length=200, blank=True)
    sender_role = models.CharField(_("sender's role"), max_length=200, blank=True)
    sender_email = models.EmailField(_("sender's e-mail"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_inquiries",
        verbose_name=_("submitted by"),
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("on behalf of"),
        help_text=_("The committee or faction the inquiry comes from and whose next meeting counts."),
    )
    letter_date = models.DateField(_("date of the letter"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    received_time = models.TimeField(_("time received"), null=True, blank=True)  # for a cut-off time
    classification = models.CharField(
        _("classification"), max_length=20, choices=Classification, default=Classification.NORMAL
    )
    classification_reason = models.TextField(_("reason for the classification"), blank=True)
    deadline_text = models.CharField(_("requested deadline"), max_length=300, blank=True)
    deadline_kind = models.CharField(
        _("deadline set by"), max_length=20, choices=DeadlineKind, default=DeadlineKind.NONE
    )
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    deadline_reason = models.TextField(_("why this deadline"), blank=True)
    deadline_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="due_inquiries",
        verbose_name=_("meeting the deadline refers to"),
    )
    interim_reply_due_on = models.DateField(_("interim reply due on"), null=True, blank=True)  # by the rules
    expected_on = models.DateField(
        _("expected reply date"),
        null=True,
        blank=True,
        help_text=_("Set by an interim reply when the deadline cannot be met."),
    )
    preamble = models.TextField(_("preamble"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    closing = models.TextField(_("closing"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    lead_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_inquiries",
        verbose_name=_("lead department"),
    )
    follow_up_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follow-up to"),
    )
    source_file = models.FileField(_("source document"), upload_to="letters/%Y/", blank=True)
    source_name = models.CharField(_("source file name"), max_length=255, blank=True)
    source_text = models.TextField(_("source text"), blank=True)
    # the letter's own number as written (Drucksache, Vorlage), and a digest of its text with
    # whitespace normalised: an import of a letter already in the system is recognised by either
    letter_reference = models.CharField(_("letter's reference number"), max_length=100, blank=True)
    source_digest = models.CharField(
        _("digest of the letter's text"), max_length=64, blank=True, editable=False
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    # see inquiries/fulltext.py
    search_vector = search_vector_field((("subject",), "A"), (("preamble", "justification"), "D"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_vector"])
    objects = SearchVectorDeferredManager.from_queryset(InquiryQuerySet)()

    # what lists leave out: the search vector and the letter's long texts (a list row shows
    # reference, subject, sender, status and deadline); `defer(*Inquiry.WIDE_FIELDS)`
    WIDE_FIELDS = (
        "search_vector",
        "addressee",
        "classification_reason",
        "deadline_reason",
        "preamble",
        "justification",
        "closing",
        "source_text",
    )

    class Meta:
        ordering = ["-received_on", "-reference_year", "-reference_number", "-pk"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        permissions = [
            ("submit_inquiry", _("Can write and submit own inquiries")),
            ("register_inquiry", _("Can register inquiries and set deadlines")),
            ("assign_question", _("Can assign questions to departments")),
            ("view_administration", _("Can see the administration's work")),
            ("view_council_material", _("Can read non-public inquiries and replies")),
            ("follow_inquiry", _("Can follow inquiries")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reference_year", "reference_number"], name="inquiry_unique_reference_number"
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True)
                | Q(received_on__isnull=True)
                | Q(due_on__gte=models.F("received_on")),
                name="inquiry_due_after_received",
            ),
            models.CheckConstraint(
                condition=Q(reference__isnull=True) | Q(reference_number__isnull=False),
                name="inquiry_reference_has_number",
            ),
        ]
        indexes = [
            # worklists and the portal sort and filter open inquiries by deadline
            models.Index(fields=["status", "due_on"], name="inquiry_status_due"),
            models.Index(fields=["is_public", "status"], name="inquiry_public_status"),
            # the portal list in its order (Meta.ordering): the first page is the index's first
            # rows, however many inquiries there are
            models.Index(
                fields=["-received_on", "-reference_year", "-reference_number", "-id"],
                name="inquiry_list_order",
            ),
            # the duplicate check of the letter import (services.duplicate_letters)
            models.Index(fields=["source_digest"], name="inquiry_source_digest"),
            models.Index(fields=["letter_reference"], name="inquiry_letter_reference"),
            # full-text search (search.services)
            SearchIndex(fields=["search_vector"], name="inquiry_search_vector"),
        ]

    def __str__(self) -> str:
        reference = self.reference or _("(no reference)")
        return f"{reference}: {self.subject}"

    # what the signed reply prints of the inquiry
    SIGNED_FIELDS = (
        "kind",
        "subject",
        "reference",
        "letter_date",
        "received_on",
        "submitted_on",
        "committee_id",
    )

    def save(self, *args, **kwargs):
        _refuse_changes_to_signed_content(self, self.SIGNED_FIELDS, self.pk, kwargs.get("update_fields"))
        adding = self._state.adding
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if not adding and (update_fields is None or "status" in update_fields):
            self._copy_openness_to_questions()

    def get_absolute_url(self) -> str:
        return reverse("inquiries:detail", args=[self.pk])

    def _copy_openness_to_questions(self) -> None:
        """Keep `Question.is_open` equal to `is_open()`: one UPDATE of the rows that differ.

        A copy of the inquiry's state, not a fact of the question, so it is written past the
        questions' history (which leaves it out)."""
        is_open = self.is_open()
        Question._base_manager.filter(inquiry_id=self.pk).exclude(is_open=is_open).update(is_open=is_open)

    @property
    def label(self) -> str:
        """How breadcrumbs and short mentions name the inquiry: its reference once registered,
        until then its state ("Entwurf", "Eingereicht")."""
        return self.reference or str(self.get_status_display())

    @property
    def effective_due_on(self) -> date | None:
        """The date work is planned against: the new expected date after an interim reply."""
        return self.expected_on or self.due_on

    @property
    def interim_reply_pending_on(self) -> date | None:
        """The rules' date for an interim reply while it is still to come (one sets expected_on)."""
        return self.interim_reply_due_on if self.is_open() and not self.expected_on else None

    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open() and self.due_on is not None and self.due_on < today


class QuestionQuerySet(AuditedQuerySet):
    def visible_to(self, user) -> QuestionQuerySet:
        hidden = Inquiry.objects.hidden_from(user)
        if hidden is not None:
            return self.exclude(inquiry__in=hidden)
        return self.filter(inquiry__in=Inquiry.objects.visible_to(user))

    def top_level(self) -> QuestionQuerySet:
        return self.filter(parent__isnull=True)

    def needing_answer(self) -> QuestionQuerySet:
        """The questions that need an answer of their own (`Question.needs_answer`, in SQL)."""
        return self.exclude(text="").filter(is_answered_by_sub_questions=False)


class Question(models.Model):
    """A question or sub-question, labelled as written ("1", "a", "1.1", "IV")."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="questions", verbose_name=_("inquiry")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_questions",
        verbose_name=_("parent question"),
    )
    number = models.CharField(_("number"), max_length=20)
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(_("position"), default=0)
    lead_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_questions",
        verbose_name=_("lead department"),
    )
    participating_departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="participating_questions",
        verbose_name=_("participating departments"),
    )
    due_on = models.DateField(_("internal due date"), null=True, blank=True)
    # Set by the council office on a question with sub-questions whose own text is answered by
    # the answers to its sub-questions; otherwise a question with text needs its own answer.
    is_answered_by_sub_questions = models.BooleanField(_("answered by its sub-questions"), default=False)
    # Whether the inquiry is open (`Inquiry.is_open()`), copied here by `Inquiry.save()` so that
    # one partial index serves "a department's open questions by due date" (the worklist)
    # without reading the inquiries: a copy, not in the history.
    is_open = models.BooleanField(_("inquiry open"), default=False, editable=False)
    search_vector = search_vector_field((("text",), "B"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        m2m_fields=[participating_departments], excluded_fields=["search_vector", "is_open"]
    )
    objects = SearchVectorDeferredManager.from_queryset(QuestionQuerySet)()

    class Meta:
        ordering = ["inquiry", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "number"],
                condition=Q(parent__isnull=True),
                name="question_unique_top_level_number",
            ),
            models.UniqueConstraint(
                fields=["parent", "number"],
                condition=Q(parent__isnull=False),
                name="question_unique_sub_number",
            ),
            # target of the composite foreign key that keeps a sub-question in its parent's
            # inquiry (migration 0003_question_parent_same_inquiry)
            models.UniqueConstraint(fields=["inquiry", "id"], name="question_unique_inquiry_id"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="question_not_own_parent"),
        ]
        indexes = [
            # the worklist: a department's open questions by internal due date (and their count,
            # from the index alone), and all open questions by due date for the council office;
            # the page reads the first rows in index order, so it costs the same at any size
            models.Index(
                fields=["lead_department", "due_on"],
                include=["inquiry", "id"],  # count and visibility from the index alone (PostgreSQL)
                condition=Q(is_open=True),
                name="question_open_lead_due",
            ),
            models.Index(fields=["due_on"], condition=Q(is_open=True), name="question_open_due"),
            # full-text search (search.services)
            SearchIndex(fields=["search_vector"], name="question_search_vector"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:60]}"

    SIGNED_FIELDS = ("number", "text", "parent_id", "position")

    def save(self, *args, **kwargs):
        _refuse_changes_to_signed_content(
            self, self.SIGNED_FIELDS, self.inquiry_id, kwargs.get("update_fields")
        )
        if self._state.adding:
            self.is_open = self.inquiry.is_open()
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The number as printed: "1." for questions, "a)" style is left to templates."""
        return f"{self.number}."

    @property
    def reference_label(self) -> str:
        """The question's number as headings, breadcrumbs and messages name it: "1", "1a" for
        sub-question a of question 1 ("1.2" for a numbered one). Reads `parent`; select_related
        it."""
        return self.reference_label_of(self.parent.number if self.parent_id else "", self.number)

    @staticmethod
    def reference_label_of(parent_number: str, number: str) -> str:
        if not parent_number:
            return number
        return f"{parent_number}{number}" if number[:1].isalpha() else f"{parent_number}.{number}"

    @property
    def needs_answer(self) -> bool:
        """Whether the question needs an answer of its own before the reply is complete: every
        question with text of its own does, parents with sub-questions included ("In welcher
        Höhe …? a. … b. …"), unless the council office marked it as answered by its
        sub-questions. `QuestionQuerySet.needing_answer` is the same rule in SQL; progress,
        readiness, signing, reminders and the letter all ask one of the two."""
        return self.text != "" and not self.is_answered_by_sub_questions

    def department_ids(self) -> set[int]:
        """Lead and participating departments; reads the prefetched m2m if present."""
        ids = {d.pk for d in self.participating_departments.all()}
        if self.lead_department_id:
            ids.add(self.lead_department_id)
        return ids


class Follow(models.Model):
    """A council member follows an inquiry and is told when its reply is sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=["user", "inquiry"], name="follow_unique_user_inquiry")]

    def __str__(self) -> str:
        return f"{self.user} → {self.inquiry}"


class Event(models.Model):
    """A step in an inquiry's life, for its timeline. Field-level history lives in the
    `history` tables; events say what happened in the workflow's words."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REGISTERED = "registered", _("Received and registered")
        DEADLINE_CHANGED = "deadline_changed", _("Deadline changed")
        ASSIGNED = "assigned", _("Assigned to departments")
        INTERIM_REPLY = "interim_reply", _("Interim reply sent")
        REPLY_SIGNED = "reply_signed", _("Reply signed")
        REPLY_SENT = "reply_sent", _("Reply sent")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        FOLLOW_UP = "follow_up", _("Follow-up inquiry")
        ANSWERED_BY_SUB_QUESTIONS = (
            "answered_by_sub_questions",
            _("Question marked as answered by its sub-questions"),
        )
        NEEDS_OWN_ANSWER = "needs_own_answer", _("Question needs its own answer again")

    # What the public and council members see on the timeline; the rest stays internal.
    PUBLIC_KINDS = (
        Kind.REGISTERED,
        Kind.ASSIGNED,
        Kind.INTERIM_REPLY,
        Kind.REPLY_SENT,
        Kind.WITHDRAWN,
        Kind.FOLLOW_UP,
    )

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d.%m.%Y})"
