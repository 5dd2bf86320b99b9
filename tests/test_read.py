"""Stage 1: finding the input workbooks and reading their sheets (SPEC §3 INPUTS, §4)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from conftest import write_workbook

from docgen.errors import InputsNotFound, UsageError
from docgen.pipeline import check_unit
from docgen.read import InputUnit, discover_units, read_unit
from docgen.report import ValidationReport
from docgen.schema import load_schema
from docgen.validate import validate_sheets
from docgen.validate.sheets import choose_sheets


def _read(*paths: Path) -> tuple[ValidationReport, dict]:
    """The sheets a unit's files hold, as the validate stage chooses them: by name."""
    report = ValidationReport()
    unit = InputUnit("unit", paths[0].parent, tuple(paths))
    return report, choose_sheets(read_unit(unit, report), load_schema(), report)


def _codes(report: ValidationReport) -> list[str]:
    return [issue.code for issue in report.issues]


# --- discover_units ---------------------------------------------------------


def test_single_file_is_one_unit_named_after_its_stem(workbook):
    path = workbook(name="单位甲.xlsx")
    units, batch = discover_units(path)
    assert batch is False
    assert [(u.name, u.folder, u.files) for u in units] == [("单位甲", path.parent, (path,))]


def test_folder_of_workbooks_is_one_unit_with_every_file(tmp_path, sheets):
    a = write_workbook(tmp_path / "in" / "a.xlsx", {"风险": sheets["风险"]})
    b = write_workbook(tmp_path / "in" / "b.xlsx", {"资源": sheets["资源"]})
    units, batch = discover_units(tmp_path / "in")
    assert batch is False
    assert len(units) == 1
    assert units[0].name == "in"
    assert units[0].files == (a, b)


def test_folder_of_subfolders_is_a_batch_one_unit_each(tmp_path, sheets):
    write_workbook(tmp_path / "batch" / "甲公司" / "plan.xlsx", sheets)
    write_workbook(tmp_path / "batch" / "乙公司" / "p1.xlsx", sheets)
    write_workbook(tmp_path / "batch" / "乙公司" / "p2.xlsx", sheets)
    units, batch = discover_units(tmp_path / "batch")
    assert batch is True
    assert sorted((u.name, len(u.files)) for u in units) == [("乙公司", 2), ("甲公司", 1)]
    for unit in units:
        assert unit.folder == tmp_path / "batch" / unit.name


def test_folder_with_workbooks_and_subfolders_is_a_usage_error(tmp_path, sheets):
    write_workbook(tmp_path / "mixed" / "plan.xlsx", sheets)
    write_workbook(tmp_path / "mixed" / "sub" / "plan.xlsx", sheets)
    with pytest.raises(UsageError) as caught:
        discover_units(tmp_path / "mixed")
    assert caught.value.exit_code == 2


def test_lock_files_and_hidden_files_are_ignored(tmp_path, sheets):
    real = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    (tmp_path / "in" / "~$plan.xlsx").write_bytes(b"lock")
    write_workbook(tmp_path / "in" / ".hidden.xlsx", sheets)
    units, _ = discover_units(tmp_path / "in")
    assert units[0].files == (real,)


def test_hidden_subfolder_does_not_make_a_batch_mixed(tmp_path, sheets):
    real = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    write_workbook(tmp_path / "in" / ".backup" / "old.xlsx", sheets)
    units, batch = discover_units(tmp_path / "in")
    assert batch is False
    assert units[0].files == (real,)


def test_folder_with_only_lock_files_has_no_inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "~$plan.xlsx").write_bytes(b"lock")
    with pytest.raises(InputsNotFound):
        discover_units(folder)


def test_missing_path_is_reported(tmp_path):
    with pytest.raises(InputsNotFound) as caught:
        discover_units(tmp_path / "nowhere")
    assert "nowhere" in caught.value.message
    assert caught.value.exit_code == 2


# --- read_unit: layout of a sheet --------------------------------------------


