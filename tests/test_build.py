"""End to end through the library API: real .xlsx in, docgen.pipeline.build, .docx read back."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from conftest import TABBED, TRICKY, full_sheets, minimal_sheets, write_workbook
from docx import Document
from docx.table import Table
from docx_helpers import (
    W_NS,
    blocks_text,
    cell_fill,
    document_text,
    find_tables,
    headings,
    open_document,
    outline,
    paragraphs,
    parse_all_xml,
    record_where,
    records,
    section_blocks,
    section_text,
)

from docgen import api
from docgen.api import build
from docgen.domain.numerals import chinese_numeral, numeral_value

UNIT = "测试服务有限公司"
CODE = "CS-YJYA-2026-01"
DEFAULT_NAME = f"{UNIT}服务应急措施预案"

def build_one(tmp: Path, sheets: dict[str, list[list]], quick: bool = True):
    """Write the workbook and build it into tmp/out. `quick` skips the LibreOffice pass that
    puts page numbers into the TOC (slow, and not what most tests look at); the shared
    fixtures, the determinism test and the shipped example build the default way."""
    path = write_workbook(tmp / "inputs" / "plan.xlsx", sheets)
    return build(path, tmp / "out", toc_pages=False) if quick else build(path, tmp / "out")


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("full")
    result = build_one(tmp, full_sheets(), quick=False)
    assert result.ok, result.units[0].report.to_text()
    (path,) = result.written
    return path, open_document(path), result


@pytest.fixture(scope="module")
def minimal(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("minimal")
    result = build_one(tmp, minimal_sheets(), quick=False)
    assert result.ok, result.units[0].report.to_text()
    (path,) = result.written
    return path, open_document(path), tmp / "out"


# -- output file -------------------------------------------------------------------------

def test_output_is_named_code_and_default_plan_name_inside_out_dir(minimal):
    path, _, out = minimal
    assert path.name == f"{CODE}_{DEFAULT_NAME}.docx"
    assert path.parent == out
    # Nothing else (no temporary file) is left beside it.
    assert sorted(p.name for p in out.iterdir()) == [path.name]


def test_given_plan_name_names_the_file(tmp_path, sheets):
    sheets["基本信息"].append(["预案名称", "数据中心突发事件应急预案"])
    result = build_one(tmp_path, sheets)
    assert [p.name for p in result.written] == [f"{CODE}_数据中心突发事件应急预案.docx"]


@pytest.mark.parametrize("code", ["A/B..C", "..\\A:B*C?", "../../A|B<C>"])
def test_unsafe_plan_code_is_made_a_plain_name_inside_out_dir(tmp_path, sheets, code):
    for row in sheets["基本信息"]:
        if row[0] == "预案编号":
            row[1] = code
    result = build_one(tmp_path, sheets)
    assert result.ok
    (path,) = result.written
    out = (tmp_path / "out").resolve()
    assert path.resolve().parent == out
    assert [p.name for p in out.iterdir()] == [path.name]
    name = path.name
    assert name.endswith(f"_{DEFAULT_NAME}.docx")
    assert not name.startswith(".")
    assert ".." not in name
    assert not any(ch in name for ch in '/\\:*?"<>|')
    # The safe characters of the code survive, in order.
    assert [ch for ch in name.split("_" + DEFAULT_NAME)[0] if ch in "ABC"] == ["A", "B", "C"]
    # Nothing escaped out of the output folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs", "out"]


# -- every row of the data appears ------------------------------------------------------

def test_every_risk_row_is_in_the_register_and_the_document(full):
    _, doc, _ = full
    register = records(doc, "编号", "风险名称", "风险描述", "R", "风险等级")
    text = document_text(doc)
    for row in full_sheets()["风险"][1:]:
        code, name = row[0], row[2]
        assert record_where(register, "编号", code)["风险名称"] == name
        # its measures, once, under a heading that names it (with its level)
        assert any(f". {code} {name}（" in t for _, t in headings(doc, (4,)))
        assert name in text


def test_every_org_unit_with_leader_and_phone_appears(full):
    _, doc, _ = full
    composition = records(doc, "机构名称", "上级机构", "负责人及联系电话")
    signatures = records(doc, "部门（机构）", "负责人", "签字")
    phones = {"张三": "13900000001", "李四": "13900000002", "王五": "13900000003"}
    for row in full_sheets()["组织机构"][1:]:
        name, leader = row[0], row[2]
        unit = record_where(composition, "机构名称", name)
        assert leader in unit["负责人及联系电话"]
        assert phones[leader] in unit["负责人及联系电话"]
        assert record_where(signatures, "部门（机构）", name)["负责人"] == leader
    heading_texts = [t for _, t in headings(doc, (4,))]
    for i, name in enumerate(["应急领导小组", "技术组", "后勤组"], start=1):
        assert f"{i}. {name}" in heading_texts


def test_every_resource_row_appears_with_code_name_and_phone(full):
    _, doc, _ = full
    listing = records(doc, "编号", "资源类型", "名称", "存放（驻守）地点", "管理人", "联系电话")
    expected = {  # 联系电话 defaults to the 管理人's phone (SPEC §4.1)
        "ZY-01": ("排水泵", "王五", "13900000003"),
        "ZY-02": ("备用服务器", "李四", "13900000002"),
        "ZY-03": ("应急资金", "张三", "13900000001"),
    }
    assert len(listing) == len(expected)
    for code, (name, keeper, phone) in expected.items():
        row = record_where(listing, "编号", code)
        assert (row["名称"], row["管理人"], row["联系电话"]) == (name, keeper, phone)


def test_every_contact_appears_with_phone(full):
    _, doc, _ = full
    people = records(doc, "姓名", "办公电话", "手机")
    bodies = records(doc, "名称", "办公电话")  # outside bodies: a table of their own
    for row in full_sheets()["通讯录"][1:]:
        name, office, mobile, kind = row[0], row[3], row[4], row[5]
        entry = (record_where(bodies, "名称", name) if kind == "外部"
                 else record_where(people, "姓名", name))
        assert entry["办公电话"] == (office or "")
        assert entry.get("手机", "") == (str(int(mobile)) if mobile else "")  # none: no column


@pytest.mark.parametrize(("sheet", "headers", "key"), [
    ("演练计划", ("演练名称", "形式\n预案类型", "针对风险"), "演练名称"),
    ("培训计划", ("培训内容", "培训对象", "学时"), "培训内容"),
    ("修订记录", ("版本号", "修订日期", "修订内容"), "版本号"),
    ("外部协议", ("协议单位", "协议内容", "签订日期"), "协议单位"),
    ("编制工作组", ("姓名", "单位部门", "分工"), "姓名"),
    ("响应分级", ("响应级别", "启动条件", "指挥"), None),
])
def test_every_row_of_each_optional_sheet_appears(full, sheet, headers, key):
    _, doc, _ = full
    rows = records(doc, *headers)
    given = full_sheets()[sheet]
    header, data = given[0], given[1:]
    text_rows = [" | ".join(r.values()) for r in rows]
    for row in data:
        if key is not None:
            record_where(rows, key, row[header.index(key)])
        for value in row:
            if isinstance(value, str):
                assert any(value in t for t in text_rows), (sheet, value)


def test_optional_sheet_values_print_in_their_columns(full):
    _, doc, _ = full
    drills = records(doc, "演练名称", "针对风险", "计划时间")
    assert record_where(drills, "演练名称", "暴雨防汛桌面推演")["计划时间"] == "2026年6月"
    later = record_where(drills, "演练名称", "机房断电实战演练")
    assert (later["针对风险"], later["计划时间"]) == ("R-02、R-03", "2026年9月10日")
    agreements = records(doc, "协议单位", "签订日期", "有效期至", "联系人")
    row = record_where(agreements, "协议单位", "城东物资供应公司")
    assert (row["签订日期"], row["有效期至"], row["联系人"], row["联系电话"]) == (
        "2026年1月5日", "2027年1月4日", "钱七", "13700000007")
    levels = records(doc, "响应级别", "启动条件", "指挥", "主要措施")
    assert [r["响应级别"] for r in levels] == ["特级响应（自定）", "常规响应（自定）"]


# -- risk scoring -----------------------------------------------------------------------

@pytest.mark.parametrize(("code", "score", "level", "fill"), [
    ("R-01", "20", "重大", "FF0000"),
    ("R-02", "12", "较大", "FFC000"),
    ("R-03", "6", "一般", "FFFF00"),
    ("R-04", "2", "低", "0070C0"),
])
def test_risk_register_row_shows_score_level_and_colour(full, code, score, level, fill):
    _, doc, _ = full
    (register,) = find_tables(doc, "编号", "风险名称", "风险描述", "L", "S", "R", "风险等级")
    header = [c.text for c in register.rows[0].cells]
    (row,) = [r for r in register.rows if r.cells[0].text == code]
    cells = dict(zip(header, row.cells, strict=True))
    assert cells["R"].text == score
    assert cells["风险等级"].text == level
    assert cell_fill(cells["风险等级"]) == fill
    sheet = {r[0]: r for r in full_sheets()["风险"][1:]}
    assert (cells["L"].text, cells["S"].text) == (str(sheet[code][4]), str(sheet[code][5]))


def test_risk_counts_by_level_and_category(full):
    _, doc, _ = full
    table = records(doc, "风险类别", "重大", "较大", "一般", "低", "合计")
    by_category = {r["风险类别"]: (r["重大"], r["较大"], r["一般"], r["低"], r["合计"])
                   for r in table}
    assert by_category == {"自然灾害": ("1", "0", "0", "0", "1"),
                           "技术故障": ("0", "1", "0", "0", "1"),
                           "人为事故": ("0", "0", "1", "0", "1"),
                           "其他": ("0", "0", "0", "1", "1"),
                           "合计": ("1", "1", "1", "1", "4")}
    assert "其中重大风险1项、较大风险1项、一般风险1项、低风险1项" in section_text(
        doc, "五、风险概况")


def test_given_level_that_disagrees_is_overridden_with_a_warning(tmp_path, sheets):
    sheets["风险"][0].append("风险等级")
    sheets["风险"][1].append("低")  # R-01 is 4 × 5 = 20: 重大
    result = build_one(tmp_path, sheets)
    assert result.ok
    report = result.units[0].report
    assert any(w.where.sheet == "风险" and w.where.row == 2 for w in report.warnings)
    register = records(result.written[0], "编号", "风险名称", "L", "R", "风险等级")
    assert record_where(register, "编号", "R-01")["风险等级"] == "重大"


# -- structure ---------------------------------------------------------------------------

CHAPTERS = ["第一章 总则", "第二章 预案制定流程与关键环节", "第三章 资源整合与调配（应急保障）",
            "第四章 应急响应与实施"]
ATTACHMENTS = ["附件1 单位概况", "附件2 风险评估结果", "附件3 预案体系与衔接",
               "附件4 应急物资装备名录", "附件5 应急通讯录", "附件6 格式化文本",
               "附件7 关键路线、标识和图纸", "附件8 有关协议或备忘录"]


def test_chapters_and_attachments_are_heading_1_in_order(minimal):
    _, doc, _ = minimal
    level_one = [t for lvl, t in headings(doc) if lvl == 1]
    assert level_one == [*CHAPTERS, *ATTACHMENTS, "修订记录"]


@pytest.mark.parametrize(("chapter", "elements"), [
    ("第一章 总则", ["编制目的", "编制依据", "适用范围", "工作原则", "风险概况", "响应分级"]),
    ("第二章 预案制定流程与关键环节", ["编制工作组", "信息收集", "风险识别与评估",
                                       "应急组织机构及职责", "演练与修订", "宣传与培训",
                                       "实施与监督"]),
    ("第三章 资源整合与调配（应急保障）", ["资源需求", "应急资源汇总", "外部资源与协议",
                                         "资源调配", "通信与信息保障", "应急队伍保障",
                                         "物资装备保障", "资金保障", "其他保障"]),
    ("第四章 应急响应与实施", ["信息报告", "预警", "响应启动", "应急处置", "应急支援",
                               "响应终止", "后期处置", "预案管理"]),
])
def test_required_elements_are_numbered_heading_2_in_their_chapter(minimal, chapter, elements):
    _, doc, _ = minimal
    numerals = "一二三四五六七八九十"
    under = outline(doc)[chapter]
    # Each element is a Heading 2 of its own, numbered 一、二、… in the order of SPEC §5.1.
    titles = [t.split("、", 1)[1] for t in under if "、" in t]
    assert [t for t in titles if t in elements] == elements
    for heading in under:
        number, _, _ = heading.partition("、")
        assert number and all(ch in numerals for ch in number), heading


def test_front_matter_precedes_chapter_one(minimal):
    _, doc, _ = minimal
    styled = paragraphs(doc)
    first_chapter = next(i for i, (s, t) in enumerate(styled) if t == "第一章 总则")
    front = [t for _, t in styled[:first_chapter]]
    for title in ("发布令", "执行部门签署页", "目录"):
        assert title in front
    assert f"预案编号：{CODE}" in front
    assert "版本号：V1.0" in front
    # The cover carries the unit and the plan's title (as one line or as two).
    cover = "".join(front[: front.index("发布令")])
    assert UNIT in cover and "服务应急措施预案" in cover


def _decree_keeps(path: Path) -> list[tuple[str, bool]]:
    """(text, keeps with the next) of the 发布令's paragraphs after its title."""
    doc = open_document(path)
    body = [p for p in doc.paragraphs]
    start = next(i for i, p in enumerate(body) if p.text == "发布令")
    end = next(i for i, p in enumerate(body) if i > start and p.style.name == "右对齐"
               and "年" in p.text)
    return [(p.text, p.paragraph_format.keep_with_next is True) for p in body[start + 1:end + 1]
            if p.text.strip()]


