"""The compliance rules (docgen/data/rules.toml) over a workbook's enriched plan: each
fires on a workbook (or plan) that breaks it, at the place the workbook gives, and
stays quiet on one that keeps it; and the report as text, JSON and HTML."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import docx
import msgspec
import pytest
from conftest import TRICKY, full_sheets, write_workbook
from PIL import Image

from docgen.check import check_path, check_plan, check_workbook, html_page, load_rules
from docgen.check.checks import add_months
from docgen.errors import DataFileError, UsageError
from docgen.model.plan import Organisation
from docgen.packs import packs
from docgen.pipeline import check_unit
from docgen.read import discover_units
from docgen.report import Severity

RULES = {r.id: r for r in load_rules()}


def compliant() -> dict[str, list[list]]:
    """The full workbook, completed so that every rule is met (checked as a whole plan
    system: --profile all)."""
    s = full_sheets()
    s["基本信息"] += [["预案名称", "测试服务有限公司综合应急预案"], ["编制部门", "安全管理部"],
                   ["从业人数", 150], ["上次评估日期", dt.date(2025, 12, 1)],
                   ["单位地址", "北京市海淀区测试路1号"], ["所属行业", "商务服务"],
                   ["单位概况", "测试服务有限公司在一栋写字楼内办公，设机房一间。"],
                   ["备案部门", "海淀区应急管理局"]]
    s["风险"][0] += ["应急资源", "预警信号", "事故类型"]
    for row, codes, signs, kind in zip(
            s["风险"][1:], ["ZY-01、ZY-04", "ZY-02", None, None],
            ["暴雨红色预警", "监控告警", None, None],
            ["暴雨洪涝", "信息系统故障", "信息系统故障", "信息系统故障"], strict=True):
        row += [codes, signs, kind]
    s["资源"].append(["ZY-04", "物资装备", "防汛沙袋", None, 200, "袋", "一楼仓库", "王五",
                    None, None])
    s["组织机构"].append(["应急办公室", "应急领导小组", "李四", None, "负责应急值守和信息报告"])
    s["通讯录"].append(["北京市公安局海淀分局网安大队", None, None, "010-12340110", None, "外部"])
    s["通讯录"] += [["火警", None, None, "119", None, "外部"],
                  ["急救中心", None, None, "120", None, "外部"],
                  ["报警", None, None, "110", None, "外部"]]
    s["演练计划"] += [
        ["网络中断切换演练", "实战演练", "现场处置", "R-02", "2027年1月", "技术组", "技术部",
         "检验切换"],
        ["系统故障专项推演", "桌面推演", "专项", "R-02", "2027年3月", "技术组", "技术部",
         "检验恢复"],
        ["暴雨内涝现场处置演练", "实战演练", "现场处置", "R-01", "2027年5月", "后勤组",
         "后勤组", "检验排水"]]
    s["图纸"] = [["名称", "文件", "说明"], ["疏散路线图", "疏散.png", "一楼疏散路线"]]
    return s


def plan_of(path: Path):
    units, _ = discover_units(path)
    report, plan = check_unit(units[0])
    assert plan is not None, report.to_text()
    return plan


@pytest.fixture
def write(tmp_path):
    """write(sheets) → the workbook's path, with the drawing it names beside it."""
    def write(sheets: dict[str, list[list]]) -> Path:
        path = write_workbook(tmp_path / "inputs" / "plan.xlsx", sheets)
        Image.new("RGB", (40, 30), "white").save(path.parent / "疏散.png")
        return path
    return write


def run(rule: str, plan) -> list:
    return check_plan(plan, [RULES[rule]]).findings


def places(findings) -> list[str]:
    return [str(f.where) for f in findings]


# ---------------------------------------------------------------- the rules themselves

def test_every_rule_has_its_basis_and_source():
    assert len(RULES) >= 14
    for rule in RULES.values():
        assert rule.title and rule.basis and rule.source and rule.checked, rule.id
        assert any(w in rule.basis for w in ("GB/T 29639-2020", "管理办法》第", "《评审指南》")), \
            rule.id
        assert "/work" not in rule.source and "shared" not in rule.source, rule.id


