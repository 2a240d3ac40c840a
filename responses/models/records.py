from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inquiries.fulltext import SearchIndex, SearchVectorDeferredManager, search_vector_field
from inquiries.models import (
    AuditedQuerySet,
    ChoiceLabels,
    Department,
    Inquiry,
    InquiryQuerySet,
    Question,
    QuestionQuerySet,
    UnauditedWrite,
    of_visible_inquiries,
)
from responses.document import DEFAULT_CLOSING


class AnswerQuerySet(AuditedQuerySet):
    def visible_to(self, user) -> AnswerQuerySet:
        """The working text: the administration reads every answer of the inquiries it sees,
        drafts included. Nobody else reads an `Answer`: outside the administration answers are
        read as they were sent (`ReplyAnswer.objects.visible_to`)."""
        from inquiries import permissions

        if permissions.is_administration(user):
            return self.filter(of_visible_inquiries(user, "question__inquiry"))
        return self.none()

    def awaiting_approval_by(self, user) -> AnswerQuerySet:
        """ "Zur Freigabe": answers in review of open inquiries whose question's lead department
        is headed by `user` or by someone they stand in for, who may approve it."""
        from inquiries import permissions

        heads = [p.pk for p in permissions.acting_for(user, "responses.approve_department_answer")]
        return self.filter(
            status=Answer.Status.IN_REVIEW,
            question__lead_department__head__in=heads,
            question__inquiry__status__in=Inquiry.OPEN_STATUSES,
        )


def unanswered(questions: QuestionQuerySet) -> QuestionQuerySet:
    """Of `questions`, those still to do: they need an answer of their own, and it is not
    approved. The open work that worklists, reminders, statistics and interim replies count."""
    return questions.needing_answer().exclude(answer__status=Answer.Status.APPROVED)


class WorkQuerySet(QuestionQuerySet):
    """Questions as the administration works on them: the departments' queues. Start with
    `work_questions()`; each method is one queue of the start page and its count."""

    def worklist(self, user) -> WorkQuerySet:
        """ "Our questions": open questions of the user's departments (lead or participating;
        a deputy's include the absent user's); the council office without a department sees
        every assigned one. Lists read it in its two parts (`led`, `taking_part`): an OR of the
        two defeats the index."""
        from inquiries import permissions as inquiry_permissions

        # `is_open` is the inquiry's state copied to its questions: a partial index serves it
        questions = self.filter(is_open=True)
        department_ids = inquiry_permissions.user_department_ids(user)
        if department_ids:
            return questions.filter(
                Q(lead_department_id__in=department_ids) | Q(pk__in=_taken_part_in(department_ids))
            )
        if user.has_perm("responses.edit_any_answer"):
            return questions.filter(lead_department__isnull=False)
        return questions.none()

    def led(self, user) -> WorkQuerySet:
        """The open questions the user's departments lead (read from `question_open_lead_due`)."""
        from inquiries import permissions as inquiry_permissions

        return self.filter(is_open=True, lead_department_id__in=inquiry_permissions.user_department_ids(user))

    def taking_part(self, user) -> WorkQuerySet:
        """The open questions the user's departments take part in without leading them (read
        from the few participation rows, not from all open questions)."""
        from inquiries import permissions as inquiry_permissions

        department_ids = inquiry_permissions.user_department_ids(user)
        return self.filter(is_open=True, pk__in=_taken_part_in(department_ids)).exclude(
            lead_department_id__in=department_ids
        )

    def undone(self) -> WorkQuerySet:
        """Still to do (`unanswered`)."""
        return unanswered(self)

    def past_due(self, today) -> WorkQuerySet:
        """Past the internal due date; overdue when also `undone` (`inquiries.deadlines.due_state`
        says the same of one question)."""
        return self.filter(due_on__lt=today)

    def lead(self, user) -> WorkQuerySet:
        """Our lead questions still to answer (returned ones are a queue of their own)."""
        return (
            self.led(user).undone().exclude(answer__status=Answer.Status.DRAFT, answer__review_comment__gt="")
        )

    def contribution_requests(self, user) -> WorkQuerySet:
        """Questions our departments take part in (not lead) and have not contributed to yet."""
        from inquiries import permissions as inquiry_permissions

        department_ids = inquiry_permissions.user_department_ids(user)
        contributed = Contribution.objects.filter(question=OuterRef("pk"), department_id__in=department_ids)
        return self.taking_part(user).undone().exclude(Exists(contributed))

    def returned(self, user) -> WorkQuerySet:
        """Our lead questions whose answer the head or the council office sent back: a draft
        with the reason (`Answer.review_comment`)."""
        from inquiries import permissions as inquiry_permissions

        return self.worklist(user).filter(
            lead_department_id__in=inquiry_permissions.user_department_ids(user),
            answer__status=Answer.Status.DRAFT,
            answer__review_comment__gt="",
        )

    def due_soon(self, user, today, until) -> WorkQuerySet:
        """Still to do, due from `today` to `until` (the calendar's working days ahead)."""
        return self.worklist(user).undone().filter(due_on__gte=today, due_on__lte=until)

    def overdue(self, user, today) -> WorkQuerySet:
        """Of the user's worklist, the questions still to do and past their due date."""
        return self.worklist(user).undone().past_due(today)


