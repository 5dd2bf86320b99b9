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
import ntpath
import os
import posixpath
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePath
from typing import IO

from docgen.errors import DocgenError, ToolMissing
from docgen.messages import say

# Bookmarks become named destinations, so a heading is found by its bookmark.
WITH_BOOKMARKS = ('pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":'
                  '{"type":"boolean","value":"true"}}')
START_SECONDS, PER_DOCUMENT_SECONDS = 60, 120


ENV_VAR = "DOCGEN_SOFFICE"
ON_PATH = ("soffice", "libreoffice", "soffice.exe")
# Where the installers put it when it is not on PATH (LibreOffice's Windows installer
# never adds itself to PATH; a macOS user drags the app into Applications).
_WINDOWS_ROOTS = ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")
_WINDOWS_DEFAULT_ROOTS = ("C:\\Program Files", "C:\\Program Files (x86)")
_MAC_APP = "LibreOffice.app/Contents/MacOS/soffice"


def install_folders(env: Mapping[str, str], platform: str) -> list[str]:
    """The usual install paths of soffice on `platform` (sys.platform's value), as
    strings of that platform: decided here without touching the disk."""
    if platform == "win32":
        roots = [env[name] for name in _WINDOWS_ROOTS if env.get(name)]
        roots += [r for r in _WINDOWS_DEFAULT_ROOTS if r not in roots]
        return [ntpath.join(root, "LibreOffice", "program", "soffice.exe")
                for root in dict.fromkeys(roots)]
    if platform == "darwin":
        places = ["/Applications/" + _MAC_APP]
        if env.get("HOME"):
            places.append(posixpath.join(env["HOME"], "Applications", _MAC_APP))
        return places
    return []


def _env_choice(value: str, platform: str) -> list[str]:
    """What DOCGEN_SOFFICE may be: soffice itself, or its folder (`program`); quotes
    pasted from Explorer's "copy as path" are dropped."""
    path = value.strip().strip('"').strip()
    join = ntpath.join if platform == "win32" else posixpath.join
    return [path, join(path, "soffice.exe" if platform == "win32" else "soffice")]


def find_soffice(env: Mapping[str, str], platform: str, which: Callable[[str], str | None],
                 runnable: Callable[[str], bool]) -> str | None:
    """LibreOffice's soffice: DOCGEN_SOFFICE first, then PATH, then the usual install
    folders. `which` and `runnable` are the only looks at the machine (tests give
    their own)."""
    if env.get(ENV_VAR, "").strip():
        # Named by the user: that one or none, never another one found elsewhere.
        return next((p for p in _env_choice(env[ENV_VAR], platform) if runnable(p)), None)
    for name in ON_PATH:
        if found := which(name):
            return found
    return next((p for p in install_folders(env, platform) if runnable(p)), None)


def _runnable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def soffice() -> str | None:
    return find_soffice(os.environ, sys.platform, shutil.which, _runnable)


def install_hint(env: Mapping[str, str], platform: str) -> str:
    """Why LibreOffice was not found, and how to install it on this platform."""
    if env.get(ENV_VAR, "").strip():
        return say("libreoffice.env_not_found", var=ENV_VAR, path=env[ENV_VAR].strip())
    how = {"win32": "libreoffice.install.windows", "darwin": "libreoffice.install.macos"}.get(
        platform, "libreoffice.install.linux")
    return say("libreoffice.install_hint", how=say(how), var=ENV_VAR)


def profile_url(folder: str | PurePath) -> str:
    """LibreOffice's -env:UserInstallation wants a file URL: percent-encoded (a space,
    a Chinese user name) and with a drive on Windows (file:///C:/Users/…)."""
    path = folder if isinstance(folder, PurePath) else Path(folder)
    return (path / "user").as_uri()


def _pipe_folder() -> Path | None:
    """Where LibreOffice puts its sockets on Unix: /tmp, else /var/tmp, whichever it
    may write (sal/osl/unx/pipe.cxx); Windows pipes are no files."""
    if os.name == "nt":
        return None
    return next((Path(d) for d in ("/tmp", "/var/tmp") if os.access(d, os.W_OK)), None)


def pipe_paths(profile: str, *names: str) -> list[Path]:
    """The sockets a LibreOffice with this -env:UserInstallation URL creates: its
    single-instance pipe, named by the MD5 of the URL in UTF-16 with each byte in hex
    unpadded (desktop/source/app/officeipcthread.cxx), and the `names` it accepts on."""
    folder = _pipe_folder()
    if folder is None:
        return []
    digest = hashlib.md5(profile.encode("utf-16-le"), usedforsecurity=False).digest()
    single = "SingleOfficeIPC_" + "".join(format(b, "x") for b in digest)
    return [folder / f"OSL_PIPE_{os.getuid()}_{name}" for name in (single, *names)]


def forget_pipes(profile: str, *names: str) -> None:
    """Remove the sockets of a LibreOffice that docgen killed: it leaves them in /tmp,
    two for every run. Their names are this run's own (a fresh profile folder, a
    random pipe name), so no other LibreOffice's can be among them."""
    for path in pipe_paths(profile, *names):
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(path.lstat().st_mode):
                path.unlink()


def missing_hint() -> str:
    return install_hint(os.environ, sys.platform)


def require_soffice() -> str:
    path = soffice()
    if path is None:
        raise ToolMissing(missing_hint())
    return path


def environment() -> dict[str, str]:
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
            if hasattr(os, "killpg"):
                os.killpg(proc.pid, signal.SIGKILL)  # oosplash, soffice.bin and their children
            else:  # Windows: soffice.exe waits for soffice.bin, which ends with it
                proc.kill()


class Stopping(Exception):
    """The run is being stopped: no new process is started."""


def spawn(cmd: list[str], env: dict[str, str], pipes: bool = False,
          stderr: int | IO[bytes] = subprocess.DEVNULL,
          stopping: threading.Event | None = None) -> subprocess.Popen[bytes]:
    """Start a process in a session of its own, known to `kill_all`; with `pipes`, its
    stdin and stdout are ours to talk through. Once `stopping` is set, none starts:
    checked under the lock `kill_all` takes, so none slips in after it."""
    with _LOCK:
        if stopping is not None and stopping.is_set():
            raise Stopping
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if pipes else subprocess.DEVNULL,
                                stdout=subprocess.PIPE if pipes else subprocess.DEVNULL,
                                stderr=stderr, env=env, start_new_session=True)
        _LIVE.add(proc)
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill the process and all it started, and forget it."""
    _kill(proc)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)
    with _LOCK:
        _LIVE.discard(proc)


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
        url = profile_url(profile)
        cmd = [binary, f"-env:UserInstallation={url}", "--headless",
               "--norestore", "--convert-to", fmt, "--outdir", str(out_dir),
               *map(str, docs)]
        # LibreOffice's own temporary files go inside the profile folder, so that
        # nothing is left behind even when it has to be killed.
        scratch = Path(profile) / "tmp"
        scratch.mkdir()
        env = environment() | {"TMPDIR": str(scratch)}
        proc = spawn(cmd, env, stderr=subprocess.PIPE)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)  # soffice.bin and all it started
            proc.communicate()
            return say("libreoffice.timeout", seconds=timeout)
        finally:
            stop(proc)
            forget_pipes(url)
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
