"""Cells whose value the file does not hold, found in the sheet XML itself.

Excel stores a formula together with its last result (the cached value), and
docgen reads that result. A workbook written by a program rather than saved by
Excel may hold formulas without results, and a formula may have failed (#REF!,
#DIV/0!). calamine reads both as an empty cell, so they are looked for here.

The XML is parsed by lxml with entities unresolved, no network and no huge
trees (limits.check_file has already refused any DTD).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
# Only sheets that might hold a formula or an error value are parsed.
_MAYBE = re.compile(rb"<(?:\w+:)?f[\s>/]|t=\"e\"")
_REF = re.compile(r"^([A-Z]+)(\d+)$")
# A cached value that is empty is still a value for these cell types (a formula giving "").
_TEXT_TYPES = ("str", "s", "inlineStr")


@dataclass(frozen=True)
class MissingValue:
    row: int  # as Excel numbers rows
    column: int  # 0-based
    ref: str  # "B7"
    error: str = ""  # the error value (#REF!), or "" for a formula without a result


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False)


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member holding its XML (xl/workbook.xml + its rels)."""
    names = set(z.namelist())
    if "xl/_rels/workbook.xml.rels" not in names:
        return {}
    book = etree.fromstring(z.read("xl/workbook.xml"), _parser())
    rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"), _parser())
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{_PKG_REL}}}Relationship")}
    parts = {}
    for sheet in book.iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL}}}id"), "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        if member in names:
            parts[sheet.get("name", "")] = member
    return parts


def _scan(data: bytes) -> list[MissingValue]:
    found = []
    tag = f"{{{_MAIN}}}c"
    for _, cell in etree.iterparse(io.BytesIO(data), events=("end",), tag=tag,
                                   resolve_entities=False, no_network=True, huge_tree=False,
                                   load_dtd=False):
        kind = cell.get("t", "n")
        formula = cell.find(f"{{{_MAIN}}}f")
        value = cell.find(f"{{{_MAIN}}}v")
        text = value.text if value is not None else None
        missing = None
        if kind == "e":
            missing = text or "#错误"
        elif formula is not None and not text and kind not in _TEXT_TYPES:
            missing = ""
        if missing is not None and (m := _REF.match(cell.get("r", ""))):
            found.append(MissingValue(int(m[2]), _column_index(m[1]), m[0], missing))
        cell.clear()
    return found


def missing_values(workbook: bytes) -> dict[str, list[MissingValue]]:
    """Sheet name → its cells without a usable value, for the sheets that have any."""
    out: dict[str, list[MissingValue]] = {}
    with zipfile.ZipFile(io.BytesIO(workbook)) as z:
        for name, member in sheet_parts(z).items():
            data = z.read(member)
            if _MAYBE.search(data):
                cells = _scan(data)
                if cells:
                    out[name] = cells
    return out
