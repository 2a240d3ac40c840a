"""Read an inquiry letter (PDF, .docx or text) and show or save what was extracted.

manage.py import_inquiry brief.pdf --json   # print the extracted structure, save nothing
manage.py import_inquiry brief.pdf          # save it as a submitted inquiry
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from inquiries.letters import MAX_UPLOAD_BYTES, LetterError, extract_text, parse_letter


class Command(BaseCommand):
    help = "Extract an inquiry from a letter (PDF, .docx or text): print it as JSON or save it."
    # --json needs no database; saving reports a database problem in one line itself
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="the letter: a PDF, a Word file (.docx) or a text file")
        parser.add_argument(
            "--json", action="store_true", help="print the extracted structure as JSON and save nothing"
        )

    def handle(self, *args, path: str, json: bool = False, **options):
        source = Path(path)
        try:
            with source.open("rb") as file:
                # One byte more than allowed is enough to refuse a huge file without reading it.
                data = file.read(MAX_UPLOAD_BYTES + 1)
            text = extract_text(data, source.name)
            parsed = parse_letter(text)
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
        count = sum(1 + len(question.sub_questions) for question in parsed.questions)
        self.stdout.write(f"Imported {inquiry} with {count} questions.")


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
