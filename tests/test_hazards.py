"""The hazard library (docgen/data/hazards/): every entry complete and sourced, types
recognised from what administrators type, and each type's own steps, 严禁 and
注意事项 in the special plan, the on-site procedure and the card of a workbook
that says no more than "发现险情立即报告" per risk."""

from __future__ import annotations

import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import minimal_sheets, plan_system_texts, write_workbook
from docx_helpers import document_text

from docgen.api import build
from docgen.cli import main
from docgen.hazards import (
    OTHER,
    PART_NAMES,
    PRECAUTION_HEADINGS,
    find_type,
    is_hazard_place,
    library,
    recognise,
)
from docgen.pipeline import check_unit
from docgen.read import discover_units

ROOT = Path(__file__).resolve().parent.parent
LEGAL_CLASSES = {"自然灾害", "事故灾难", "公共卫生事件", "社会安全事件"}
GENERIC = "发现险情立即报告"

# ------------------------------------------------------------ the entries


def test_every_type_of_the_issue_is_in_the_library():
    names = set(library().names)
    gb6441 = {"物体打击", "车辆伤害", "机械伤害", "起重伤害", "触电", "淹溺", "灼烫", "火灾",
              "高处坠落", "坍塌", "锅炉爆炸", "容器爆炸", "其他爆炸", "中毒和窒息"}
    refined = {"粉尘爆炸", "金属粉尘爆炸", "燃气爆炸", "有限空间中毒窒息", "危险化学品泄漏",
               "液氨泄漏", "腐蚀性化学品泄漏", "电气火灾", "易燃液体火灾", "人员密集场所火灾"}
    natural = {"暴雨洪涝", "台风", "地震", "高温中暑", "雨雪冰冻", "雷电", "地质灾害"}
    others = {"食物中毒", "传染病", "职业中毒", "拥挤踩踏", "暴力治安事件", "停电", "电梯困人",
              "网络安全事件", "数据中心故障", OTHER}
    assert gb6441 | refined | natural | others <= names


@pytest.mark.parametrize("name", library().names)
def test_every_entry_has_each_section_and_sources(name):
    hazard = library().hazards[name]
    for part in PART_NAMES:
        if part == "guardian" and not hazard.guardian:
            continue
        assert hazard.lines(part), (name, part)
    assert 3 <= len(hazard.card) <= 7 and all(len(step) <= 24 for step in hazard.card)
    assert all(line.startswith(("严禁", "不得")) for line in hazard.response.forbidden)
    assert hazard.sources, name
    assert all(s.source.startswith("http") for s in hazard.sources)
    assert hazard.other or hazard.aliases
    if not hazard.other:
        assert any(e.key for e in hazard.equipment) or hazard.family in (
            "气象灾害", "地震地质灾害", "治安") or hazard.name in ("台风", "雷电", "地质灾害")


def test_no_two_types_share_their_precautions():
    lists = {h.name: tuple(x for _, items in h.precautions.by_heading() for x in items)
             for h in library().hazards.values()}
    for (a, items_a), (b, items_b) in combinations(lists.items(), 2):
        assert items_a != items_b, (a, b)
        shared = set(items_a) & set(items_b)
        assert not shared, (a, b, shared)


def test_fire_advice_stays_with_fire():
    for hazard in library().hazards.values():
        text = "".join(x for _, items in hazard.precautions.by_heading() for x in items)
        if "不得乘坐电梯" in text or "严禁乘坐电梯" in text:
            assert "火灾" in hazard.name or hazard.name in ("地震",), hazard.name


def test_sources_file_is_up_to_date_and_names_every_source():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "hazard_sources.py"),
                          "--check"], capture_output=True)
    assert run.returncode == 0, "run python scripts/hazard_sources.py"
    text = (ROOT / "docgen" / "data" / "hazards" / "SOURCES.md").read_text("utf-8")
    for hazard in library().hazards.values():
        assert f"## {hazard.name}（{hazard.key}.toml）" in text
        for source in hazard.sources:
            assert source.source in text
        for basis in hazard.basis:
            assert f"《{basis.title}》" in text


# ------------------------------------------------------------ recognition


@pytest.mark.parametrize(("name", "description", "expected"), [
    ("抛光车间铝粉尘爆炸", "", "金属粉尘爆炸"),
    ("木粉尘爆炸", "", "粉尘爆炸"),
    ("污水池清淤", "", "有限空间中毒窒息"),
    ("暴雨致基坑进水", "", "暴雨洪涝"),  # 基坑进水 is water in the pit, not a collapse
    ("深基坑坍塌（暴雨后）", "", "坍塌"),
    ("基坑边坡坍塌", "", "坍塌"),
    ("硫酸储罐泄漏灼伤", "", "腐蚀性化学品泄漏"),  # the leak outweighs the burn at its end
    ("住院部病房楼火灾", "", "人员密集场所火灾"),
    ("暴力伤医事件", "", "暴力治安事件"),
    ("烘干炉天然气泄漏", "", "燃气爆炸"),
    ("行车吊装作业", "", "起重伤害"),
    ("叉车伤人", "", "车辆伤害"),
    ("高压电缆误操作触电", "", "触电"),
    ("暴雨内涝", "", "暴雨洪涝"),
    ("夏季作业", "露天作业人员高温中暑", "高温中暑"),
    ("重要供应商停止服务", "UPS维保商经营异常", OTHER),  # UPS alone says little
    ("年度审计", "", OTHER),
])
def test_types_are_recognised_from_names_then_descriptions(name, description, expected):
    assert recognise(name, description).hazard.name == expected


def test_a_name_beats_a_description():
    found = recognise("车间火灾", "除尘器内铝粉尘可能爆炸")
    assert found.hazard.name == "火灾" and found.word == "火灾"


