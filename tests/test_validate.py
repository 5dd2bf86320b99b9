"""Validation through real workbooks (SPEC §4): every mistake is found, located and reported."""

from __future__ import annotations

import datetime as dt

from docgen.pipeline import check_unit
from docgen.read import discover_units
from docgen.report import ValidationReport

KEYS = ["severity", "code", "sheet", "row", "column"]


def check(workbook, sheets) -> ValidationReport:
    units, _ = discover_units(workbook(sheets))
    report, _ = check_unit(units[0])
    return report


def issues(report: ValidationReport, code: str) -> list[list]:
    return [flat for flat in report.flatten(KEYS) if flat[1] == code]


def column(rows: list[list], header: str, values: list) -> None:
    """Add a column to a sheet's rows: header, then one value per data row."""
    rows[0].append(header)
    for row, value in zip(rows[1:], values, strict=True):
        row.append(value)


def set_cell(rows: list[list], header: str, row_index: int, value) -> None:
    """rows[row_index][column of header] = value (row_index 1 is Excel row 2)."""
    rows[row_index][rows[0].index(header)] = value


def drop_column(rows: list[list], header: str) -> None:
    index = rows[0].index(header)
    for row in rows:
        del row[index]


# --- the minimal workbook -------------------------------------------------------


def test_minimal_workbook_has_no_issue_and_gives_a_plan(workbook, sheets):
    units, _ = discover_units(workbook(sheets))
    report, plan = check_unit(units[0])
    assert report.flatten(KEYS) == []
    assert plan is not None
    assert plan.plan.unit_name == "测试服务有限公司"


def test_a_workbook_with_errors_gives_no_plan(workbook, sheets):
    set_cell(sheets["风险"], "可能性", 2, "高")
    units, _ = discover_units(workbook(sheets))
    report, plan = check_unit(units[0])
    assert report.errors
    assert plan is None


# --- sheets, columns, values -----------------------------------------------------


def test_missing_required_sheet(workbook, sheets):
    del sheets["资源"]
    report = check(workbook, sheets)
    assert report.flatten(["severity", "code", "file", "sheet", "row"]) == [
        ["错误", "sheet.missing", "plan.xlsx", None, None]]
    assert "资源" in report.issues[0].message


def test_missing_required_column_is_located_at_the_header_row(workbook, sheets):
    drop_column(sheets["风险"], "责任机构")
    sheets["风险"].insert(0, [None])  # header on Excel row 2
    sheets["风险"].insert(0, [])
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "column.missing", "风险", 3, "责任机构"]]


def test_required_value_empty_names_the_excel_row_and_header_as_typed(workbook, sheets):
    risks = sheets["风险"]
    risks[0][risks[0].index("应对措施")] = "应对措施 *"
    set_cell(risks, "应对措施 *", 3, None)  # R-03, Excel row 4
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "value.required", "风险", 4, "应对措施 *"]]


def test_required_value_after_a_blank_row_keeps_its_excel_row(workbook, sheets):
    risks = sheets["风险"]
    risks.insert(2, [None] * len(risks[0]))  # Excel row 3 is blank
    set_cell(risks, "风险名称", 3, "   ")  # R-02 now on Excel row 4, name only spaces
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "value.required", "风险", 4, "风险名称"]]


def test_duplicate_code_mentions_the_first_row(workbook, sheets):
    set_cell(sheets["风险"], "编号", 3, "R-01")
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "value.duplicate", "风险", 4, "编号"]]
    assert "第2行" in report.issues[0].message


def test_word_instead_of_likelihood(workbook, sheets):
    set_cell(sheets["风险"], "可能性", 2, "高")
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "value.int", "风险", 3, "可能性"]]
    assert str(report.issues[0]) == "plan.xlsx › 风险 › 第3行 › 可能性: 应为1–5的整数，实际为“高”"


def test_category_not_allowed(workbook, sheets):
    set_cell(sheets["风险"], "风险类别", 1, "火灾")
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "value.choice", "风险", 2, "风险类别"]]
    assert "实际为“火灾”" in report.issues[0].message


# --- references between sheets --------------------------------------------------


