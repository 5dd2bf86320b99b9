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
from python_calamine import CalamineWorkbook

from docgen.messages import say
from docgen.read import limits
from docgen.read.inputs import InputUnit
from docgen.read.limits import WORKBOOK, Package, open_package
from docgen.read.sheetxml import (
    MissingValue,
    SheetScan,
    TooLarge,
    column_letters,
    read_formats,
    read_workbook,
    scan_sheet,
    with_true_extent,
)
from docgen.report import Issue, Location, ValidationReport, issue
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
    # Normalized header -> the text Excel shows for a number under its cell's format.
    shown: dict[str, str] = field(default_factory=dict)

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
    # Cells without a usable value, numbers Excel cut short; the validate stage
    # reports them for the copy of the sheet it uses.
    problems: list[Issue] = field(default_factory=list)
    state: str = "visible"  # or hidden, veryHidden (Excel's own words)
    hidden_rows: list[int] = field(default_factory=list)  # hidden rows that hold data

    def where(self, column: str | None = None, row: int | None = None) -> Location:
        return Location(self.file, self.name, row, self.headers.get(column, column)
                        if column else None)


@dataclass
class SheetSet:
    """The sheets of one unit that docgen knows, found by normalized name across its
    files (every copy, in file order); the names of the others."""

    unit: InputUnit
    found: dict[str, list[RawSheet]] = field(default_factory=dict)
    others: list[tuple[str, str, str]] = field(default_factory=list)  # (file, name, state)
    unreadable: list[Path] = field(default_factory=list)  # files that could not be opened

    def copies(self, name: str) -> list[RawSheet]:
        return self.found.get(normalize_name(name), [])


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _fill_merged(grid: list[list[Any]],
                 merged: list[tuple[tuple[int, int], tuple[int, int]]] | None) -> None:
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
    # Only the first two non-empty rows are looked at: a sheet may have 10,000.
    filled = (i for i, row in enumerate(grid) if any(not _empty(v) for v in row))
    first = next(filled, None)
    if first is None:
        return None
    second = next(filled, None)
    if second is not None and len({str(v).strip() for v in _filled(grid[first])}) == 1 \
            and len(_filled(grid[second])) > 1:
        return second
    return first


def _problem(cell: MissingValue, where: Location) -> Issue:
    if cell.error:
        return issue("cell.error", where, value=cell.error, ref=cell.ref)
    return issue("cell.formula", where, ref=cell.ref)


def read_sheet(path: Path, book: CalamineWorkbook, name: str,
               scan: SheetScan) -> RawSheet | None:
    """The sheet's header and data rows. What is wrong with its cells is kept in
    `problems`, reported by the validate stage for the copy of the sheet it uses."""
    sheet = book.get_sheet_by_name(name)
    grid = sheet.to_python(skip_empty_area=False)
    _fill_merged(grid, sheet.merged_cell_ranges)
    header_index = _header_index(grid)
    if header_index is None:
        if not scan.missing:
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
            duplicates.append(issue("header.duplicate", where.at(typed), name=typed))
            continue
        headers[key] = typed
        columns.append((c, key))
    raw = RawSheet(name, path.name, path, header_index + 1, headers, problems=duplicates)
    key_of = dict(columns)

    def at(row: int, column: int) -> Location:
        key = key_of.get(column)
        return Location(path.name, name, row, headers[key] if key else
                        f"{column_letters(column)}列")

    unreadable: dict[int, set[str]] = {}
    for missing in scan.missing:
        raw.problems.append(_problem(missing, at(missing.row, missing.column)))
        if missing_key := key_of.get(missing.column):
            unreadable.setdefault(missing.row, set()).add(missing_key)
    for (row, column), shown in scan.long_numbers.items():
        if row > header_index + 1 and column in key_of:
            raw.problems.append(issue("cell.digits", at(row, column), shown=shown))
    hidden = set(scan.hidden_rows)
    shown_in: dict[int, dict[int, str]] = {}  # by row, then column
    for (row, column), text in scan.shown.items():
        shown_in.setdefault(row, {})[column] = text
    for i in range(header_index + 1, len(grid)):
        cells = grid[i]
        width = len(cells)
        values = {}
        for c, key in columns:  # _empty, inline: a large sheet has a million cells
            if c < width and (value := cells[c]) is not None and \
                    (not isinstance(value, str) or value.strip()):
                values[key] = value
        if values:  # blank and whitespace-only rows are skipped
            in_row = shown_in.get(i + 1)
            shown_text = {key: in_row[c] for c, key in columns
                          if key in values and c in in_row} if in_row else {}
            raw.rows.append(RawRow(path.name, name, i + 1, values, headers,
                                   frozenset(unreadable.get(i + 1, ())), shown_text))
            if i + 1 in hidden:
                raw.hidden_rows.append(i + 1)
    return raw


