"""How docgen starts the processes that work beside it: batch workers, the 汇总表's
facts, the helpers that read a large workbook's sheets and render a large
register's long loops on a second core."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

START_METHOD_VAR = "DOCGEN_START_METHOD"
A = TypeVar("A")
B = TypeVar("B")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def start_method(env: Mapping[str, str], available: Sequence[str], platform: str) -> str:
    """How worker processes start. `spawn` (Windows has only that, macOS's Python starts
    workers so by default): each worker imports docgen afresh and is sent its unit and
    options pickled, and compiles the templates at its first unit. `fork` on Linux: a
    worker is ready at once, docgen imported and the templates compiled; it saves
    about 0.6 s of CPU per worker (a 6-unit batch, 2 workers: 5.1 s of CPU forked,
    6.3 s spawned). DOCGEN_START_METHOD forces one (the tests use it for `spawn`)."""
    wanted = env.get(START_METHOD_VAR, "").strip()
    if wanted in available:
        return wanted
    return "fork" if "fork" in available and platform.startswith("linux") else "spawn"


def current_start_method() -> str:
    """This run's: its environment, its platform."""
    return start_method(os.environ, multiprocessing.get_all_start_methods(), sys.platform)


# Off in a batch's units: its workers already keep every core busy.
_helpers_allowed = True


def forbid_helpers() -> None:
    """For the life of this process (a batch's worker): no helper is forked."""
    global _helpers_allowed
    _helpers_allowed = False


@contextlib.contextmanager
def without_helpers() -> Iterator[None]:
    """No helper is forked within (a batch's units built one after another)."""
    global _helpers_allowed
    before, _helpers_allowed = _helpers_allowed, False
    try:
        yield
    finally:
        _helpers_allowed = before


def can_fork_helper() -> bool:
    """Whether this process may fork a helper now: helpers are allowed here, fork is
    this run's start method, there is a second core for it, and no other thread runs
    (a fork beside a running thread could copy a lock that thread holds)."""
    return _helpers_allowed and current_start_method() == "fork" and default_jobs() > 1 \
        and threading.active_count() == 1


def run_beside(here: Callable[[], A], there: Callable[[], B],
               failed: Callable[[], B] | None = None) -> tuple[A, B]:
    """`there` in a forked helper while `here` runs in this process, when a helper
    may be forked; its result comes back pickled. Without a helper, `there` runs here
    after `here`; should the helper fail or die, `failed` does (by default `there`
    again, which raises here what it raised there)."""
    if not can_fork_helper():
        return here(), there()
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_send, args=(there, writer), daemon=True)
    try:
        _fork(process)
    except OSError:  # no room for another process
        reader.close()
        writer.close()
        return here(), there()
    answer = None
    try:
        writer.close()
        mine = here()
        try:
            answer = reader.recv()
        except Exception:  # the helper died: EOFError, OSError, a torn pickle
            answer = None
    finally:
        reader.close()
        if answer is None:
            process.kill()
        process.join()
    if answer is not None:
        return mine, answer[0]
    return mine, (failed or there)()


def _fork(process: multiprocessing.process.BaseProcess) -> None:
    """Start a forked helper (multiprocessing flushes what this process has printed
    first, or the helper would print it again), Ctrl+C held back until the helper
    has chosen to ignore it: it must never print a traceback of its own."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        process.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _send(work: Callable[[], object], writer: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process stops the helper
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    answer = None
    with contextlib.suppress(Exception):  # done again, and reported, by the main process
        answer = (work(),)
    try:
        writer.send(answer)
    except Exception:  # a result that does not pickle: done again there
        writer.send(None)
    writer.close()
