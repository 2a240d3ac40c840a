"""manage.py import_inquiry: print a letter's structure (--json) or save it; clean errors."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from inquiries.letters import MAX_UPLOAD_BYTES
from inquiries.models import Inquiry


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are matched in English (the msgids); the site's default language is German."""
    with translation.override("en"):
        yield


LETTERS = Path(__file__).resolve().parent.parent / "data" / "letters"
SEED = LETTERS / "grosse-anfrage-kim.txt"
REPO = Path(__file__).resolve().parents[2]


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_inquiry", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_json_prints_the_extracted_letter_and_saves_nothing():
    output = run(str(SEED), "--json")
    from inquiries.letters.score import first_difference

    expected = json.loads(SEED.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert first_difference(json.loads(output), expected) == ""
    assert set(json.loads(output)) >= {"kind", "title", "sender", "date", "deadline_text", "questions"}
    assert "„Kommunales Integrationsmanagement“" in output  # ensure_ascii=False
    assert '\n  "kind": "grosse_anfrage",' in output  # indent=2
    assert Inquiry.objects.count() == 0


@pytest.mark.django_db
def test_without_json_the_letter_is_saved_with_its_questions():
    output = run(str(SEED))
    inquiry = Inquiry.objects.get()
    assert output.startswith("Imported ") and "11 questions" in output
    assert inquiry.subject == "Kommunales Integrationsmanagement"
    assert inquiry.source_name == "grosse-anfrage-kim.txt"
    top = inquiry.questions.filter(parent__isnull=True).order_by("position")
    assert [q.number for q in top] == [str(n) for n in range(1, 10)]
    assert [q.number for q in top[0].sub_questions.order_by("position")] == ["a", "b"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (bytes(range(256)) * 20, "readable text"),
        (b"%PDF-1.7\n1 0 obj\n<<", "PDF"),
        (b"PK\x03\x04" + bytes(100), "ZIP"),
    ],
    ids=["empty", "binary", "truncated-pdf", "broken-zip"],
)
def test_unreadable_files_raise_a_command_error(tmp_path, content, message):
    path = tmp_path / "brief"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(str(path), "--json")


@pytest.mark.parametrize(
    "text",
    [
        "Sehr geehrte Damen und Herren,\n\nmit freundlichen Grüßen\n\nAnna Beispiel\n",
        "1. Frage?\n" * 300_000,
        "Sehr geehrte Damen und Herren,\n\n" + "Die Sitzung findet statt.\n" * 200_000,
    ],
    ids=["salutation-without-question", "megabytes-of-question-lines", "megabytes-of-repeated-lines"],
)
@pytest.mark.django_db
def test_malformed_letters_raise_one_command_error_and_save_nothing(tmp_path, text):
    path = tmp_path / "brief.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError):
        run(str(path))
    assert Inquiry.objects.count() == 0


def test_missing_file_raises_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "fehlt.pdf"), "--json")


def test_directory_raises_a_command_error(tmp_path):
    with pytest.raises(CommandError):
        run(str(tmp_path), "--json")


def test_huge_file_raises_a_command_error_without_reading_it_all(tmp_path):
    path = tmp_path / "riesig.txt"
    with path.open("wb") as file:
        file.truncate(50 * MAX_UPLOAD_BYTES)  # sparse: 500 MB that take no disk space
    with pytest.raises(CommandError, match="10 MB"):
        run(str(path), "--json")


def test_failure_is_one_line_on_stderr_and_exit_status_one(tmp_path):
    path = tmp_path / "leer.txt"
    path.write_bytes(b"")
    env = {**os.environ, "SECRET_KEY": os.environ.get("SECRET_KEY") or "test-only-secret-key"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_inquiry", str(path), "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("CommandError: ")
    assert "leer.txt: " in result.stderr  # the path, then the reason (in the site's language)
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_importing_the_same_letter_again_warns_and_names_the_first(tmp_path):
    path = tmp_path / "anfrage.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    run(str(path))
    err = io.StringIO()
    call_command("import_inquiry", str(path), stdout=io.StringIO(), stderr=err)
    first = Inquiry.objects.order_by("pk").first()
    assert f"may already be in the system as {first.label}" in err.getvalue()
    assert Inquiry.objects.count() == 2
