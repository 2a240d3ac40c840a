"""The inquiry list and the worklist count at most a cap of rows ("more than 10,000"), so that
their count costs the same at any size; below the cap, and for what a reader may not see, the
count is exact (`inquiries.pagination.CappedPaginator`)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Inquiry
from inquiries.pagination import CappedPaginator
from portal import views as portal_views
from responses import views as response_views
from tests.factories import InquiryFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 2 and a cap of 4, so that a few rows show what many do."""
    monkeypatch.setattr(portal_views, "PAGE_SIZE", 2)
    monkeypatch.setattr(portal_views, "LIST_COUNT_CAP", 4)
    monkeypatch.setattr(response_views, "PAGE_SIZE", 2)
    monkeypatch.setattr(response_views, "WORKLIST_COUNT_CAP", 4)


def _references(page) -> list[str]:
    return [inquiry.reference for inquiry in page.object_list]


# --- the paginator -------------------------------------------------------------------------


def test_paginator_counts_exactly_up_to_the_cap():
    InquiryFactory.create_batch(4)
    paginator = CappedPaginator(Inquiry.objects.all(), 2, cap=4)
    assert paginator.count == 4 and not paginator.is_capped and paginator.num_pages == 2
    assert paginator.shown_count == 4


def test_paginator_stops_counting_past_the_cap_and_pages_on():
    references = [inquiry.reference for inquiry in InquiryFactory.create_batch(9)]
    inquiries = Inquiry.objects.order_by("reference")
    first = CappedPaginator(inquiries, 2, cap=4).get_page(None)
    assert first.paginator.is_capped and first.paginator.shown_count == 4 and first.has_next()
    assert _references(first) == references[:2]
    # a page past the cap: the count moves with it, and "Next" leads on while rows follow
    number = 4
    fourth = CappedPaginator(inquiries, 2, cap=4, number=number).get_page(number)
    assert fourth.number == 4 and _references(fourth) == references[6:8] and fourth.has_next()
    last = CappedPaginator(inquiries, 2, cap=4, number=5).get_page(5)
    assert _references(last) == references[8:] and not last.has_next() and not last.paginator.is_capped


def test_paginator_reads_at_most_the_cap_and_one_more_row():
    InquiryFactory.create_batch(6)
    paginator = CappedPaginator(Inquiry.objects.all(), 2, cap=4)
    with CaptureQueriesContext(connection) as captured:
        assert paginator.count == 5
    assert len(captured) == 1 and "LIMIT 5" in captured[0]["sql"].upper()


def test_list_count_reads_the_inquiries_alone(client, small_pages):
    """The table's rows carry their committee's name; counting them reads no committee."""
    InquiryFactory.create_batch(3, is_public=True, status=Inquiry.Status.IN_PROGRESS)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("portal:list")).status_code == 200
    counts = [query["sql"] for query in captured if query["sql"].upper().startswith("SELECT COUNT(")]
    assert len(counts) == 1 and "JOIN" not in counts[0].upper()


@pytest.mark.parametrize("number", ["99", "abc", "-3", "1" * 40])
def test_paginator_goes_to_a_page_that_exists_for_any_number(number):
    references = [inquiry.reference for inquiry in InquiryFactory.create_batch(5)]
    page = CappedPaginator(Inquiry.objects.order_by("reference"), 2, cap=4, number=number).get_page(number)
    # not a number: the first page; out of range: the last, as with Django's `get_page`
    expected = references[:2] if number == "abc" else references[4:]
    assert _references(page) == expected


# --- the inquiry list ----------------------------------------------------------------------


def test_list_says_more_than_the_cap_and_pages_on(client, small_pages):
    InquiryFactory.create_batch(7)
    response = client.get(reverse("portal:list"))
    content = response.content.decode()
    assert "More than 4 inquiries" in content and "Page 1 of more than 2" in content
    assert "page=2" in content
    response = client.get(reverse("portal:list"), {"page": 4})
    assert len(response.context["page"].object_list) == 1 and "Page 4 of 4" in response.content.decode()


def test_list_counts_exactly_below_the_cap(client, small_pages):
    InquiryFactory.create_batch(4)
    content = client.get(reverse("portal:list")).content.decode()
    assert "4 inquiries" in content and "More than" not in content and "Page 1 of 2" in content


def test_list_count_leaves_out_what_the_reader_may_not_see(client, council_member, small_pages):
    InquiryFactory.create_batch(2)
    # others' drafts (hidden from a council member), non-public inquiries (hidden from the
    # public): counted, either would pass the cap of 4
    InquiryFactory.create_batch(5, status=Inquiry.Status.DRAFT, submitted_by=UserFactory())
    InquiryFactory.create_batch(2, is_public=False)
    anonymous = client.get(reverse("portal:list"))
    assert anonymous.context["page"].paginator.count == 2 and "2 inquiries" in anonymous.content.decode()
    client.force_login(council_member)
    member = client.get(reverse("portal:list"))
    assert member.context["page"].paginator.count == 4 and "More than" not in member.content.decode()


@pytest.mark.parametrize("n_inquiries", [3, 12])
def test_list_queries_do_not_grow_past_the_cap(client, small_pages, django_assert_num_queries, n_inquiries):
    InquiryFactory.create_batch(n_inquiries)
    # session-less visitor: committee options, department options, count (capped), page
    with django_assert_num_queries(4):
        client.get(reverse("portal:list"))


# --- the worklist --------------------------------------------------------------------------


def _open_questions(department, n: int) -> None:
    for i in range(n):
        QuestionFactory(
            inquiry=InquiryFactory(status=Inquiry.Status.IN_PROGRESS),
            lead_department=department,
            number="1",
            due_on=timezone.localdate() + timedelta(days=i),
        )


def test_worklist_says_more_than_the_cap(client, world, small_pages):
    _open_questions(world.lead, 6)  # and the world's own question: 7 led
    client.force_login(world.lead_staff)
    response = client.get(reverse("responses:worklist"))
    content = response.content.decode()
    lead = response.context["sections"][0]["page"]
    assert lead.paginator.is_capped and response.context["total_is_capped"]
    assert (
        response.context["total"] == 4
        and "More than 4 questions" in content
        and "more than 4</span>" in content
    )
    last = client.get(reverse("responses:worklist"), {"page": 4}).context["sections"][0]["page"]
    assert len(last.object_list) == 1 and not last.has_next() and last.paginator.count == 7


def test_worklist_counts_exactly_below_the_cap(client, world, small_pages):
    _open_questions(world.lead, 2)
    client.force_login(world.lead_staff)
    response = client.get(reverse("responses:worklist"))
    assert response.context["total"] == 3 and not response.context["total_is_capped"]
    assert "3 questions" in response.content.decode()
