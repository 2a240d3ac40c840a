"""Load and fault tests against the app as it runs in production: gunicorn over PostgreSQL.

`manage.py load_test` uses `run()`; the pieces (`gunicorn()`, a server in a subprocess, and
`Browser`, a small HTTP client with its own cookies) are also used by the tests in tests/ops/.
Loopback only, and every loop is bounded in count or time.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings

from tooling.benchmark import percentile

REQUEST_TIMEOUT = 10  # seconds; one request never blocks a thread longer


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Django's default algorithm with few iterations, for throwaway users in scratch databases.

    The iteration count is stored in the hash, so a server with the default settings accepts
    these passwords (and re-hashes them at full strength on the first login); setting up ten
    demo users takes milliseconds instead of ten seconds.
    """

    iterations = 1000


# --- A tiny browser ------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_VERSION_INPUT = re.compile(r'<input[^>]*name="version"[^>]*>')
_VALUE = re.compile(r'value="(\d+)"')


class Browser:
    """HTTP/1.1 over loopback with a cookie dict, no redirects followed.

    Not urllib's CookieJar: in production the session and CSRF cookies are `Secure`, and a
    cookie jar (rightly) never sends those over plain http to 127.0.0.1.
    """

    def __init__(
        self, base_url: str, *, cookies: dict[str, str] | None = None, timeout: float = REQUEST_TIMEOUT
    ):
        host, port = base_url.removeprefix("http://").rstrip("/").split(":")
        self.base_url, self.host, self.port = base_url.rstrip("/"), host, int(port)
        self.cookies = dict(cookies or {})
        self.timeout = timeout

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {"Accept-Language": "de"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        return self.request("POST", path, data)

    def csrf_token(self, html: str) -> str:
        match = _CSRF.search(html)
        if not match:
            raise ValueError("no CSRF token on the page")
        return match.group(1)

    def login(self, username: str, password: str) -> None:
        page = self.get("/anmelden/")
        response = self.post(
            "/anmelden/",
            {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf_token(page.text)},
        )
        if response.status != 302:
            raise RuntimeError(f"login as {username} answered {response.status}")

    @property
    def session_key(self) -> str:
        return self.cookies.get(settings.SESSION_COOKIE_NAME, "")


def editor_version(html: str) -> int:
    """The `version` the answer editor's form was rendered with (the optimistic lock)."""
    tag = _VERSION_INPUT.search(html)
    value = _VALUE.search(tag.group(0)) if tag else None
    if not value:
        raise ValueError("no version field in the editor")
    return int(value.group(1))


# --- gunicorn in a subprocess --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """A libpq URL for a Django database settings dict (for gunicorn, pg_dump, psql)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def collect_static(target: Path) -> None:
    """Fill `target` the way production's manifest storage expects, without compressing.

    WhiteNoise reads the same manifest; it only serves the files uncompressed. Compressing every
    file (the admin's too) with Brotli takes about 20 s here, and these runs request pages.
    """
    storage = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    with override_settings(STATIC_ROOT=str(target), STORAGES={**settings.STORAGES, "staticfiles": storage}):
        call_command("collectstatic", interactive=False, verbosity=0)


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


@contextmanager
def gunicorn(
    *, database: str, static_root: Path, workers: int = 1, secret_key: str = "", ready_timeout: float = 30
) -> Iterator[Server]:
    """Serve the app with production settings (DEBUG off, plain http on loopback) over
    `database` (a URL); stop it on exit, whatever happens."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "DEBUG": "false",
        "SECRET_KEY": secret_key or os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "STATIC_ROOT": str(static_root),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    log = Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--chdir={settings.BASE_DIR}",
        "--timeout=30",
        "--graceful-timeout=5",
    ]
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_ready(server, ready_timeout)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.unlink(missing_ok=True)


def _wait_until_ready(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    browser = Browser(server.url, timeout=5)
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            if browser.get("/anmelden/").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{server.log_tail()}")


# --- PostgreSQL restart ----------------------------------------------------------------------


def restart_command() -> list[str]:
    """The command that restarts the local PostgreSQL cluster; raises RuntimeError saying why
    it is not available (it needs root, Debian's pg_ctlcluster and a local server)."""
    if os.geteuid() != 0:
        raise RuntimeError("restarting PostgreSQL needs root (pg_ctlcluster)")
    if not shutil.which("pg_ctlcluster"):
        raise RuntimeError("restarting PostgreSQL needs Debian's pg_ctlcluster, which is not installed")
    if (connection.settings_dict.get("HOST") or "localhost") not in ("localhost", "127.0.0.1", "::1"):
        raise RuntimeError("restarting PostgreSQL works only for a server on this machine")
    versions = sorted(Path("/etc/postgresql").glob("*/main"))
    if not versions:
        raise RuntimeError("no PostgreSQL cluster under /etc/postgresql")
    return ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].parent.name, "main", "restart"]


