"""Read a letter (an inquiry or the administration's reply to one) and show or save what was
extracted, or measure the reader on a folder of letters.

manage.py import_inquiry brief.pdf --json   # print the extracted structure, save nothing
manage.py import_inquiry brief.pdf          # save it as a submitted inquiry
manage.py import_inquiry --score DIR        # NAME.txt + NAME.expected.json pairs: exact / total
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from inquiries.letters import MAX_UPLOAD_BYTES, LetterError, extract_text, parse_letter


def read_letter(path: Path):
    """(the letter's bytes, its text, the ParsedLetter); OSError or LetterError on failure."""
    with path.open("rb") as file:
        # One byte more than allowed is enough to refuse a huge file without reading it.
        data = file.read(MAX_UPLOAD_BYTES + 1)
    text = extract_text(data, path.name)
    return data, text, parse_letter(text)


class Command(BaseCommand):
    help = "Extract an inquiry from a letter (PDF, Word, text): print it as JSON, save it, or score a folder."
    # --json and --score need no database; saving reports a database problem in one line itself
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="the letter: a PDF, a Word file (.docx) or a text file")
        parser.add_argument(
            "--json", action="store_true", help="print the extracted structure as JSON and save nothing"
        )
        parser.add_argument(
            "--score",
            metavar="DIR",
            help="read every NAME.txt in DIR and compare it with NAME.expected.json; print exact / total",
        )

    def handle(self, *args, path: str | None = None, json: bool = False, score: str | None = None, **options):
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

        if json:
            self.stdout.write(_dumps(parsed.to_dict()))
            return

        from inquiries.services import create_inquiry_from_letter

        try:
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


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
