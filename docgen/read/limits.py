"""Opening a workbook safely, before any parser sees it.

An .xlsx is a zip of XML files. Before calamine reads one, make sure it is what
it claims to be (a regular file; not an old .xls, not a password-protected file,
not a renamed .docx) and that it is not built to exhaust memory: limits on the
file, on what it unpacks to and on the compression ratio, each part's size as
actually decompressed (a zip header can lie), no DTD anywhere in the parts that
are read (entity declarations are how XML "billion laughs" bombs work, and Excel
never writes one), and no sheet whose extent would make a reader allocate a grid
of billions of cells.

Only the parts docgen uses are decompressed: the workbook, its relationships,
styles, shared strings and the sheets docgen knows. They are handed to calamine
as a new, small, uncompressed package; other sheets are known by name only.

The limits are module attributes so that tests can lower them.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docgen.messages import say
from docgen.report import Location, ValidationReport

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_RATIO = 100  # unpacked / packed size of one member …
RATIO_FROM_BYTES = 10 * 1024 * 1024  # … once it unpacks to more than this
MAX_ROWS = 200_000  # of a sheet docgen reads
MAX_COLUMNS = 200
MAX_CELLS = 3_000_000  # rows × columns of a sheet's used range

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DTD_TEXT = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
WORKBOOK = "xl/workbook.xml"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def has_dtd(data: bytes) -> bool:
    """A DTD or entity declaration anywhere in a part, in UTF-8 or UTF-16."""
    if _DTD.search(data):
        return True
    if b"\x00" in data[:64]:  # UTF-16, with or without a byte-order mark
        return any(_DTD_TEXT.search(data.decode(encoding, errors="ignore"))
                   for encoding in ("utf-16-le", "utf-16-be"))
    return False


@dataclass
class Package:
    """The workbook's parts docgen may read, decompressed and checked."""

    path: Path
    archive: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo]
    parts: dict[str, bytes] = field(default_factory=dict)
    read_bytes: int = 0

    def read(self, name: str, report: ValidationReport) -> bytes | None:
        """A part, decompressed within the limits; None (reported) when it breaks one."""
        if name in self.parts:
            return self.parts[name]
        info = self.members.get(name)
        where = Location(self.path.name)
        if info is None:
            return None
        if info.file_size > RATIO_FROM_BYTES and \
                info.file_size > MAX_RATIO * max(info.compress_size, 1):
            report.add("file.ratio", where, member=name, size=_mb(info.file_size))
            return None
        try:
            with self.archive.open(info) as stream:
                data = stream.read(info.file_size + 1)
        except zipfile.BadZipFile:  # the CRC of what the header promised does not match
            report.add("file.lying", where, member=name)
            return None
        except (OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
            report.add("file.damaged", where, detail=str(exc))
            return None
        if len(data) > info.file_size:
            report.add("file.lying", where, member=name)
            return None
        self.read_bytes += len(data)
        if self.read_bytes > MAX_UNPACKED_BYTES:
            report.add("file.too_large", where, detail=say(
                "read.unpacks_beyond", limit=_mb(MAX_UNPACKED_BYTES)))
            return None
        if has_dtd(data):
            report.add("file.dtd", where, member=name)
            return None
        self.parts[name] = data
        return data

    def repackaged(self, leave_out: set[str] | frozenset[str] = frozenset()) -> bytes:
        """The parts read so far, but those left out, as a package of their own,
        uncompressed."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
            for name, data in self.parts.items():
                if name not in leave_out:
                    z.writestr(name, data)
        return out.getvalue()

    def close(self) -> None:
        self.archive.close()


def _kind_of(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return say("read.pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return say("read.device")
    if stat.S_ISDIR(mode):
        return say("read.folder")
    return say("read.special")


def open_package(path: Path, report: ValidationReport) -> Package | None:
    """The workbook's package when it may be read; otherwise the reason is reported."""
    where = Location(path.name)
    try:
        info = path.stat()
    except OSError as exc:
        report.add("file.unreadable", where, detail=exc.strerror or str(exc))
        return None
    if (kind := _kind_of(info.st_mode)) is not None:
        report.add("file.not_regular", where, kind=kind)
        return None
    size = info.st_size
    if size == 0:
        report.add("file.empty", where)
        return None
    if size > MAX_FILE_BYTES:
        report.add("file.too_large", where, detail=say(
            "read.file_too_large", size=_mb(size), limit=_mb(MAX_FILE_BYTES)))
        return None
    try:
        with path.open("rb") as f:
            magic = f.read(8)
            if magic == _OLE:
                encrypted = _ENCRYPTED in f.read()
    except OSError as exc:
        report.add("file.unreadable", where, detail=exc.strerror or str(exc))
        return None
    if magic == _OLE:
        report.add("file.encrypted" if encrypted else "file.xls", where)
        return None
    if not magic.startswith(b"PK"):
        report.add("file.format", where, detail=say("read.not_xlsx"))
        return None
    try:
        archive = zipfile.ZipFile(path)
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        report.add("file.damaged", where, detail=str(exc))
        return None
    package = Package(path, archive, {m.filename: m for m in members})
    if len(members) > MAX_MEMBERS:
        report.add("file.too_large", where, detail=say(
            "read.too_many_parts", parts=len(members), limit=MAX_MEMBERS))
    elif (unpacked := sum(m.file_size for m in members)) > MAX_UNPACKED_BYTES:
        report.add("file.too_large", where, detail=say(
            "read.unpacks_to", size=_mb(unpacked), limit=_mb(MAX_UNPACKED_BYTES)))
    elif WORKBOOK not in package.members:
        report.add("file.format", where, detail=say("read.no_sheets"))
    else:
        return package
    package.close()
    return None


def docx_refusal(path: Path) -> str | None:
    """Why a .docx (a plan to check, a template) is not opened, or None: the same
    limits as a workbook's — size, parts, what they unpack to, the ratio of each —
    and a clear word for an encrypted file or an old .doc."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            magic = f.read(8)
            encrypted = magic == _OLE and _ENCRYPTED in f.read()
    except OSError as exc:
        return exc.strerror or str(exc)
    if size > MAX_FILE_BYTES:
        return say("read.file_too_large", size=_mb(size), limit=_mb(MAX_FILE_BYTES))
    if magic == _OLE:
        return say("read.docx_encrypted" if encrypted else "read.docx_is_doc")
    if not magic.startswith(b"PK"):
        return None  # python-docx says what it is not
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    if len(members) > MAX_MEMBERS:
        return say("read.too_many_parts", parts=len(members), limit=MAX_MEMBERS)
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        return say("read.unpacks_to", size=_mb(unpacked), limit=_mb(MAX_UNPACKED_BYTES))
    for m in members:
        if m.file_size > RATIO_FROM_BYTES and m.file_size > MAX_RATIO * max(1, m.compress_size):
            return say("read.unpacks_to", size=_mb(m.file_size), limit=_mb(RATIO_FROM_BYTES))
    return None
