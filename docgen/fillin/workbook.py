"""The blank fill-in workbook of `docgen init`, drawn from the schema.

A 填写说明 sheet first, then one sheet per sheet of docgen/data/sheets.toml: the
header row (required columns marked *), a note on every header cell, dropdowns
for the columns with a fixed list, text format where Excel would otherwise
eat leading zeros, a frozen header and sensible widths. No example rows: the
examples are in the notes and in 填写说明.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Literal, TypedDict

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from docgen.fillin.guide import GENERAL, header_note, header_text, offered_columns, requirement
from docgen.hazards import library
from docgen.packs import GENERAL as GENERAL_PACK
from docgen.packs import Pack, packs
from docgen.schema import ColumnRule, Schema, SheetRule, load_schema

GUIDE = load_schema().guide_sheet
ROWS = 1000  # how far down the dropdowns and formats reach
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
NOTE_AUTHOR = "docgen"


def _width(rule: ColumnRule) -> float:
    if rule.width:
        return rule.width
    # A Chinese character is about two widths of a Latin one.
    return max(10, 2 * len(header_text(rule)) + 4)


def _number_format(rule: ColumnRule) -> str | None:
    if rule.type in ("phone", "mobile") or rule.field == "code":
        return "@"  # text: keeps the 0 of an area code, and 001 as typed
    if rule.type == "date":
        return "yyyy-m-d"
    return None


class _Common(TypedDict):
    allow_blank: bool
    showErrorMessage: bool
    errorTitle: str


def _validation(rule: ColumnRule, lists: dict[str, str] | None = None) -> DataValidation | None:
    """A dropdown or a bound for a column; `lists` are ranges of 填写说明 holding long
    lists (the 文本 places, the accident types), which Excel cannot hold inline."""
    common: _Common = {"allow_blank": True, "showErrorMessage": True, "errorTitle": "填写有误"}
    lists = lists or {}
    if rule.type == "accident_type" and "accident_type" in lists:
        return DataValidation(type="list", formula1=lists["accident_type"],
                              error="请从下拉列表中选择事故类型（见“填写说明”的事故类型表）",
                              **common)
    if rule.type == "choice":
        return DataValidation(type="list", formula1='"' + ",".join(rule.values) + '"',
                              error="请从下拉列表中选择：" + "、".join(rule.values), **common)
    if rule.type == "int" and rule.min is not None and rule.max is not None \
            and rule.max - rule.min <= 10:
        values = [str(v) for v in range(int(rule.min), int(rule.max) + 1)]
        return DataValidation(type="list", formula1='"' + ",".join(values) + '"',
                              error=f"请填写{requirement(rule)}", **common)
    if rule.type in ("int", "number") and rule.min is not None:
        kind: Literal["whole", "decimal"] = "whole" if rule.type == "int" else "decimal"
        if rule.max is not None:
            return DataValidation(type=kind, operator="between", formula1=str(rule.min),
                                  formula2=str(rule.max), error=f"请填写{requirement(rule)}",
                                  **common)
        return DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(rule.min),
                              error=f"请填写{requirement(rule)}", **common)
    if rule.field == "place" and "place" in lists:
        # The template's places; another name is allowed (other templates may offer it).
        return DataValidation(type="list", formula1=lists["place"], errorStyle="warning",
                              error="模板中没有这个位置，该段文字可能不会出现；仍要使用吗？",
                              **common)
    return None


def _note(text: str) -> Comment:
    comment = Comment(text, NOTE_AUTHOR)
    comment.width, comment.height = 240, 40 + 18 * (len(text) // 18 + text.count("\n"))
    return comment


def _header(ws: Worksheet, column: int, rule: ColumnRule | None, text: str) -> None:
    cell = ws.cell(row=1, column=column, value=text)
    cell.fill = HEADER_FILL
    cell.font = REQUIRED_FONT if rule is not None and rule.required else HEADER_FONT
    cell.alignment = Alignment(horizontal="center", vertical="center")
    if rule is not None:
        cell.comment = _note(header_note(rule))


def _table_sheet(ws: Worksheet, sheet: SheetRule, lists: dict[str, str]) -> None:
    for index, rule in enumerate(offered_columns(sheet), 1):
        _header(ws, index, rule, header_text(rule))
        letter = get_column_letter(index)
        dimension = ws.column_dimensions[letter]
        dimension.width = _width(rule)
        if (fmt := _number_format(rule)) is not None:
            dimension.number_format = fmt
        if rule.width and rule.width >= 24:
            dimension.alignment = WRAP
        if (validation := _validation(rule, lists)) is not None:
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{ROWS}")
    ws.freeze_panes = "A2"


def _keyvalue_sheet(ws: Worksheet, sheet: SheetRule, given: dict[str, str]) -> None:
    """基本信息: the keys listed in advance, 内容 to fill (`given`, by field, already
    filled), 说明 beside it."""
    key = ColumnRule(sheet.key_header, "key", required=True,
                     note="项目名称，已列出，请不要修改")
    value = ColumnRule(sheet.value_header, "value", required=True,
                       note="在这一列填写各项目的内容；带 * 的项目必填")
    _header(ws, 1, key, sheet.key_header)
    _header(ws, 2, value, sheet.value_header)
    _header(ws, 3, None, "说明")
    for row, rule in enumerate(sheet.columns, 2):
        ws.cell(row=row, column=1, value=header_text(rule)).font = (
            REQUIRED_FONT if rule.required else Font())
        content = ws.cell(row=row, column=2, value=given.get(rule.field) or None)
        content.alignment = WRAP
        if (fmt := _number_format(rule)) is not None:
            content.number_format = fmt
        if (validation := _validation(rule)) is not None:
            ws.add_data_validation(validation)
            validation.add(content.coordinate)
        explain = "；".join(p for p in (requirement(rule), f"示例：{rule.example}"
                                          if rule.example else "") if p)
        note = ws.cell(row=row, column=3, value=("必填。" if rule.required else "选填。")
                       + explain)
        note.font = Font(color="808080")
        note.alignment = WRAP
    for letter, width in (("A", 18), ("B", 44), ("C", 60)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def _packs_section(ws: Worksheet, pack: Pack) -> None:
    """The industry packs 所属行业 chooses from, and the chosen pack's typical risks."""
    ws.append([])
    ws.append(["行业包（按“基本信息”的所属行业选用：所属行业含下列名称之一即可）"])
    ws.cell(row=ws.max_row, column=1).font = HEADER_FONT
    for candidate in packs().values():
        ws.append(["", candidate.name, "", "、".join(candidate.aliases) or "（其他行业）",
                   candidate.description])
    ws.append([])
    ws.append([f"典型风险参考（{pack.name}）：供辨识风险时参考，不会自动写入预案"])
    ws.cell(row=ws.max_row, column=1).font = HEADER_FONT
    ws.append(["", "风险名称", "风险类别、事故类型", "应对措施要点", "专项预案、重点岗位"])
    for cell in ws[ws.max_row][1:]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for risk in pack.typical_risks:
        ws.append(["", risk.name, f"{risk.category}；{risk.accident_type or '—'}",
                   "\n".join(risk.measures),
                   f"专项预案：{risk.special_plan or '—'}；重点岗位：{risk.key_post or '—'}"])


