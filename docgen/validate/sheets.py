"""Which copy of a sheet a unit uses, when several of its files hold it.

A blank copy of the fill-in workbook lying beside the filled one is ignored; two
files that both fill the same sheet are an error."""

from __future__ import annotations

from docgen.read.workbook import RawSheet, SheetSet
from docgen.report import Location, ValidationReport
from docgen.schema import Schema, SheetRule, closest, normalize_name

PREFILLED = ("industry",)  # 基本信息 items a blank copy may already hold


def has_data(sheet: RawSheet, rule: SheetRule | None) -> bool:
    """Whether the sheet holds data rather than being a blank copy of the fill-in
    workbook. A key/value sheet (基本信息) lists its keys in advance, so there a
    row is data only once its value is filled."""
    if rule is None or rule.layout != "keyvalue":
        return bool(sheet.rows)
    value = normalize_name(rule.value_header)
    if value not in sheet.headers:  # a key/value sheet without headers: the 2nd column
        value = next(iter(list(sheet.headers)[1:2]), value)
    key = normalize_name(rule.key_header)
    if key not in sheet.headers:
        key = next(iter(sheet.headers), key)
    # `docgen init --industry` fills in 所属行业: the copy is still a blank one.
    prefilled = {normalize_name(c.name) for c in rule.columns if c.field in PREFILLED}
    return any(value in row.values and
               normalize_name(str(row.values.get(key, ""))) not in prefilled
               for row in sheet.rows)


def choose_sheets(sheets: SheetSet, schema: Schema,
                  report: ValidationReport) -> dict[str, RawSheet]:
    """Schema sheet name → the copy to read."""
    chosen = {}
    twice: list[tuple[RawSheet, RawSheet]] = []
    for name, rule in schema.sheets.items():
        copies = sheets.copies(name)
        if not copies:
            continue
        filled = [c for c in copies if has_data(c, rule)]
        twice += [(filled[0], extra) for extra in filled[1:]]
        chosen[name] = filled[0] if filled else copies[0]
    _report_twice(twice, report)
    _hidden_data(chosen, report)
    _unknown_sheets(sheets, schema, report)
    return chosen


WHOLE_WORKBOOK = 3  # sheets two files both fill: past this, they are two organisations


def _report_twice(twice: list[tuple[RawSheet, RawSheet]], report: ValidationReport) -> None:
    """A sheet filled in two files is an error; two files that fill the same several
    sheets are two organisations' workbooks (the example beside one's own): one
    message says so, instead of one per sheet."""
    pairs: dict[tuple[str, str], list[RawSheet]] = {}
    for first, second in twice:
        if first.file == second.file:  # look-alike names in one workbook: 风险 and 风险（空格）
            report.add("sheet.twice_in_file", Location(second.file, second.name),
                       file=first.file, first=first.name, second=second.name)
            continue
        pairs.setdefault((first.file, second.file), []).append(second)
    for (first_file, second_file), extras in pairs.items():
        if len(extras) >= WHOLE_WORKBOOK:
            report.add("unit.two_workbooks", Location(second_file), first=first_file,
                       second=second_file, sheets="、".join(s.name for s in extras[:3]))
            continue
        for extra in extras:
            report.add("sheet.twice", Location(extra.file, extra.name), name=extra.name,
                       first=first_file, second=extra.file)


def _runs(numbers: list[int]) -> str:
    """[3, 4, 5, 9] → "3–5、9"."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _hidden_data(chosen: dict[str, RawSheet], report: ValidationReport) -> None:
    """Data hidden in Excel still goes into the plan: say so."""
    for sheet in chosen.values():
        if sheet.state != "visible" and sheet.rows:
            how = "深度隐藏，只能在 VBA 中取消" if sheet.state == "veryHidden" else \
                "右键工作表标签可取消隐藏"
            report.add("sheet.hidden", Location(sheet.file, sheet.name), name=sheet.name,
                       how=how)
        if sheet.hidden_rows:
            report.add("row.hidden", Location(sheet.file, sheet.name),
                       rows=_runs(sheet.hidden_rows))


def _unknown_sheets(sheets: SheetSet, schema: Schema, report: ValidationReport) -> None:
    names = list(schema.sheets)
    for file, name, _ in sheets.others:
        if normalize_name(name) == normalize_name(schema.guide_sheet):
            continue
        near = closest(name, names)
        report.add("sheet.unknown", Location(file, name), name=name,
                   closest=f"（是不是“{near}”？）" if near else "")
