"""Measure how long a reply takes to render and to sign in a warm process."""

import json
import statistics
import time

from django.core.management.base import BaseCommand

from responses.document import example_document
from responses.pdf import render_reply_pdf
from responses.signing import load_credentials, sign_pdf


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = (
        "Render and sign a realistic reply (nine questions) N times after one warm-up and print "
        "median and 95th percentile times in milliseconds as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20, help="measured runs (default 20)")

    def handle(self, *args, runs: int, **options):
        if runs < 1:
            raise ValueError("--runs must be at least 1")
        document = example_document(demo_certificate=True)
        credentials = load_credentials()

        def sign(pdf: bytes) -> bytes:
            return sign_pdf(
                pdf,
                credentials=credentials,
                signer_name=document.signatory_name,
                reason=f"Beantwortung {document.reference}",
                location=document.municipality_name,
            )

        # The first render sets up Pango and fontconfig (up to a few seconds); a worker pays it once.
        sign(render_reply_pdf(document))

        render_ms, sign_ms = [], []
        for _ in range(runs):
            start = time.perf_counter()
            pdf = render_reply_pdf(document)
            middle = time.perf_counter()
            sign(pdf)
            end = time.perf_counter()
            render_ms.append((middle - start) * 1000)
            sign_ms.append((end - middle) * 1000)

        result = {
            "render_p50_ms": round(statistics.median(render_ms), 1),
            "render_p95_ms": round(_percentile(render_ms, 0.95), 1),
            "sign_p50_ms": round(statistics.median(sign_ms), 1),
            "sign_p95_ms": round(_percentile(sign_ms, 0.95), 1),
            "runs": runs,
        }
        self.stdout.write(json.dumps(result))