# --- The load run ----------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    started: float
    ended: float
    status: int | None  # None: no HTTP answer (connection refused, reset, timeout)
    error: str = ""

    @property
    def ms(self) -> float:
        return (self.ended - self.started) * 1000


@dataclass
class Recorder:
    t0: float
    samples: list[Sample] = field(default_factory=list)
    acknowledged: list[tuple[int, str]] = field(default_factory=list)  # (question pk, marker)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, call) -> Response | None:
        started = time.monotonic() - self.t0
        try:
            response = call()
            sample = Sample(kind, started, time.monotonic() - self.t0, response.status)
        except (OSError, http.client.HTTPException) as error:
            response = None
            sample = Sample(kind, started, time.monotonic() - self.t0, None, type(error).__name__)
        with self.lock:
            self.samples.append(sample)
        return response


def _is_error(sample: Sample) -> bool:
    if sample.status is None:
        return True
    if sample.kind == "save":
        return sample.status not in (302, 409)
    return sample.status >= 400


def _reader(browser: Browser, paths: dict[str, list[str]], recorder: Recorder, stop: float, seed: int):
    rng = random.Random(seed)
    kinds = sorted(paths)
    while time.monotonic() < stop:
        kind = rng.choice(kinds)  # every kind of page equally often
        path = rng.choice(paths[kind])
        response = recorder.timed(kind, lambda path=path: browser.get(path))
        if response is None or response.status >= 400:
            time.sleep(0.1)  # don't spin on a server that is down


def _editor(
    browser: Browser, question_ids: list[int], recorder: Recorder, stop: float, number: int, run: str
):
    rng = random.Random(number)
    count = 0
    while time.monotonic() < stop:
        question_id = rng.choice(question_ids)
        path = f"/fragen/{question_id}/antwort/"
        page = recorder.timed("editor", lambda path=path: browser.get(path))
        if page is None or page.status != 200:
            time.sleep(0.1)
            continue
        count += 1
        marker = f"[lt:{run}:{number}:{count}]"
        data = {
            "text": f"Antwort der Verwaltung, Stand {marker}.\n\n- erster Punkt\n- zweiter Punkt",
            "version": editor_version(page.text),
            "csrfmiddlewaretoken": browser.csrf_token(page.text),
        }
        saved = recorder.timed("save", lambda path=path, data=data: browser.post(path, data))
        if saved is not None and saved.status == 302:
            with recorder.lock:
                recorder.acknowledged.append((question_id, marker))
        elif saved is None or saved.status != 409:
            time.sleep(0.1)


def _latency(samples: list[Sample]) -> dict:
    times = [s.ms for s in samples]
    if not times:
        return {"count": 0}
    return {
        "count": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "errors": sum(_is_error(s) for s in samples),
    }


