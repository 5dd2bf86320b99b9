"""Industry packs (docgen/data/packs/): each sector's plan built from a workbook of its
own typical risks, with no --profile, in its own words and with its own 编制依据;
the 评审/论证 size test by the sector's figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import minimal_sheets, plan_system_texts, write_workbook
from docx_helpers import document_text

from docgen.api import build, check
from docgen.hazards import find_type
from docgen.model.filing import review_of, scale_of
from docgen.packs import match_industry, packs
from docgen.pipeline import check_unit
from docgen.profiles import find_profile
from docgen.read import discover_units

SERVICE_PACKS = {"general", "it", "property"}
# What the IT/service seed used to say in every plan (issue: a factory's plan said them).
SERVICE_WORDS = ("服务恢复", "关键业务", "业务系统", "信息系统抢修", "服务影响", "服务热线",
                 "办公网络")


def _sector_sheets(key: str) -> dict[str, list[list]]:
    """The minimal workbook recast to a pack's sector: its first alias as 所属行业 and
    its typical risks as the register."""
    pack = packs()[key]
    s = minimal_sheets()
    s["基本信息"].append(["所属行业", pack.aliases[0] if pack.aliases else pack.name])
    s["风险"] = [["编号", "风险类别", "风险名称", "风险描述", "可能性", "严重程度", "应对措施",
                 "责任机构", "重点岗位", "事故类型", "专项预案"]]
    for i, risk in enumerate(pack.typical_risks, 1):
        s["风险"].append([f"R-{i:02d}", risk.category, risk.name, risk.description,
                         4 if i % 2 else 3, 4, "\n".join(risk.measures), "技术组",
                         risk.key_post, risk.accident_type, risk.special_plan])
    return s


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = {}
    for key in packs():
        tmp = tmp_path_factory.mktemp(key)
        path = write_workbook(tmp / "in" / "plan.xlsx", _sector_sheets(key))
        result = build(path.parent, tmp / "out", toc_pages=False)
        assert result.ok, (key, result.units[0].report.to_text())
        out[key] = result
    return out


@pytest.mark.parametrize("key", sorted(packs()))
def test_each_pack_builds_its_default_profile_and_says_so(built, key):
    result = built[key]
    pack = match_industry(packs()[key].aliases[0] if packs()[key].aliases else "")[0]
    assert pack.key == key
    unit = result.units[0]
    assert unit.chosen and unit.profile is not None
    assert unit.profile.name == pack.default_profile
    expected = {spec.kind for spec in find_profile(pack.default_profile).documents}
    written = {p.name for p in unit.written}
    assert any("综合应急预案" in n or "服务应急措施预案" in n for n in written)
    if "cards" in expected:
        assert any(n.endswith("应急处置卡.docx") for n in written)


def test_the_run_says_which_profile_the_pack_chose(tmp_path):
    from click.testing import CliRunner

    from docgen.cli import main

    path = write_workbook(tmp_path / "in" / "plan.xlsx", _sector_sheets("manufacturing"))
    run = CliRunner().invoke(main, ["build", str(path.parent), "--out", str(tmp_path / "out"),
                                    "--no-toc-pages"])
    assert run.exit_code == 0, run.output
    assert "按“工贸”行业包生成“all”" in run.output and "--profile" in run.output
    assert len(list((tmp_path / "out").glob("*.docx"))) >= 4
    again = CliRunner().invoke(main, ["build", str(path.parent), "--out",
                                      str(tmp_path / "out2"), "--no-toc-pages",
                                      "--profile", "comprehensive"])
    assert again.exit_code == 0 and "行业包生成" not in again.output
    assert len(list((tmp_path / "out2").glob("*.docx"))) == 1


@pytest.mark.parametrize("key", sorted(packs()))
def test_each_pack_cites_its_own_regulations(built, key):
    unit = built[key].units[0]
    plan = next(p for p in unit.written if "综合应急预案" in p.name or "服务应急措施预案" in p.name)
    text = document_text(plan)
    for basis in unit.plan.pack.basis:
        assert f"《{basis.title}》" in text, (key, basis.title)


@pytest.mark.parametrize("key", sorted(set(packs()) - SERVICE_PACKS))
def test_no_plan_of_a_non_service_pack_speaks_of_services(built, key):
    for path in built[key].written:
        text = document_text(path)
        found = [w for w in SERVICE_WORDS if w in text]
        assert not found, (key, path.name, found)


def test_the_service_packs_keep_their_own_wording(built):
    text = document_text(built["it"].written[0])
    assert "关键业务" in text and "业务系统" in text and "服务热线" in text
    text = document_text(built["property"].written[0])
    assert "物业服务热线" in text


def _typical_risks(pack):
    """A pack's typical risks and its variants' own."""
    return [*pack.typical_risks, *(r for v in pack.variants for r in v.typical_risks)]


def test_every_pack_reference_has_a_source_and_what_was_seen():
    for pack in packs().values():
        for basis in pack.basis:
            assert basis.source.startswith("http"), (pack.key, basis.title)
            assert basis.verified, (pack.key, basis.title)
        for risk in _typical_risks(pack):
            assert find_type(risk.accident_type) is not None, (pack.key, risk.name)
            for also in risk.also:
                assert find_type(also) is not None, (pack.key, risk.name, also)


@pytest.mark.parametrize(("industry", "name", "high_risk", "drill_months"), [
    ("机械制造", "工贸", False, 12), ("钢铁冶炼", "工贸", True, 6),
    ("普通货运", "道路运输", False, 12), ("危险货物道路运输", "道路运输", True, 6),
    ("危险化学品经营", "危险化学品", True, 6), ("房屋建筑施工", "建筑施工", True, 6),
    ("快捷酒店", "住宿", False, 6), ("初级中学", "教育", False, 12),
])
def test_sub_sectors_take_their_own_facts(industry, name, high_risk, drill_months):
    pack, known = match_industry(industry)
    assert known and pack.name == name
    assert (pack.high_risk, pack.drill_months) == (high_risk, drill_months)


def test_smelting_rules_are_cited_only_for_smelters():
    title = "冶金企业和有色金属企业安全生产规定"
    assert title in {b.title for b in match_industry("有色金属冶炼")[0].basis}
    assert title not in {b.title for b in match_industry("机械制造")[0].basis}


# ------------------------------------------------------------ 评审 or 论证 by size


def _plan(tmp_path: Path, industry: str, staff=None, revenue=None, assets=None):
    s = minimal_sheets()
    s["基本信息"].append(["所属行业", industry])
    for key, value in (("从业人数", staff), ("营业收入（万元）", revenue),
                       ("资产总额（万元）", assets)):
        if value is not None:
            s["基本信息"].append([key, value])
    path = write_workbook(tmp_path / "in" / "plan.xlsx", s)
    report, plan = check_unit(discover_units(path.parent)[0][0])
    assert plan is not None, report.to_text()
    return plan


@pytest.mark.parametrize(("industry", "figures", "kind"), [
    # 工业 (工贸): 300 staff and 2,000 万元 revenue, both needed
    ("机械制造", (300, 2000, None), "评审"),
    ("机械制造", (299, 5000, None), "论证"),
    ("机械制造", (320, 1999, None), "论证"),
    # 零售业 (人员密集场所): 50 staff and 500 万元
    ("购物中心", (50, 500, None), "评审"),
    ("购物中心", (49, 800, None), "论证"),
    # 其他未列明行业 (通用): 100 staff only
    ("商务服务", (100, None, None), "评审"),
    ("商务服务", (99, None, None), "论证"),
    # 软件和信息技术服务业: 100 staff and 1,000 万元
    ("软件和信息技术服务业", (120, 999, None), "论证"),
    # 高危: 评审 whatever the size
    ("危险化学品储存", (12, 100, None), "评审"),
    ("钢铁冶炼", (15, None, None), "评审"),
])
def test_review_or_demonstration_follows_the_sectors_figures(tmp_path, industry, figures,
                                                            kind):
    plan = _plan(tmp_path, industry, *figures)
    assert review_of(plan).kind == kind


def test_a_missing_figure_is_taken_as_met_and_said(tmp_path):
    plan = _plan(tmp_path, "机械制造", staff=320)
    scale = scale_of(plan)
    assert scale.medium
    assert "未填写营业收入" in scale.assumed and "从严" in scale.assumed
    review = review_of(plan)
    assert review.kind == "评审" and review.assumed == scale.assumed
    below = _plan(tmp_path / "b", "机械制造", staff=120)
    assert review_of(below).kind == "论证" and not scale_of(below).assumed



def test_the_size_sentence_asks_both_figures_only_where_there_are_two(tmp_path):
    """The 申报表 said 达到其他未列明行业中型规模的下限为从业人员100人，须同时达到 for a
    sector whose rule has one figure: nothing to meet together, and a garbled sentence."""
    one = scale_of(_plan(tmp_path, "商务服务", staff=142)).reason
    assert "达到其他未列明行业中型规模的下限（从业人员100人）" in one
    assert "须同时达到" not in one
    two = scale_of(_plan(tmp_path / "b", "机械制造", staff=320, revenue=1500)).reason
    assert "中型规模的下限（从业人员300人、营业收入2000万元，须同时达到）" in two

def test_construction_is_judged_by_revenue_and_assets(tmp_path):
    plan = _plan(tmp_path, "房屋建筑施工", staff=20, revenue=7000, assets=4000)
    scale = scale_of(plan)
    assert not scale.medium and "资产总额" in scale.reason
    assert review_of(plan).kind == "评审"  # construction always reviews


def test_the_filing_form_states_the_assumption(tmp_path):
    s = _sector_sheets("manufacturing")
    s["基本信息"].append(["从业人数", 320])
    path = write_workbook(tmp_path / "in" / "plan.xlsx", s)
    from docgen.api import bundle

    result = bundle(path.parent, tmp_path / "out", profile="comprehensive")
    assert result.ok, result.build.units[0].report.to_text()
    folder = result.packages[0].folder
    form = document_text(next(folder.glob("*备案申报表.docx")))
    note = document_text(next(folder.glob("*编制说明.docx")))
    for text in (form, note):
        assert "未填写营业收入" in text and "评审" in text


def test_major_hazard_sections_print_only_when_the_unit_has_one(tmp_path):
    s = _sector_sheets("chemicals")
    path = write_workbook(tmp_path / "a" / "in" / "plan.xlsx", s)
    without = build(path.parent, tmp_path / "a" / "out", profile="comprehensive",
                    toc_pages=False)
    s["基本信息"].append(["重大危险源", "二级重大危险源1处"])
    path = write_workbook(tmp_path / "b" / "in" / "plan.xlsx", s)
    with_one = build(path.parent, tmp_path / "b" / "out", profile="comprehensive",
                     toc_pages=False)
    titles = [sec.title for sec in packs()["chemicals"].sections if sec.when == "重大危险源"]
    assert titles
    assert not any(t in document_text(without.written[0]) for t in titles)
    assert all(t in document_text(with_one.written[0]) for t in titles)
    text = document_text(with_one.written[0])
    assert "本单位有危险化学品重大危险源：二级重大危险源1处" in text  # 附件1, as typed
    # no plan promised that the system does not hold
    assert "重大危险源现场处置方案" not in text and "重大危险源专项应急预案" not in text


def test_a_pack_file_with_an_unknown_variant_key_is_refused():
    from docgen.datafile import parse, read_text
    from docgen.errors import DataFileError
    from docgen.packs import Pack

    text = read_text("packs/manufacturing.toml").replace("drill_months = 6", "drill_month = 6")
    wrong = re.escape("未知的键“drill_month”（是不是“drill_months”？）")
    with pytest.raises(DataFileError, match=wrong):
        parse(text, Pack, "packs/manufacturing.toml")


def test_a_sectors_own_measures_reach_the_plans_of_a_generic_register(tmp_path):
    """A school that typed one generic line per risk: its fire's special plan, on-site
    procedure and 初期处置 still say what a teacher does (the 教育 pack's measures for
    the type come first), and a factory's plan of another sector does not."""
    s = _sector_sheets("education")
    for row in s["风险"][1:]:
        row[6] = "发现险情立即报告"
    path = write_workbook(tmp_path / "school" / "plan.xlsx", s)
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    teacher = "各班任课教师立即停止教学活动，带领本班学生按照预定疏散路线低姿撤离"
    texts = {p.name: document_text(p) for p in result.written}
    assert any(teacher in t for n, t in texts.items() if "专项应急预案" in n)
    assert any(teacher in t for n, t in texts.items() if "现场处置方案" in n)

    factory = _sector_sheets("manufacturing")
    factory["风险"] = [factory["风险"][0],
                     ["R-01", "事故灾难", "仓库火灾", None, 4, 4, "发现险情立即报告", "技术组",
                      "库管员", "人员密集场所火灾", ""]]
    path = write_workbook(tmp_path / "factory" / "plan.xlsx", factory)
    other = build(path.parent, tmp_path / "out2", profile="all", toc_pages=False)
    assert other.ok, other.units[0].report.to_text()
    assert not any(teacher in document_text(p) for p in other.written)


