"""The formal layout (SPEC §5.2), read from the produced XML; and, where
LibreOffice is installed, from the PDF it lays out."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import minimal_sheets, write_workbook
from docx import Document
from lxml import etree

from docgen.api import build
from docgen.export.layout import _squash as squash
from docgen.export.layout import available, printed_pages
from docgen.export.pdf import convert

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
needs_libreoffice = pytest.mark.skipif(available() is not None,
                                       reason="LibreOffice or poppler-utils not installed")


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def plan_docx(tmp_path_factory) -> Path:
    """The shipped example, built without the LibreOffice pass (pure XML checks)."""
    root = Path(__file__).resolve().parent.parent
    out = tmp_path_factory.mktemp("layout")
    result = build(root / "inputs", out, toc_pages=False)
    assert result.ok
    return result.written[0]


def _xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def test_page_size_and_margins(plan_docx):
    body = _xml(plan_docx, "word/document.xml")
    sections = body.findall(".//w:sectPr", NS)
    assert len(sections) >= 4  # front matter, body, landscape register, back to portrait …
    orientations = []
    for sect in sections:
        size = sect.find("w:pgSz", NS)
        margin = sect.find("w:pgMar", NS)
        w, h = int(size.get(_w("w"))), int(size.get(_w("h")))
        top, bottom = int(margin.get(_w("top"))), int(margin.get(_w("bottom")))
        left, right = int(margin.get(_w("left"))), int(margin.get(_w("right")))
        if size.get(_w("orient")) == "landscape":
            orientations.append("landscape")
            assert (w, h) == (16838, 11906)
            # The portrait margins, rotated with the page.
            assert (left, right, top, bottom) == (2098, 1984, 1587, 1474)
        else:
            orientations.append("portrait")
            assert (w, h) == (11906, 16838)  # A4
            assert (top, bottom, left, right) == (2098, 1984, 1587, 1474)  # 37/35/28/26 mm
        grid = sect.find("w:docGrid", NS)
        assert grid.get(_w("linePitch")) == "579"  # 22 lines in the 225 mm text block
    assert "landscape" in orientations


def test_styles_put_chinese_fonts_in_the_east_asian_slot(plan_docx):
    with zipfile.ZipFile(plan_docx) as z:
        raw = z.read("word/styles.xml").decode()
    assert "eastAsiaTheme" not in raw and "asciiTheme" not in raw
    styles = etree.fromstring(raw.encode())

    def fonts(style_id: str) -> tuple[str, str, bool, str]:
        style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        rfonts = style.find(".//w:rFonts", NS)
        bold = style.find(".//w:rPr/w:b", NS) is not None
        size = style.find(".//w:rPr/w:sz", NS).get(_w("val"))
        return rfonts.get(_w("eastAsia")), rfonts.get(_w("ascii")), bold, size

    assert fonts("Normal") == ("仿宋_GB2312", "Times New Roman", False, "32")
    assert fonts("Heading1")[0] == "黑体" and fonts("Heading2")[0] == "黑体"
    assert fonts("Heading3")[0] == "楷体_GB2312"
    assert fonts("Heading4")[:3] == ("仿宋_GB2312", "Times New Roman", True)
    assert fonts("Title")[0] == "方正小标宋简体" and fonts("Title")[3] == "44"
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    spacing = normal.find(".//w:spacing", NS)
    assert (spacing.get(_w("line")), spacing.get(_w("lineRule"))) == ("578", "exact")
    indent = normal.find(".//w:ind", NS)
    assert (indent.get(_w("firstLine")), indent.get(_w("firstLineChars"))) == ("640", "200")
    assert normal.find(".//w:jc", NS).get(_w("val")) == "both"


def test_page_numbers_start_at_the_body_on_the_outside_edge(plan_docx):
    document = Document(str(plan_docx))
    assert document.settings.odd_and_even_pages_header_footer
    sections = document.sections
    front = sections[0]._sectPr
    assert front.findall(_w("footerReference")) == []  # cover … 目录: no page number
    body = sections[1]._sectPr
    assert body.find(_w("pgNumType")).get(_w("start")) == "1"
    for section in sections[1:]:
        assert len(section._sectPr.findall(_w("footerReference"))) == 2
    odd, even = sections[1].footer, sections[1].even_page_footer
    for footer, side in ((odd, "right"), (even, "left")):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in "".join(p._p.itertext()) or " PAGE " in xml
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p._p.find(f".//{_w('jc')}").get(_w("val")) == side
        assert p.style.font.size.pt == 14  # 4号
        assert p.style.element.find(".//" + _w("rFonts")).get(_w("eastAsia")) == "宋体"


def test_toc_is_a_field_whose_entries_link_to_bookmarked_headings(plan_docx):
    document = Document(str(plan_docx))
    body = document.element.body
    instr = [t.text for t in body.iter(_w("instrText")) if "TOC" in (t.text or "")]
    assert len(instr) == 1 and '\\o "1-2"' in instr[0]
    bookmarks = {b.get(_w("name")) for b in body.iter(_w("bookmarkStart"))}
    headings = [p for p in document.paragraphs if p.style.style_id in ("Heading1", "Heading2")]
    assert len(headings) > 40
    for p in headings:
        names = [b.get(_w("name")) for b in p._p.iter(_w("bookmarkStart"))]
        assert len([n for n in names if n.startswith("_Toc")]) == 1, names
        assert set(names) - {n for n in names if n.startswith("_Toc")} <= {"_PageStart000n1"}
    anchors = [h.get(_w("anchor")) for h in body.iter(_w("hyperlink"))]
    assert set(anchors) <= bookmarks
    assert len([a for a in anchors if a]) == len(headings) + 2  # + 发布令, 执行部门签署页
    # Without a layout pass there are no page numbers, and Word is told to update.
    def opens_toc(fld) -> bool:
        following = fld.getparent().getnext().findtext(_w("instrText"), "")
        return fld.get(_w("fldCharType")) == "begin" and following.strip().startswith("TOC")

    begin = next(f for f in body.iter(_w("fldChar")) if opens_toc(f))
    assert begin.get(_w("dirty")) == "true"
    assert not [t for t in body.iter(_w("instrText")) if "PAGEREF" in (t.text or "")]


def test_tables_repeat_headers_keep_rows_whole_and_shade_levels(plan_docx):
    document = Document(str(plan_docx))
    register = next(t for t in document.tables if t.rows[0].cells[0].text == "编号"
                    and "风险描述" in [c.text for c in t.rows[0].cells])
    header = register.rows[0]._tr
    assert header.find(f"{_w('trPr')}/{_w('tblHeader')}") is not None
    assert header.find(f".//{_w('shd')}").get(_w("fill")) == "D9D9D9"
    colours = {"重大": "FF0000", "较大": "FFC000", "一般": "FFFF00", "低": "0070C0"}
    seen = set()
    level_col = [c.text for c in register.rows[0].cells].index("风险等级")
    for row in register.rows[1:]:
        assert row._tr.find(f"{_w('trPr')}/{_w('cantSplit')}") is not None
        cell = row.cells[level_col]
        fill = cell._tc.find(f"{_w('tcPr')}/{_w('shd')}").get(_w("fill"))
        assert fill == colours[cell.text]
        seen.add(cell.text)
        run_colour = cell._tc.find(f".//{_w('r')}/{_w('rPr')}/{_w('color')}")
        if cell.text in ("重大", "低"):  # white text on red and blue
            assert run_colour is not None and run_colour.get(_w("val")) == "FFFFFF"
        else:
            assert run_colour is None
    assert seen == set(colours)
    # Every table fits the text block of its page (156 mm portrait, 225 mm landscape).
    for table in document.tables:
        width = table._tbl.tblPr.find(_w("tblW"))
        if width is not None and width.get(_w("type")) == "dxa":
            assert int(width.get(_w("w"))) <= 12756


def test_cell_properties_are_in_schema_order(plan_docx):
    order = ["tcW", "gridSpan", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "vAlign"]
    body = _xml(plan_docx, "word/document.xml")
    for tc_pr in body.iter(_w("tcPr")):
        names = [etree.QName(c).localname for c in tc_pr]
        known = [n for n in names if n in order]
        assert known == sorted(known, key=order.index), names


def test_wide_tables_sit_in_landscape_sections(plan_docx):
    body = _xml(plan_docx, "word/document.xml").find("w:body", NS)
    orientation_of = {}
    pending = []
    for child in body:
        if child.tag == _w("tbl"):
            header = "".join(child.find("w:tr", NS).itertext())
            pending.append(header)
        sect = child.find("w:pPr/w:sectPr", NS) if child.tag == _w("p") else (
            child if child.tag == _w("sectPr") else None)
        if sect is not None:
            landscape = sect.find("w:pgSz", NS).get(_w("orient")) == "landscape"
            for header in pending:
                orientation_of[header] = landscape
            pending = []
    def landscape(*words: str) -> bool:
        return next(v for k, v in orientation_of.items() if all(w in k for w in words))
    assert landscape("风险描述", "影响范围")  # the risk register
    assert landscape("规格型号", "存放（驻守）地点")  # the resource list
    assert landscape("手机", "电子邮箱")  # the contact book
    # the agreements (附件8): two dates and a phone leave a portrait page's 协议内容 a
    # column of two characters; the 修订记录 after them is portrait again
    assert landscape("协议单位", "协议内容", "有效期至")
    assert not landscape("版本号", "修订内容")
    assert not landscape("序号", "签字")  # the signature page


# -- 附件8: landscape for its table only ------------------------------------------

ANNEX8 = "附件8 有关协议或备忘录"
NONE_SIGNED = "本单位目前未签订外部应急救援协议或备忘录。"
AGREEMENTS = [["协议单位", "协议内容", "签订日期", "有效期至", "联系人", "联系电话"],
              ["江城市第一人民医院", "伤员救治绿色通道", dt.date(2026, 1, 5),
               dt.date(2027, 1, 4), "刘医生", "0739-82223120"]]


@pytest.fixture(scope="module", params=["agreements", "none"])
def annex8(request, tmp_path_factory) -> tuple[str, Path, Path | None]:
    """A comprehensive plan with agreements, and one without (the 外部协议 sheet
    absent), laid out by LibreOffice when it is here."""
    sheets = minimal_sheets()
    if request.param == "agreements":
        sheets["外部协议"] = AGREEMENTS
    tmp = tmp_path_factory.mktemp(f"annex8-{request.param}")
    path = write_workbook(tmp / "in" / "plan.xlsx", sheets)
    pdf = available() is None
    result = build(path.parent, tmp / "out", profile="comprehensive", pdf=pdf)
    assert result.ok, result.units[0].report.to_text()
    docx = next(p for p in result.written if p.suffix == ".docx")
    return request.param, docx, docx.with_suffix(".pdf") if pdf else None


def _paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(_w("t"))).replace("\u2060", "")


def _in_landscape(body: etree._Element) -> list[tuple[etree._Element, bool]]:
    """Each block of the body with whether its section (the next w:sectPr) is landscape."""
    blocks, pending = [], []
    for child in body:
        pending.append(child)
        sect = child.find("w:pPr/w:sectPr", NS) if child.tag == _w("p") else (
            child if child.tag == _w("sectPr") else None)
        if sect is not None:
            landscape = sect.find("w:pgSz", NS).get(_w("orient")) == "landscape"
            blocks += [(block, landscape) for block in pending]
            pending = []
    return blocks


def test_annex8_turns_landscape_only_for_its_table(annex8):
    """With agreements, 附件8's table is on landscape pages; without, 附件8 stays on a
    portrait page of its own, its sentence right after its heading, and 修订记录
    follows on a new portrait page."""
    kind, docx, _ = annex8
    blocks = _in_landscape(_xml(docx, "word/document.xml").find("w:body", NS))
    at = next(i for i, (b, _) in enumerate(blocks)
              if b.tag == _w("p") and _paragraph_text(b) == ANNEX8)
    revisions = next(i for i, (b, _) in enumerate(blocks)
                     if b.tag == _w("p") and _paragraph_text(b) == "修订记录")
    (_, landscape), (after, _) = blocks[at], blocks[at + 1]
    assert not blocks[revisions][1]  # 修订记录: portrait either way
    if kind == "agreements":
        assert landscape and after.tag == _w("tbl")
        assert "江城市第一人民医院" in "".join(after.itertext())
        return
    assert not landscape
    assert after.tag == _w("p") and _paragraph_text(after) == NONE_SIGNED
    # a page of its own, by a page break (no section break: nothing turns)
    for start in (at, revisions):
        before = blocks[start - 1][0]
        assert before.find("w:r/w:br[@w:type='page']", NS) is not None
        assert before.find("w:pPr/w:sectPr", NS) is None


@needs_libreoffice
def test_annex8_prints_landscape_only_with_its_table(annex8):
    """As LibreOffice prints it: without agreements 附件8 is a portrait page holding
    its heading and sentence, never a landscape page of one sentence."""
    kind, _, pdf = annex8
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          check=True, text=True).stdout.split("\f")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(len(text)), str(pdf)],
                          capture_output=True, check=True, text=True).stdout
    sizes = {int(n): float(w) > float(h) for n, w, h in
             re.findall(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", info)}
    lines = [[re.sub(r"\s+", "", line) for line in page.replace("\u2060", "").splitlines()
              if line.strip()] for page in text]
    page = next(n for n, found in enumerate(lines, 1)
                if found and found[0] == ANNEX8.replace(" ", ""))
    assert lines[page][0] == "修订记录" and not sizes[page + 1]  # the next page
    if kind == "agreements":
        assert sizes[page] and lines[page - 1][1].startswith("协议单位协议内容")
    else:
        assert not sizes[page] and lines[page - 1][1] == NONE_SIGNED


def test_figures_are_editable_tables(plan_docx):
    document = Document(str(plan_docx))
    # Charts are nested tables inside a one-cell frame: read all their text.
    text = "\n".join("".join(t._tbl.itertext()) for t in document.tables)
    assert "图1 应急组织机构图" in text and "图2 应急响应流程图" in text
    for step in ("信息接报", "信息研判", "预警", "响应启动", "应急处置", "应急支援", "响应终止",
                 "后期处置"):
        assert step in text


def test_a_large_tree_shows_two_levels_and_lists_the_rest(workbook, tmp_path):
    sheets = minimal_sheets()
    units = sheets["组织机构"]
    for i in range(40):
        units.append([f"第{i}小组", "技术组", "赵六", None, "协助处置"])
    result = build(workbook(sheets).parent, tmp_path / "out", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    document = Document(str(result.written[0]))
    frame = next(t for t in document.tables
                 if "图1 应急组织机构图" in "".join(t._tbl.itertext()))
    drawn = "".join(frame._tbl.itertext())
    assert "应急领导小组" in drawn and "后勤组" in drawn
    assert "另有40个下级机构未在图中画出" in drawn  # 技术组's 40 groups, listed by name
    assert "第39小组（属技术组）" in drawn


def test_document_properties(plan_docx):
    props = Document(str(plan_docx)).core_properties
    assert props.title == "江城云联数据服务有限公司服务应急措施预案"
    assert props.author == "江城云联数据服务有限公司"
    assert props.version == "V1.0"
    assert props.created.date().isoformat() == "2026-03-18"


# -- with LibreOffice -------------------------------------------------------

@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    root = Path(__file__).resolve().parent.parent
    out = tmp_path_factory.mktemp("laid-out")
    result = build(root / "inputs", out, toc_pages=True)
    pdf = convert(result.written[0], out)
    return result.written[0], pdf


@needs_libreoffice
def test_toc_page_numbers_match_the_printed_pages(laid_out):
    docx_path, pdf = laid_out
    document = Document(str(docx_path))
    entries = []
    for p in document.paragraphs:
        if p.style.style_id in ("TOC1", "TOC2") and "\t" in p.text:
            title, page = p.text.rsplit("\t", 1)
            entries.append((title, int(page)))
    assert len(entries) > 40
    pages = {pg.number: pg.text for pg in printed_pages(pdf) if pg.number is not None}
    for title, number in entries:
        assert squash(title) in pages[number], (title, number)
    # Front matter is listed without a number.
    front = [p.text for p in document.paragraphs if p.style.style_id == "TOC1"][:2]
    assert front == ["发布令", "执行部门签署页"]


@needs_libreoffice
def test_footers_read_dash_number_dash_from_the_body(laid_out):
    _, pdf = laid_out
    pages = printed_pages(pdf)
    numbers = [p.number for p in pages]
    first = numbers.index(1)
    assert all(n is None for n in numbers[:first])  # cover, 发布令, 签署页, 目录
    assert first >= 4
    assert numbers[first:] == list(range(1, len(numbers) - first + 1))
    raw = subprocess.run(["pdftotext", "-layout", "-f", str(first + 1), "-l", str(first + 1),
                          str(pdf), "-"], capture_output=True, text=True).stdout
    assert re.search(r"—\s*1\s*—", raw)


@needs_libreoffice
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdf_uses_distinct_chinese_faces_and_no_latin_fallback(laid_out):
    _, pdf = laid_out
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "NotoSansCJK" in fonts  # 黑体
    assert "NotoSerifCJK" in fonts  # 宋体, 小标宋, 仿宋
    assert "ZenKai" in fonts or "Kai" in fonts  # 楷体
    assert "DejaVu" not in fonts


def test_without_layout_pass_the_cli_says_so_once(workbook, tmp_path):
    from click.testing import CliRunner

    from docgen.cli import main

    path = workbook()
    result = CliRunner().invoke(main, ["build", str(path), "--out", str(tmp_path / "o"),
                                       "--no-toc-pages"])
    assert result.exit_code == 0, result.output
    assert result.output.count("未填页码") == 1


def test_short_tables_are_kept_whole_long_ones_may_break(plan_docx):
    document = Document(str(plan_docx))

    def keeps(row) -> bool:
        return all(p._p.pPr is not None and p._p.pPr.find(_w("keepNext")) is not None
                   for cell in row.cells for p in cell.paragraphs)

    bands = next(t for t in document.tables
                 if [c.text for c in t.rows[0].cells][:2] == ["风险等级", "风险值R范围"])
    # 表2-4: every row keeps with the next, so the table never splits.
    assert all(keeps(r) for r in bands.rows[:-1])
    resources = next(t for t in document.tables
                     if "规格型号" in [c.text for c in t.rows[0].cells])
    # 附件4 is pages long and must flow: only its header keeps with its first two rows.
    assert [keeps(r) for r in resources.rows[:4]] == [True, True, False, False]


def test_a_failed_layout_pass_still_writes_every_document(tmp_path, monkeypatch):
    """The .docx needs no LibreOffice: when the pass fails or times out, the documents
    are written with their 目录 unnumbered, and a warning says how to fill it."""
    from conftest import write_workbook

    from docgen import batch
    from docgen.api import build
    from docgen.export import layout, office

    monkeypatch.setattr(layout, "available", lambda: None)  # as if LibreOffice were here
    monkeypatch.setattr(office, "route", lambda: None)  # the fallback: soffice --convert-to
    monkeypatch.setattr(batch, "lay_out", lambda docs, processes=1: [
        layout.Layout({}, "LibreOffice 超时（180 秒）") for _ in docs])
    path = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    result = build(path, tmp_path / "out", profile="all", toc_pages=True)
    assert result.ok, result.units[0].failure
    assert len(result.written) >= 3
    warnings = [i for i in result.units[0].report.warnings if i.code == "layout.no_pages"]
    assert warnings and "超时" in warnings[0].message and "更新域" in warnings[0].message
