"""Backup round trip: bin/backup, then bin/restore into a scratch database and media folder;
the copy has the same rows, the same audit trail and the same signed PDFs."""

import hashlib
import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from responses.models import Reply
from tooling import demo
from tooling.loadtest import database_url

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

BIN = Path(settings.BASE_DIR) / "bin"


def _signed_reply(inquiry) -> Reply:
    pdf = b"%PDF-1.7\n% Beantwortung, signiert (Testdatei)\n%%EOF\n"
    reply = Reply(
        inquiry=inquiry,
        status=Reply.Status.SIGNED,
        signed_at=timezone.now(),
        signed_pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        signatory_name="Christoph Becker",
    )
    reply.signed_pdf.save("beantwortung.pdf", ContentFile(pdf), save=False)
    reply.save()
    return reply


def _snapshot(url: str) -> dict:
    """Every table's rows (as text, sorted) and every sequence's position."""
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ]
        rows = {
            table: [row[0] for row in conn.execute(f'SELECT t::text FROM "{table}" t ORDER BY 1')]
            for table in tables
        }
        sequences = dict(conn.execute("SELECT sequencename, last_value FROM pg_sequences").fetchall())
        replies = conn.execute(
            "SELECT signed_pdf, signed_pdf_sha256 FROM responses_reply WHERE signed_pdf <> ''"
        ).fetchall()
    return {"rows": rows, "sequences": sequences, "replies": replies}


def _run(*command: str, env: dict | None = None) -> str:
    done = subprocess.run(
        command, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_backup_restores_rows_audit_trail_and_signed_pdfs(tmp_path):
    kim = demo.load()["kim"]
    reply = _signed_reply(kim)
    source = database_url(connection.settings_dict)
    media = Path(settings.MEDIA_ROOT)
    scratch_name = f"{connection.settings_dict['NAME']}_restore"
    scratch = database_url({**connection.settings_dict, "NAME": scratch_name})

    output = _run(
        str(BIN / "backup"), str(tmp_path / "backups"), env={"DATABASE_URL": source, "MEDIA_ROOT": str(media)}
    )
    folder = Path(output.strip().splitlines()[-1])
    assert sorted(p.name for p in folder.iterdir()) == ["SHA256SUMS", "database.dump", "media.tar.gz"]

    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch_name}"')
        cursor.execute(f'CREATE DATABASE "{scratch_name}"')
    try:
        restored_media = tmp_path / "restored-media"
        _run(str(BIN / "restore"), str(folder), scratch, str(restored_media))
        original, restored = _snapshot(source), _snapshot(scratch)
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch_name}" WITH (FORCE)')

    # the same tables with the same row counts, and in fact the same rows
    assert original["rows"].keys() == restored["rows"].keys()
    counts = {table: len(rows) for table, rows in original["rows"].items()}
    assert counts == {table: len(rows) for table, rows in restored["rows"].items()}
    for table in (
        "inquiries_inquiry",
        "inquiries_question",
        "responses_answer",
        "responses_reply",
        "auth_user",
    ):
        assert counts[table] > 0, table
    assert original["rows"] == restored["rows"]
    # the audit trail: every history table, row for row (ids, dates, users, changes)
    history = [table for table in counts if "historical" in table]
    assert {"inquiries_historicalinquiry", "responses_historicalanswer", "responses_historicalreply"} <= set(
        history
    )
    assert all(original["rows"][table] == restored["rows"][table] for table in history)
    assert counts["responses_historicalanswer"] > 0
    # new rows continue where the original left off
    assert original["sequences"] == restored["sequences"]

    # the stored files: signed PDFs match the hash in the database; letters are byte-equal
    # the demo's signed reply and the one made here
    assert (reply.signed_pdf.name, reply.signed_pdf_sha256) in restored["replies"]
    assert sorted(restored["replies"]) == sorted(original["replies"])
    for name, sha256 in restored["replies"]:
        assert hashlib.sha256((restored_media / name).read_bytes()).hexdigest() == sha256
    originals = sorted(p.relative_to(media) for p in media.rglob("*") if p.is_file())
    assert originals == sorted(
        p.relative_to(restored_media) for p in restored_media.rglob("*") if p.is_file()
    )
    assert kim.source_file.name and Path(kim.source_file.name) in originals
    for path in originals:
        assert (media / path).read_bytes() == (restored_media / path).read_bytes()
