"""Every portal page as every role: material that must stay inside the administration never
shows up where it must not (the way similar products leaked drafts: search, feeds, exports)."""

import pytest
from django.urls import reverse

from inquiries import roles
from portal import services as portal_services
from tests.factories import user_with_role
from tests.portal import answered_inquiry, in_progress_with_draft

pytestmark = pytest.mark.django_db

DRAFT = "Zwiebelkuchenentwurf"  # draft answer text
COMMENT = "Kommentarinterna"  # internal comment (and internal event note)
SECRET = "Geheimklauselzusatz"  # subject of a non-public inquiry
PUBLIC = "Marktplatzbrunnen"  # public, answered

ROLES = [
    None,
    roles.COMMITTEE_CHAIR,
    roles.COUNCIL_MEMBER,
    roles.DEPARTMENT_STAFF,
    roles.COUNCIL_OFFICE,
    roles.SIGNATORY,
]
ADMINISTRATION = {roles.DEPARTMENT_STAFF, roles.COUNCIL_OFFICE, roles.SIGNATORY}
READS_NON_PUBLIC = ADMINISTRATION | {roles.COMMITTEE_CHAIR, roles.COUNCIL_MEMBER}


def _pages(public, secret, draft_inquiry):
    urls = [
        reverse("portal:list"),
        reverse("portal:list") + "?status=open",
        public.get_absolute_url(),
        secret.get_absolute_url(),
        draft_inquiry.get_absolute_url(),
        reverse("portal:replies_feed"),
        reverse("portal:statistics"),
        reverse("portal:statistics") + "?format=csv",
        reverse("portal:follow_list"),
        reverse("inquiries:deadlines_ical"),
        reverse("responses:reply_pdf", args=[secret.replies.get().pk]),
    ]
    # search for words next to the tokens (the page echoes the query itself)
    for text in ("Stadtfestkosten", "Vertrag", "Sanierung", "Kosten"):
        urls.append(reverse("search:search") + f"?q={text}")
    return urls


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_no_page_shows_what_the_role_may_not_read(client, role):
    public = answered_inquiry(subject=f"Sanierung {PUBLIC}")
    secret = answered_inquiry(
        subject=f"Vertrag {SECRET}", is_public=False, answer_text=f"Vertrag {SECRET}: nein."
    )
    draft_inquiry = in_progress_with_draft(
        subject="Kostenfrage Stadtfest",
        draft_text=f"Die Stadtfestkosten: {DRAFT}",
        comment_text=f"Stadtfestkosten {COMMENT}",
    )
    if role:
        user = user_with_role(role, username=f"user-{role}")
        client.force_login(user)
        if role == roles.COUNCIL_MEMBER:
            portal_services.follow_inquiry(secret, user=user)
            portal_services.follow_inquiry(draft_inquiry, user=user)
    seen = {DRAFT: [], COMMENT: [], SECRET: []}
    statuses = {}
    for url in _pages(public, secret, draft_inquiry):
        response = client.get(url)
        statuses[url] = response.status_code
        assert response.status_code in (200, 302, 403, 404), url
        body = _body(response)
        for token in seen:
            if token in body:
                seen[token].append(url)

    assert seen[COMMENT] == []  # internal comments are for the answer editor, never the portal
    if role in ADMINISTRATION:
        # the administration may find a draft answer by searching, but the portal pages show
        # only sent replies
        assert seen[DRAFT], (
            "the draft should be findable by the administration (else this test proves nothing)"
        )
        assert all(url.startswith(reverse("search:search")) for url in seen[DRAFT]), seen[DRAFT]
    else:
        assert seen[DRAFT] == []
    if role not in READS_NON_PUBLIC:
        assert seen[SECRET] == []
        assert statuses[secret.get_absolute_url()] == 404
        assert statuses[reverse("responses:reply_pdf", args=[secret.replies.get().pk])] == 404
    else:
        assert statuses[secret.get_absolute_url()] == 200
        assert secret.get_absolute_url() in seen[SECRET]
        assert reverse("search:search") + "?q=Vertrag" in seen[SECRET]
        feed = reverse("portal:replies_feed")
        assert feed not in seen[SECRET]  # the feed is public material only, whoever reads it
    assert statuses[public.get_absolute_url()] == 200