def _school_with_one_risk(tmp_path, category: str, name: str, post: str,
                          kind: str) -> dict[str, str]:
    """A school's whole plan system for one risk typed with one generic line: the
    text of each document, by the kind its file name ends in."""
    s = _sector_sheets("education")
    s["风险"] = [s["风险"][0], ["R-01", category, name, None, 4, 4, "发现险情立即报告", "技术组",
                              post, kind, ""]]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", s)
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    kinds = ("专项应急预案", "现场处置方案", "应急处置卡", "综合应急预案")
    return {k: document_text(p) for p in result.written for k in kinds if p.stem.endswith(k)}


def test_a_typical_risks_measures_reach_the_other_types_it_names(tmp_path):
    """The 教育 pack's 暴雨、台风等极端天气 (暴雨洪涝, also 台风): a school's typhoon plan
    keeps its pupils in and suspends classes, whatever the library says of work sites."""
    texts = _school_with_one_risk(tmp_path, "自然灾害", "台风", "值班行政", "台风")
    assert "将学生留在安全的室内，不在恶劣天气中组织放学" in texts["专项应急预案"]


def test_a_sectors_card_steps_come_first_on_its_cards(tmp_path):
    for pack in packs().values():
        for risk in _typical_risks(pack):
            card = (*risk.card, *risk.parts.get("card", ()))
            assert all(0 < len(step) <= 24 for step in card), (pack.key, risk.name)
    texts = _school_with_one_risk(tmp_path, "事故灾难", "教学楼火灾", "班主任", "人员密集场所火灾")
    cards = texts["应急处置卡"]
    assert "发现险情立即报告" in cards and "停止教学，带本班学生撤离" in cards
    assert cards.index("发现险情立即报告") < cards.index("停止教学，带本班学生撤离")
    # the first finder's duty at the post, in the 现场处置方案, puts the class first
    onsite = texts["现场处置方案"]
    duty = onsite[onsite.index("第一发现人"):]
    teacher = duty.index("任课教师立即停止教学活动，带领本班学生")
    assert teacher < duty.index("扑救")