@pytest.mark.parametrize(("name", "description", "expected"), [
    # aluminium and magnesium dust reacts with water: its own type whenever the metal is named
    ("抛光粉尘爆炸（铝镁）", "", "金属粉尘爆炸"),
    ("铝镁合金抛光粉尘爆炸", "", "金属粉尘爆炸"),
    ("铝合金件打磨粉尘", "", "金属粉尘爆炸"),
    ("镁合金打磨", "", "金属粉尘爆炸"),
    ("抛光工位", "打磨铝镁合金件产生粉尘，除尘器内积尘", "金属粉尘爆炸"),
    ("打磨粉尘", "", OTHER),  # no metal named: not guessed
    ("面粉车间粉尘爆炸", "", "粉尘爆炸"),
    # a leak or poisoning with a toxic chemical named is that chemical's, never 容器爆炸
    ("液氨钢瓶泄漏中毒", "", "液氨泄漏"),
    ("冷库氨气泄漏", "", "液氨泄漏"),
    ("氯气钢瓶泄漏", "", "危险化学品泄漏"),
    ("钢瓶爆炸", "", "容器爆炸"),
    ("气瓶受热超压", "", "容器爆炸"),
    ("液化气瓶漏气", "", "燃气爆炸"),
    # acids and bases
    ("98%硫酸储存泄漏", "", "腐蚀性化学品泄漏"),
    ("盐酸储罐泄漏", "", "腐蚀性化学品泄漏"),
    ("硫酸灼伤", "", "灼烫"),
    # solvents
    ("甲醇仓库火灾", "", "易燃液体火灾"),
    ("丙酮储存", "", "易燃液体火灾"),
    ("二甲苯稀释剂调配", "", "易燃液体火灾"),
    # confined spaces by the work done in them
    ("C-06 事故应急池清理", "清理时可能中毒窒息", "有限空间中毒窒息"),
    ("事故应急池清理", "", "有限空间中毒窒息"),
    ("储罐清洗", "", "有限空间中毒窒息"),
])
def test_the_trials_risks_reach_their_own_types(name, description, expected):
    assert recognise(name, description).hazard.name == expected


def test_a_word_group_says_which_words_recognised_it():
    found = recognise("钢瓶受热爆炸", "")
    assert found.hazard.name == "容器爆炸" and found.word == "钢瓶”“爆炸"


def _printed(hazard) -> list[str]:
    return [line for part in PART_NAMES for line in hazard.lines(part)]


WATER_USE = ("雾状水", "喷雾水", "喷水", "用水", "水流", "水枪", "洒水", "水冲")
FORBIDS = ("严禁", "禁止", "不得", "禁用", "不用", "勿", "制止")


def test_metal_dust_is_never_told_to_use_water():
    """Water on burning aluminium or magnesium dust gives off hydrogen: what the metal
    type tells anyone to do names water only to forbid it (its 事故特征 say why; burns
    are still cooled once off the fire)."""
    metal = library().hazards["金属粉尘爆炸"]
    assert metal.parent == "粉尘爆炸"
    for part in (p for p in PART_NAMES if p not in ("features", "first_aid")):
        for line in metal.lines(part):
            if any(w in line for w in WATER_USE):
                assert any(w in line for w in FORBIDS), (part, line)
    for line in (*metal.card, *metal.response.initial, *metal.roles.finder,
                 *metal.roles.team_leader, *metal.roles.site_lead):
        assert "雾状水" not in line and "喷雾" not in line
    assert any("严禁用水" in line for line in metal.response.forbidden)


def test_no_other_type_puts_metal_dust_beside_water():
    """Only the metal type speaks of metal dust and water; the general dust type, whose
    card says 雾状水, never mentions a metal-dust water ban beside it."""
    metals = ("金属粉尘", "铝镁", "铝粉", "镁粉")
    for hazard in library().hazards.values():
        if hazard.name == "金属粉尘爆炸":
            continue
        for line in _printed(hazard):
            said = line.replace("非金属粉尘", "")  # water is for non-metal dust, said so
            if any(m in said for m in metals):
                assert "水" not in line, (hazard.name, line)
    dust = library().hazards["粉尘爆炸"]
    assert not any(any(m in step.replace("非金属粉尘", "") for m in metals)
                   for step in dust.card)
    # where water is advised for dust whose kind is not known, it is only for non-metal dust
    for line in (*dust.card, *dust.response.initial, *dust.roles.team_leader):
        if "雾状水" in line:
            assert "非金属粉尘" in line, line


@pytest.mark.parametrize("name", ["危险化学品泄漏", "燃气爆炸"])
def test_general_entries_carry_no_one_chemical_or_kitchen_steps(name):
    """A sulfuric-acid store must not read ammonia-refrigeration steps, a drying oven
    must not read a kitchen's."""
    text = "".join(_printed(library().hazards[name]))
    for word in ("氨", "压缩机", "灶", "油烟机", "门铃", "汤水", "液化石油气钢瓶"):
        assert word not in text, (name, word)


def test_the_generic_leak_defers_to_the_safety_data_sheet():
    hazard = library().hazards["危险化学品泄漏"]
    assert any("安全技术说明书" in line for line in hazard.response.initial)


def test_ammonia_and_acid_steps_are_their_own():
    lib = library()
    ammonia = lib.hazards["液氨泄漏"]
    assert ammonia.parent == "危险化学品泄漏"
    text = "".join(_printed(ammonia))
    assert "上风" in text and "空气呼吸器" in text and "直流水" in text
    assert "泄压" not in text  # venting spreads the leak (容器爆炸's step)
    acid = lib.hazards["腐蚀性化学品泄漏"]
    assert acid.parent == "危险化学品泄漏"
    assert not any("硫酸" in line for line in acid.response.forbidden)  # not every acid's
    sulphuric = acid.for_risks("浓硫酸储罐泄漏").response.forbidden
    assert any("浓硫酸" in line and "严禁" in line for line in sulphuric)
    assert any("15分钟" in line for line in acid.response.first_aid)


def test_polar_solvents_get_alcohol_resistant_foam():
    hazard = library().hazards["易燃液体火灾"]
    assert any("甲醇" in line and "抗溶性泡沫" in line for line in hazard.response.rescue)


def test_the_confined_space_card_ventilates_and_calls_and_the_finder_is_the_entrant():
    hazard = library().hazards["有限空间中毒窒息"]
    card = "".join(hazard.card)
    assert "通风" in card and "检测" in card and "120" in card
    assert "通风" in "".join(hazard.card[:3])  # a card that must shrink keeps three
    assert "作业人员" in hazard.roles.finder[0] and "监护人" in hazard.roles.finder[0]
    assert any("不得进入施救" in line for line in hazard.roles.finder)


