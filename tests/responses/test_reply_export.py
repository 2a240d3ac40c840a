"""export_reply: the stored signed PDF, byte for byte."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from responses import services
from tests.responses.reply_helpers import ready_reply

pytestmark = pytest.mark.django_db


def test_export_writes_the_stored_bytes_and_lists_references(reply_world, tmp_path, capsys):
    reply = services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    out = tmp_path / "antwort.pdf"
    call_command("export_reply", reply_world.inquiry.reference, "--out", str(out))
    with reply.signed_pdf.open("rb") as handle:
        assert out.read_bytes() == handle.read()
    capsys.readouterr()
    call_command("export_reply", "--list")
    assert capsys.readouterr().out.splitlines() == [reply_world.inquiry.reference]


def test_export_without_a_signed_reply_fails_with_one_line(reply_world, tmp_path):
    services.get_or_create_reply(reply_world.inquiry, by=reply_world.office)
    with pytest.raises(CommandError, match=r"^No signed reply for AN/"):
        call_command("export_reply", reply_world.inquiry.reference, "--out", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_export_refuses_a_stored_file_that_changed(reply_world, tmp_path):
    reply = services.sign_reply(ready_reply(reply_world), by=reply_world.mayor)
    path = Path(reply.signed_pdf.path)
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command("export_reply", reply_world.inquiry.reference, "--out", str(tmp_path / "x.pdf"))


def test_export_as_a_process_prints_one_line_and_exits_with_1(tmp_path):
    """Through manage.py on a fresh SQLite file: the error is one line on stderr, no traceback."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "MEDIA_ROOT": str(tmp_path)}
    manage = str(Path(django_settings.BASE_DIR) / "manage.py")
    subprocess.run([sys.executable, manage, "migrate", "-v0"], env=env, check=True, timeout=300)
    result = subprocess.run(
        [sys.executable, manage, "export_reply", "AN/2026/9999", "--out", str(tmp_path / "x.pdf")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["CommandError: No signed reply for AN/2026/9999."]
    assert result.stdout == ""
