"""Compiled templates kept on disk between runs, as Python keeps its .pyc files.

Compiling a Word template (docxtpl's tag patching, Jinja's parse and code
generation) takes a quarter to half a second in every run and every batch worker;
loading what an earlier run kept takes a few hundredths. An entry is keyed by the
template's bytes and by everything that compiles them: docgen's render and wordml
code, Jinja, docxtpl, python-docx and Python itself. A change to any of them is a
new key, so an entry is never stale. A missing or damaged entry is compiled again,
and a folder that cannot be written costs only the time.

The folder: DOCGEN_CACHE when set ("off" keeps nothing), else the user's own cache
folder (%LOCALAPPDATA%\\docgen on Windows, $XDG_CACHE_HOME/docgen or ~/.cache/docgen
elsewhere). Entries are pickles, trusted as the user's own files are (as Python
trusts __pycache__): nothing an input workbook says ever names a path in it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import docx
import docxtpl
import jinja2

CACHE_VAR = "DOCGEN_CACHE"
OFF = ("off", "0", "no", "false")
KEEP = 32  # entries of one kind
_SOURCES = ("render", "wordml")  # docgen's folders whose code compiles templates


def folder() -> Path | None:
    """Where entries are kept; None when DOCGEN_CACHE is "off"."""
    chosen = os.environ.get(CACHE_VAR, "").strip()
    if chosen.lower() in OFF:
        return None
    if chosen:
        return Path(chosen)
    if sys.platform == "win32" and (local := os.environ.get("LOCALAPPDATA")):
        return Path(local) / "docgen" / "cache"
    if base := os.environ.get("XDG_CACHE_HOME"):
        return Path(base) / "docgen"
    try:
        return Path.home() / ".cache" / "docgen"
    except RuntimeError:  # no home folder to be found: nothing kept
        return None


@lru_cache(maxsize=1)
def _fingerprint() -> bytes:
    """The code that compiles templates: its versions and docgen's own source."""
    digest = hashlib.sha256(sys.version.encode())
    compilers: tuple[ModuleType, ...] = (jinja2, docxtpl, docx)
    for module in compilers:
        digest.update(f"{module.__name__} {getattr(module, '__version__', '')}".encode())
    package = Path(__file__).resolve().parent.parent
    for source in _SOURCES:
        for path in sorted((package / source).glob("*.py")):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.digest()


def _entry(kind: str, content: bytes) -> Path | None:
    where = folder()
    if where is None:
        return None
    key = hashlib.sha256(_fingerprint() + kind.encode() + content).hexdigest()
    return where / kind / f"{key}.pickle"


def load(kind: str, content: bytes) -> object | None:
    """What an earlier run kept for `content`, or None."""
    entry = _entry(kind, content)
    if entry is None:
        return None
    try:
        kept: object = pickle.loads(entry.read_bytes())
    except Exception:  # missing, unreadable or damaged: compiled again, and kept anew
        return None
    return kept


def save(kind: str, content: bytes, value: object) -> None:
    """Keep `value` for the next run: written whole or not at all (a batch's workers
    may save the same entry at once)."""
    entry = _entry(kind, content)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
    except OSError:  # a read-only folder: the next run compiles again
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, entry)
    except OSError:  # a full disk
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    _prune(entry.parent)


def _prune(where: Path) -> None:
    """Keep the newest KEEP entries: each edit of a template makes a new one (about
    half a megabyte), and the old ones would otherwise pile up."""
    with contextlib.suppress(OSError):
        entries = sorted(where.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
