"""What a sheet's XML says that calamine does not tell, read in one streaming pass:

- the extent of the cells actually present (a stray cell at XFD1048576 would make
  a reader allocate a grid of billions of cells: such a sheet is refused);
- rows hidden in Excel;
- cells whose value the file does not hold: a formula without a saved result, or
  an error value (#REF!, #DIV/0!), which calamine reads as an empty cell;
- numbers as Excel shows them under their cell's number format (`001`, `15%`,
  `9:30`), and numbers with more digits than Excel keeps.

The XML is parsed by lxml with entities unresolved, no network and no huge trees
(limits.Package has already refused any DTD).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from lxml import etree

from docgen.domain.values import plain_number as plain
from docgen.read import limits
from docgen.read.numfmt import BUILTIN, render, too_many_digits

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_C, _ROW, _F, _V = (f"{{{MAIN}}}{n}" for n in ("c", "row", "f", "v"))
_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
_TEXT_TYPES = ("str", "s", "inlineStr")
_STRING_TYPES = ("s", "inlineStr")
_DIGITS = "0123456789"
_DIMENSION = re.compile(rb'<((?:\w+:)?)dimension\s+ref="[^"]*"\s*/>')


class TooLarge(ValueError):
    def __init__(self, rows: int, columns: int):
        super().__init__(f"{rows}×{columns}")
        self.rows, self.columns = rows, columns


def parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False)


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class MissingValue:
    row: int  # as Excel numbers rows
    column: int  # 0-based
    ref: str  # "B7"
    error: str = ""  # the error value (#REF!), or "" for a formula without a result


@dataclass
class SheetScan:
    rows: int = 0  # the used range, from A1
    columns: int = 0
    hidden_rows: list[int] = field(default_factory=list)
    missing: list[MissingValue] = field(default_factory=list)
    shown: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) → text
    long_numbers: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True)
class Workbook:
    """workbook.xml: the sheets (name, part, visibility) and the date system."""

    sheets: list[tuple[str, str, str]]  # (name, zip member, state)
    date1904: bool


def read_workbook(book: bytes, rels: bytes, names: set[str]) -> Workbook:
    root = etree.fromstring(book, parser())
    relations = etree.fromstring(rels, parser())
    targets = {r.get("Id"): r.get("Target", "")
               for r in relations.iter(f"{{{PKG_REL}}}Relationship")}
    properties = root.find(f"{{{MAIN}}}workbookPr")
    date1904 = properties is not None and properties.get("date1904", "") in ("1", "true")
    sheets = []
    for sheet in root.iter(f"{{{MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{REL}}}id"), "")
        member = target.lstrip("/") if target.startswith("/") else _join("xl", target)
        sheets.append((sheet.get("name", ""), member if member in names else "",
                       sheet.get("state", "visible")))
    return Workbook(sheets, date1904)


def _join(folder: str, target: str) -> str:
    parts: list[str] = folder.split("/")
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def read_formats(styles: bytes | None) -> list[str | None]:
    """Per cell style (the `s` of a cell): its number format code, None for General."""
    if not styles:
        return []
    root = etree.fromstring(styles, parser())
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "")
              for f in root.iter(f"{{{MAIN}}}numFmt")}
    formats: list[str | None] = []
    xfs = root.find(f"{{{MAIN}}}cellXfs")
    for xf in xfs if xfs is not None else ():
        number = int(xf.get("numFmtId", "0") or 0)
        code = custom.get(number) or BUILTIN.get(number)
        formats.append(None if code in (None, "General") else code)
    return formats


def _number(text: str) -> float | int:
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 2 ** 63 else value


def scan_sheet(xml: bytes, formats: list[str | None], date1904: bool) -> SheetScan:
    """One streaming pass over a sheet; raises TooLarge past the limits. A row is
    looked at once it is parsed whole (one event per row, not two per cell), then
    dropped; a row holds at most one row of cells, so memory stays bounded."""
    scan = SheetScan()
    row_number = 0
    rows = columns = 0  # scan.rows and scan.columns, kept in locals while scanning
    max_rows, max_columns, max_cells = limits.MAX_ROWS, limits.MAX_COLUMNS, limits.MAX_CELLS
    known_columns, digits, string_types, formula = _COLUMNS, _DIGITS, _STRING_TYPES, _F
    for _, row_element in etree.iterparse(io.BytesIO(xml), events=("end",), tag=_ROW,
                                          resolve_entities=False, no_network=True,
                                          huge_tree=False, load_dtd=False):
        given = row_element.get("r")
        row_number = int(given) if given and given.isdigit() else row_number + 1
        if row_element.get("hidden") in ("1", "true"):
            scan.hidden_rows.append(row_number)
        if row_number > max_rows:
            raise TooLarge(row_number, max(columns, 1))
        column = -1
        for element in row_element.iterchildren(_C):
            ref = element.get("r", "")
            letters = ref.rstrip(digits)
            if (column := known_columns.get(letters, -1)) >= 0 and \
                    0 < len(ref) - len(letters) <= 7 and ref[len(letters)] != "0":
                row = int(ref[len(letters):])  # the cell's own row, as Excel reads it
            else:
                column, row, ref = _unusual_ref(ref, column, row_number)
            if row > rows or column >= columns:
                # the extent grows (it never shrinks): only then can it pass a limit
                if row > rows:
                    rows = row
                if column >= columns:
                    columns = column + 1
                if columns > max_columns or rows > max_rows or rows * columns > max_cells:
                    raise TooLarge(rows, columns)
            kind = element.get("t", "n")
            if kind in string_types and len(element) == 1 and element[0].tag != formula:
                continue  # the common case: a string, no formula, nothing to note
            _scan_value(scan, element, kind, row, column, ref, formats, date1904)
        row_element.clear()
        sheet_data = row_element.getparent()
        while sheet_data is not None and row_element.getprevious() is not None:
            del sheet_data[0]  # the rows already seen
    scan.rows, scan.columns = rows, columns
    return scan


def _unusual_ref(ref: str, column: int, row_number: int) -> tuple[int, int, str]:
    """A cell reference not in the usual form (or none): its column, row and ref."""
    if m := _REF.match(ref):
        return column_index(m[1]), int(m[2]), ref
    return column + 1, row_number, f"{column_letters(column + 1)}{row_number}"


def _scan_value(scan: SheetScan, element: etree._Element, kind: str, row: int, column: int,
                ref: str, formats: list[str | None], date1904: bool) -> None:
    """Note what one cell holds that calamine does not tell."""
    value = element.find(_V)
    text = value.text if value is not None else None
    if kind == "e":
        scan.missing.append(MissingValue(row, column, ref, text or "#错误"))
    elif element.find(_F) is not None and (value is None or (
            not text and kind not in _TEXT_TYPES)):
        # A formula without a saved result. An empty result of a text formula is a
        # value (""); an empty result of a number formula is not.
        scan.missing.append(MissingValue(row, column, ref))
    elif kind == "n" and text:
        number = _number(text)
        style = int(element.get("s", "0") or 0)
        code = formats[style] if style < len(formats) else None
        if code is not None and (shown := render(number, code, date1904)) is not None:
            scan.shown[(row, column)] = shown
        if too_many_digits(number):
            scan.long_numbers[(row, column)] = plain(number)


def with_true_extent(xml: bytes, scan: SheetScan) -> bytes:
    """The sheet with its `<dimension>` telling the extent actually present, so that
    no reader sizes a grid by a false one."""
    extent = f"A1:{column_letters(max(scan.columns, 1) - 1)}{max(scan.rows, 1)}".encode()
    return _DIMENSION.sub(lambda m: b"<" + m.group(1) + b'dimension ref="' + extent + b'"/>',
                          xml, count=1)


# The columns a sheet may use, by their letters: a dictionary look-up per cell is what
# keeps a 100,000-cell sheet quick to scan. Any other reference takes the slow road.
_COLUMNS = {column_letters(i): i for i in range(limits.MAX_COLUMNS + 1)}
