"""Which copy of a sheet a unit uses, when several of its files hold it.

A blank copy of the fill-in workbook lying beside the filled one is ignored; two
files that both fill the same sheet are an error (SPEC §3)."""

from __future__ import annotations

from docgen.read.workbook import RawSheet, SheetSet
from docgen.report import Location, ValidationReport
from docgen.schema import Schema, SheetRule, normalize_name


def has_data(sheet: RawSheet, rule: SheetRule | None) -> bool:
    """Whether the sheet holds data rather than being a blank copy of the fill-in
    workbook. A key/value sheet (基本信息) lists its keys in advance, so there a
    row is data only once its value is filled."""
    if rule is None or rule.layout != "keyvalue":
        return bool(sheet.rows)
    value = normalize_name(rule.value_header)
    if value not in sheet.headers:  # a key/value sheet without headers: the 2nd column
        value = next(iter(list(sheet.headers)[1:2]), value)
    return any(value in row.values for row in sheet.rows)


def choose_sheets(sheets: SheetSet, schema: Schema,
                  report: ValidationReport) -> dict[str, RawSheet]:
    """Schema sheet name → the copy to read."""
    chosen = {}
    for name, rule in schema.sheets.items():
        copies = sheets.copies(name)
        if not copies:
            continue
        filled = [c for c in copies if has_data(c, rule)]
        for extra in filled[1:]:
            report.add("sheet.twice", Location(extra.file, extra.name), name=extra.name,
                       first=filled[0].file, second=extra.file)
        chosen[name] = filled[0] if filled else copies[0]
    return chosen