def test_header_is_first_non_empty_row_even_when_data_starts_at_c3(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "资源"
    ws["C3"], ws["D3"] = "编号", "名称"
    ws["C4"], ws["D4"] = "ZY-01", "排水泵"
    ws["C5"], ws["D5"] = "ZY-02", "发电机"
    path = tmp_path / "plan.xlsx"
    wb.save(path)

    report, found = _read(path)
    sheet = found.get("资源")
    assert report.issues == []
    assert sheet.header_row == 3
    assert list(sheet.headers) == ["编号", "名称"]
    assert [(r.row, r.values) for r in sheet.rows] == [
        (4, {"编号": "ZY-01", "名称": "排水泵"}),
        (5, {"编号": "ZY-02", "名称": "发电机"}),
    ]


def test_sheet_and_header_names_are_matched_tolerantly(tmp_path):
    # surrounding spaces, an ideographic space, a trailing * and a full-width ＊
    path = write_workbook(tmp_path / "plan.xlsx", {
        "风险\u3000": [["编号＊", " 风险名称 *", "Ｅｍａｉｌ"], ["R-01", "暴雨", "a@b.cn"]],
    })
    report, found = _read(path)
    sheet = found.get("风险")
    assert report.issues == []
    assert sheet is not None
    assert sheet.name == "风险\u3000"  # kept as typed, for messages
    assert sheet.headers == {"编号": "编号＊", "风险名称": "风险名称 *", "Email": "Ｅｍａｉｌ"}
    assert sheet.rows[0].values == {"编号": "R-01", "风险名称": "暴雨", "Email": "a@b.cn"}


def test_tolerant_names_pass_validation_of_required_columns(workbook, sheets):
    sheets["风险 "] = sheets.pop("风险")
    sheets["风险 "][0] = ["编号*", "风险类别 *", " 风险名称", "可能性＊", "严重程度",
                         "应对措施", "责任机构"]
    report = ValidationReport()
    units, _ = discover_units(workbook(sheets))
    data = validate_sheets(read_unit(units[0], report), report)
    assert report.errors == []
    assert [r.code for r in data.risks] == ["R-01", "R-02", "R-03", "R-04"]
    assert data.risks[0].likelihood == 4


def test_merged_cells_give_every_cell_the_top_left_value(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "组织机构"
    ws.append(["机构名称", "上级机构", "职责"])
    ws.append(["技术组", "应急领导小组", "负责系统恢复"])
    ws.append(["网络组", None, None])
    ws.append(["安全组", None, None])
    ws.merge_cells("B2:B4")
    ws.merge_cells("C2:C4")
    path = tmp_path / "plan.xlsx"
    wb.save(path)

    _, found = _read(path)
    rows = found.get("组织机构").rows
    assert [r.values["上级机构"] for r in rows] == ["应急领导小组"] * 3
    assert [r.values["职责"] for r in rows] == ["负责系统恢复"] * 3


def test_horizontally_merged_header_cells_do_not_shift_columns(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "资源"
    ws.append(["编号", "名称", "备注"])
    ws.append(["ZY-01", "合并说明", None])
    ws.merge_cells("B2:C2")
    path = tmp_path / "plan.xlsx"
    wb.save(path)

    _, found = _read(path)
    assert found.get("资源").rows[0].values == {"编号": "ZY-01", "名称": "合并说明",
                                                "备注": "合并说明"}


def test_blank_and_whitespace_rows_are_skipped_keeping_excel_row_numbers(tmp_path):
    path = write_workbook(tmp_path / "plan.xlsx", {
        "资源": [
            ["编号", "名称"],
            ["ZY-01", "排水泵"],
            [None, None],
            ["  ", "\t"],
            ["ZY-02", "发电机"],
        ],
    })
    _, found = _read(path)
    rows = found.get("资源").rows
    assert [(r.row, r.values["编号"]) for r in rows] == [(2, "ZY-01"), (5, "ZY-02")]


def test_cell_line_breaks_are_kept(tmp_path):
    path = write_workbook(tmp_path / "plan.xlsx", {
        "组织机构": [["机构名称", "职责"], ["技术组", "第一行\n第二行"]],
    })
    _, found = _read(path)
    assert found.get("组织机构").rows[0].values["职责"] == "第一行\n第二行"


def test_dates_and_numbers_reach_the_reader_uninterpreted(tmp_path):
    path = write_workbook(tmp_path / "plan.xlsx", {
        "资源": [["数量", "有效期至"], [2, dt.date(2027, 1, 31)]],
    })
    _, found = _read(path)
    values = found.get("资源").rows[0].values
    assert values["数量"] == 2
    assert values["有效期至"] in (dt.date(2027, 1, 31), dt.datetime(2027, 1, 31))


# --- read_unit: several files ------------------------------------------------


def test_sheets_are_found_across_the_files_of_a_unit(tmp_path, sheets):
    a = write_workbook(tmp_path / "a.xlsx", {"风险": sheets["风险"]})
    b = write_workbook(tmp_path / "b.xlsx", {"通讯录": sheets["通讯录"]})
    report, found = _read(a, b)
    assert report.issues == []
    assert found.get("风险").file == "a.xlsx"
    assert found.get("通讯录").file == "b.xlsx"


def test_sheet_with_data_in_two_files_is_an_error(tmp_path, sheets):
    a = write_workbook(tmp_path / "a.xlsx", {"风险": sheets["风险"]})
    b = write_workbook(tmp_path / "b.xlsx", {"风险 ": sheets["风险"]})
    report, _ = _read(a, b)
    assert report.flatten(["severity", "code", "file"]) == [["错误", "sheet.twice", "b.xlsx"]]
    assert "a.xlsx" in report.issues[0].message


def test_two_whole_workbooks_in_one_folder_get_one_message(tmp_path, sheets):
    a = write_workbook(tmp_path / "示例.xlsx", sheets)
    b = write_workbook(tmp_path / "我的单位.xlsx", sheets)
    report, _ = _read(a, b)
    assert _codes(report) == ["unit.two_workbooks"]
    message = report.issues[0].message
    assert "示例.xlsx" in message and "我的单位.xlsx" in message and "子文件夹" in message


@pytest.mark.parametrize("blank_first", [True, False])
def test_blank_copy_of_a_sheet_in_another_file_is_ignored(tmp_path, sheets, blank_first):
    blank = write_workbook(tmp_path / ("a.xlsx" if blank_first else "z.xlsx"),
                           {"风险": [sheets["风险"][0]]})
    full = write_workbook(tmp_path / "m.xlsx", {"风险": sheets["风险"]})
    report, found = _read(*sorted([blank, full]))
    assert report.issues == []
    sheet = found.get("风险")
    assert sheet.file == "m.xlsx"
    assert len(sheet.rows) == 4


def test_old_xls_file_is_a_located_error(tmp_path, sheets):
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    good = write_workbook(tmp_path / "plan.xlsx", sheets)
    report, found = _read(good, xls)
    assert report.flatten(["severity", "code", "file"]) == [["错误", "file.xls", "old.xls"]]
    assert ".xlsx" in report.issues[0].message
    assert found.get("风险") is not None  # the other file is still read


def test_file_that_is_not_a_zip_is_a_format_error(tmp_path):
    bad = tmp_path / "plan.xlsx"
    bad.write_text("名称,数量\n排水泵,2\n", encoding="utf-8")
    report, found = _read(bad)
    assert report.flatten(["severity", "code", "file"]) == [["错误", "file.format", "plan.xlsx"]]
    assert found == {}


def test_formula_without_cached_value_is_an_error_naming_the_cell(workbook, sheets):
    # openpyxl writes formulas without cached values, as a script-generated workbook would
    sheets["风险"][0].append("风险描述")
    for row in sheets["风险"][1:]:
        row.append(None)
    sheets["风险"][2][-1] = '=B3&"：服务中断"'
    units, _ = discover_units(workbook(sheets))
    report, _ = check_unit(units[0])
    located = [i for i in report.errors if (i.where.sheet, i.where.row) == ("风险", 3)]
    assert located, report.to_text()
    assert located[0].where.column == "风险描述"