def test_the_compliant_workbook_passes_every_rule(write):
    report = check_workbook(discover_units(write(compliant()))[0][0], profile="all")
    assert [f for f in report.findings if f.severity is not Severity.NOTE] == [], \
        report.to_text()
    assert {r.rule for r in report.results if r.status != "checked"} == set()
    assert not report.failed(strict=True)
    # As one comprehensive plan, the rules on the plans it does not write do not run.
    alone = check_workbook(discover_units(write(compliant()))[0][0], profile="comprehensive")
    assert {r.rule for r in alone.results if r.status == "not_applicable"} == {
        "structure.special", "structure.onsite"}
    assert {f.rule for f in alone.findings if f.severity is Severity.WARNING} == {
        "system.complete", "cards.posts"}


def test_the_shipped_example_passes(repo_root):
    [report] = check_path(repo_root / "inputs", profile="all")
    assert not report.failed(strict=True), report.to_text()


def test_elements_need_the_data_that_feeds_them(write):
    s = compliant()
    for row in s["资源"][1:]:
        row[1] = "技术支持"  # no 物资装备 left: 6.5.3 and 9.4 have nothing to say
    plan = plan_of(write(s))
    [chapter] = run("structure.elements", plan)
    assert chapter.message == ("“物资装备保障”（6.5.3）缺少内容：资源表中没有资源类型为“物资装备”"
                               "的资源")
    assert str(chapter.where) == "plan.xlsx › 资源"
    [annex] = run("structure.attachments", plan)
    assert "应急物资装备的名录或清单" in annex.message and annex.severity is Severity.ERROR


def test_attachments_without_drawings_or_agreements_are_notes(write):
    s = compliant()
    del s["图纸"], s["外部协议"]
    found = run("structure.attachments", plan_of(write(s)))
    assert [(f.severity, f.where.sheet) for f in found] == [(Severity.NOTE, "图纸"),
                                                            (Severity.NOTE, "外部协议")]


def test_cover_items(write):
    s = compliant()
    s["基本信息"] = [r for r in s["基本信息"] if r[0] not in ("预案名称", "编制部门")]
    plan = plan_of(write(s))
    found = run("cover.items", plan)
    assert [(f.severity, str(f.where)) for f in found] == [
        (Severity.NOTE, "plan.xlsx › 基本信息 › 预案名称"),
        (Severity.NOTE, "plan.xlsx › 基本信息 › 编制部门")]
    # 预案编号 is also required by validation: a plan from elsewhere may lack it.
    plan = plan_of(write(compliant()))
    assert run("cover.items", plan) == []
    [missing] = run("cover.items", replace(plan, plan=replace(plan.plan, plan_code="")))
    assert missing.severity is Severity.ERROR
    assert str(missing.where) == "plan.xlsx › 基本信息 › 第3行 › 预案编号"


def test_head_signs(write):
    plan = plan_of(write(compliant()))
    assert run("cover.head", plan) == []
    [found] = run("cover.head", replace(plan, plan=replace(plan.plan, head="")))
    assert str(found.where) == "plan.xlsx › 基本信息 › 第5行 › 主要负责人"