def test_every_sector_card_or_finder_step_names_its_sources():
    for pack in packs().values():
        for risk in _typical_risks(pack):
            if risk.card or risk.finder or risk.parts:
                assert risk.sources or risk.accident_type == "人员密集场所火灾", \
                    (pack.key, risk.name)
            assert all(s.title and s.source.startswith("http") and s.supports
                       for s in risk.sources), (pack.key, risk.name)


@pytest.mark.parametrize("kind, name, post, sector, worker", [
    ("传染病", "流感聚集性疫情", "校医", "晨午检发现症状学生送临时观察室", "发现员工"),
    ("台风", "台风", "值班行政", "学生留在安全的室内看护", "停止室外作业和生产经营活动"),
])
def test_a_schools_weather_and_disease_plans_speak_of_pupils_not_workers(
        tmp_path, kind, name, post, sector, worker):
    """A school's 传染病 and 台风 plans said 发现员工出现发热 and 停工停业…停止生产经营活动:
    the library speaks to any organisation (停工、停业、停课), and the 教育 pack's card
    and first-finder steps (晨午检, 学生留校) come first."""
    category = "公共卫生事件" if kind == "传染病" else "自然灾害"
    texts = _school_with_one_risk(tmp_path, category, name, post, kind)
    for doc in ("专项应急预案", "现场处置方案", "应急处置卡"):
        assert worker not in texts[doc] and "停工停业" not in texts[doc], doc
    assert sector in texts["应急处置卡"]
    onsite = texts["现场处置方案"]
    duty = onsite[onsite.index("第一发现人"):]
    assert "班主任或任课教师" in duty or "教职工立即报告学校值班人员" in duty