@pytest.mark.parametrize("typed", [None, "本预案自发布之日起施行。\n请各部门遵照执行。"])
def test_the_decrees_signature_block_stays_with_the_text_it_closes(tmp_path, typed):
    """The 发布令's signature, seal and date lines keep together and with the paragraph
    before them (特此发布。, or the last line of a 发布令 the 文本 sheet replaces), so
    that an overflowing 发布令 never leaves the date alone on the next page."""
    sheets = minimal_sheets()
    if typed:
        sheets["文本"] = [["位置", "内容", "方式"], ["发布令", typed, "替换"]]
    result = build_one(tmp_path, sheets)
    assert result.ok, result.units[0].report.to_text()
    kept = _decree_keeps(result.written[0])
    signature = kept[-4:]
    assert signature[0][0].startswith("主要负责人（签字）")
    last_text = "特此发布。" if typed is None else "请各部门遵照执行。"
    assert kept[-5] == (last_text, True)
    assert [k for _, k in signature] == [True, True, True, False]
    assert not any(k for _, k in kept[:-5])  # the text itself flows as it will


def _resource_table(path: Path) -> Table:
    return next(t for t in open_document(path).tables
                if [c.text for c in t.rows[0].cells][:3] == ["编号", "资源类型", "名称"])


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "jinja"])
def test_a_column_no_row_fills_is_left_out_of_its_table(tmp_path, fast):
    """附件4's 备注 (a column its header marks optional) is left out when no resource
    has a note, by the fast path and by Jinja alike, its room given to the others;
    one note brings it back. A column to write in by hand (签字) always stays."""
    sheets = full_sheets()
    path = write_workbook(tmp_path / "a" / "plan.xlsx", sheets)
    result = build(path, tmp_path / "a-out", toc_pages=False, fast=fast)
    assert result.ok, result.units[0].report.to_text()
    table = _resource_table(result.written[0])
    header = [c.text for c in table.rows[0].cells]
    assert "备注" not in header and header[-1] == "有效期至"
    assert all(len(row.cells) == len(header) for row in table.rows)
    grid = table._tbl.tblGrid.findall(f"{{{W_NS}}}gridCol")
    assert len(grid) == len(header)
    widths = [int(g.get(f"{{{W_NS}}}w")) for g in grid]
    signing = next(t for t in open_document(result.written[0]).tables
                   if [c.text for c in t.rows[0].cells][-2:] == ["签字", "日期"])
    assert all(row.cells[-1].text == "" for row in signing.rows[1:])  # kept, to sign

    sheets["资源"][0].append("备注")
    for k, row in enumerate(sheets["资源"][1:]):
        row.append("每月检查一次" if k == 1 else None)
    path = write_workbook(tmp_path / "b" / "plan.xlsx", sheets)
    result = build(path, tmp_path / "b-out", toc_pages=False, fast=fast)
    table = _resource_table(result.written[0])
    assert [c.text for c in table.rows[0].cells][-1] == "备注"
    assert [c.text for c in table.rows[2].cells][-1] == "每月检查一次"
    grid = table._tbl.tblGrid.findall(f"{{{W_NS}}}gridCol")
    assert sum(int(g.get(f"{{{W_NS}}}w")) for g in grid) == sum(widths)  # the same width


