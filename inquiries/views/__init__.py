from inquiries.views.assignment import inbox, inquiry_assign
from inquiries.views.reading import (
    deadlines_ical,
    follow_list,
    inquiry_detail,
    inquiry_follow,
    inquiry_list,
    inquiry_unfollow,
)

__all__ = [
    "deadlines_ical",
    "follow_list",
    "inbox",
    "inquiry_assign",
    "inquiry_detail",
    "inquiry_follow",
    "inquiry_list",
    "inquiry_unfollow",
]
