"""`docgen init`: the blank fill-in workbook, and a new administrator's first run.

The workbook is drawn from docgen/data/sheets.toml; filled in with openpyxl the
way an administrator types into it, it builds without further edits. The last
tests are the new-user trial of the issue: a dozen typical mistakes, all
reported in one run with their places; once fixed, every value reaches the plan
exactly as typed.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx_helpers import document_text

from docgen import api, pipeline
from docgen.cli import main
from docgen.fillin import FILE_NAME, GUIDE, write_fillin
from docgen.fillin.guide import header_text, requirement
from docgen.profiles import find_profile
from docgen.read import discover_units, normalize_name
from docgen.render.templates import template_places
from docgen.schema import load_schema
from docgen.vocabulary import vocabulary

SCHEMA = load_schema()
PLACES = template_places(find_profile("service"), None)

# What an administrator of a small property-management company types in.
INFO: dict[str, object] = {
    "单位名称": "青山物业服务有限公司",
    "预案编号": "QS-YJYA-2026-01",
    "版本号": "V1.0",
    "主要负责人": "周明",
    "24小时值班电话": "0731-84561234",
    "发布日期": "2026年3月18日",
    "实施日期": "2026/4/1",
    "单位地址": "长沙市岳麓区青山路88号",
    "所属行业": "物业管理",
    "从业人数": 86,
    "单位概况": "本公司负责青山花园小区的物业服务。\n在管面积约20万平方米，住户1600户。",
}
ROWS: dict[str, list[dict[str, object]]] = {
    "风险": [
        {"编号": "R-01", "风险类别": "自然灾害", "风险名称": "暴雨内涝", "风险描述": "地下车库进水",
         "可能性": 3, "严重程度": 4, "应对措施": "关闭车库挡水板\n启动排水泵抽水",
         "责任机构": "工程维修组", "重点岗位": "值班电工", "应急资源": "ZY-01、ZY-02"},
        {"编号": "R-02", "风险类别": "技术故障", "风险名称": "电梯困人", "可能性": 4,
         "严重程度": 3, "应对措施": "安抚被困人员\n通知维保单位到场", "责任机构": "工程维修组",
         "应急资源": "ZY-03"},
        {"编号": "R-03", "风险类别": "人为事故", "风险名称": "住宅楼火灾", "可能性": 2,
         "严重程度": 5, "应对措施": "拨打119报警\n组织住户疏散", "责任机构": "应急领导小组"},
        {"编号": "R-04", "风险类别": "公共卫生事件", "风险名称": "传染病疫情", "可能性": 2,
         "严重程度": 4, "应对措施": "配合社区开展防控", "责任机构": "综合保障组"},
    ],
    "组织机构": [
        {"机构名称": "应急领导小组", "负责人": "周明", "成员": "吴芳、郑强",
         "职责": "统一领导应急工作\n决定启动和终止应急响应"},
        {"机构名称": "应急办公室", "上级机构": "应急领导小组", "负责人": "吴芳",
         "职责": "负责应急值守和信息报告"},
        {"机构名称": "工程维修组", "上级机构": "应急领导小组", "负责人": "郑强", "成员": "王磊",
         "职责": "负责设施设备抢修"},
        {"机构名称": "综合保障组", "上级机构": "应急领导小组", "负责人": "吴芳",
         "职责": "负责物资、通信和后勤保障"},
    ],
    "资源": [
        {"编号": "ZY-01", "资源类型": "物资装备", "名称": "排水泵", "规格型号": "QDX15",
         "数量": 2, "计量单位": "台", "存放地点": "地下车库设备间", "管理人": "王磊"},
        {"编号": "ZY-02", "资源类型": "物资装备", "名称": "灭火器", "规格型号": "MFZ/ABC4",
         "数量": 40, "计量单位": "具", "存放地点": "各楼层消防箱", "管理人": "郑强",
         "有效期至": "2027-6-30"},
        {"编号": "ZY-03", "资源类型": "外部协作", "名称": "电梯维保服务", "数量": 1,
         "计量单位": "项", "存放地点": "维保单位", "管理人": "吴芳",
         "联系电话": "400-820-1234"},
        # What the types of the register need (the hazard library's key equipment).
        {"编号": "ZY-04", "资源类型": "物资装备", "名称": "防汛沙袋", "数量": 200,
         "计量单位": "袋", "存放地点": "地下车库设备间", "管理人": "王磊"},
        {"编号": "ZY-05", "资源类型": "物资装备", "名称": "应急照明灯", "数量": 20,
         "计量单位": "盏", "存放地点": "工程部库房", "管理人": "郑强"},
        {"编号": "ZY-06", "资源类型": "物资装备", "名称": "医用口罩及含氯消毒剂", "数量": 1,
         "计量单位": "批", "存放地点": "综合部库房", "管理人": "吴芳"},
        {"编号": "ZY-07", "资源类型": "物资装备", "名称": "电梯紧急开锁钥匙", "数量": 6,
         "计量单位": "把", "存放地点": "消防控制室", "管理人": "郑强"},
    ],
    "通讯录": [
        {"姓名": "周明", "部门": "总经理室", "职务": "总经理", "应急职务": "总指挥",
         "手机": 13907310001},
        {"姓名": "吴芳", "部门": "综合部", "职务": "经理", "手机": "13907310002"},
        {"姓名": "郑强", "部门": "工程部", "职务": "经理", "办公电话": "0731-84561235",
         "手机": "13907310003", "电子邮箱": "zhengqiang@qingshan.example"},
        {"姓名": "王磊", "部门": "工程部", "职务": "电工", "手机": "13907310004"},
        {"姓名": "岳麓区应急管理局", "办公电话": "0731-88888888", "类别": "外部"},
        {"姓名": "消防救援", "办公电话": 119, "类别": "外部"},
    ],
    "演练计划": [
        {"演练名称": "电梯困人救援演练", "演练形式": "实战演练", "针对风险": "R-02",
         "计划时间": "2026年6月", "组织部门": "工程维修组"},
    ],
    "文本": [
        {"位置": "编制目的", "内容": "为规范本公司突发事件应对工作，保障住户安全，制定本预案。"},
    ],
}


def fill(path: Path, info: dict[str, object], rows: dict[str, list[dict[str, object]]]) -> Path:
    """Type into the init workbook as an administrator would: the 内容 of 基本信息's
    listed keys, then one row per record under the headers (found by name, * or not)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["基本信息"]
    keys = {normalize_name(ws.cell(r, 1).value): r for r in range(2, ws.max_row + 1)}
    for key, value in info.items():
        ws.cell(keys[key], 2, value)
    for sheet, records in rows.items():
        ws = wb[sheet]
        columns = {normalize_name(c.value): c.column for c in ws[1] if c.value}
        for row, record in enumerate(records, 2):
            for header, value in record.items():
                ws.cell(row, columns[header], value)
    wb.save(path)
    return path