def test_workbook_errors_are_the_findings(write):
    """A workbook with errors builds nothing: the check reports its errors, where they
    are; an error that leaves out what a rule rests on is that rule's, with its basis."""
    s = compliant()
    s["基本信息"] = [r for r in s["基本信息"] if r[0] != "24小时值班电话"]
    measures = s["风险"][0].index("应对措施")
    s["风险"][2][measures] = None
    likelihood = s["风险"][0].index("可能性")
    s["风险"][3][likelihood] = "经常"  # a word, not a score: no rule rests on it
    report = check_workbook(discover_units(write(s))[0][0])
    by_rule = {f.rule: f for f in report.findings}
    assert report.failed() and set(by_rule) == {"contacts.duty_phone", "risks.measures",
                                                "inputs"}
    rules = {r.id: r for r in load_rules()}
    for rule in ("contacts.duty_phone", "risks.measures"):
        assert by_rule[rule].basis == rules[rule].basis and by_rule[rule].basis
    assert "24小时值班电话" in by_rule["contacts.duty_phone"].message
    assert (by_rule["risks.measures"].where.sheet, by_rule["risks.measures"].where.row) == (
        "风险", 3)
    assert by_rule["inputs"].where.column == "可能性"
    status = {r.rule: r.status for r in report.results}
    assert status.pop("contacts.duty_phone") == status.pop("risks.measures") == "checked"
    assert set(status.values()) == {"not_run"}


# ---------------------------------------------------------------- drills

def test_drills_each_half_year_for_onsite_procedures(write):
    s = compliant()
    s["演练计划"] = s["演练计划"][:3]  # the 现场处置 drill of the second half-year removed
    [found] = run("drills.frequency", plan_of(write(s)))
    assert found.message == ("2026年9月18日至2027年3月17日没有安排现场处置方案演练"
                             "（每半年至少一次）")
    assert str(found.where) == "plan.xlsx › 演练计划 › 计划时间"


def test_drills_yearly_for_the_comprehensive_or_special_plans(write):
    s = compliant()
    for row in s["演练计划"][1:]:
        row[2] = "现场处置"
    [found] = run("drills.frequency", plan_of(write(s)))
    assert "没有安排综合或专项应急预案演练（每年至少一次）" in found.message


def test_a_month_counts_by_its_last_day(write):
    s = compliant()
    s["演练计划"][2][4] = "2026年9月"  # 2026-09-30: the second half-year, not the first
    s["演练计划"][3][4] = "2026年10月"
    [found] = run("drills.frequency", plan_of(write(s)))
    assert found.message.startswith("2026年3月18日至2026年9月17日没有安排现场处置方案演练")


def test_no_drill_plan(write):
    s = compliant()
    del s["演练计划"]
    [found] = run("drills.frequency", plan_of(write(s)))
    assert found.message.startswith("没有演练计划：发布后12个月内应安排综合或专项应急预案演练")
    assert str(found.where) == "plan.xlsx › 演练计划"


def test_crowded_places_drill_every_six_months(write):
    s = _info(compliant(), "所属行业", "商场")
    s["演练计划"] = s["演练计划"][:2]  # one 专项 drill in 2026年6月
    plan = plan_of(write(s))
    assert plan.pack.crowded_place and plan.pack.drill_months == 6
    found = [f.message for f in run("drills.frequency", plan)]
    assert ("2026年9月18日至2027年3月17日没有安排应急预案演练（本单位属人员密集场所经营单位"
            "（行业包“人员密集场所”），每6个月至少一次）") in found


# ---------------------------------------------------------------- training, revision, evaluation

@pytest.mark.parametrize(("rule", "sheet"), [("training.planned", "培训计划"),
                                             ("revision.record", "修订记录")])
def test_training_and_revisions_are_recorded(write, rule, sheet):
    assert run(rule, plan_of(write(compliant()))) == []
    s = compliant()
    del s[sheet]
    [found] = run(rule, plan_of(write(s)))
    assert (found.severity, str(found.where)) == (Severity.WARNING, f"plan.xlsx › {sheet}")


def _info(sheets, key, value):
    sheets["基本信息"] = [r for r in sheets["基本信息"] if r[0] != key]
    if value is not None:
        sheets["基本信息"].append([key, value])
    return sheets


def test_evaluation_every_three_years(write):
    s = _info(compliant(), "上次评估日期", dt.date(2023, 3, 17))
    [found] = run("evaluation.period", plan_of(write(s)))
    assert found.message.startswith("上次评估日期为2023年3月17日，距发布日期2026年3月18日已超过3年")
    assert found.where.column == "上次评估日期" and found.where.row
    s = _info(compliant(), "上次评估日期", dt.date(2023, 3, 18))  # exactly three years: in time
    assert run("evaluation.period", plan_of(write(s))) == []


