"""The e-mails of the responses app, one function per message, their texts in
`templates/email/`. Call them inside the service's transaction: nothing is sent for a change that
rolls back.

- Work that lands in someone's queue goes through `inquiries.notifications.notify_queue`, which
  honours the recipient's choice (at once, daily bundle, none) and tells their deputies
  (`templates/email/queue_item.txt`).
- The sender hears of an interim reply, the committee of a sent reply, a department's mailbox of
  questions assigned to it.
- The daily reminders' texts (`due_soon_reminder`, `overdue_notice`); `services.reminders` sends
  them once per item and recipient."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from config.site import site_url
from inquiries.models import Inquiry
from inquiries.notifications import notify_queue, render_email
from inquiries.tasks import send_email_on_commit
from responses.models import Answer, InterimReply, Reply


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


def interim_reply_sent(interim: InterimReply) -> None:
    """The sender, whoever submitted the inquiry, and its committee and chair: an interim reply
    with the new expected date (reads interim.inquiry, its submitter, committee and chair)."""
    inquiry = interim.inquiry
    committee = inquiry.committee
    recipients = [
        inquiry.sender_email,
        getattr(inquiry.submitted_by, "email", ""),
        getattr(committee, "email", ""),
        getattr(getattr(committee, "chair", None), "email", ""),
    ]
    url = site_url() + inquiry.get_absolute_url()
    subject, body = render_email("interim_reply", {"interim": interim, "inquiry": inquiry, "url": url})
    send_email_on_commit(recipients, subject, body)


def reply_sent_to_committee(reply: Reply) -> None:
    """The committee's mailbox, chair and members (`committee_recipients`): the reply (or a
    supplementary one) is sent, with a link to the inquiry."""
    inquiry = reply.inquiry
    url = site_url() + inquiry.get_absolute_url()
    subject, body = render_email("reply_to_committee", {"reply": reply, "inquiry": inquiry, "url": url})
    send_email_on_commit(committee_recipients(inquiry), subject, body)


def questions_assigned(inquiry: Inquiry, department, *, by=None) -> None:
    """Questions of `inquiry` were assigned to `department`: its mailbox at once, its people (and
    their deputies) as each chose on their profile page; whoever assigned (`by`) is not told."""
    path = reverse("responses:worklist")
    subject = gettext("New questions for %(department)s: %(reference)s") % {
        "department": department.code,
        "reference": inquiry.reference or "",
    }
    text = gettext(
        "The council office has assigned questions of the inquiry %(inquiry)s to %(department)s."
    ) % {"inquiry": str(inquiry), "department": str(department)}
    if department.email:
        body = render_to_string("email/questions_assigned.txt", {"text": text, "url": site_url() + path})
        send_email_on_commit([department.email], subject, body)
    people = list(department.staff.all())
    if department.head_id:
        people.append(department.head)
    notify_queue(people, subject=subject, text=text, path=path, exclude=by)


def _with_urls(questions) -> list:
    return [(q, site_url() + reverse("responses:answer_edit", args=[q.pk])) for q in questions]


def due_soon_reminder(questions) -> tuple[str, str]:
    """Subject and body of a lead department's reminder of `questions` due soon (each reads its
    inquiry)."""
    body = render_to_string("email/due_soon.txt", {"questions": _with_urls(questions)})
    return gettext("Reminder: answers due soon"), body


def overdue_notice(questions, inquiries) -> tuple[str, str]:
    """Subject and body of the council office's daily notice of what is overdue."""
    body = render_to_string(
        "email/overdue.txt",
        {
            "questions": _with_urls(questions),
            "inquiries": [(i, site_url() + i.get_absolute_url()) for i in inquiries],
        },
    )
    return gettext("Overdue: inquiries and questions"), body
