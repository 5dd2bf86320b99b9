"""What a sheet's XML says that calamine does not tell, read in one streaming pass:

- the extent of the cells actually present (a stray cell at XFD1048576 would make
  a reader allocate a grid of billions of cells: such a sheet is refused);
- rows hidden in Excel;
- cells whose value the file does not hold: a formula without a saved result, or
  an error value (#REF!, #DIV/0!), which calamine reads as an empty cell;
- numbers as Excel shows them under their cell's number format (`001`, `15%`,
  `9:30`), and numbers with more digits than Excel keeps.

lxml first checks that the part is well-formed XML (entities unresolved, no
network, no huge trees; limits.Package has already refused any DTD), at C speed
and keeping nothing. The pass itself then reads the row and cell tags with
patterns: building an element for each of a large sheet's cells was most of the
cost of reading it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree

from docgen.domain.values import plain_number as plain
from docgen.read import limits
from docgen.read.numfmt import BUILTIN, render, too_many_digits

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
_TEXT_BYTES = (b"str", b"s", b"inlineStr")
_STRING_BYTES = (b"s", b"inlineStr")
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


class _Nothing:
    """A parser target that keeps nothing: libxml2 checks the XML at C speed."""

    def close(self) -> None:
        return None


# Tags are read with patterns, which is sound because the part has been checked to be
# well-formed: then every `<` outside comments, CDATA and processing instructions
# opens a tag, and an attribute value holds no `<`. Any prefix is accepted. A cell
# as Excel, WPS, LibreOffice and openpyxl write it (r, then s and t) is matched by
# the first branch; any other row or cell tag by the second.
_TAG = re.compile(rb'<((?:[^\s/<>:]+:)?)(?:c\s+r="([A-Z]{1,3})([1-9][0-9]{0,6})"'
                  rb'(?:\s+s="([0-9]{1,9})")?(?:\s+t="([a-zA-Z]{1,9})")?|(row|c)'
                  rb'((?:\s+[^\s=/<>]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*))\s*(/?)>')
_ATTRIBUTE = re.compile(rb"""([^\s=/<>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_HIDDEN_MARKUP = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_FORMULA_TAG = re.compile(rb"<(?:[^\s/<>:]+:)?f[\s/>]")
_VALUE_TAG = re.compile(rb"<(?:[^\s/<>:]+:)?v(?:\s[^>]*?)?(/?)>([^<]*)")
_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_UTF8 = frozenset(("utf-8", "utf8", "us-ascii", "ascii"))


def _as_utf8(xml: bytes) -> bytes:
    """The part in UTF-8, so that its tags can be found byte by byte."""
    if xml.startswith((b"\xff\xfe", b"\xfe\xff")):
        return xml.decode("utf-16").encode("utf-8")
    if xml[:1] == b"\x00" or xml[1:2] == b"\x00":
        return xml.decode("utf-16-be" if xml[:1] == b"\x00" else "utf-16-le").encode("utf-8")
    declared = _ENCODING.match(xml.removeprefix(b"\xef\xbb\xbf"))
    if declared is not None and declared[1].decode().lower() not in _UTF8:
        try:
            return xml.decode(declared[1].decode()).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            return xml
    return xml


def _text(raw: bytes) -> str:
    # Well-formed: the only references left are XML's five and character references.
    text = raw.decode("utf-8", errors="replace")
    return html.unescape(text) if "&" in text else text


def _attributes(raw: bytes) -> dict[bytes, str]:
    return {m[1]: _text(m[2] if m[2] is not None else m[3]) for m in _ATTRIBUTE.finditer(raw)}


def scan_sheet(xml: bytes, formats: list[str | None], date1904: bool) -> SheetScan:
    """One pass over a sheet's tags; raises TooLarge past the limits, and lxml's
    XMLSyntaxError when the part is not well-formed XML."""
    nothing: Any = _Nothing()  # lxml's stubs want every event; libxml2 wants none
    etree.fromstring(xml, etree.XMLParser(target=nothing, resolve_entities=False,
                                          no_network=True, huge_tree=False, load_dtd=False))
    xml = _as_utf8(xml)
    if b"<!" in xml or xml.find(b"<?", 6) >= 0:  # past the declaration
        xml = _HIDDEN_MARKUP.sub(b"", xml)
    scan = SheetScan()
    row_number = 0
    rows = columns = 0  # scan.rows and scan.columns, kept in locals while scanning
    column = -1
    max_rows, max_columns, max_cells = limits.MAX_ROWS, limits.MAX_COLUMNS, limits.MAX_CELLS
    known_columns, string_types = _COLUMN_BYTES, _STRING_BYTES
    formulas = _FORMULA_TAG.search(xml) is not None
    for tag in _TAG.finditer(xml):
        prefix, letters, digits, style, kind, name, attributes, closed = tag.groups()
        if letters is not None and (column := known_columns.get(letters, -1)) >= 0:
            row, ref, kind = int(digits), None, kind or b"n"
        elif name == b"row":
            found = _attributes(attributes)
            given = found.get(b"r", "")
            row_number = int(given) if given.isdigit() else row_number + 1
            column = -1
            if found.get(b"hidden") in ("1", "true"):
                scan.hidden_rows.append(row_number)
            if row_number > max_rows:
                raise TooLarge(row_number, max(columns, 1))
            continue
        else:
            if letters is not None:  # the usual form, past the columns docgen knows
                ref, kind = (letters + digits).decode(), kind or b"n"
            else:
                found = _attributes(attributes)
                ref, style = found.get(b"r", ""), found.get(b"s", "").encode()
                kind = found.get(b"t", "n").encode("utf-8", errors="replace")
            column, row, ref = _unusual_ref(ref, column, row_number)
        if row > rows or column >= columns:
            # the extent grows (it never shrinks): only then can it pass a limit
            if row > rows:
                rows = row
            if column >= columns:
                columns = column + 1
            if columns > max_columns or rows > max_rows or rows * columns > max_cells:
                raise TooLarge(rows, columns)
        if closed or (kind in string_types and not formulas):
            continue  # the common case: a string, or an empty cell, nothing to note
        end = _cell_end(prefix).search(xml, tag.end())
        content = xml[tag.end():end.start() if end is not None else len(xml)]
        _scan_value(scan, content, kind, int(style or 0), (row, column, ref), formats,
                    date1904)
    scan.rows, scan.columns = rows, columns
    return scan


@lru_cache(maxsize=8)
def _cell_end(prefix: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"</" + re.escape(prefix) + rb"c\s*>")


def _unusual_ref(ref: str, column: int, row_number: int) -> tuple[int, int, str]:
    """A cell reference not in the usual form (or none): its column, row and ref."""
    if m := _REF.match(ref):
        return column_index(m[1]), int(m[2]), ref
    return column + 1, row_number, f"{column_letters(column + 1)}{row_number}"


def _scan_value(scan: SheetScan, content: bytes, kind: bytes, style: int,
                at: tuple[int, int, str | None], formats: list[str | None],
                date1904: bool) -> None:
    """Note what one cell holds that calamine does not tell; `at` is its row, column
    and, when not in the usual form, its reference as written."""
    row, column, ref = at
    ref = ref or f"{column_letters(column)}{row}"
    value = _VALUE_TAG.search(content)
    text = _text(value[2]) if value is not None and not value[1] else ""
    if kind == b"e":
        scan.missing.append(MissingValue(row, column, ref, text or "#错误"))
    elif _FORMULA_TAG.search(content) is not None and (value is None or (
            not text and kind not in _TEXT_BYTES)):
        # A formula without a saved result. An empty result of a text formula is a
        # value (""); an empty result of a number formula is not.
        scan.missing.append(MissingValue(row, column, ref))
    elif kind == b"n" and text:
        number = _number(text)
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
_COLUMN_BYTES = {column_letters(i).encode(): i for i in range(limits.MAX_COLUMNS + 1)}