def test_evaluation_falls_back_on_the_first_revision(write):
    s = _info(compliant(), "上次评估日期", None)
    s["修订记录"][1][1] = dt.date(2022, 12, 1)
    [found] = run("evaluation.period", plan_of(write(s)))
    assert found.message.startswith("未填上次评估日期，最早的修订日期为2022年12月1日")
    assert str(found.where) == "plan.xlsx › 修订记录 › 第2行 › 修订日期"


def test_evaluation_applies_to_medium_units_and_high_risk_kinds(write):
    s = _info(_info(compliant(), "上次评估日期", dt.date(2020, 1, 1)), "从业人数", 60)
    plan = plan_of(write(s))
    report = check_plan(plan, [RULES["evaluation.period"]])
    assert report.findings == []
    assert report.results[0].status == "not_applicable"
    assert "从业人员60人" in report.results[0].reason and "未达到" in report.results[0].reason
    risky = replace(plan, pack=msgspec.structs.replace(plan.pack, high_risk=True,
                                                       name="危险化学品"))
    assert len(run("evaluation.period", risky)) == 1
    # 物业管理: 中型规模 from 300 staff and 1,000 万元 (the pack's sector)
    managed = replace(plan, plan=replace(plan.plan, staff_count=150), pack=packs()["property"])
    reason = check_plan(managed, [RULES["evaluation.period"]]).results[0].reason
    assert "物业管理中型规模的下限（从业人员300人、营业收入1000万元，须同时达到）" in reason


def test_evaluation_without_figures_takes_the_stricter_reading(write):
    s = _info(_info(compliant(), "从业人数", None), "上次评估日期", dt.date(2020, 1, 1))
    report = check_plan(plan_of(write(s)), [RULES["evaluation.period"]])
    assert report.results[0].status == "checked"
    [found] = report.findings
    assert found.rule == "evaluation.period"


# ---------------------------------------------------------------- contacts

def test_duty_phone(write):
    plan = plan_of(write(compliant()))
    assert run("contacts.duty_phone", plan) == []
    [found] = run("contacts.duty_phone", replace(plan, plan=replace(plan.plan, duty_phone="")))
    assert str(found.where) == "plan.xlsx › 基本信息 › 第6行 › 24小时值班电话"


def test_unit_heads_have_phones(write):
    plan = plan_of(write(compliant()))
    assert run("contacts.unit_heads", plan) == []
    units = list(plan.org)
    units[1] = replace(units[1], leader_phone="")  # validation keeps this from a workbook
    [found] = run("contacts.unit_heads", replace(plan, org=Organisation(units)))
    assert found.message == "“技术组”的负责人“李四”在通讯录中没有联系电话"
    assert str(found.where) == "plan.xlsx › 组织机构 › 第3行 › 负责人"


def test_outside_bodies(write):
    s = compliant()
    s["通讯录"] = [r for r in s["通讯录"]
                 if r[0] not in ("报警", "市应急管理局", "北京市公安局海淀分局网安大队")]
    found = run("contacts.outside", plan_of(write(s)))
    assert [f.message for f in found] == ["通讯录中没有公安（报警110）（类别为“外部”的联系人）",
                                          "通讯录中没有应急管理部门（类别为“外部”的联系人）"]
    assert places(found) == ["plan.xlsx › 通讯录"] * 2


def test_an_outside_body_counts_by_its_name(write):
    s = compliant()
    s["通讯录"] = [r for r in s["通讯录"] if r[0] != "火警"]
    s["通讯录"].append(["高新区消防救援站", None, None, "010-86800119", None, "外部"])
    assert run("contacts.outside", plan_of(write(s))) == []


# ---------------------------------------------------------------- risks and resources

