"""INPUTS on the command line: one .xlsx, a folder of them (one unit), or a folder
of sub-folders (a batch, one unit each)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.errors import InputsNotFound, UsageError
from docgen.messages import say


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
        raise InputsNotFound(say("usage.inputs_not_found", path=path))
    if path.is_file():
        if path.suffix.lower() not in (".xlsx", ".xlsm", ".xls"):
            raise UsageError(say("usage.inputs_not_xlsx", path=path))
        return [InputUnit(path.stem, path.parent, (path,), single_file=True)], False
    if not path.is_dir():  # /dev/null, a named pipe, a socket
        raise UsageError(say("usage.inputs_neither", path=path))
    try:
        books = _workbooks(path)
        subdirs = sorted(p for p in path.iterdir() if p.is_dir() and _visible(p)
                         and _workbooks(p))
    except OSError as exc:
        raise UsageError(say("usage.inputs_unreadable", path=path,
                             reason=exc.strerror or exc)) from exc
    if books and subdirs:
        raise UsageError(say("usage.inputs_mixed", path=path))
    if books:
        return [InputUnit(path.name, path, tuple(books))], False
    if subdirs:
        return [InputUnit(d.name, d, tuple(_workbooks(d))) for d in subdirs], True
    raise InputsNotFound(say("usage.inputs_empty", path=path))
