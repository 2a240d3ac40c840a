import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """These tests make many users; the real hasher would spend seconds on their passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def real_oparl(tmp_path_factory):
    """The real vendors' data on the mock server, every vendor quirk switched on."""
    from tests.oparl.real import ALL_QUIRKS, RealServer

    server = RealServer(tmp_path_factory.mktemp("oparl-overlays"), ALL_QUIRKS)
    yield server
    server.close()


@pytest.fixture
def real(real_oparl, monkeypatch):
    """`real_oparl` for one test: `manage.py import_oparl` reaches it, quirks and upstream
    changes are undone afterwards."""
    from oparl.management.commands import import_oparl

    quirks = set(real_oparl.quirks)
    monkeypatch.setattr(import_oparl, "Fetcher", real_oparl.fetcher_class())
    real_oparl.requests.clear()
    yield real_oparl
    real_oparl.quirks.clear()
    real_oparl.quirks.update(quirks)
    real_oparl.reset_scenario()