def test_risks_have_measures_and_a_responsible_unit(write):
    plan = plan_of(write(compliant()))
    assert run("risks.measures", plan) == []
    risks = list(plan.risks)
    risks[0] = replace(risks[0], measures=" ")
    risks[2] = replace(risks[2], owner_unit="保卫组")
    found = run("risks.measures", replace(plan, risks=risks))
    assert [(f.message, str(f.where)) for f in found] == [
        ("风险“R-01 暴雨内涝”没有应对措施", "plan.xlsx › 风险 › 第2行 › 应对措施"),
        ("风险“R-03 误操作”的责任机构“保卫组”不在组织机构中",
         "plan.xlsx › 风险 › 第4行 › 责任机构")]


def test_major_risks_name_resources(write):
    s = compliant()
    column = s["风险"][0].index("应急资源")
    s["风险"][1][column] = None
    [found] = run("risks.resources", plan_of(write(s)))
    assert found.message == "重大风险“R-01 暴雨内涝”没有列明依托的应急资源"
    assert str(found.where) == "plan.xlsx › 风险 › 第2行 › 应急资源"
    s = compliant()
    for row in s["风险"]:
        del row[column]
    found = run("risks.resources", plan_of(write(s)))  # the column itself missing
    assert places(found) == [f"plan.xlsx › 风险 › 第{row}行 › 应急资源" for row in (2, 3)]


def test_expired_resources_and_agreements(write):
    s = compliant()
    s["资源"][1][9] = dt.date(2026, 3, 17)
    s["外部协议"][2][3] = dt.date(2026, 1, 1)
    plan = plan_of(write(s))
    [resource] = run("resources.valid", plan)
    assert resource.message == ("“ZY-01 排水泵”（应急资源）的有效期至2026年3月17日，早于发布日期"
                                "2026年3月18日：请更新、更换或续签后再发布")
    assert (resource.severity, str(resource.where)) == (Severity.ERROR,
                                                        "plan.xlsx › 资源 › 第2行 › 有效期至")
    [agreement] = run("agreements.valid", plan)
    assert agreement.severity is Severity.WARNING and "江城第一医院" in agreement.message


# ---------------------------------------------------------------- rules as data

def test_a_new_rule_reusing_a_check_needs_no_code(tmp_path, write):
    rules = tmp_path / "rules.toml"
    rules.write_text('''
[[rule]]
id = "local.drawings"
severity = "error"
title = "有疏散路线图"
basis = "本地检查表第5项"
check = "elements"
[[rule.params.elements]]
clause = "附件7"
name = "疏散路线图"
synonyms = ["疏散路线图"]
feeds = ["drawings"]
''', "utf-8")
    s = compliant()
    del s["图纸"]
    [found] = check_plan(plan_of(write(s)), load_rules(rules)).findings
    assert (found.rule, found.severity, found.basis) == ("local.drawings", Severity.ERROR,
                                                         "本地检查表第5项")


@pytest.mark.parametrize(("text", "error"), [
    ('id = "x"\nseverity = "error"\ntitle = "t"\nbasis = "b"\ncheck = "nothing"', "不存在"),
    ('id = "x"\nseverity = "fatal"\ntitle = "t"\nbasis = "b"\ncheck = "drills"', "severity"),
    ('id = "x"\nseverity = "error"\ntitle = "t"\ncheck = "drills"', "缺少必填的键“basis”"),
    ('id = "x"\nseverity = "error"\ntitle = "t"\nbasis = "b"\ncheck = "drills"\nwhen = 1', "when"),
])
def test_a_broken_rule_file_says_what_is_wrong(tmp_path, text, error):
    path = tmp_path / "rules.toml"
    path.write_text(f"[[rule]]\n{text}\n", "utf-8")
    with pytest.raises(DataFileError, match=error) as caught:
        load_rules(path)
    assert str(path) in caught.value.message


def test_add_months_keeps_the_end_of_month():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 3, 18), -36) == dt.date(2023, 3, 18)


# ---------------------------------------------------------------- the report

