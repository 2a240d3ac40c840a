"""Security properties that hold for the whole app: CSRF everywhere, fresh sessions at sign-in,
fields a role may not set are ignored, uploads bounded, production settings hardened."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from inquiries import roles
from responses.models import Answer
from tests.factories import AnswerFactory, DepartmentFactory, QuestionFactory, user_with_role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def test_no_view_is_exempt_from_csrf():
    offenders = [
        str(path.relative_to(ROOT))
        for app in ("config", "inquiries", "responses", "search", "oparl")
        for path in (ROOT / app).rglob("*.py")
        if "csrf_exempt" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_post_without_csrf_token_is_refused(council_office):
    question = QuestionFactory(lead_department=DepartmentFactory())
    answer = AnswerFactory(question=question, text="alt")
    client = Client(enforce_csrf_checks=True)
    client.force_login(council_office)
    response = client.post(
        reverse("responses:answer_edit", args=[question.pk]), {"text": "neu", "version": answer.version}
    )
    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.text == "alt"


def test_session_key_changes_at_sign_in(client):
    user_with_role(roles.COUNCIL_MEMBER, username="rotating", password="Sehr-geheim-2026")
    client.get(reverse("login"))
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32  # a session id planted before sign-in
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.post(reverse("login"), {"username": "rotating", "password": "Sehr-geheim-2026"})
    assert response.status_code == 302
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_repeated_wrong_passwords_lock_the_sign_in(client):
    user_with_role(roles.COUNCIL_MEMBER, username="guessed", password="Richtig-2026")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "guessed", "password": "falsch"})
    response = client.post(reverse("login"), {"username": "guessed", "password": "Richtig-2026"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_fields_a_role_may_not_set_are_ignored(client, staff):
    department = DepartmentFactory()
    department.staff.add(staff)
    question = QuestionFactory(lead_department=department)
    answer = AnswerFactory(question=question, text="alt")
    client.force_login(staff)
    client.post(
        reverse("responses:answer_edit", args=[question.pk]),
        {
            "text": "neu",
            "version": answer.version,
            "status": Answer.Status.APPROVED,
            "approver": staff.pk,
            "author": 999,
        },
    )
    answer.refresh_from_db()
    assert answer.text == "neu"
    assert answer.status == Answer.Status.DRAFT
    assert answer.approver is None
    assert answer.author == staff


def test_too_many_files_in_one_request_get_a_clear_400(client):
    files = {
        f"file{n}": SimpleUploadedFile(f"f{n}.txt", b"x")
        for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    }
    response = client.post(reverse("login"), files)
    assert response.status_code == 400


def test_security_headers_are_sent(client):
    response = client.get(reverse("portal:list"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_production_settings_pass_the_deploy_check():
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789abcdef",
        "ALLOWED_HOSTS": "ratsanfragen.example.org",
        "SITE_URL": "https://ratsanfragen.example.org",
        "DEBUG": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_production_refuses_to_start():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "false"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_an_unreachable_database_gives_a_503_page_not_an_error(client, monkeypatch):
    from django.db import OperationalError

    from portal import views as reading

    def down(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed")

    monkeypatch.setattr(reading.InquiryFilterForm, "filter", down)
    client.raise_request_exception = False
    response = client.get(reverse("portal:list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "nicht erreichbar" in response.content.decode()
    assert "Traceback" not in response.content.decode()
