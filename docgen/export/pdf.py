"""PDF through LibreOffice.

One LibreOffice process converts many documents (starting it costs about two
seconds, converting a plan well under one), and several such processes run side
by side, each with a profile directory of its own so that runs never collide.
Each runs in a process group of its own, killed whole on a timeout.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from docgen.errors import DocgenError, ToolMissing
from docgen.messages import say

# Bookmarks become named destinations, so a heading is found by its bookmark.
WITH_BOOKMARKS = ('pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":'
                  '{"type":"boolean","value":"true"}}')
START_SECONDS, PER_DOCUMENT_SECONDS = 60, 120


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    path = soffice()
    if path is None:
        raise ToolMissing(say("libreoffice.install_hint"))
    return path


def _environment() -> dict[str, str]:
    """LibreOffice sees docgen's font mapping (docgen/data/fonts.conf)."""
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(resources.files("docgen.data").joinpath("fonts.conf"))
    return env


@dataclass(frozen=True)
class Converted:
    source: Path
    result: Path | None  # None: failed
    problem: str = ""


# The LibreOffice processes running now. Each has a session of its own (a Ctrl-C on
# the terminal does not reach it): an interrupted docgen kills them itself.
_LIVE: set[subprocess.Popen[bytes]] = set()
_LOCK = threading.Lock()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # oosplash, soffice.bin and their children


def kill_all() -> None:
    """Kill every LibreOffice process docgen started (Ctrl-C, SIGTERM)."""
    with _LOCK:
        running = list(_LIVE)
    for proc in running:
        _kill(proc)


def _run(binary: str, docs: Sequence[Path], out_dir: Path, fmt: str,
         timeout: float) -> str:
    """One LibreOffice process for `docs`; returns its complaint, if any."""
    with tempfile.TemporaryDirectory(prefix="docgen-lo-") as profile:
        cmd = [binary, f"-env:UserInstallation=file://{profile}/user", "--headless",
               "--norestore", "--convert-to", fmt, "--outdir", str(out_dir),
               *map(str, docs)]
        # LibreOffice's own temporary files go inside the profile folder, so that
        # nothing is left behind even when it has to be killed.
        scratch = Path(profile) / "tmp"
        scratch.mkdir()
        env = _environment() | {"TMPDIR": str(scratch)}
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=env, start_new_session=True)
        with _LOCK:
            _LIVE.add(proc)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)  # soffice.bin and all it started
            proc.communicate()
            return say("libreoffice.timeout", seconds=timeout)
        finally:
            _kill(proc)
            with _LOCK:
                _LIVE.discard(proc)
    return "" if proc.returncode == 0 else err.decode("utf-8", "replace").strip()[-300:]


def convert_many(docs: Sequence[Path], out_dir: Path, fmt: str = "pdf",
                 processes: int = 1) -> list[Converted]:
    """Convert every document into out_dir (their stems must differ); a document
    that fails in a shared run is tried once more on its own."""
    binary = require_soffice()
    suffix = "." + fmt.split(":")[0]
    chunks = [list(docs[i::processes]) for i in range(max(1, min(processes, len(docs))))]

    def run_chunk(chunk: list[Path]) -> str:
        return _run(binary, chunk, out_dir, fmt,
                    START_SECONDS + PER_DOCUMENT_SECONDS * len(chunk))

    pool = ThreadPoolExecutor(max_workers=len(chunks))
    try:
        complaints = dict(zip(map(tuple, chunks), pool.map(run_chunk, chunks), strict=True))
    except BaseException:  # Ctrl-C, SIGTERM: stop LibreOffice now, not at its timeout
        kill_all()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    results = []
    for chunk, complaint in complaints.items():
        for doc in chunk:
            target = out_dir / (doc.stem + suffix)
            if not target.exists() and len(chunk) > 1:
                complaint = run_chunk([doc])
            results.append(Converted(doc, target if target.exists() else None,
                                     complaint or say("libreoffice.no_result")))
    return results


def convert(docx: Path, out_dir: Path, fmt: str = "pdf") -> Path:
    """Convert one document; raises with LibreOffice's complaint on failure."""
    (result,) = convert_many([docx], out_dir, fmt)
    if result.result is None:
        raise DocgenError(say("libreoffice.convert_failed", file=docx.name,
                              problem=result.problem))
    return result.result


_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{4,14})")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def reproducible(pdf: bytes, day: dt.date) -> bytes:
    """The PDF with LibreOffice's clock and random identifiers replaced by values of
    the same length (so every offset stays right): dates from 发布日期, the document
    id and checksum from the content itself. Equal inputs then give equal bytes."""
    stamp = day.strftime("%Y%m%d000000").encode()

    def fixed_date(m: re.Match[bytes]) -> bytes:
        digits = m.group(2)
        return m.group(0)[:-len(digits)] + stamp[:len(digits)]

    out = _DATE.sub(fixed_date, pdf)
    blank = _CHECKSUM.sub(lambda m: m.group(0)[:-len(m.group(1))] + b"0" * len(m.group(1)),
                          _ID.sub(lambda m: b"/ID[<><>]", out))
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()

    def fixed_id(m: re.Match[bytes]) -> bytes:
        whole, first, second = m.group(0), m.group(1), m.group(2)
        return whole.replace(first, digest[:len(first)].ljust(len(first), b"0")).replace(
            second, digest[:len(second)].ljust(len(second), b"0"))

    out = _ID.sub(fixed_id, out)
    return _CHECKSUM.sub(lambda m: m.group(0)[:-len(m.group(1))]
                         + digest[:len(m.group(1))].ljust(len(m.group(1)), b"0"), out)