@pytest.fixture
def failing(write):
    s = compliant()
    # An expired resource whose name must reach every format intact (row 6).
    s["资源"].append(["ZY-05", "物资装备", TRICKY, None, 1, "个", "仓库", "王五", None,
                    dt.date(2026, 1, 1)])
    del s["培训计划"], s["图纸"]
    return check_workbook(discover_units(write(s))[0][0], profile="all")


def test_failed_and_strict(failing, write):
    assert failing.failed() and failing.failed(strict=True)
    s = compliant()
    del s["培训计划"]
    warned = check_workbook(discover_units(write(s))[0][0], profile="all")
    assert not warned.failed() and warned.failed(strict=True)
    assert warned.verdict() == "没有错误（有警告）"


def test_text(failing):
    text = failing.to_text()
    lines = text.splitlines()
    assert lines[0].startswith("【合规检查】") and lines[0].endswith("plan.xlsx")
    assert lines.index(next(x for x in lines if x.startswith("错误 [resources.valid]"))) < \
        lines.index(next(x for x in lines if x.startswith("警告 [training.planned]")))
    assert "（依据：GB/T 29639-2020 6.5.3；《生产安全事故应急预案管理办法》第三十八条）" in text
    total = next(x for x in lines if x.startswith("检查规则"))
    assert total == (f"检查规则 {len(RULES)} 条，共 1 个错误，1 个警告，1 条提示；"
                     "检查结果：1 个问题须改正")
    # Then the pre-review: an expired resource fails a key element (应急保障*).
    assert lines[lines.index(total) + 1].endswith("预评审结论：不通过")
    assert "  不符合：综合应急预案要素评审表 › 保障措施*（resources.valid）" in lines
    assert "  基本符合：综合应急预案要素评审表 › 培训与演练*（training.planned）" in lines


def test_json(failing):
    data = json.loads(failing.to_json(strict=True))
    assert (data["failed"], data["strict"], data["errors"], data["warnings"], data["infos"]) == (
        True, True, 1, 1, 1)
    expired = next(f for f in data["findings"] if f["rule"] == "resources.valid")
    assert TRICKY in expired["message"]
    assert (expired["severity"], expired["sheet"], expired["row"], expired["column"]) == (
        "error", "资源", 6, "有效期至")
    assert expired["basis"].startswith("GB/T 29639-2020 6.5.3")
    assert {r["rule"] for r in data["rules"]} == set(RULES)


def test_html_is_a_page_of_its_own(failing):
    page = failing.to_html()
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert "@page { size: A4" in page and "Noto Sans CJK SC" in page and "SimSun" in page
    assert "<script" not in page and "http" not in page.split("<body>")[0]  # nothing fetched
    for heading in ("错误（1）", "警告（1）", "提示（1）", "检查的规则"):
        assert heading in page
    assert "R&amp;D &lt;核心&gt;" in page and TRICKY not in page  # escaped, never markup
    assert page.count("<th>依据</th>") == 4  # a table per severity, and the rules
    assert html_page([failing, failing]).count('<section class="report">') == 2


# ---------------------------------------------------------------- what `docgen check PATH` takes

def test_check_path_takes_a_batch_a_docx_and_refuses_the_rest(tmp_path):
    for unit in ("甲", "乙"):
        write_workbook(tmp_path / "batch" / unit / "plan.xlsx", compliant())
        Image.new("RGB", (40, 30), "white").save(tmp_path / "batch" / unit / "疏散.png")
    reports = check_path(tmp_path / "batch")
    assert [Path(r.subject).name for r in reports] == ["乙", "甲"]  # sorted, as batches are
    assert not any(r.failed() for r in reports)
    document = docx.Document()
    document.add_heading("第一章 总则", 1)
    document.save(tmp_path / "x.docx")
    [report] = check_path(tmp_path / "x.docx")
    assert report.kind == "document" and report.failed()
    for name, error in (("old.doc", "另存为 .docx"), ("notes.txt", "应为 .xlsx 工作簿")):
        (tmp_path / name).write_text("x")
        with pytest.raises(UsageError, match=error):
            check_path(tmp_path / name)
