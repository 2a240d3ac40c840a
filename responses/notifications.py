"""E-mails when an answer or a reply lands in someone's queue. Each goes through
`inquiries.notifications.notify_queue`, which honours the recipient's choice (at once, daily
bundle, none) and tells their deputies; its text is in `templates/email/queue_item.txt`.
Call these inside the service's transaction: nothing is sent for a change that rolls back.
Also who hears of a sent reply (`committee_recipients`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from inquiries.models import Inquiry
from inquiries.notifications import notify_queue
from responses.models import Answer, Reply


def _question_words(answer: Answer) -> dict:
    question = answer.question
    return {"reference": question.inquiry.reference or "", "question": question.heading}


def answer_in_review(answer: Answer, *, by) -> int:
    """ "Zur Freigabe": the head of the question's lead department (reads question, its
    inquiry, parent and lead department)."""
    lead = answer.question.lead_department
    if lead is None or lead.head is None:
        return 0
    words = _question_words(answer)
    return notify_queue(
        [lead.head],
        subject=gettext("For approval: %(reference)s %(question)s") % words,
        text=gettext("An answer of your department waits for your approval: %(reference)s, %(question)s.")
        % words,
        path=reverse("responses:answer_edit", args=[answer.question_id]),
        exclude=by,
    )


def answer_returned(answer: Answer, *, by) -> int:
    """The author of an answer sent back, with the reason."""
    if answer.author is None:
        return 0
    words = {**_question_words(answer), "reason": answer.review_comment}
    return notify_queue(
        [answer.author],
        subject=gettext("Returned: %(reference)s %(question)s") % words,
        text=gettext(
            "Your answer to %(reference)s, %(question)s, was returned to you. The reason:\n\n%(reason)s"
        )
        % words,
        path=reverse("responses:answer_edit", args=[answer.question_id]),
        exclude=by,
    )


def signatories():
    perm = Permission.objects.get(content_type__app_label="responses", codename="sign_reply")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(user_permissions=perm) | Q(groups__permissions=perm))
        .distinct()
        .order_by("pk")
    )


def reply_ready(reply: Reply, *, by) -> int:
    """ "Zur Unterschrift": every signatory (reads reply.inquiry)."""
    words = {"reference": reply.inquiry.reference or "", "subject": reply.inquiry.subject}
    return notify_queue(
        list(signatories()),
        subject=gettext("For signature: %(reference)s") % words,
        text=gettext('The reply to %(reference)s "%(subject)s" is ready for your signature.') % words,
        path=reverse("responses:reply_compose", args=[reply.pk]),
        exclude=by,
    )


def committee_recipients(inquiry: Inquiry) -> list[str]:
    """The committee's mailbox, chair and active members with an address."""
    committee = inquiry.committee
    if committee is None:
        return [inquiry.sender_email]
    addresses = [committee.email]
    if committee.chair is not None and committee.chair.is_active:
        addresses.append(committee.chair.email)
    addresses += list(
        committee.members.filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    return [address for address in dict.fromkeys(addresses) if address]
