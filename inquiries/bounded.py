"""Run a parser of untrusted input in a child process with limits on CPU time, memory, wall
time and the size of its result.

Parsers of uploaded files (PDF, Word, e-mail, OCR) and of fetched data can be driven into
runaway work by a few kilobytes of hostile input: nested PDF objects, a .docx whose XML unpacks
to hundreds of megabytes. In the web process that costs a worker; in a child process with
resource limits it costs one refused upload and a clear message.

Children are forked from a forkserver (a clean, single-threaded process started once), not from
the web process itself, whose threads and open database connections must not be copied.
`func` must be a module-level function (it is passed by name) and must not touch the database;
its arguments and result travel pickled.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import resource
import signal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 10
    memory_bytes: int = 512 * 1024 * 1024  # on top of what the child holds when it starts
    wall_seconds: float = 20.0
    output_bytes: int = 16 * 1024 * 1024


class TooComplex(Exception):
    """The work exceeded a limit. `reason` is "cpu", "memory", "time", "output" or "crashed"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_context: multiprocessing.context.BaseContext | None = None
_preload: list[str] = []


def preload(*modules: str) -> None:
    """Import these modules once in the forkserver, so that each child starts with them (the
    parsers' imports cost more than their work on a small file). Call at import time, before
    the first run_bounded()."""
    _preload.extend(module for module in modules if module not in _preload)


def _get_context() -> multiprocessing.context.BaseContext:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        if _preload:
            _context.set_forkserver_preload(list(_preload))
    return _context


def _virtual_memory_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(conn, limits: Limits, func: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    address_space = _virtual_memory_bytes() + limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    try:
        outcome = ("ok", func(*args, **kwargs))
    except MemoryError:
        outcome = ("limit", "memory")
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which re-raises it
        outcome = ("error", exc)
    try:
        payload = pickle.dumps(outcome)
    except Exception as exc:  # an unpicklable exception: its text is enough
        payload = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    if len(payload) > limits.output_bytes:
        payload = pickle.dumps(("limit", "output"))
    conn.send_bytes(payload)
    conn.close()


def run_bounded(func: Callable[..., Any], *args: Any, limits: Limits = Limits(), **kwargs: Any) -> Any:
    """Return `func(*args, **kwargs)` computed in a limited child process.

    Raises TooComplex when a limit is hit or the child dies; re-raises the exception `func`
    raised otherwise (so callers handle their own errors as if the call were local).
    """
    context = _get_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, limits, func, args, kwargs), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.wall_seconds):
            raise TooComplex("cpu" if _died_of_cpu(process) else "time")
        try:
            payload = receiver.recv_bytes(limits.output_bytes + 1024)
        except (EOFError, OSError):
            raise TooComplex(_reason_for_death(process)) from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    kind, value = pickle.loads(payload)
    if kind == "ok":
        return value
    if kind == "limit":
        raise TooComplex(value)
    raise value


def _died_of_cpu(process) -> bool:
    return process.exitcode in (-signal.SIGXCPU, -signal.SIGKILL) and not process.is_alive()


def _reason_for_death(process) -> str:
    process.join(5)
    if process.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        return "cpu"
    if process.exitcode == -signal.SIGSEGV:  # allocation failures in C code under RLIMIT_AS
        return "memory"
    logger.warning("bounded child exited with %s", process.exitcode)
    return "crashed"