def _contact_headers(path: Path) -> tuple[list[str], list[str], list[list[str]]]:
    """The headers of 附件5's two tables (internal, outside) and the outside rows."""
    tables = [t for t in open_document(path).tables
              if t.rows[0].cells[0].text in ("姓名", "名称")
              and "办公电话" in [c.text for c in t.rows[0].cells]]
    people = next(t for t in tables if t.rows[0].cells[0].text == "姓名")
    bodies = next(t for t in tables if t.rows[0].cells[0].text == "名称")
    return ([c.text for c in people.rows[0].cells], [c.text for c in bodies.rows[0].cells],
            [[c.text for c in row.cells] for row in bodies.rows[1:]])


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "jinja"])
def test_contact_columns_no_row_fills_are_left_out(tmp_path, fast):
    """附件5's outside bodies (119, a hospital) are usually a name and a phone: their
    unit, title, mobile and e-mail columns, empty for every row, are left out, and so
    are the internal list's 应急职务 and 电子邮箱 when nobody has one; a column comes
    back when one row fills it. The same by the fast path and by Jinja."""
    sheets = full_sheets()
    sheets["通讯录"].append(["市第一人民医院", None, None, "0739-8222120", None, "外部"])
    path = write_workbook(tmp_path / "a" / "plan.xlsx", sheets)
    result = build(path, tmp_path / "a-out", toc_pages=False, fast=fast)
    assert result.ok, result.units[0].report.to_text()
    people, bodies, rows = _contact_headers(result.written[0])
    assert people == ["姓名", "部门", "职务", "办公电话", "手机"]
    assert bodies == ["名称", "办公电话"]
    assert rows == [["市应急管理局", "010-12350000"], ["市第一人民医院", "0739-8222120"]]

    sheets["通讯录"][0] += ["电子邮箱"]
    for row in sheets["通讯录"][1:]:
        row.append("yy@example.com" if row[0] == "市第一人民医院" else None)
    sheets["通讯录"][-1][4] = "13900000099"
    path = write_workbook(tmp_path / "b" / "plan.xlsx", sheets)
    result = build(path, tmp_path / "b-out", toc_pages=False, fast=fast)
    assert result.ok, result.units[0].report.to_text()
    people, bodies, rows = _contact_headers(result.written[0])
    assert people == ["姓名", "部门", "职务", "办公电话", "手机"]
    assert bodies == ["名称", "办公电话", "手机", "电子邮箱"]
    assert rows[1] == ["市第一人民医院", "0739-8222120", "13900000099", "yy@example.com"]