def filled(folder: Path, info=None, rows=None) -> Path:
    return fill(write_fillin(folder, PLACES), info or INFO, rows or ROWS)


def build(inputs: Path, out: Path) -> api.BuildResult:
    return api.build(inputs, out, toc_pages=False)


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> openpyxl.Workbook:
    path = write_fillin(tmp_path_factory.mktemp("init"), PLACES)
    return openpyxl.load_workbook(path)


# --- the blank workbook ---------------------------------------------------------------


def test_every_sheet_of_the_schema_follows_the_guide(blank):
    assert blank.sheetnames == [GUIDE, *SCHEMA.sheets]


@pytest.mark.parametrize("name", [n for n, s in SCHEMA.sheets.items() if s.layout == "table"])
def test_headers_are_the_schema_columns_with_required_marked(blank, name):
    ws = blank[name]
    offered = [c for c in SCHEMA.sheet(name).columns if c.fillin]
    assert [c.value for c in ws[1]] == [header_text(c) for c in offered]
    for cell, rule in zip(ws[1], offered, strict=True):
        assert cell.value.endswith("*") == rule.required
        assert cell.comment is not None, f"{name} › {cell.value} has no note"
        assert cell.comment.text.startswith("必填" if rule.required else "选填")
        if rule.example:
            assert rule.example in cell.comment.text