def test_general_fire_and_crane_lines_read_for_any_organisation():
    lib = library()
    fire = "".join(lib.hazards["火灾"].response.forbidden)
    assert "多层建筑" in fire and "建筑火灾" in fire
    crane = "".join(_printed(lib.hazards["起重伤害"]))
    assert "回转范围" not in crane and "建设主管部门" not in crane and "市政" not in crane
    assert "起重机械作业范围" in crane


def test_contacts_fit_the_hazard():
    lib = library()
    for name in ("起重伤害", "锅炉爆炸", "容器爆炸"):
        assert {"特种设备", "市场监管"} <= set(lib.hazards[name].contacts), name
    owners = [h.name for h in lib.hazards.values() if "燃气" in h.contacts]
    assert owners == ["燃气爆炸"]
    assert "110" not in lib.hazards["燃气爆炸"].contacts


@pytest.mark.parametrize(("typed", "expected"), [
    ("粉尘爆炸", "粉尘爆炸"), ("机械致害", "机械伤害"), ("泄漏", "危险化学品泄漏"),
    ("中毒", "中毒和窒息"), (" 火灾 ", "火灾"), ("其他事故", OTHER),
])
def test_typed_values_and_gb6441_2025_names_are_accepted(typed, expected):
    assert find_type(typed).name == expected


def _factory(tmp_path: Path, rows: list[list], resources: list[list] | None = None) -> Path:
    s = minimal_sheets()
    s["基本信息"].append(["所属行业", "机械制造"])
    s["风险"] = [["编号", "风险类别", "风险名称", "风险描述", "可能性", "严重程度", "应对措施",
                 "责任机构", "重点岗位", "事故类型"], *rows]
    if resources is not None:
        s["资源"] = [["编号", "资源类型", "名称", "数量", "存放地点", "管理人"], *resources]
    return write_workbook(tmp_path / "in" / "plan.xlsx", s)


def test_recognised_types_are_listed_once_with_how_to_change_them(tmp_path):
    path = _factory(tmp_path, [
        ["R-01", "事故灾难", "抛光粉尘爆炸", None, 4, 5, GENERIC, "技术组", "抛光工", None],
        ["R-02", "事故灾难", "年度审计", None, 1, 1, GENERIC, "技术组", None, None],
        ["R-03", "事故灾难", "污水池作业", None, 4, 5, GENERIC, "技术组", None, "有限空间中毒窒息"],
    ])
    report, _ = check_unit(discover_units(path.parent)[0][0])
    [recognised] = [i for i in report.issues if i.code == "hazard.recognised"]
    assert "R-01 抛光粉尘爆炸 → 粉尘爆炸（据“粉尘爆炸”）" in recognised.message
    assert "R-03" not in recognised.message  # typed, not recognised
    assert "事故类型" in recognised.message and str(recognised.where).endswith("事故类型")
    [other] = [i for i in report.issues if i.code == "hazard.other"]
    assert "R-02 年度审计" in other.message and other.severity.value == "提示"


def test_a_long_register_is_listed_in_part_and_counted(tmp_path):
    """10,000 risks of no known type must not make a message of 10,000 names."""
    rows = [[f"R-{n:03}", "事故灾难", f"年度审计{n}", None, 1, 1, GENERIC, "技术组", None, None]
            for n in range(1, 31)]
    path = _factory(tmp_path, rows)
    report, _ = check_unit(discover_units(path.parent)[0][0])
    [other] = [i for i in report.issues if i.code == "hazard.other"]
    assert "R-020 年度审计20" in other.message and "R-021" not in other.message
    assert "另有 10 项" in other.message


def test_an_unknown_typed_type_is_an_error_naming_the_closest(tmp_path):
    path = _factory(tmp_path, [
        ["R-01", "事故灾难", "抛光", None, 4, 5, GENERIC, "技术组", None, "粉尘暴炸"],
    ])
    report, plan = check_unit(discover_units(path.parent)[0][0])
    assert plan is None
    [error] = [i for i in report.errors if i.code == "value.accident_type"]
    assert "是不是“粉尘爆炸”" in error.message
    assert str(error.where).endswith("第2行 › 事故类型")


# ------------------------------------------------------------ the plans


FACTORY = [
    ["R-01", "事故灾难", "抛光车间铝镁粉尘爆炸", "打磨铝镁合金件产生粉尘", 4, 5, GENERIC,
     "技术组", "抛光工位操作工", None],
    ["R-02", "事故灾难", "污水池清淤中毒窒息", "进入污水池作业", 4, 5, GENERIC, "技术组",
     "污水处理工", None],
    ["R-03", "事故灾难", "烘干炉天然气泄漏", None, 3, 5, GENERIC, "后勤组", "烘干炉操作工", None],
    ["R-04", "事故灾难", "行车吊装伤人", None, 3, 4, GENERIC, "后勤组", "行车工", None],
    ["R-05", "事故灾难", "冲床伤手", None, 4, 4, GENERIC, "技术组", "冲压工", "机械伤害"],
]


