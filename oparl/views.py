"""A read-only OParl 1.1 endpoint: System → Body → Organization, Person, Meeting, Paper, File.

Everything here is what an anonymous visitor may see: papers come from
`Inquiry.objects.visible_to(AnonymousUser())` and `Reply.objects.visible_to(AnonymousUser())`,
never from a filter of our own. One municipality per installation: the only Body is
`Municipality.current()`.

A paper the public could read once and no longer can (withdrawn, made non-public) stays
reachable as a deleted object, `{"id", "type", "created", "modified", "deleted": true}`, and is
listed, so that clients that sync with `modified_since` learn of it (OParl 1.1, "Gelöschte
Objekte"). Whether it was ever public is read from the inquiry's history. Every answer is JSON:
unknown paths 404, methods other than GET and HEAD 405.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time
from functools import wraps
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Greatest
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from inquiries.models import Committee, Department, Inquiry, Meeting, Municipality
from oparl import serializers
from responses.models import Reply

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
DATE_FILTERS = {
    "created_since": ("created", "gte"),
    "created_until": ("created", "lte"),
    "modified_since": ("modified", "gte"),
    "modified_until": ("modified", "lte"),
}


class BadRequest(Exception):
    pass


def _json(data: dict[str, Any], *, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        content_type="application/json; charset=utf-8",
        status=status,
    )


ALLOWED_METHODS = ("GET", "HEAD")


def oparl_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only; errors as JSON; CORS open to every origin (open data for any client)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            if request.method not in ALLOWED_METHODS:
                response = _json({"error": f"Method {request.method} not allowed"}, status=405)
                response["Allow"] = ", ".join(ALLOWED_METHODS)
            else:
                response = view(request, *args, **kwargs)
        except Http404:
            response = _json({"error": "Not found"}, status=404)
        except BadRequest as error:
            response = _json({"error": str(error)}, status=400)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _anonymous() -> AnonymousUser:
    return AnonymousUser()


def public_inquiries() -> QuerySet[Inquiry]:
    return Inquiry.objects.visible_to(_anonymous())


def public_replies() -> QuerySet[Reply]:
    """Sent replies the public may read: each is a Paper with the signed PDF as its File."""
    return Reply.objects.visible_to(_anonymous()).filter(status=Reply.Status.SENT)


def deleted_inquiries() -> QuerySet[Inquiry]:
    """Inquiries the public could read once (a version in their history was public) and can
    read no longer: withdrawn, or made non-public. Never one that was never published."""
    once_public = Inquiry.history.filter(is_public=True, status__in=Inquiry.PUBLISHED_STATUSES).values("id")
    return Inquiry.objects.filter(pk__in=once_public).exclude(pk__in=public_inquiries().values("pk"))


def deleted_replies() -> QuerySet[Reply]:
    """The sent replies of deleted inquiries: they went when their inquiry went, so that is
    when they were modified (`deleted_at`)."""
    return Reply.objects.filter(status=Reply.Status.SENT, inquiry__in=deleted_inquiries()).annotate(
        deleted_at=Greatest("updated_at", "inquiry__updated_at")
    )


def _current_body(pk: int | None = None) -> Municipality:
    municipality = Municipality.current()
    if municipality is None or (pk is not None and municipality.pk != pk):
        raise Http404
    return municipality


# Lists ------------------------------------------------------------------------------------


def _parse_moment(name: str, value: str) -> datetime:
    # A "+" in an unencoded query string arrives as a space.
    value = value.strip().replace(" ", "+")
    try:
        moment = parse_datetime(value)
        if moment is None and (only_date := parse_date(value)):
            moment = datetime.combine(only_date, time.min)
        if moment is not None:
            moment = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
            # 0001-01-01 in Berlin is in year 0 in UTC, where every database stores it
            moment.astimezone(UTC)
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise BadRequest(f"{name}: expected an ISO 8601 date and time, got {value[:100]!r}")
    return moment


def _filters(request: HttpRequest) -> dict[str, datetime]:
    return {name: _parse_moment(name, request.GET[name]) for name in DATE_FILTERS if request.GET.get(name)}


def _positive_int(request: HttpRequest, name: str, default: int) -> int:
    value = request.GET.get(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{name}: expected a whole number, got {value!r}") from None
    if number < 1:
        raise BadRequest(f"{name}: must be at least 1")
    return number


class Source:
    """One queryset in a list and how to turn a page of its rows into OParl objects.
    `created`/`modified` name the fields the date filters apply to."""

    def __init__(
        self,
        queryset: QuerySet,
        render: Callable[[list[Any]], list[dict[str, Any]]],
        *,
        created: str = "created_at",
        modified: str = "updated_at",
    ):
        self.queryset = queryset
        self.render = render
        self.fields = {"created": created, "modified": modified}

    def filtered(self, filters: dict[str, datetime]) -> QuerySet:
        conditions = {}
        for name, moment in filters.items():
            field, lookup = DATE_FILTERS[name]
            conditions[f"{self.fields[field]}__{lookup}"] = moment
        return self.queryset.filter(**conditions).order_by("pk")


def _list(request: HttpRequest, list_name: str, args: Sequence[Any], sources: list[Source]) -> HttpResponse:
    """A paginated external list. Several sources (committees and departments; inquiries and
    replies) are chained in order, so one count and one page query per source."""
    filters = _filters(request)
    limit = min(_positive_int(request, "limit", PAGE_SIZE), MAX_PAGE_SIZE)
    page = _positive_int(request, "page", 1)
    querysets = [source.filtered(filters) for source in sources]
    counts = [queryset.count() for queryset in querysets]
    total = sum(counts)
    total_pages = max(1, math.ceil(total / limit))

    data: list[dict[str, Any]] = []
    start, stop = (page - 1) * limit, page * limit
    offset = 0
    for source, queryset, count in zip(sources, querysets, counts, strict=True):
        lo, hi = max(start - offset, 0), min(stop - offset, count)
        if lo < hi:
            data.extend(source.render(list(queryset[lo:hi])))
        offset += count

    kept = {name: request.GET[name] for name in DATE_FILTERS if request.GET.get(name)}
    if "limit" in request.GET:
        kept["limit"] = str(limit)

    def link(number: int) -> str:
        query = urlencode({**kept, "page": number} if number > 1 else kept)
        return serializers.url(list_name, *args, query=query)

    links = {"first": link(1), "last": link(total_pages), "self": link(page)}
    if page > 1:
        links["prev"] = link(min(page - 1, total_pages))
    if page < total_pages:
        links["next"] = link(page + 1)
    return _json(
        {
            "data": data,
            "pagination": {
                "totalElements": total,
                "elementsPerPage": limit,
                "currentPage": page,
                "totalPages": total_pages,
            },
            "links": links,
        }
    )


# Querysets with what the serializers read -----------------------------------------------


def _committees(municipality: Municipality) -> QuerySet[Committee]:
    return Committee.objects.filter(municipality=municipality).prefetch_related(
        Prefetch("members", queryset=User.objects.only("pk").order_by("pk"))
    )


def _persons(municipality: Municipality) -> QuerySet[User]:
    """Everyone who sits on or chairs one of the body's committees; nobody else."""
    in_body = Committee.objects.filter(municipality=municipality)
    return User.objects.filter(Q(committees__in=in_body) | Q(chaired_committees__in=in_body)).distinct()


