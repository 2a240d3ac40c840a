from inquiries.views.assignment import inbox, inquiry_assign
from inquiries.views.intake import (
    inquiry_create,
    inquiry_delete,
    inquiry_edit,
    inquiry_follow_up,
    inquiry_refer,
    inquiry_register,
    inquiry_source,
    inquiry_submit,
    inquiry_withdraw,
    letter_import,
    my_inquiries,
)
from inquiries.views.profile import deputy_end, profile
from inquiries.views.reading import (
    deadlines_ical,
    follow_list,
    inquiry_detail,
    inquiry_follow,
    inquiry_list,
    inquiry_unfollow,
)

__all__ = [
    "deputy_end",
    "profile",
    "deadlines_ical",
    "follow_list",
    "inbox",
    "inquiry_assign",
    "inquiry_create",
    "inquiry_delete",
    "inquiry_detail",
    "inquiry_edit",
    "inquiry_follow",
    "inquiry_follow_up",
    "inquiry_list",
    "inquiry_refer",
    "inquiry_register",
    "inquiry_source",
    "inquiry_submit",
    "inquiry_unfollow",
    "inquiry_withdraw",
    "letter_import",
    "my_inquiries",
]
