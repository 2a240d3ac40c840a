"""The answers as sent (`ReplyAnswer`): what readers outside the administration read, and what
search reads for them (`readable_answers`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from inquiries.fulltext import SearchIndex, SearchVectorDeferredManager, search_vector_field
from inquiries.models import AuditedQuerySet, Inquiry, Question, UnauditedWrite, of_visible_inquiries
from responses.models.records import Answer, Reply


class ReplyAnswerQuerySet(AuditedQuerySet):
    def sent(self) -> ReplyAnswerQuerySet:
        return self.filter(reply__status=Reply.Status.SENT)

    def latest_sent(self) -> ReplyAnswerQuerySet:
        """Per question, the text of the latest sent reply that carried it (by signing time):
        a correction replaces the earlier text once its supplementary reply is sent. Read from
        the stored `is_published` (`refresh_published`, the definition): no join and no
        comparison with other replies per row, so search and the portal read it at index speed."""
        return self.filter(is_published=True)

    def refresh_published(self) -> None:
        """Recompute `is_published` for every answer recorded for the questions in this
        queryset: its reply is sent, and no later sent reply (by signing time, then id) carries
        the same question. The one definition of "the text readers read"; called whenever the
        sent replies of a question change (a reply is sent, answers are recorded for a reply
        already sent). Two narrow reads and at most two UPDATEs of the rows that differ."""
        later = ReplyAnswer.objects.filter(
            Q(reply__signed_at__gt=OuterRef("reply__signed_at"))
            | Q(reply__signed_at=OuterRef("reply__signed_at"), reply_id__gt=OuterRef("reply_id")),
            question_id=OuterRef("question_id"),
            reply__status=Reply.Status.SENT,
        )
        rows = ReplyAnswer.objects.filter(question_id__in=self.values("question_id"))
        published = set(
            rows.filter(reply__status=Reply.Status.SENT).exclude(Exists(later)).values_list("pk", flat=True)
        )
        stored = set(rows.filter(is_published=True).values_list("pk", flat=True))
        for pks, flag in ((published - stored, True), (stored - published, False)):
            if pks:
                ReplyAnswer._base_manager.filter(pk__in=pks).update(is_published=flag)

    def bulk_create(self, objs, *args, **kwargs):
        """As `save()`: each row carries its reply's inquiry; rows recorded for a reply that
        is already sent are published at once."""
        objs = list(objs)
        for obj in objs:
            obj.inquiry_id = obj.reply.inquiry_id
        created = super().bulk_create(objs, *args, **kwargs)
        sent = [obj.question_id for obj in objs if obj.reply.status == Reply.Status.SENT]
        for start in range(0, len(sent), 1000):
            ReplyAnswer.objects.filter(question_id__in=sent[start : start + 1000]).refresh_published()
        return created

    def visible_to(self, user, *, inquiry: Inquiry | None = None) -> ReplyAnswerQuerySet:
        """What every reader reads of the answers of the inquiries they see: for each question
        the text of the latest sent reply that carried it. Drafts, approved but unsent texts
        and corrections still under way are not here; the administration reads those through
        `Answer.objects.visible_to`. `inquiry`: its answers only (`of_visible_inquiries`)."""
        return self.latest_sent().filter(of_visible_inquiries(user, "inquiry", inquiry=inquiry))


class ReplyAnswer(models.Model):
    """The text of an answer as a signed reply carried it: recorded when the reply is signed
    (from the letter that goes into the PDF), published when it is sent, never changed."""

    reply = models.ForeignKey(
        Reply, on_delete=models.PROTECT, related_name="answers", verbose_name=_("reply")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="sent_answers", verbose_name=_("question")
    )
    # the reply's inquiry, copied when the row is recorded (a reply never changes its inquiry):
    # visibility and search read it without joining the reply
    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name=_("inquiry")
    )
    text = models.TextField(_("text"))
    # what readers read now: the reply is sent and no later sent reply carries the question; a
    # stored copy of that comparison (`ReplyAnswerQuerySet.refresh_published`)
    is_published = models.BooleanField(_("published"), default=False, editable=False)
    # see inquiries/fulltext.py
    search_vector = search_vector_field((("text",), "C"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SearchVectorDeferredManager.from_queryset(ReplyAnswerQuerySet)()

    class Meta:
        ordering = ["reply", "question__position", "question_id"]
        verbose_name = _("sent answer")
        verbose_name_plural = _("sent answers")
        constraints = [
            models.UniqueConstraint(fields=["reply", "question"], name="replyanswer_once_per_reply"),
        ]
        indexes = [
            # "the latest sent reply that carried this question" (ReplyAnswerQuerySet.refresh_published)
            models.Index(fields=["question", "reply"], name="replyanswer_question_reply"),
            # full-text search (search.services)
            SearchIndex(fields=["search_vector"], name="replyanswer_search_vector"),
        ]

    def __str__(self) -> str:
        return f"{self.reply} – {self.question.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise UnauditedWrite("A sent answer is part of a signed reply and never changes.")
        self.inquiry_id = self.reply.inquiry_id
        super().save(*args, **kwargs)
        if self.reply.status == Reply.Status.SENT:  # recorded for a reply already sent
            ReplyAnswer.objects.filter(pk=self.pk).refresh_published()


def readable_answers(user) -> models.QuerySet:
    """The answer texts `user` reads, for search and anything else that reads answers across
    inquiries: the administration reads the working text (`Answer`), everyone else the text as
    sent (`ReplyAnswer`). Both querysets have `text`, `search_vector` and `question`."""
    from inquiries import permissions

    if permissions.is_administration(user):
        return Answer.objects.visible_to(user)
    return ReplyAnswer.objects.visible_to(user)