def _with_committees(users: QuerySet[User], municipality: Municipality) -> QuerySet[User]:
    in_body = Committee.objects.filter(municipality=municipality).order_by("kind", "name")
    return users.prefetch_related(
        Prefetch("committees", queryset=in_body, to_attr="member_of"),
        Prefetch("chaired_committees", queryset=in_body, to_attr="chair_of"),
    )


def _person_committees(user: User) -> list[Committee]:
    committees = {item.pk: item for item in user.chair_of}
    for item in user.member_of:
        committees.setdefault(item.pk, item)
    return list(committees.values())


def _meetings(municipality: Municipality) -> QuerySet[Meeting]:
    # Only public meetings: non-public sessions are the council's business.
    return Meeting.objects.filter(committee__municipality=municipality, is_public=True).select_related(
        "committee"
    )


def _inquiries() -> QuerySet[Inquiry]:
    return public_inquiries().prefetch_related(
        Prefetch("replies", queryset=public_replies().order_by("pk"), to_attr="public_replies")
    )


def _replies() -> QuerySet[Reply]:
    return public_replies().select_related("inquiry")


def _render_replies(replies: list[Reply], body_url: str) -> list[dict[str, Any]]:
    supplemented = {reply.supplements_id for reply in replies if reply.supplements_id}
    public_pks = (
        set(public_replies().filter(pk__in=supplemented).values_list("pk", flat=True))
        if supplemented
        else set()
    )
    return [
        serializers.reply_paper(reply, body_url=body_url, public_reply_pks=public_pks) for reply in replies
    ]


# Views --------------------------------------------------------------------------------------


@oparl_view
def system(request: HttpRequest) -> HttpResponse:
    return _json(serializers.system(Municipality.current()))


@oparl_view
def body_list(request: HttpRequest) -> HttpResponse:
    current = Municipality.current()
    queryset = Municipality.objects.filter(pk=current.pk) if current else Municipality.objects.none()
    return _list(
        request, "body_list", [], [Source(queryset, lambda rows: [serializers.body(m) for m in rows])]
    )


@oparl_view
def body(request: HttpRequest, pk: int) -> HttpResponse:
    return _json(serializers.body(_current_body(pk)))