def test_response_flowchart_is_in_chapter_four(minimal):
    _, doc, _ = minimal
    text = section_text(doc, "第四章 应急响应与实施")
    assert "图2 应急响应流程图" in text
    for step in ("信息接报", "应急处置", "响应终止", "后期处置"):
        assert step in text


def test_organisation_chart_is_drawn_in_its_section(full):
    _, doc, _ = full
    blocks = section_blocks(doc, "四、应急组织机构及职责")
    lines = blocks_text(blocks).split("\n")
    assert any(line.startswith("图1") for line in lines), "no 图1 caption"
    # The chart is drawn from the data (a table-based chart, not the 表2-7 composition
    # table): every unit and its leader stands in it.
    charts = [b for b in blocks if isinstance(b, Table)
              and "机构名称" not in [c.text for c in b.rows[0].cells]]
    wanted = ["应急领导小组", "技术组", "后勤组", "张三", "李四", "王五"]
    assert any(all(w in blocks_text([t]) for w in wanted) for t in charts)


# -- values reach Word exactly --------------------------------------------------------

def test_tricky_text_arrives_exactly_in_paragraphs_and_cells(full):
    path, doc, _ = full
    texts = [t for _, t in paragraphs(doc)]
    assert f"{TRICKY}。" in texts  # 技术组's 职责, finished with a full stop
    register = records(doc, "编号", "风险名称", "风险描述")
    assert record_where(register, "编号", "R-01")["风险描述"] == TRICKY
    assert document_text(doc).count(TRICKY) == 2  # once as a description, once as a duty
    # Nothing was evaluated as a template: the unit name did not replace the placeholder.
    assert f"风险描述：R&D <核心> \"quoted\" 'single' {UNIT}" not in document_text(doc)
    parse_all_xml(path)


