"""A large document's long loops rendered in two processes at once.

Once the skeleton has been rendered, a document's fragments (docgen.render.engine)
are independent of one another: each is a program run over its records into the
fragment store. When there are thousands of records and this run may fork
(docgen.processes: Linux, a second core, no other thread), the loops are shared
between this process and a forked helper, each taken by whichever is free. The
helper writes its fragments into a temporary file of its own, which the
document's store adopts; only their places and row measures come back through a
pipe. Without fork (Windows, macOS), or for a small document, every loop
runs here.

The helper ignores Ctrl+C: the main process stops it. Should it fail or die, the
caller renders the document again the plain way, so the outcome is the same.
"""

from __future__ import annotations

import itertools
import multiprocessing
import tempfile
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, Protocol, TypeVar

from docgen.processes import can_fork_helper, run_beside
from docgen.wordml import FragmentInfo, FragmentStore

HELPER_RECORDS = 2000  # fewer records than this are not worth a fork (about 0.05 s)


class Job(Protocol):
    slot: int  # the fragment's number in the document's store
    total: int | None  # how many records, when known


J = TypeVar("J", bound=Job)


def available() -> bool:
    """Whether a render may wait for its loops to share them (docgen.processes)."""
    return can_fork_helper()


def run_all(jobs: Sequence[J], weight: Callable[[J], int],
            run: Callable[[J, FragmentStore], bool], store: FragmentStore) -> bool:
    """Run every job into `store`; False as soon as one says the document must be
    rendered plainly, or should the helper fail. The caller defers its loops only where
    a helper may be forked (`available`).

    With a helper, the heaviest loop is the helper's from the start; the others are
    taken, heaviest first, by whichever process is free (a loop's cost is more than
    its records and pieces tell: one calls the model for each of its records)."""
    if len(jobs) < 2 or sum(job.total or 0 for job in jobs) < HELPER_RECORDS:
        return all(run(job, store) for job in jobs)
    first, *rest = sorted(jobs, key=weight, reverse=True)
    queue = _Queue(rest, multiprocessing.get_context("fork").Value("i", 0))
    side = tempfile.TemporaryFile()  # noqa: SIM115  # adopted by the store, or closed here

    def here() -> bool:
        return all(_taken(queue, run, store))

    def there() -> tuple[dict[int, tuple[int, int]], dict[int, FragmentInfo]] | None:
        theirs = FragmentStore(side)
        done: list[J] = []
        if not all(_taken(queue, run, theirs, first, done)):
            return None
        side.flush()
        return theirs.spans(job.slot for job in done), theirs.tables

    try:
        done, answer = run_beside(here, there, failed=lambda: None)
    except BaseException:
        side.close()
        raise
    if not done or answer is None:
        side.close()
        return False
    spans, tables = answer
    store.adopt(side, spans)
    store.tables.update(tables)
    return True


def _taken(queue: _Queue[J], run: Callable[[J, FragmentStore], bool], store: FragmentStore,
           first: J | None = None, done: list[J] | None = None) -> Iterator[bool]:
    """Take jobs (`first`, then from the queue) and run them, one at a time; the
    first that fails stops both processes taking more."""
    for job in itertools.chain([first] if first else [], queue):
        if done is not None:
            done.append(job)
        ok = run(job, store)
        if not ok:
            queue.close()
        yield ok


class _Queue(Generic[J]):
    """Jobs both processes take from, each once: the index of the next one is in
    memory the fork shares."""

    def __init__(self, jobs: list[J], taken: Any):
        self.jobs, self.taken = jobs, taken

    def __iter__(self) -> Iterator[J]:
        while True:
            with self.taken.get_lock():
                i = self.taken.value
                self.taken.value = i + 1
            if i >= len(self.jobs):
                return
            yield self.jobs[i]

    def close(self) -> None:
        """No job is taken any more."""
        with self.taken.get_lock():
            self.taken.value = len(self.jobs)
