"""`docgen init`: the blank fill-in workbook an administrator starts from."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docgen.errors import UsageError
from docgen.export import write_atomic
from docgen.export.write import file_in_the_way
from docgen.fillin.workbook import GUIDE, fillin_bytes, fillin_workbook
from docgen.messages import say
from docgen.packs import Pack
from docgen.read import InputUnit, read_unit
from docgen.report import ValidationReport
from docgen.schema import load_schema
from docgen.validate.sheets import has_data

FILE_NAME = "填写模板.xlsx"


def holds_data(path: Path) -> bool:
    """Whether a workbook has been filled in (or is not ours): then it is never overwritten."""
    report = ValidationReport()
    sheets = read_unit(InputUnit(path.stem, path.parent, (path,)), report)
    schema = load_schema()
    return bool(report.errors) or any(
        has_data(s, schema.by_key(key)) for key, copies in sheets.found.items() for s in copies
    ) or any(name != GUIDE for _, name, _ in sheets.others)  # not ours: never overwritten


def write_fillin(folder: Path, places: Sequence[str] = (), force: bool = False,
                 required: Sequence[str] = (), pack: Pack | None = None,
                 industry: str = "") -> Path:
    """Write folder/填写模板.xlsx. A blank one already there is replaced; one that
    holds data is kept unless force is given. `industry` is filled in as 所属行业."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(say("usage.init_not_folder", folder=folder))
    if not folder.exists() and (blocking := file_in_the_way(folder)):
        raise UsageError(say("usage.under_file", path=folder, file=blocking))
    path = folder / FILE_NAME
    if path.exists() and not force and holds_data(path):
        raise UsageError(say("usage.init_filled", path=path))
    write_atomic(path, fillin_bytes(load_schema(), places, required, pack, industry))
    return path


__all__ = ["FILE_NAME", "GUIDE", "fillin_workbook", "holds_data", "write_fillin"]
