"""Reading any .docx as an outline (docgen.check.outline), and checking a plan docgen
did not make by its headings: GB/T 29639-2020 chapter 6 and the 9.1–9.8 attachments,
each missing element named with where it was expected."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docgen.api import build
from docgen.check import check_document as check_with
from docgen.check import load_rules, read_outline

# What this module tests: the structure and the front pages (the substance and text
# rules have tests of their own, tests/check/test_review.py).
OUTLINE_RULES = [r for r in load_rules()
                 if r.id.startswith(("structure.elements", "structure.attachments",
                                     "structure.special", "structure.onsite", "cover."))]


def check_document(path: Path, rules=None):
    return check_with(path, OUTLINE_RULES if rules is None else rules)

COVER = ["江城某某有限公司", "综合应急预案", "预案编号：MM-YJYA-2026-01", "版本号：V1.0",
         "2026年3月18日发布", "发布令", "本预案经本单位主要负责人批准，现予发布。"]
# (level, heading) of a complete 综合应急预案: chapter 6 and the attachments of chapter 9.
PLAN = [
    (1, "第一章 总则"), (2, "一、适用范围"), (2, "二、响应分级"),
    (1, "第二章 应急组织机构及职责"),
    (1, "第三章 应急响应"), (2, "一、信息报告"), (2, "二、预警"), (2, "三、响应启动"),
    (2, "四、应急处置"), (2, "五、应急支援"), (2, "六、响应终止"),
    (1, "第四章 后期处置"),
    (1, "第五章 应急保障"), (2, "一、通信与信息保障"), (2, "二、应急队伍保障"),
    (2, "三、物资装备保障"), (2, "四、其他保障"),
    (1, "附件1 生产经营单位概况"), (1, "附件2 风险评估的结果"), (1, "附件3 预案体系与衔接"),
    (1, "附件4 应急物资装备的名录或清单"), (1, "附件5 有关应急部门、机构或人员的联系方式"),
    (1, "附件6 格式化文本"), (1, "附件7 关键的路线、标识和图纸"), (1, "附件8 有关协议或者备忘录"),
]
BODY = "本节按本单位实际情况规定有关内容，并明确责任部门和责任人。"


def write_plan(path: Path, headings=PLAN, styled: bool = True, cover=COVER) -> dict[str, int]:
    """A plan as a consultant writes it: with Heading styles, or numbered text only.
    Returns each heading's paragraph number (counted from 1, as reports give it)."""
    document = docx.Document()
    for line in cover:
        document.add_paragraph(line)
    numbers = {}
    for level, text in headings:
        if styled:
            document.add_heading(text, level=level)
        else:
            document.add_paragraph(text)
        numbers[text] = len(document.paragraphs)
        document.add_paragraph(BODY)
    document.save(path)
    return numbers


def without(*names: str) -> list[tuple[int, str]]:
    return [(level, text) for level, text in PLAN if not any(n in text for n in names)]


def messages(path: Path) -> list[str]:
    return [f.message for f in check_document(path).findings]


# ---------------------------------------------------------------- docgen's own plans

@pytest.fixture(scope="module")
def built(repo_root: Path, tmp_path_factory) -> dict[str, Path]:
    out = {}
    for profile in ("comprehensive", "service", "special", "onsite"):
        result = build(repo_root / "inputs", tmp_path_factory.mktemp(profile), profile=profile,
                       toc_pages=False)
        assert result.ok
        out[profile] = result.written[0]
        out.update({f"{profile}:{p.stem.rsplit('_', 1)[-1]}": p for p in result.written})
    return out


@pytest.mark.parametrize("profile", ["comprehensive", "service"])
def test_docgen_plans_miss_nothing(built, profile):
    report = check_document(built[profile])
    assert report.findings == []
    # Every rule a document alone can answer: only the 目录's page numbers wait for
    # LibreOffice (the fixture builds without it).
    every = check_with(built[profile])
    assert [(f.rule, f.message) for f in every.findings] == [("structure.toc", "目录没有页码")]
    assert {r.rule for r in report.results if r.status == "checked"} == {
        "structure.elements", "structure.attachments", "cover.items", "cover.head"}
    outline = read_outline(built[profile])
    assert outline.styled
    assert next(h.text for h in outline.headings if h.level == 1) == "第一章 总则"