@pytest.mark.parametrize("name", [n for n, s in SCHEMA.sheets.items() if s.layout == "table"])
def test_data_sheets_hold_no_example_rows_and_freeze_the_header(blank, name):
    ws = blank[name]
    assert ws.max_row == 1
    assert ws.freeze_panes == "A2"
    for cell in ws[1]:
        assert ws.column_dimensions[cell.column_letter].width >= 10


def _dropdowns(ws) -> dict[str, str]:
    """Header (without *) → the list of its dropdown."""
    out = {}
    for validation in ws.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            header = ws.cell(1, cell_range.min_col).value.rstrip("*")
            out[header] = validation.formula1
            assert cell_range.min_row == 2 and cell_range.max_row >= 500
    return out


@pytest.mark.parametrize(("sheet", "header", "values"), [
    ("风险", "风险类别", vocabulary().lists["risk_categories"]),
    ("风险", "可能性", ("1", "2", "3", "4", "5")),
    ("风险", "严重程度", ("1", "2", "3", "4", "5")),
    ("资源", "资源类型", vocabulary().lists["resource_types"]),
    ("通讯录", "类别", vocabulary().lists["contact_kinds"]),
    ("演练计划", "演练形式", vocabulary().lists["drill_forms"]),
    ("演练计划", "预案类型", vocabulary().lists["plan_types"]),
    ("风险矩阵", "风险等级", vocabulary().lists["risk_levels"]),
    ("文本", "方式", vocabulary().lists["text_modes"]),
])
def test_dropdowns_offer_the_schema_values(blank, sheet, header, values):
    assert _dropdowns(blank[sheet])[header] == '"' + ",".join(values) + '"'


def test_text_places_dropdown_points_at_the_guide_list(blank):
    formula = _dropdowns(blank["文本"])["位置"]
    assert formula.startswith(f"'{GUIDE}'!")
    cells = blank[GUIDE][formula.split("!")[1].replace("$", "")]
    assert [row[0].value for row in cells] == PLACES


def test_phone_and_code_columns_are_text_so_excel_keeps_leading_zeros(blank):
    ws = blank["通讯录"]
    formats = {c.value.rstrip("*"): ws.column_dimensions[c.column_letter].number_format
               for c in ws[1]}
    assert formats["办公电话"] == formats["手机"] == "@"
    assert blank["资源"].column_dimensions["A"].number_format == "@"  # 编号


def test_basic_info_lists_every_key_with_required_ones_marked(blank):
    ws = blank["基本信息"]
    assert [c.value for c in ws[1]] == ["项目", "内容", "说明"]
    keys = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert keys == [header_text(c) for c in SCHEMA.sheet("基本信息").columns]
    assert "单位名称*" in keys and "预案名称" in keys
    assert all(ws.cell(r, 2).value is None for r in range(2, ws.max_row + 1))


def test_guide_explains_every_column_and_lists_the_template_places(blank):
    ws = blank[GUIDE]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows()]
    explained = {(r[1], r[3] or "") for r in rows if r[1]}
    for sheet in SCHEMA.sheets.values():
        assert any(r[0] == sheet.name for r in rows), sheet.name
        for rule in sheet.columns:
            if rule.fillin:
                assert (rule.name, requirement(rule)) in explained, (sheet.name, rule.name)
    start = next(i for i, r in enumerate(rows) if (r[0] or "").startswith("“文本”工作表可用的位置"))
    listed = [r[1] for r in rows[start + 1:start + 1 + len(PLACES)]]
    assert listed == PLACES


def test_guide_lists_the_industry_packs_and_the_chosen_packs_typical_risks(tmp_path):
    from docgen.packs import match_pack, packs

    mall, _ = match_pack("购物中心")
    ws = openpyxl.load_workbook(write_fillin(tmp_path, PLACES, pack=mall))[GUIDE]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows()]
    names = {r[1] for r in rows}
    assert {p.name for p in packs().values()} <= names
    assert {r.name for r in mall.typical_risks} <= names
    general = packs()["general"]
    assert not {r.name for r in general.typical_risks} - {r.name for r in mall.typical_risks} \
        <= names