@pytest.fixture(scope="module")
def factory(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("factory")
    path = _factory(tmp, FACTORY)
    result = build(path.parent, tmp / "out", profile="all", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    texts = {p.name.split("_", 1)[1].removesuffix(".docx"): document_text(p)
             for p in result.written}
    return result, texts


def _one(texts: dict[str, str], word: str) -> str:
    [text] = [t for name, t in texts.items() if word in name]
    return text


def test_special_plans_are_by_type_family_never_by_legal_class(factory):
    _, texts = factory
    specials = [n for n in texts if n.endswith("专项应急预案")]
    assert sorted(specials) == sorted([
        "测试服务有限公司火灾爆炸事故专项应急预案",  # 金属粉尘爆炸 and 燃气爆炸 together
        "测试服务有限公司有限空间作业事故专项应急预案",
        "测试服务有限公司起重伤害事故专项应急预案",
    ])  # 机械伤害 stays in the on-site procedures
    for name in specials:
        assert not any(name.endswith(f"{c}专项应急预案") for c in LEGAL_CLASSES)


def test_a_generic_line_still_gets_each_types_own_steps_everywhere(factory):
    _, texts = factory
    lib = library()
    fire = _one(texts, "火灾爆炸事故专项")
    onsite = _one(texts, "现场处置方案")
    cards = _one(texts, "应急处置卡")
    for name, special in (("金属粉尘爆炸", fire), ("燃气爆炸", fire),
                          ("有限空间中毒窒息", _one(texts, "有限空间作业事故")),
                          ("起重伤害", _one(texts, "起重伤害事故专项"))):
        hazard = lib.hazards[name]
        assert f"{name}的处置要点" in special
        for line in (*hazard.response.initial, *hazard.response.forbidden):
            assert line in special, (name, line)
    for name in ("金属粉尘爆炸", "有限空间中毒窒息", "燃气爆炸", "起重伤害", "机械伤害"):
        hazard = lib.hazards[name]
        for heading, items in hazard.precautions.by_heading():
            assert heading in onsite
            assert all(item in onsite for item in items), (name, heading)
        assert hazard.response.forbidden[0] in cards
        assert all(step in cards for step in hazard.card[:3]), name
    assert GENERIC in onsite and GENERIC in cards  # the typed line first, kept


def test_dust_steps_are_the_ones_a_reviewer_looks_for(factory):
    _, texts = factory
    fire = _one(texts, "火灾爆炸事故专项")
    assert "二次爆炸" in fire or "二次" in fire
    assert re.search(r"严禁.{0,20}(用水|水)", fire)
    assert "压缩空气" in fire


def test_each_procedure_holds_its_own_type_and_nothing_of_another(factory):
    result, _ = factory
    plan = result.units[0].plan
    lib = library()
    for procedure in plan.system.procedures:
        own = procedure.hazard
        theirs = [h for h in lib.hazards.values() if h.name != own.name]
        own_items = {x for _, items in own.precautions.by_heading() for x in items}
        for other in theirs:
            for _, items in other.precautions.by_heading():
                assert not (set(items) & own_items), (own.name, other.name)
        assert [r.title for r in procedure.roles][:3] == [
            "第一发现人（岗位操作人员）", "班组长（部门负责人）", "现场负责人"]
        assert ("监护人" in [r.title for r in procedure.roles]) == own.guardian


def test_the_confined_space_procedure_has_a_guardian_with_duties(factory):
    _, texts = factory
    onsite = _one(texts, "现场处置方案")
    hazard = library().hazards["有限空间中毒窒息"]
    assert "监护人" in onsite
    assert all(d in onsite for d in hazard.roles.guardian)


def test_basis_adds_the_rules_of_registered_types_where_they_apply(factory):
    result, texts = factory
    plan = result.units[0].plan
    titles = [b.title for b in plan.basis]
    assert "城镇燃气管理条例" in titles  # 燃气爆炸, for every kind of organisation
    assert len(titles) == len(set(titles))
    kinds = [b.kind for b in plan.basis]
    from docgen.packs import BASIS_ORDER
    assert kinds == sorted(kinds, key=BASIS_ORDER.index)
    comprehensive = _one(texts, "综合应急预案")
    assert "《城镇燃气管理条例》" in comprehensive


def test_equipment_each_type_needs_is_looked_for_among_the_resources(tmp_path):
    rows = [["R-01", "事故灾难", "污水池清淤", None, 4, 5, GENERIC, "技术组", None, None]]
    path = _factory(tmp_path, rows, [["ZY-01", "物资装备", "轴流风机", 2, "仓库", "王五"]])
    report, _ = check_unit(discover_units(path.parent)[0][0])
    [gap] = [i for i in report.warnings if i.code == "hazard.equipment"]
    assert gap.message.startswith("R-01 有限空间中毒窒息：“资源”表中未找到气体检测报警仪")
    assert "正压式空气呼吸器或长管呼吸器" in gap.message
    assert "机械通风设备" not in gap.message  # the 轴流风机 is one
    assert "《工贸企业有限空间作业安全规定》" in gap.message
    path = _factory(tmp_path / "b", rows, [
        ["ZY-01", "物资装备", "四合一气体检测报警仪", 2, "仓库", "王五"],
        ["ZY-02", "物资装备", "轴流风机", 2, "仓库", "王五"],
        ["ZY-03", "物资装备", "正压式空气呼吸器", 2, "仓库", "王五"],
        ["ZY-04", "物资装备", "全身式安全带及安全绳", 2, "仓库", "王五"]])
    report, _ = check_unit(discover_units(path.parent)[0][0])
    assert not [i for i in report.warnings if i.code == "hazard.equipment"]


def test_a_card_with_long_typed_text_is_shortened_and_warned(tmp_path):
    step = "按照本单位操作规程逐项检查设备运行状态并做好记录，必要时联系维保单位"
    long = "\n".join(f"第{i}步：{step}" for i in range(1, 8))
    path = _factory(tmp_path, [
        ["R-01", "事故灾难", "冲床伤手", None, 4, 4, long, "技术组", "冲压工", None]])
    result = build(path.parent, tmp_path / "out", profile="onsite", toc_pages=False)
    [warning] = [i for i in result.units[0].report.warnings if i.code == "card.shortened"]
    assert "冲压工应急处置卡" in warning.message and "R-01" in warning.message
    [card] = result.units[0].plan.system.cards
    assert card.shortened and card.fits
    # the type's steps as a factory words them: the 工贸 pack's first, then the library's
    [entry] = card.entries
    assert entry.steps == list(entry.hazard.card)
    assert entry.steps[1] == "肢体卡住不硬拉，拨打119求助"
    assert set(library().hazards["机械伤害"].card) <= set(entry.steps)


def test_library_text_can_be_replaced_for_one_organisation(tmp_path):
    s_rows = [["R-01", "事故灾难", "冲床伤手", None, 4, 4, GENERIC, "技术组", "冲压工", None]]
    path = _factory(tmp_path, s_rows)
    from openpyxl import load_workbook
    wb = load_workbook(path)
    ws = wb.create_sheet("文本")
    ws.append(["位置", "内容", "方式"])
    ws.append(["机械伤害·严禁", "严禁本单位人员擅自拆除冲床的双手按钮装置。", "替换"])
    ws.append(["机械伤害·初期处置", "立即按下冲床急停按钮。", "追加"])
    wb.save(path)
    assert is_hazard_place("机械伤害·严禁") and not is_hazard_place("机械伤害·严厉")
    result = build(path.parent, tmp_path / "out", profile="onsite", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    onsite = document_text(next(p for p in result.written if "现场处置方案" in p.name))
    assert "严禁本单位人员擅自拆除冲床的双手按钮装置。" in onsite
    assert library().hazards["机械伤害"].response.forbidden[0] not in onsite
    assert "立即按下冲床急停按钮。" in onsite
    assert library().hazards["机械伤害"].response.initial[0] in onsite


def test_docgen_hazards_lists_the_library_and_one_type_in_full():
    runner = CliRunner()
    listing = runner.invoke(main, ["hazards"])
    assert listing.exit_code == 0
    assert len([line for line in listing.output.splitlines() if "〔" in line]) == \
        len(library().names)
    one = runner.invoke(main, ["hazards", "有限空间"])
    assert one.exit_code == 0, one.output
    hazard = library().hazards["有限空间中毒窒息"]
    assert "有限空间中毒窒息·初期处置" in one.output
    assert all(words in one.output for _, words in PRECAUTION_HEADINGS)
    assert hazard.response.forbidden[0] in one.output
    unknown = runner.invoke(main, ["hazards", "外星人入侵"])
    assert unknown.exit_code == 2 and "没有“外星人入侵”" in unknown.output


def test_the_comprehensive_plan_gives_the_steps_of_a_risk_no_special_plan_covers(tmp_path):
    """触电 has no special plan of its own: the 综合 plan, its only plan, prints the
    type's 初期处置 and 严禁 after the typed line; a dust risk, which its special plan
    covers, keeps only what was typed there."""
    path = _factory(tmp_path, [
        ["R-01", "事故灾难", "配电箱触电", None, 2, 3, GENERIC, "技术组", "电工", "触电"],
        ["R-02", "事故灾难", "抛光粉尘爆炸", None, 4, 5, GENERIC, "技术组", "抛光工", "粉尘爆炸"],
    ])
    result = build(path.parent, tmp_path / "out", profile="comprehensive", toc_pages=False)
    text = document_text(result.written[0])
    shock = text[text.index("R-01 配电箱触电（"):text.index("R-02 抛光粉尘爆炸（")]
    assert "（1）发现险情立即报告；" in shock
    assert "用干燥木棒、木板等绝缘物挑开电线" in shock and "严禁" in shock
    dust = text[text.index("R-02 抛光粉尘爆炸（"):]
    dust = dust[:dust.index("依托应急资源") if "依托应急资源" in dust else 400]
    assert "发现险情立即报告。" in dust and "二次爆炸" not in dust


def test_a_busy_post_never_gets_a_card_entry_of_its_typed_line_alone(tmp_path):
    """Three risks of three types on one post, one generic line each (the 架子工 of a
    building site): to fit A6 the card splits by type rather than cutting an entry
    down to 发现险情立即报告."""
    types = ["高处坠落", "物体打击", "触电"]
    path = _factory(tmp_path, [
        [f"R-{n:02}", "事故灾难", f"脚手架作业{kind}", None, 4, 5, GENERIC, "技术组", "架子工",
         kind] for n, kind in enumerate(types, 1)])
    _, plan = check_unit(discover_units(path.parent)[0][0])
    assert plan is not None
    cards = [c for c in plan.system.cards if c.post == "架子工"]
    entries = [e for c in cards for e in c.entries]
    assert sorted(e.hazard.name for e in entries) == sorted(types)
    assert all(len(e.steps) >= 3 for e in entries), [(e.hazard.name, e.steps) for e in entries]
    assert all(c.fits for c in cards)


def test_weather_types_speak_to_any_organisation_not_a_building_site():
    """A school's typhoon plan printed 施工升降机 and 临时工棚: the weather types name no
    site's plant; a building site's own lines come from its pack, or from the lines the
    type holds where a risk names cranes (台风 and 雷电 `only`)."""
    for name in ("台风", "暴雨洪涝", "雷电"):
        for line in _printed(library().hazards[name]):
            assert not any(w in line for w in ("塔吊", "施工升降机", "工棚", "船舶", "模板")), \
                (name, line)


def test_the_comprehensive_plan_points_a_risk_to_the_special_plan_written_for_it(tmp_path):
    path = _factory(tmp_path, [
        ["R-01", "事故灾难", "抛光粉尘爆炸", None, 4, 5, GENERIC, "技术组", "抛光工", "粉尘爆炸"],
    ])
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    special = next(p for p in result.written if "专项应急预案" in p.name)
    name = special.name.split("_", 1)[1].removesuffix(".docx")
    comprehensive = document_text(next(p for p in result.written if "综合应急预案" in p.name))
    assert f"其余处置措施按《{name}》执行。" in comprehensive
    # without the special plan written (the comprehensive profile alone), no such promise
    alone = build(path.parent, tmp_path / "alone", profile="comprehensive", toc_pages=False)
    assert "其余处置措施按" not in document_text(alone.written[0])


def test_the_order_and_the_grouping_name_their_sources():
    from docgen.datafile import load
    from docgen.hazards import FamiliesFile

    families = load("hazards/families.toml", FamiliesFile)
    assert families.sources and all(s.source.startswith("http") and s.supports
                                    for s in families.sources)


def _warehouse(tmp_path: Path, rows: list[list],
               industry: str = "危险化学品仓储") -> dict[str, str]:
    return plan_system_texts(tmp_path, industry, rows)


TANK_WORDS = ("倒罐", "堵漏夹具", "筑堤", "固定泡沫灭火系统", "相邻储罐")


def test_a_drum_store_and_a_laboratory_get_small_spill_steps_not_a_tank_farms(tmp_path):
    """A methanol drum store and a laboratory were told to 倒罐, use 堵漏夹具, 筑堤 and
    start the 固定泡沫灭火系统 of a tank farm: those steps now hold only where a risk
    names tanks, and small containers get absorbent, ventilation and hazardous waste."""
    texts = _warehouse(tmp_path, [
        ["R-01", "事故灾难", "甲醇桶装泄漏", "仓库内200L甲醇桶破损泄漏", 3, 4, GENERIC,
         "技术组", "仓管员", "危险化学品泄漏"],
        ["R-02", "事故灾难", "甲醇仓库火灾", "桶装甲醇遇火源燃烧", 2, 5, GENERIC, "技术组",
         "仓管员", "易燃液体火灾"],
        ["R-03", "事故灾难", "化验室试剂泄漏", None, 3, 3, GENERIC, "技术组", "化验员",
         "危险化学品泄漏"]])
    whole = "\n".join(t for n, t in texts.items() if not n.endswith("综合应急预案"))
    for word in TANK_WORDS:
        assert word not in whole, word
    onsite, card = _one(texts, "现场处置方案"), _one(texts, "应急处置卡")
    assert "防漏托盘" in onsite and "危险废物" in onsite
    # the card, after the alarm and protection, has room for the first of them
    assert "扶正容器，放入防漏托盘" in card and "吸附棉从外向内吸收" in card
    assert "吸附棉、蛭石或干沙从泄漏物外缘向中心覆盖吸收" in _one(texts, "现场处置方案")


def test_a_tank_farm_keeps_its_tank_steps(tmp_path):
    texts = _warehouse(tmp_path, [
        ["R-01", "事故灾难", "甲醇储罐泄漏", None, 3, 4, GENERIC, "技术组", "罐区值班员",
         "危险化学品泄漏"],
        ["R-02", "事故灾难", "罐区火灾", None, 2, 5, GENERIC, "技术组", "罐区值班员",
         "易燃液体火灾"]])
    onsite = _one(texts, "现场处置方案")
    assert "倒罐" in onsite and "筑堤围堵" in onsite and "固定泡沫灭火系统" in onsite
    assert "防漏托盘" not in onsite
    assert "用水冷却受火势威胁的储罐罐壁" in onsite and "沸溢、喷溅" in onsite


def test_an_oxygen_leak_is_a_fire_risk_in_a_plan_of_its_own_not_a_vessel_explosion(tmp_path):
    """A hospital's 氧气管道泄漏 and 医用氧气泄漏 landed in a 压力容器爆炸事故专项应急预案:
    a pipe leak of oxygen is a leak with a fire risk (oxygen-enriched air), the type
    氧气泄漏 (family 火灾爆炸), with its own steps (close the valve, no flame, no grease
    or hand gel, ventilate, evacuate, air enriched clothing); a cylinder that bursts is
    still a 容器爆炸, and a compressor's vessel gets no oxygen steps."""
    for name in ("医用氧气泄漏", "氧气管道泄漏", "中心供氧管道泄漏", "液氧储罐泄漏", "氧气瓶泄漏"):
        assert recognise(name, "").hazard.name == "氧气泄漏", name
    for name in ("氧气瓶爆炸", "医用氧气瓶爆炸", "氧气瓶受热超压"):
        assert recognise(name, "").hazard.name == "容器爆炸", name
    s = minimal_sheets()
    s["基本信息"].append(["所属行业", "综合医院"])
    s["风险"] = [["编号", "风险类别", "风险名称", "风险描述", "可能性", "严重程度", "应对措施",
                 "责任机构", "重点岗位", "事故类型"],
                ["R-01", "事故灾难", "氧气管道泄漏", "病区供氧管道接头漏气，形成富氧环境", 3, 4,
                 GENERIC, "技术组", "医用气体管理员", None]]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", s)
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.written, result.units[0].report.to_text()
    texts = {p.stem: document_text(p) for p in result.written}
    assert any(n.endswith("氧气泄漏事故专项应急预案") for n in texts), list(texts)
    for name, text in texts.items():
        assert "压力容器爆炸" not in text and "容器爆炸" not in name, name
    onsite = next(t for n, t in texts.items() if n.endswith("现场处置方案"))
    card = next(t for n, t in texts.items() if n.endswith("应急处置卡"))
    assert "关闭泄漏点上游阀门" in onsite and "油脂" in onsite and "散气" in onsite
    assert "含酒精手消毒剂" in onsite and "按规定程序泄压" not in onsite
    assert "安全时关闭上游阀门或瓶阀" in card and "停止进气进料" not in card
    # the hospital's own oxygen measures come first (its typical risk's type)
    assert "先为依赖供氧的患者换用氧气瓶等备用氧源" in onsite
    air = _factory(tmp_path / "air", [
        ["R-01", "事故灾难", "空压机储气罐超压", None, 3, 4, GENERIC, "技术组", "空压机工", None]])
    result = build(air.parent, tmp_path / "out2", profile="all", toc_pages=False)
    assert not any("氧气泄漏" in document_text(p) for p in result.written)


def test_a_solvent_spill_is_a_chemical_spill_and_its_fire_a_liquid_fire(tmp_path):
    """甲醇桶装泄漏 was recognised by 甲醇 as 易燃液体火灾: the drum store's spill card
    said 持续冷却受热容器 and nothing of absorbent. A solvent named with 泄漏 is a
    chemical spill; a solvent named alone or burning is still a liquid fire."""
    assert recognise("甲醇桶装泄漏", "").hazard.name == "危险化学品泄漏"
    assert recognise("实验室试剂泄漏", "").hazard.name == "危险化学品泄漏"
    assert recognise("甲醇仓库火灾", "").hazard.name == "易燃液体火灾"
    assert recognise("丙酮储存", "").hazard.name == "易燃液体火灾"
    texts = _warehouse(tmp_path, [
        ["R-01", "事故灾难", "甲醇桶装泄漏", None, 3, 4, GENERIC, "技术组", "仓管员", None]])
    card = _one(texts, "应急处置卡")
    assert "扶正容器，放入防漏托盘" in card and "持续冷却受热容器" not in card


def test_a_drum_store_fire_is_not_told_to_close_valves_it_lacks(tmp_path):
    """The 易燃液体火灾 card and steps said 关闭阀门切断液体来源 to a drum store with no
    valves or pipes: that step holds only where a risk names tanks, pipes or loading;
    drums get theirs (move the unheated ones only if safe, cool the heated ones from a
    distance and leave them be)."""
    texts = _warehouse(tmp_path / "drums", [
        ["R-01", "事故灾难", "甲醇仓库火灾", "桶装甲醇遇火源燃烧", 3, 5, GENERIC, "技术组",
         "仓管员", "易燃液体火灾"]])
    for name, text in texts.items():
        assert "关闭阀门" not in text and "切断液体来源" not in text, name
    card = _one(texts, "应急处置卡")
    assert "安全时搬离未受热的油桶" in card and "受热油桶远距离冷却，勿搬动" in card
    assert "冷却前不得靠近搬动" in _one(texts, "现场处置方案")
    tanks = _warehouse(tmp_path / "tanks", [
        ["R-01", "事故灾难", "汽油储罐区火灾", "装卸栈台汽油泄漏起火", 3, 5, GENERIC, "技术组",
         "罐区值班员", "易燃液体火灾"]])
    assert "关闭阀门切断液体来源" in _one(tanks, "应急处置卡")
    assert "油桶着火时" not in _one(tanks, "现场处置方案")


def test_a_fume_hood_is_a_laboratorys_not_a_drum_stores(tmp_path):
    """A methanol drum store's spill card said 开通风柜通风: a fume hood is a laboratory's
    (试剂, 实验室, 化验室); a drum store opens its doors, windows and extraction."""
    drums = _warehouse(tmp_path / "drums", [
        ["R-01", "事故灾难", "甲醇桶装泄漏", "仓库内200L甲醇桶破损泄漏", 3, 4, GENERIC,
         "技术组", "仓管员", "危险化学品泄漏"]])
    for name, text in drums.items():
        assert "通风柜" not in text, name
    assert "开门窗排风，易燃物熄火源" in _one(drums, "应急处置卡")
    assert "打开门窗，开启排风设施通风" in _one(drums, "现场处置方案")
    lab = _warehouse(tmp_path / "lab", [
        ["R-01", "事故灾难", "化验室试剂泄漏", None, 3, 4, GENERIC, "技术组", "化验员",
         "危险化学品泄漏"]])
    assert "开通风柜通风，易燃物熄火源" in _one(lab, "应急处置卡")
    assert "开启通风柜和排风设施" in _one(lab, "现场处置方案")
    assert "开门窗排风" not in _one(lab, "应急处置卡")



def test_each_risk_gets_the_lines_of_its_own_place_and_the_plan_those_of_all(tmp_path):
    """A store with a drum room and a laboratory: the lines a type's risks call for were
    worked out for the type, so the laboratory's card also said 开门窗排风 (the drums')
    and the drum keeper's 开通风柜通风. Each risk's card and procedure now take the
    lines its own name and description call for; the special plan, for all its risks,
    has both."""
    texts = _warehouse(tmp_path, [
        ["R-01", "事故灾难", "甲醇桶装泄漏", "仓库内200L甲醇桶破损泄漏", 3, 4, GENERIC,
         "技术组", "仓管员", "危险化学品泄漏"],
        ["R-02", "事故灾难", "化验室试剂泄漏", None, 3, 4, GENERIC, "技术组", "化验员",
         "危险化学品泄漏"]])
    card = _one(texts, "应急处置卡")
    keeper, chemist = card.split("化验员应急处置卡")
    assert "开门窗排风，易燃物熄火源" in keeper and "通风柜" not in keeper
    assert "开通风柜通风，易燃物熄火源" in chemist and "开门窗排风" not in chemist
    special = _one(texts, "泄漏事故专项应急预案")
    assert "开启通风柜和排风设施" in special and "打开门窗，开启排风设施通风" in special

def test_only_a_sulphuric_acid_store_is_told_not_to_add_water_to_it(tmp_path):
    """A store of hydrochloric acid and caustic soda printed 严禁向浓硫酸泄漏物加水 on its
    card: the sulphuric-acid lines hold where a risk names 硫酸, and the card's 严禁 line
    (the type's first) is one that is right for any corrosive."""
    store = _warehouse(tmp_path / "hcl", [
        ["R-01", "事故灾难", "盐酸泄漏", "盐酸桶破损泄漏", 3, 4, GENERIC, "技术组", "仓管员",
         None],
        ["R-02", "事故灾难", "烧碱泄漏", "氢氧化钠溶液泄漏", 3, 4, GENERIC, "技术组", "仓管员",
         None]])
    for name, text in store.items():
        assert "浓硫酸" not in text, name
    card = _one(store, "应急处置卡")
    assert "严禁无防护人员进入泄漏区域或直接接触泄漏物。" in card
    assert "不同的酸碱泄漏物不得混在一起收集" in _one(store, "现场处置方案")
    sulphuric = _warehouse(tmp_path / "h2so4", [
        ["R-01", "事故灾难", "硫酸泄漏", "浓硫酸桶破损泄漏", 3, 4, GENERIC, "技术组", "仓管员",
         None]])
    assert "严禁向浓硫酸泄漏物加水" in _one(sulphuric, "应急处置卡")
    onsite = _one(sulphuric, "现场处置方案")
    assert "严禁向浓硫酸泄漏物直接喷水或用水冲洗" in onsite and "严禁把水倒入浓硫酸" in onsite


def test_a_pharmacy_and_a_paint_store_fire_get_no_fuel_or_tank_lines(tmp_path):
    """A pharmacy's ethanol fire card warned about 汽油、柴油 and a paint store's fire plan
    cooled 储罐 walls and feared a crude-oil boil-over: fuel lines hold where a risk names
    fuel, oil drums or paint, tank lines where it names tanks; all get the generic ones."""
    pharmacy = _warehouse(tmp_path / "pharmacy", [
        ["R-01", "事故灾难", "酒精火灾", "医用乙醇起火", 3, 5, GENERIC, "技术组", "药店店员",
         "易燃液体火灾"]], industry="零售药店")
    card = _one(pharmacy, "应急处置卡")
    assert "柴油" not in card and "汽油" not in card
    assert "严禁用水直接扑救油类、醇类等易燃液体火灾" in card
    paint = _warehouse(tmp_path / "paint", [
        ["R-01", "事故灾难", "油漆仓库火灾", "油漆和稀释剂起火", 3, 5, GENERIC, "技术组", "仓管员",
         "易燃液体火灾"]])
    for texts in (pharmacy, paint):
        for name, text in texts.items():
            if not name.endswith("综合应急预案"):  # a chemicals unit's own 储罐 paragraphs
                assert "储罐" not in text and "沸溢、喷溅" not in text, name
        assert "用水冷却受火势威胁的密闭容器" in _one(texts, "现场处置方案")
    assert "不得向着火的油桶和油品泼水" in _one(paint, "现场处置方案")
    assert "油桶" not in _one(pharmacy, "现场处置方案")


def test_cleaning_a_tank_is_confined_space_work(tmp_path):
    """A factory's 废漆液收集罐清理作业中毒窒息 (people go into the tank) was read as a
    plain 中毒和窒息 by its 中毒窒息, so its guardian's card said 撤至上风向 and its
    procedure had no guardian: 罐清理 names confined-space work, as 清罐 does."""
    assert recognise("废漆液收集罐清理作业中毒窒息", "").hazard.name == "有限空间中毒窒息"
    path = _factory(tmp_path, [
        ["R-01", "事故灾难", "废漆液收集罐清理作业中毒窒息", "罐内残留溶剂挥发", 3, 5, GENERIC,
         "技术组", "有限空间作业监护人", None]])
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.written, result.units[0].report.to_text()
    texts = {p.name.split("_", 1)[1].removesuffix(".docx"): document_text(p)
             for p in result.written}
    assert any(n.endswith("有限空间作业事故专项应急预案") for n in texts), list(texts)
    card = _one(texts, "应急处置卡")
    assert "严禁未做好安全防护措施盲目进入有限空间施救" in card
    assert "立即撤至上风向并呼救" not in card
    assert "监护人员" in _one(texts, "现场处置方案")


def test_a_drum_stores_cards_raise_the_alarm_before_handling_the_drums(tmp_path):
    """The steps a drum store's risks call for came first on its cards: 扶正容器 before
    anyone was warned or had put on protection (which the card then cut to fit), and
    搬离未受热的油桶 before 呼喊示警并拨打119. They now follow the card's opening steps."""
    texts = _warehouse(tmp_path, [
        ["R-01", "事故灾难", "甲醇桶装泄漏", None, 3, 4, GENERIC, "技术组", "仓管员", None],
        ["R-02", "事故灾难", "甲醇仓库火灾", "桶装甲醇遇火源燃烧", 2, 5, GENERIC, "技术组",
         "叉车司机", "易燃液体火灾"]])
    card = _one(texts, "应急处置卡")
    order = [card.index(step) for step in
             ("撤到上风向并报警", "按SDS穿戴防护用品", "扶正容器，放入防漏托盘")]
    assert order == sorted(order), order
    assert card.index("呼喊示警并拨打119") < card.index("安全时搬离未受热的油桶")


def test_a_card_names_the_body_behind_a_duty_desk(tmp_path):
    """A factory's 通讯录 gave the gas company's 单位 and 值班室 as its 姓名: the card
    printed 外部单位　值班室：0739-… and nobody could tell whose desk it was. A
    hotline (报警：110) and a 姓名 that is already a body's name print as they were."""
    s = minimal_sheets()
    s["基本信息"].append(["所属行业", "机械制造"])
    s["风险"] = [["编号", "风险类别", "风险名称", "风险描述", "可能性", "严重程度", "应对措施",
                 "责任机构", "重点岗位", "事故类型"],
                ["R-01", "事故灾难", "烘干炉天然气泄漏爆炸", None, 3, 5, GENERIC, "技术组",
                 "烘干炉操作工", None]]
    s["通讯录"] = [["姓名", "单位", "部门", "办公电话", "手机", "类别"],
                  *[[*row[:1], None, *row[1:2], *row[3:]] for row in s["通讯录"][1:-1]],
                  ["抢修值班室", "江城市燃气有限公司", None, "0739-82216543", None, "外部"],
                  ["江城市应急管理局", "江城市人民政府", None, "0739-82260110", None, "外部"],
                  ["报警", "江城市公安局", None, "110", None, "外部"]]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", s)
    result = build(path.parent, tmp_path / "out", profile="all", toc_pages=False)
    assert result.written, result.units[0].report.to_text()
    card = next(document_text(p) for p in result.written if p.stem.endswith("应急处置卡"))
    assert "江城市燃气有限公司（抢修值班室）：0739-82216543" in card
    assert "江城市人民政府（" not in card and "江城市公安局（" not in card


def test_a_liquid_that_leaks_is_a_spill_until_it_burns_and_oxygen_cut_off_is_no_leak():
    """甲类仓库桶装易燃液体泄漏 was taken for a liquid fire (by 易燃液体) and 医用氧气供应中断
    for an oxygen leak (by 医用氧气 alone): a named liquid with 泄漏 is a spill, with 着火
    or 火灾 a fire; oxygen is a leak only with 泄漏 or 漏气 (or a pipe)."""
    for name, kind in (("甲类仓库桶装易燃液体泄漏", "危险化学品泄漏"),
                       ("汽油泄漏", "危险化学品泄漏"),
                       ("加油站汽油泄漏着火", "易燃液体火灾"), ("溶剂泄漏起火", "易燃液体火灾"),
                       ("油漆仓库火灾", "易燃液体火灾"), ("医用氧气泄漏", "氧气泄漏"),
                       ("中心供氧管道泄漏", "氧气泄漏")):
        assert recognise(name, "").hazard.name == kind, name
    for name in ("医用氧气供应中断", "中心供氧中断"):
        assert recognise(name, "").hazard.name != "氧气泄漏", name
