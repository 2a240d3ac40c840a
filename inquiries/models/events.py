"""The event log: the steps of an inquiry's life in the workflow's words, for its timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inquiries.models.choices import ChoiceLabels


class Event(ChoiceLabels, models.Model):
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

    inquiry = models.ForeignKey("inquiries.Inquiry", on_delete=models.CASCADE, related_name="events")
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