def test_the_industry_given_to_init_is_already_filled_in(tmp_path):
    # `make inputs INDUSTRY=购物中心`: the administrator does not type it a second time.
    from docgen.packs import match_pack

    mall, _ = match_pack("购物中心")
    path = write_fillin(tmp_path / "in", PLACES, pack=mall, industry="购物中心")
    ws = openpyxl.load_workbook(path)["基本信息"]
    given = {row[0].value.rstrip("*"): row[1].value for row in ws.iter_rows(min_row=2)}
    assert given["所属行业"] == "购物中心"
    assert [v for k, v in given.items() if k != "所属行业" and v] == []
    assert match_pack(given["所属行业"]) == (mall, True)
    report, _ = pipeline.check_unit(discover_units(path)[0][0])
    assert "所属行业" not in {i.where.column for i in report.errors + report.warnings}


def test_rules_come_from_the_schema(monkeypatch, tmp_path):
    # A value added to a list in sheets.toml reaches the dropdown without another edit.
    from docgen.fillin import workbook as fillin_workbook

    schema = copy.deepcopy(SCHEMA)
    rule = next(c for c in schema.sheet("资源").columns if c.name == "资源类型")
    object.__setattr__(rule, "values", (*rule.values, "车辆"))
    wb = fillin_workbook.fillin_workbook(schema)
    assert "车辆" in _dropdowns(wb["资源"])["资源类型"]


# --- reading it back ------------------------------------------------------------------


def test_blank_workbook_reports_only_what_is_left_to_fill(tmp_path):
    path = write_fillin(tmp_path / "in", PLACES)
    report, _ = pipeline.check_unit(discover_units(path)[0][0])
    assert report.warnings == []
    assert [(i.code, i.where.sheet, i.where.row, i.where.column) for i in report.errors] == [
        ("value.required", "基本信息", 2, "单位名称"),
        ("value.required", "基本信息", 4, "预案编号"),
        ("value.required", "基本信息", 5, "版本号"),
        ("value.required", "基本信息", 6, "主要负责人"),
        ("value.required", "基本信息", 7, "24小时值班电话"),
        ("value.required", "基本信息", 8, "发布日期"),
        ("tree.empty", "组织机构", None, None),
    ]


def test_filled_workbook_builds_without_further_edits(tmp_path):
    result = build(filled(tmp_path / "in").parent, tmp_path / "out")
    assert result.ok, result.units[0].report.to_text()
    report = result.units[0].report
    assert report.errors + report.warnings == []  # a note says which industry pack applies
    assert [p.name for p in result.written] == [
        "QS-YJYA-2026-01_青山物业服务有限公司服务应急措施预案.docx"]


def test_blank_copy_beside_the_filled_workbook_is_ignored(tmp_path):
    filled(tmp_path / "in")
    blank_copy = tmp_path / "in" / "空白模板.xlsx"
    blank_copy.write_bytes((write_fillin(tmp_path / "blank", PLACES)).read_bytes())
    result = build(tmp_path / "in", tmp_path / "out")
    assert result.ok, result.units[0].report.to_text()


def test_init_replaces_a_blank_workbook_but_keeps_a_filled_one(tmp_path):
    runner = CliRunner()
    first = runner.invoke(main, ["init", str(tmp_path / "in")])
    assert first.exit_code == 0, first.output
    assert f"已生成：{tmp_path / 'in' / FILE_NAME}" in first.output
    again = runner.invoke(main, ["init", str(tmp_path / "in")])
    assert again.exit_code == 0, again.output
    fill(tmp_path / "in" / FILE_NAME, INFO, ROWS)
    kept = runner.invoke(main, ["init", str(tmp_path / "in")])
    assert kept.exit_code == 2
    assert "已有填写的内容" in kept.output and "Traceback" not in kept.output
    assert build(tmp_path / "in", tmp_path / "out").ok  # still the filled one
    forced = runner.invoke(main, ["init", str(tmp_path / "in"), "--force"])
    assert forced.exit_code == 0


# --- the new user's trial -------------------------------------------------------------

