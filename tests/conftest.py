import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from hypothesis import settings as hypothesis_settings

from inquiries import roles
from tests.factories import user_with_role

# Property tests check behaviour, not speed: no per-example deadline on a busy 2-core machine.
hypothesis_settings.register_profile("ratsanfragen", deadline=None)
hypothesis_settings.load_profile("ratsanfragen")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` need PostgreSQL; on SQLite they are skipped, loudly."""
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://…")
        for item in items:
            if "postgresql" in item.keywords:
                item.add_marker(skip)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


_RAN = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    item.stash[_RAN] = True
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends with a flush, which empties the role groups a data migration
    made; the tests after it on the same worker expect them, so they are put back at once. A
    test skipped before it ran (a PostgreSQL test on SQLite) flushed nothing, and the test
    database may not exist yet."""
    result = yield
    ran = item.stash.get(_RAN, False)
    if ran and nextitem is not None and _is_transactional(item):  # after the last test the database is gone
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            roles.ensure_role_groups()
    return result


# Every test runs on a known day, so that no result depends on the day the suite runs (a test
# that passed on a Wednesday once failed on every Monday). TEST_TODAY=YYYY-MM-DD moves the whole
# suite to another day; date-sensitive tests also take `every_weekday` below.
SUITE_TODAY = date.fromisoformat(os.environ.get("TEST_TODAY", "2026-11-25"))  # a Wednesday
BERLIN = ZoneInfo("Europe/Berlin")


def travel_to(day: date, at: time = time(10, 0)):
    """A clock that starts at `at` on `day` (Berlin time) and ticks on."""
    return time_machine.travel(datetime.combine(day, at, tzinfo=BERLIN), tick=True)


@pytest.fixture(autouse=True)
def _fixed_clock(request):
    if request.node.get_closest_marker("real_clock"):
        yield
        return
    with travel_to(SUITE_TODAY):
        yield


# Monday to Sunday of one week, and days around public holidays where "yesterday" or "tomorrow"
# is not a working day (NRW: Easter Monday, Ascension, Christmas, New Year).
WEEKDAYS_AND_HOLIDAYS = [
    *(date(2026, 11, 23 + i) for i in range(7)),
    date(2026, 4, 7),  # Tuesday after Easter Monday
    date(2026, 5, 15),  # Friday after Ascension Day
    date(2026, 12, 24),  # before Christmas
    date(2027, 1, 4),  # Monday after New Year
]


@pytest.fixture(params=WEEKDAYS_AND_HOLIDAYS, ids=lambda d: f"{d:%a-%Y-%m-%d}")
def every_weekday(request):
    """Runs a test once per weekday and around holidays; returns that day as `today`."""
    with travel_to(request.param):
        yield request.param


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploaded letters, signed PDFs and the demo certificate go to a per-test folder; static
    files are found in place (no collectstatic manifest in tests)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # PBKDF2 takes ~1 s per user on a loaded 2-core machine; tests don't need its strength
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SIGNING_DEMO_DIR = tmp_path / "signing"
    # assertions read the English msgids; tests/test_i18n.py checks the German default
    settings.LANGUAGE_CODE = "en"
    # password hashing is deliberately slow; tests only need it to work
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def chair(db):
    return user_with_role(roles.COMMITTEE_CHAIR, username="chair")


@pytest.fixture
def council_member(db):
    return user_with_role(roles.COUNCIL_MEMBER, username="member")


@pytest.fixture
def staff(db):
    return user_with_role(roles.DEPARTMENT_STAFF, username="staff")


@pytest.fixture
def department_head(db):
    return user_with_role(roles.DEPARTMENT_HEAD, username="head")


@pytest.fixture
def council_office(db):
    return user_with_role(roles.COUNCIL_OFFICE, username="office")


@pytest.fixture
def signatory(db):
    return user_with_role(roles.SIGNATORY, username="mayor")
