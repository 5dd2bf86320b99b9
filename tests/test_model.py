"""The model stage: validated records → the enriched Plan a template renders."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.documents import plan_name
from docgen.domain.numerals import chinese_numeral
from docgen.model import Plan, enrich
from docgen.profiles import find_profile as profile
from docgen.read import discover_units, read_unit
from docgen.report import ValidationReport
from docgen.validate import validate_sheets


def plan_of(workbook, sheets, profile: str = "service") -> Plan:
    report = ValidationReport()
    units, _ = discover_units(workbook(sheets))
    data = validate_sheets(read_unit(units[0], report), report)
    assert report.errors == [], report.to_text()
    return enrich(data, profile)


def info_row(sheets, key: str, value) -> None:
    sheets["基本信息"].append([key, value])


# --- risk values and levels --------------------------------------------------------


def test_risk_value_is_l_times_s_and_level_by_default_bands(workbook, sheets):
    plan = plan_of(workbook, sheets)
    assert [(r.code, r.score, r.level, r.level_color) for r in plan.risks] == [
        ("R-01", 20, "重大", "FF0000"),  # 4 × 5
        ("R-02", 12, "较大", "FFC000"),  # 3 × 4
        ("R-03", 6, "一般", "FFFF00"),   # 2 × 3
        ("R-04", 2, "低", "0070C0"),     # 1 × 2
    ]
    assert plan.matrix.custom is False


@pytest.mark.parametrize(("likelihood", "severity", "level"), [
    (5, 5, "重大"), (4, 4, "较大"), (5, 2, "较大"), (3, 3, "一般"), (2, 2, "一般"),
    (1, 3, "低"), (1, 1, "低"),
])
def test_band_edges(workbook, sheets, likelihood, severity, level):
    sheets["风险"][1][3:5] = [likelihood, severity]
    assert plan_of(workbook, sheets).risks[0].level == level


def test_given_level_does_not_override_the_computed_one(workbook, sheets):
    sheets["风险"][0].append("风险等级")
    for row, given in zip(sheets["风险"][1:], ["低", "低", "低", "低"], strict=True):
        row.append(given)
    plan = plan_of(workbook, sheets)
    assert [r.level for r in plan.risks] == ["重大", "较大", "一般", "低"]


def test_custom_bands_from_a_risk_matrix_sheet_change_the_level(workbook, sheets):
    sheets["风险矩阵"] = [
        ["风险等级", "最小值", "最大值"],
        ["低", 1, 2], ["一般", 3, 7], ["较大", 8, 11], ["重大", 12, 25],
    ]
    plan = plan_of(workbook, sheets)
    assert [r.level for r in plan.risks] == ["重大", "重大", "一般", "低"]
    assert plan.risks[1].level_color == "FF0000"
    assert plan.matrix.custom is True
    assert [(b.level, b.min, b.max) for b in plan.matrix.bands] == [
        ("重大", 12, 25), ("较大", 8, 11), ("一般", 3, 7), ("低", 1, 2)]


def test_matrix_grid_is_s_5_to_1_by_l_1_to_5(workbook, sheets):
    grid = plan_of(workbook, sheets).matrix.grid
    assert [c.score for c in grid[0]] == [5, 10, 15, 20, 25]
    assert [c.level for c in grid[0]] == ["一般", "较大", "较大", "重大", "重大"]
    assert [c.score for c in grid[4]] == [1, 2, 3, 4, 5]
    assert grid[4][0].likelihood == 1
    assert grid[4][0].severity == 1


# --- counts ---------------------------------------------------------------------------


def test_counts_by_category_follow_the_spec_order(workbook, sheets):
    sheets["风险"][4][1] = "技术故障"
    sheets["风险"].append(["R-05", "自然灾害", "台风", 5, 5, "加固", "后勤组"])
    plan = plan_of(workbook, sheets)
    got = [(c.category, c.count, c.major, c.high, c.medium, c.low)
           for c in plan.risks.by_category]
    assert got == [
        ("自然灾害", 2, 2, 0, 0, 0),
        ("技术故障", 2, 0, 1, 0, 1),
        ("人为事故", 1, 0, 0, 1, 0),
    ]


def test_counts_by_level_have_all_four_levels_highest_first(workbook, sheets):
    del sheets["风险"][4]  # no 低 risk left
    sheets["风险"].append(["R-05", "自然灾害", "台风", 5, 5, "加固", "后勤组"])
    plan = plan_of(workbook, sheets)
    assert [(b.level, b.count) for b in plan.risks.by_level] == [
        ("重大", 2), ("较大", 1), ("一般", 1), ("低", 0)]
    top = plan.risks.by_level[0]
    assert (top.min, top.max, top.color) == (20, 25, "FF0000")
    assert [r.code for r in plan.risks.major] == ["R-01", "R-05"]
    assert [r.code for r in plan.risks.high] == ["R-01", "R-02", "R-05"]


def test_counts_by_level_with_custom_bands_listed_lowest_first(workbook, sheets):
    sheets["风险矩阵"] = [
        ["风险等级", "最小值", "最大值"],
        ["低", 1, 2], ["一般", 3, 7], ["较大", 8, 11], ["重大", 12, 25],
    ]
    plan = plan_of(workbook, sheets)
    assert [(b.level, b.count) for b in plan.risks.by_level] == [
        ("重大", 2), ("较大", 0), ("一般", 1), ("低", 1)]


# --- resources -------------------------------------------------------------------------


def test_resources_grouped_by_type_in_spec_order(workbook, sheets):
    sheets["资源"].append(["ZY-04", "外部协作", "消防支援", 1, "消防站", "张三", None])
    sheets["资源"].append(["ZY-05", "人力资源", "抢险队", 12, "各部门", "李四", None])
    sheets["资源"].append(["ZY-06", "物资装备", "沙袋", 200, "一楼仓库", "王五", None])
    plan = plan_of(workbook, sheets)
    assert [(g.type, [x.code for x in g.items]) for g in plan.resources.by_type] == [
        ("人力资源", ["ZY-05"]),
        ("物资装备", ["ZY-01", "ZY-06"]),
        ("技术支持", ["ZY-02"]),
        ("资金保障", ["ZY-03"]),
        ("外部协作", ["ZY-04"]),
    ]
    assert plan.resources.by_type[1].count == 2


def test_resource_without_phone_takes_its_keepers_phone(workbook, sheets):
    sheets["通讯录"].append(["钱八", "保卫部", "主管", "0739-82345678", None, "内部"])
    sheets["资源"].append(["ZY-04", "物资装备", "灭火器", 10, "各楼层", "钱八", None])
    sheets["资源"][2][6] = "0739-11112222"  # ZY-02 has its own phone
    plan = plan_of(workbook, sheets)
    phones = {x.code: x.phone for x in plan.resources}
    assert phones == {
        "ZY-01": "13900000003",    # 王五's mobile
        "ZY-02": "0739-11112222",  # given, kept
        "ZY-03": "13900000001",    # 张三's mobile, typed as a number
        "ZY-04": "0739-82345678",  # 钱八 has only an office phone
    }


def test_keeper_with_mobile_and_office_phone_gives_the_mobile(workbook, sheets):
    sheets["资源"][2][6] = None  # ZY-02, kept by 李四 (office 010-88886667, mobile 13900000002)
    plan = plan_of(workbook, sheets)
    assert plan.resources.get("ZY-02").phone == "13900000002"


def test_risk_lists_the_resources_it_relies_on(workbook, sheets):
    sheets["风险"][0].append("应急资源")
    for row, codes in zip(sheets["风险"][1:], ["ZY-01、ZY-03", None, "ZY-02", None],
                          strict=True):
        row.append(codes)
    plan = plan_of(workbook, sheets)
    assert [x.name for x in plan.risks[0].resources] == ["排水泵及防汛沙袋", "应急资金"]
    assert plan.risks[1].resources == ()


def test_risk_may_name_a_resource_by_its_unique_name(workbook, sheets):
    sheets["风险"][0].append("应急资源")
    codes = ["排水泵及防汛沙袋、ZY-03", None, None, None]
    for row, code in zip(sheets["风险"][1:], codes, strict=True):
        row.append(code)
    plan = plan_of(workbook, sheets)
    assert [x.code for x in plan.risks[0].resources] == ["ZY-01", "ZY-03"]


# --- organisation tree --------------------------------------------------------------------


def test_organisation_tree_order_depth_and_numbering(workbook, sheets):
    units = sheets["组织机构"]
    units.append(["网络小组", "技术组", "赵六", None, "负责网络"])
    units.append(["数据小组", "技术组", "赵六", None, "负责数据"])
    units.insert(1, units.pop(2))  # 技术组 listed before its parent
    plan = plan_of(workbook, sheets)
    org = plan.org
    assert [(u.name, u.depth, u.number) for u in org] == [
        ("应急领导小组", 0, "一"),
        ("技术组", 1, "一"),
        ("网络小组", 2, "一"),
        ("数据小组", 2, "二"),
        ("后勤组", 1, "二"),
        ("应急办公室", 1, "三"),
    ]
    assert org.root.name == "应急领导小组"
    assert [c.name for c in org.unit("技术组").children] == ["网络小组", "数据小组"]
    assert [[u.name for u in level] for level in org.levels] == [
        ["应急领导小组"], ["技术组", "后勤组", "应急办公室"], ["网络小组", "数据小组"]]


def test_unit_knows_its_leaders_phone_and_title(workbook, sheets):
    unit = plan_of(workbook, sheets).org.unit("技术组")
    assert (unit.leader, unit.leader_phone, unit.leader_title) == ("李四", "13900000002", "经理")
    assert unit.members == ["赵六"]


def test_chinese_numerals_for_more_than_ten_siblings(workbook, sheets):
    for i in range(1, 13):
        sheets["组织机构"].append([f"小组{i}", "后勤组", "王五", None, "支援"])
    plan = plan_of(workbook, sheets)
    assert [u.number for u in plan.org.unit("后勤组").children][9:] == ["十", "十一", "十二"]


@pytest.mark.parametrize(("n", "text"), [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (12, "十二"), (20, "二十"), (25, "二十五"),
    (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (115, "一百一十五"),
    (150, "一百五十"), (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"),
    (10000, "一万"), (10010, "一万零一十"), (12345, "一万二千三百四十五"),
    (100000000, "一亿"),
])
def test_chinese_numeral(n, text):
    assert chinese_numeral(n) == text


# --- plan defaults ---------------------------------------------------------------------------


def test_plan_defaults(workbook, sheets):
    info = plan_of(workbook, sheets).plan
    assert info.plan_name == ""  # each document names itself (test_plan_name_…)
    assert info.effective_date == dt.date(2026, 3, 18)
    assert (info.contact_person, info.contact_phone) == ("张三", "13900000001")
    assert info.head_title == "总经理"


def test_plan_name_default_comes_from_the_documents_pattern(workbook, sheets):
    plan = plan_of(workbook, sheets)
    (document,) = profile("service").documents
    assert document.plan_name == "{单位名称}服务应急措施预案"  # docgen/data/profiles.toml
    assert plan_name(plan, document) == "测试服务有限公司服务应急措施预案"
    named = plan.named("service", plan_name(plan, document))
    assert (named.profile, named.plan.plan_name) == ("service", "测试服务有限公司服务应急措施预案")
    assert plan.plan.plan_name == ""  # the plan itself is unchanged


def test_given_plan_name_wins_over_the_pattern(workbook, sheets):
    info_row(sheets, "预案名称", "数据中心突发事件应急预案")
    plan = plan_of(workbook, sheets)
    assert plan_name(plan, profile("service").documents[0]) == "数据中心突发事件应急预案"


def test_given_values_are_not_replaced_by_defaults(workbook, sheets):
    info_row(sheets, "预案名称", "自定义预案")
    info_row(sheets, "实施日期", "2026-4-1")
    info_row(sheets, "联系人", "李四")
    info = plan_of(workbook, sheets).plan
    assert info.plan_name == "自定义预案"
    assert info.effective_date == dt.date(2026, 4, 1)
    assert (info.contact_person, info.contact_phone) == ("李四", "13900000002")


def test_given_contact_phone_is_kept(workbook, sheets):
    info_row(sheets, "联系人", "王五")
    info_row(sheets, "联系电话", "0739-82345678")
    info = plan_of(workbook, sheets).plan
    assert (info.contact_person, info.contact_phone) == ("王五", "0739-82345678")


def test_default_contact_is_the_root_units_leader_not_the_first_row(workbook, sheets):
    units = sheets["组织机构"]
    units.insert(1, units.pop(3))  # 后勤组 (王五) listed first
    info = plan_of(workbook, sheets).plan
    assert (info.contact_person, info.contact_phone) == ("张三", "13900000001")


# --- response levels and text places ------------------------------------------------------------


def test_default_response_levels_without_a_sheet(workbook, sheets):
    levels = plan_of(workbook, sheets).levels
    assert levels.custom is False
    assert len(levels) == 3
    assert [lv.level for lv in levels] == ["单位级（Ⅰ级）", "部门级（Ⅱ级）", "岗位级（Ⅲ级）"]
    assert all(lv.trigger and lv.commander for lv in levels)
    # defined by the organisation's ability to control the event, not by risk levels
    assert not any(name in lv.level for lv in levels for name in ("重大", "较大", "一般"))


def test_response_level_sheet_replaces_the_defaults(workbook, sheets):
    sheets["响应分级"] = [
        ["级别", "启动条件", "指挥"],
        ["一级", "全公司停摆", "总经理"],
        ["二级", "部门停摆", "部门经理"],
    ]
    levels = plan_of(workbook, sheets).levels
    assert levels.custom is True
    assert [(lv.level, lv.commander) for lv in levels] == [("一级", "总经理"), ("二级", "部门经理")]


def test_text_places_replace_and_append(workbook, sheets):
    sheets["文本"] = [
        ["位置", "内容", "方式"],
        ["编制目的", "第一段\n\n第二段", None],
        ["工作原则", "补充一条", "追加"],
        ["编制目的", "第三段", "替换"],
    ]
    text = plan_of(workbook, sheets).text
    assert text.lines("编制目的") == ["第一段", "第二段", "第三段"]
    assert text.replaces("编制目的") is True
    assert text.lines("工作原则") == ["补充一条"]
    assert text.replaces("工作原则") is False
    assert text.lines("适用范围") == []
    assert text.replaces("适用范围") is False
    assert {"编制目的", "工作原则", "适用范围"} <= text.used


def test_context_exposes_every_part_of_the_plan(workbook, sheets):
    context = plan_of(workbook, sheets).context()
    assert set(context) == {"profile", "plan", "risks", "matrix", "org", "resources", "contacts",
                            "drills", "trainings", "revisions", "agreements", "team", "levels",
                            "drawings", "text", "scales", "pack", "system", "special", "review",
                            "basis", "office", "stage"}
    assert [s.value for s in context["scales"]["likelihood"]] == [5, 4, 3, 2, 1]
    assert context["contacts"].find("消防救援").office_phone == "119"
    assert [c.name for c in context["contacts"].external] == ["消防救援"]


@pytest.mark.parametrize(("profile_name", "made"), [("comprehensive", 0), ("all", 1)])
def test_cards_and_procedures_are_made_once_and_only_when_asked_for(
        repo_root, tmp_path, monkeypatch, profile_name, made):
    """A run whose profile writes no card book nor 现场处置方案 never lays them out
    (a 10,000-risk register's cards take seconds); a run that writes them makes each
    once, though the system is copied for the documents of the run."""
    from docgen import api
    from docgen.model import plan as plan_module

    calls = {"cards": 0, "procedures": 0}

    def counted(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(plan_module, "cards_for", counted("cards", plan_module.cards_for))
    monkeypatch.setattr(plan_module, "onsite_procedures",
                        counted("procedures", plan_module.onsite_procedures))
    result = api.build(repo_root / "inputs", tmp_path, profile=profile_name,
                       toc_pages=False)
    assert result.ok
    assert calls == {"cards": made, "procedures": made}
    if made:
        assert any("应急处置卡" in p.name for p in result.written)