DOZEN = [
    # (sheet, record index or key, header, typed value) → (severity, code, Excel row, column)
    (("基本信息", None, "发布日期", "2026年13月1日"), ("错误", "value.date", 8, "发布日期")),
    (("基本信息", None, "24小时值班电话", "值班室"), ("错误", "value.phone", 7, "24小时值班电话")),
    (("风险", 1, "可能性", "高"), ("错误", "value.int", 3, "可能性*")),
    (("风险", 2, "严重程度", 6), ("错误", "value.int", 4, "严重程度*")),
    (("风险", 3, "风险类别", "疫情"), ("错误", "value.choice", 5, "风险类别*")),
    (("风险", 3, "编号", "R-03"), ("错误", "value.duplicate", 5, "编号*")),
    (("风险", 0, "责任机构", "工程部"), ("错误", "ref.unit", 2, "责任机构*")),
    (("风险", 2, "应对措施", None), ("错误", "value.required", 4, "应对措施*")),
    (("组织机构", 2, "负责人", "孙丽"), ("错误", "ref.leader", 4, "负责人*")),
    (("组织机构", 1, "上级机构", "应急指挥部"), ("错误", "ref.parent", 3, "上级机构")),
    (("资源", 1, "数量", "若干"), ("错误", "value.number", 3, "数量*")),
    (("资源", 1, "有效期至", "2027-02-30"), ("错误", "value.date", 3, "有效期至")),
    (("通讯录", 3, "手机", None), ("错误", "contact.no_phone", 5, "手机")),
    (("演练计划", 0, "演练形式", "演习"), ("错误", "value.choice", 2, "演练形式*")),
    (("资源", 0, "管理人", "王雷"), ("警告", "ref.keeper", 2, "管理人*")),
    (("通讯录", 1, "手机", "1390731000"), ("警告", "phone.unusual", 3, "手机")),
]


def _with_mistakes() -> tuple[dict, dict]:
    info, rows = dict(INFO), copy.deepcopy(ROWS)
    for (sheet, index, header, value), _ in DOZEN:
        if sheet == "基本信息":
            info[header] = value
        else:
            rows[sheet][index][header] = value
    return info, rows


def test_a_dozen_mistakes_are_all_reported_in_one_run_with_their_places(tmp_path):
    info, rows = _with_mistakes()
    path = filled(tmp_path / "in", info, rows)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    report, _ = pipeline.check_unit(discover_units(path)[0][0])
    found = [(i.severity.value, i.code, i.where.row, i.where.column) for i in report.issues]
    expected = [where for _, where in DOZEN]
    assert sorted(found, key=str) == sorted(expected, key=str), report.to_text()
    assert all(i.where.file == FILE_NAME for i in report.issues)
    # What the administrator reads: place, what was expected, what was found.
    for line in (
        "错误 填写模板.xlsx › 风险 › 第3行 › 可能性*: 应为1–5的整数，实际为“高”",
        "错误 填写模板.xlsx › 基本信息 › 第8行 › 发布日期: 应为日期（如 2026-3-18 或 "
        "2026年3月18日），实际为“2026年13月1日”",
        "错误 填写模板.xlsx › 风险 › 第5行 › 风险类别*: 应为自然灾害、事故灾难、公共卫生事件、"
        "社会安全事件、技术故障、人为事故、政策法规变动、其他之一，实际为“疫情”",
        "错误 填写模板.xlsx › 组织机构 › 第4行 › 负责人*: 负责人“孙丽”不在通讯录中",
        "共 14 个错误，2 个警告",
    ):
        assert line in result.output, result.output
    # The listing goes through the workbook in order: sheet by sheet, row by row.
    errors = [(i.where.sheet, i.where.row) for i in report.errors]
    order = list(SCHEMA.sheets)
    assert errors == sorted(errors, key=lambda p: (order.index(p[0]), p[1]))


