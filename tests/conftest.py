import pytest
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