def _taken_part_in(department_ids) -> models.QuerySet:
    return Question.participating_departments.through.objects.filter(department_id__in=department_ids).values(
        "question_id"
    )


def work_questions() -> WorkQuerySet:
    # the model's manager defers the search vector; this queryset is built past it
    return WorkQuerySet(model=Question).defer("search_vector")


class WorkInquiryQuerySet(InquiryQuerySet):
    """Inquiries as the council office works on their replies; start with `work_inquiries()`."""

    def ready_to_compose(self) -> WorkInquiryQuerySet:
        """Open, every question that needs an answer has an approved one, and the reply is not
        marked ready yet: the council office composes the letter."""
        pending = Question.objects.needing_answer().filter(inquiry=OuterRef("pk"))
        return (
            self.filter(status__in=(Inquiry.Status.REGISTERED, Inquiry.Status.IN_PROGRESS))
            .filter(Exists(pending))
            .exclude(Exists(pending.exclude(answer__status=Answer.Status.APPROVED)))
            .exclude(
                Exists(
                    Reply.objects.filter(
                        inquiry=OuterRef("pk"), supplements__isnull=True, status__in=Reply.STARTED_STATUSES
                    )
                )
            )
        )


def work_inquiries() -> WorkInquiryQuerySet:
    return WorkInquiryQuerySet(model=Inquiry)


class Answer(ChoiceLabels, models.Model):
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
    objects = SearchVectorDeferredManager.from_queryset(AnswerQuerySet)()

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
    def visible_to(self, user, *, inquiry: Inquiry | None = None) -> ReplyQuerySet:
        """Outside the administration only sent replies exist. `inquiry`: its replies only
        (`of_visible_inquiries`)."""
        from inquiries import permissions

        qs = self.filter(of_visible_inquiries(user, "inquiry", inquiry=inquiry))
        if permissions.is_administration(user):
            return qs
        return qs.filter(status=Reply.Status.SENT)

    def awaiting_signature(self) -> ReplyQuerySet:
        """ "Zur Unterschrift": replies the council office marked ready."""
        return self.filter(status=Reply.Status.READY)

    def to_send(self) -> ReplyQuerySet:
        """Signed, not sent yet: the council office sends them."""
        return self.filter(status=Reply.Status.SIGNED)


class Reply(ChoiceLabels, models.Model):
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
    # past composing: ready to sign, signed or sent
    STARTED_STATUSES = (Status.READY, Status.SIGNED, Status.SENT)

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
    closing = models.TextField(_("closing"), default=DEFAULT_CLOSING)
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


class SigningCertificate(models.Model):
    """A certificate the municipality signs replies with, or signed them with earlier. The
    verification page trusts a signature only when it was made with one of these, within its
    validity period; another certificate, even from the same certificate authority, is someone
    else's. Recorded when a reply is signed; earlier certificates can be added in the admin."""

    certificate = models.TextField(_("certificate (PEM)"))
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True, editable=False)
    subject = models.CharField(_("issued to"), max_length=500, editable=False)
    issuer = models.CharField(_("issued by"), max_length=500, editable=False)
    valid_from = models.DateTimeField(_("valid from"), editable=False)
    valid_until = models.DateTimeField(_("valid until"), editable=False)
    is_demo = models.BooleanField(_("demo certificate"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")

    def __str__(self) -> str:
        return f"{self.subject} ({self.valid_from:%d.%m.%Y}–{self.valid_until:%d.%m.%Y})"

    def save(self, *args, **kwargs):
        """The fields beside the PEM text are read from it; a certificate never changes."""
        from responses.signing.certificates import certificate_details

        if not self._state.adding:
            raise UnauditedWrite("A signing certificate is kept as it is; add a new one instead.")
        details = certificate_details(self.der)
        for name in ("fingerprint", "subject", "issuer", "valid_from", "valid_until", "is_demo"):
            setattr(self, name, details[name])
        super().save(*args, **kwargs)

    @property
    def der(self) -> bytes:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        return x509.load_pem_x509_certificate(self.certificate.encode()).public_bytes(
            serialization.Encoding.DER
        )

    @classmethod
    def from_der(cls, der: bytes) -> SigningCertificate:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        pem = x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM).decode()
        return cls(certificate=pem)


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