def test_tab_and_line_break_arrive_exactly(full):
    _, doc, _ = full
    register = records(doc, "编号", "风险名称", "风险描述")
    assert record_where(register, "编号", "R-02")["风险描述"] == TABBED
    # 应对措施 lines stay whole, in order, numbered, under the risk's own heading.
    measures = section_text(doc, "1. R-01 暴雨内涝（重大）").split("\n")
    assert measures.index("（1）转移设备；") + 1 == measures.index("（2）启用排水泵。")
    # 职责 prints one numbered paragraph per line, each line as typed.
    duties = section_text(doc, "3. 后勤组").split("\n")
    assert duties == ["（1）第一段\t制表符之后；", "（2）换行之后的第二段。"]


def test_free_text_of_basic_info_arrives_exactly(tmp_path, sheets):
    overview = f"第一段\t有制表符\n第二段 {TRICKY}"
    sheets["基本信息"].append(["单位概况", overview])
    result = build_one(tmp_path, sheets)
    assert result.ok, result.units[0].report.to_text()
    lines = [line for line in section_text(result.written[0], "附件1 单位概况").split("\n")
             if line]
    assert lines[-2:] == ["第一段\t有制表符", f"第二段 {TRICKY}"]
    assert "是从事服务业务的单位" not in document_text(result.written[0])  # the default


def test_awkward_unit_name_reaches_properties_file_name_and_text(tmp_path, sheets):
    unit = "R&D <测试> 公司 {_{ x }_}"
    sheets["基本信息"][1][1] = unit
    result = build_one(tmp_path, sheets)
    assert result.ok, result.units[0].report.to_text()
    (path,) = result.written
    assert path.parent == tmp_path / "out"
    assert not any(ch in path.name for ch in '<>"')
    parse_all_xml(path)
    doc = open_document(path)
    assert doc.core_properties.title == f"{unit}服务应急措施预案"
    assert doc.core_properties.author == unit
    unit_rows = records(doc, "项目", "内容")
    assert record_where(unit_rows, "项目", "单位名称")["内容"] == unit


def test_no_template_syntax_is_left_in_the_document(minimal):
    _, doc, _ = minimal
    text = document_text(doc)
    for marker in ("{{", "}}", "{%", "%}", "{_", "_}"):
        assert marker not in text


def test_flowchart_boxes_break_lines_instead_of_printing_backslash_n(minimal):
    _, doc, _ = minimal
    chapter = section_text(doc, "第四章 应急响应与实施")
    assert "\\n" not in document_text(doc)
    assert "信息接报" in chapter and "响应终止" in chapter


def test_numbers_print_without_float_artefacts(full):
    _, doc, _ = full
    text = document_text(doc)
    assert "13800138000" in text
    assert "13800138000.0" not in text
    assert "1.38E" not in text.upper()
    assert ".0" not in text.replace("V1.0", "").replace("V0.9", "")
    book = records(doc, "姓名", "手机")
    assert record_where(book, "姓名", "赵六")["手机"] == "13800138000"
    listing = records(doc, "编号", "数量", "存放（驻守）地点")
    assert record_where(listing, "编号", "ZY-01")["数量"] == "5台"
    assert record_where(listing, "编号", "ZY-03")["数量"] == "2.5万元"
    trainings = records(doc, "培训内容", "学时")
    assert record_where(trainings, "培训内容", "预案解读培训")["学时"] == "2"
    assert record_where(trainings, "培训内容", "灭火器使用培训")["学时"] == "1.5"


def _excel_serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


