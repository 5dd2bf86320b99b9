"""INPUTS on the command line: one .xlsx, a folder of them (one unit), or a folder
of sub-folders (a batch, one unit each)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.errors import InputsNotFound, UsageError


@dataclass(frozen=True)
class InputUnit:
    name: str  # the unit's folder or file stem; names the batch output folder
    folder: Path  # where relative paths (图纸) are resolved and never written to
    files: tuple[Path, ...]
    # INPUTS named this one .xlsx: its folder is where it lies, not an inputs folder
    # of docgen's, so only that folder itself (not its sub-folders) is kept from output.
    single_file: bool = False


def _visible(path: Path) -> bool:
    # Excel leaves "~$name.xlsx" lock files beside open workbooks.
    return not path.name.startswith(("~$", "."))


def _workbooks(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and _visible(p)
                  and p.suffix.lower() in (".xlsx", ".xlsm", ".xls"))


def discover_units(path: Path) -> tuple[list[InputUnit], bool]:
    """Return the units to build and whether INPUTS is a batch."""
    if not path.exists():
        raise InputsNotFound(f"找不到输入：{path}")
    if path.is_file():
        if path.suffix.lower() not in (".xlsx", ".xlsm", ".xls"):
            raise UsageError(f"输入应为 .xlsx 文件或文件夹：{path}")
        return [InputUnit(path.stem, path.parent, (path,), single_file=True)], False
    if not path.is_dir():  # /dev/null, a named pipe, a socket
        raise UsageError(f"输入应为 .xlsx 文件或文件夹，{path} 两者都不是")
    try:
        books = _workbooks(path)
        subdirs = sorted(p for p in path.iterdir() if p.is_dir() and _visible(p)
                         and _workbooks(p))
    except OSError as exc:
        raise UsageError(f"无法读取输入文件夹 {path}：{exc.strerror or exc}") from exc
    if books and subdirs:
        raise UsageError(
            f"{path} 中既有工作簿又有子文件夹：一个单位的工作簿放在同一文件夹，"
            "批量生成时每个单位一个子文件夹，二者不能混放"
        )
    if books:
        return [InputUnit(path.name, path, tuple(books))], False
    if subdirs:
        return [InputUnit(d.name, d, tuple(_workbooks(d))) for d in subdirs], True
    raise InputsNotFound(f"{path} 中没有 .xlsx 工作簿")
