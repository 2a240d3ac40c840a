"""The inquiries app's models: inquiries, questions, follows; the event log (`events.py`), the
council (`council.py`), people's profiles and deputies (`people.py`), guards of history and signed
content (`audit.py`)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inquiries.deadlines import DeadlineKind as RequestedDeadline
from inquiries.deadlines import is_past_due
from inquiries.fulltext import SearchIndex, SearchVectorDeferredManager, search_vector_field
from inquiries.models.audit import (
    AuditedQuerySet,
    SignedContentLocked,
    UnauditedWrite,
    _refuse_changes_to_signed_content,
)
from inquiries.models.choices import ChoiceLabels
from inquiries.models.council import (
    Committee,
    CommitteeQuerySet,
    Department,
    GermanState,
    Meeting,
    MeetingQuerySet,
    Municipality,
    ReferenceSequence,
    RulesOfProcedure,
)
from inquiries.models.events import Event
from inquiries.models.people import Deputy, DeputyQuerySet, Follow, Notice, Profile


class InquiryQuerySet(AuditedQuerySet):
    def visible_to(self, user) -> InquiryQuerySet:
        """Every read of inquiries starts here: pages, search, feeds, exports, API, files.

        - the administration and council members see everything that has been submitted;
        - the public sees public inquiries once registered;
        - everyone who is signed in also sees their own, drafts included.
        """
        from inquiries import roles

        published = Q(is_public=True, status__in=Inquiry.PUBLISHED_STATUSES)
        if user is None or not user.is_authenticated:
            return self.filter(published)
        own = Q(submitted_by=user)
        if roles.sees_all_submitted(user):
            # all but the others' drafts, as an anti-join against those few (`hidden_from`): a
            # count of the visible inquiries reads the primary key's index alone
            return self.exclude(pk__in=Inquiry.objects.hidden_from(user).values("pk"))
        return self.filter(published | own)

    def hidden_from(self, user) -> InquiryQuerySet | None:
        """The complement of `visible_to` where it is the small side (for a reader of everything
        submitted: the others' drafts), for an anti-join; None where the visible side is smaller."""
        from inquiries import roles

        if user is not None and user.is_authenticated and roles.sees_all_submitted(user):
            return self.filter(status=Inquiry.Status.DRAFT).exclude(submitted_by=user)
        return None

    def open(self) -> InquiryQuerySet:
        return self.filter(status__in=Inquiry.OPEN_STATUSES)

    def with_question_count(self) -> InquiryQuerySet:
        """`question_count`: the inquiry's questions as lists show them, top-level only (a
        sub-question is part of its question). The one count of questions. A correlated
        subquery, computed for the rows fetched (a page), never a GROUP BY over every visible
        inquiry and its questions."""
        counts = (
            Question.objects.filter(inquiry=OuterRef("pk"), parent__isnull=True)
            .order_by()
            .values("inquiry")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(question_count=Coalesce(Subquery(counts), 0))

    def for_table(self) -> InquiryQuerySet:
        """The columns a row of an inquiry table shows (`inquiry_rows`): `TABLE_FIELDS`, the
        committee's name as `committee_name` (a column, not a committee built per row). A
        subquery, not a join: a count of the table's rows (`CappedPaginator`) selects only keys
        and then reads the committees not at all, where a join would stay in it."""
        name = Committee.objects.filter(pk=OuterRef("committee_id")).order_by().values("name")[:1]
        return self.only(*Inquiry.TABLE_FIELDS).annotate(committee_name=Subquery(name))

    def overdue(self, today: date) -> InquiryQuerySet:
        """Open and past the effective due date (`Inquiry.effective_due_on`): the date an interim
        reply promised, else the deadline. The one definition; `Inquiry.is_overdue` for one row."""
        return self.open().filter(Q(expected_on__lt=today) | Q(expected_on__isnull=True, due_on__lt=today))

    # The council office's and the senders' queues (the start page, the inbox, "my inquiries").

    def awaiting_registration(self) -> InquiryQuerySet:
        """Submitted, not registered yet: the council office's "to register"."""
        return self.filter(status=Inquiry.Status.SUBMITTED)

    def awaiting_assignment(self) -> InquiryQuerySet:
        """Registered, no question assigned yet: the council office's "to assign"."""
        return self.filter(status=Inquiry.Status.REGISTERED)

    def sent_by(self, user) -> InquiryQuerySet:
        """The inquiries a chair or faction member wrote, drafts included: "my inquiries"."""
        return self.filter(submitted_by=user) if user is not None and user.is_authenticated else self.none()


_REQUESTED_DEADLINE_LABELS = {
    RequestedDeadline.DATE: _("Date"),
    RequestedDeadline.NEXT_MEETING: _("Next meeting"),
    RequestedDeadline.PERIOD: _("Period"),
    RequestedDeadline.NONE: _("Rules of procedure default"),
}


class Inquiry(ChoiceLabels, models.Model):
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

    # How the deadline was set: each kind of request the deadline engine reads, or MANUAL for a
    # date the council office set. Derived from the engine's enum (which runs in a child process
    # without Django), so the two cannot drift: a new kind there needs its label here.
    DeadlineKind = models.TextChoices(
        "DeadlineKind",
        [(kind.name, (kind.value, _REQUESTED_DEADLINE_LABELS[kind])) for kind in RequestedDeadline]
        + [("MANUAL", ("manual", _("Set by the council office")))],
        module=__name__,
        qualname="Inquiry.DeadlineKind",
    )

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
    WIDE_FIELDS = tuple(
        "search_vector addressee classification_reason deadline_reason preamble justification closing source_text".split()
    )
    # what a row of an inquiry table reads (`inquiry_rows`), with its committee's name as a
    # column: `Inquiry.objects.for_table()`; building the full rows cost a fifth of the list page
    TABLE_FIELDS = (
        *("reference", "kind", "subject", "sender_name", "is_public", "status", "due_on", "expected_on"),
        "committee",
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
            # an inquiry's follow-ups (the page asks whether there are any): few inquiries have
            # one, and SQLite's planner skips the foreign key's index, all NULL but those few
            models.Index(
                fields=["follow_up_of"], condition=Q(follow_up_of__isnull=False), name="inquiry_follow_ups"
            ),
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
            # `Question.is_open` copies `is_open()`: one UPDATE of the rows that differ, past the
            # questions' history (which leaves the copy out)
            is_open = self.is_open()
            Question._base_manager.filter(inquiry_id=self.pk).exclude(is_open=is_open).update(is_open=is_open)

    def get_absolute_url(self) -> str:
        return reverse("portal:detail", args=[self.pk])

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

    def is_shown_to(self, user) -> bool:
        """Loaded for `user` through `Inquiry.objects.visible_to` in this request (`shown_to`):
        what belongs to it needs no second visibility check (`of_visible_inquiries`)."""
        return getattr(self, "shown_to", None) is user

    def is_overdue(self, today: date) -> bool:
        """Open and past the effective due date (as `InquiryQuerySet.overdue`)."""
        return self.is_open() and is_past_due(self.effective_due_on, today)


def of_visible_inquiries(user, path: str, *, inquiry: Inquiry | None = None) -> Q:
    """The condition "the inquiry at `path` (e.g. "question__inquiry") is visible to `user`"
    (`Inquiry.objects.visible_to`), for the models whose visibility follows their inquiry's.
    For a reader of everything submitted it excludes the few inquiries hidden from them (an
    anti-join against a small set) instead of matching every row against all visible ones.

    `inquiry`: that inquiry's rows only. One loaded for this user through `visible_to`
    (`Inquiry.shown_to`, set by `inquiries.views.loading.get_inquiry_for_user`) is not asked again."""
    if inquiry is not None:
        rows = Q(**{path: inquiry.pk})
        return rows if inquiry.is_shown_to(user) else rows & of_visible_inquiries(user, path)
    hidden = Inquiry.objects.hidden_from(user)
    if hidden is not None:
        return ~Q(**{f"{path}__in": hidden})
    return Q(**{f"{path}__in": Inquiry.objects.visible_to(user)})


class QuestionQuerySet(AuditedQuerySet):
    def visible_to(self, user) -> QuestionQuerySet:
        return self.filter(of_visible_inquiries(user, "inquiry"))

    def open_visible_to(self, user) -> QuestionQuerySet:
        """The open questions (`Question.is_open`) of `visible_to`. A reader of everything
        submitted misses only inquiries that are not submitted yet (`Inquiry.objects.hidden_from`:
        others' drafts), and those are never open: no anti-join for them (worklists)."""
        questions = self.filter(is_open=True)
        if Inquiry.objects.hidden_from(user) is not None:  # a draft is not open (OPEN_STATUSES)
            return questions
        return questions.visible_to(user)

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
                # count and visibility from the index alone: the inquiry (and the condition's
                # column) as key columns, so that SQLite, which has no INCLUDE and keeps the
                # rowid in every index, reads it as a covering index too
                fields=["lead_department", "due_on", "inquiry", "is_open"],
                include=["id"],
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
        """The number as printed on every page and in the reply letter: "1." for a question,
        "a)" for a sub-question (`printed_label_of`)."""
        return self.printed_label_of(self.number, is_sub_question=bool(self.parent_id))

    @staticmethod
    def printed_label_of(number: str, *, is_sub_question: bool) -> str:
        """ "1." for a question, "a)" for a sub-question; punctuation the inquiry already used
        ("1)", "a.") is kept as it was."""
        number = number.strip()
        if not number or number[-1] in ".):":
            return number
        return f"{number})" if is_sub_question else f"{number}."

    @property
    def reference_label(self) -> str:
        """The question's number as headings, breadcrumbs and messages name it: "1", "1a" for
        sub-question a of question 1 ("1.2" for a numbered one). Reads `parent`; select_related
        it."""
        return self.reference_label_of(self.parent.number if self.parent_id else "", self.number)

    @property
    def heading(self) -> str:
        """ "Frage 2", "Frage 1 a": how cards, queues and the answer editor name the question.
        Reads `parent`; select_related it."""
        return self.heading_of(self.parent.number if self.parent_id else "", self.number)

    @staticmethod
    def heading_of(parent_number: str, number: str) -> str:
        from django.utils.translation import gettext

        if parent_number:
            number = f"{parent_number} {number}" if number[:1].isalpha() else f"{parent_number}.{number}"
        return gettext("Question %(number)s") % {"number": number}

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


__all__ = [
    "AuditedQuerySet",
    "Committee",
    "Deputy",
    "DeputyQuerySet",
    "CommitteeQuerySet",
    "Department",
    "Event",
    "Follow",
    "GermanState",
    "Inquiry",
    "InquiryQuerySet",
    "Meeting",
    "MeetingQuerySet",
    "Notice",
    "Municipality",
    "Profile",
    "Question",
    "QuestionQuerySet",
    "ReferenceSequence",
    "RulesOfProcedure",
    "SignedContentLocked",
    "UnauditedWrite",
]