def test_a_hospitals_disease_card_starts_at_triage(tmp_path):
    s = _sector_sheets("healthcare")
    s["风险"] = [s["风险"][0], ["R-01", "公共卫生事件", "呼吸道传染病院内传播", None, 4, 4,
                              "发现险情立即报告", "技术组", "门诊护士", "传染病", ""]]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", s)
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    texts = {p.stem: document_text(p) for p in result.written}
    card = next(t for n, t in texts.items() if n.endswith("应急处置卡"))
    assert "预检发现疑似病例先戴口罩" in card and "引导至发热门诊或分诊点" in card
    assert not any("发现员工" in t for t in texts.values())


def _comprehensive(tmp_path: Path, industry: str) -> str:
    s = _sector_sheets("education")
    s["基本信息"][-1] = ["所属行业", industry]
    path = write_workbook(tmp_path / industry / "plan.xlsx", s)
    result = build(path.parent, tmp_path / f"out-{industry}", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    return next(document_text(p) for p in result.written if p.stem.endswith("综合应急预案"))


def test_a_middle_school_gets_no_kindergarten_rules_or_text_and_a_kindergarten_does(tmp_path):
    """A 中学's plan cited 《幼儿园工作规程》 and the 学前教育法 and spoke of 学生（幼儿） and
    幼儿园班级: those are the 幼儿园 variant's, whose plan speaks of 幼儿."""
    school = _comprehensive(tmp_path, "中学")
    assert "幼儿园工作规程" not in school and "学前教育法" not in school
    assert "学生（幼儿）" not in school and "幼儿园班级" not in school
    assert "学生疏散与清点" in school and "中小学每月至少组织一次应急疏散演练" in school
    nursery = _comprehensive(tmp_path, "幼儿园")
    assert "幼儿园工作规程" in nursery and "学前教育法" in nursery
    assert "幼儿疏散与清点" in nursery and "学生疏散与清点" not in nursery
    assert "幼儿园每季度至少组织一次应急疏散演练" in nursery


def test_inside_a_hospital_staff_call_the_hospitals_own_rescue_team_not_120(tmp_path):
    """A hospital's on-site procedures said 拨打120 as if no doctor were present: the
    医疗卫生 pack's terms make it 呼叫院内急救小组, and 120 is named only for a transfer
    to another hospital."""
    s = _sector_sheets("healthcare")
    s["风险"] = [s["风险"][0],
                ["R-01", "事故灾难", "病房楼火灾", None, 4, 4, "发现险情立即报告", "技术组",
                 "当班护士", "人员密集场所火灾", ""],
                ["R-02", "事故灾难", "病床电梯困人", None, 3, 4, "发现险情立即报告", "技术组",
                 "电梯安全管理员", "电梯困人", ""],
                ["R-03", "事故灾难", "配电房触电", None, 3, 4, "发现险情立即报告", "技术组",
                 "配电值班电工", "触电", ""]]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", s)
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    texts = {p.stem: document_text(p) for p in result.written}
    for name, text in texts.items():
        for said in ("拨打120", "呼叫120", "联系120转运", "等待120"):
            assert said not in text, (name, said)
    onsite = next(t for n, t in texts.items() if n.endswith("现场处置方案"))
    assert "呼叫院内急救小组" in onsite
    whole = next(t for n, t in texts.items() if n.endswith("综合应急预案"))
    assert "院内伤病员的救治" in whole and "联系120或者使用本院救护车转运" in whole
    for step in (s for t in packs()["healthcare"].terms.values() for s in [t]):
        assert "120" not in step


@pytest.mark.parametrize("key", ["education", "it"])
def test_a_unit_without_agreements_never_asks_an_agreement_party(tmp_path, key):
    """With no 外部协议 the plan said 本单位目前未签订外部应急协议 and elsewhere asked
    协议单位 for support: every mention of them now needs an agreement."""
    s = _sector_sheets(key)
    path = write_workbook(tmp_path / "in" / "plan.xlsx", s)
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    texts = {p.stem: document_text(p) for p in result.written}
    assert any("未签订外部应急协议" in t for t in texts.values())
    for name, text in texts.items():
        # the annex's empty table keeps its header
        said = text.replace("协议单位\n协议内容", "")
        assert "协议单位" not in said, (name, said[max(0, said.find("协议单位") - 60):][:120])
    s["外部协议"] = [["协议单位", "协议内容", "签订日期", "有效期至", "联系人", "联系电话"],
                   ["城东物资供应公司", "应急物资紧急供应", "2026-01-05", "2027-01-04", "钱七",
                    "13700000007"]]
    path = write_workbook(tmp_path / "in2" / "plan.xlsx", s)
    result = build(path.parent, tmp_path / "out2", profile="all", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    whole = next(document_text(p) for p in result.written if p.stem.endswith("综合应急预案")
                 or p.stem.endswith("服务应急措施预案"))
    assert "请求协议单位支援" in whole or "和协议单位请求支援" in whole


WEAK_HOSTS = ("p8p.net", "wenke99.com", "governmentruinseverything.com", "bcrsw.com",
              "givethemtheworld.com", "appbook.qq.com", "sdcssd.com")


@pytest.mark.parametrize("key", ["healthcare", "education"])
def test_school_and_hospital_steps_cite_no_reposts_and_sections_carry_sources(key):
    """The school and hospital steps cited reposts on content farms and forums; they
    now cite the rule's text (or a legal database), and a pack section names its
    sources as a typical risk does."""
    pack = packs()[key]
    cited = [s.source for r in pack.typical_risks for s in r.sources]
    cited += [s.source for sec in pack.sections for s in sec.sources]
    cited += [b.source for b in pack.basis]
    assert not [c for c in cited if any(h in c for h in WEAK_HOSTS)]
    if key == "healthcare":
        [section] = [s for s in pack.sections if s.title == "院内伤病员的救治"]
        assert section.sources and all(s.source.startswith("http") for s in section.sources)


def test_school_disease_and_weather_cards_keep_only_checked_steps(tmp_path):
    """病愈凭医疗机构证明复课 and 家长到校后逐一交接学生 were not found in the rules
    cited: the school's cards no longer print them."""
    texts = _school_with_one_risk(tmp_path, "公共卫生事件", "流感聚集性疫情", "校医", "传染病")
    assert "病愈凭医疗机构证明复课" not in texts["应急处置卡"]
    assert "晨午检发现症状学生送临时观察室" in texts["应急处置卡"]
    texts = _school_with_one_risk(tmp_path / "t", "自然灾害", "台风", "值班行政", "台风")
    assert "家长到校后逐一交接学生" not in texts["应急处置卡"]
    assert "确保安全后再安排学生离校" in texts["应急处置卡"]


@pytest.mark.parametrize("key, name, kind, post, card, duty", [
    ("manufacturing", "污水池清淤中毒窒息", "有限空间中毒窒息", "有限空间作业监护人",
     "监护人留在外部，组织人员撤出", "在有限空间外用安全绳、三脚架施救"),
    ("construction", "人工挖孔桩中毒窒息", "有限空间中毒窒息", "作业监护人",
     "监护人不下井、不下孔施救", "在井口、孔口外用安全绳、三脚架施救"),
    ("construction", "外脚手架高处坠落", "高处坠落", "架子工",
     "报告项目部，派人到大门接救护车", "派人到工地大门引导救护车"),
    # a welder's fire: stop the hot work and close the cylinders, not only 低姿逃生
    ("construction", "钢结构焊接动火引燃保温材料", "火灾", "电焊工",
     "立即叫停焊割，关闭气瓶瓶阀", "关闭气瓶瓶阀，把能安全搬动的气瓶移离火场"),
    # the library's rain card stops at 进水口 and 撤至高处: a pit is left first
    ("construction", "暴雨致基坑进水", "暴雨洪涝", "项目部值班人员",
     "停止基坑作业，撤出坑内人员", "立即停止坑内作业，组织坑内人员撤到地面安全处"),
])
def test_factory_and_site_cards_and_first_finders_speak_of_their_posts(
        tmp_path, key, name, kind, post, card, duty):
    """A factory's and a building site's main risks had measures but no card steps or
    first-finder duty of their own: the cards and the 第一发现人 duty now start with
    the sector's (the guardian stays outside; the site sends someone to the gate),
    and the library's own card steps still follow."""
    s = _sector_sheets(key)
    s["风险"] = [s["风险"][0], ["R-01", "事故灾难", name, None, 4, 4, "发现险情立即报告",
                              "技术组", post, kind, ""]]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", s)
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.written, result.units[0].report.to_text()  # warns of missing equipment
    texts = {p.stem: document_text(p) for p in result.written}
    cards = next(t for n, t in texts.items() if n.endswith("应急处置卡"))
    onsite = next(t for n, t in texts.items() if n.endswith("现场处置方案"))
    assert card in cards
    assert duty in onsite[onsite.index("第一发现人"):]


# A factory's typical risks that had measures but no card step or first-finder duty of
# their own: (code, name, accident type, post, its card step, its first finder's duty).
FACTORY_POSTS = [
    ("R-01", "冲床卷入挤压", "机械伤害", "冲压工", "肢体卡住不硬拉，拨打119求助",
     "不得反转设备或强行拉拽肢体"),
    ("R-02", "桥式起重机吊物坠落", "起重伤害", "起重机司机", "报告特种设备安全管理人员",
     "起重机经全面检查、消除隐患前不得恢复作业"),
    ("R-03", "仓库叉车撞人", "车辆伤害", "叉车司机", "叉车事故报告特种设备安全管理人员",
     "车辆经检查、消除隐患前停止使用"),
    ("R-04", "木粉除尘器粉尘爆炸", "粉尘爆炸", "除尘系统操作工", "爆炸后不得返回，防二次爆炸",
     "发生爆炸后不得返回车间"),
    ("R-05", "铝合金抛光粉尘爆炸", "金属粉尘爆炸", "抛光工", "勿用灭火器喷射或压缩空气吹扫",
     "不得用水、普通灭火器或压缩空气"),
    ("R-06", "铸造铁水喷溅烫伤", "灼烫", "浇注工", "撤离喷溅区，严禁向熔融金属浇水",
     "严禁向熔融金属浇水"),
]


@pytest.fixture(scope="module")
def factory_texts(tmp_path_factory):
    """One factory with each of those risks at a post of its own (one typed line each),
    built as a whole plan system: the text of its cards and of its procedures."""
    tmp = tmp_path_factory.mktemp("factory")
    s = _sector_sheets("manufacturing")
    s["风险"] = [s["风险"][0]] + [[code, "事故灾难", name, None, 4, 4, "发现险情立即报告",
                                  "技术组", post, kind, ""]
                                 for code, name, kind, post, _, _ in FACTORY_POSTS]
    path = write_workbook(tmp / "in" / "plan.xlsx", s)
    result = build(path.parent, tmp / "out", profile="all", toc_pages=False)
    assert result.written, result.units[0].report.to_text()  # warns of missing equipment
    assert not [i for i in result.units[0].report.issues if i.code == "card.shortened"]
    texts = {p.stem: document_text(p) for p in result.written}
    cards = next(t for n, t in texts.items() if n.endswith("应急处置卡"))
    onsite = next(t for n, t in texts.items() if n.endswith("现场处置方案"))
    return cards, onsite


@pytest.mark.parametrize("code, name, kind, post, card, duty", FACTORY_POSTS)
def test_factory_cards_and_first_finders_have_the_sectors_steps(
        factory_texts, code, name, kind, post, card, duty):
    """Each card of a factory's post starts, after the typed line, with the sector's
    steps (the library's follow), and the first finder's duty in its procedure with
    the sector's (the forklift driver stops and reports; the caster pours no water on
    molten metal)."""
    cards, onsite = factory_texts
    start = cards.index(f"{post}应急处置卡")
    mine = cards[start:cards.index("应急联系", start)]
    assert card in mine, mine
    steps = [line for line in mine.splitlines() if line[:1].isdigit()]
    assert steps[0].endswith("发现险情立即报告") and len(steps) <= 7
    assert any(card in step for step in steps[1:4]), steps
    assert f"{code} {name}现场处置方案" in onsite
    finder = onsite.index(f"第一发现人（岗位操作人员）\n{post}\n")  # its duty table's row
    assert duty in onsite[finder:onsite.index("班组长（部门负责人）", finder)]


def test_the_factorys_new_steps_name_their_sources():
    by_type = {r.accident_type: r for r in packs()["manufacturing"].typical_risks}
    for kind in ("机械伤害", "起重伤害", "车辆伤害", "粉尘爆炸", "金属粉尘爆炸", "灼烫"):
        risk = by_type[kind]
        assert risk.card and risk.finder and risk.sources, kind
        assert all(s.title and s.source.startswith("http") and s.supports
                   for s in risk.sources), kind
        if kind != "灼烫":  # the library's first step, word for word, keeps its place first
            assert risk.card[0] == find_type(kind).card[0], kind


def test_molten_metal_steps_stay_with_molten_metal(tmp_path):
    """The factory's 灼烫 risk is molten metal: a food factory's steam burn gets none of
    its measures, card step or duty."""
    s = _sector_sheets("manufacturing")
    s["风险"] = [s["风险"][0], ["R-01", "事故灾难", "蒸汽管道烫伤", None, 4, 4, "发现险情立即报告",
                              "技术组", "锅炉工", "灼烫", ""]]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", s)
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.written, result.units[0].report.to_text()
    assert not any("熔融金属" in document_text(p) for p in result.written)
# What a school's reviewer circled in its plan system: a factory's team and shop floor
# (班组长, 车间, 岗位操作人员), its restart (恢复生产), its staff (场所员工), its default
# levels (生产经营活动), a forklift's yard (叉车, 厂内) and a tanker's cargo (危险货物).
FACTORY_WORDS = ("班组长", "班组", "岗位操作人员", "恢复生产", "车间", "场所员工", "各区域员工",
                 "生产经营活动或者", "生产经营、服务活动", "叉车", "厂内", "危险货物", "户外作业",
                 "临水作业")


def test_a_schools_plan_system_speaks_of_its_own_staff_not_a_factorys(tmp_path):
    """The 教育 sample (its typical risks, --profile all) printed 报告班组长, 恢复生产,
    在车间或办公室时, 第一发现人（岗位操作人员） and a school bus crash with a forklift's
    steps: the pack's terms reword the library, the roles at the post, the default
    response levels and the severity scale, and the bus is a road accident."""
    path = write_workbook(tmp_path / "in" / "plan.xlsx", _sector_sheets("education"))
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    texts = {p.stem: document_text(p) for p in result.written}
    for name, text in texts.items():
        found = [w for w in FACTORY_WORDS if w in text]
        assert not found, (name, found)

    def one(ending: str) -> str:
        return next(t for n, t in texts.items() if n.endswith(ending))

    onsite = one("现场处置方案")
    assert "第一发现人（当班教职工）" in onsite and "年级组长（部门负责人）" in onsite
    assert "所在年级组或部门的负责人" in onsite
    assert "向年级组长（部门负责人）报告" in onsite
    assert "确认安全后方可恢复教育教学" in onsite
    assert "在教室或办公室时" in one("地震专项应急预案")
    assert "道路交通事故专项应急预案" in " ".join(texts)
    whole = one("综合应急预案")
    assert "教育教学活动或者正常工作秩序中断" in whole  # 响应分级
    assert "主要教育教学活动全面中断" in whole  # 严重程度取值标准
    assert "教育教学秩序已经恢复" in whole  # 响应终止
    # a factory keeps its own words
    factory = match_industry("机械制造")[0]
    assert factory.in_terms("报告班组长") == "报告班组长"


def test_a_university_cites_higher_education_rules_not_the_school_ones(tmp_path):
    """A university (the 高等学校 variant) cited 《中小学幼儿园安全管理办法》 and the 中小学
    drill guide and fire rules, and a 小学's handover of pupils: it cites the rules that
    bind a 高校 and speaks of 辅导员 and 院系; a middle school keeps its rules, and a
    技师学院 is no university for the word 学院."""
    uni = _comprehensive(tmp_path, "高等教育")
    for title in ("中小学幼儿园安全管理办法", "中小学幼儿园应急疏散演练指南",
                  "中小学校、幼儿园消防安全十项规定", "校车安全管理条例"):
        assert f"《{title}》" not in uni, title
    for title in ("高等学校消防安全管理规定", "高等学校实验室安全规范",
                  "高等学校实验室消防安全管理规范"):
        assert f"《{title}》" in uni, title
    assert "每学年至少组织一次学生消防演练" in uni and "中小学每月" not in uni
    assert "小学低年级" not in uni and "家长或者其委托的成年人" not in uni
    assert "辅导员会同班长逐一清点人数" in uni
    school = _comprehensive(tmp_path, "初级中学")
    assert "《中小学幼儿园安全管理办法》" in school and "《高等学校" not in school
    assert match_industry("职业技术学院")[0].variant == "高等学校"
    assert match_industry("技师学院")[0].variant == "技工院校"
    for pack in packs().values():  # a variant's dropped rules are the pack's own
        titles = {b.title for b in pack.basis}
        assert all(t in titles for v in pack.variants for t in v.drop_basis), pack.key


# A plant's words a store's reviewer circles: it has no 装置, 工艺, 中控室 or restart.
PLANT_WORDS = ("中控室", "生产装置", "紧急停车", "局部停车", "工艺流程图", "熟悉工艺", "工艺特点",
               "开车方案", "开车条件", "恢复生产", "停止装置运行", "停止进料", "危险化工工艺")
STORE_RISKS = [
    ["R-01", "事故灾难", "仓库桶装溶剂泄漏", "200L桶装甲苯破损泄漏", 3, 4, "发现险情立即报告",
     "技术组", "仓管员", "危险化学品泄漏"],
    ["R-02", "事故灾难", "液氯钢瓶泄漏中毒", "钢瓶阀门损坏氯气泄漏", 2, 5, "发现险情立即报告",
     "技术组", "仓管员", "中毒和窒息"],
    ["R-03", "事故灾难", "库区停电", None, 3, 3, "发现险情立即报告", "技术组", "值班电工", "停电"],
    ["R-04", "事故灾难", "气瓶受热爆炸", "夏季气瓶暴晒超压", 2, 5, "发现险情立即报告", "技术组",
     "仓管员", "容器爆炸"],
    ["R-05", "事故灾难", "仓库动火作业火灾", None, 2, 4, "发现险情立即报告", "技术组",
     "动火监护人", "火灾"],
]


def test_a_chemical_store_gets_a_stores_wording_not_a_plants(tmp_path):
    """A 危险化学品经营/仓储 unit's plans read as a plant's: 中控室, 紧急停车, 装置, 工艺流程图,
    开车方案, the 全厂停电 and reactor measures, and a drum leak told to close its valves.
    The pack's 经营、储存 variant words its places and section for a store and drops the
    plant's typical risks; the leak entry closes valves only where a risk names them."""
    texts = plan_system_texts(tmp_path / "store", "危险化学品经营", STORE_RISKS)
    for name, text in texts.items():
        found = [w for w in PLANT_WORDS if w in text]
        assert not found, (name, found)
    whole = next(t for n, t in texts.items() if n.endswith("综合应急预案"))
    assert "停止出入库、装卸和搬运作业" in whole and "库存物品清单" in whole
    assert "只在能够安全接近时把尚未着火的包装容器搬离火场" in whole
    onsite = next(t for n, t in texts.items() if n.endswith("现场处置方案"))
    assert "关闭泄漏点相关阀门" not in onsite  # the drum is the only leak of the type
    assert "控制泄漏源，停止泄漏区域内的作业" in onsite
    # a plant keeps its own words, and a tank's leak its valves
    plant = plan_system_texts(tmp_path / "plant", "化工", [
        ["R-01", "事故灾难", "甲醇储罐泄漏", None, 3, 4, "发现险情立即报告", "技术组",
         "罐区值班员", "危险化学品泄漏"],
        ["R-02", "技术故障", "全厂停电", "装置停电", 3, 4, "发现险情立即报告", "技术组",
         "中控室班长", "停电"]])
    whole = next(t for n, t in plant.items() if n.endswith("综合应急预案"))
    assert "紧急停车" in whole and "工艺流程图" in whole
    onsite = next(t for n, t in plant.items() if n.endswith("现场处置方案"))
    assert "关闭泄漏点相关阀门" in onsite and "按停电紧急停车方案逐套停止装置运行" in onsite
    assert match_industry("危险化学品仓储")[0].variant == "经营、储存"
    assert match_industry("危险化学品生产经营")[0].variant == ""


@pytest.mark.parametrize("key", sorted(packs()))
def test_no_forklift_steps_where_the_register_names_no_forklift(built, key):
    """车辆伤害 is the yard's vehicles (叉车, 厂内机动车); a coach crash on the road is a
    道路交通事故 (the transport pack's crash printed forklift steps)."""
    register = " ".join(f"{r.name} {r.description} {' '.join(r.measures)} {r.key_post}"
                        for r in packs()[key].typical_risks)
    if "叉车" in register:
        pytest.skip("the register names a forklift")
    for path in built[key].written:
        assert "叉车" not in document_text(path), (key, path.name)


def test_life_support_on_a_power_cut_is_only_a_hospitals(built):
    """The power-cut entry's line on people kept alive by medical equipment printed in
    a mall's, a restaurant's and a chemical plant's plans; it holds where risks name patients."""
    line = "依靠医疗设备维持生命的人员"
    assert any(line in document_text(p) for p in built["healthcare"].written)
    for key in ("crowded", "catering", "chemicals"):
        for path in built[key].written:
            assert line not in document_text(path), (key, path.name)


def test_a_hospitals_plans_speak_of_its_departments_not_work_teams(built):
    """A hospital's on-site roles and library steps said 班组长 and 场所员工."""
    texts = [document_text(p) for p in built["healthcare"].written]
    for word in ("班组", "恢复生产", "场所员工"):
        assert not any(word in t for t in texts), word
    assert any("科室负责人（当班护士长）" in t for t in texts)
    # and the check still finds the 班组长's role at each post, in the hospital's words
    source = built["healthcare"].units[0].unit.files[0].parent
    findings = [f.rule for r in check(source) for f in r.findings]
    assert "onsite.roles" not in findings


def test_a_typical_risks_parts_are_parts_of_an_entry_and_its_equipment_the_types():
    """`parts` words whole parts of the type's entry: a key the library has no part for
    is refused when the pack is read, and `no_equipment` names the type's own."""
    import typing

    from docgen.datafile import parse, read_text
    from docgen.errors import DataFileError
    from docgen.hazards import PART_NAMES
    from docgen.packs import Pack, PartKey

    for pack in packs().values():
        for risk in _typical_risks(pack):
            names = {e.name for e in find_type(risk.accident_type).equipment}
            assert set(risk.no_equipment) <= names, (pack.key, risk.name)
    assert set(typing.get_args(PartKey)) == set(PART_NAMES)
    text = read_text("packs/chemicals.toml").replace('"precautions.aftermath" =', '"善后" =')
    with pytest.raises(DataFileError, match="善后"):
        parse(text, Pack, "packs/chemicals.toml")


def test_a_project_department_files_a_plan_for_its_own_project(tmp_path):
    """A 项目经理部 filing its own plan read 本预案适用于…项目部本部及其承建的…工程项目
    and 各工程项目部依据本预案…编制: the 项目部 variant (its 单位名称 or 所属行业 says
    项目部) words its 适用范围 and the places that spoke of 各项目部 for one project; the
    company keeps its two-level wording."""
    def comprehensive(folder: str, name: str, industry: str) -> str:
        s = minimal_sheets()
        s["基本信息"] = [[k, name if k == "单位名称" else v] for k, v in s["基本信息"]]
        s["基本信息"].append(["所属行业", industry])
        path = write_workbook(tmp_path / folder / "in" / "plan.xlsx", s)
        result = build(path.parent, tmp_path / folder / "out", profile="comprehensive",
                       toc_pages=False)
        assert result.ok, result.units[0].report.to_text()
        return document_text(result.written[0])

    company_words = ("本部及其承建", "各工程项目部依据本预案", "所属工程项目部", "各项目部",
                     "企业本部和各工程项目部")
    site = comprehensive("site", "中建某局第三建设有限公司滨江花园项目经理部", "房屋建筑施工")
    for word in company_words:
        assert word not in site, word
    assert "本预案适用于中建某局第三建设有限公司滨江花园项目经理部负责施工的工程项目" in site
    assert "本预案是本工程项目施工现场的生产安全事故应急救援预案" in site
    assert match_industry("建筑施工（项目部）")[0].variant == "项目部"
    assert match_industry("房屋建筑施工", "某公司某项目部")[0].variant == "项目部"
    assert match_industry("房屋建筑施工", "某建设集团有限公司")[0].variant == ""
    company = comprehensive("company", "某建设集团有限公司", "房屋建筑施工")
    assert "本部及其承建" in company and "各工程项目部依据本预案" in company


def test_a_sites_dormitory_fire_gets_no_hot_work_steps(tmp_path):
    """The site's hot-work card (叫停焊割, 关闭气瓶瓶阀) holds where its fire risks name
    hot work: a dormitory's electrical fire has no welder or cylinder."""
    s = _sector_sheets("construction")
    s["风险"] = [s["风险"][0], ["R-01", "事故灾难", "生活区宿舍火灾", "宿舍违规用电起火", 4, 4,
                              "发现险情立即报告", "技术组", "宿舍管理员", "火灾", ""]]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", s)
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.written, result.units[0].report.to_text()
    for p in result.written:
        text = document_text(p)
        assert "焊割" not in text and "气瓶" not in text and "停止动火" not in text, p.name
