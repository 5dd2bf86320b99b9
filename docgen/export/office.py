"""The single-load pass: a LibreOffice kept running for the whole run and driven
through UNO, so that each document is loaded once. In that one load LibreOffice
lays it out, tells on which page each heading's bookmark lands, takes the 目录's
page numbers in place of their placeholders and, when asked, exports the PDF.

The UNO side is docgen/export/unoworker.py, run by a Python that has `uno`
(LibreOffice's own on Windows and macOS, the system's with python3-uno on Linux):
docgen's own interpreter usually has none. When no such Python is found, or the
route fails to start, docgen falls back to `soffice --convert-to` (docgen.export.pdf)
and learns the pages from the PDF (docgen.export.layout). The .docx is always
docgen's own XML: LibreOffice never writes it.

unoserver was considered: it converts, but neither tells bookmark pages nor edits a
loaded document, and it waits fixed seconds for LibreOffice to start.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import queue
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.export import pdf as cli
from docgen.messages import say

WORKER = Path(__file__).with_name("unoworker.py")
PREFIXES = ("_Toc", "_PageStart")  # the bookmarks the 目录's numbers come from
START_SECONDS = 60
# LibreOffice's layout time grows with the document: a base, and more per megabyte
# of .docx (the 10,000-risk register is 1.6 MB).
OPEN_SECONDS, OPEN_SECONDS_PER_MB = 120, 600
OTHER_SECONDS = 120
NO_UNO = "DOCGEN_NO_UNO"  # set to 1: always the fallback (a broken python3-uno)


# Drawn once per run: a typed cell that mimics a stand-in cannot match this run's.
_SALT = f"{secrets.randbelow(10**6):06d}"


def placeholder(n: int) -> str:
    """The n-th page number's stand-in in the 目录 of the copy LibreOffice loads:
    digits between private-use characters, salted for this run."""
    return f"\ue000{_SALT}{n}\ue001"


def _imports_uno(python: str) -> bool:
    try:
        done = subprocess.run([python, "-c", "import uno"], capture_output=True,
                              timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _candidates(binary: str) -> list[str]:
    program = Path(os.path.realpath(binary)).parent
    return [str(program / "python.exe"), str(program / "python"),  # Windows, LibreOffice's own
            str(program.parent / "Resources" / "python"),  # macOS app bundle
            sys.executable, *filter(None, [shutil.which("python3")]), "/usr/bin/python3"]


@functools.cache
def uno_python(binary: str) -> str | None:
    """A Python that can import uno to drive this LibreOffice, or None."""
    for python in dict.fromkeys(_candidates(binary)):
        if os.path.isfile(python) and os.access(python, os.X_OK) and _imports_uno(python):
            return python
    return None


def route() -> tuple[str, str] | None:
    """(soffice, its uno Python) when the single-load pass can run."""
    binary = cli.soffice()
    if binary is None or os.environ.get(NO_UNO, "").strip() not in ("", "0"):
        return None
    python = uno_python(binary)
    return (binary, python) if python else None


class OfficeFailed(Exception):
    """LibreOffice or its worker died, hung or refused: this session is over."""


class RouteFailed(OfficeFailed):
    """The very first session did not start (a python3-uno that does not match this
    LibreOffice, say): the caller falls back to `soffice --convert-to`."""


class Office:
    """One LibreOffice listening on a pipe, and the worker that drives it."""

    def __init__(self, binary: str, python: str, stopping: threading.Event) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="docgen-uno-"))
        self._processes: list[subprocess.Popen[bytes]] = []
        self._pipe = f"docgen-{uuid.uuid4().hex}"  # the socket LibreOffice accepts on
        self._log = (self._folder / "worker.log").open("wb")
        self._lines: queue.Queue[bytes] = queue.Queue()
        try:
            self._start(binary, python, stopping)
        except cli.Stopping:
            self.close()
            raise OfficeFailed(say("libreoffice.stopped")) from None
        except BaseException:  # a failed start leaves no process and no folder
            self.close()
            raise

    def _start(self, binary: str, python: str, stopping: threading.Event) -> None:
        scratch = self._folder / "tmp"
        scratch.mkdir()
        env = cli.environment() | {"TMPDIR": str(scratch)}
        self._processes.append(cli.spawn(
            [binary, f"-env:UserInstallation={cli.profile_url(self._folder)}", "--headless",
             "--invisible", "--norestore", "--nologo", "--nodefault",
             f"--accept=pipe,name={self._pipe};urp;StarOffice.ComponentContext"], env,
            stopping=stopping))
        self._worker = cli.spawn([python, str(WORKER), self._pipe, str(START_SECONDS)], env,
                                 pipes=True, stderr=self._log, stopping=stopping)
        self._processes.insert(0, self._worker)
        threading.Thread(target=self._read, daemon=True).start()
        self._wait(START_SECONDS)

    def _read(self) -> None:
        stdout = self._worker.stdout
        assert stdout is not None
        for line in stdout:
            self._lines.put(line)
        self._lines.put(b"")  # the worker ended

    def _wait(self, seconds: float) -> dict[str, Any]:
        try:
            line = self._lines.get(timeout=seconds)
        except queue.Empty:
            raise OfficeFailed(say("libreoffice.timeout", seconds=seconds)) from None
        if not line:
            self._log.flush()
            tail = (self._folder / "worker.log").read_bytes().decode("utf-8", "replace")
            raise OfficeFailed(say("libreoffice.worker_died",
                                   detail=tail.strip()[-300:] or self._worker.poll()))
        try:
            reply: dict[str, Any] = json.loads(line)
        except ValueError:  # not the worker's answer: something else wrote to its stdout
            raise OfficeFailed(say("libreoffice.worker_died",
                                   detail=line.decode("utf-8", "replace")[:200])) from None
        if "error" in reply:
            raise OfficeFailed(str(reply["error"]))
        return reply

    def ask(self, seconds: float, **request: Any) -> dict[str, Any]:
        stdin = self._worker.stdin
        assert stdin is not None
        try:
            stdin.write(json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n")
            stdin.flush()
        except OSError as exc:
            raise OfficeFailed(say("libreoffice.worker_died", detail=exc)) from exc
        return self._wait(seconds)

    def close(self) -> None:
        for proc in self._processes:  # the worker first: LibreOffice is killed anyway
            with contextlib.suppress(OSError, ValueError):
                if proc.stdin is not None:
                    proc.stdin.close()
            cli.stop(proc)
        if self._processes:
            cli.forget_pipes(cli.profile_url(self._folder), self._pipe)
        self._processes = []
        self._log.close()
        shutil.rmtree(self._folder, ignore_errors=True)


@dataclass(frozen=True)
class Job:
    """One document to load: its 目录's placeholders (bookmark → token; None when it
    needs no page numbers) and where its PDF goes (None: no PDF)."""

    doc: Path
    tokens: Mapping[str, str] | None = None
    pdf: Path | None = None


@dataclass
class Outcome:
    pages: dict[str, int] = field(default_factory=dict)  # bookmark → printed page
    pdf: Path | None = None
    problem: str = ""


Numbering = Callable[[Mapping[str, int]], dict[str, int]]


def _open_seconds(doc: Path) -> float:
    return OPEN_SECONDS + OPEN_SECONDS_PER_MB * doc.stat().st_size / 1_000_000


def _one(office: Office, job: Job, printed: Numbering) -> Outcome:
    reply = office.ask(_open_seconds(job.doc), op="open", doc=str(job.doc),
                       prefixes=list(PREFIXES) if job.tokens is not None else [])
    outcome = Outcome()
    if job.tokens is not None:
        outcome.pages = printed({k: int(v) for k, v in reply["pages"].items()})
        values = {token: (str(outcome.pages[mark]) if mark in outcome.pages else None)
                  for mark, token in job.tokens.items()}
        office.ask(OTHER_SECONDS, op="fill", values=values)
    if job.pdf is not None:
        office.ask(_open_seconds(job.doc), op="export", pdf=str(job.pdf))
        outcome.pdf = job.pdf if job.pdf.exists() else None
        if outcome.pdf is None:
            outcome.problem = say("libreoffice.no_result")
    office.ask(OTHER_SECONDS, op="close")
    return outcome


def _chunk(binary: str, python: str, jobs: Sequence[Job], printed: Numbering,
           stopping: threading.Event) -> list[Outcome]:
    """The jobs in one LibreOffice, in order; a new one after a failure, unless the
    run is being stopped (Ctrl-C, SIGTERM)."""
    outcomes: list[Outcome] = []
    office: Office | None = None
    try:
        for job in jobs:
            if stopping.is_set():
                break
            if office is None:
                try:
                    office = _idle() or Office(binary, python, stopping)
                except OfficeFailed as exc:
                    if not outcomes:
                        raise RouteFailed(str(exc)) from exc
                    outcomes.append(Outcome(problem=str(exc)))
                    continue
            try:
                outcomes.append(_one(office, job, printed))
            except OfficeFailed as exc:
                outcomes.append(Outcome(problem=str(exc)))
                office.close()
                office = None
    finally:
        if office is not None:
            _release(office, stopping)
    return outcomes


# LibreOffices kept for the next `run` of the same command (`kept`): `bundle` lays
# out and exports the plans, then exports the package's reports in the same ones.
_KEPT: list[Office] = []
_KEEPING = [0]  # how many `kept` blocks are open
_STOP = threading.Event()  # set while an interrupted block closes what is starting
_POOL_LOCK = threading.Lock()


_WARMING: list[Future[Office]] = []  # started early, while docgen builds (`warm`)


def _idle() -> Office | None:
    with _POOL_LOCK:
        if _KEPT:
            return _KEPT.pop()
        starting = _WARMING.pop() if _WARMING else None
    if starting is None:
        return None
    try:
        return starting.result()
    except OfficeFailed:
        return None  # the caller starts its own, and learns why


def warm(count: int) -> None:
    """Start `count` LibreOffices now, in the background, for the next `run` inside
    this `kept` block: their start-up (about two seconds) overlaps docgen's own work."""
    found = route()
    if found is None or not _KEEPING[0]:
        return
    pool = ThreadPoolExecutor(max_workers=count)
    with _POOL_LOCK:
        _WARMING.extend(pool.submit(Office, *found, _STOP) for _ in range(count))
    pool.shutdown(wait=False)


