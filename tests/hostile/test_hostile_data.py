"""Families 3–8: names that overflow, data that would silently vanish, values as
Excel shows them, formulas without results, control characters, braces in the
organisation chart."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import minimal_sheets, write_workbook
from docx_helpers import document_text, records
from hostile import both, edit_part, sheet_member
from lxml import etree

from docgen.export.write import MAX_NAME_BYTES


def _one(out: Path) -> Path:
    (docx,) = out.rglob("*.docx")
    return docx


def _info(sheets: dict, key: str, value) -> None:
    rows = sheets["基本信息"]
    for row in rows:
        if row[0] == key:
            row[1] = value
            return
    rows.append([key, value])


# --- 3. names that overflow -----------------------------------------------------------------

@pytest.mark.parametrize(("key", "value"), [
    ("预案名称", "应急" * 45),  # 90 hanzi
    ("单位名称", "江城" * 125),  # 250 characters
    ("预案编号", "JCYL-YJYA-2026-01-" + "X" * 220),
    ("预案编号", "JCYL-\u202eFDP.exe-2026"),  # a right-to-left override
])
def test_a_name_that_would_overflow_a_file_name_builds_with_a_shortened_file(tmp_path, key,
                                                                           value):
    sheets = minimal_sheets()
    _info(sheets, key, value)
    _info(sheets, "版本号", "V1.0-" + "修订" * 60)
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    checked, built = both(path.parent, tmp_path / "out")
    assert checked.exit_code == 0 and built.exit_code == 0, built.out
    docx = _one(tmp_path / "out")
    assert len(docx.name.encode("utf-8")) <= MAX_NAME_BYTES
    assert "\u202e" not in docx.name
    text = document_text(docx)
    assert value.replace("\u202e", "") in text.replace("\u202e", "")  # the full name is kept
    with zipfile.ZipFile(docx) as z:
        core = etree.fromstring(z.read("docProps/core.xml"))
    assert all(len(e.text or "") <= 255 for e in core.iter())  # as Word allows


# --- 4. data that would silently vanish -----------------------------------------------------

def test_an_unknown_sheet_column_or_key_is_named_with_the_closest_known_name(tmp_path):
    sheets = minimal_sheets()
    sheets["风险（续）"] = [["编号", "风险名称"], ["R-09", "遗漏的风险"]]
    sheets["培训计划表"] = [["培训内容", "培训对象"], ["急救", "全员"]]
    sheets["风险"][0].append("预警讯号")
    for row in sheets["风险"][1:]:
        row.append("烟感报警")
    _info(sheets, "单位简介", "一家测试单位")
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    checked, built = both(path.parent, tmp_path / "out")
    assert checked.exit_code == 0 and built.exit_code == 0
    assert checked.located("plan.xlsx › 风险（续）", "不是 docgen 认识的工作表（是不是“风险”？）",
                           "不会出现在预案中")
    assert checked.located("plan.xlsx › 培训计划表", "是不是“培训计划”")
    assert checked.located("风险 › 第1行 › 预警讯号", "是不是“预警信号”", "默认模板不会打印")
    assert checked.located("基本信息", "单位简介", "不是基本信息的标准项目")


def test_hidden_sheets_and_rows_that_hold_data_are_warned_about(tmp_path):
    path = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    wb = openpyxl.load_workbook(path)
    wb["资源"].sheet_state = "hidden"
    wb["风险"].row_dimensions[3].hidden = True
    wb["风险"].row_dimensions[4].hidden = True
    wb.save(path)
    checked, built = both(path.parent, tmp_path / "out")
    assert checked.exit_code == 0 and built.exit_code == 0
    assert checked.located("plan.xlsx › 资源", "工作表“资源”是隐藏的")
    assert checked.located("plan.xlsx › 风险", "第3–4行是隐藏的")
    # The data is used, as the warning says.
    register = records(_one(tmp_path / "out"), "编号", "风险名称", "风险等级", "L")
    assert {r["编号"] for r in register} == {"R-01", "R-02", "R-03", "R-04"}


# --- 5. values as Excel shows them -----------------------------------------------------------

def test_numbers_print_as_their_cell_format_shows_them(tmp_path):
    sheets = minimal_sheets()
    sheets["资源"] = [
        ["编号", "资源类型", "名称", "规格型号", "数量", "计量单位", "存放地点", "管理人", "备注"],
        [1, "物资装备", "排水泵", 0.15, 2.5, "台", "一楼仓库", "王五", dt.time(9, 30)],
        [2, "资金保障", "应急资金", 1234.5, 1, "万元", "财务部", "张三", 1.0833333333333333],
        [3, "物资装备", "编码器", 123456789012345678, 1, "台", "机房", "李四", None],
    ]
    _info(sheets, "版本号", 1.1)
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    wb = openpyxl.load_workbook(path)
    ws = wb["资源"]
    for row in (2, 3, 4):
        ws.cell(row=row, column=1).number_format = "000"
    ws["D2"].number_format = "0%"
    ws["D3"].number_format = '"¥"#,##0.00'
    ws["E2"].number_format = "0.00"
    ws["I2"].number_format = "h:mm"
    ws["I3"].number_format = "[h]:mm"
    info = wb["基本信息"]
    for row in info.iter_rows(min_row=2):
        if row[0].value == "版本号":
            row[1].number_format = "0.00"
    wb.save(path)
    checked, built = both(path.parent, tmp_path / "out")
    assert built.exit_code == 0, built.out
    assert checked.located("资源 › 第4行 › 规格型号", "超过 15 位有效数字", "文本格式")
    docx = _one(tmp_path / "out")
    rows = records(docx, "编号", "资源类型", "规格型号", "备注")
    by_code = {r["编号"]: r for r in rows}
    assert set(by_code) == {"001", "002", "003"}
    assert by_code["001"]["规格型号"] == "15%" and by_code["001"]["数量"] == "2.50台"
    assert by_code["001"]["备注"] == "9:30"
    assert by_code["002"]["规格型号"] == "¥1,234.50" and by_code["002"]["备注"] == "26:00"
    assert by_code["003"]["规格型号"] == "123456789012346000"
    assert "版本号：1.10" in document_text(docx)


# --- 6. formulas without results -------------------------------------------------------------

@pytest.mark.parametrize("column", ["影响范围", "风险名称"])  # optional, required
def test_a_text_formula_without_a_result_is_an_error_naming_its_cell(tmp_path, column):
    sheets = minimal_sheets()
    if column not in sheets["风险"][0]:
        sheets["风险"][0].append(column)
        for row in sheets["风险"][1:]:
            row.append("本单位")
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    letter = openpyxl.utils.get_column_letter(sheets["风险"][0].index(column) + 1)
    ref = f"{letter}3"

    def formula(xml: bytes) -> bytes:
        import re

        return re.sub(rf'<c r="{ref}"[^>]*>.*?</c>'.encode(),
                      f'<c r="{ref}" t="str"><f>A3&amp;"x"</f></c>'.encode(), xml, count=1)

    edit_part(path, sheet_member(path, "风险"), formula)
    checked, built = both(path.parent, tmp_path / "out")
    for run in (checked, built):
        assert run.exit_code == 1
        assert run.located(f"风险 › 第3行 › {column}", f"单元格 {ref} 是没有保存计算结果的公式")
        assert "必填，不能为空" not in run.out


# --- 7. control characters never reach the terminal -------------------------------------------

def test_control_characters_in_a_cell_are_escaped_in_every_message(tmp_path):
    sheets = minimal_sheets()
    sheets["风险"][1][1] = "PLACEHOLDER疫情"
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    # Excel keeps ESC and BEL in a cell as _x001B_ and _x0007_ (XML cannot hold them).
    edit_part(path, sheet_member(path, "风险"),
              lambda xml: xml.replace(b"PLACEHOLDER", b"_x001B_[2J_x0007_"))
    checked, built = both(path.parent, tmp_path / "out")
    for run in (checked, built):
        assert run.exit_code == 1
        assert "\x1b" not in run.out and "\x07" not in run.out
        assert "\\x1b[2J\\x07疫情" in run.out


# --- 8. braces in the organisation chart -----------------------------------------------------

def test_braces_in_a_unit_name_print_as_typed_in_the_chart(tmp_path):
    sheets = minimal_sheets()
    name = "技术组{_{ plan.unit_name }_}{{ x }}"
    for row in sheets["组织机构"][1:]:
        row[0] = name if row[0] == "技术组" else row[0]
        row[1] = name if row[1] == "技术组" else row[1]
    for row in sheets["风险"][1:]:
        row[6] = name if row[6] == "技术组" else row[6]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    checked, built = both(path.parent, tmp_path / "out")
    assert checked.exit_code == 0 and built.exit_code == 0, built.out
    from docx_helpers import find_tables

    docx = _one(tmp_path / "out")
    chart = [cell.text for t in find_tables(docx) for row in t.rows for cell in row.cells]
    assert any(name in text for text in chart)
    assert "{{ plan.unit_name }}" not in document_text(docx).replace(name, "")
