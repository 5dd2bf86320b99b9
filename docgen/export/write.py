"""Writing files the way a careful tool should.

- Atomic: a temporary file beside the target, then a rename, so a reader never
  sees half a document and a failed run leaves the old file in place.
- Deterministic: the .docx zip has fixed timestamps and a fixed entry order.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

from docx.document import Document

_UNSAFE = re.compile(r'[/\\:*?"<>|\x00-\x1f]')
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# Word expects [Content_Types].xml first; the rest follow in a stable order.
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def safe_filename(name: str) -> str:
    """预案编号/名称 may hold / or .. : make them a plain file name."""
    name = _UNSAFE.sub("_", name)
    name = name.replace("..", "_")
    name = name.strip().lstrip(".").strip()
    return name or "预案"


def document_bytes(document: Document) -> bytes:
    raw = io.BytesIO()
    document.save(raw)
    return normalize_zip(raw.getvalue())


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and order, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    ordered = [n for n in _FIRST if n in names] + sorted(n for n in names if n not in _FIRST)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".~docgen-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600); give it the mode any new file gets.
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
