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
from docgen.processes import run_beside
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


@dataclass
class _SheetRead:
    """One sheet's outcome: what it holds (None: nothing readable), the problems
    found reading it, in the order found."""

    name: str
    state: str
    sheet: RawSheet | None = None
    issues: list[Issue] = field(default_factory=list)  # of its scan
    failed: Issue | None = None  # calamine could not read it


@dataclass
class _GroupRead:
    sheets: list[_SheetRead]
    unreadable: Issue | None = None  # calamine could not open the file


# Sheets of more than this, together, are read in two processes (docgen.processes):
# a 10,000-row register beside the rest.
SPLIT_BYTES = 8 * 1024 * 1024


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
    wanted: list[tuple[str, str, str]] = []  # name, member, state
    for name, member, state in workbook.sheets:
        if normalize_name(name) not in known:
            found.others.append((path.name, name, state))
            continue
        if not member:
            report.add("sheet.unreadable", Location(path.name, name), name=name,
                       detail=say("read.sheet_missing"))
            continue
        if package.read(member, report) is not None:
            wanted.append((name, member, state))
    here, there = _groups(package, wanted)
    sheets = {member for _, member, _ in wanted}

    def read(group: list[tuple[str, str, str]]) -> _GroupRead:
        return _read_group(package, group, sheets, formats, workbook.date1904)

    mine, theirs = run_beside(lambda: read(here), lambda: read(there)) if there else \
        (read(here), _GroupRead([]))
    order = {name: i for i, (name, _, _) in enumerate(wanted)}
    reads = sorted(mine.sheets + theirs.sheets, key=lambda r: order[r.name])
    for sheet_read in reads:
        report.issues.extend(sheet_read.issues)
    if unreadable := mine.unreadable or theirs.unreadable:
        report.issues.append(unreadable)
        found.unreadable.append(path)
        return
    for sheet_read in reads:
        if sheet_read.failed is not None:
            report.issues.append(sheet_read.failed)
        elif sheet_read.sheet is not None:
            sheet_read.sheet.state = sheet_read.state
            found.found.setdefault(normalize_name(sheet_read.name), []).append(sheet_read.sheet)


def _groups(package: Package, wanted: list[tuple[str, str, str]]
            ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """The sheets to read here and beside: the largest here, the others beside, when
    there is enough to share."""
    sizes = {member: len(package.parts[member]) for _, member, _ in wanted}
    if len(wanted) < 2 or sum(sizes.values()) < SPLIT_BYTES:
        return wanted, []
    largest = max(wanted, key=lambda w: sizes[w[1]])
    return [largest], [w for w in wanted if w is not largest]


def _read_group(package: Package, group: list[tuple[str, str, str]], sheets: set[str],
                formats: list[str | None], date1904: bool) -> _GroupRead:
    """Scan a group of sheets, then read them with calamine from a package of their
    own (`sheets`: the parts of every sheet read from the file; only the group's
    that passed their scan are in it). Nothing is added to the report here: the
    group may be read in a helper."""
    path = package.path
    done = _GroupRead([])
    chosen: list[tuple[_SheetRead, SheetScan]] = []
    passed: set[str] = set()
    for name, member, state in group:
        read = _SheetRead(name, state)
        done.sheets.append(read)
        xml = package.parts[member]
        sheet_where = Location(path.name, name)
        try:
            scan = scan_sheet(xml, formats, date1904)
        except TooLarge as exc:
            read.issues.append(issue(
                "sheet.too_large", sheet_where, name=name,
                extent=f"{column_letters(exc.columns - 1)}{exc.rows}", rows=exc.rows,
                columns=exc.columns, max_rows=limits.MAX_ROWS, max_columns=limits.MAX_COLUMNS,
                max_cells=limits.MAX_CELLS))
            continue
        except (etree.XMLSyntaxError, ValueError) as exc:
            read.issues.append(issue("sheet.unreadable", sheet_where, name=name,
                                     detail=str(exc)[:200]))
            continue
        package.parts[member] = with_true_extent(xml, scan)
        chosen.append((read, scan))
        passed.add(member)
    if not chosen:
        return done
    try:
        # From the bytes rather than the path: calamine picks its reader by the
        # extension, and an .xlsx renamed to .xls is still an .xlsx. Only this
        # group's sheets, and none whose scan failed.
        book = CalamineWorkbook.from_filelike(io.BytesIO(package.repackaged(
            leave_out=sheets - passed)))
    except Exception as exc:  # calamine raises several types for damaged files
        done.unreadable = issue("file.unreadable", Location(path.name),
                                detail=str(exc)[:200])
        return done
    for read, scan in chosen:
        try:
            read.sheet = read_sheet(path, book, read.name, scan)
        except Exception as exc:  # a damaged sheet part: calamine's own error types
            read.failed = issue("sheet.unreadable", Location(path.name, read.name),
                                name=read.name, detail=str(exc)[:200])
    return done


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
