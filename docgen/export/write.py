"""Writing files the way a careful tool should.

- Atomic: a temporary file beside the target, then a rename, so a reader never
  sees half a document and a failed run leaves the old file in place. A unit's
  documents are staged together and renamed together.
- Deterministic: the .docx zip has fixed timestamps, a fixed entry order and a
  fixed compression level, so equal content gives equal bytes.
- Streaming: a part's content may be an iterable of chunks (the main document of
  a large plan), written into the zip as it comes. Each chunk is compressed in a
  second thread while the next is made (zlib lets go of the interpreter while it
  deflates): a 10,000-risk plan's 30 MB of XML is made and compressed side by side.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO

from docgen.messages import say

_UNSAFE = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')
# Bidirectional controls would make a name read differently from its bytes.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_DEVICE = re.compile(r"(?i)CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|(?:COM|LPT)[0-9¹²³]")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
LEVEL = 6  # zlib's default: fast enough, and the level is part of reproducibility
MAX_NAME_BYTES = 255  # what Linux, macOS and Windows file systems allow in one name
TEMP_PREFIX = ".~docgen-"


def safe_filename(name: str, suffix: str = "") -> str:
    """预案编号/名称 may hold / or .. or be very long: a plain file name of at most
    255 bytes with its suffix, shortened in the middle (`…`) so both ends stay
    recognisable."""
    name = unicodedata.normalize("NFC", name)
    name = _BIDI.sub("", _UNSAFE.sub("_", name)).replace("..", "_")
    # Windows drops a name's trailing dots and spaces (甲单位. becomes 甲单位, which
    # may be another unit's folder) and refuses device names (CON, COM1.docx).
    name = name.strip().lstrip(".").rstrip(". ") or "预案"
    if _DEVICE.fullmatch(name.split(".")[0].rstrip(" ")):
        name = "_" + name
    room = MAX_NAME_BYTES - len(suffix.encode("utf-8")) - len(TEMP_PREFIX) - 12
    if len(name.encode("utf-8")) > room:
        head, tail = name[:-12], name[-12:]
        while head and len((head + "…" + tail).encode("utf-8")) > room:
            head = head[:-1]
        name = head + "…" + tail
    return name + suffix


_ERRNO = {"ENOSPC": "output.no_space", "EDQUOT": "output.quota", "EACCES": "output.denied",
          "EPERM": "output.denied", "EROFS": "output.read_only",
          "EISDIR": "output.is_folder", "ENOTDIR": "output.not_folder",
          "ENAMETOOLONG": "output.name_too_long", "EEXIST": "output.exists"}


def describe(exc: OSError) -> str:
    """Why a write failed, in the user's words (the system's words after them)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    reason = say(_ERRNO[name]) if name in _ERRNO else None
    detail = exc.strerror or str(exc)
    if exc.filename:
        detail = f"{exc.filename}：{detail}"
    return f"{reason}（{detail}）" if reason else detail


def file_in_the_way(path: Path) -> Path | None:
    """The nearest existing ancestor of a path to be created, when it is a file
    (output/plan.docx/x): the folder cannot be made, and the system's own word for it,
    "Not a directory" or "File exists", names neither the path nor the cause."""
    ancestor = path.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    return None if ancestor.is_dir() else ancestor


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temp_beside(path: Path) -> tuple[int, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=path.parent)


def _publish(temp: str, path: Path) -> None:
    # mkstemp makes the file private (0600); give it the mode any new file gets.
    os.chmod(temp, 0o666 & ~_umask())
    os.replace(temp, path)


def zip_entries(f: str | Path | IO[bytes],
                entries: Iterable[tuple[str, bytes | Iterable[bytes]]]) -> None:
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            # read by ZipFile.open(info, "w"); private, so typeshed does not declare it
            info._compresslevel = LEVEL  # type: ignore[attr-defined]
            info.external_attr = 0o644 << 16
            if isinstance(content, bytes | bytearray):
                target.writestr(info, content, compresslevel=LEVEL)
                continue
            with target.open(info, "w") as stream:
                _write_alongside(stream, content)


def _write_alongside(stream: IO[bytes], chunks: Iterable[bytes]) -> None:
    """Write the chunks in order, each while the next is being made; one write at a
    time, so the zip entry sees them as a plain loop would write them."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="docgen-zip") as writer:
        pending: Future[int] | None = None
        for chunk in chunks:
            if pending is not None:
                pending.result()  # raises what the write raised
            pending = writer.submit(stream.write, chunk)
        if pending is not None:
            pending.result()


class Staging:
    """Files written beside their targets under temporary names, published together."""

    def __init__(self) -> None:
        self.pending: list[tuple[str, Path]] = []

    def write_package(self, path: Path,
                      entries: Iterable[tuple[str, bytes | Iterable[bytes]]]) -> None:
        fd, temp = _temp_beside(path)
        self.pending.append((temp, path))
        with os.fdopen(fd, "wb") as f:
            zip_entries(f, entries)
            f.flush()
            os.fsync(f.fileno())

    def write_bytes(self, path: Path, data: bytes) -> None:
        fd, temp = _temp_beside(path)
        self.pending.append((temp, path))
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())

    def commit(self) -> list[Path]:
        for temp, path in self.pending:
            _publish(temp, path)
        done = [path for _, path in self.pending]
        self.pending = []
        return done

    def discard(self) -> None:
        for temp, _ in self.pending:
            Path(temp).unlink(missing_ok=True)
        self.pending = []


def write_atomic(path: Path, data: bytes) -> None:
    staging = Staging()
    try:
        staging.write_bytes(path, data)
        staging.commit()
    except BaseException:
        staging.discard()
        raise


def write_package_file(path: Path,
                       entries: Iterable[tuple[str, bytes | Iterable[bytes]]]) -> None:
    """A package straight to a file (a scratch copy, not a result: no rename)."""
    with path.open("wb") as f:
        zip_entries(f, entries)


def patched_entries(source: Path, member: str, span: tuple[int, int],
                    replacement: bytes) -> list[tuple[str, bytes | Iterable[bytes]]]:
    """The entries of a package with bytes [start, end) of one member replaced,
    the member streamed rather than read whole (the 目录 of a large plan)."""
    archive = zipfile.ZipFile(source)

    def patched() -> Iterable[bytes]:
        start, end = span
        position = 0
        with archive.open(member) as stream:
            while chunk := stream.read(1 << 20):
                lo, hi = position, position + len(chunk)
                if hi <= start or lo >= end:
                    yield chunk
                else:
                    if lo < start:
                        yield chunk[:start - lo]
                    if lo <= start < hi:
                        yield replacement
                    if hi > end:
                        yield chunk[max(end - lo, 0):]
                position = hi

    return [(info.filename, patched() if info.filename == member else archive.read(info))
            for info in archive.infolist()]


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and order (templates, PDFs' neighbours)."""
    import io

    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    ordered = first + sorted(n for n in names if n not in first)
    out = io.BytesIO()
    zip_entries(out, [(name, source.read(name)) for name in ordered])
    return out.getvalue()