def _prepare() -> dict:
    """Demo data in the (scratch) database; the paths readers visit and the questions editors
    edit. Readers and editors are demo users with their demo passwords."""
    from django.contrib.auth.models import AnonymousUser, User
    from django.urls import reverse

    from inquiries.models import Inquiry, Municipality, Question
    from responses.models import Answer
    from tooling import demo

    quick = "tooling.loadtest.QuickPBKDF2PasswordHasher"
    # the demo queues e-mails; nobody should receive them
    no_tasks = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with override_settings(PASSWORD_HASHERS=[quick], TASKS=no_tasks):
        demo.load()
    member = User.objects.get(username="ratsmitglied")
    body = Municipality.objects.order_by("pk").first()

    def paths(user) -> dict[str, list[str]]:
        return {
            "list": [reverse("portal:list")],
            "detail": [i.get_absolute_url() for i in Inquiry.objects.visible_to(user).order_by("pk")[:10]],
            "search": [reverse("search:search") + f"?q={word}" for word in ("Integration", "Kita", "Radweg")],
            "feed": [reverse("portal:replies_feed")],
            "oparl": [reverse("oparl:paper_list", args=[body.pk])],
        }

    editors = {}
    for username in ("finanzen", "integration"):
        questions = (
            Question.objects.filter(
                lead_department__staff__username=username, inquiry__status__in=Inquiry.OPEN_STATUSES
            )
            .exclude(answer__status=Answer.Status.APPROVED)
            .order_by("pk")
        )
        editors[username] = list(questions.values_list("pk", flat=True))
    return {
        "anonymous_paths": paths(AnonymousUser()),
        "member_paths": paths(member),
        "editors": editors,
    }


def _verify(acknowledged: list[tuple[int, str]], run: str) -> dict:
    """Every save acknowledged to a client must be in the history; among the load test's history
    rows no answer has two rows of the same version; each answer's text is its last saved one."""
    from responses.models import Answer

    connection.close()  # the server may have restarted since the last query
    pattern = re.compile(r"\[lt:" + re.escape(run) + r":\d+:\d+\]")
    rows = list(
        Answer.history.filter(text__contains=f"[lt:{run}:")
        .order_by("history_date", "history_id")
        .values_list("id", "version", "text")
    )
    found = {marker for _, _, text in rows for marker in pattern.findall(text)}
    markers = {marker for _, marker in acknowledged}
    versions = [(answer_id, version) for answer_id, version, _ in rows]
    last = {answer_id: (version, text) for answer_id, version, text in rows}
    inconsistent = sum(
        1 for answer in Answer.objects.filter(pk__in=last) if (answer.version, answer.text) != last[answer.pk]
    )
    return {
        "acknowledged": len(markers),
        "lost_updates": len(markers - found),
        "in_history_without_acknowledgement": len(found - markers),
        "duplicate_versions": len(versions) - len(set(versions)),
        "answers_not_matching_last_history_row": inconsistent,
    }


def run_load(
    *, seconds: float, readers: int, editors: int, workers: int, restart_db_at: float | None, log=print
) -> dict:
    """Run readers and editors against gunicorn over the current database (a scratch one: see
    `run`) and measure. Stops by itself: threads stop after `seconds`, and the whole run raises
    after `seconds + 30`."""
    restart = restart_command() if restart_db_at is not None else None
    data = _prepare()
    run = secrets.token_hex(4)
    database = database_url(connection.settings_dict)
    connection.close()  # hold no connection of our own while the server restarts
    with tempfile.TemporaryDirectory(prefix="loadtest-static-") as static_root:
        log("load_test: collecting static files …")
        collect_static(Path(static_root))
        log(f"load_test: starting gunicorn with {workers} workers …")
        with gunicorn(database=database, static_root=Path(static_root), workers=workers) as server:
            log("load_test: logging in …")
            member = Browser(server.url)
            member.login("ratsmitglied", "demo-ratsmitglied")
            editor_sessions = {}
            for username in data["editors"]:
                browser = Browser(server.url)
                browser.login(username, f"demo-{username}")
                editor_sessions[username] = browser.cookies
            log(f"load_test: {readers} readers and {editors} editors for {seconds:.0f} s …")
            result = _drive(
                server,
                data,
                editor_sessions,
                member.cookies,
                run,
                seconds,
                readers,
                editors,
                restart,
                restart_db_at,
            )
    result.update(_verify(result.pop("_acknowledged"), run))
    result["workers"] = workers
    result["database"] = connection.vendor
    return result


