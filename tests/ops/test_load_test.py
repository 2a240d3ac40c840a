"""The load test itself, briefly: gunicorn over a scratch PostgreSQL database, readers and
editors for a few seconds; no acknowledged save may be lost and nothing may fail."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.mark.postgresql
def test_load_test_loses_no_update_and_answers_every_request():
    # A subprocess, as an operator runs it; the command makes and drops its own database.
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "load_test",
            "--seconds=8",
            "--readers=2",
            "--editors=2",
            "--workers=2",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DEBUG": "false"},
        capture_output=True,
        text=True,
        timeout=600,  # a safety net, not a speed check: a loaded machine needs minutes
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)

    assert result["database"] == "postgresql"
    assert result["lost_updates"] == 0
    assert result["errors"]["total"] == 0, result["errors"]
    assert result["saves"]["acknowledged_302"] > 0
    assert result["acknowledged"] == result["saves"]["acknowledged_302"]
    assert result["duplicate_versions"] == result["answers_not_matching_last_history_row"] == 0
    assert {"list", "detail", "search", "feed", "oparl", "editor", "save"} <= set(result["by_kind"])
    assert result["requests_per_second"] > 0


def test_load_test_refuses_sqlite():
    env = {**os.environ, "DATABASE_URL": "sqlite:////tmp/ratsanfragen-load-test-refusal.sqlite3"}
    done = subprocess.run(
        [sys.executable, "manage.py", "load_test", "--seconds=1"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "The load test is for PostgreSQL" in done.stderr