@oparl_view
def organization_list(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _current_body(pk)
    body_url = serializers.url("body", pk)
    return _list(
        request,
        "organization_list",
        [pk],
        [
            Source(
                _committees(municipality),
                lambda rows: [serializers.committee(c, body_url=body_url) for c in rows],
            ),
            Source(
                Department.objects.all(),
                lambda rows: [serializers.department(d, body_url=body_url) for d in rows],
            ),
        ],
    )


@oparl_view
def organization(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _current_body()
    item = get_object_or_404(_committees(municipality), pk=pk)
    return _json(serializers.committee(item, body_url=serializers.url("body", municipality.pk)))


@oparl_view
def organization_meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _current_body()
    committee = get_object_or_404(Committee.objects.filter(municipality=municipality), pk=pk)
    meetings = _meetings(municipality).filter(committee=committee)
    return _list(
        request,
        "organization_meeting_list",
        [pk],
        [Source(meetings, lambda rows: [serializers.meeting(m) for m in rows])],
    )


@oparl_view
def department(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _current_body()
    item = get_object_or_404(Department, pk=pk)
    return _json(serializers.department(item, body_url=serializers.url("body", municipality.pk)))


@oparl_view
def person_list(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _current_body(pk)
    body_url = serializers.url("body", pk)

    def render(users: list[User]) -> list[dict[str, Any]]:
        # The page's rows again, with their committees: `distinct()` and prefetching do not mix
        # well with the OR over two relations, so the page is fetched by primary key.
        by_pk = {
            u.pk: u for u in _with_committees(User.objects.filter(pk__in=[u.pk for u in users]), municipality)
        }
        return [
            serializers.person(by_pk[u.pk], body_url=body_url, committees=_person_committees(by_pk[u.pk]))
            for u in users
        ]

    return _list(
        request,
        "person_list",
        [pk],
        [Source(_persons(municipality).only("pk"), render, created="date_joined", modified="date_joined")],
    )


@oparl_view
def person(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _current_body()
    if not _persons(municipality).filter(pk=pk).exists():
        raise Http404
    user = get_object_or_404(_with_committees(User.objects.all(), municipality), pk=pk)
    return _json(
        serializers.person(
            user, body_url=serializers.url("body", municipality.pk), committees=_person_committees(user)
        )
    )


@oparl_view
def membership(request: HttpRequest, committee_pk: int, user_pk: int) -> HttpResponse:
    municipality = _current_body()
    committee = get_object_or_404(Committee.objects.filter(municipality=municipality), pk=committee_pk)
    user = get_object_or_404(User, pk=user_pk)
    if committee.chair_id != user.pk and not committee.members.filter(pk=user.pk).exists():
        raise Http404
    return _json(serializers.membership(committee, user))


@oparl_view
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _current_body(pk)
    return _list(
        request,
        "meeting_list",
        [pk],
        [Source(_meetings(municipality), lambda rows: [serializers.meeting(m) for m in rows])],
    )


@oparl_view
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_meetings(_current_body()), pk=pk)
    return _json(serializers.meeting(item))


@oparl_view
def location(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_meetings(_current_body()).exclude(location=""), pk=pk)
    return _json(serializers.location(item))


@oparl_view
def paper_list(request: HttpRequest, pk: int) -> HttpResponse:
    _current_body(pk)
    body_url = serializers.url("body", pk)
    return _list(
        request,
        "paper_list",
        [pk],
        [
            Source(
                _inquiries(), lambda rows: [serializers.inquiry_paper(i, body_url=body_url) for i in rows]
            ),
            Source(_replies(), lambda rows: _render_replies(rows, body_url)),
            Source(
                deleted_inquiries(),
                lambda rows: [serializers.deleted_inquiry_paper(i) for i in rows],
            ),
            Source(
                deleted_replies(),
                lambda rows: [serializers.deleted_reply_paper(r) for r in rows],
                modified="deleted_at",
            ),
        ],
    )


@oparl_view
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _current_body()
    item = _inquiries().filter(pk=pk).first()
    if item is None:
        return _json(serializers.deleted_inquiry_paper(get_object_or_404(deleted_inquiries(), pk=pk)))
    return _json(serializers.inquiry_paper(item, body_url=serializers.url("body", municipality.pk)))


@oparl_view
def reply_paper(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _current_body()
    item = _replies().filter(pk=pk).first()
    if item is None:
        return _json(serializers.deleted_reply_paper(get_object_or_404(deleted_replies(), pk=pk)))
    return _json(_render_replies([item], serializers.url("body", municipality.pk))[0])


@oparl_view
def file(request: HttpRequest, pk: int) -> HttpResponse:
    item = _replies().exclude(signed_pdf="").filter(pk=pk).first()
    if item is None:
        deleted = get_object_or_404(deleted_replies().exclude(signed_pdf=""), pk=pk)
        return _json(serializers.deleted_file(deleted))
    return _json(serializers.file(item))


@oparl_view
def file_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed PDF of a sent reply; 404 for anything the public may not read."""
    item = get_object_or_404(_replies().exclude(signed_pdf=""), pk=pk)
    try:
        handle = item.signed_pdf.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=bool(request.GET.get("download")),
        filename=PurePosixPath(item.signed_pdf.name).name,
    )


@oparl_view
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under the endpoint: JSON, like the rest of it. A known path without its
    trailing slash is redirected, as Django does for the site's pages."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not_found" and match.namespace == "oparl":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    raise Http404
