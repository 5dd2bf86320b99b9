"""The plan system (issue: profiles and industry packs): every profile builds from
the same workbook with its elements in order; `all` writes the whole system and
its 附件3 names exactly the plans written; a plan never names a plan not built;
所属行业 chooses the wording and the 编制依据. Real workbooks in, .docx read back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import full_sheets, write_workbook
from docx import Document
from docx.shared import Mm
from docx_helpers import document_text, headings, records, seen

from docgen.api import build
from docgen.packs import match_pack, packs

ROOT = Path(__file__).resolve().parent.parent


def build_profile(inputs: Path, out: Path, profile: str):
    result = build(inputs, out, profile=profile, toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    return result


def by_name(result, word: str) -> list[Path]:
    return [p for p in result.written if word in p.name]


def level_one(path: Path) -> list[str]:
    return [t for level, t in headings(path, (1,)) if level == 1]


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """The sample built with --profile all."""
    return build_profile(ROOT / "inputs", tmp_path_factory.mktemp("all"), "all")


def mall_sheets() -> dict[str, list[list]]:
    sheets = full_sheets()
    sheets["基本信息"].append(["所属行业", "购物中心"])
    risks = sheets["风险"]
    risks[0].append("专项预案")
    for row, special in zip(risks[1:], ["防汛", "", "火灾事故", ""], strict=True):
        row.append(special)
    risks[3][1] = "事故灾难"  # R-03 误操作 → 事故灾难, in the 火灾事故 special plan
    return sheets


# --- each profile ------------------------------------------------------------------------


def test_comprehensive_follows_gbt_29639_chapter_6_then_the_attachments(tmp_path):
    result = build_profile(ROOT / "inputs", tmp_path, "comprehensive")
    (path,) = result.written
    assert path.name.endswith("综合应急预案.docx")
    titles = level_one(path)
    assert titles[:5] == ["第一章 总则", "第二章 应急组织机构及职责", "第三章 应急响应",
                          "第四章 后期处置", "第五章 应急保障"]
    annexes = [t.split()[0] for t in titles if t.startswith("附件")]
    assert annexes == [f"附件{n}" for n in range(1, 9)]


def test_special_writes_one_plan_per_group_with_its_elements(tmp_path):
    result = build_profile(ROOT / "inputs", tmp_path, "special")
    assert len(result.written) >= 3
    for path in result.written:
        assert path.name.endswith("专项应急预案.docx")
        assert level_one(path) == ["第一章 适用范围", "第二章 应急组织机构及职责",
                                   "第三章 响应启动", "第四章 处置措施", "第五章 应急保障"]


def test_special_plans_follow_the_special_column_else_the_accident_type(tmp_path):
    write_workbook(tmp_path / "in" / "plan.xlsx", mall_sheets())
    result = build_profile(tmp_path / "in", tmp_path / "out", "special")
    names = sorted(p.name for p in result.written)  # by their own 预案编号: …-ZX01, -ZX02 …
    assert [n.split("_", 1)[0] for n in names] == [f"CS-YJYA-2026-01-ZX0{i}" for i in (1, 2, 3)]
    assert sorted(n.split("_", 1)[1] for n in names) == sorted([
        "测试服务有限公司防汛专项应急预案.docx",  # R-01, by its 专项预案
        "测试服务有限公司信息系统故障专项应急预案.docx",  # R-02, by its type (never 技术故障)
        "测试服务有限公司火灾事故专项应急预案.docx",  # R-03, by its 专项预案
    ])  # R-04 (其他) stays in the comprehensive plan only
    fire = document_text(by_name(result, "火灾事故")[0])
    assert "R-03" in fire and "R-01" not in fire and "R-04" not in fire


def test_onsite_writes_a_procedure_per_major_risk_and_pocket_cards(system):
    (onsite,) = by_name(system, "现场处置方案")
    titles = level_one(onsite)
    procedures = [t for t in titles if t.endswith("现场处置方案")]
    register = records(by_name(system, "综合应急预案")[0], "编号", "风险类别", "风险名称",
                       "风险等级")
    # A change of rules (政策法规变动: on_card = false) has nothing to do at a post.
    high = [r for r in register if r["风险等级"] in ("重大", "较大")
            and r["风险类别"] != "政策法规变动"]
    assert len(procedures) == len(high) > 0
    subsections = [t for level, t in headings(onsite, (2,))]
    assert subsections[:4] == ["一、事故风险描述", "二、应急工作职责", "三、应急处置",
                               "四、注意事项"]
    (cards,) = by_name(system, "应急处置卡")
    doc = Document(str(cards))
    section = doc.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (105, 148)
    titles = [seen(p.text).replace("\n", "") for p in doc.paragraphs
              if p.style.name == "卡片标题"]
    assert titles and all(re.search(r"应急处置卡(（[^）]+）)?$", t) for t in titles)
    assert len(titles) == len(set(titles))
    text = document_text(doc)
    assert "24小时应急值班电话" in text and "119" in text


def test_a_cards_date_is_never_split_at_a_line_end(system):
    """The unit and date line of a pocket card: with a long unit name the date goes
    to the next line whole, never 2026 年 / 3 月 18 日 (word joiners inside it)."""
    (cards,) = by_name(system, "应急处置卡")
    doc = Document(str(cards))
    lines = [p.text for p in doc.paragraphs
             if p.style.name == "卡片正文" and seen(p.text).endswith("2026年3月18日")]
    assert lines and all(t.endswith("2026\u2060年\u20603\u2060月\u206018\u2060日")
                         for t in lines)


def test_a_cards_title_fits_its_lines_and_breaks_only_between_words(system, tmp_path):
    """A title longer than the card's line (17 characters at 14 pt) is broken by
    docgen before 应急处置卡 or its （accident types）, never inside a word
    (动力环境值班员应急处置卡（暴雨洪 / 涝））; a short one stays one line."""
    from docgen.model.system import CARD_TITLE_LINE

    sheets = full_sheets()
    sheets["风险"][0].append("重点岗位")
    for k, row in enumerate(sheets["风险"][1:]):
        row.append("病区护士长（当班护士）兼疏散引导员" if k == 0 else "")
    write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    long_post = build_profile(tmp_path / "in", tmp_path / "out", "onsite")
    titles = []
    for result in (system, long_post):
        (cards,) = by_name(result, "应急处置卡")
        titles += [seen(p.text) for p in Document(str(cards)).paragraphs
                   if p.style.name == "卡片标题"]
    broken = [t for t in titles if "\n" in t]
    assert broken and len(broken) < len(titles)
    for title in titles:
        lines = title.split("\n")
        assert all(len(line) <= CARD_TITLE_LINE for line in lines), title
        assert all(line.startswith("（") or line == "应急处置卡" or line.endswith(
            ("应急处置卡", "）")) or k == 0 for k, line in enumerate(lines)), title


# --- the whole system --------------------------------------------------------------------


def test_all_names_exactly_the_plans_it_wrote(system):
    written = {Document(str(p)).core_properties.title for p in system.written}
    (comprehensive,) = by_name(system, "综合应急预案")
    catalogue = records(comprehensive, "预案类别", "预案名称")
    assert {r["预案名称"] for r in catalogue} == written
    assert len(written) == len(system.written)


def test_a_plan_alone_names_no_plan_that_is_not_built(tmp_path):
    result = build_profile(ROOT / "inputs", tmp_path, "service")
    (path,) = result.written
    text = document_text(path)
    assert "专项应急预案》" not in text and "现场处置方案》" not in text
    assert "专项应急预案和现场处置方案的编制依据" not in text
    catalogue = records(path, "预案类别", "预案名称")
    assert [r["预案类别"] for r in catalogue] == ["综合应急预案"]


# --- industry packs ----------------------------------------------------------------------


def test_a_malls_plan_speaks_of_crowded_places_and_cites_their_rules(tmp_path):
    write_workbook(tmp_path / "in" / "plan.xlsx", mall_sheets())
    result = build_profile(tmp_path / "in", tmp_path / "out", "service")
    text = document_text(result.written[0])
    crowded = packs()["crowded"]
    assert "人员密集场所" in text
    assert "人员密集场所疏散" in text and "疏散引导" in text  # the pack's own section
    for basis in crowded.basis:
        assert f"《{basis.title}》" in text
    assert "《人员密集场所消防安全管理》（GB/T 40248-2021）" in text
    (note,) = [n for n in result.units[0].report.notes if n.code.startswith("industry.")]
    assert note.code == "industry.pack" and "人员密集场所" in note.message


def test_the_samples_plan_is_not_a_crowded_places_plan(system):
    text = document_text(by_name(system, "综合应急预案")[0])
    assert "人员密集场所疏散" not in text
    assert "GB/T 40248-2021" not in text
    assert "信息安全技术 网络安全事件分类分级指南" in text  # the IT pack's standard


def test_an_unknown_industry_falls_back_to_general_and_says_so_once(tmp_path):
    sheets = full_sheets()
    sheets["基本信息"].append(["所属行业", "远洋捕捞"])
    write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    result = build_profile(tmp_path / "in", tmp_path / "out", "service")
    (note,) = [n for n in result.units[0].report.notes if n.code.startswith("industry.")]
    assert note.code == "industry.unknown" and "远洋捕捞" in note.message
    text = document_text(result.written[0])
    for basis in packs()["general"].basis:
        assert f"《{basis.title}》" in text


@pytest.mark.parametrize(("industry", "pack"), [
    ("大型商业综合体", "人员密集场所"), ("购物中心", "人员密集场所"), ("连锁超市", "人员密集场所"),
    ("物业管理", "物业服务"), ("软件和信息技术服务业", "信息技术服务与数据中心"),
    ("冷链物流", "物流仓储"), ("中式餐饮", "餐饮"), ("", "通用"),
])
def test_industry_is_matched_through_aliases(industry, pack):
    assert match_pack(industry)[0].name == pack


def test_every_legal_reference_of_every_pack_keeps_its_source():
    for pack in packs().values():
        assert pack.basis, pack.name
        for basis in pack.basis:
            assert basis.source.startswith("http") and basis.verified, (pack.name, basis.title)
            assert basis.cite, (pack.name, basis.title)
