"""The e-mails of the inquiries app, one function per message; each is sent once the surrounding
transaction commits (`tasks.send_email_on_commit`). The apps above keep theirs in their own
`notifications.py` (a layer below never names one above)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext

from config.site import site_url
from inquiries import permissions
from inquiries.models import Inquiry, Municipality
from inquiries.tasks import send_email_on_commit


def sender_recipients(inquiry: Inquiry) -> list[str]:
    """Who hears from the council office about an inquiry: the sender's address from the letter,
    else the user who submitted it, else (for a letter the council office entered) the chair of
    the committee it comes from. Reads submitted_by and committee.chair."""
    if inquiry.sender_email:
        return [inquiry.sender_email]
    submitter = inquiry.submitted_by
    if submitter and submitter.email and not permissions.is_council_office(submitter):
        return [submitter.email]
    chair = inquiry.committee.chair if inquiry.committee_id else None
    return [chair.email] if chair and chair.email else []


def _office_mailbox() -> list[str]:
    municipality = Municipality.current()
    return [municipality.email] if municipality and municipality.email else []


def tell_office_of_submission(inquiry: Inquiry, *, by) -> None:
    """The council office's mailbox: a new inquiry to register."""
    subject = gettext("New inquiry submitted: %(subject)s") % {"subject": inquiry.subject}
    body = gettext("%(sender)s has submitted an inquiry. Register it: %(url)s") % {
        "sender": inquiry.sender_name or str(by),
        "url": site_url() + reverse("inquiries:register", args=[inquiry.pk]),
    }
    send_email_on_commit(_office_mailbox(), subject, body)


def tell_office_of_withdrawal(inquiry: Inquiry, *, reason: str) -> None:
    """The council office's mailbox: an inquiry it works on was withdrawn by its sender."""
    subject = gettext("Inquiry withdrawn: %(inquiry)s") % {"inquiry": str(inquiry)}
    body = gettext("The inquiry %(inquiry)s has been withdrawn by its sender.\n\n%(reason)s\n\n%(url)s") % {
        "inquiry": str(inquiry),
        "reason": reason,
        "url": site_url() + inquiry.get_absolute_url(),
    }
    send_email_on_commit(_office_mailbox(), subject, body)


def tell_sender_of_registration(inquiry: Inquiry) -> None:
    """E-mail the sender that the inquiry was received, with its reference and deadline (once
    the transaction commits)."""
    subject = gettext("Your inquiry has been received: %(reference)s") % {"reference": inquiry.reference}
    due = formats.date_format(inquiry.due_on, "d.m.Y") if inquiry.due_on else gettext("to be set")
    body = gettext(
        "Your inquiry „%(subject)s“ was received on %(received_on)s and registered as %(reference)s.\n\n"
        "Deadline for the reply: %(due_on)s\n%(reason)s\n\n%(url)s"
    ) % {
        "subject": inquiry.subject,
        "received_on": formats.date_format(inquiry.received_on, "d.m.Y"),
        "reference": inquiry.reference,
        "due_on": due,
        "reason": inquiry.deadline_reason,
        "url": site_url() + inquiry.get_absolute_url(),
    }
    send_email_on_commit(sender_recipients(inquiry), subject, body)