def test_owner_unit_not_in_organisation(workbook, sheets):
    set_cell(sheets["风险"], "责任机构", 4, "保卫组")
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "ref.unit", "风险", 5, "责任机构"]]
    assert "保卫组" in report.issues[0].message


def test_leader_not_in_contacts_is_an_error(workbook, sheets):
    set_cell(sheets["组织机构"], "负责人", 3, "孙七")
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "ref.leader", "组织机构", 4, "负责人"]]


def test_member_not_in_contacts_is_a_warning(workbook, sheets):
    set_cell(sheets["组织机构"], "成员", 2, "赵六、钱八")
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["警告", "ref.member", "组织机构", 3, "成员"]]
    assert "钱八" in report.issues[0].message
    assert "赵六" not in report.issues[0].message


def test_keeper_not_in_contacts_is_a_warning(workbook, sheets):
    set_cell(sheets["资源"], "管理人", 1, "孙七")
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["警告", "ref.keeper", "资源", 2, "管理人"]]


def test_head_not_in_contacts(workbook, sheets):
    sheets["基本信息"][4] = ["主要负责人", "周总"]
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "ref.head", "基本信息", 5, "主要负责人"]]


# --- the organisation tree ----------------------------------------------------------


def test_two_roots(workbook, sheets):
    set_cell(sheets["组织机构"], "上级机构", 3, None)
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "tree.root", "组织机构", 4, "上级机构"]]
    assert "应急领导小组" in report.issues[0].message
    assert "后勤组" in report.issues[0].message


def test_cycle_is_reported_once(workbook, sheets):
    set_cell(sheets["组织机构"], "上级机构", 2, "后勤组")
    set_cell(sheets["组织机构"], "上级机构", 3, "技术组")
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "tree.cycle", "组织机构", 3, "上级机构"]]
    assert "技术组" in report.issues[0].message
    assert "后勤组" in report.issues[0].message


def test_unit_that_is_its_own_parent(workbook, sheets):
    set_cell(sheets["组织机构"], "上级机构", 3, "后勤组")
    report = check(workbook, sheets)
    assert [flat[1] for flat in report.flatten(KEYS)] == ["tree.self"]


def test_unknown_parent(workbook, sheets):
    set_cell(sheets["组织机构"], "上级机构", 3, "综合部")
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "ref.parent", "组织机构", 4, "上级机构"]]
    assert "综合部" in report.issues[0].message


# --- contacts and phones ----------------------------------------------------------------


def test_contact_without_any_phone(workbook, sheets):
    set_cell(sheets["通讯录"], "手机", 4, None)  # 赵六
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "contact.no_phone", "通讯录", 5, "手机"]]
    assert "赵六" in report.issues[0].message


def test_phone_with_letters_is_an_error_and_not_also_missing(workbook, sheets):
    set_cell(sheets["通讯录"], "办公电话", 2, "010-8888abcd")  # 李四
    set_cell(sheets["通讯录"], "手机", 2, None)
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "value.phone", "通讯录", 3, "办公电话"]]
    assert "010-8888abcd" in report.issues[0].message


def test_landline_stored_as_a_number_is_a_warning(workbook, sheets):
    set_cell(sheets["通讯录"], "办公电话", 2, 73982345678)  # 李四, 0739-82345678 lost its 0
    report = check(workbook, sheets)
    assert report.errors == []
    assert issues(report, "phone.number") == [["警告", "phone.number", "通讯录", 3, "办公电话"]]
    assert "73982345678" in report.warnings[0].message


def test_beijing_landline_stored_as_a_number_is_warned_not_blocked(workbook, sheets):
    set_cell(sheets["通讯录"], "办公电话", 2, 1088886666)  # 010-88886666 lost its 0
    report = check(workbook, sheets)
    assert report.errors == []
    assert [w.where.row for w in report.warnings] == [3]


def test_mobile_stored_as_a_number_is_fine(workbook, sheets):
    set_cell(sheets["通讯录"], "手机", 3, 13900000003.0)
    assert check(workbook, sheets).flatten(KEYS) == []


def test_duplicate_internal_name(workbook, sheets):
    sheets["通讯录"].append(["李四", "行政部", "司机", None, "13900000009", "内部"])
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "value.duplicate", "通讯录", 7, "姓名"]]
    assert "第3行" in report.issues[0].message