_CALAMINE_NEEDS = ("[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels",
                   "xl/styles.xml", "xl/sharedStrings.xml")


def _read_file(package: Package, known: set[str], found: SheetSet,
               report: ValidationReport) -> None:
    path = package.path
    where = Location(path.name)
    book_xml = package.read(WORKBOOK, report)
    parts = {name: package.read(name, report) for name in _CALAMINE_NEEDS
             if name in package.members}
    rels = parts.get("xl/_rels/workbook.xml.rels")
    if book_xml is None or rels is None or any(data is None for data in parts.values()):
        found.unreadable.append(path)
        return
    try:
        workbook = read_workbook(book_xml, rels, set(package.members))
        formats = read_formats(parts.get("xl/styles.xml"))
    except (etree.XMLSyntaxError, ValueError) as exc:
        report.add("file.unreadable", where, detail=str(exc))
        found.unreadable.append(path)
        return
    chosen: list[tuple[str, str, SheetScan]] = []
    for name, member, state in workbook.sheets:
        if normalize_name(name) not in known:
            found.others.append((path.name, name, state))
            continue
        sheet_where = Location(path.name, name)
        if not member:
            report.add("sheet.unreadable", sheet_where, name=name,
                       detail=say("read.sheet_missing"))
            continue
        xml = package.read(member, report)
        if xml is None:
            continue
        try:
            scan = scan_sheet(xml, formats, workbook.date1904)
        except TooLarge as exc:
            report.add("sheet.too_large", sheet_where, name=name,
                       extent=f"{column_letters(exc.columns - 1)}{exc.rows}", rows=exc.rows,
                       columns=exc.columns, max_rows=limits.MAX_ROWS,
                       max_columns=limits.MAX_COLUMNS, max_cells=limits.MAX_CELLS)
            del package.parts[member]
            continue
        except (etree.XMLSyntaxError, ValueError) as exc:
            report.add("sheet.unreadable", sheet_where, name=name, detail=str(exc)[:200])
            del package.parts[member]
            continue
        package.parts[member] = with_true_extent(xml, scan)
        chosen.append((name, state, scan))
    if not chosen:
        return
    try:
        # From the bytes rather than the path: calamine picks its reader by the
        # extension, and an .xlsx renamed to .xls is still an .xlsx.
        book = CalamineWorkbook.from_filelike(io.BytesIO(package.repackaged()))
    except Exception as exc:  # calamine raises several types for damaged files
        report.add("file.unreadable", where, detail=str(exc)[:200])
        found.unreadable.append(path)
        return
    for name, state, scan in chosen:
        try:
            sheet = read_sheet(path, book, name, scan)
        except Exception as exc:  # a damaged sheet part: calamine's own error types
            report.add("sheet.unreadable", Location(path.name, name), name=name,
                       detail=str(exc)[:200])
            continue
        if sheet is not None:
            sheet.state = state
            found.found.setdefault(normalize_name(name), []).append(sheet)


def read_unit(unit: InputUnit, report: ValidationReport) -> SheetSet:
    known = {rule.key for rule in load_schema().sheets.values()}
    found = SheetSet(unit)
    for path in unit.files:
        package = open_package(path, report)
        if package is None:
            found.unreadable.append(path)
            continue
        try:
            _read_file(package, known, found, report)
        finally:
            package.close()
    return found
