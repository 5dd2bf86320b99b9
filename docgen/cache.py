"""What docgen keeps on disk between runs, as Python keeps its .pyc files.

Some work depends only on bytes that can name it: a Word template compiled
(docgen.render.cache), a data file parsed (docgen.datafile). Each is kept under a key
made of those bytes and of everything that turns them into the value, so an entry is
never stale: a change to any of them is a new key. A missing or damaged entry is made
again, and a folder that cannot be written costs only the time.

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
from pathlib import Path

CACHE_VAR = "DOCGEN_CACHE"
OFF = ("off", "0", "no", "false")
KEEP = 32  # entries of one kind, unless the kind says otherwise


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


def entry(kind: str, key: bytes) -> Path | None:
    """The file that keeps the value of `key` (all that determines it)."""
    where = folder()
    if where is None:
        return None
    return where / kind / f"{hashlib.sha256(kind.encode() + key).hexdigest()}.pickle"


def load(kind: str, key: bytes) -> object | None:
    """What an earlier run kept for `key`, or None."""
    path = entry(kind, key)
    if path is None:
        return None
    try:
        kept: object = pickle.loads(path.read_bytes())
    except Exception:  # missing, unreadable or damaged: made again, and kept anew
        return None
    return kept


def save(kind: str, key: bytes, value: object, keep: int | None = None) -> None:
    """Keep `value` for the next run, and the newest `keep` entries of its kind:
    written whole or not at all (a batch's workers may save the same entry at once)."""
    path = entry(kind, key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:  # a read-only folder: the next run makes it again
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
    except OSError:  # a full disk
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    _prune(path.parent, KEEP if keep is None else keep)


def _prune(where: Path, keep: int) -> None:
    """Keep the newest `keep` entries: each edit of a template makes a new one (about
    half a megabyte), and the old ones would otherwise pile up."""
    with contextlib.suppress(OSError):
        entries = sorted(where.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-keep]:
            old.unlink(missing_ok=True)