def _drive(
    server, data, editor_sessions, member_cookies, run, seconds, readers, editors, restart, restart_db_at
):
    t0 = time.monotonic()
    stop = t0 + seconds
    hard_stop = stop + 30
    recorder = Recorder(t0)
    threads = []
    for n in range(readers):
        logged_in = n % 2 == 0  # half as a council member, half anonymous
        browser = Browser(server.url, cookies=member_cookies if logged_in else None)
        paths = data["member_paths"] if logged_in else data["anonymous_paths"]
        threads.append(
            threading.Thread(target=_reader, args=(browser, paths, recorder, stop, n), daemon=True)
        )
    usernames = list(editor_sessions)  # two editors per department, so that saves collide
    for n in range(editors):
        username = usernames[n % len(usernames)]
        browser = Browser(server.url, cookies=editor_sessions[username])
        args = (browser, data["editors"][username], recorder, stop, n, run)
        threads.append(threading.Thread(target=_editor, args=args, daemon=True))
    restart_times: dict = {}
    if restart:

        def restart_database():
            time.sleep(max(0.0, t0 + restart_db_at - time.monotonic()))
            restart_times["started"] = time.monotonic() - t0
            done = subprocess.run(restart, capture_output=True, text=True, timeout=60)
            restart_times["finished"] = time.monotonic() - t0
            restart_times["returncode"] = done.returncode
            restart_times["output"] = (done.stdout + done.stderr).strip()[-500:]

        threads.append(threading.Thread(target=restart_database, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, hard_stop - time.monotonic()))
    if any(thread.is_alive() for thread in threads):
        raise RuntimeError(f"the load test did not stop within {seconds + 30:.0f} s")
    elapsed = max(sample.ended for sample in recorder.samples) if recorder.samples else seconds
    samples = recorder.samples
    errors = [s for s in samples if _is_error(s)]
    result = {
        "seconds": round(elapsed, 1),
        "readers": readers,
        "editors": editors,
        "requests": len(samples),
        "requests_per_second": round(len(samples) / elapsed, 1),
        "latency": _latency(samples),
        "by_kind": {
            kind: _latency([s for s in samples if s.kind == kind])
            for kind in sorted({s.kind for s in samples})
        },
        "saves": {
            "acknowledged_302": sum(1 for s in samples if s.kind == "save" and s.status == 302),
            "conflicts_409": sum(1 for s in samples if s.kind == "save" and s.status == 409),
        },
        "errors": {
            "total": len(errors),
            "by_status": _count(str(s.status or s.error) for s in errors),
        },
        "restart": None,
        "_acknowledged": recorder.acknowledged,
    }
    if restart:
        started, finished = restart_times.get("started"), restart_times.get("finished")
        if finished is None or restart_times.get("returncode"):
            raise RuntimeError(f"restarting PostgreSQL failed: {restart_times}")
        recovered = min(
            (s.ended for s in samples if s.started >= finished and not _is_error(s)), default=None
        )
        boundary = recovered if recovered is not None else float("inf")
        result["restart"] = {
            "started_at_s": round(started, 2),
            "pg_ctlcluster_s": round(finished - started, 2),
            "first_success_after_restart_s": round(recovered - finished, 2) if recovered else None,
            "outage_s": round(recovered - started, 2) if recovered else None,
        }
        # a request in flight when the server went down belongs to the restart window
        during = [s for s in errors if s.ended >= started and s.started < boundary]
        result["errors"].update(
            before=sum(1 for s in errors if s.ended < started),
            during=len(during),
            after=sum(1 for s in errors if s.started >= boundary),
            during_by_status=_count(str(s.status or s.error) for s in during),
        )
    return result


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def run(**options) -> dict:
    """The whole load test in a scratch database `<NAME>_load`, dropped afterwards (also after
    an error or Ctrl-C)."""
    settings_dict = connection.settings_dict
    settings_dict.setdefault("TEST", {})["NAME"] = f"{settings_dict['NAME']}_load"
    log = options.pop("log", print)
    log(f"load_test: creating and migrating {settings_dict['TEST']['NAME']} …")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return run_load(log=log, **options)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
