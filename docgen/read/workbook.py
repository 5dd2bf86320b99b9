"""Read the sheets of a unit's workbooks with python-calamine.

calamine is Excel's fastest reader for Python and gives merged-cell ranges; it
returns numbers as floats and dates as date objects, which the validate stage
turns into typed values. Here a value is only located, never interpreted: the
reader finds the sheets docgen knows (by name, in any of the unit's files) and
reads them; other sheets are listed by name only. Which copy of a sheet is used
when two files hold it is decided by the validate stage.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from python_calamine import CalamineWorkbook, SheetTypeEnum

from docgen.read.formulas import MissingValue, missing_values
from docgen.read.inputs import InputUnit
from docgen.read.limits import check_file
from docgen.report import Issue, Location, Severity, ValidationReport
from docgen.schema import load_schema, normalize_name


@dataclass
class RawRow:
    file: str
    sheet: str
    row: int  # Excel's row number
    values: dict[str, Any]  # normalized header -> raw cell value (never "")
    headers: dict[str, str]  # normalized header -> header as typed
    # Normalized headers whose cell holds no usable value (a formula without a
    # result, an error value): already explained, never "left empty".
    unreadable: frozenset[str] = frozenset()

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
    # Cells without a usable value; the validate stage reports them for the
    # sheets it uses (a helper sheet of the administrator's own may hold any).
    problems: list[Issue] = field(default_factory=list)

    def where(self, column: str | None = None, row: int | None = None) -> Location:
        return Location(self.file, self.name, row, self.headers.get(column, column)
                        if column else None)


@dataclass
class SheetSet:
    """The sheets of one unit that docgen knows, found by normalized name across its
    files (every copy, in file order); the names of the others."""

    unit: InputUnit
    found: dict[str, list[RawSheet]] = field(default_factory=dict)
    others: list[tuple[str, str]] = field(default_factory=list)  # (file, sheet name)
    unreadable: list[Path] = field(default_factory=list)  # files that could not be opened

    def copies(self, name: str) -> list[RawSheet]:
        return self.found.get(normalize_name(name), [])


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


def _filled(row: list[Any]) -> list[Any]:
    return [v for v in row if not _empty(v)]


def _header_index(grid: list[list[Any]]) -> int | None:
    """The first non-empty row, or the one after it when that row is only a title
    (one text, often merged across the columns, above a header of several)."""
    filled = [i for i, row in enumerate(grid) if _filled(row)]
    if not filled:
        return None
    first = filled[0]
    if len(filled) > 1 and len({str(v).strip() for v in _filled(grid[first])}) == 1 \
            and len(_filled(grid[filled[1]])) > 1:
        return filled[1]
    return first


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _problem(cell: MissingValue, where: Location) -> Issue:
    if cell.error:
        return Issue(Severity.ERROR, "cell.error",
                     f"公式的计算结果是错误值“{cell.error}”（单元格 {cell.ref}）："
                     "请修正公式，或直接填写数值", where)
    return Issue(Severity.ERROR, "cell.formula",
                 f"单元格 {cell.ref} 是没有保存计算结果的公式，读不到它的值："
                 "请用 Excel 打开并保存该文件，或把公式改为直接填写的值", where)


def read_sheet(path: Path, book: CalamineWorkbook, name: str,
               missing: list[MissingValue] = ()) -> RawSheet | None:
    """The sheet's header and data rows. What is wrong with its cells is kept in
    `problems`, reported by the validate stage for the sheets it uses."""
    sheet = book.get_sheet_by_name(name)
    grid = sheet.to_python(skip_empty_area=False)
    _fill_merged(grid, sheet.merged_cell_ranges)
    header_index = _header_index(grid)
    if header_index is None:
        if not missing:
            return None
        header_index = len(grid)  # nothing readable: every missing value is a problem
    headers: dict[str, str] = {}
    columns: list[tuple[int, str]] = []
    duplicates: list[Issue] = []
    where = Location(path.name, name, header_index + 1)
    for c, cell in enumerate(grid[header_index] if header_index < len(grid) else []):
        if _empty(cell):
            continue
        typed = str(cell).strip()
        key = normalize_name(typed)
        if key in headers:
            duplicates.append(Issue(Severity.ERROR, "header.duplicate",
                                    f"列名“{typed}”出现了两次，无法确定使用哪一列",
                                    where.at(typed)))
            continue
        headers[key] = typed
        columns.append((c, key))
    raw = RawSheet(name, path.name, path, header_index + 1, headers, problems=duplicates)
    key_of = dict(columns)
    unreadable: dict[int, set[str]] = {}
    for cell in missing:
        key = key_of.get(cell.column)
        column = headers[key] if key else f"{_column_letters(cell.column)}列"
        raw.problems.append(_problem(cell, Location(path.name, name, cell.row, column)))
        if key:
            unreadable.setdefault(cell.row, set()).add(key)
    for i in range(header_index + 1, len(grid)):
        cells = grid[i]
        values = {key: cells[c] for c, key in columns if c < len(cells) and not _empty(cells[c])}
        if values:  # blank and whitespace-only rows are skipped
            raw.rows.append(RawRow(path.name, name, i + 1, values, headers,
                                   frozenset(unreadable.get(i + 1, ()))))
    return raw


def open_workbook(path: Path, data: bytes, report: ValidationReport) -> CalamineWorkbook | None:
    """calamine's view of the file's bytes (read once, after limits.check_file)."""
    try:
        # From the bytes rather than the path: calamine picks its reader by the
        # extension, and an .xlsx renamed to .xls is still an .xlsx.
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several types for damaged files
        report.error("file.unreadable", f"无法读取该工作簿（文件可能已损坏）：{exc}",
                     Location(path.name))
        return None


def _missing_values(path: Path, data: bytes,
                    report: ValidationReport) -> dict[str, list[MissingValue]]:
    try:
        return missing_values(data)
    except (etree.XMLSyntaxError, KeyError, ValueError) as exc:
        report.error("file.unreadable", f"无法读取该工作簿的工作表（文件可能已损坏）：{exc}",
                     Location(path.name))
        return {}


def read_unit(unit: InputUnit, report: ValidationReport) -> SheetSet:
    known = {rule.key for rule in load_schema().sheets.values()}
    found = SheetSet(unit)
    for path in unit.files:
        book = None
        if check_file(path, report):
            data = path.read_bytes()
            book = open_workbook(path, data, report)
        if book is None:
            found.unreadable.append(path)
            continue
        missing = _missing_values(path, data, report)
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            key = normalize_name(meta.name)
            if key not in known:
                found.others.append((path.name, meta.name))
                continue
            sheet = read_sheet(path, book, meta.name, missing.get(meta.name, []))
            if sheet is not None:
                found.found.setdefault(key, []).append(sheet)
    return found
