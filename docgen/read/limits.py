"""Checks made before a workbook is opened.

An .xlsx is a zip of XML files. Before calamine reads one, make sure it is what
it claims to be (not an old .xls, not a password-protected file, not a renamed
.docx) and that it is not built to exhaust memory: a limit on the file, on what
it unpacks to, on the compression ratio, and no DTD (Excel never writes one;
entity declarations are how XML "billion laughs" bombs work).

The limits are module attributes so tests can lower them.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docgen.report import Location, ValidationReport

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_RATIO = 100  # unpacked / packed size of one member …
RATIO_FROM_BYTES = 10 * 1024 * 1024  # … once it unpacks to more than this

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_PROLOGUE_BYTES = 4096  # a DTD stands before the root element


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def _ole_kind(path: Path) -> str:
    """An OLE compound file is an Excel 97-2003 workbook or an encrypted .xlsx."""
    return "encrypted" if _ENCRYPTED in path.read_bytes() else "xls"


def check_file(path: Path, report: ValidationReport) -> bool:
    """True when the file may be handed to calamine; otherwise the reason is reported."""
    where = Location(path.name)
    size = path.stat().st_size
    if size == 0:
        report.error("file.empty", "文件是空的（0 字节），不是 Excel 工作簿", where)
        return False
    if size > MAX_FILE_BYTES:
        report.error("file.too_large", f"文件太大（{_mb(size)}），上限为 {_mb(MAX_FILE_BYTES)}："
                     "请删除工作簿中不需要的图片和工作表后另存", where)
        return False
    with path.open("rb") as f:
        magic = f.read(8)
    if magic == _OLE:
        if _ole_kind(path) == "encrypted":
            report.error("file.encrypted", "文件设置了打开密码，无法读取：请在 Excel 中"
                         "“文件 › 信息 › 保护工作簿 › 用密码进行加密”清除密码后保存", where)
        else:
            report.error("file.xls", "这是旧版 Excel 97-2003 (.xls) 格式的文件：请在 Excel 中"
                         "“另存为” Excel 工作簿 (.xlsx) 后再生成", where)
        return False
    if not magic.startswith(b"PK"):
        report.error("file.format", "不是 Excel 工作簿 (.xlsx)：文件内容无法识别"
                     "（是否只改了扩展名？请在 Excel 中另存为 .xlsx）", where)
        return False
    try:
        with zipfile.ZipFile(path) as z:
            return _check_members(z, report, where)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        report.error("file.damaged", f"文件已损坏，无法解压（{exc}）：请在 Excel 中打开后另存",
                     where)
        return False


def _check_members(z: zipfile.ZipFile, report: ValidationReport, where: Location) -> bool:
    members = z.infolist()
    if len(members) > MAX_MEMBERS:
        report.error("file.too_large", f"文件内含 {len(members)} 个部件，超过上限 {MAX_MEMBERS}，"
                     "不像是正常的 Excel 工作簿", where)
        return False
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        report.error("file.too_large", f"工作簿解压后有 {_mb(unpacked)}，超过上限 "
                     f"{_mb(MAX_UNPACKED_BYTES)}：请删除不需要的内容，或拆分为几个工作簿", where)
        return False
    for m in members:
        if m.file_size > RATIO_FROM_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            report.error("file.ratio", f"文件中的“{m.filename}”压缩比异常（解压后 "
                         f"{_mb(m.file_size)}），出于安全原因拒绝读取", where)
            return False
    if "xl/workbook.xml" not in z.namelist():
        report.error("file.format", "不是 Excel 工作簿：文件中没有工作表"
                     "（是否把 Word 等其他文件改成了 .xlsx？）", where)
        return False
    for m in members:
        if m.filename.endswith((".xml", ".rels", ".vml")):
            with z.open(m) as f:
                head = f.read(_PROLOGUE_BYTES)
            if _DTD.search(head):
                report.error("file.dtd", f"文件中的“{m.filename}”含有 DTD 或实体声明，"
                             "Excel 不会写出这样的内容；出于安全原因拒绝读取", where)
                return False
    return True
