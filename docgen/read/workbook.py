"""Read the sheets of a unit's workbooks with python-calamine.

calamine is Excel's fastest reader for Python and gives merged-cell ranges; it
returns numbers as floats and dates as date objects, which the validate stage
turns into typed values. Here a value is only located, never interpreted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook, SheetTypeEnum

from docgen.read.inputs import InputUnit
from docgen.report import Location, ValidationReport

_SPACES = re.compile(r"\s+")


def normalize_name(name: Any) -> str:
    """Match sheet names and headers the way a person reads them: ignoring
    surrounding and inner spaces, a trailing * (required mark) and
    full-width/half-width differences."""
    text = unicodedata.normalize("NFKC", str(name))
    text = _SPACES.sub("", text)
    return text.rstrip("*").strip()


@dataclass
class RawRow:
    file: str
    sheet: str
    row: int  # Excel's row number
    values: dict[str, Any]  # normalized header -> raw cell value (never "")
    headers: dict[str, str]  # normalized header -> header as typed

    def where(self, key: str | None = None) -> Location:
        column = self.headers.get(key, key) if key else None
        return Location(self.file, self.sheet, self.row, column)


@dataclass
class RawSheet:
    name: str  # as typed
    file: str
    path: Path
    header_row: int
    headers: dict[str, str]  # normalized -> as typed, in column order
    rows: list[RawRow] = field(default_factory=list)

    def where(self, column: str | None = None, row: int | None = None) -> Location:
        return Location(self.file, self.name, row, self.headers.get(column, column)
                        if column else None)


@dataclass
class SheetSet:
    """The sheets of one unit, found by normalized name across its files."""

    unit: InputUnit
    sheets: dict[str, RawSheet] = field(default_factory=dict)

    def get(self, name: str) -> RawSheet | None:
        return self.sheets.get(normalize_name(name))


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _fill_merged(grid: list[list[Any]], merged: list) -> None:
    # Every cell of a merged range takes the top-left value, as the reader sees it.
    for (r0, c0), (r1, c1) in merged or []:
        if r0 >= len(grid):
            continue
        top_left = grid[r0][c0] if c0 < len(grid[r0]) else ""
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
                grid[r][c] = top_left


def read_sheet(path: Path, book: CalamineWorkbook, name: str,
               report: ValidationReport) -> RawSheet | None:
    sheet = book.get_sheet_by_name(name)
    grid = sheet.to_python(skip_empty_area=False)
    _fill_merged(grid, sheet.merged_cell_ranges)
    header_index = next((i for i, r in enumerate(grid) if any(not _empty(v) for v in r)), None)
    if header_index is None:
        return None
    headers: dict[str, str] = {}
    columns: list[tuple[int, str]] = []
    where = Location(path.name, name, header_index + 1)
    for c, cell in enumerate(grid[header_index]):
        if _empty(cell):
            continue
        typed = str(cell).strip()
        key = normalize_name(typed)
        if key in headers:
            report.error("header.duplicate",
                         f"列名“{typed}”出现了两次，无法确定使用哪一列", where.at(typed))
            continue
        headers[key] = typed
        columns.append((c, key))
    raw = RawSheet(name, path.name, path, header_index + 1, headers)
    for i in range(header_index + 1, len(grid)):
        cells = grid[i]
        values = {key: cells[c] for c, key in columns if c < len(cells) and not _empty(cells[c])}
        if values:  # blank and whitespace-only rows are skipped
            raw.rows.append(RawRow(path.name, name, i + 1, values, headers))
    return raw


def open_workbook(path: Path, report: ValidationReport) -> CalamineWorkbook | None:
    where = Location(path.name)
    with path.open("rb") as f:
        magic = f.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        # An OLE container: an Excel 97-2003 .xls, or an .xlsx encrypted with a password.
        if path.suffix.lower() == ".xls":
            report.error("file.xls", "这是旧版 Excel 97-2003 (.xls) 文件：请在 Excel 中"
                         "“另存为” Excel 工作簿 (.xlsx) 后再生成", where)
        else:
            report.error("file.encrypted", "文件设置了打开密码，无法读取：请在 Excel 中"
                         "“文件 › 信息 › 保护工作簿”取消密码后另存", where)
        return None
    if not magic.startswith(b"PK"):
        report.error("file.format", "不是有效的 Excel 工作簿 (.xlsx)", where)
        return None
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types for damaged files
        report.error("file.unreadable", f"无法读取该工作簿（文件可能已损坏）：{exc}", where)
        return None


def read_unit(unit: InputUnit, report: ValidationReport) -> SheetSet:
    found = SheetSet(unit)
    for path in unit.files:
        book = open_workbook(path, report)
        if book is None:
            continue
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            sheet = read_sheet(path, book, meta.name, report)
            if sheet is None:
                continue
            key = normalize_name(meta.name)
            other = found.sheets.get(key)
            if other is None or (other.rows == [] and sheet.rows):
                found.sheets[key] = sheet
            elif sheet.rows and other.rows:
                report.error(
                    "sheet.twice",
                    f"工作表“{sheet.name}”在 {other.file} 和 {sheet.file} 中都有数据，"
                    "请只保留一份",
                    Location(sheet.file, sheet.name),
                )
    return found
