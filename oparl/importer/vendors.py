"""What the import needs to know about the servers it reads: the specification, the conventions
German council information systems share, and each vendor's quirks in one small class.

`Vendor` reads any OParl server. `SternbergSDNet`, `SomacosSessionNet` and `CCEgovALLRIS` add
what was found on the real responses of their servers (see the tests against
`../shared/oparl-real/`). `vendor_for(system)` picks one by the System object's `vendor`,
`product` and vendor keys.
"""

from __future__ import annotations

import re

from inquiries.models import Committee
from oparl.importer.fetch import FetchError
from oparl.importer.values import text

# organizationType / classification of units of the administration, not council bodies
ADMINISTRATIVE_TYPES = {
    "verwaltung",
    "verwaltungsbereich",
    "verwaltungseinheit",
    "organisationseinheit",
    "dienststelle",
    "dienststellen",
    "amt",
    "ämter",
    "fachbereich",
    "fachdienst",
    "dezernat",
    "referat",
    "abteilung",
    "behörde",
}
# The council itself, by name: "Gemeinderat", "Stadtrat Augsburg", "Rat der Stadt Köln". Not
# "Gemeinderat - Beratungen zum DHH", not "Seniorenrat", not "Rat für Kriminalprävention".
COUNCIL_NAME = re.compile(
    r"^(?i:gemeinderat|stadtrat|rat|kreistag|stadtverordnetenversammlung|gemeindevertretung|"
    r"stadtvertretung|ratsversammlung|bürgerschaft|samtgemeinderat|verbandsgemeinderat|"
    r"marktgemeinderat)"
    r"(?:\s+(?i:der\s+(?:stadt|gemeinde)\s+)?[A-ZÄÖÜ][\w.\-]*(?:\s+[A-ZÄÖÜa-zäöüß][\w.\-]*)*)?$"
)
# "Jugendhilfeausschuss (nicht öffentlich)", "… (nichtöffentlich)", "… - nicht öffentlich";
# "(öffentlich/nicht öffentlich)" is a public meeting with a closed part.
NON_PUBLIC_NAME = re.compile(
    r"(?:\(\s*|[-–,]\s*)nicht\s*-?\s*öffentlich\w*(?:\s+(?:teil|sitzung))?\s*\)?\s*$", re.I
)
# A date that collects papers, not a meeting: "Sitzung des Rates (Sammeldatum für alle Vorlagen …)"
PLACEHOLDER_NAME = re.compile(r"sammel(?:datum|termin)", re.I)


def committee_kind(organization_type: str, classification: str, name: str = "") -> str:
    words = f"{organization_type} {classification}".lower()
    if "fraktion" in words:
        return Committee.Kind.FACTION
    if "beirat" in words:
        return Committee.Kind.ADVISORY_COUNCIL
    if organization_type.lower() in ("rat", "hauptorgan") or classification.lower() in ("rat", "hauptorgan"):
        return Committee.Kind.COUNCIL
    if COUNCIL_NAME.match(name.strip()):
        return Committee.Kind.COUNCIL
    return Committee.Kind.COMMITTEE


class Vendor:
    """Any OParl 1.0/1.1 server."""

    name = "OParl"

    @classmethod
    def matches(cls, system: dict) -> bool:
        return False

    def nothing_changed(self, error: FetchError) -> bool:
        """Whether a `modified_since` list that answered with an error means "no changes"."""
        return False

    def administrative_reason(self, item: dict) -> str | None:
        """Why an organization is a unit of the administration (not a council body), or None."""
        for key in ("organizationType", "classification"):
            value = text(item.get(key), 100)
            if value.lower() in ADMINISTRATIVE_TYPES:
                return f"{key} {value!r}"
        return None

    def committee_kind(self, item: dict) -> str:
        return committee_kind(
            text(item.get("organizationType"), 100),
            text(item.get("classification"), 100),
            text(item.get("name"), 200),
        )

    def is_public_meeting(self, item: dict) -> bool:
        """OParl has no such field; the servers mark closed meetings in their names, and
        agenda items carry `public`: a meeting whose every item is closed is closed."""
        if NON_PUBLIC_NAME.search(text(item.get("name"), 300)):
            return False
        agenda = item.get("agendaItem")
        if isinstance(agenda, list) and agenda and all(isinstance(entry, dict) for entry in agenda):
            return any(entry.get("public") is not False for entry in agenda)
        return True

    def is_placeholder_meeting(self, item: dict) -> bool:
        """ALLRIS (Bonn) keeps one "Sammeldatum" per committee on 31 December that collects the
        papers of the next term; it is not a meeting anyone attends."""
        return bool(PLACEHOLDER_NAME.search(text(item.get("name"), 300)))


