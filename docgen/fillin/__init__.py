"""`docgen init`: the blank fill-in workbook an administrator starts from."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docgen.errors import UsageError
from docgen.export import write_atomic
from docgen.fillin.workbook import GUIDE, fillin_bytes, fillin_workbook
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
        raise UsageError(f"{folder} 不是文件夹：docgen init 的参数是要写入填写模板的文件夹")
    path = folder / FILE_NAME
    if path.exists() and not force and holds_data(path):
        raise UsageError(f"{path} 已有填写的内容，未覆盖：请换一个文件夹，"
                         "或确认不再需要后加 --force 覆盖")
    write_atomic(path, fillin_bytes(load_schema(), places, required, pack, industry))
    return path


__all__ = ["FILE_NAME", "GUIDE", "fillin_workbook", "holds_data", "write_fillin"]
