"""Settings from the environment: booleans as people write them, SITE_URL required in
production and taken from the request in development."""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from config import site
from config.settings import env_bool
from inquiries import roles
from inquiries.models import Inquiry
from tests.factories import InquiryFactory, user_with_role
from tests.portal import answered_inquiry

ROOT = Path(__file__).resolve().parents[1]
ATOM = "{http://www.w3.org/2005/Atom}"


def _check(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("value", ["1", "true", "True", "yes", "YES", "on", " on "])
def test_true_values_people_write_are_true(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    assert env_bool("SOME_FLAG", default=False) is True


@pytest.mark.parametrize("value", ["0", "false", "False", "no", "off"])
def test_false_values_people_write_are_false(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    assert env_bool("SOME_FLAG", default=True) is False


@pytest.mark.parametrize("value", ["2", "maybe", "enabled"])
def test_anything_else_refuses_to_start(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", default=False)


def test_debug_1_starts_the_app_for_development_without_site_url():
    result = _check(DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_site_url():
    result = _check(DEBUG="false", SECRET_KEY="a-long-random-production-secret-key-0123456789")
    assert result.returncode != 0
    assert "Set SITE_URL" in result.stderr


def test_production_starts_with_site_url():
    result = _check(
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-key-0123456789",
        SITE_URL="https://ratsanfragen.example.org",
    )
    assert result.returncode == 0, result.stderr


def test_site_url_is_the_setting_when_set(settings):
    settings.SITE_URL = "https://ratsanfragen.example.org"
    assert site.site_url() == "https://ratsanfragen.example.org"
    assert site.absolute("/anfragen/7/") == "https://ratsanfragen.example.org/anfragen/7/"


@pytest.fixture
def development(settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["rathaus-pc.local"]
    return {"HTTP_HOST": "rathaus-pc.local:8000"}


@pytest.mark.django_db
def test_in_development_e_mail_links_point_to_the_address_of_the_request(
    client, development, django_capture_on_commit_callbacks
):
    office = user_with_role(roles.COUNCIL_OFFICE, username="office")
    inquiry = InquiryFactory(status=Inquiry.Status.IN_PROGRESS, sender_email="vorsitz@example.org")
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("responses:interim_reply", args=[inquiry.pk]),
            {
                "text": "Es dauert länger.",
                "new_expected_on": (inquiry.due_on + timedelta(days=14)).isoformat(),
            },
            **development,
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert f"http://rathaus-pc.local:8000{inquiry.get_absolute_url()}" in message.body
    assert "127.0.0.1" not in message.body


@pytest.mark.django_db
def test_in_development_feed_and_oparl_links_point_to_the_address_of_the_request(client, development):
    inquiry = answered_inquiry()
    feed = ElementTree.fromstring(client.get(reverse("portal:replies_feed"), **development).content)
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert f"http://rathaus-pc.local:8000{inquiry.get_absolute_url()}" in links
    system = client.get(reverse("oparl:system"), **development).json()
    assert system["id"].startswith("http://rathaus-pc.local:8000/oparl/v1/")


@pytest.mark.django_db
def test_in_production_links_never_follow_the_host_header(client, settings):
    settings.SITE_URL = "https://ratsanfragen.example.org"
    settings.ALLOWED_HOSTS = ["ratsanfragen.example.org", "other.example.org"]
    inquiry = answered_inquiry()
    feed = client.get(reverse("portal:replies_feed"), HTTP_HOST="other.example.org").content.decode()
    assert f"https://ratsanfragen.example.org{inquiry.get_absolute_url()}" in feed
    assert "other.example.org" not in feed


@pytest.mark.django_db
def test_passwords_are_argon2_and_older_pbkdf2_hashes_are_rehashed_at_sign_in(settings, client):
    import importlib

    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from tests.factories import UserFactory

    settings.PASSWORD_HASHERS = importlib.import_module("config.settings").PASSWORD_HASHERS
    user = UserFactory()
    pbkdf2 = PBKDF2PasswordHasher()
    user.password = pbkdf2.encode("ein langes Kennwort 7", pbkdf2.salt(), iterations=1000)
    user.save()
    response = client.post(
        reverse("login"), {"username": user.username, "password": "ein langes Kennwort 7"}, secure=True
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")


@pytest.mark.django_db
def test_postgresql_connections_plan_without_jit_and_parallel_workers():
    """The pages' statements take milliseconds: compiling them or starting workers costs more
    (config/settings.py); a connection of the app has both off."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute("SHOW max_parallel_workers_per_gather")
        workers = cursor.fetchone()[0]
    assert (jit, workers) == ("off", "0")