@pytest.mark.parametrize("published", [
    dt.date(2026, 3, 18),
    dt.datetime(2026, 3, 18, 0, 0),
    "2026-03-18",
    "2026/3/18",
    "2026年3月18日",
    _excel_serial(dt.date(2026, 3, 18)),
], ids=["date", "datetime", "iso-text", "slash-text", "chinese-text", "serial"])
def test_dates_print_without_zero_padding(tmp_path, sheets, published):
    for row in sheets["基本信息"]:
        if row[0] == "发布日期":
            row[1] = published
    result = build_one(tmp_path, sheets)
    assert result.ok, result.units[0].report.to_text()
    styled = paragraphs(result.written[0])
    texts = [t for _, t in styled]
    assert "2026年3月18日发布" in texts
    assert "2026年3月18日实施" in texts  # 实施日期 defaults to 发布日期
    text = document_text(result.written[0])
    for wrong in ("2026-03-18", "2026年03月", "00:00", str(_excel_serial(dt.date(2026, 3, 18)))):
        assert wrong not in text


def test_resource_expiry_and_revision_dates(full):
    _, doc, _ = full
    listing = records(doc, "编号", "有效期至", "存放（驻守）地点")
    assert record_where(listing, "编号", "ZY-01")["有效期至"] == "2027年6月30日"
    assert record_where(listing, "编号", "ZY-02")["有效期至"] == ""
    revisions = records(doc, "版本号", "修订日期", "修订内容")
    assert record_where(revisions, "版本号", "V0.9")["修订日期"] == "2025年12月1日"


# -- optional sheets absent / present -----------------------------------------------------

@pytest.mark.parametrize(("heading", "sentence"), [
    ("修订记录", "本预案为首次发布。"),
    ("附件8 有关协议或备忘录", "本单位目前未签订外部应急救援协议或备忘录。"),
    ("一、编制工作组", "编制工作组成员名单未单独登记"),
    ("（一）演练计划", "本单位尚未编制年度应急演练计划"),
    ("（二）培训计划", "本单位尚未编制年度应急培训计划"),
    ("三、外部资源与协议", "本单位目前未签订外部应急协议"),
    ("附件7 关键路线、标识和图纸", "另行装订成册"),
])
def test_absent_optional_sheet_prints_its_sentence(minimal, heading, sentence):
    _, doc, _ = minimal
    assert sentence in section_text(doc, heading)


def test_present_optional_sheet_replaces_the_sentence(full):
    _, doc, _ = full
    revisions = section_text(doc, "修订记录")
    assert "本预案为首次发布" not in revisions
    assert "形成征求意见稿" in revisions and "评审后正式发布" in revisions
    agreements = section_text(doc, "附件8 有关协议或备忘录")
    assert "未签订" not in agreements
    assert "城东物资供应公司" in agreements and "江城第一医院" in agreements
    assert "尚未编制年度应急演练计划" not in section_text(doc, "（一）演练计划")


def test_response_levels_default_to_three_by_control_ability(minimal):
    _, doc, _ = minimal
    levels = records(doc, "响应级别", "启动条件", "指挥")
    assert [r["响应级别"] for r in levels] == ["单位级（Ⅰ级）", "部门级（Ⅱ级）", "岗位级（Ⅲ级）"]
    assert all(r["启动条件"] and r["指挥"] for r in levels)


def test_custom_response_levels_replace_the_defaults(full):
    _, doc, _ = full
    text = section_text(doc, "六、响应分级")
    assert "单位级（Ⅰ级）" not in text
    assert "特级响应（自定）" in text


# -- the 文本 sheet -------------------------------------------------------------------

DEFAULT_PURPOSE = "为建立健全测试服务有限公司突发事件应急管理体系"
DEFAULT_PRINCIPLE = "（一）以人为本，安全第一。"


def test_text_replace_swaps_the_default_wording_line_by_line(tmp_path, sheets):
    sheets["文本"] = [["位置", "内容", "方式"],
                      ["编制目的", "新的编制目的第一段。\n新的编制目的第二段。", "替换"]]
    result = build_one(tmp_path, sheets)
    assert result.ok, result.units[0].report.to_text()
    section = [b.text for b in section_blocks(result.written[0], "一、编制目的")]
    assert section == ["新的编制目的第一段。", "新的编制目的第二段。"]
    assert DEFAULT_PURPOSE not in document_text(result.written[0])


def test_text_replace_is_the_default_mode(tmp_path, sheets):
    sheets["文本"] = [["位置", "内容"], ["编制目的", "只有这一段。"]]
    result = build_one(tmp_path, sheets)
    assert [b.text for b in section_blocks(result.written[0], "一、编制目的")] == ["只有这一段。"]


def test_text_append_keeps_the_default_and_adds_lines(tmp_path, sheets):
    sheets["文本"] = [["位置", "内容", "方式"],
                      ["工作原则", "（六）追加的第一条原则。\n（七）追加的第二条原则。", "追加"]]
    result = build_one(tmp_path, sheets)
    assert result.ok, result.units[0].report.to_text()
    section = [b.text for b in section_blocks(result.written[0], "四、工作原则")]
    assert section[0] == DEFAULT_PRINCIPLE + section[0][len(DEFAULT_PRINCIPLE):]
    assert len(section) == 7
    assert section[-2:] == ["（六）追加的第一条原则。", "（七）追加的第二条原则。"]


def test_text_lines_are_printed_verbatim(tmp_path, sheets):
    sheets["文本"] = [["位置", "内容", "方式"], ["编制目的", TRICKY, "替换"]]
    result = build_one(tmp_path, sheets)
    assert [b.text for b in section_blocks(result.written[0], "一、编制目的")] == [TRICKY]


