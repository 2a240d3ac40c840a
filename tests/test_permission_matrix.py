"""Every URL of the app × every role × GET and POST → the expected status.

The URLs are enumerated from the resolver, so a new URL without a row here fails the test.
The statuses say who may see and do what: 200/302 where allowed, 403 where the user may know
the object exists but not act, 404 where they may not even know it exists, a redirect to the
sign-in page for anonymous visitors on staff pages, 405 for the wrong method. POSTs carry no
form data: an allowed POST answers with a form error (200/400) or a redirect, never 500.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from inquiries import roles
from inquiries.models import Inquiry
from tests.factories import (
    CommitteeFactory,
    DepartmentFactory,
    MeetingFactory,
    MunicipalityFactory,
    user_with_role,
)
from tests.portal import answered_inquiry, in_progress_with_draft

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "chair", "staff_assigned", "staff_other", "council_office", "signatory", "member"]
ADMIN = {"staff_assigned", "staff_other", "council_office", "signatory"}


def enumerate_urls() -> set[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    return {name for name in walk(get_resolver().url_patterns) if not name.startswith("admin:")}


@dataclass
class Row:
    """Expected status per role; `default` for roles not named."""

    get: dict[str, int] = field(default_factory=dict)
    post: dict[str, int] = field(default_factory=dict)
    args: str = ""  # which object of the world the URL needs

    def expected(self, method: str, role: str) -> int | set[int]:
        table = self.get if method == "get" else self.post
        return table.get(role, table.get("default"))


LOGIN = 302  # anonymous visitors are sent to the sign-in page
ALLOWED_POST = {200, 302, 400}  # an empty form: an error shown, or done and redirected

PUBLIC_READ = Row(get={"default": 200}, post={"default": 405})
API = Row(get={"default": 200}, post={"default": 405})


def _staff_page(allowed: set[str], *, redirect: bool = False) -> dict[str, int]:
    table = {role: 403 for role in ROLES}
    table.update({role: 302 if redirect else 200 for role in allowed})
    table["anonymous"] = LOGIN
    return table


def _write(allowed: set[str], *, invisible: set[str] = frozenset(), forbidden: int = 403) -> Row:
    post = {role: forbidden for role in ROLES}
    post.update({role: 404 for role in invisible})
    post.update({role: ALLOWED_POST for role in allowed})
    post["anonymous"] = LOGIN
    return post


TABLE: dict[str, Row] = {
    # reading: the portal
    "favicon": Row(get={"default": 200}, post={"default": 405}),
    "portal:list": PUBLIC_READ,
    "portal:detail": Row(get={"default": 200}, post={"default": 405}, args="inquiry"),
    "search:search": PUBLIC_READ,
    # the accessibility statement's feedback form is open to everyone (a barrier may be the sign-in)
    "accessibility:statement": Row(get={"default": 200}, post={"default": ALLOWED_POST}),
    "accessibility:plain_language": PUBLIC_READ,
    "portal:replies_feed": PUBLIC_READ,
    "responses:reply_pdf": Row(get={"default": 200}, post={"default": 405}, args="reply"),
    "portal:statistics": Row(
        get=_staff_page({"chair", "member", "staff_assigned", "staff_other", "council_office", "signatory"}),
        post={"default": 405},
    ),
    "portal:follow_list": Row(get=_staff_page({"member"}), post={"default": 405}),
    "portal:follow": Row(get={"default": 405}, post=_write({"member"}), args="inquiry"),
    "portal:unfollow": Row(get={"default": 405}, post=_write({"member"}), args="inquiry"),
    "inquiries:deadlines_ical": Row(get=_staff_page(ADMIN), post={"default": 405}),
    # the administration's work
    "inquiries:inbox": Row(get=_staff_page({"council_office"}), post={"default": 405}),
    "inquiries:assign": Row(
        get=_staff_page({"council_office"}), post=_write({"council_office"}), args="inquiry"
    ),
    "responses:worklist": Row(
        get=_staff_page({"staff_assigned", "staff_other", "council_office"}), post={"default": 405}
    ),
    "responses:answer_edit": Row(
        get=_staff_page({"staff_assigned", "council_office"}) | {"chair": 403, "member": 403},
        post=_write({"staff_assigned", "council_office"}),
        args="question",
    ),
    "responses:answer_history": Row(
        get=_staff_page({"staff_assigned", "council_office"}), post={"default": 405}, args="question"
    ),
    "responses:answer_transition": Row(
        get={"default": 405}, post=_write({"staff_assigned", "council_office"}), args="question"
    ),
    # annexes: the answer's editors attach and remove, the council office attaches to the reply;
    # a draft answer's annex is read by the administration only (404 for everyone else)
    "responses:annex_add": Row(
        get={"default": 405}, post=_write({"staff_assigned", "council_office"}), args="question"
    ),
    "responses:reply_annex_add": Row(
        get={"default": 405},
        post=_write({"council_office"}, invisible={"chair", "member"}),
        args="draft_reply",
    ),
    "responses:annex_download": Row(
        get={"default": 404} | {role: 200 for role in ADMIN}, post={"default": 405}, args="annex"
    ),
    "responses:annex_delete": Row(
        get={"default": 405},
        post=_write({"staff_assigned", "council_office"}, invisible={"chair", "member"}),
        args="annex",
    ),
    "responses:contribution_add": Row(
        get={"default": 405}, post=_write({"staff_assigned", "council_office"}), args="question"
    ),
    "responses:contribution_merge": Row(
        get={"default": 405}, post=_write({"staff_assigned", "council_office"}), args="contribution"
    ),
    "responses:question_answered_by_sub_questions": Row(
        get={"default": 405}, post=_write({"council_office"}), args="question"
    ),
    # "Asked before?": the answer editor's suggestions (same access as the editor) and copying one
    "search:question_suggestions": Row(
        get=_staff_page({"staff_assigned", "council_office"}) | {"chair": 403, "member": 403},
        post={"default": 405},
        args="question",
    ),
    "responses:answer_copy": Row(
        get={"default": 405}, post=_write({"staff_assigned", "council_office"}), args="question"
    ),
    # similar inquiries: read by everyone, within what each may see (visible_to)
    "search:inquiry_suggestions": PUBLIC_READ,
    "responses:comment_add": Row(
        get={"default": 405}, post=_write({"staff_assigned", "council_office"}), args="question"
    ),
    "responses:interim_reply": Row(
        get=_staff_page({"council_office"}), post=_write({"council_office"}), args="inquiry"
    ),
    # intake
    "inquiries:mine": Row(get=_staff_page({"chair", "council_office"}), post={"default": 405}),
    "inquiries:create": Row(
        get=_staff_page({"chair", "council_office"}), post=_write({"chair", "council_office"})
    ),
    "inquiries:import": Row(
        get=_staff_page({"chair", "council_office"}), post=_write({"chair", "council_office"})
    ),
    # writers who are not the author get 404 (nobody learns a draft exists); people who do
    # not write inquiries at all get 403 from every edit URL, existing or not
    "inquiries:edit": Row(
        get=_staff_page({"chair"}) | {"council_office": 404},
        post=_write({"chair"}, invisible={"council_office"}),
        args="draft",
    ),
    "inquiries:submit": Row(
        get={"default": 405},
        post=_write({"chair"}, invisible={r for r in ROLES if r not in ("chair", "anonymous")}),
        args="draft",
    ),
    "inquiries:delete": Row(
        get={"default": 405},
        post=_write({"chair"}, invisible={r for r in ROLES if r not in ("chair", "anonymous")}),
        args="draft",
    ),
    "inquiries:withdraw": Row(get={"default": 405}, post=_write({"chair", "council_office"}), args="inquiry"),
    "inquiries:follow_up": Row(
        get={"default": 405}, post=_write({"chair", "council_office"}), args="inquiry"
    ),
    "inquiries:refer": Row(get={"default": 405}, post=_write({"council_office"}), args="inquiry"),
    "inquiries:register": Row(
        get=_staff_page({"council_office"}) | {"chair": 403},
        post=_write({"council_office"}),
        args="submitted",
    ),
    "inquiries:source": Row(
        get=_staff_page(ADMIN | {"chair"}) | {"member": 403},
        post={"default": 405},
        args="inquiry",
    ),
    # the reply
    "responses:reply_start": Row(
        get=_staff_page(ADMIN, redirect=True) | {"chair": 404, "member": 404},
        post=_staff_page(ADMIN, redirect=True) | {"chair": 404, "member": 404},
        args="inquiry",
    ),
    "responses:reply_compose": Row(
        get=_staff_page(ADMIN) | {"chair": 404, "member": 404},
        post=_write({"council_office"}, invisible={"chair", "member"}),
        args="draft_reply",
    ),
    "responses:reply_preview": Row(
        get=_staff_page(ADMIN) | {"chair": 404, "member": 404}, post={"default": 405}, args="draft_reply"
    ),
    "responses:reply_draft_pdf": Row(
        get=_staff_page(ADMIN) | {"chair": 404, "member": 404}, post={"default": 405}, args="draft_reply"
    ),
    "responses:reply_mark_ready": Row(
        get={"default": 405},
        post=_write({"council_office"}, invisible={"chair", "member"}),
        args="draft_reply",
    ),
    "responses:reply_reopen": Row(
        get={"default": 405},
        post=_write({"council_office"}, invisible={"chair", "member"}),
        args="draft_reply",
    ),
    "responses:reply_supplement": Row(
        get={"default": 405},
        post=_write({"council_office"}, invisible={"chair", "member"}),
        args="draft_reply",
    ),
    "responses:reply_sign": Row(
        get={"default": 405}, post=_write({"signatory"}, invisible={"chair", "member"}), args="draft_reply"
    ),
    "responses:reply_send": Row(
        get={"default": 405},
        post=_write({"council_office"}, invisible={"chair", "member"}),
        args="draft_reply",
    ),
    "responses:verify": Row(get={"default": 200}, post={"default": ALLOWED_POST}),
    # OParl: public, read-only
    "oparl:system": API,
    "oparl:body_list": API,
    "oparl:body": Row(get={"default": 200}, post={"default": 405}, args="body"),
    "oparl:organization_list": Row(get={"default": 200}, post={"default": 405}, args="body"),
    "oparl:person_list": Row(get={"default": 200}, post={"default": 405}, args="body"),
    "oparl:meeting_list": Row(get={"default": 200}, post={"default": 405}, args="body"),
    "oparl:paper_list": Row(get={"default": 200}, post={"default": 405}, args="body"),
    "oparl:organization": Row(get={"default": 200}, post={"default": 405}, args="committee"),
    "oparl:organization_meeting_list": Row(get={"default": 200}, post={"default": 405}, args="committee"),
    "oparl:department": Row(get={"default": 200}, post={"default": 405}, args="department"),
    "oparl:person": Row(get={"default": 200}, post={"default": 405}, args="person"),
    "oparl:membership": Row(get={"default": 200}, post={"default": 405}, args="membership"),
    "oparl:meeting": Row(get={"default": 200}, post={"default": 405}, args="meeting"),
    "oparl:location": Row(get={"default": 200}, post={"default": 405}, args="meeting"),
    "oparl:paper": Row(get={"default": 200}, post={"default": 405}, args="inquiry"),
    "oparl:reply_paper": Row(get={"default": 200}, post={"default": 405}, args="reply"),
    "oparl:file": Row(get={"default": 200}, post={"default": 405}, args="reply"),
    "oparl:file_download": Row(get={"default": 200}, post={"default": 405}, args="reply"),
    "oparl:not_found": Row(get={"default": 404}, post={"default": 405}, args="unknown_path"),
    # accounts and language
    "login": Row(get={"default": 200}, post={"default": 200}),
    "logout": Row(get={"default": 405}, post={"default": 302}),
    "set_language": Row(get={"default": 302}, post={"default": 302}),
}


@pytest.fixture
def world():
    """One of everything: an in-progress public inquiry whose question belongs to department A
    (with a draft answer, a contribution and an internal comment) and an answered one with a
    sent reply."""
    from responses.models import Contribution

    municipality = MunicipalityFactory()
    committee = CommitteeFactory(municipality=municipality)
    department_a, department_b = DepartmentFactory(), DepartmentFactory()
    users = {
        "chair": user_with_role(roles.COMMITTEE_CHAIR, username="m-chair"),
        "staff_assigned": user_with_role(roles.DEPARTMENT_STAFF, username="m-staff-a"),
        "staff_other": user_with_role(roles.DEPARTMENT_STAFF, username="m-staff-b"),
        "council_office": user_with_role(roles.COUNCIL_OFFICE, username="m-office"),
        "signatory": user_with_role(roles.SIGNATORY, username="m-mayor"),
        "member": user_with_role(roles.COUNCIL_MEMBER, username="m-member"),
    }
    department_a.staff.add(users["staff_assigned"])
    department_b.staff.add(users["staff_other"])
    committee.members.add(users["member"])
    committee.chair = users["chair"]
    committee.save()
    meeting = MeetingFactory(committee=committee)
    inquiry = in_progress_with_draft(
        subject="Matrix",
        draft_text="Entwurf",
        comment_text="intern",
        committee=committee,
        submitted_by=users["chair"],
    )
    question = inquiry.questions.get()
    question.lead_department = department_a
    question.save()
    contribution = Contribution.objects.create(
        question=question, department=department_a, author=users["staff_assigned"], text="Beitrag"
    )
    answered = answered_inquiry(subject="Beantwortet", committee=committee)
    from django.core.files.base import ContentFile

    from responses.services import get_or_create_reply
    from tests.factories import InquiryFactory

    inquiry.source_file.save("anfrage.txt", ContentFile(b"Anfrage"), save=True)
    draft = InquiryFactory(
        status=Inquiry.Status.DRAFT,
        submitted_by=users["chair"],
        reference=None,
        reference_number=None,
        committee=committee,
    )
    submitted = InquiryFactory(
        status=Inquiry.Status.SUBMITTED,
        submitted_by=users["chair"],
        reference=None,
        reference_number=None,
        committee=committee,
        received_on=None,
        due_on=None,
    )

    draft_reply = get_or_create_reply(inquiry, by=users["council_office"])
    from responses.services import add_annex

    annex = add_annex(
        answer=question.answer, data=b"%PDF-1.4\n%%EOF\n", file_name="Entwurf.pdf", title="Entwurf", by=None
    )
    objects = {
        "inquiry": inquiry.pk,
        "question": question.pk,
        "contribution": contribution.pk,
        "reply": answered.replies.get().pk,
        "body": municipality.pk,
        "committee": committee.pk,
        "department": department_a.pk,
        "person": users["member"].pk,
        "membership": (committee.pk, users["member"].pk),
        "meeting": meeting.pk,
        "answered": answered.pk,
        "draft_reply": draft_reply.pk,
        "annex": annex.pk,
        "draft": draft.pk,
        "submitted": submitted.pk,
        "unknown_path": "no/such/object/",
    }
    return users, objects


def _url(name: str, row: Row, objects: dict) -> str:
    if not row.args:
        return reverse(name)
    value = objects[row.args]
    return reverse(name, args=list(value) if isinstance(value, tuple) else [value])


# A refused request writes nothing: not the typed text, not an event, not a history row.
REFUSED = {403, 404, 405}  # and the sign-in redirect for anonymous visitors
_WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\W?(\w+)", re.IGNORECASE)
# what a request may write whatever it is: the session, the failed-login log
_BOOKKEEPING = ("django_session", "axes_")


def _writes(queries: CaptureQueriesContext) -> list[str]:
    tables = [match[2] for query in queries.captured_queries if (match := _WRITE.match(query["sql"]))]
    return [table for table in tables if not table.startswith(_BOOKKEEPING)]


def test_the_write_check_sees_a_write():
    with CaptureQueriesContext(connection) as queries:
        Inquiry.objects.filter(pk=0).delete()
        MunicipalityFactory()
    assert "inquiries_municipality" in _writes(queries)


def test_every_url_has_a_row():
    missing = enumerate_urls() - set(TABLE)
    stale = set(TABLE) - enumerate_urls()
    assert (missing, stale) == (set(), set())


def test_every_url_answers_every_role_as_expected(world):
    users, objects = world
    mismatches = []
    for name, row in sorted(TABLE.items()):
        url = _url(name, row, objects)
        for role in ROLES:
            client = Client()
            if role != "anonymous":
                client.force_login(users[role])
            for method in ("get", "post"):
                # each request sees the same world: what an allowed POST changed is rolled back
                with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                    response = getattr(client, method)(url)
                    transaction.set_rollback(True)
                expected = row.expected(method, role)
                ok = (
                    response.status_code in expected
                    if isinstance(expected, set)
                    else response.status_code == expected
                )
                refused = response.status_code in REFUSED or (role == "anonymous" and expected == LOGIN)
                if method == "post" and refused and (written := _writes(queries)):
                    mismatches.append(
                        f"POST {name} as {role}: refused ({response.status_code}) but wrote {written}"
                    )
                if (
                    expected == LOGIN
                    and role == "anonymous"
                    and ok
                    and name not in ("set_language", "logout")
                ):
                    ok = response["Location"].startswith(reverse(settings.LOGIN_URL))
                if not ok:
                    mismatches.append(
                        f"{method.upper()} {name} as {role}: {response.status_code}, expected {expected}"
                    )
    assert mismatches == [], "\n".join(mismatches)