def test_docgen_special_and_onsite_plans_by_their_own_chapters(built):
    """Each kind by its chapter of GB/T 29639-2020 (7 or 8), recognised by its cover."""
    kinds = {}
    for key, path in built.items():
        if key.startswith(("special:", "onsite:")):
            report = check_document(path)
            kinds[read_outline(path).kind] = {r.rule for r in report.results
                                               if r.status == "checked"}
            assert not [f for f in report.findings if f.rule.startswith("structure")], key
    # cover.head is for the comprehensive plan: its 发布令 issues the whole system.
    assert kinds == {"专项": {"structure.special", "cover.items"},
                     "现场处置": {"structure.onsite", "cover.items"},
                     "处置卡": set()}


def test_docgen_plan_with_a_chapter_removed_names_it(built, tmp_path):
    """The service plan puts 后期处置 under 第四章; removing that heading is found."""
    document = docx.Document(str(built["service"]))
    target = next(p for p in document.paragraphs  # the heading, not its line in the 目录
                  if p.text == "七、后期处置" and p.style.name.startswith("Heading"))
    target._p.getparent().remove(target._p)
    path = tmp_path / "edited.docx"
    document.save(str(path))
    found = check_document(path).findings
    assert [f.message for f in found] == [f.message for f in found if "后期处置" in f.message]
    assert len(found) == 1 and found[0].rule == "structure.elements"


# ---------------------------------------------------------------- a consultant's plan

def test_complete_plan_with_heading_styles(tmp_path):
    path = tmp_path / "plan.docx"
    write_plan(path)
    report = check_document(path)
    assert report.findings == []
    assert not report.failed(strict=True)


def test_one_deleted_element_is_named_under_its_parent(tmp_path):
    path = tmp_path / "plan.docx"
    numbers = write_plan(path, without("二、预警"))
    found = check_document(path).findings
    assert len(found) == 1
    chapter = numbers["第三章 应急响应"]
    assert found[0].message == (f"在第三章（段落 {chapter}：“第三章 应急响应”）之下未找到“预警”"
                                "（6.3.2）")
    assert found[0].severity.value == "错误"
    assert found[0].basis.startswith("GB/T 29639-2020 第6章")
    assert (found[0].where.paragraph, found[0].where.heading) == (chapter, "第三章 应急响应")
    assert str(found[0].where) == f"plan.docx › 第{chapter}段 › （第三章 应急响应）"


def test_a_deleted_chapter_is_expected_after_the_one_before(tmp_path):
    path = tmp_path / "plan.docx"
    numbers = write_plan(path, without("后期处置"))
    chapter = numbers["第三章 应急响应"]
    assert messages(path) == [
        f"未找到“后期处置”（6.4），应在第三章（段落 {chapter}：“第三章 应急响应”）之后"]


def test_a_deleted_chapter_with_its_sections_is_one_finding(tmp_path):
    path = tmp_path / "plan.docx"
    write_plan(path, without("第五章", "保障"))
    [message] = messages(path)
    assert message.startswith("未找到“应急保障”（6.5），其下的“通信与信息保障”“应急队伍保障”"
                              "“物资装备保障”“其他保障”也未找到")


def test_a_deleted_attachment_is_named(tmp_path):
    path = tmp_path / "plan.docx"
    numbers = write_plan(path, without("附件8"))
    found = check_document(path).findings
    assert [(f.rule, f.severity.value) for f in found] == [("structure.attachments", "警告")]
    first = numbers["附件1 生产经营单位概况"]
    assert found[0].message == (f"在附件部分（自附件1（段落 {first}：“附件1 生产经营单位概况”）起）"
                                "未找到“有关协议或备忘录”（9.8）")


def test_attachments_the_measures_require_are_errors(tmp_path):
    path = tmp_path / "plan.docx"
    write_plan(path, without("附件5"))
    [finding] = check_document(path).findings
    assert "有关应急部门、机构或人员的联系方式" in finding.message
    assert finding.severity.value == "错误"


def test_synonyms_match_tolerantly(tmp_path):
    """Other words for the same element, numbering and spacing of other kinds."""
    path = tmp_path / "plan.docx"
    renamed = {"第二章 应急组织机构及职责": "第二章 组织机构与职责",
               "六、响应终止": "六、应急结束", "第四章 后期处置": "第四章　善后处置",
               "四、其他保障": "四、经费保障", "附件8 有关协议或者备忘录": "附件八 应急救援协议"}
    write_plan(path, [(level, renamed.get(text, text)) for level, text in PLAN])
    assert messages(path) == []


