"""Our objects as OParl 1.1 JSON (https://oparl.org/spezifikation/online-ansicht/).

Each function reads only what the view preloaded (noted per function), so a list page costs
the same number of queries whatever its length. Values are open data in the vocabulary of
German council information systems ("Anfrage", "Gremium"), so they are German on purpose and
not translated with the user's language.

OParl forbids `null`: every object goes through `_compact`, which drops empty values.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from config.site import site_url
from inquiries.models import Committee, Department, Inquiry, Meeting, Municipality
from responses.models import Reply

SCHEMA = "https://schema.oparl.org/1.1/"
OPARL_VERSION = "https://schema.oparl.org/1.1/"

PAPER_TYPES = {
    Inquiry.Kind.GROSSE_ANFRAGE: "Große Anfrage",
    Inquiry.Kind.KLEINE_ANFRAGE: "Kleine Anfrage",
    Inquiry.Kind.ANFRAGE: "Anfrage",
    Inquiry.Kind.ANFRAGE_ZUR_SITZUNG: "Anfrage",
}
REPLY_PAPER_TYPE = "Beantwortung einer Anfrage"

# organizationType is OParl's coarse kind; classification the council's own word for it.
# `import_oparl` reads both back (see oparl/importer.py, `committee_kind`).
ORGANIZATION_TYPES = {
    Committee.Kind.COUNCIL: ("Gremium", "Rat"),
    Committee.Kind.COMMITTEE: ("Gremium", "Ausschuss"),
    Committee.Kind.ADVISORY_COUNCIL: ("Gremium", "Beirat"),
    Committee.Kind.FACTION: ("Fraktion", "Fraktion"),
}
DEPARTMENT_TYPE = "Verwaltungsbereich"


def url(name: str, *args: Any, query: str = "") -> str:
    """An absolute URL under SITE_URL: ids must not depend on the Host header of a request."""
    path = reverse(f"oparl:{name}", args=args)
    return f"{site_url()}{path}" + (f"?{query}" if query else "")


def web_url(path: str) -> str:
    return f"{site_url()}{path}"


def timestamp(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _stamps(created: datetime | None, modified: datetime | None) -> dict[str, str | None]:
    return {"created": timestamp(created), "modified": timestamp(modified or created)}


def system(municipality: Municipality | None) -> dict[str, Any]:
    name = f"Ratsanfragen – {municipality.name}" if municipality else "Ratsanfragen"
    return _compact(
        {
            "id": url("system"),
            "type": SCHEMA + "System",
            "oparlVersion": OPARL_VERSION,
            "body": url("body_list"),
            "name": name,
            "website": site_url() + "/",
            **(_stamps(municipality.created_at, municipality.updated_at) if municipality else {}),
            "web": site_url() + "/",
        }
    )


def body(municipality: Municipality) -> dict[str, Any]:
    pk = municipality.pk
    data = _compact(
        {
            "id": url("body", pk),
            "type": SCHEMA + "Body",
            "system": url("system"),
            "name": municipality.name,
            "shortName": municipality.city,
            "website": municipality.website,
            "contactEmail": municipality.email,
            "contactName": municipality.council_office_name,
            "organization": url("organization_list", pk),
            "person": url("person_list", pk),
            "meeting": url("meeting_list", pk),
            "paper": url("paper_list", pk),
            **_stamps(municipality.created_at, municipality.updated_at),
            "web": site_url() + "/",
        }
    )
    # Required, and we keep no legislative terms: an empty list, never null.
    data["legislativeTerm"] = []
    return data


def committee(item: Committee, *, body_url: str) -> dict[str, Any]:
    """Reads `members` (prefetched) and `chair_id`."""
    organization_type, classification = ORGANIZATION_TYPES.get(item.kind, ("Gremium", ""))
    return _compact(
        {
            "id": url("organization", item.pk),
            "type": SCHEMA + "Organization",
            "body": body_url,
            "name": item.name,
            "shortName": item.short_name,
            "organizationType": organization_type,
            "classification": classification,
            "membership": [url("membership", item.pk, user_pk) for user_pk in _person_pks(item)],
            "meeting": url("organization_meeting_list", item.pk),
            "endDate": day(item.ends_on),
            **_stamps(item.created_at, item.updated_at),
        }
    )


def _person_pks(item: Committee) -> list[int]:
    pks = [member.pk for member in item.members.all()]
    if item.chair_id and item.chair_id not in pks:
        pks.insert(0, item.chair_id)
    return pks


def department(item: Department, *, body_url: str) -> dict[str, Any]:
    """A department as the Organization that a Paper's `underDirectionOf` names. Its staff
    are not public and are not listed."""
    return _compact(
        {
            "id": url("department", item.pk),
            "type": SCHEMA + "Organization",
            "body": body_url,
            "name": item.name,
            "shortName": item.code,
            "organizationType": DEPARTMENT_TYPE,
            **_stamps(item.created_at, item.updated_at),
        }
    )


def membership(item: Committee, user: User) -> dict[str, Any]:
    return _compact(
        {
            "id": url("membership", item.pk, user.pk),
            "type": SCHEMA + "Membership",
            "person": url("person", user.pk),
            "organization": url("organization", item.pk),
            "role": "Vorsitz" if item.chair_id == user.pk else "Mitglied",
            **_stamps(item.created_at, item.updated_at),
        }
    )


def person(user: User, *, body_url: str, committees: list[Committee]) -> dict[str, Any]:
    """Only what a council information system publishes anyway: the name and the committees.
    No e-mail address, no username. `committees` are those the person sits on or chairs.

    Users have no modification time; `created` and `modified` are when the account was made."""
    return _compact(
        {
            "id": url("person", user.pk),
            "type": SCHEMA + "Person",
            "body": body_url,
            "name": user.get_full_name(),
            "givenName": user.first_name,
            "familyName": user.last_name,
            "membership": [membership(item, user) for item in committees],
            **_stamps(user.date_joined, user.date_joined),
        }
    )


def location(meeting_obj: Meeting) -> dict[str, Any]:
    return _compact(
        {
            "id": url("location", meeting_obj.pk),
            "type": SCHEMA + "Location",
            "description": meeting_obj.location,
            "meetings": [url("meeting", meeting_obj.pk)],
            **_stamps(meeting_obj.created_at, meeting_obj.updated_at),
        }
    )


def meeting(item: Meeting) -> dict[str, Any]:
    """Reads `committee` (select_related)."""
    starts_at = timezone.localtime(item.starts_at)
    return _compact(
        {
            "id": url("meeting", item.pk),
            "type": SCHEMA + "Meeting",
            "name": f"{item.committee.name}, Sitzung am {starts_at:%d.%m.%Y}",
            "start": timestamp(item.starts_at),
            "cancelled": item.is_cancelled,
            "location": location(item) if item.location else None,
            "organization": [url("organization", item.committee_id)],
            **_stamps(item.created_at, item.updated_at),
        }
    )


def inquiry_paper(item: Inquiry, *, body_url: str) -> dict[str, Any]:
    """Reads `public_replies` (prefetched from the public reply queryset)."""
    return _compact(
        {
            "id": url("paper", item.pk),
            "type": SCHEMA + "Paper",
            "body": body_url,
            "name": item.subject,
            "reference": item.reference,
            "date": day(item.received_on or item.submitted_on or item.letter_date),
            "paperType": PAPER_TYPES.get(item.kind, "Anfrage"),
            "relatedPaper": [url("reply_paper", reply.pk) for reply in item.public_replies],
            "underDirectionOf": [url("department", item.lead_department_id)]
            if item.lead_department_id
            else [],
            "originatorOrganization": [url("organization", item.committee_id)] if item.committee_id else [],
            **_stamps(item.created_at, item.updated_at),
            "web": web_url(item.get_absolute_url()),
        }
    )


def reply_paper(item: Reply, *, body_url: str, public_reply_pks: set[int]) -> dict[str, Any]:
    """Reads `inquiry` (select_related). `public_reply_pks` says which replies this one may
    point to as the reply it supplements."""
    inquiry = item.inquiry
    related = [url("paper", inquiry.pk)]
    if item.supplements_id and item.supplements_id in public_reply_pks:
        related.append(url("reply_paper", item.supplements_id))
    sent_on = timezone.localdate(item.sent_at) if item.sent_at else None
    return _compact(
        {
            "id": url("reply_paper", item.pk),
            "type": SCHEMA + "Paper",
            "body": body_url,
            "name": f"Beantwortung: {inquiry.subject}",
            "date": day(item.letter_date or sent_on),
            "paperType": REPLY_PAPER_TYPE,
            "relatedPaper": related,
            "underDirectionOf": [url("department", inquiry.lead_department_id)]
            if inquiry.lead_department_id
            else [],
            "mainFile": file(item) if item.signed_pdf else None,
            **_stamps(item.created_at, item.updated_at),
            "web": web_url(inquiry.get_absolute_url()),
        }
    )


def _deleted(object_url: str, type_name: str, created: datetime, modified: datetime) -> dict[str, Any]:
    """A deleted object as OParl keeps it: id, type, created, modified (when it was deleted) and
    `deleted`, nothing else."""
    return {
        "id": object_url,
        "type": SCHEMA + type_name,
        "created": timestamp(created),
        "modified": timestamp(modified),
        "deleted": True,
    }


def deleted_inquiry_paper(item: Inquiry) -> dict[str, Any]:
    return _deleted(url("paper", item.pk), "Paper", item.created_at, item.updated_at)


def deleted_reply_paper(item: Reply) -> dict[str, Any]:
    """Reads `deleted_at` (see `views.deleted_replies`)."""
    return _deleted(url("reply_paper", item.pk), "Paper", item.created_at, item.deleted_at)


def deleted_file(item: Reply) -> dict[str, Any]:
    """Reads `deleted_at` (see `views.deleted_replies`)."""
    return _deleted(url("file", item.pk), "File", item.signed_at or item.created_at, item.deleted_at)


def file(item: Reply) -> dict[str, Any]:
    """The signed PDF of a sent reply. Reads `inquiry` (select_related) and the file's size
    and checksum from storage (cached: a signed PDF never changes)."""
    try:
        size, sha512 = _file_facts(item.signed_pdf.name, item.signed_pdf_sha256)
    except OSError:  # a missing file is reported by the download view, not here
        size, sha512 = None, None
    reference = item.inquiry.reference or str(item.inquiry.pk)
    signed_on = timezone.localdate(item.signed_at) if item.signed_at else None
    return _compact(
        {
            "id": url("file", item.pk),
            "type": SCHEMA + "File",
            "name": f"Beantwortung {reference}",
            "fileName": PurePosixPath(item.signed_pdf.name).name,
            "mimeType": "application/pdf",
            "date": day(signed_on),
            "size": size,
            "sha512Checksum": sha512,
            "accessUrl": url("file_download", item.pk),
            "downloadUrl": url("file_download", item.pk, query="download=1"),
            "paper": [url("reply_paper", item.pk)],
            **_stamps(item.signed_at or item.created_at, item.updated_at),
        }
    )


@lru_cache(maxsize=4096)
def _file_facts(name: str, sha256: str) -> tuple[int | None, str | None]:
    """Size and SHA-512 of a stored file. OParl 1.1 knows SHA-1 and SHA-512 but not the
    SHA-256 we keep; keyed on our SHA-256 so that a replaced file is read again. Raises
    OSError (not cached) if the file is missing."""
    from django.core.files.storage import default_storage

    digest = hashlib.sha512()
    size = 0
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()
