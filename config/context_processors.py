from django.http import HttpRequest

from inquiries import permissions
from responses import permissions as response_permissions


def site(request: HttpRequest) -> dict:
    """Role flags for the site-wide navigation (of every app); the views check permissions again."""
    user = request.user
    return {
        "nav": {
            "is_administration": permissions.is_administration(user),
            "is_council_office": permissions.is_council_office(user),
            "can_submit": permissions.can_submit_inquiry(user),
            "sees_inbox": permissions.can_see_inbox(user),
            "works_on_answers": response_permissions.works_on_answers(user),
            "can_follow": permissions.can_follow_inquiry(user),
            "sees_all_submitted": permissions.sees_all_submitted(user),
        }
    }