def test_numbered_headings_without_styles(tmp_path):
    """A file without heading styles: 1 总则 / 1.1 … recognised by their numbering."""
    numbered = [(1, "1 总则"), (2, "1.1 适用范围"), (2, "1.2 响应分级"),
                (1, "2 应急组织机构及职责"), (1, "3 应急响应"), (2, "3.1 信息报告"),
                (3, "3.1.1 信息接报"), (2, "3.2 预警"), (2, "3.3 响应启动"), (2, "3.4 应急处置"),
                (2, "3.5 应急支援"), (2, "3.6 响应终止"), (1, "4 后期处置"), (1, "5 应急保障"),
                (2, "5.1 通信与信息保障"), (2, "5.2 应急队伍保障"), (2, "5.3 物资装备保障"),
                (2, "5.4 其他保障"), *[(1, t) for lv, t in PLAN if t.startswith("附件")]]
    path = tmp_path / "plain.docx"
    numbers = write_plan(path, numbered, styled=False)
    outline = read_outline(path)
    assert not outline.styled
    assert [(h.level, h.text) for h in outline.headings] == numbered
    assert messages(path) == []
    write_plan(path, [h for h in numbered if h[1] != "3.5 应急支援"], styled=False)
    assert messages(path) == [f"在“应急响应”一节（段落 {numbers['3 应急响应']}：“3 应急响应”）之下"
                              "未找到“应急支援”（6.3.5）"]


def test_chinese_numbering_without_styles(tmp_path):
    path = tmp_path / "plain.docx"
    write_plan(path, [*PLAN[:3], (3, "（一）Ⅰ级响应"), *PLAN[3:]], styled=False)
    outline = read_outline(path)
    assert [(h.level, h.text) for h in outline.headings][:4] == [
        (1, "第一章 总则"), (2, "一、适用范围"), (2, "二、响应分级"), (3, "（一）Ⅰ级响应")]
    assert messages(path) == []


def test_body_text_and_contents_lines_are_not_headings(tmp_path):
    path = tmp_path / "plain.docx"
    document = docx.Document()
    for text in ["目录", "第一章 总则……………………1", "第二章 应急响应\t5", "第一章 总则",
                 "1. 值班人员接报后立即报告应急办公室。", "一、适用范围",
                 "（一）本预案适用于本公司。", "第二章 应急响应"]:
        document.add_paragraph(text)
    document.save(path)
    assert [(h.index, h.level, h.text) for h in read_outline(path).headings] == [
        (4, 1, "第一章 总则"), (6, 2, "一、适用范围"), (8, 1, "第二章 应急响应")]


def test_outline_level_without_a_heading_style(tmp_path):
    """Word's 大纲级别 set on a paragraph (or its style) makes it a heading."""
    path = tmp_path / "levels.docx"
    document = docx.Document()
    for level, text in PLAN:
        paragraph = document.add_paragraph(text)
        ppr = paragraph._p.get_or_add_pPr()
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(level - 1))
        ppr.append(outline)
    document.add_paragraph("正文")
    document.save(path)
    outline = read_outline(path)
    assert outline.styled and len(outline.headings) == len(PLAN)
    assert messages(path) == [*(f"封面、批准页中未找到“{item}”"
                                for item in ("预案编号", "版本号", "预案名称", "颁布（发布）日期")),
                              "封面和批准页（发布令）中未见主要负责人批准、签发的内容"]


def test_cover_items_and_sign_off(tmp_path):
    path = tmp_path / "plan.docx"
    write_plan(path, cover=["江城某某有限公司综合应急预案", "2026年3月18日发布"])
    found = check_document(path).findings
    assert [(f.rule, f.message) for f in found] == [
        ("cover.items", "封面、批准页中未找到“预案编号”"),
        ("cover.items", "封面、批准页中未找到“版本号”"),
        ("cover.head", "封面和批准页（发布令）中未见主要负责人批准、签发的内容")]


def test_cover_in_a_table_counts(tmp_path):
    path = tmp_path / "plan.docx"
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for row, (key, value) in zip(table.rows, [("预案编号", "X-01"), ("版本号", "V2")],
                                 strict=True):
        row.cells[0].text, row.cells[1].text = key, value
    for line in ["某某公司综合应急预案", "2026年1月1日实施", "主要负责人：李四（签发）"]:
        document.add_paragraph(line)
    for level, text in PLAN:
        document.add_heading(text, level=level)
    document.save(path)
    assert messages(path) == []


