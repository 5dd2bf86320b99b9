"""Sheets → typed records: required columns and values, types, allowed values,
uniqueness. Every problem is reported with its place; reading goes on so that
one run lists everything."""

from __future__ import annotations

from functools import partial
from typing import Any

from docgen.domain.records import RECORD_TYPES, PlanInfo, Record, Source
from docgen.read.workbook import RawSheet, SheetSet
from docgen.report import Location, ValidationReport
from docgen.schema import ColumnRule, Schema, SheetRule, closest, normalize_name
from docgen.validate.coerce import Cell, coerce, text_of


def _match_columns(sheet: RawSheet, rule: SheetRule) -> dict[str, ColumnRule]:
    """Normalized header of the sheet → the column rule it stands for."""
    found: dict[str, ColumnRule] = {}
    for column in rule.columns:
        key = next((k for k in column.header_keys() if k in sheet.headers and k not in found), None)
        if key is not None:
            found[key] = column
    return found


def read_table(sheet: RawSheet | None, rule: SheetRule, schema: Schema,
               report: ValidationReport) -> list[Record]:
    if sheet is None:
        return []
    columns = _match_columns(sheet, rule)
    present = {c.field for c in columns.values()}
    for wanted in rule.columns:
        if wanted.required and wanted.field not in present:
            report.add("column.missing",
                       Location(sheet.file, sheet.name, sheet.header_row, wanted.name),
                       detail=f"缺少必填列“{wanted.name}”")
    known = [n for c in rule.columns for n in (c.name, *c.aliases)]
    for key, typed in sheet.headers.items():
        if key not in columns:
            near = closest(typed, known)
            report.add("column.unknown", Location(sheet.file, sheet.name, sheet.header_row,
                                                  typed),
                       name=typed, sheet=rule.name, closest=f"（是不是“{near}”？）" if near else "")
    headers = tuple((c.field, sheet.headers[key]) for key, c in columns.items())
    cls = RECORD_TYPES[rule.record]
    seen: dict[str, dict[str, int]] = {c.field: {} for c in rule.columns if c.unique}
    records = []
    for row in sheet.rows:
        values: dict[str, Any] = {}
        extra: dict[str, str] = {}
        for key, raw in row.values.items():
            column = columns.get(key)
            if type(raw) is str and (column is None or column.type == "text"):
                # the common case, as text_of reads it: a one-line text with nothing to say
                text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
                if text.isprintable():
                    if column is None:
                        extra[sheet.headers[key]] = text
                    elif text:
                        values[column.field] = text
                    continue
            where = partial(row.where, key)
            shown = row.shown.get(key)
            if column is None:
                extra[sheet.headers[key]] = text_of(Cell(raw, ColumnRule(key, key), where, report,
                                                         shown))
                continue
            value = coerce(raw, column, where, report, shown)
            if value is not None and value != "" and value != []:
                values[column.field] = value
        for key, column in columns.items():
            if column.field in values:
                continue
            if column.default is not None:
                values[column.field] = column.default
            elif column.required and key not in row.values and key not in row.unreadable:
                # Empty, rather than unreadable (that is reported where it is read).
                report.add("value.required", row.where(key))
        for field_name, first_rows in seen.items():
            value = values.get(field_name)
            if value is None:
                continue
            key = normalize_name(value)
            if key in first_rows:
                column_key = next(k for k, c in columns.items() if c.field == field_name)
                report.add("value.duplicate", row.where(column_key), value=value,
                           row=first_rows[key], hint="")
            else:
                first_rows[key] = row.row
        source = Source(row.file, row.sheet, row.row, headers)
        records.append(cls(**values, extra=extra, source=source))
    return records


def read_plan_info(sheet: RawSheet | None, rule: SheetRule,
                   report: ValidationReport) -> PlanInfo:
    if sheet is None:
        return PlanInfo()
    items = {key: item for item in rule.columns for key in item.header_keys()}
    header_keys = list(sheet.headers)
    key_col = normalize_name(rule.key_header)
    value_col = normalize_name(rule.value_header)
    if key_col not in sheet.headers or value_col not in sheet.headers:
        if len(header_keys) < 2:
            report.add("column.missing", Location(sheet.file, sheet.name, sheet.header_row),
                       detail=f"应有“{rule.key_header}”和“{rule.value_header}”两列")
            return PlanInfo()
        key_col, value_col = header_keys[0], header_keys[1]
    values: dict[str, Any] = {}
    extra: dict[str, str] = {}
    places: dict[str, Location] = {}
    left_empty: set[str] = set()
    for row in sheet.rows:
        raw_key = row.values.get(key_col)
        if raw_key is None:
            continue
        typed_key = str(raw_key).strip()
        item = items.get(normalize_name(typed_key))
        # The place names the key as typed, less the fill-in workbook's required mark.
        label = typed_key.rstrip("*＊").strip() or typed_key
        where = Location(row.file, row.sheet, row.row, label)
        raw_value = row.values.get(value_col)
        field_name = item.field if item else label
        if field_name in places:
            report.add("key.duplicate", where, name=typed_key, row=places[field_name].row)
            continue
        places[field_name] = where
        if raw_value is None:
            if value_col not in row.unreadable:
                left_empty.add(field_name)
            continue
        shown = row.shown.get(value_col)
        if item is None:
            near = closest(label, [n for i in rule.columns for n in (i.name, *i.aliases)])
            report.add("key.unknown", where, name=label,
                       closest=f"（是不是“{near}”？）" if near else "")
            extra[label] = text_of(Cell(raw_value, ColumnRule(label, label), where, report,
                                        shown))
            continue
        value = coerce(raw_value, item, where, report, shown)
        if value not in (None, ""):
            values[item.field] = value
    for item in rule.columns:
        if not item.required or item.field in values:
            continue
        if item.field in left_empty:
            report.add("value.required", places[item.field])
        elif item.field not in places:
            report.add("key.missing", Location(sheet.file, sheet.name, column=item.name),
                       name=item.name)
    return PlanInfo(**values, extra=extra, places=places,
                    source=Source(sheet.file, sheet.name, None, ()))


def read_sheets(sheets: SheetSet, chosen: dict[str, RawSheet], schema: Schema,
                required: tuple[str, ...], report: ValidationReport) -> dict[str, Any]:
    """Every sheet of the schema, read into records: {sheet name: records}."""
    out: dict[str, Any] = {}
    for name, rule in schema.sheets.items():
        sheet = chosen.get(name)
        if sheet is not None:
            report.issues.extend(sheet.problems)  # cells without a usable value
        # A file that could not be opened may hold the sheet: its own error says enough.
        if sheet is None and name in required and not sheets.unreadable:
            report.add("sheet.missing", Location(", ".join(p.name for p in sheets.unit.files)),
                       name=name)
        if rule.layout == "keyvalue":
            out[name] = read_plan_info(sheet, rule, report)
        else:
            out[name] = read_table(sheet, rule, schema, report)
    return out