# --- dates, risk bands, given levels ---------------------------------------------------


def test_resource_expired_before_publish_date(workbook, sheets):
    column(sheets["资源"], "有效期至",
           [dt.date(2026, 3, 17), dt.date(2026, 3, 18), "2027-1-1"])
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["警告", "resource.expired", "资源", 2, "有效期至"]]


def _bands(*rows) -> list[list]:
    return [["风险等级", "最小值", "最大值"], *[list(r) for r in rows]]


def test_default_bands_written_as_a_sheet_are_valid(workbook, sheets):
    sheets["风险矩阵"] = _bands(("重大", 20, 25), ("较大", 10, 16), ("一般", 4, 9), ("低", 1, 3))
    assert check(workbook, sheets).flatten(KEYS) == []


def test_bands_leaving_an_achievable_value_uncovered(workbook, sheets):
    # 9 = 3 × 3 can occur; 17–19 cannot and are no gap
    sheets["风险矩阵"] = _bands(("重大", 20, 25), ("较大", 10, 16), ("一般", 4, 8), ("低", 1, 3))
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "matrix.gap", "风险矩阵", None, None]]
    assert "9" in report.issues[0].message


def test_bands_covering_a_value_twice(workbook, sheets):
    sheets["风险矩阵"] = _bands(("重大", 20, 25), ("较大", 10, 20), ("一般", 4, 9), ("低", 1, 3))
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "matrix.overlap", "风险矩阵", None, None]]
    assert "20" in report.issues[0].message


def test_band_with_min_above_max(workbook, sheets):
    sheets["风险矩阵"] = _bands(("重大", 25, 20), ("较大", 10, 16), ("一般", 4, 9), ("低", 1, 3))
    report = check(workbook, sheets)
    assert issues(report, "matrix.band") == [["错误", "matrix.band", "风险矩阵", 2, "最小值"]]


def test_given_level_disagreeing_is_a_warning(workbook, sheets):
    column(sheets["风险"], "风险等级", ["低", "较大", "一般", "低"])  # R-01 is 4 × 5 = 20: 重大
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["警告", "risk.level", "风险", 2, "风险等级"]]
    assert "重大" in report.issues[0].message


def test_given_score_disagreeing_is_a_warning(workbook, sheets):
    column(sheets["风险"], "风险值", [20, 12, 5, 2.0])  # R-03 is 2 × 3 = 6
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["警告", "risk.score", "风险", 4, "风险值"]]


# --- 基本信息 -------------------------------------------------------------------------


def test_missing_key(workbook, sheets):
    sheets["基本信息"] = [r for r in sheets["基本信息"] if r[0] != "预案编号"]
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "key.missing", "基本信息", None, "预案编号"]]
    assert "预案编号" in report.issues[0].message


def test_key_with_empty_value(workbook, sheets):
    sheets["基本信息"][3] = ["版本号", "  "]
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "value.required", "基本信息", 4, "版本号"]]


def test_duplicate_key(workbook, sheets):
    sheets["基本信息"].append(["单位名称 ", "另一个公司"])
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "key.duplicate", "基本信息", 8, "单位名称"]]
    assert "第2行" in report.issues[0].message


def test_publish_date_that_is_not_a_date(workbook, sheets):
    sheets["基本信息"][6] = ["发布日期", "明年"]
    report = check(workbook, sheets)
    assert report.flatten(KEYS) == [["错误", "value.date", "基本信息", 7, "发布日期"]]


# --- everything in one run ---------------------------------------------------------------


