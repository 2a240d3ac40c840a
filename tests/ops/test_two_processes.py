"""Two app processes over one database behave as one: a session made on one is valid on the
other, the answer lock holds across them, reference numbers stay unique and gapless."""

import os
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from inquiries import roles
from inquiries.models import Inquiry
from responses.models import Answer
from tests.factories import AnswerFactory, DepartmentFactory, InquiryFactory, QuestionFactory, user_with_role
from tooling.loadtest import Browser, QuickPBKDF2PasswordHasher, database_url, editor_version, gunicorn

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

PASSWORD = "zwei-prozesse-2026"
SECRET_KEY = "shared-by-both-app-servers"


def _editor_setup() -> Answer:
    roles.ensure_role_groups()  # transactional tests flush the groups the migration made
    department = DepartmentFactory(code="FB50")
    staff = user_with_role(roles.DEPARTMENT_STAFF, username="anna")
    # the servers run with production hashers; this hash verifies there (see the hasher)
    staff.password = make_password(PASSWORD, hasher=QuickPBKDF2PasswordHasher())
    staff.save(update_fields=["password"])
    department.staff.add(staff)
    inquiry = InquiryFactory(status=Inquiry.Status.IN_PROGRESS, lead_department=department)
    question = QuestionFactory(inquiry=inquiry, number="1", lead_department=department)
    return AnswerFactory(question=question, text="Start")


def test_sessions_and_answer_locks_are_shared_by_two_servers(static_root):
    answer = _editor_setup()
    database = database_url(connection.settings_dict)
    editor = f"/fragen/{answer.question_id}/antwort/"
    with (
        gunicorn(database=database, static_root=static_root, secret_key=SECRET_KEY) as a,
        gunicorn(database=database, static_root=static_root, secret_key=SECRET_KEY) as b,
    ):
        on_a = Browser(a.url)
        on_a.login("anna", PASSWORD)
        on_b = Browser(b.url, cookies=on_a.cookies)

        # the session made on A is valid on B
        assert Browser(b.url).get("/unsere-fragen/").status == 302  # anonymous: to the login
        assert on_b.get("/unsere-fragen/").status == 200

        # both open the editor at the same version and save at the same moment, one per server
        pages = {"a": on_a.get(editor), "b": on_b.get(editor)}
        base = {name: editor_version(page.text) for name, page in pages.items()}
        assert base["a"] == base["b"] == answer.version
        barrier = threading.Barrier(2)
        statuses: dict[str, int] = {}

        def save(name: str, browser: Browser) -> None:
            data = {
                "text": f"Fassung von Server {name}",
                "version": base[name],
                "csrfmiddlewaretoken": browser.csrf_token(pages[name].text),
            }
            barrier.wait(timeout=10)
            statuses[name] = browser.post(editor, data).status

        threads = [threading.Thread(target=save, args=item) for item in (("a", on_a), ("b", on_b))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(statuses.values()) == [302, 409]

        # signing out on B ends the session on A too
        token = on_b.csrf_token(on_b.get("/unsere-fragen/").text)
        assert on_b.post("/abmelden/", {"csrfmiddlewaretoken": token}).status == 302
        assert on_a.get("/unsere-fragen/").status == 302

    winner = next(name for name, status in statuses.items() if status == 302)
    answer.refresh_from_db()
    assert (answer.text, answer.version) == (f"Fassung von Server {winner}", base["a"] + 1)
    assert answer.history.count() == 2  # created, then the one save that won


ASSIGN = """
import os, time
from inquiries.models import Inquiry
from inquiries.services import assign_reference
start_at, ids = float(os.environ["START_AT"]), [int(pk) for pk in os.environ["INQUIRY_IDS"].split(",")]
time.sleep(max(0, start_at - time.time()))  # both processes start their loops together
for pk in ids:
    assign_reference(Inquiry.objects.get(pk=pk))
"""


def test_two_processes_hand_out_unique_gapless_reference_numbers():
    today = timezone.localdate()
    inquiries = InquiryFactory.create_batch(
        40,
        reference=None,
        reference_year=None,
        reference_number=None,
        status=Inquiry.Status.SUBMITTED,
        received_on=today,
    )
    ids = [inquiry.pk for inquiry in inquiries]
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "START_AT": str(time.time() + 4),  # after both processes have started Django
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", ASSIGN],
            cwd=settings.BASE_DIR,
            env={**env, "INQUIRY_IDS": ",".join(map(str, half))},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in (ids[0::2], ids[1::2])
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, stderr[-2000:]

    numbers = sorted(Inquiry.objects.filter(pk__in=ids).values_list("reference_number", flat=True))
    assert numbers == list(range(1, len(ids) + 1))
    references = set(Inquiry.objects.filter(pk__in=ids).values_list("reference", flat=True))
    assert len(references) == len(ids)
