"""Keep the certificates the stored replies were signed with, so that /pruefen/ recognises them
as the municipality's after the certificate in use changes. Signing records its certificate by
itself; run this once for replies signed before it did."""

from django.core.management.base import BaseCommand

from responses.models import Reply, SigningCertificate
from responses.services import keep_signing_certificate


class Command(BaseCommand):
    help = "Record the signing certificates of every stored signed reply (idempotent)."

    def handle(self, *args, **options):
        from responses.signing.inspection import inspect_signed_pdf

        before = SigningCertificate.objects.count()
        unreadable = []
        replies = (
            Reply.objects.filter(status__in=Reply.FINAL_STATUSES).exclude(signed_pdf="").order_by("signed_at")
        )
        for reply in replies.iterator():
            try:
                with reply.signed_pdf.open("rb") as handle:
                    facts = inspect_signed_pdf(handle.read())
            except OSError:
                facts = None
            if facts is None or facts.signer_der is None:
                unreadable.append(str(reply.pk))
                continue
            keep_signing_certificate(facts.signer_der)
        added = SigningCertificate.objects.count() - before
        self.stdout.write(f"{added} signing certificate(s) added, {SigningCertificate.objects.count()} kept.")
        if unreadable:
            self.stderr.write(f"No signature read from the stored file of replies {', '.join(unreadable)}.")