def test_all_errors_of_a_workbook_are_reported_in_one_run(workbook, sheets):
    set_cell(sheets["风险"], "可能性", 1, "高")                  # 1 value.int
    set_cell(sheets["风险"], "严重程度", 1, 9)                   # 2 value.int
    set_cell(sheets["风险"], "风险类别", 2, "火灾")              # 3 value.choice
    set_cell(sheets["风险"], "编号", 3, "R-01")                  # 4 value.duplicate
    set_cell(sheets["风险"], "责任机构", 4, "保卫组")            # 5 ref.unit
    set_cell(sheets["组织机构"], "负责人", 3, "孙七")            # 6 ref.leader
    set_cell(sheets["组织机构"], "职责", 2, None)                # 7 value.required
    set_cell(sheets["资源"], "资源类型", 1, "车辆")              # 8 value.choice
    set_cell(sheets["资源"], "数量", 2, "若干")                  # 9 value.number
    set_cell(sheets["通讯录"], "手机", 4, None)                  # 10 contact.no_phone
    set_cell(sheets["通讯录"], "办公电话", 2, "abc")             # 11 value.phone
    sheets["基本信息"][6] = ["发布日期", "明年"]                 # 12 value.date
    sheets["基本信息"] = [r for r in sheets["基本信息"] if r[0] != "版本号"]  # 13 key.missing
    set_cell(sheets["组织机构"], "成员", 2, "无名氏")            # a warning only
    report = check(workbook, sheets)
    assert len(report.errors) == 13, report.to_text()
    assert sorted(i.code for i in report.errors) == sorted([
        "value.int", "value.int", "value.choice", "value.duplicate", "ref.unit", "ref.leader",
        "value.required", "value.choice", "value.number", "contact.no_phone", "value.phone",
        "value.date", "key.missing"])
    assert [i.code for i in report.warnings] == ["ref.member"]
    assert "共 13 个错误，1 个警告" in report.to_text()


def test_all_errors_across_files_of_a_unit(tmp_path, sheets):
    from conftest import write_workbook

    folder = tmp_path / "unit"
    set_cell(sheets["风险"], "可能性", 1, "高")
    set_cell(sheets["通讯录"], "手机", 4, None)
    write_workbook(folder / "a.xlsx", {k: sheets[k] for k in ("基本信息", "风险")})
    write_workbook(folder / "b.xlsx", {k: sheets[k] for k in ("组织机构", "资源", "通讯录")})
    units, _ = discover_units(folder)
    report, _ = check_unit(units[0])
    assert report.flatten(["code", "file", "sheet", "row"]) == [
        ["value.int", "a.xlsx", "风险", 2], ["contact.no_phone", "b.xlsx", "通讯录", 5]]


# --- strictness -----------------------------------------------------------------------------


def test_warnings_alone_fail_only_when_strict(workbook, sheets):
    set_cell(sheets["组织机构"], "成员", 2, "无名氏")
    report = check(workbook, sheets)
    assert report.errors == []
    assert len(report.warnings) == 1
    assert report.failed(strict=False) is False
    assert report.failed(strict=True) is True


def test_clean_report_never_fails():
    report = ValidationReport()
    assert report.failed(strict=True) is False


# --- resources a risk relies on -------------------------------------------------------------


def test_unknown_resource_is_an_error_located_at_the_cell(workbook, sheets):
    column(sheets["风险"], "应急资源", ["ZY-01、ZY-99", None, None, None])
    report = check(workbook, sheets)
    assert issues(report, "ref.resource") == [["错误", "ref.resource", "风险", 2, "应急资源"]]
    assert "ZY-99" in report.errors[0].message and "ZY-01" not in report.errors[0].message


def test_a_name_two_resources_share_asks_for_the_code(workbook, sheets):
    sheets["资源"].append(["ZY-04", "物资装备", "排水泵及防汛沙袋", 2, "二楼", "王五", None])
    column(sheets["风险"], "应急资源", ["排水泵及防汛沙袋", None, None, None])
    report = check(workbook, sheets)
    (error,) = report.errors
    assert error.code == "ref.resource_name"
    assert "ZY-01、ZY-04" in error.message and "请写其中一项的编号" in error.message


def test_look_alike_sheets_in_one_workbook_name_the_file_once(tmp_path):
    import openpyxl
    from conftest import minimal_sheets, write_workbook

    from docgen.api import validate

    path = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    book = openpyxl.load_workbook(path)
    copy = book.create_sheet("风险 ")
    for row in minimal_sheets()["风险"]:
        copy.append(row)
    book.save(path)
    [error] = validate(tmp_path / "in").units[0].report.errors
    assert error.code == "sheet.twice_in_file"
    assert error.message.count("plan.xlsx") == 1 and "“风险 ”" in error.message
