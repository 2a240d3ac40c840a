"""Builders for portal tests: an inquiry with a sent, signed reply, and the material that must
never leave the administration."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from inquiries.models import Event, Inquiry
from responses.models import Answer, Comment, Reply, ReplyAnswer
from tests.factories import AnswerFactory, InquiryFactory, QuestionFactory, ReplyFactory, UserFactory

PDF_BYTES = b"%PDF-1.7\n% signed reply for tests\n%%EOF\n"


def approved_answer(question, text: str) -> Answer:
    return AnswerFactory(
        question=question,
        text=text,
        status=Answer.Status.APPROVED,
        approver=UserFactory(username="approver"),
        approved_at=timezone.now(),
    )


def sent_reply(inquiry: Inquiry, **kwargs) -> Reply:
    """A sent reply that carried the inquiry's approved answers as they stand (as signing
    records them)."""
    reply = ReplyFactory(
        inquiry=inquiry,
        status=Reply.Status.SENT,
        signed_at=timezone.now(),
        sent_at=timezone.now(),
        signed_pdf=ContentFile(PDF_BYTES, name="reply.pdf"),
        signed_pdf_sha256=hashlib.sha256(PDF_BYTES).hexdigest(),
        **kwargs,
    )
    for answer in Answer.objects.filter(question__inquiry=inquiry, status=Answer.Status.APPROVED):
        ReplyAnswer.objects.create(reply=reply, question=answer.question, text=answer.text)
    return reply


def answered_inquiry(
    *, subject: str = "Radwege", question_text: str = "Wie viele?", answer_text: str = "Zwölf.", **kwargs
) -> Inquiry:
    """An answered inquiry: one question with an approved answer and a sent, signed reply."""
    inquiry = InquiryFactory(subject=subject, status=Inquiry.Status.ANSWERED, **kwargs)
    question = QuestionFactory(inquiry=inquiry, number="1", text=question_text)
    approved_answer(question, answer_text)
    sent_reply(inquiry)
    inquiry.answered_on = timezone.localdate()
    inquiry.save()
    Event.objects.create(inquiry=inquiry, kind=Event.Kind.REGISTERED)
    Event.objects.create(inquiry=inquiry, kind=Event.Kind.REPLY_SENT)
    return inquiry


def in_progress_with_draft(*, subject: str, draft_text: str, comment_text: str, **kwargs) -> Inquiry:
    """An inquiry in progress whose answer is a draft and whose question has an internal comment."""
    inquiry = InquiryFactory(subject=subject, status=Inquiry.Status.IN_PROGRESS, **kwargs)
    question = QuestionFactory(inquiry=inquiry, number="1", text="Welche Kosten entstehen?")
    AnswerFactory(question=question, text=draft_text, status=Answer.Status.DRAFT)
    Comment.objects.create(question=question, text=comment_text)
    Event.objects.create(inquiry=inquiry, kind=Event.Kind.DEADLINE_CHANGED, note=comment_text)
    return inquiry
