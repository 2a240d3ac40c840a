"""Sign-in throttling behind the documented reverse proxy: the client's address comes from the
proxy's header only when the request comes from a trusted proxy, and a stranger guessing a
known user's password locks out only themselves."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from config.login import client_ip
from inquiries import roles
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
STRANGER = "203.0.113.9"
MAYOR_AT_HOME = "198.51.100.7"
PASSWORD = "Richtig-2026-geheim"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY, "::1"]
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 50


@pytest.fixture
def mayor(db):
    return user_with_role(roles.SIGNATORY, username="buergermeister", password=PASSWORD)


def _login(client, password: str, *, via_proxy_for: str | None = None, remote: str = PROXY, **headers):
    if via_proxy_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = via_proxy_for
    client.cookies.clear()
    return client.post(
        reverse("login"), {"username": "buergermeister", "password": password}, REMOTE_ADDR=remote, **headers
    )


def test_a_stranger_behind_the_proxy_cannot_lock_out_the_user(client, behind_proxy, mayor):
    for _ in range(8):
        _login(client, "falsch", via_proxy_for=STRANGER)

    response = _login(client, PASSWORD, via_proxy_for=MAYOR_AT_HOME)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(mayor.pk)


def test_the_stranger_locks_out_only_themselves(client, behind_proxy, mayor):
    for _ in range(5):
        _login(client, "falsch", via_proxy_for=STRANGER)
    response = _login(client, PASSWORD, via_proxy_for=STRANGER)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_forged_header_from_outside_the_proxy_is_ignored(client, behind_proxy, mayor):
    """Sent straight to the app, the stranger's header pretends to come from the mayor's
    address: it counts for the stranger's own address."""
    for _ in range(5):
        _login(client, "falsch", remote=STRANGER, via_proxy_for=MAYOR_AT_HOME)
    assert _login(client, PASSWORD, via_proxy_for=MAYOR_AT_HOME).status_code == 302
    assert _login(client, PASSWORD, remote=STRANGER, via_proxy_for=MAYOR_AT_HOME).status_code == 429


def test_without_trusted_proxies_the_header_counts_for_nothing(client, settings, mayor):
    settings.TRUSTED_PROXIES = []
    for _ in range(5):
        _login(client, "falsch", via_proxy_for=STRANGER)
    # every client shares the proxy's address: this is why the proxy must be configured
    assert _login(client, PASSWORD, via_proxy_for=MAYOR_AT_HOME).status_code == 429


def test_guessing_from_many_addresses_locks_the_username_at_the_slower_limit(
    client, behind_proxy, settings, mayor
):
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 12
    for n in range(3):
        for _ in range(4):  # below the limit per address
            _login(client, "falsch", via_proxy_for=f"203.0.113.{10 + n}")
    assert _login(client, PASSWORD, via_proxy_for=MAYOR_AT_HOME).status_code == 429


def test_signing_in_clears_only_ones_own_failures(client, behind_proxy, mayor):
    for _ in range(4):
        _login(client, "falsch", via_proxy_for=STRANGER)
    assert _login(client, PASSWORD, via_proxy_for=MAYOR_AT_HOME).status_code == 302
    _login(client, "falsch", via_proxy_for=STRANGER)
    assert _login(client, PASSWORD, via_proxy_for=STRANGER).status_code == 429


@pytest.mark.parametrize(
    ("remote", "header", "expected"),
    [
        (PROXY, STRANGER, STRANGER),
        (PROXY, f"{MAYOR_AT_HOME}, {STRANGER}", STRANGER),  # the left part is the client's own claim
        (PROXY, f"{STRANGER}, 127.0.0.1", STRANGER),  # a second trusted proxy in the chain
        (PROXY, "", PROXY),
        (PROXY, "kein-ip, 203.0.113.5", "203.0.113.5"),
        (PROXY, "203.0.113.5, kein-ip", PROXY),
        (STRANGER, MAYOR_AT_HOME, STRANGER),
        ("::1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_ip(behind_proxy, remote, header, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected


def test_a_wrong_proxy_setting_fails_loudly():
    import subprocess
    import sys

    from django.conf import settings as django_settings

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true", "TRUSTED_PROXIES": "nginx.local"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr
