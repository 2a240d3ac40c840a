"""`manage.py import_oparl`: committees, persons, memberships and meetings from a council
information system (see `run.py`); the bounds of every request (`fetch.py`); each vendor's
quirks (`vendors.py`)."""

from oparl.importer.fetch import DEFAULT_TIMEOUT, Fetcher, FetchError, check_url, parse_json
from oparl.importer.members import derive_members
from oparl.importer.paging import since_parameter
from oparl.importer.report import ImportReport
from oparl.importer.run import MAX_PAGES_PER_LIST, import_oparl
from oparl.importer.vendors import Vendor, committee_kind, vendor_for

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_PAGES_PER_LIST",
    "Fetcher",
    "FetchError",
    "ImportReport",
    "Vendor",
    "check_url",
    "committee_kind",
    "derive_members",
    "import_oparl",
    "parse_json",
    "since_parameter",
    "vendor_for",
]
