import hashlib
import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import jsonschema
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Committee, Inquiry
from responses.models import Answer, Reply
from tests.factories import (
    AnswerFactory,
    CommitteeFactory,
    DepartmentFactory,
    InquiryFactory,
    MeetingFactory,
    MunicipalityFactory,
    QuestionFactory,
    ReplyFactory,
    UserFactory,
    force_update,
)
from tests.oparl.schema import (
    BASE,
    find_nulls,
    objects_without_timestamps,
    validate_list,
    validate_object,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% signed reply for tests\n%%EOF\n"
EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "oparl-examples"


def _sent_reply(inquiry: Inquiry, **kwargs) -> Reply:
    reply = ReplyFactory.build(inquiry=inquiry, status=Reply.Status.SENT, **kwargs)
    reply.signed_pdf.save("beantwortung.pdf", ContentFile(PDF), save=False)
    reply.signed_pdf_sha256 = hashlib.sha256(PDF).hexdigest()
    reply.signed_at = timezone.now()
    reply.sent_at = timezone.now()
    reply.letter_date = timezone.localdate()
    reply.save()
    return reply


@pytest.fixture
def world(db):
    """A council with public and non-public material; `secrets` must never leave it."""
    municipality = MunicipalityFactory(email="ratsbuero@bornheim.de")
    chair = UserFactory(first_name="Dilara", last_name="Görgen", email="dilara@private.example")
    member = UserFactory(first_name="Paul", last_name="Meier", email="paul@private.example")
    outsider = UserFactory(first_name="Sabine", last_name="Sachbearbeiterin")
    committee = CommitteeFactory(municipality=municipality, name="Integrationsausschuss", chair=chair)
    committee.members.add(chair, member)
    faction = CommitteeFactory(municipality=municipality, name="Fraktion Grün", kind=Committee.Kind.FACTION)
    faction.members.add(member)
    department = DepartmentFactory(name="Amt für Integration", code="50")
    department.staff.add(outsider)
    meeting = MeetingFactory(committee=committee, location="Rathaus, Ratssaal")
    MeetingFactory(committee=committee, is_public=False, location="Geheimer Raum 7")

    answered = InquiryFactory(
        subject="Kommunales Integrationsmanagement",
        kind=Inquiry.Kind.GROSSE_ANFRAGE,
        committee=committee,
        lead_department=department,
        status=Inquiry.Status.ANSWERED,
    )
    AnswerFactory(
        question=QuestionFactory(inquiry=answered), status=Answer.Status.DRAFT, text="Entwurf der Antwort xyz"
    )
    reply = _sent_reply(answered)
    supplement = _sent_reply(answered, supplements=reply)
    open_inquiry = InquiryFactory(
        subject="Radwege am Rhein", kind=Inquiry.Kind.KLEINE_ANFRAGE, committee=faction
    )
    ReplyFactory(inquiry=open_inquiry, intro="Vertraulicher Antwortentwurf abc")

    secret = InquiryFactory(subject="Grundstücksverkauf Nichtöffentlich", is_public=False)
    _sent_reply(secret, intro="Nichtöffentliche Beantwortung")
    InquiryFactory(
        subject="Entwurf einer Anfrage", status=Inquiry.Status.DRAFT, reference=None, reference_number=None
    )
    return {
        "municipality": municipality,
        "committee": committee,
        "faction": faction,
        "department": department,
        "meeting": meeting,
        "answered": answered,
        "reply": reply,
        "supplement": supplement,
        "open_inquiry": open_inquiry,
        "secret": secret,
        "chair": chair,
        "member": member,
        "outsider": outsider,
        "secrets": [
            "Grundstücksverkauf Nichtöffentlich",
            "Nichtöffentliche Beantwortung",
            "Entwurf einer Anfrage",
            "Vertraulicher Antwortentwurf abc",
            "Entwurf der Antwort xyz",
            "Geheimer Raum 7",
            "Sachbearbeiterin",
            "private.example",
        ],
    }


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _get(client, url: str):
    response = client.get(_path(url))
    assert response["Access-Control-Allow-Origin"] == "*", url
    return response


def _get_json(client, url: str) -> dict:
    response = _get(client, url)
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def _urls(data) -> set[str]:
    found = set()
    if isinstance(data, dict):
        for value in data.values():
            found |= _urls(value)
    elif isinstance(data, list):
        for value in data:
            found |= _urls(value)
    elif isinstance(data, str) and data.startswith("http://127.0.0.1:8000/oparl/v1/"):
        found.add(data)
    return found


def _crawl(client) -> dict[str, object]:
    """Every URL reachable from the System object, with what it returned."""
    start = "http://127.0.0.1:8000/oparl/v1/"
    seen: dict[str, object] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = _get(client, url)
        assert response.status_code == 200, (url, response.status_code)
        if response["Content-Type"].startswith("application/pdf"):
            seen[url] = b"".join(response.streaming_content)
            continue
        data = response.json()
        seen[url] = data
        queue.extend(_urls(data) - seen.keys())
    return seen


def test_examples_of_the_specification_validate_and_a_broken_object_does_not():
    for path in EXAMPLES.glob("example-*.json"):
        example = json.loads(path.read_text())
        if path.name == "example-Meeting-01.json":
            # the specification's own example misses the required AgendaItem.order
            with pytest.raises(jsonschema.ValidationError, match="'order' is a required property"):
                validate_object(example)
            example["agendaItem"][0]["order"] = 1
        validate_object(example)
    paper = json.loads((EXAMPLES / "example-Paper-01.json").read_text())
    paper["mainFile"]["size"] = "big"  # embedded File is checked against File.json
    with pytest.raises(jsonschema.ValidationError):
        validate_object(paper)
    paper = json.loads((EXAMPLES / "example-Paper-01.json").read_text())
    paper["created"] = "2014-01-01T10:00:00"  # no time zone
    with pytest.raises(jsonschema.ValidationError):
        validate_object(paper)


def test_everything_reachable_validates_without_nulls_and_shows_only_public_data(client, world):
    crawled = _crawl(client)
    types = set()
    for url, data in crawled.items():
        if isinstance(data, bytes):
            assert data == PDF
            continue
        assert not find_nulls(data), (url, find_nulls(data))
        assert not objects_without_timestamps(data), (url, objects_without_timestamps(data))
        if "data" in data:
            validate_list(data)
            types |= {validate_object(item) for item in data["data"]}
        else:
            types.add(validate_object(data))
        text = json.dumps(data, ensure_ascii=False)
        for secret in world["secrets"]:
            assert secret not in text, (secret, url)
    assert {
        "System",
        "Body",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "Location",
        "Paper",
        "File",
    } <= types


def test_system_and_body_link_to_the_lists(client, world):
    system = _get_json(client, reverse("oparl:system"))
    assert system["type"] == BASE + "System"
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    bodies = _get_json(client, system["body"])
    assert len(bodies["data"]) == 1
    body = bodies["data"][0]
    assert body["name"] == "Stadt Bornheim"
    assert body["legislativeTerm"] == []
    pk = world["municipality"].pk
    assert body["paper"].endswith(f"/oparl/v1/body/{pk}/paper/")
    assert _get_json(client, body["id"]) == body


def test_inquiry_and_its_reply_are_related_papers_both_ways(client, world):
    answered, reply, supplement = world["answered"], world["reply"], world["supplement"]
    inquiry_paper = _get_json(client, reverse("oparl:paper", args=[answered.pk]))
    assert inquiry_paper["paperType"] == "Große Anfrage"
    assert inquiry_paper["reference"] == answered.reference
    assert inquiry_paper["name"] == "Kommunales Integrationsmanagement"
    assert inquiry_paper["underDirectionOf"] == [
        "http://127.0.0.1:8000" + reverse("oparl:department", args=[world["department"].pk])
    ]
    assert inquiry_paper["originatorOrganization"] == [
        "http://127.0.0.1:8000" + reverse("oparl:organization", args=[world["committee"].pk])
    ]
    reply_url = "http://127.0.0.1:8000" + reverse("oparl:reply_paper", args=[reply.pk])
    assert reply_url in inquiry_paper["relatedPaper"]

    reply_paper = _get_json(client, reply_url)
    assert reply_paper["paperType"] == "Beantwortung einer Anfrage"
    assert reply_paper["relatedPaper"] == [inquiry_paper["id"]]
    assert reply_paper["underDirectionOf"] == inquiry_paper["underDirectionOf"]
    main_file = reply_paper["mainFile"]
    assert main_file["mimeType"] == "application/pdf"
    assert main_file["size"] == len(PDF)
    assert main_file["sha512Checksum"] == hashlib.sha512(PDF).hexdigest()
    assert main_file["fileName"].endswith(".pdf")
    assert _get_json(client, main_file["id"]) == main_file
    download = _get(client, main_file["downloadUrl"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]

    supplement_paper = _get_json(client, reverse("oparl:reply_paper", args=[supplement.pk]))
    assert supplement_paper["relatedPaper"] == [inquiry_paper["id"], reply_url]


def test_non_public_material_is_404(client, world):
    secret_reply = world["secret"].replies.get()
    draft_reply = world["open_inquiry"].replies.get()
    for url in [
        reverse("oparl:paper", args=[world["secret"].pk]),
        reverse("oparl:reply_paper", args=[secret_reply.pk]),
        reverse("oparl:file", args=[secret_reply.pk]),
        reverse("oparl:file_download", args=[secret_reply.pk]),
        reverse("oparl:reply_paper", args=[draft_reply.pk]),
        reverse("oparl:person", args=[world["outsider"].pk]),
        reverse("oparl:membership", args=[world["faction"].pk, world["chair"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Access-Control-Allow-Origin"] == "*"


def test_a_signed_but_unsent_reply_is_not_published(client, world):
    reply = world["open_inquiry"].replies.get()
    reply.signed_pdf.save("signiert.pdf", ContentFile(PDF), save=False)
    reply.signed_pdf_sha256 = hashlib.sha256(PDF).hexdigest()
    reply.signed_at = timezone.now()
    reply.status = Reply.Status.SIGNED
    reply.save()
    assert client.get(reverse("oparl:file_download", args=[reply.pk])).status_code == 404
    papers = _get_json(client, reverse("oparl:paper_list", args=[world["municipality"].pk]))
    assert reverse("oparl:reply_paper", args=[reply.pk]) not in json.dumps(papers)


def test_persons_are_committee_members_with_names_only(client, world):
    persons = _get_json(client, reverse("oparl:person_list", args=[world["municipality"].pk]))
    names = {p["name"] for p in persons["data"]}
    assert names == {"Dilara Görgen", "Paul Meier"}
    chair = next(p for p in persons["data"] if p["name"] == "Dilara Görgen")
    assert [m["role"] for m in chair["membership"]] == ["Vorsitz"]
    assert "email" not in json.dumps(persons)


def test_organizations_are_committees_factions_and_departments(client, world):
    organizations = _get_json(client, reverse("oparl:organization_list", args=[world["municipality"].pk]))
    kinds = {o["name"]: o["organizationType"] for o in organizations["data"]}
    assert kinds == {
        "Integrationsausschuss": "Gremium",
        "Fraktion Grün": "Fraktion",
        "Amt für Integration": "Verwaltungsbereich",
    }


def test_pagination_walks_every_page_once(client, world):
    InquiryFactory.create_batch(6)
    url = reverse("oparl:paper_list", args=[world["municipality"].pk]) + "?limit=3"
    first = _get_json(client, url)
    total = first["pagination"]["totalElements"]
    assert total == 2 + 6 + 2  # public inquiries, and the two sent replies
    assert first["pagination"]["totalPages"] == 4
    assert "prev" not in first["links"]
    ids, page, pages = [], first, 0
    while True:
        validate_list(page)
        ids.extend(item["id"] for item in page["data"])
        pages += 1
        if "next" not in page["links"]:
            break
        page = _get_json(client, page["links"]["next"])
        assert parse_qs(urlsplit(page["links"]["self"]).query)["limit"] == ["3"]
    assert pages == 4
    assert len(ids) == len(set(ids)) == total
    assert page["links"]["self"] == first["links"]["last"]
    assert _get_json(client, page["links"]["prev"])["pagination"]["currentPage"] == 3


def test_date_filters_select_by_created_and_modified(client, world):
    url = reverse("oparl:paper_list", args=[world["municipality"].pk])
    old = world["open_inquiry"]
    force_update(
        Inquiry.objects.filter(pk=old.pk),
        created_at=timezone.now() - timedelta(days=30),
        updated_at=timezone.now() - timedelta(days=20),
    )
    since = (timezone.now() - timedelta(days=25)).isoformat()
    until = (timezone.now() - timedelta(days=10)).isoformat()
    old_id = "http://127.0.0.1:8000" + reverse("oparl:paper", args=[old.pk])

    def ids(query: dict) -> set[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return {item["id"] for item in response.json()["data"]}

    everything = ids({})
    assert old_id in everything
    assert ids({"created_since": since}) == everything - {old_id}
    assert ids({"created_until": since}) == {old_id}
    assert ids({"modified_since": since}) == everything
    assert ids({"modified_until": until}) == {old_id}
    # an unencoded "+" of the time zone arrives as a space
    response = client.get(f"{url}?modified_until={until.replace('+', '%20')}")
    assert {item["id"] for item in response.json()["data"]} == {old_id}
    response = client.get(url, {"modified_since": "gestern"})
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, {"limit": "0"}).status_code == 400


def test_post_is_not_allowed(client, world):
    response = client.post(reverse("oparl:system"))
    assert response.status_code == 405
    assert response["Access-Control-Allow-Origin"] == "*"


def test_without_a_municipality_the_system_has_no_bodies(client, db):
    system = _get_json(client, reverse("oparl:system"))
    assert not find_nulls(system)
    validate_object(system)
    bodies = _get_json(client, system["body"])
    assert bodies["data"] == []
    validate_list(bodies)


def _papers(municipality, n: int) -> None:
    for inquiry in InquiryFactory.create_batch(n, lead_department=DepartmentFactory()):
        reply = _sent_reply(inquiry)
        _sent_reply(inquiry, supplements=reply)


@pytest.mark.parametrize("n", [2, 8])
def test_paper_list_queries_do_not_grow(client, django_assert_num_queries, n):
    municipality = MunicipalityFactory()
    _papers(municipality, n)
    url = reverse("oparl:paper_list", args=[municipality.pk])
    # municipality, count inquiries, count replies, count deleted inquiries, count deleted
    # replies, inquiries page, their public replies, replies page with inquiries, which
    # supplemented replies are public
    with django_assert_num_queries(9):
        response = client.get(url, {"limit": 200})
    assert len(response.json()["data"]) == 3 * n


@pytest.mark.parametrize("n", [2, 8])
def test_organization_person_and_meeting_lists_queries_do_not_grow(client, django_assert_num_queries, n):
    municipality = MunicipalityFactory()
    for _ in range(n):
        committee = CommitteeFactory(municipality=municipality, chair=UserFactory())
        committee.members.add(*UserFactory.create_batch(2))
        MeetingFactory.create_batch(2, committee=committee)
        DepartmentFactory()
    # municipality, count committees, count departments, committees page, their members,
    # departments page
    with django_assert_num_queries(6):
        response = client.get(reverse("oparl:organization_list", args=[municipality.pk]), {"limit": 200})
    assert len(response.json()["data"]) == 2 * n
    # municipality, count persons, persons page, the page again, their committees, chaired committees
    with django_assert_num_queries(6):
        response = client.get(reverse("oparl:person_list", args=[municipality.pk]), {"limit": 200})
    assert len(response.json()["data"]) == 3 * n
    # municipality, count meetings, meetings page with committees
    with django_assert_num_queries(3):
        response = client.get(reverse("oparl:meeting_list", args=[municipality.pk]), {"limit": 200})
    assert len(response.json()["data"]) == 2 * n


def test_a_withdrawn_inquiry_stays_reachable_as_a_deleted_paper_and_is_listed(client, world, council_office):
    inquiry = InquiryFactory(subject="Zurückgezogene Anfrage", committee=world["committee"])
    an_hour_ago = timezone.now() - timedelta(hours=1)
    force_update(Inquiry.objects.all(), created_at=an_hour_ago, updated_at=an_hour_ago)
    force_update(Reply.objects.all(), created_at=an_hour_ago, updated_at=an_hour_ago)
    url = reverse("oparl:paper", args=[inquiry.pk])
    before = _get_json(client, url)
    assert before["name"] == "Zurückgezogene Anfrage"
    list_url = reverse("oparl:paper_list", args=[world["municipality"].pk])
    since = (timezone.now() - timedelta(minutes=1)).isoformat()
    assert _get_json(client, list_url + "?" + urlencode({"modified_since": since}))["data"] == []

    from inquiries.services import withdraw_inquiry

    withdraw_inquiry(inquiry, by=council_office, reason="erledigt")

    deleted = _get_json(client, url)
    assert deleted == {
        "id": before["id"],
        "type": BASE + "Paper",
        "created": before["created"],
        "modified": deleted["modified"],
        "deleted": True,
    }
    assert deleted["modified"] > before["modified"]
    validate_object(deleted)
    changes = _get_json(client, list_url + "?" + urlencode({"modified_since": since}))
    assert changes["data"] == [deleted]
    validate_list(changes)
    assert deleted in _get_json(client, list_url)["data"]
    assert "Zurückgezogene" not in json.dumps(_get_json(client, list_url))


def test_an_inquiry_made_non_public_takes_its_replies_and_files_with_it(client, world):
    answered, reply = world["answered"], world["reply"]
    file_before = _get_json(client, reverse("oparl:file", args=[reply.pk]))
    answered.is_public = False
    answered.save()

    for name, type_name in (("paper", "Paper"), ("reply_paper", "Paper"), ("file", "File")):
        pk = answered.pk if name == "paper" else reply.pk
        data = _get_json(client, reverse(f"oparl:{name}", args=[pk]))
        assert data["deleted"] is True and data["type"] == BASE + type_name, name
        assert set(data) == {"id", "type", "created", "modified", "deleted"}
        validate_object(data)
    assert _get_json(client, reverse("oparl:file", args=[reply.pk]))["created"] == file_before["created"]
    assert client.get(reverse("oparl:file_download", args=[reply.pk])).status_code == 404
    papers = _get_json(client, reverse("oparl:paper_list", args=[world["municipality"].pk]))
    deleted = {item["id"] for item in papers["data"] if item.get("deleted")}
    assert deleted == {
        "http://127.0.0.1:8000" + reverse("oparl:paper", args=[answered.pk]),
        "http://127.0.0.1:8000" + reverse("oparl:reply_paper", args=[reply.pk]),
        "http://127.0.0.1:8000" + reverse("oparl:reply_paper", args=[world["supplement"].pk]),
    }
    text = json.dumps(papers, ensure_ascii=False)
    assert "Kommunales Integrationsmanagement" not in text


def test_what_was_never_public_is_not_even_a_deleted_object(client, world):
    secret = world["secret"]  # non-public from the start, with a sent reply
    secret.status = Inquiry.Status.WITHDRAWN
    secret.save()
    draft = InquiryFactory(status=Inquiry.Status.DRAFT, reference=None, reference_number=None)
    for url in (
        reverse("oparl:paper", args=[secret.pk]),
        reverse("oparl:reply_paper", args=[secret.replies.get().pk]),
        reverse("oparl:file", args=[secret.replies.get().pk]),
        reverse("oparl:paper", args=[draft.pk]),
    ):
        assert client.get(url).status_code == 404, url
    papers = _get_json(client, reverse("oparl:paper_list", args=[world["municipality"].pk]))
    assert not any(item.get("deleted") for item in papers["data"])


@pytest.mark.parametrize(
    "path", ["/oparl/v1/nothing/", "/oparl/v1/body/1/nothing", "/oparl/v1/paper/abc/", "/oparl/v1/%00"]
)
def test_unknown_paths_under_the_endpoint_answer_json_404(client, world, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"error": "Not found"}
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_known_path_without_its_slash_is_redirected(client, world):
    pk = world["municipality"].pk
    response = client.get(f"/oparl/v1/body/{pk}/paper?limit=5")
    assert response.status_code == 301
    assert response["Location"] == f"/oparl/v1/body/{pk}/paper/?limit=5"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_answer_json_405(client, world, method):
    for path in (
        reverse("oparl:system"),
        reverse("oparl:paper", args=[world["answered"].pk]),
        "/oparl/v1/x/",
    ):
        response = getattr(client, method)(path)
        assert response.status_code == 405, path
        assert response["Allow"] == "GET, HEAD"
        assert response.json()["error"].startswith("Method")
        assert response["Access-Control-Allow-Origin"] == "*"


def test_a_dissolved_committee_says_when_it_ended(client, world):
    committee = world["committee"]
    committee.ends_on = timezone.localdate() - timedelta(days=1)
    committee.save()
    data = _get_json(client, reverse("oparl:organization", args=[committee.pk]))
    assert data["endDate"] == committee.ends_on.isoformat()
    validate_object(data)