class SternbergSDNet(Vendor):
    """STERNBERG SD.NET RIM (Hürtgenwald 5.0.4, Krefeld 4.8.1a).

    - A `modified_since` list without results answers HTTP 404 with
      `{"code": 802, "type": "SD.NET RIM Webservice"}` (the meeting list answers `[]`): that is
      "nothing changed", not an unread page (meine-stadt-transparent, SternbergLoader).
    - Organization ids are `…/organization/<group>-<n>`: group 1 are Gremien, 2 Fraktionen,
      3 Dienststellen. Dienststellen are the administration, also in a tombstone without a type.
    - The council is a "Gremium" of classification "Gremien", like every committee: it is
      recognised by its name ("Gemeinderat").
    - RIM 4.8 answers `/body` with one Body object instead of a list (Krefeld); the list reader
      takes both shapes for every vendor.
    """

    name = "SD.NET (STERNBERG)"

    @classmethod
    def matches(cls, system: dict) -> bool:
        marks = f"{system.get('vendor', '')} {system.get('product', '')}".lower()
        return (
            "sitzungsdienst.net" in marks
            or "sternberg" in marks
            or any(str(key).startswith("STERNBERG:") for key in system)
        )

    def nothing_changed(self, error: FetchError) -> bool:
        return error.status == 404 and isinstance(error.payload, dict) and error.payload.get("code") == 802

    def administrative_reason(self, item: dict) -> str | None:
        if re.search(r"/organization/3-\d+$", str(item.get("id", ""))):
            return "SD.NET Dienststelle (organization/3-…)"
        return super().administrative_reason(item)


class SomacosSessionNet(Vendor):
    """Somacos SessionNet (Karlsruhe, Wuppertal).

    - Organization ids are `…/organizations/gr/<n>` for Gremien and `…/organizations/at/<n>` for
      offices of the administration (Ämter); neither carries an `organizationType`.
    - The council is classified "Beschließender Ausschuss": recognised by its name.
    - Closed meetings are named "… (nicht öffentlich)" (the generic rule reads that).
    - A percent-encoded query answers 404, and `modified_since` with fractions of a second is
      refused: the importer sends `modified_since=YYYY-MM-DDTHH:MM:SSZ`, which needs no
      encoding, to every server, and reads a list in full when its filtered form is refused.
    - The organization list ignores `modified_since`: every run reads all of them, which an
      idempotent import can afford.
    """

    name = "SessionNet (Somacos)"

    @classmethod
    def matches(cls, system: dict) -> bool:
        marks = f"{system.get('vendor', '')} {system.get('product', '')}".lower()
        return "somacos" in marks or "sessionnet" in marks

    def administrative_reason(self, item: dict) -> str | None:
        if "/organizations/at/" in str(item.get("id", "")):
            return "SessionNet office (organizations/at/…)"
        return super().administrative_reason(item)


class CCEgovALLRIS(Vendor):
    """CC e-gov ALLRIS (Augsburg, Bonn).

    - Organization ids are `…/organizations?typ=<kind>&id=<n>`; `typ=at` are offices of the
      administration.
    - The council is "Hauptorgan" (generic rule).
    - "Sammeldatum" meetings on 31 December are placeholders (generic rule).
    """

    name = "ALLRIS (CC e-gov)"

    @classmethod
    def matches(cls, system: dict) -> bool:
        marks = f"{system.get('vendor', '')} {system.get('product', '')}".lower()
        return "cc-egov" in marks or "allris" in marks

    def administrative_reason(self, item: dict) -> str | None:
        if re.search(r"[?&]typ=at(?:&|$)", str(item.get("id", ""))):
            return "ALLRIS office (typ=at)"
        return super().administrative_reason(item)


VENDORS: list[type[Vendor]] = [SternbergSDNet, SomacosSessionNet, CCEgovALLRIS]


def vendor_for(system: dict) -> Vendor:
    for vendor in VENDORS:
        if vendor.matches(system):
            return vendor()
    return Vendor()
