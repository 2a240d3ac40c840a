from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inquiries.fulltext import SearchIndex, search_vector_field
from inquiries.models import AuditedQuerySet, Department, Inquiry, Question


class AnswerQuerySet(AuditedQuerySet):
    def visible_to(self, user) -> AnswerQuerySet:
        """The administration reads every answer of the inquiries it sees; everyone else reads
        answers only as part of a sent reply (then they are approved and final)."""
        from inquiries import permissions

        inquiries = Inquiry.objects.visible_to(user)
        if permissions.is_administration(user):
            return self.filter(question__inquiry__in=inquiries)
        return self.filter(
            question__inquiry__in=inquiries,
            status=Answer.Status.APPROVED,
            question__inquiry__replies__status=Reply.Status.SENT,
        ).distinct()


class Answer(models.Model):
    """The administration's answer to one question. `version` is the optimistic lock: a save
    must name the version it was based on (see `services.save_answer`)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")

    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, related_name="answer", verbose_name=_("question")
    )
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_answers",
        verbose_name=_("author"),
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_answers",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # see inquiries/fulltext.py
    search_vector = search_vector_field((("text",), "C"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_vector"])
    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["question__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        permissions = [
            ("draft_answer", _("Can draft answers for own department's questions")),
            ("edit_any_answer", _("Can edit every answer")),
            ("approve_department_answer", _("Can approve own department's answers")),
            ("approve_any_answer", _("Can approve and reopen every answer")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approver__isnull=False, approved_at__isnull=False),
                name="answer_approved_has_approver",
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="answer_status"),
            # full-text search (search.services)
            SearchIndex(fields=["search_vector"], name="answer_search_vector"),
        ]

    def __str__(self) -> str:
        label = _("Answer")
        return f"{label} {self.question.number}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED


class Contribution(models.Model):
    """A participating department's part of an answer, which the lead department merges."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("question")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("department")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="contributions"
    )
    text = models.TextField(_("text"))
    is_merged = models.BooleanField(_("merged"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return f"{self.department.code}: {self.text[:40]}"


class Comment(models.Model):
    """An internal comment on a question; never leaves the administration."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="comments", verbose_name=_("question")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal comment")
        verbose_name_plural = _("internal comments")

    def __str__(self) -> str:
        return self.text[:60]


class InterimReply(models.Model):
    """A Zwischennachricht: what is known, why it takes longer, the new expected date."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="interim_replies", verbose_name=_("inquiry")
    )
    text = models.TextField(_("text"))
    new_expected_on = models.DateField(_("new expected date"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at"]
        verbose_name = _("interim reply")
        verbose_name_plural = _("interim replies")

    def __str__(self) -> str:
        return f"{self.inquiry.reference} – {self.sent_at:%d.%m.%Y}"


class ReplyQuerySet(AuditedQuerySet):
    def visible_to(self, user) -> ReplyQuerySet:
        """Outside the administration only sent replies exist."""
        from inquiries import permissions

        qs = self.filter(inquiry__in=Inquiry.objects.visible_to(user))
        if permissions.is_administration(user):
            return qs
        return qs.filter(status=Reply.Status.SENT)


class Reply(models.Model):
    """The signed letter that answers an inquiry. From `signed` on it never changes; a
    correction is a new, supplementary reply that refers to it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        READY = "ready", _("Ready to sign")
        SIGNED = "signed", _("Signed")
        SENT = "sent", _("Sent")

    class Capacity(models.TextChoices):
        OWN = "", _("(own signature)")
        IN_VERTRETUNG = "i.V.", _("In Vertretung")
        IM_AUFTRAG = "i.A.", _("Im Auftrag")

    FINAL_STATUSES = (Status.SIGNED, Status.SENT)

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="replies", verbose_name=_("inquiry")
    )
    supplements = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supplementary_replies",
        verbose_name=_("supplements"),
    )
    letter_date = models.DateField(_("date of the letter"), null=True, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    closing = models.TextField(_("closing"), default="Mit freundlichen Grüßen")
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_role = models.CharField(_("signatory's role"), max_length=200, blank=True)
    capacity = models.CharField(
        _("capacity"), max_length=10, choices=Capacity, default=Capacity.OWN, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    signed_pdf = models.FileField(_("signed PDF"), upload_to="replies/%Y/", blank=True)
    signed_pdf_sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signed_replies",
        verbose_name=_("signed by"),
    )
    is_demo_signature = models.BooleanField(_("signed with the demo certificate"), default=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ReplyQuerySet.as_manager()

    class Meta:
        ordering = ["inquiry", "created_at"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        permissions = [
            ("compose_reply", _("Can compose replies")),
            ("sign_reply", _("Can sign replies")),
            ("send_reply", _("Can send signed replies")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry"], condition=Q(supplements__isnull=True), name="reply_one_main_per_inquiry"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["signed", "sent"])
                | (Q(signed_at__isnull=False) & ~Q(signed_pdf="") & ~Q(signed_pdf_sha256="")),
                name="reply_signed_has_pdf",
            ),
        ]

    def __str__(self) -> str:
        label = _("Reply")
        return f"{label} {self.inquiry.reference}"

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL_STATUSES


class ReminderSent(models.Model):
    """One row per reminder e-mail, so the daily job never sends the same one twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    kind = models.CharField(max_length=20, choices=Kind)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # "question:12" or "inquiry:5": one key for the uniqueness rule (NULLs would not collide)
    target = models.CharField(max_length=50)
    recipient = models.EmailField()
    sent_on = models.DateField()

    class Meta:
        ordering = ["-sent_on"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target", "recipient", "sent_on"], name="remindersent_once_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.sent_on})"
