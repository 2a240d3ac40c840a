"""Browser journeys: Playwright drives Debian's Chromium against the app served by the test run.

No browser is downloaded: the tests launch /usr/bin/chromium (installed by `.ci/run` or
`bin/ensure-chromium`) and are skipped with a message where it is missing. Screenshots of each
step go to test-artifacts/ (not committed).
"""

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server's request threads share the test run's one in-memory SQLite connection;
    two requests at once (a slow one, such as signing, and the navigation's task count that
    every page loads beside it) would use it from two threads and fail with "bad parameter or
    other API misuse". Requests are handled one after the other; connections stay threaded, so
    a browser's keep-alive connection blocks nobody."""

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


LiveServerThread.server_class = _OneRequestAtATime


def pytest_collection_modifyitems(config, items):
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}; install Debian's 'chromium'")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


@pytest.fixture
def demo(transactional_db):
    from tooling import demo

    return demo.load()


@pytest.fixture
def shoot(request):
    """shoot(page, "step") saves a full-page screenshot named after the test and the step."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    counter = iter(range(1, 1000))

    def _shoot(page, step: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{next(counter):02d}-{step}.png"), full_page=True)

    return _shoot


@pytest.fixture
def org(transactional_db):
    """The demo's municipality, people, departments, committees and meetings, and no inquiry."""
    from django.utils import timezone

    from inquiries import roles
    from tooling import demo as demo_data

    roles.ensure_role_groups()
    organisation = demo_data.Demo(timezone.localdate())
    municipality = organisation.municipality()
    organisation.people()
    organisation.committees_and_meetings(municipality)
    return organisation


@pytest.fixture
def as_user(new_context, live_server):
    """as_user("finanzen") → a signed-in page in a browser context of its own."""

    def _as_user(username: str):
        page = new_context().new_page()
        sign_in(page, live_server, username)
        expect(page.locator("nav form[action$='/abmelden/']")).to_be_attached()
        return page

    return _as_user


def sign_in(page, live_server, username: str, password: str | None = None) -> None:
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label(re.compile("Benutzername|Username")).fill(username)
    page.get_by_label(re.compile("Passwort|Password")).fill(password or f"demo-{username}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def sign_out(page) -> None:
    page.locator("nav form[action$='/abmelden/'] button").click()
    page.wait_for_load_state()
