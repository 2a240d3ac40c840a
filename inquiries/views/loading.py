"""Loading an inquiry for a view: one pair, for reading and for writing (as healthchecks'
`_get_check_for_user` / `_get_rw_check_for_user`). Every view of an inquiry starts here, the
portal's too."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from inquiries import permissions
from inquiries.models import Inquiry


def get_inquiry_for_user(
    request: HttpRequest, pk: int, *, shape: Callable[[QuerySet], QuerySet] | None = None, **lookup
) -> Inquiry:
    """Reading: 404 unless the user may see the inquiry (`visible_to`), so that someone who may
    not see it does not learn that it exists. `shape` adds select_related/annotations to the
    visible queryset; `lookup` narrows it (e.g. to the user's own)."""
    queryset = Inquiry.objects.visible_to(request.user)
    if shape is not None:
        queryset = shape(queryset)
    inquiry = get_object_or_404(queryset, pk=pk, **lookup)
    inquiry.shown_to = request.user  # what belongs to it is visible too (`Inquiry.is_shown_to`)
    return inquiry


def get_rw_inquiry_for_user(
    request: HttpRequest,
    pk: int,
    *,
    may: Callable,
    role_allows: Callable | bool = False,
    shape: Callable[[QuerySet], QuerySet] | None = None,
    **lookup,
) -> Inquiry:
    """Writing: 404 as for reading, then 403 unless `may(user, inquiry)`. The refusal tells
    someone whose role includes the step (`role_allows(user, inquiry)`) that the inquiry's state
    does not allow it (`permissions.refusal`)."""
    inquiry = get_inquiry_for_user(request, pk, shape=shape, **lookup)
    if not may(request.user, inquiry):
        allowed = role_allows(request.user, inquiry) if callable(role_allows) else role_allows
        raise permissions.refusal(inquiry, role_allows=allowed)
    return inquiry
