"""Who may do what with inquiries and questions.

Reading is decided by `Inquiry.objects.visible_to(user)`; these predicates decide writing.
They check permissions (granted through the role groups in `roles.py`), never group names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inquiries.models import Department

# what a user's role allows, whatever the object: defined with the roles (models read them too)
from inquiries.roles import _has as _has
from inquiries.roles import can_submit_inquiry as can_submit_inquiry
from inquiries.roles import is_administration as is_administration
from inquiries.roles import is_council_office as is_council_office
from inquiries.roles import sees_all_submitted as sees_all_submitted

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from inquiries.models import Inquiry, Question

    User = AbstractBaseUser | AnonymousUser


def can_write_inquiries(user: User) -> bool:
    """Chairs and faction members write their own inquiries; the council office enters letters."""
    return can_submit_inquiry(user) or is_council_office(user)


def can_edit_draft(user: User, inquiry: Inquiry) -> bool:
    """Only the author changes a draft; once submitted, the sender can no longer change it."""
    return (
        inquiry.status == inquiry.Status.DRAFT
        and inquiry.submitted_by_id == getattr(user, "pk", None)
        and can_write_inquiries(user)
    )


def can_follow_up_inquiry(user: User, inquiry: Inquiry) -> bool:
    """A follow-up (Nachfrage) to a registered inquiry: by its sender, the chair of the committee
    it came from, or the council office. Reads inquiry.committee (select_related it)."""
    if inquiry.status not in (inquiry.Status.REGISTERED, inquiry.Status.IN_PROGRESS, inquiry.Status.ANSWERED):
        return False
    if is_council_office(user):
        return True
    pk = getattr(user, "pk", None)
    is_sender = inquiry.submitted_by_id == pk or (inquiry.committee_id and inquiry.committee.chair_id == pk)
    return bool(is_sender) and can_submit_inquiry(user)


def can_withdraw_inquiry(user: User, inquiry: Inquiry, *, reply_signed: bool) -> bool:
    if reply_signed or inquiry.status in (inquiry.Status.ANSWERED, inquiry.Status.WITHDRAWN):
        return False
    return inquiry.submitted_by_id == getattr(user, "pk", None) or is_council_office(user)


def refusal(inquiry: Inquiry, *, role_allows: bool):
    """The PermissionDenied for a step refused on `inquiry`, with a reason that fits the reader:
    someone whose role includes the step is told that the inquiry's state does not allow it
    (the 403 page shows that); everyone else gets the page's general text, which tells them
    whom to ask. Never "ask the council office" to the council office."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext

    if not role_allows:
        return PermissionDenied()
    return PermissionDenied(
        gettext('This step is not possible for an inquiry that is "%(status)s".')
        % {"status": inquiry.get_status_display()}
    )


def can_register_inquiry(user: User, inquiry: Inquiry) -> bool:
    return is_council_office(user) and inquiry.status == inquiry.Status.SUBMITTED


def can_refer_to_next_meeting(user: User, inquiry: Inquiry) -> bool:
    """The council office records that an answer was not possible at short notice in a meeting;
    the deadline then follows the rules for that case."""
    return (
        is_council_office(user)
        and inquiry.committee_id is not None
        and inquiry.status in (inquiry.Status.REGISTERED, inquiry.Status.IN_PROGRESS)
    )


def can_assign_questions(user: User, inquiry: Inquiry) -> bool:
    return _has(user, "inquiries.assign_question") and inquiry.status in (
        inquiry.Status.REGISTERED,
        inquiry.Status.IN_PROGRESS,
    )


def can_send_interim_reply(user: User, inquiry: Inquiry) -> bool:
    """The council office tells the sender when the deadline cannot be met."""
    return is_council_office(user) and inquiry.status in (
        inquiry.Status.REGISTERED,
        inquiry.Status.IN_PROGRESS,
    )


def can_see_inbox(user: User) -> bool:
    return _has(user, "inquiries.assign_question")


def can_follow_inquiry(user: User) -> bool:
    return _has(user, "inquiries.follow_inquiry")


def user_department_ids(user: User) -> set[int]:
    """The departments a user works in (as staff or head). Cached on the user object."""
    if not user or not user.is_authenticated:
        return set()
    cached = getattr(user, "_department_ids", None)
    if cached is None:
        from django.db.models import Q

        cached = set(
            Department.objects.filter(Q(staff=user) | Q(head=user)).values_list("pk", flat=True).distinct()
        )
        user._department_ids = cached
    return cached


def works_on_question(user: User, question: Question) -> bool:
    """Staff of the question's lead or participating departments."""
    return bool(user_department_ids(user) & question.department_ids())
