"""A corpus of broken and odd workbooks (SPEC §4.3, §4.1): each gives the located
message it must, in Chinese, as a value in the report, never an exception."""

from __future__ import annotations

import json
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import minimal_sheets, write_workbook

from docgen.cli import main
from docgen.pipeline import check_unit
from docgen.read import InputUnit, discover_units, limits, read_unit
from docgen.report import ValidationReport

BROKEN = Path(__file__).resolve().parent / "broken"
KEYS = ["severity", "code", "file", "sheet", "row", "column"]


def check(path: Path) -> ValidationReport:
    units, _ = discover_units(path)
    report, _ = check_unit(units[0])
    return report


def read(path: Path) -> ValidationReport:
    report = ValidationReport()
    read_unit(InputUnit(path.stem, path.parent, (path,)), report)
    return report


def patch_sheet(path: Path, sheet_file: str, edit) -> Path:
    """Rewrite one part of an .xlsx (as another program might have written it)."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts[sheet_file] = edit(parts[sheet_file])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def sheet_part(path: Path, name: str) -> str:
    wb = openpyxl.load_workbook(path)
    return f"xl/worksheets/sheet{wb.sheetnames.index(name) + 1}.xml"


def set_cell(sheets, sheet: str, header: str, row_index: int, value) -> None:
    rows = sheets[sheet]
    rows[row_index][rows[0].index(header)] = value


# --- formulas and error values ----------------------------------------------------------


def test_formula_without_cached_value_names_its_cell_and_nothing_else(workbook):
    sheets = minimal_sheets()
    set_cell(sheets, "风险", "应对措施", 2, '=C3&"：切换备用机"')  # Excel row 3, required
    report = check(workbook(sheets))
    assert report.flatten(KEYS) == [["错误", "cell.formula", "plan.xlsx", "风险", 3, "应对措施"]]
    assert "单元格 F3" in report.issues[0].message
    assert "用 Excel 打开并保存" in report.issues[0].message


def test_formula_in_basic_info_is_reported_once_at_its_key(workbook):
    sheets = minimal_sheets()
    sheets["基本信息"][6] = ["发布日期", "=DATE(2026,3,18)"]
    report = check(workbook(sheets))
    assert report.flatten(KEYS) == [["错误", "cell.formula", "plan.xlsx", "基本信息", 7, "内容"]]


def test_formula_outside_any_column_names_the_column_letter(workbook):
    sheets = minimal_sheets()
    sheets["资源"][1] += [None, "=1+1"]  # two columns right of the last header
    report = check(workbook(sheets))
    assert report.flatten(KEYS) == [["错误", "cell.formula", "plan.xlsx", "资源", 2, "I列"]]


def test_formula_with_an_error_result_is_an_error_naming_the_value(workbook):
    path = workbook()
    part = sheet_part(path, "资源")
    patch_sheet(path, part, lambda xml: re.sub(
        rb'<c r="D3"([^>]*)><v>1</v></c>', rb'<c r="D3" t="e"><f>1/0</f><v>#DIV/0!</v></c>', xml))
    report = check(path)
    assert report.flatten(KEYS) == [["错误", "cell.error", "plan.xlsx", "资源", 3, "数量"]]
    assert "#DIV/0!" in report.issues[0].message


def test_formula_with_a_cached_value_is_read_as_that_value(workbook):
    path = workbook()
    part = sheet_part(path, "风险")
    patch_sheet(path, part, lambda xml: re.sub(
        rb'<c r="D2"([^>]*)><v>4</v></c>', rb'<c r="D2"><f>2+2</f><v>4</v></c>', xml))
    assert b"<f>2+2</f>" in zipfile.ZipFile(path).read(part)
    assert check(path).issues == []


def test_formulas_in_a_sheet_of_ones_own_are_not_docgens_business(workbook):
    sheets = minimal_sheets()
    sheets["计算表"] = [["合计", "说明"], ["=SUM(1,2)", "=A2*2"], ["=1/0", None]]
    # Only a word that the sheet will not be in the plan; its formulas are never read.
    assert [i.code for i in check(workbook(sheets)).issues] == ["sheet.unknown"]


# --- layout of the sheets ---------------------------------------------------------------


def test_title_row_merged_above_the_header_is_skipped(workbook, tmp_path):
    path = workbook()
    wb = openpyxl.load_workbook(path)
    ws = wb["风险"]
    ws.insert_rows(1)
    ws["A1"] = "风险清单"
    ws.merge_cells("A1:G1")
    wb.save(path)
    report, plan = check_unit(discover_units(path)[0][0])
    assert report.issues == []
    assert [r.source.row for r in plan.risks] == [3, 4, 5, 6]


def test_duplicate_header_in_a_docgen_sheet_is_an_error(workbook):
    sheets = minimal_sheets()
    sheets["组织机构"][0][3] = "负责人"  # 成员 → a second 负责人
    report = check(workbook(sheets))
    duplicate = ["错误", "header.duplicate", "plan.xlsx", "组织机构", 1, "负责人"]
    assert duplicate in report.flatten(KEYS)


def test_whitespace_only_rows_and_cells_are_blank(workbook):
    sheets = minimal_sheets()
    sheets["资源"].insert(2, ["  ", "\u3000", None, "\t", None, None, None])
    sheets["资源"][1][6] = "   "  # 联系电话 of whitespace: empty, then the keeper's phone
    report, plan = check_unit(discover_units(workbook(sheets))[0][0])
    assert report.issues == []
    assert plan.resources[0].phone == "13900000003"


def test_header_variants_are_accepted(workbook):
    sheets = minimal_sheets()
    sheets["通讯录"][0] = ["名称", "部门", "职务", "座机", "手机号码", "类别"]
    sheets["资源"][0] = ["资源编号", "类型", "资源名称", "数量", "存放位置", "保管人", "电话"]
    report, plan = check_unit(discover_units(workbook(sheets))[0][0])
    assert report.issues == []
    assert plan.contacts.find("李四").office_phone == "010-88886667"


def test_control_characters_are_dropped_with_a_warning_naming_the_cell(workbook):
    sheets = minimal_sheets()
    # Excel writes a control character as _x0007_; openpyxl refuses the character itself.
    set_cell(sheets, "风险", "风险名称", 1, "暴雨_x0007_内涝")
    report, plan = check_unit(discover_units(workbook(sheets))[0][0])
    assert report.flatten(KEYS) == [["警告", "text.control", "plan.xlsx", "风险", 2, "风险名称"]]
    assert plan.risks[0].name == "暴雨内涝"


def test_empty_workbook_names_every_required_sheet(tmp_path):
    path = tmp_path / "in" / "plan.xlsx"
    path.parent.mkdir()
    openpyxl.Workbook().save(path)
    report = check(path)
    assert [(i.code, i.message) for i in report.errors] == [
        ("sheet.missing", f"缺少必需的工作表“{name}”")
        for name in ("基本信息", "风险", "组织机构", "资源", "通讯录")]


def test_organisation_sheet_with_only_its_header_is_an_error(workbook):
    sheets = minimal_sheets()
    sheets["组织机构"] = sheets["组织机构"][:1]
    sheets["风险"] = sheets["风险"][:1]
    report = check(workbook(sheets))
    assert ["错误", "tree.empty", "plan.xlsx", "组织机构", None, None] in report.flatten(KEYS)


# --- consistency between sheets -----------------------------------------------------------


def test_broken_organisation_tree(workbook):
    sheets = minimal_sheets()
    set_cell(sheets, "组织机构", "上级机构", 1, "后勤组")  # 领导小组 → 后勤组 → 领导小组
    set_cell(sheets, "组织机构", "机构名称", 2, "后勤组")  # and a duplicate name (row 3 = row 4)
    report = check(workbook(sheets))
    codes = {(i.code, i.where.row) for i in report.errors}
    assert ("tree.root", 2) in codes
    assert ("tree.cycle", 2) in codes
    assert ("value.duplicate", 4) in codes


def test_agreement_expired_before_publishing_is_a_warning(workbook):
    sheets = minimal_sheets()
    sheets["外部协议"] = [["协议单位", "协议内容", "有效期至"],
                          ["市医院", "医疗救护", "2025-12-31"]]
    report = check(workbook(sheets))
    assert report.flatten(KEYS) == [["警告", "agreement.expired", "plan.xlsx", "外部协议", 2,
                                     "有效期至"]]


def test_every_mistake_of_a_sheet_is_listed_in_row_order(workbook):
    sheets = minimal_sheets()
    for row in (4, 1, 3, 2):
        set_cell(sheets, "风险", "可能性", row, "高")
    report = check(workbook(sheets))
    assert [i.where.row for i in report.errors] == [2, 3, 4, 5]


# --- files that are not what they claim -----------------------------------------------------


def test_garbage_named_xlsx(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"\x00\x01garbage" * 100)
    assert read(path).flatten(["code", "file"]) == [["file.format", "plan.xlsx"]]


def test_zero_byte_file(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"")
    report = read(path)
    assert report.flatten(["code"]) == [["file.empty"]]
    assert "空的" in report.issues[0].message


def test_truncated_download(workbook):
    path = workbook()
    path.write_bytes(path.read_bytes()[:1500])
    assert [i.code for i in read(path).issues] == ["file.damaged"]


def test_word_document_renamed_to_xlsx(tmp_path, repo_root):
    path = tmp_path / "plan.xlsx"
    path.write_bytes((repo_root / "templates_docx" / "service.docx").read_bytes())
    report = read(path)
    assert report.flatten(["code"]) == [["file.format"]]
    assert "没有工作表" in report.issues[0].message


def test_real_old_xls_file(tmp_path):
    report = read(BROKEN / "old.xls")
    assert report.flatten(["code", "file"]) == [["file.xls", "old.xls"]]
    assert "另存为" in report.issues[0].message and ".xlsx" in report.issues[0].message


def test_old_xls_renamed_to_xlsx_is_still_recognised(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes((BROKEN / "old.xls").read_bytes())
    assert [i.code for i in read(path).issues] == ["file.xls"]


def test_password_protected_workbook(tmp_path):
    report = read(BROKEN / "encrypted.xlsx")
    assert report.flatten(["code", "file"]) == [["file.encrypted", "encrypted.xlsx"]]
    assert "密码" in report.issues[0].message


def test_xlsx_named_xls_is_read_as_what_it_is(tmp_path):
    path = write_workbook(tmp_path / "plan.xls", minimal_sheets())
    assert check(path).issues == []


# --- size limits and XML bombs (checked before calamine opens the file) ---------------------


def test_file_above_the_size_limit(workbook, monkeypatch):
    path = workbook()
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    report = read(path)
    assert [i.code for i in report.issues] == ["file.too_large"]
    assert "上限" in report.issues[0].message


def test_workbook_that_unpacks_beyond_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "plan.xlsx"
    big = minimal_sheets()
    big["资源"] += [[f"ZY-{i}", "物资装备", "x" * 200, 1, "库", "王五", None]
                   for i in range(10, 2000)]
    write_workbook(path, big)
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 200_000)
    report = read(path)
    assert [i.code for i in report.issues] == ["file.too_large"]
    assert "解压后" in report.issues[0].message


def test_zip_bomb_member_is_refused_by_its_ratio(tmp_path, monkeypatch):
    path = tmp_path / "plan.xlsx"
    write_workbook(path, minimal_sheets())
    patch_sheet(path, "xl/worksheets/sheet2.xml", lambda xml: xml.replace(
        b"</worksheet>", b"<!--" + b" " * 3_000_000 + b"--></worksheet>"))
    monkeypatch.setattr(limits, "RATIO_FROM_BYTES", 1_000_000)
    report = read(path)
    assert [i.code for i in report.issues] == ["file.ratio"]


def test_entity_bomb_is_refused_quickly(tmp_path):
    path = tmp_path / "plan.xlsx"
    write_workbook(path, minimal_sheets())
    entities = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e0 "lol">{entities}]>'
            ).encode()
    patch_sheet(path, "xl/worksheets/sheet2.xml",
                lambda xml: bomb + xml.replace(b"R-01", b"&e9;"))
    started = time.perf_counter()
    report = read(path)
    assert time.perf_counter() - started < 2
    assert [i.code for i in report.issues] == ["file.dtd"]


def test_a_broken_file_does_not_stop_the_others_of_its_unit(tmp_path):
    folder = tmp_path / "in"
    sheets = minimal_sheets()
    write_workbook(folder / "a.xlsx", {k: sheets[k] for k in ("基本信息", "风险")})
    write_workbook(folder / "b.xlsx", {k: sheets[k] for k in ("组织机构", "资源", "通讯录")})
    (folder / "c.xlsx").write_bytes(b"not a workbook")
    report = check(folder)
    assert report.flatten(["code", "file"]) == [["file.format", "c.xlsx"]]


@pytest.mark.parametrize("name", ["~$plan.xlsx", ".plan.xlsx"])
def test_lock_and_hidden_files_are_never_opened(workbook, name):
    path = workbook()
    (path.parent / name).write_bytes(b"\xd0\xcf\x11\xe0 lock")
    assert check(path.parent).issues == []


# --- the command line: a user's mistake never shows a traceback ------------------------------


def _formula_workbook(folder: Path) -> Path:
    sheets = minimal_sheets()
    set_cell(sheets, "风险", "应对措施", 2, '=C3&"：切换备用机"')
    return write_workbook(folder / "plan.xlsx", sheets)


def _empty_workbook(folder: Path) -> Path:
    folder.mkdir(parents=True)
    openpyxl.Workbook().save(folder / "plan.xlsx")
    return folder / "plan.xlsx"


def _bytes(data: bytes, name: str = "plan.xlsx"):
    def make(folder: Path) -> Path:
        folder.mkdir(parents=True)
        (folder / name).write_bytes(data)
        return folder / name
    return make


def _no_workbook(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "说明.txt").write_text("这里没有工作簿", encoding="utf-8")
    return folder


CLI_CASES = {
    # case: (make inputs, exit status, what the output must say)
    "empty workbook": (_empty_workbook, 1, "缺少必需的工作表“基本信息”"),
    "garbage named .xlsx": (_bytes(b"PK\x03\x04 not really a zip" * 20), 1,
                            "plan.xlsx: 文件已损坏"),
    "text named .xlsx": (_bytes("编号,名称\n".encode()), 1, "plan.xlsx: 不是 Excel 工作簿"),
    "zero bytes": (_bytes(b""), 1, "plan.xlsx: 文件是空的"),
    "folder without workbook": (_no_workbook, 2, "没有 .xlsx 工作簿"),
    "formula without cached value": (_formula_workbook, 1,
                                     "plan.xlsx › 风险 › 第3行 › 应对措施: 单元格 F3"),
    "password protected": (_bytes((BROKEN / "encrypted.xlsx").read_bytes()), 1,
                           "plan.xlsx: 文件设置了打开密码"),
    "old xls": (_bytes((BROKEN / "old.xls").read_bytes(), "旧.xls"), 1, "旧.xls: 这是旧版"),
}


@pytest.mark.parametrize("command", ["build", "validate"])
@pytest.mark.parametrize("case", list(CLI_CASES))
def test_cli_reports_broken_inputs_without_a_traceback(tmp_path, case, command):
    make, status, says = CLI_CASES[case]
    inputs = make(tmp_path / "in")
    args = [command, str(inputs)]
    if command == "build":
        args += ["--out", str(tmp_path / "out"), "--no-toc-pages"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert says in result.output
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_cli_json_report_of_a_broken_file_is_machine_readable(tmp_path):
    inputs = _formula_workbook(tmp_path / "in")
    result = CliRunner().invoke(main, ["validate", str(inputs), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["failed"] is True and data["errors"] == 1
    assert data["issues"] == [{
        "severity": "error", "code": "cell.formula", "message": data["issues"][0]["message"],
        "file": "plan.xlsx", "sheet": "风险", "row": 3, "column": "应对措施",
        "paragraph": None, "heading": None}]


def test_text_output_is_capped_and_json_is_complete(workbook):
    sheets = minimal_sheets()
    sheets["通讯录"] += [[f"人员{i}", "部门", "职务", None, "12", "内部"] for i in range(300)]
    path = workbook(sheets)
    text = CliRunner().invoke(main, ["validate", str(path)])
    lines = text.output.strip().splitlines()
    assert len(lines) == 202
    assert lines[-2] == ("……另有 100 条未列出（其中错误 100 个、警告 0 个；"
                         "用 --format json 可看到全部）")
    assert lines[-1] == "共 300 个错误，0 个警告"
    data = json.loads(CliRunner().invoke(main, ["validate", str(path), "--format", "json"]).output)
    assert len(data["issues"]) == data["errors"] == 300


def test_strict_counts_warnings_in_text_and_json(workbook):
    sheets = minimal_sheets()
    sheets["组织机构"][2][3] = "无名氏"  # a member not in 通讯录: a warning
    path = workbook(sheets)
    assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 0
    strict = CliRunner().invoke(main, ["validate", str(path), "--strict", "--format", "json"])
    assert strict.exit_code == 1
    data = json.loads(strict.output)
    assert (data["failed"], data["strict"], data["errors"], data["warnings"]) == (True, True, 0, 1)