def test_unknown_text_place_is_an_error_naming_the_closest(tmp_path, sheets):
    sheets["文本"] = [["位置", "内容"], ["编制的目的", "这段文字无处可放。"]]
    result = build_one(tmp_path, sheets)
    assert not result.ok and result.written == []
    (error,) = result.units[0].report.errors
    assert (error.code, error.where.sheet, error.where.row) == ("text.unknown_place", "文本", 2)
    assert "是不是“编制目的”" in error.message


def test_every_place_is_listed_with_the_wording_it_replaces(tmp_path, sheets):
    listed = dict(api.places())
    assert "编制目的" in listed and "工作原则" in listed
    sheets["文本"] = [["位置", "内容", "方式"],
                    *[[place, f"替换{place}的文字。", "替换"] for place in listed]]
    result = build_one(tmp_path, sheets)
    assert result.ok, result.units[0].report.to_text()
    text = document_text(result.written[0])
    for place, wording in listed.items():
        assert f"替换{place}的文字。" in text
        fixed = [line for line in wording if "〔" not in line and len(line) > 20]
        assert not any(line in text for line in fixed), place


# -- the package --------------------------------------------------------------------------

def test_document_is_valid_xml_with_core_properties(minimal):
    path, doc, _ = minimal
    parts = parse_all_xml(path)
    assert "word/document.xml" in parts and "word/styles.xml" in parts
    props = doc.core_properties
    assert props.title == DEFAULT_NAME
    assert props.author == UNIT


def test_same_inputs_give_identical_bytes(tmp_path, sheets):
    first = build_one(tmp_path / "a", sheets, quick=False).written[0].read_bytes()
    second = build_one(tmp_path / "b", sheets, quick=False).written[0].read_bytes()
    assert first == second


def test_validation_errors_write_nothing_and_keep_existing_files(tmp_path, sheets):
    out = tmp_path / "out"
    out.mkdir()
    existing = out / f"{CODE}_{DEFAULT_NAME}.docx"
    existing.write_bytes(b"the plan filed last year")
    other = out / "readme.txt"
    other.write_text("keep me", "utf-8")
    sheets["风险"][1][3] = "高"  # 可能性 must be 1–5
    result = build_one(tmp_path, sheets)
    assert not result.ok
    assert result.written == []
    assert [(i.where.sheet, i.where.row, i.where.column) for i in result.units[0].report.errors
            ] == [("风险", 2, "可能性")]
    assert existing.read_bytes() == b"the plan filed last year"
    assert other.read_text("utf-8") == "keep me"
    assert sorted(p.name for p in out.iterdir()) == sorted([existing.name, other.name])


# -- the shipped example -------------------------------------------------------------------

def _sheet_column(ws, column: str) -> list[str]:
    rows = [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]

    def norm(v):
        return unicodedata.normalize("NFKC", str(v)).strip().rstrip("*").strip()

    header = [norm(v) if v is not None else "" for v in rows[0]]
    index = header.index(column)
    values = [r[index] for r in rows[1:] if index < len(r)]
    return [str(v).strip() for v in values if v is not None and str(v).strip()]


def test_shipped_example_builds_and_carries_every_key_value(repo_root, tmp_path):
    result = build(repo_root / "inputs", tmp_path / "out")
    (unit,) = result.units
    assert unit.report.errors == [], unit.report.to_text()
    (path,) = result.written
    assert path.parent == tmp_path / "out"
    parse_all_xml(path)
    doc = open_document(path)
    text = document_text(doc)
    (book,) = [p for p in (repo_root / "inputs").glob("*.xlsx") if not p.name.startswith("~$")]
    wb = openpyxl.load_workbook(book, data_only=True)
    wanted = {"风险": ["编号", "风险名称"], "组织机构": ["机构名称"], "资源": ["编号", "名称"],
              "通讯录": ["姓名"]}
    counted = 0
    for sheet, columns in wanted.items():
        for column in columns:
            values = _sheet_column(wb[sheet], column)
            assert values, (sheet, column)
            for value in values:
                assert value in text, (sheet, column, value)
                counted += 1
    assert counted > 50
    # The drawings of 附件7 come from the 图纸 sheet: one picture each.
    drawings = _sheet_column(wb["图纸"], "名称")
    attachment = section_text(doc, "附件7 关键路线、标识和图纸")
    for name in drawings:
        assert name in attachment
    assert len(doc.inline_shapes) >= len(drawings)


