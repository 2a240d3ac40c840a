import pytest
from django.urls import reverse

from inquiries.models import Inquiry
from tests.factories import InquiryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_public_sees_public_inquiries_but_not_non_public_ones(client):
    public = InquiryFactory(subject="Öffentliche Anfrage")
    InquiryFactory(subject="Geheime Anfrage", is_public=False)
    InquiryFactory(subject="Entwurf einer Anfrage", status=Inquiry.Status.DRAFT)
    response = client.get(reverse("portal:list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Öffentliche Anfrage" in content
    assert "Geheime Anfrage" not in content
    assert "Entwurf einer Anfrage" not in content
    assert client.get(public.get_absolute_url()).status_code == 200


def test_non_public_inquiry_is_404_for_the_public_and_readable_for_council_members(client, council_member):
    secret = InquiryFactory(is_public=False)
    assert client.get(secret.get_absolute_url()).status_code == 404
    client.force_login(council_member)
    assert client.get(secret.get_absolute_url()).status_code == 200


def test_someone_elses_draft_is_404_even_for_the_council_office(client, council_office, chair):
    draft = InquiryFactory(
        status=Inquiry.Status.DRAFT, submitted_by=chair, reference=None, reference_number=None
    )
    client.force_login(council_office)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(chair)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_detail_nests_sub_questions_under_their_question(client):
    inquiry = InquiryFactory()
    first = QuestionFactory(inquiry=inquiry, number="1", text="Hauptfrage eins", position=1)
    QuestionFactory(inquiry=inquiry, parent=first, number="a", text="Unterfrage a", position=2)
    QuestionFactory(inquiry=inquiry, number="2", text="Hauptfrage zwei", position=3)
    content = client.get(inquiry.get_absolute_url()).content.decode()
    nested = (
        content.index("Hauptfrage eins") < content.index("Unterfrage a") < content.index("Hauptfrage zwei")
    )
    assert nested
    assert content.count('class="question-list"') == 2  # the list and the nested list of 1


def _populate(n_inquiries: int, questions_each: int) -> Inquiry:
    inquiries = InquiryFactory.create_batch(n_inquiries)
    for inquiry in inquiries:
        for number in range(1, questions_each + 1):
            parent = QuestionFactory(inquiry=inquiry, number=str(number))
            QuestionFactory(inquiry=inquiry, parent=parent, number="a")
    return inquiries[0]


@pytest.mark.parametrize("n_inquiries", [5, 50])
def test_list_queries_do_not_grow_with_inquiries(
    client, council_member, django_assert_num_queries, n_inquiries
):
    _populate(n_inquiries, questions_each=2)
    client.force_login(council_member)
    # session, user, permissions (own and groups', one query), committee options, department options,
    # count, page of inquiries (with their question counts)
    with django_assert_num_queries(7):
        response = client.get(reverse("portal:list"))
    assert response.status_code == 200


@pytest.mark.parametrize("questions_each", [5, 50])
def test_detail_queries_do_not_grow_with_questions(
    client, council_member, django_assert_num_queries, questions_each
):
    inquiry = _populate(5, questions_each=questions_each)
    client.force_login(council_member)
    # session, user, permissions (own and groups', one query), inquiry (+committee, department, meeting,
    # followed), questions, timeline events, published answers, sent replies (the departments
    # are the administration's)
    with django_assert_num_queries(8):
        response = client.get(inquiry.get_absolute_url())
    assert response.status_code == 200