def test_a_file_without_headings(tmp_path):
    path = tmp_path / "flat.docx"
    document = docx.Document()
    document.add_paragraph("本单位发生突发事件时，值班人员立即报告。")
    document.save(path)
    found = [f for f in check_document(path).findings if f.rule.startswith("structure")]
    assert len(found) == 2 and "未能识别出任何标题" in found[0].message


def test_not_a_docx(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_text("not a zip")
    with pytest.raises(ValueError, match="不是有效的 Word"):
        read_outline(path)


def test_the_synonym_listed_first_wins(tmp_path):
    path = tmp_path / "plan.docx"
    numbers = write_plan(path, [(1, "第五章 应急保障"), (2, "一、资金保障"), (2, "二、其他保障")])
    outline = read_outline(path)
    found = outline.find(["其他保障", "资金保障"], outline.under(outline.headings[0]))
    assert found.index == numbers["二、其他保障"]


def test_a_cover_title_styled_as_a_heading_stays_on_the_cover(tmp_path):
    path = tmp_path / "plan.docx"
    document = docx.Document()
    document.add_heading("江城某某有限公司综合应急预案", level=1)
    for line in COVER[2:]:
        document.add_paragraph(line)
    for level, text in PLAN:
        document.add_heading(text, level=level)
    document.save(path)
    outline = read_outline(path)
    assert outline.front[0] == "江城某某有限公司综合应急预案" and "版本号：V1.0" in outline.front
    assert messages(path) == []


def test_plain_attachment_titles_under_styled_chapters(tmp_path):
    path = tmp_path / "plan.docx"
    document = docx.Document()
    for line in COVER:
        document.add_paragraph(line)
    for level, text in PLAN:
        if text.startswith("附件"):
            document.add_paragraph(text)
            document.add_paragraph("附件内容见下表。")
        else:
            document.add_heading(text, level=level)
    document.save(path)
    outline = read_outline(path)
    assert [h.text for h in outline.annex()] == [t for _, t in PLAN if t.startswith("附件")]
    assert messages(path) == []


def test_contents_lines_in_a_toc_style_are_not_headings(tmp_path):
    """A 目录 not yet filled in repeats the headings without page numbers."""
    path = tmp_path / "plain.docx"
    document = docx.Document()
    toc = document.styles.add_style("toc 1", 1)  # WD_STYLE_TYPE.PARAGRAPH
    for text in ["第一章 总则", "第二章 应急响应"]:
        document.add_paragraph(text, style=toc)
    for text in ["第一章 总则", "一、适用范围", "第二章 应急响应"]:
        document.add_paragraph(text)
    document.save(path)
    assert [h.index for h in read_outline(path).headings] == [3, 4, 5]


SPECIAL = [(1, "第一章 适用范围"), (1, "第二章 应急组织机构及职责"), (1, "第三章 响应启动"),
           (1, "第四章 处置措施"), (1, "第五章 应急保障")]


def test_a_special_plan_by_chapter_7(tmp_path):
    path = tmp_path / "special.docx"
    cover = ["江城某某有限公司火灾事故专项应急预案", *COVER[2:]]
    write_plan(path, SPECIAL, cover=cover)
    report = check_document(path)
    assert report.findings == []
    assert ("文件类型", "专项应急预案（据封面上的名称判断）") in report.facts
    numbers = write_plan(path, [h for h in SPECIAL if "处置措施" not in h[1]], cover=cover)
    [found] = check_document(path).findings
    chapter = numbers["第三章 响应启动"]
    assert found.message == (f"未找到“处置措施”（7.4），应在第三章（段落 {chapter}："
                             "“第三章 响应启动”）之后")
    assert found.basis.startswith("GB/T 29639-2020 第7章")
    write_plan(path, SPECIAL[:4], cover=cover)  # 7.5 应急保障 is recommended only
    [found] = check_document(path).findings
    assert found.severity.value == "警告"


def test_a_docx_built_to_exhaust_memory_or_encrypted_is_refused_clearly(tmp_path, monkeypatch):
    import zipfile

    from docgen.read import limits

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>" + " " * 2_000_000)
    monkeypatch.setattr(limits, "RATIO_FROM_BYTES", 1_000_000)
    with pytest.raises(ValueError, match=r"无法读取 bomb\.docx"):
        read_outline(bomb)
    locked = tmp_path / "locked.docx"  # an encrypted Word file is an OLE container
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(ValueError, match="设置了打开密码"):
        read_outline(locked)
    old = tmp_path / "old.docx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(ValueError, match="Word 97-2003"):
        read_outline(old)