def test_after_fixing_them_the_plan_holds_every_value_exactly_as_typed(tmp_path):
    path = filled(tmp_path / "in")
    result = build(path.parent, tmp_path / "out")
    report = result.units[0].report
    assert result.ok and report.errors + report.warnings == []
    text = document_text(result.written[0])
    not_printed = {("风险", "应急资源"), ("文本", "位置")}  # shown as resources / used as a place
    for sheet, records in ROWS.items():
        types = {c.name: c.type for c in SCHEMA.sheet(sheet).columns}
        for record in records:
            for header, value in record.items():
                if (sheet, header) in not_printed or types[header].startswith("date"):
                    continue  # dates are checked below, printed the Chinese way
                for line in str(value).split("\n"):
                    assert line in text, f"{sheet} › {header}: {line!r} missing"
    for key in ("单位名称", "预案编号", "版本号", "主要负责人", "24小时值班电话", "单位地址",
                "所属行业"):
        assert str(INFO[key]) in text, key
    for line in str(INFO["单位概况"]).split("\n"):
        assert line in text
    assert "2026年3月18日" in text and "2026年4月1日" in text  # dates as typed, no padding
    assert "2027年6月30日" in text and "2026年6月" in text
    assert "13907310001" in text and "13907310001.0" not in text  # a mobile typed as a number
    assert "86人" in text


def test_excel_habits_are_taken_calmly(tmp_path):
    """Merged cells, a blank row, a renamed header, full-width digits, an apostrophe,
    dates typed four ways: none of them is a mistake."""
    path = filled(tmp_path / "in")
    wb = openpyxl.load_workbook(path)
    risks = wb["风险"]
    risks["B3"] = None  # 风险类别 of R-02 …
    risks["B2"] = "技术故障"
    risks.merge_cells("B2:B3")  # … merged with R-01's: both 技术故障
    risks.insert_rows(4)  # a blank row between
    risks["E2"] = "３"  # full-width digit
    contacts = wb["通讯录"]
    contacts["G1"] = "手机号码"  # a header variant (alias of 手机)
    resources = wb["资源"]
    resources["E3"] = "'40"  # a number typed with an apostrophe
    resources["J2"] = "2027.6.30"
    resources["J3"] = dt.date(2027, 6, 30)
    resources["J4"] = 46568  # an Excel serial number: 2027-6-30
    wb["修订记录"].append(["V1.0", "2026年3月18日", "首次发布", "吴芳"])
    wb.save(path)
    report, plan = pipeline.check_unit(discover_units(path)[0][0])
    assert report.errors + report.warnings == [], report.to_text()
    assert [r.category for r in plan.risks][:2] == ["技术故障", "技术故障"]
    assert [r.code for r in plan.risks] == ["R-01", "R-02", "R-03", "R-04"]
    assert plan.risks[3].source.row == 6  # Excel's row, after the blank one
    assert plan.risks[0].likelihood == 3 and plan.risks[0].severity == 4
    assert plan.resources[1].quantity == 40
    assert [x.expires for x in plan.resources][:3] == [dt.date(2027, 6, 30)] * 3
    assert plan.contacts.find("周明").mobile == "13907310001"
    assert plan.revisions[0].date == dt.date(2026, 3, 18)


def test_init_onto_a_file_is_a_usage_error(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"x")
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 2
    assert "不是文件夹" in result.output and "Traceback" not in result.output


def test_a_blank_made_for_an_industry_beside_the_filled_workbook_is_still_blank(tmp_path):
    from conftest import minimal_sheets, write_workbook

    folder = tmp_path / "in"
    write_workbook(folder / "plan.xlsx", minimal_sheets())
    write_fillin(folder, industry="通用设备制造业")  # 所属行业 already in 基本信息
    report, plan = pipeline.check_unit(discover_units(folder)[0][0])
    assert plan is not None, report.to_text()
    assert plan.plan.unit_name == "测试服务有限公司"


def test_a_factorys_blank_workbook_speaks_of_no_data_centre(tmp_path):
    """The examples of the headers' notes are neutral: a factory's blank workbook gives
    no IT company's risk as the way to fill a column (the lists of every pack and type
    in 填写说明 name them all, as they should)."""
    from docgen.packs import match_pack

    pack, _ = match_pack("机械制造")
    path = write_fillin(tmp_path, pack=pack, industry="机械制造")
    book = openpyxl.load_workbook(path)
    examples = [cell.comment.text.split("示例：", 1)[1] for sheet in book
                for row in sheet.iter_rows() for cell in row
                if cell.comment is not None and "示例：" in cell.comment.text]
    assert len(examples) > 20
    found = sorted({w for t in examples for w in ("数据中心", "机房", "客户", "UPS", "信息技术")
                    if w in t})
    assert found == []
