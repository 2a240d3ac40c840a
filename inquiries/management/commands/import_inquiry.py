"""Read a letter (an inquiry or the administration's reply to one) and show or save what was
extracted, or measure the reader on a folder of letters.

manage.py import_inquiry brief.pdf --json   # print the extracted structure, save nothing
manage.py import_inquiry brief.pdf          # save it as a submitted inquiry
manage.py import_inquiry --score DIR        # NAME.txt + NAME.expected.json pairs: exact / total
manage.py import_inquiry --bench            # CPU time to read a 2 MB letter
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext

from inquiries.letters import MAX_UPLOAD_BYTES, LetterError, extract_text, parse_letter


def read_letter(path: Path):
    """(the letter's bytes, its text, the ParsedLetter); OSError or LetterError on failure."""
    with path.open("rb") as file:
        # One byte more than allowed is enough to refuse a huge file without reading it.
        data = file.read(MAX_UPLOAD_BYTES + 1)
    text = extract_text(data, path.name)
    return data, text, parse_letter(text)


class Command(BaseCommand):
    help = (
        "Extract an inquiry from a letter (PDF, also scans; Word, OpenDocument, RTF, e-mail, text): print it as "
        "JSON, save it, or score a folder."
    )
    # --json and --score need no database; saving reports a database problem in one line itself
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="the letter: PDF, .docx, .odt, .rtf, .eml, .msg, an image of a scan, or text",
        )
        parser.add_argument(
            "--json", action="store_true", help="print the extracted structure as JSON and save nothing"
        )
        parser.add_argument(
            "--bench",
            action="store_true",
            help="measure the CPU time to read a 2 MB letter (built from PATH, default: the demo letter)",
        )
        parser.add_argument(
            "--score",
            metavar="DIR",
            help="read every NAME.txt in DIR and compare it with NAME.expected.json; print exact / total",
        )

    def handle(
        self,
        *args,
        path: str | None = None,
        json: bool = False,
        score: str | None = None,
        bench: bool = False,
        **options,
    ):
        if bench:
            return self._bench(Path(path) if path else None)
        if score:
            return self._score(Path(score))
        if not path:
            raise CommandError("Name a letter, or a folder with --score.")
        source = Path(path)
        try:
            data, text, parsed = read_letter(source)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        except LetterError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        if not parsed.questions:
            message = gettext("No questions were found in the letter.")
            raise CommandError(f"{path}: {message}")

        if json:
            self.stdout.write(_dumps(parsed.to_dict()))
            return

        from inquiries.services import create_inquiry_from_letter, duplicate_letters

        try:
            for other in duplicate_letters(None, text=text, reference=parsed.reference)[:5]:
                # a warning, not a refusal: the same letter may come again on purpose
                self.stderr.write(
                    f"Warning: this letter may already be in the system as {other.label}: {other.subject}"
                )
            inquiry = create_inquiry_from_letter(
                parsed, source_name=source.name, source_bytes=data, source_text=text, by=None
            )
        except DatabaseError as exc:
            raise CommandError(f"{path}: could not save: {str(exc).strip().splitlines()[-1]}") from exc
        self.stdout.write(f"Imported {inquiry} with {parsed.count_questions()} questions.")

    def _score(self, folder: Path) -> None:
        from inquiries.letters.score import score_folder

        if not folder.is_dir():
            raise CommandError(f"{folder}: not a folder")
        results = score_folder(folder, lambda letter: read_letter(letter)[2].to_dict())
        for result in results:
            if not result.exact:
                self.stdout.write(f"{result.name}: {result.difference}")
        exact = sum(result.exact for result in results)
        self.stdout.write(f"{exact} / {len(results)} exact")

    def _bench(self, seed_path: Path | None) -> None:
        from inquiries.letters.score import bench, big_letter

        if seed_path is None:
            seed_path = Path(__file__).resolve().parents[2] / "demo" / "grosse-anfrage-kim.txt"
        try:
            seed = seed_path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{seed_path}: {exc.strerror or exc}") from exc
        text = big_letter(seed)
        times = sorted(bench(text))
        self.stdout.write(
            f"{len(text.encode()) / 1_000_000:.1f} MB letter: CPU median {times[len(times) // 2]:.2f} s, "
            f"max {times[-1]:.2f} s over {len(times)} reads"
        )


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