@pytest.mark.parametrize("profile", ["service", "comprehensive"])
def test_appended_citations_continue_the_numbered_basis(tmp_path, sheets, profile):
    sheets["文本"] = [["位置", "内容", "方式"],
                    ["编制依据", "《某市安全生产条例》\n（九）《某市应急预案管理细则》。", "追加"]]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    result = build(path, tmp_path / "out", profile=profile, toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    text = [p.text for p in Document(str(result.written[0])).paragraphs]
    own = next(i for i, t in enumerate(text) if t.endswith("安全生产和应急管理等规章制度；"))
    number = text[own][1:text[own].index("）")]
    after = [text[own + 1], text[own + 2]]
    assert [t[:t.index("）") + 1] for t in after] == [
        f"（{chinese_numeral(numeral_value(number) + k)}）" for k in (1, 2)]
    assert after[0].endswith("《某市安全生产条例》；")
    assert after[1].endswith("《某市应急预案管理细则》。")
    assert "（九）" not in after[1]  # the administrator's own numbering is dropped


def test_the_office_is_the_unit_named_for_the_role(tmp_path, sheets):
    sheets["组织机构"] = [r for r in sheets["组织机构"] if r[0] != "应急办公室"]
    sheets["组织机构"].append(["安全管理部", "应急领导小组", "李四", None, "负责值守和信息报告"])
    sheets["基本信息"].append(["应急办公室", "安全管理部"])
    # a risk of no known type: its on-site procedure takes the library's 其他 entry,
    # whose escalation names the office
    values = {"编号": "R-09", "风险类别": "事故灾难", "风险名称": "年度审计差错", "可能性": 4,
              "严重程度": 5, "应对措施": "发现险情立即报告", "责任机构": "技术组"}
    sheets["风险"].append([values.get(str(h).rstrip("*")) for h in sheets["风险"][0]])
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    result = build(path, tmp_path / "out", profile="all", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    assert "tree.office" not in {i.code for i in result.units[0].report.issues}
    for document in result.written:
        text = document_text(open_document(document))
        assert "应急办公室" not in text, document.name  # every sentence names the unit
    comprehensive = document_text(open_document(result.written[0]))
    assert "安全管理部接报" in comprehensive or "安全管理部组织" in comprehensive
    # A name that is no unit is an error, with the closest one.
    sheets["基本信息"][-1] = ["应急办公室", "安全管理"]
    report = api.validate(write_workbook(tmp_path / "bad" / "plan.xlsx", sheets)).units[0].report
    [wrong] = [i for i in report.errors if i.code == "ref.office"]
    assert "安全管理部" in wrong.message and wrong.where.column == "应急办公室"


def test_the_draft_for_review_says_so_and_the_release_does_not(tmp_path, sheets):
    from click.testing import CliRunner

    from docgen.cli import main

    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    run = CliRunner().invoke(main, ["build", str(path), "--out", str(tmp_path / "draft"),
                                    "--stage", "送审稿", "--no-toc-pages"])
    assert run.exit_code == 0, run.output
    draft = [t for _, t in paragraphs(next((tmp_path / "draft").glob("*.docx")))]
    assert "（送审稿）" in draft and "2026年3月18日送审" in draft
    assert any(p.startswith("本预案按规定组织") and "修改完善后" in p for p in draft)
    assert "2026年3月18日发布" not in draft
    [released] = build(path, tmp_path / "release", toc_pages=False).written
    text = [t for _, t in paragraphs(released)]
    assert "（送审稿）" not in text and "2026年3月18日发布" in text
    assert any(p.startswith("本预案已按规定组织") for p in text)


def test_a_plan_named_like_another_document_of_the_unit_writes_nothing(tmp_path, sheets):
    sheets["基本信息"].append(["预案名称", "测试服务有限公司现场处置方案"])  # the on-site one's
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    result = build(path, tmp_path / "out", profile="all", toc_pages=False)
    assert not result.ok and result.written == []
    failure = result.units[0].failure
    assert failure is not None and "测试服务有限公司现场处置方案" in failure
    assert "预案名称" in failure and "不能同名" in failure
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_two_documents_never_share_a_file_as_windows_compares_names(tmp_path):
    from types import SimpleNamespace

    from docgen.pipeline import same_file

    def document(name: str):
        return (SimpleNamespace(spec=SimpleNamespace(title="x")),
                SimpleNamespace(plan=SimpleNamespace(plan_name=name)))

    documents = [document("甲预案"), document("乙预案")]
    assert same_file(documents, [tmp_path / "A_甲.docx", tmp_path / "B_乙.docx"]) is None
    clash = same_file(documents, [tmp_path / "FX_甲.docx", tmp_path / "ｆｘ_甲.DOCX"])
    assert clash is not None and "《甲预案》和《乙预案》" in clash and "ｆｘ_甲.DOCX" in clash


def test_the_administrator_may_give_each_plan_its_own_number(tmp_path, sheets):
    sheets["风险"][1][7] = "暴雨洪涝"
    sheets["预案编号"] = [["预案", "预案编号"],
                       ["综合应急预案", "CS-ZH-01"],
                       ["现场处置方案", "CS-XC-09"],
                       ["没有这个预案", "CS-X-99"]]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    result = build(path, tmp_path / "out", profile="all", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    unit = result.units[0]
    assert unit.numbers[0] == "CS-ZH-01" and "CS-XC-09" in unit.numbers
    assert any(n.startswith("CS-YJYA-2026-01-ZX") for n in unit.numbers)  # the pattern's
    assert result.written[0].name.startswith("CS-ZH-01_")
    [unknown] = [i for i in unit.report.warnings if i.code == "number.unknown"]
    assert "没有这个预案" in unknown.message and unknown.where.row == 4
