"""Write the stored signed PDF of an inquiry's reply, byte for byte, or list what can be exported."""

import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from responses.models import Reply


class Command(BaseCommand):
    help = (
        "export_reply REFERENCE --out PATH writes the stored signed PDF of the inquiry's (main) reply; "
        "export_reply --list prints the references that have a signed reply, one a line."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference", nargs="?", help='the inquiry\'s reference, e.g. "AN/2026/0017"')
        parser.add_argument("--out", help="where to write the PDF")
        parser.add_argument("--list", action="store_true", help="list references with a signed reply")

    def handle(self, *args, reference=None, out=None, list=False, **options):
        signed = Reply.objects.filter(status__in=Reply.FINAL_STATUSES, supplements__isnull=True)
        if list:
            references = signed.order_by("inquiry__reference").values_list("inquiry__reference", flat=True)
            for value in references:
                self.stdout.write(value)
            return
        if not reference or not out:
            raise CommandError("Give a REFERENCE and --out PATH, or --list.")
        reply = signed.filter(inquiry__reference=reference).first()
        if reply is None:
            raise CommandError(f"No signed reply for {reference}.")
        try:
            with reply.signed_pdf.open("rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"The stored PDF of {reference} cannot be read: {exc}") from exc
        if hashlib.sha256(data).hexdigest() != reply.signed_pdf_sha256:
            raise CommandError(f"The stored PDF of {reference} does not match its SHA-256; not exported.")
        try:
            Path(out).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc}") from exc
        self.stdout.write(f"Wrote the signed reply to {reference} to {out} ({len(data)} bytes).")