def _types_section(ws: Worksheet) -> str:
    """The hazard library's types, for the 事故类型 column; returns their range."""
    ws.append([])
    ws.append(["事故类型（“风险”表“事故类型”列的下拉列表；留空时据风险名称识别）"])
    ws.cell(row=ws.max_row, column=1).font = HEADER_FONT
    ws.append(["", "事故类型", "类别", "专项预案", "识别用词（风险名称或描述含其一即可）"])
    for cell in ws[ws.max_row][1:]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    first = ws.max_row + 1
    for hazard in library().hazards.values():
        plan = "通常单独编制" if hazard.special_plan else "通常只编现场处置方案"
        ws.append(["", hazard.name, hazard.legal_class, plan, "、".join(hazard.aliases) or "—"])
    return f"'{GUIDE}'!$B${first}:$B${ws.max_row}"


def _guide_sheet(ws: Worksheet, schema: Schema, places: Sequence[str],
                 required: Sequence[str], pack: Pack) -> dict[str, str]:
    """填写说明; returns the ranges holding long lists (for dropdowns)."""
    ws.append(["应急预案填写模板 · 填写说明"])
    ws["A1"].font = Font(bold=True, size=16)
    ws.append([])
    for n, line in enumerate(GENERAL, 1):
        ws.append([f"{n}.", line])
        ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=5)
    ws.append([])
    ws.append(["工作表", "列名", "必填", "填写要求", "示例"])
    for cell in ws[ws.max_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for sheet in schema.sheets.values():
        ws.append([sheet.name, ("（必需）" if sheet.name in required else "（可选）") + sheet.note])
        ws.cell(row=ws.max_row, column=1).font = HEADER_FONT
        ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=5)
        ws.cell(row=ws.max_row, column=2).alignment = WRAP
        if sheet.layout == "keyvalue":
            ws.append(["", f"{sheet.key_header} | {sheet.value_header}", "",
                       f"每行一个项目，在“{sheet.value_header}”列填写", ""])
        for rule in sheet.columns:
            if rule.fillin:
                ws.append(["", rule.name, "是" if rule.required else "",
                           requirement(rule), rule.example])
    ws.append([])
    ws.append(["“文本”工作表可用的位置（默认模板）"])
    ws.cell(row=ws.max_row, column=1).font = HEADER_FONT
    first = ws.max_row + 1
    for place in places:
        ws.append(["", place])
    last_place = ws.max_row
    lists = {"accident_type": _types_section(ws)}
    if places:
        lists["place"] = f"'{GUIDE}'!$B${first}:$B${last_place}"
    _packs_section(ws, pack)
    for letter, width in (("A", 14), ("B", 22), ("C", 8), ("D", 60), ("E", 36)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if cell.alignment is None or not cell.alignment.wrap_text:
                cell.alignment = WRAP
    return lists


def fillin_workbook(schema: Schema, places: Sequence[str] = (),
                    required: Sequence[str] = (), pack: Pack | None = None,
                    industry: str = "") -> Workbook:
    """The blank workbook; `industry`, when given, already in 基本信息's 所属行业."""
    wb = Workbook()
    guide = wb.active
    assert isinstance(guide, Worksheet)  # a new workbook's one sheet
    guide.title = GUIDE
    lists = _guide_sheet(guide, schema, places, required, pack or packs()[GENERAL_PACK])
    for sheet in schema.sheets.values():
        ws = wb.create_sheet(sheet.name)
        if sheet.layout == "keyvalue":
            _keyvalue_sheet(ws, sheet, {"industry": industry})
        else:
            _table_sheet(ws, sheet, lists)
    return wb


def fillin_bytes(schema: Schema, places: Sequence[str] = (),
                 required: Sequence[str] = (), pack: Pack | None = None,
                 industry: str = "") -> bytes:
    out = io.BytesIO()
    fillin_workbook(schema, places, required, pack, industry).save(out)
    return out.getvalue()
