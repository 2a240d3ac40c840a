from inquiries.views.assignment import inbox, inquiry_assign
from inquiries.views.deadlines import deadlines_ical
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

__all__ = [
    "deadlines_ical",
    "inbox",
    "inquiry_assign",
    "inquiry_create",
    "inquiry_delete",
    "inquiry_edit",
    "inquiry_follow_up",
    "inquiry_refer",
    "inquiry_register",
    "inquiry_source",
    "inquiry_submit",
    "inquiry_withdraw",
    "letter_import",
    "my_inquiries",
]
