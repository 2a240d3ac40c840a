from inquiries.views.assignment import inbox, inquiry_assign
from inquiries.views.reading import inquiry_detail, inquiry_list

__all__ = ["inbox", "inquiry_assign", "inquiry_detail", "inquiry_list"]