def _release(office: Office, stopping: threading.Event) -> None:
    with _POOL_LOCK:
        if _KEEPING[0] and not stopping.is_set():
            _KEPT.append(office)
            return
    office.close()


@contextlib.contextmanager
def kept() -> Iterator[None]:
    """Within this block (blocks may nest), a LibreOffice that finished its jobs waits
    for the next `run` instead of being closed; all are closed when the outermost
    block ends, on an interrupt too."""
    with _POOL_LOCK:
        _KEEPING[0] += 1
    try:
        yield
    finally:
        with _POOL_LOCK:
            _KEEPING[0] -= 1
            done = list(_KEPT) if _KEEPING[0] == 0 else []
            starting = list(_WARMING) if _KEEPING[0] == 0 else []
            if done or starting:
                _KEPT.clear()
                _WARMING.clear()
        if sys.exc_info()[0] is not None:  # interrupted: none still starting is waited for
            _STOP.set()
            cli.kill_all()
        for future in starting:
            with contextlib.suppress(OfficeFailed):
                done.append(future.result())
        _STOP.clear()
        for office in done:
            office.close()


def run(jobs: Sequence[Job], printed: Numbering, processes: int = 1) -> list[Outcome]:
    """Every job, in as many LibreOffice processes side by side as `processes`."""
    found = route()
    if found is None:
        raise OfficeFailed(say("libreoffice.missing"))
    count = max(1, min(processes, len(jobs)))
    chunks = [list(range(i, len(jobs), count)) for i in range(count)]
    pool = ThreadPoolExecutor(max_workers=count)
    stopping = threading.Event()
    try:
        done = list(pool.map(
            lambda idx: _chunk(*found, [jobs[i] for i in idx], printed, stopping), chunks))
    except BaseException:  # Ctrl-C, SIGTERM: stop LibreOffice now, start no other
        stopping.set()
        cli.kill_all()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    outcomes: list[Outcome | None] = [None] * len(jobs)
    for idx, results in zip(chunks, done, strict=True):
        for i, outcome in zip(idx, results, strict=True):
            outcomes[i] = outcome
    return [o if o is not None else Outcome(problem=say("libreoffice.no_result"))
            for o in outcomes]
