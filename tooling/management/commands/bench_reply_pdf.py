"""Measure how long a reply takes to render and sign: warm, and the first in a new process."""

import json
import os
import statistics

from django.core.management.base import BaseCommand, CommandError

from tooling.benchmark import first_reply_in_new_process, first_reply_in_this_process, measure_reply_pdf


class Command(BaseCommand):
    help = (
        "Render and sign a realistic reply (nine questions) N times after one warm-up, and the first "
        "reply in new processes started as the web process starts (with and without the start-up "
        "warm-up); print median and 95th percentile times in milliseconds as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20, help="measured runs (default 20)")
        parser.add_argument(
            "--processes", type=int, default=3, help="new processes for the first-reply figure (default 3)"
        )
        parser.add_argument("--first-in-this-process", action="store_true", help=argparse_hidden())

    def handle(self, *args, runs: int, processes: int, first_in_this_process: bool, **options):
        if first_in_this_process:
            self.stdout.write(json.dumps(first_reply_in_this_process()))
            return
        if runs < 1 or processes < 1:
            raise CommandError("--runs and --processes must be at least 1")
        load_before = os.getloadavg()[0]
        warm = [first_reply_in_new_process(warm_up=True) for _ in range(processes)]
        cold = [first_reply_in_new_process(warm_up=False) for _ in range(processes)]
        result = measure_reply_pdf(runs)
        result["first_in_process_ms"] = {
            "with_warm_up_p50": round(statistics.median(run["first_ms"] for run in warm), 1),
            "with_warm_up_max": max(run["first_ms"] for run in warm),
            "start_up_with_warm_up_p50": round(statistics.median(run["startup_ms"] for run in warm), 1),
            "without_warm_up_p50": round(statistics.median(run["first_ms"] for run in cold), 1),
            "processes": processes,
        }
        result["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        self.stdout.write(json.dumps(result))


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS
