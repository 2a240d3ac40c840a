"""Benchmarks: a realistic data set in a separate database, server times of the main pages
against the framework's floor, and the reply's render and sign times.

Used by `manage.py bench` (pages and PDF) and `manage.py bench_reply_pdf` (PDF only). Figures
are measured, never asserted: tests check query counts, this prints times.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _sample(client: Client, path: str) -> tuple[float, int, int]:
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(path, secure=True)
        elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return elapsed, len(captured), len(response.content)


def measure_pages(pages: dict[str, tuple[Client, str]], *, runs: int, rounds: int) -> dict:
    """Server time of each page against the floor: a minimal page of the same size through the
    same middleware, sampled right before the page, so that both see the same load.

    Every round takes `runs` samples of each page (pages in turn, each after its floor sample);
    p50/p95 are over all samples, the spread is the lowest and highest of the rounds' p50s and
    ratios. A ratio is the page's p50 over its floor's p50 in the same round."""
    floor_paths = {}
    for name, (client, path) in pages.items():
        client.get(path, secure=True)  # warm caches and the template loader
        _, _, size = _sample(client, path)
        floor_paths[name] = f"/__bench/floor/{size}/"
        client.get(floor_paths[name], secure=True)
    samples = {name: {"page": [], "floor": [], "rounds": []} for name in pages}
    for _ in range(rounds):
        this_round = {name: ([], []) for name in pages}
        for _ in range(runs):
            for name, (client, path) in pages.items():
                floor_ms, _, _ = _sample(client, floor_paths[name])
                page_ms, queries, size = _sample(client, path)
                this_round[name][0].append(page_ms)
                this_round[name][1].append(floor_ms)
                samples[name]["queries"], samples[name]["bytes"] = queries, size
        for name, (page_ms, floor_ms) in this_round.items():
            samples[name]["page"] += page_ms
            samples[name]["floor"] += floor_ms
            p50, floor_p50 = statistics.median(page_ms), statistics.median(floor_ms)
            samples[name]["rounds"].append((p50, p50 / floor_p50))
    result = {}
    for name, s in samples.items():
        round_p50s = [p50 for p50, _ in s["rounds"]]
        ratios = [ratio for _, ratio in s["rounds"]]
        result[name] = {
            "p50_ms": round(statistics.median(s["page"]), 2),
            "p95_ms": round(percentile(s["page"], 0.95), 2),
            "p50_ms_rounds": [round(min(round_p50s), 2), round(max(round_p50s), 2)],
            "floor_p50_ms": round(statistics.median(s["floor"]), 2),
            "floor_p95_ms": round(percentile(s["floor"], 0.95), 2),
            "ratio_to_floor": round(statistics.median(s["page"]) / statistics.median(s["floor"]), 1),
            "ratio_rounds": [round(min(ratios), 1), round(max(ratios), 1)],
            "queries": s["queries"],
            "bytes": s["bytes"],
            "samples": len(s["page"]),
        }
    return result


def measure_reply_pdf(runs: int) -> dict:
    """Render and sign the example reply (nine questions, tagged PDF/A-3a) `runs` times in this
    process after one warm-up (`responses.signing.start_up.warm_up`, as the web process does at start)."""
    from responses.document import example_document
    from responses.pdf import render_reply_pdf
    from responses.signing.credentials import load_credentials
    from responses.signing.signature import sign_pdf
    from responses.signing.start_up import warm_up

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

    warm_up()
    render_ms, sign_ms, total_ms = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render_reply_pdf(document)
        middle = time.perf_counter()
        sign(pdf)
        end = time.perf_counter()
        render_ms.append((middle - start) * 1000)
        sign_ms.append((end - middle) * 1000)
        total_ms.append((end - start) * 1000)
    return {
        "render_p50_ms": round(statistics.median(render_ms), 1),
        "render_p95_ms": round(percentile(render_ms, 0.95), 1),
        "sign_p50_ms": round(statistics.median(sign_ms), 1),
        "sign_p95_ms": round(percentile(sign_ms, 0.95), 1),
        "total_p50_ms": round(statistics.median(total_ms), 1),
        "total_p95_ms": round(percentile(total_ms, 0.95), 1),
        "runs": runs,
    }


def first_reply_in_this_process() -> dict:
    """Start as the web process starts (`config.wsgi`, which warms up unless REPLY_PDF_WARM_UP
    is off) and time the first render + sign after that. Run in a fresh process (see
    `first_reply_in_new_process`): in one that rendered before, it measures nothing."""
    from responses.document import example_document
    from responses.pdf import render_reply_pdf
    from responses.signing.credentials import load_credentials
    from responses.signing.signature import sign_pdf

    start = time.perf_counter()
    import config.wsgi  # noqa: F401  (start-up: the application and the warm-up)

    started = time.perf_counter()
    document = example_document(demo_certificate=True)
    sign_pdf(
        render_reply_pdf(document),
        credentials=load_credentials(),
        signer_name=document.signatory_name,
        reason=f"Beantwortung {document.reference}",
        location=document.municipality_name,
    )
    end = time.perf_counter()
    return {"startup_ms": round((started - start) * 1000, 1), "first_ms": round((end - started) * 1000, 1)}


def first_reply_in_new_process(*, warm_up: bool) -> dict:
    """`first_reply_in_this_process` in a new Python process, with or without the warm-up."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    environment = {**os.environ, "REPLY_PDF_WARM_UP": "true" if warm_up else "false"}
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "bench_reply_pdf", "--first-in-this-process"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        timeout=300,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
