"""Parsers of hostile input run in a limited child: runaway CPU, memory, time or output end in
TooComplex, never in a stuck or killed web worker."""

import time

import pytest

from inquiries.bounded import Limits, TooComplex, run_bounded

SMALL = Limits(cpu_seconds=1, memory_bytes=64 * 1024 * 1024, wall_seconds=60, output_bytes=1024 * 1024)


def add(a, b, *, c=0):
    return a + b + c


def burn_cpu():
    while True:
        pass


def hog_memory():
    blocks = []
    while True:
        blocks.append(bytearray(16 * 1024 * 1024))


def sleep_long():
    time.sleep(60)


def huge_result():
    return "x" * (8 * 1024 * 1024)


def fail():
    raise ValueError("not a letter")


def test_result_and_arguments_travel():
    assert run_bounded(add, 1, 2, c=3, limits=SMALL) == 6


def test_the_functions_own_exception_is_raised_again():
    with pytest.raises(ValueError, match="not a letter"):
        run_bounded(fail, limits=SMALL)


# Where memory or output is the limit under test, the CPU limit is far away: a child's start
# costs CPU too, and on a slow or busy machine a 1-second limit could be reached first.
AMPLE_CPU = Limits(cpu_seconds=20, memory_bytes=64 * 1024 * 1024, wall_seconds=60, output_bytes=1024 * 1024)


@pytest.mark.parametrize(
    ("func", "limits", "reason"),
    [(burn_cpu, SMALL, "cpu"), (hog_memory, AMPLE_CPU, "memory"), (huge_result, AMPLE_CPU, "output")],
)
def test_runaway_work_is_stopped_with_its_reason(func, limits, reason):
    with pytest.raises(TooComplex) as caught:
        run_bounded(func, limits=limits)
    assert caught.value.reason == reason


def test_a_child_that_waits_is_stopped_at_the_wall_clock_limit():
    with pytest.raises(TooComplex) as caught:
        run_bounded(sleep_long, limits=Limits(cpu_seconds=5, wall_seconds=0.5))
    assert caught.value.reason == "time"
