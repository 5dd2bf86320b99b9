"""Write a Word template from its markup source: styles, page set-up, sections
with page-number footers, tables ready for docxtpl's row loops."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Twips
from lxml import etree

from docgen.authoring.markup import (
    Block,
    Flow,
    Image,
    PageBreak,
    Paragraph,
    Place,
    Section,
    Space,
    Table,
    Tag,
    Toc,
    parse,
)
from docgen.authoring.styles import STYLES, install_styles
from docgen.export.write import document_bytes
from docgen.render.charts import figure_frame

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MM = 1440 / 25.4  # twips per millimetre
# A4 with GB/T 9704 margins: top 37, bottom 35, left 28, right 26 mm.
PAGE = {"portrait": (210, 297, 37, 35, 28, 26), "landscape": (297, 210, 28, 26, 37, 35)}
HEADER_FILL = "D9D9D9"
STYLE_IDS = {s.name: s.style_id for s in STYLES} | {"正文": "Normal", "Normal": "Normal"}
STYLE_IDS |= {f"Heading{i}": f"Heading{i}" for i in range(1, 5)}


def text_width_mm(orientation: str) -> float:
    width, _, _, _, left, right = PAGE[orientation]
    return width - left - right


def sect_pr(orientation: str, page_start: bool) -> str:
    width, height, top, bottom, left, right = PAGE[orientation]
    orient = ' w:orient="landscape"' if orientation == "landscape" else ""
    start = '<w:pgNumType w:fmt="decimal" w:start="1"/>' if page_start else ""
    return (
        f'<w:sectPr {W}><w:type w:val="nextPage"/>'
        f'<w:pgSz w:w="{round(width * MM)}" w:h="{round(height * MM)}"{orient}/>'
        f'<w:pgMar w:top="{round(top * MM)}" w:right="{round(right * MM)}" '
        f'w:bottom="{round(bottom * MM)}" w:left="{round(left * MM)}" '
        f'w:header="851" w:footer="{round((bottom - 12) * MM)}" w:gutter="0"/>'
        f'{start}<w:cols w:space="425"/>'
        '<w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>'
    )


def etree_bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class TemplateWriter:
    def __init__(self) -> None:
        self.doc = Document()
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        install_styles(self.doc)
        self.orientation = "portrait"
        self.section = "front"  # front matter carries no page number
        self.body_started = False
        self.pending_break = False
        self.numbered_sectprs: list = []

    # -- paragraphs -------------------------------------------------------
    def paragraph(self, style: str, text: str = ""):
        style_id = STYLE_IDS.get(style)
        if style_id is None:
            raise ValueError(f"未知的段落样式：{style}")
        p = self.doc.add_paragraph()
        p.style = self.doc.styles.get_by_id(style_id, 1) if style_id != "Normal" else None
        p._p.get_or_add_pPr().get_or_add_pStyle().val = style_id
        if text:
            p.add_run(text.replace("\\n", "\n"))
        if self.pending_break:
            p._p.get_or_add_pPr().insert(1, parse_xml(f"<w:pageBreakBefore {W}/>"))
            self.pending_break = False
        return p

    def tag(self, text: str) -> None:
        if self.pending_break:  # the tag's paragraph disappears: break explicitly
            self.explicit_break()
        p = self.doc.add_paragraph()
        p.add_run(text)

    def explicit_break(self) -> None:
        p = self.doc.add_paragraph()
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:spacing {W} w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'))
        p._p.append(parse_xml(f'<w:r {W}><w:br w:type="page"/></w:r>'))
        self.pending_break = False

    # -- sections ---------------------------------------------------------
    def end_section(self, next_kind: str) -> None:
        numbered = self.section == "body"
        first_body = numbered and not self.body_started
        p = self.doc.add_paragraph()
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:spacing {W} w:before="0" w:after="0" w:line="20" '
                             'w:lineRule="exact"/>'))
        sect = parse_xml(sect_pr(self.orientation, first_body))
        ppr.append(sect)
        if numbered:
            self.numbered_sectprs.append(sect)
            self.body_started = True
        self.pending_break = False  # the section break already starts a new page
        if next_kind == "body":
            self.section, self.orientation = "body", "portrait"
        else:
            self.orientation = next_kind

    def finish(self) -> None:
        body = self.doc.element.body
        old = body.find(qn("w:sectPr"))
        last = parse_xml(sect_pr(self.orientation, self.section == "body"
                                 and not self.body_started))
        body.replace(old, last)
        if self.section == "body":
            self.numbered_sectprs.append(last)
        self.add_footers()
        settings = self.doc.settings
        settings.odd_and_even_pages_header_footer = True
        compat = settings.element.find(qn("w:compat"))
        if compat is not None:
            # A line ended by a manual line break (a value's own line break) is not
            # stretched across the line in justified text.
            compat.insert(0, parse_xml(f"<w:doNotExpandShiftReturn {W}/>"))
        self.prune_parts()
        self.font_table()
        lang = settings.element.find(qn("w:themeFontLang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")

    def prune_parts(self) -> None:
        """Drop what python-docx's default template carries and docgen does not use:
        stylesWithEffects.xml (its theme fonts would override the East-Asian fonts in
        Word 2010), the thumbnail and customXml."""
        unused = ("stylesWithEffects", "customXml", "thumbnail")
        for rels in (self.doc.part.rels, self.doc.part.package.rels):
            for r_id, rel in list(rels.items()):
                if rel.reltype.rsplit("/", 1)[-1] in unused:
                    del rels[r_id]

    def font_table(self) -> None:
        """Tell Word which installed Chinese font to use when an official one is missing."""
        table = self.doc.part.part_related_by(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")
        root = parse_xml(table.blob)
        for name, alt, family in (("仿宋_GB2312", "仿宋", "modern"),
                                  ("楷体_GB2312", "楷体", "modern"),
                                  ("方正小标宋简体", "宋体", "roman"),
                                  ("黑体", "SimHei", "modern"), ("宋体", "SimSun", "auto")):
            root.append(parse_xml(
                f'<w:font {W} w:name="{name}"><w:altName w:val="{alt}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/>'
                '</w:font>'))
        table._blob = etree_bytes(root)

    def add_footers(self) -> None:
        if not self.numbered_sectprs:
            return
        sections = {s._sectPr: s for s in self.doc.sections}
        first = sections[self.numbered_sectprs[0]]
        first.footer.is_linked_to_previous = False
        first.even_page_footer.is_linked_to_previous = False
        self._page_number(first.footer, "right")
        self._page_number(first.even_page_footer, "left")
        refs = [copy.deepcopy(r) for r in first._sectPr.findall(qn("w:footerReference"))]
        for sect in self.numbered_sectprs[1:]:
            for ref in refs:
                sect.insert(0, copy.deepcopy(ref))

    def _page_number(self, footer, side: str) -> None:
        p = footer.paragraphs[0]
        p.style = self.doc.styles.get_by_id("Footer", 1)
        ppr = p._p.get_or_add_pPr()
        indent = "right" if side == "right" else "left"
        ppr.append(parse_xml(f'<w:ind {W} w:{indent}="280" w:firstLine="0" '
                             'w:firstLineChars="0"/>'))
        ppr.append(parse_xml(f'<w:jc {W} w:val="{side}"/>'))
        for xml in ('<w:r><w:t xml:space="preserve">— </w:t></w:r>',
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                    '<w:r><w:t>1</w:t></w:r>',
                    '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                    '<w:r><w:t xml:space="preserve"> —</w:t></w:r>'):
            p._p.append(parse_xml(xml.replace("<w:r>", f"<w:r {W}>", 1)))

    # -- blocks -----------------------------------------------------------
    def toc(self) -> None:
        p = self.paragraph("toc 1")
        for xml in ('<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>',
                    '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u '
                    '\\t "前置页标题,1" </w:instrText></w:r>',
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                    '<w:r><w:t>（目录将在生成时填入；在 Word 中右键单击此处并选择“更新域”'
                    '也可更新）</w:t></w:r>',
                    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'):
            p._p.append(parse_xml(xml.replace("<w:r>", f"<w:r {W}>", 1)))

    def table(self, block: Table) -> None:
        items = block.loop.split(" in ", 1)[1].strip() if block.loop else None
        if items and block.empty:
            self.tag(f"{{%p if {items} %}}")
        if block.title:
            self.paragraph("表题", block.title)
        elif self.pending_break:
            self.explicit_break()
        header, body = block.rows[0], block.rows[1:]
        widths = self._widths(block, len(header))
        rows: list[tuple[str, list[str]]] = [("header", header)]
        if block.loop:
            if not body:
                raise ValueError(f"循环表格缺少数据行：{block.loop}")
            rows += [("static", r) for r in body[:-1]]
            rows += [("tag", [f"{{%tr for {block.loop} %}}"]), ("data", body[-1]),
                     ("tag", ["{%tr endfor %}"])]
        else:
            rows += [("static", r) for r in body]
        table = self.doc.add_table(rows=len(rows), cols=len(header))
        tbl = table._tbl
        tbl_pr = tbl.tblPr
        for child in list(tbl_pr):
            tbl_pr.remove(child)
        tbl_pr.append(parse_xml(f'<w:tblStyle {W} w:val="PlanTable"/>'))
        tbl_pr.append(parse_xml(f'<w:tblW {W} w:w="{sum(widths)}" w:type="dxa"/>'))
        tbl_pr.append(parse_xml(f'<w:jc {W} w:val="center"/>'))
        tbl_pr.append(parse_xml(f'<w:tblLayout {W} w:type="fixed"/>'))
        tbl_pr.append(parse_xml(f'<w:tblLook {W} w:val="0420" w:firstRow="1" w:lastRow="0" '
                                'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'))
        for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
            col.set(qn("w:w"), str(width))
        for (kind, cells), row in zip(rows, table.rows, strict=True):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(parse_xml(f"<w:cantSplit {W}/>"))
            if block.height and kind in ("data", "static"):
                tr_pr.append(parse_xml(f'<w:trHeight {W} w:val="{round(block.height * MM)}" '
                                       'w:hRule="atLeast"/>'))
            if kind == "header":
                tr_pr.append(parse_xml(f"<w:tblHeader {W}/>"))
            for i, cell in enumerate(row.cells):
                cell.width = Twips(widths[i])
                tc_pr = cell._tc.get_or_add_tcPr()
                if kind == "header":
                    tc_pr.append(parse_xml(f'<w:shd {W} w:val="clear" w:color="auto" '
                                           f'w:fill="{HEADER_FILL}"/>'))
                    tc_pr.append(parse_xml(f'<w:vAlign {W} w:val="center"/>'))
                p = cell.paragraphs[0]
                p.style = self.doc.styles.get_by_id(
                    "TableHeader" if kind == "header" else "TableText", 1)
                if block.keep and kind != "tag":
                    # Every row keeps with the next: Word and LibreOffice then move a short
                    # table whole rather than leave its last row alone on a page.
                    p._p.get_or_add_pPr().append(parse_xml(f"<w:keepNext {W}/>"))
                if kind != "header" and block.align and block.align[i] != "l":
                    jc = {"c": "center", "r": "right"}[block.align[i]]
                    p._p.get_or_add_pPr().append(parse_xml(f'<w:jc {W} w:val="{jc}"/>'))
                text = cells[i] if i < len(cells) else ""
                if text:
                    p.add_run(text.replace("\\n", "\n"))
        if items and block.empty:
            self.tag("{%p else %}")
            self.paragraph("Normal", block.empty)
            self.tag("{%p endif %}")
        else:
            # Word needs a paragraph between two tables; it also spaces the next text.
            self.doc.add_paragraph().style = self.doc.styles.get_by_id("Note", 1)

    def flow(self, block: Flow) -> None:
        """Boxes (bordered cells) joined by arrows (borderless cells), one table."""
        columns = max(len(step) for step in block.steps)
        total = round(block.width_mm * MM)
        gap = round(6 * MM)
        box = (total - gap * (columns - 1)) // columns
        widths = [w for i in range(columns) for w in ((gap, box) if i else (box,))]
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        span = len(widths)

        def cell(text: str, boxed: bool, cols: int) -> str:
            side = "single\" w:sz=\"8\" w:space=\"0\" w:color=\"000000" if boxed else "nil"
            borders = "".join(f'<w:{s} w:val="{side}"/>' for s in ("top", "left", "bottom",
                                                                  "right"))
            width = sum(widths[:cols]) if cols > 1 else box
            spans = f'<w:gridSpan w:val="{cols}"/>' if cols > 1 else ""
            lines = escape(text).split("\\n")
            run = "<w:r>" + "<w:br/>".join(f'<w:t xml:space="preserve">{t}</w:t>'
                                           for t in lines) + "</w:r>" if text else ""
            return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{spans}'
                    f'<w:tcBorders>{borders}</w:tcBorders><w:vAlign w:val="center"/></w:tcPr>'
                    f'<w:p><w:pPr><w:pStyle w:val="ChartBox"/></w:pPr>{run}</w:p></w:tc>')

        rows = []
        for n, step in enumerate(block.steps):
            if n:
                rows.append(cell("↓", False, span))
            if len(step) == 1:
                rows.append(cell(step[0], True, span))
            else:
                cells = []
                for i, text in enumerate(step):
                    if i:
                        cells.append(cell("", False, 1))
                    cells.append(cell(text, True, 1))
                rows.append("".join(cells))
        body = "".join(f'<w:tr><w:trPr><w:cantSplit/></w:trPr>{r}</w:tr>' for r in rows)
        chart = (f'<w:tbl><w:tblPr><w:tblStyle w:val="ChartTable"/>'
                 f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
                 '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0000" w:firstRow="0" '
                 'w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" '
                 f'w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>'
                 '<w:p><w:pPr><w:pStyle w:val="ChartBox"/></w:pPr></w:p>')
        framed = figure_frame(chart, block.title or "", round(150 * MM))
        holder = parse_xml(f"<w:body {W}>{framed}</w:body>")
        body_el = self.doc.element.body
        for element in list(holder):
            body_el.insert(len(body_el) - 1, element)

    def _widths(self, block: Table, count: int) -> list[int]:
        raw = block.widths or [1.0] * count
        total = text_width_mm(self.orientation) * MM
        return [int(total * w / sum(raw)) for w in raw]

    def place(self, block: Place) -> None:
        name = block.name
        self.tag(f'{{%p if not text.replaces("{name}") %}}')
        self.blocks(block.blocks)
        self.tag("{%p endif %}")
        self.tag(f'{{%p for line in text.lines("{name}") %}}')
        self.paragraph("Normal", "{{ line }}")
        self.tag("{%p endfor %}")

    def blocks(self, blocks: list[Block]) -> None:
        for block in blocks:
            match block:
                case Paragraph(style=style, text=text):
                    self.paragraph(style, text)
                case Tag(text=text):
                    self.tag(text)
                case PageBreak():
                    self.pending_break = True
                case Space(count=count):
                    for _ in range(count):
                        self.paragraph("正文无缩进")
                case Toc():
                    self.toc()
                case Section(kind=kind):
                    self.end_section(kind)
                case Image(expr=expr):
                    self.paragraph("图片", expr)
                case Table():
                    self.table(block)
                case Flow():
                    self.flow(block)
                case Place():
                    self.place(block)

    def save(self, target: Path, title: str) -> None:
        self.finish()
        props = self.doc.core_properties
        props.title, props.author, props.comments = title, "docgen", "docgen 模板"
        # Fixed, so that rebuilding an unchanged source gives the same file.
        props.created = props.modified = dt.datetime(2026, 1, 1)
        props.last_modified_by = "docgen"
        props.revision = 1
        target.write_bytes(document_bytes(self.doc))


def build_template(source: Path, target: Path) -> None:
    blocks = parse(source.read_text("utf-8"))
    writer = TemplateWriter()
    writer.blocks(blocks)
    writer.save(target, f"docgen 模板：{source.stem}")


__all__ = ["build_template"]
