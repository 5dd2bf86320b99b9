"""The named styles of docgen's templates (GB/T 9704-2012 conventions).

Formatting lives here, in styles, so that an administrator changes it once in
Word. Chinese font names sit in the East-Asian slot; no theme font overrides them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from docx.document import Document
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from docgen.wordml.oxml import el

LATIN = "Times New Roman"
FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG = (
    "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "方正小标宋简体")

BODY_PT = 16  # 3号
LINE_TWIPS = 578  # ≈ 28.9 pt: 22 lines in the 225 mm text block
INDENT_TWIPS = 640  # 2 characters of 16 pt
TEXT_WIDTH_TWIPS = 8844  # 156 mm: where the 目录's page numbers align
CELL_SIDE_TWIPS = 108  # a table cell's left and right margins (Word's default)


@dataclass(frozen=True)
class ParagraphStyle:
    style_id: str
    name: str
    based_on: str | None = "Normal"
    font: str = FANGSONG
    size_pt: float = BODY_PT
    bold: bool = False
    align: str | None = None  # both, center, right, left
    indent: bool | None = None  # True: 2-char first line; False: none; None: inherit
    line: str = "exact"  # exact (28.9 pt), single, or inherit
    before: int = 0
    after: int = 0
    outline: int | None = None
    keep_next: bool = False
    next_style: str | None = None
    latin: str = LATIN
    toc_tab: bool = False  # a right tab with dot leader at the text width (目录 lines)
    left_indent: int | None = None  # twips, hanging nothing (目录 level 2)


STYLES = [
    ParagraphStyle("Heading1", "heading 1", font=HEITI, align="center", indent=False,
                   outline=0, keep_next=True, after=LINE_TWIPS // 2, next_style="Normal"),
    ParagraphStyle("Heading2", "heading 2", font=HEITI, indent=True, outline=1, keep_next=True,
                   next_style="Normal"),
    ParagraphStyle("Heading3", "heading 3", font=KAITI, indent=True, outline=2, keep_next=True,
                   next_style="Normal"),
    ParagraphStyle("Heading4", "heading 4", font=FANGSONG, bold=True, indent=True, outline=3,
                   keep_next=True, next_style="Normal"),
    ParagraphStyle("Title", "Title", font=XIAOBIAOSONG, size_pt=22, align="center",
                   indent=False, line="single", after=LINE_TWIPS),
    ParagraphStyle("BodyNoIndent", "正文无缩进", indent=False),
    # A label that introduces what follows ("应对措施："): never alone at a page's foot.
    ParagraphStyle("Label", "标签", bold=True, keep_next=True),
    # Body text that introduces what follows (预警信号 before 应对措施): kept with it.
    ParagraphStyle("BodyKeepNext", "正文接续", keep_next=True),
    ParagraphStyle("Centered", "居中", based_on="BodyNoIndent", align="center"),
    ParagraphStyle("RightAligned", "右对齐", based_on="BodyNoIndent", align="right"),
    ParagraphStyle("CoverInfo", "封面信息", based_on="BodyNoIndent", align="right"),
    ParagraphStyle("CoverUnit", "封面单位", based_on="BodyNoIndent", font=HEITI, size_pt=18,
                   align="center", line="single", after=240),
    ParagraphStyle("CoverTitle", "封面标题", based_on="Title", font=XIAOBIAOSONG, size_pt=26,
                   align="center", indent=False, line="single", before=240, after=240),
    ParagraphStyle("PageTitle", "页标题", based_on="Title", font=XIAOBIAOSONG, size_pt=22,
                   align="center", indent=False, line="single", after=LINE_TWIPS),
    # 发布令 and 执行部门签署页: listed in the 目录 (without page number) by the TOC's \\t switch.
    ParagraphStyle("FrontTitle", "前置页标题", based_on="PageTitle", font=XIAOBIAOSONG,
                   size_pt=22, align="center", indent=False, line="single", after=LINE_TWIPS),
    ParagraphStyle("FigureCaption", "图题", based_on="BodyNoIndent", font=HEITI, size_pt=14,
                   align="center", line="single", before=120, after=240),
    ParagraphStyle("TableCaption", "表题", based_on="BodyNoIndent", font=HEITI, size_pt=14,
                   align="center", line="single", before=120, after=120, keep_next=True),
    ParagraphStyle("Figure", "图片", based_on="BodyNoIndent", align="center", line="single",
                   keep_next=True),
    ParagraphStyle("TableText", "表格文字", based_on="BodyNoIndent", font=SONGTI, size_pt=10.5,
                   align="left", line="single"),
    ParagraphStyle("TableHeader", "表头", based_on="TableText", font=HEITI, size_pt=10.5,
                   align="center", line="single"),
    # A header whose column may be left out of the table when no row fills it (备注).
    ParagraphStyle("TableHeaderOptional", "表头（空列略去）", based_on="TableHeader", font=HEITI,
                   size_pt=10.5, align="center", line="single"),
    ParagraphStyle("ChartBox", "图框文字", based_on="TableText", font=HEITI, size_pt=10.5,
                   align="center", line="single", keep_next=True, before=40, after=40),
    ParagraphStyle("Note", "注释", based_on="BodyNoIndent", size_pt=12, line="single"),
    # 应急处置卡: pocket pages (A6), small type.
    ParagraphStyle("CardTitle", "卡片标题", based_on="BodyNoIndent", font=HEITI, size_pt=14,
                   align="center", line="single", after=80, keep_next=True),
    ParagraphStyle("CardText", "卡片正文", based_on="BodyNoIndent", font=SONGTI, size_pt=9,
                   align="left", line="single", after=20),
    ParagraphStyle("CardLabel", "卡片标签", based_on="CardText", font=HEITI, size_pt=9,
                   line="single", before=60, keep_next=True),
    ParagraphStyle("TOC1", "toc 1", based_on="BodyNoIndent", next_style="Normal",
                   toc_tab=True),
    ParagraphStyle("TOC2", "toc 2", based_on="BodyNoIndent", next_style="Normal",
                   toc_tab=True, left_indent=INDENT_TWIPS),
    ParagraphStyle("Footer", "footer", based_on="BodyNoIndent", font=SONGTI, size_pt=14,
                   line="single", latin=SONGTI),
]


def _fonts(font: str, latin: str) -> etree._Element:
    return el("w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": font,
                           "w:cs": latin})


def _ppr(s: ParagraphStyle) -> etree._Element:
    children: list[etree._Element | None] = []
    if s.keep_next:
        children += [el("w:keepNext"), el("w:keepLines")]
    if s.toc_tab:
        children.append(el("w:tabs", children=[el("w:tab", {
            "w:val": "right", "w:leader": "dot", "w:pos": TEXT_WIDTH_TWIPS})]))
    if s.line == "exact":
        children.append(el("w:spacing", {"w:before": s.before, "w:after": s.after,
                                         "w:line": LINE_TWIPS, "w:lineRule": "exact"}))
    elif s.line == "single":
        # Off the document grid, or every table line would take a full 28.9 pt grid line.
        children.append(el("w:snapToGrid", {"w:val": 0}))
        children.append(el("w:spacing", {"w:before": s.before, "w:after": s.after,
                                         "w:line": 240, "w:lineRule": "auto"}))
    if s.left_indent is not None:
        children.append(el("w:ind", {"w:left": s.left_indent, "w:leftChars": 200,
                                     "w:firstLine": 0, "w:firstLineChars": 0}))
    elif s.indent is True:
        # Both attributes: LibreOffice ignores firstLineChars alone.
        children.append(el("w:ind", {"w:firstLine": INDENT_TWIPS, "w:firstLineChars": 200}))
    elif s.indent is False:
        children.append(el("w:ind", {"w:firstLine": 0, "w:firstLineChars": 0}))
    if s.align:
        children.append(el("w:jc", {"w:val": s.align}))
    if s.outline is not None:
        children.append(el("w:outlineLvl", {"w:val": s.outline}))
    return el("w:pPr", children=children)


def _rpr(s: ParagraphStyle) -> etree._Element:
    size = round(s.size_pt * 2)
    return el("w:rPr", children=[
        _fonts(s.font, s.latin),
        el("w:b") if s.bold else None, el("w:bCs") if s.bold else None,
        el("w:sz", {"w:val": size}), el("w:szCs", {"w:val": size}),
    ])


def _paragraph_style(s: ParagraphStyle) -> etree._Element:
    return el("w:style", {"w:type": "paragraph", "w:customStyle": int(not s.name[0].isascii()),
                          "w:styleId": s.style_id}, children=[
        el("w:name", {"w:val": s.name}),
        el("w:basedOn", {"w:val": s.based_on}) if s.based_on else None,
        el("w:next", {"w:val": s.next_style}) if s.next_style else None,
        el("w:qFormat"), _ppr(s), _rpr(s),
    ])


def _body_rpr() -> etree._Element:
    return el("w:rPr", children=[
        _fonts(FANGSONG, LATIN), el("w:sz", {"w:val": BODY_PT * 2}),
        el("w:szCs", {"w:val": BODY_PT * 2}),
        el("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"}),
    ])


def _normal() -> etree._Element:
    ppr = el("w:pPr", children=[
        el("w:widowControl"),
        # Hanging punctuation said outright, as Word's default: a 、 or ， at a full
        # line's end hangs in the margin. Left implicit (or off), LibreOffice lays out
        # justified CJK lines with that mark squeezed to nothing: it vanishes.
        el("w:overflowPunct", {"w:val": 1}),
        el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": LINE_TWIPS,
                         "w:lineRule": "exact"}),
        el("w:ind", {"w:firstLine": INDENT_TWIPS, "w:firstLineChars": 200}),
        el("w:jc", {"w:val": "both"}),
    ])
    return el("w:style", {"w:type": "paragraph", "w:default": 1, "w:styleId": "Normal"},
              children=[el("w:name", {"w:val": "Normal"}), el("w:qFormat"), ppr, _body_rpr()])


def _cell_margins(top: int, left: int, bottom: int, right: int) -> etree._Element:
    values = {"top": top, "left": left, "bottom": bottom, "right": right}
    return el("w:tblCellMar", children=[el(f"w:{k}", {"w:w": v, "w:type": "dxa"})
                                        for k, v in values.items()])


def _table_styles() -> list[etree._Element]:
    normal = el("w:style", {"w:type": "table", "w:default": 1, "w:styleId": "TableNormal"},
                children=[el("w:name", {"w:val": "Normal Table"}),
                          el("w:uiPriority", {"w:val": 99}), el("w:semiHidden"),
                          el("w:tblPr", children=[el("w:tblInd", {"w:w": 0, "w:type": "dxa"}),
                                                  _cell_margins(0, CELL_SIDE_TWIPS, 0,
                                                                CELL_SIDE_TWIPS)])])
    lines = el("w:tblBorders", children=[
        el(f"w:{side}", {"w:val": "single", "w:sz": 4, "w:space": 0, "w:color": "000000"})
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")])
    header = el("w:tblStylePr", {"w:type": "firstRow"}, children=[
        el("w:rPr", children=[el("w:b")]),
        el("w:tcPr", children=[el("w:shd", {"w:val": "clear", "w:color": "auto",
                                            "w:fill": "D9D9D9"})])])
    plan = el("w:style", {"w:type": "table", "w:customStyle": 1, "w:styleId": "PlanTable"},
              children=[el("w:name", {"w:val": "预案表格"}),
                        el("w:basedOn", {"w:val": "TableNormal"}), el("w:qFormat"),
                        el("w:pPr", children=[el("w:ind", {"w:firstLine": 0,
                                                           "w:firstLineChars": 0})]),
                        el("w:tblPr", children=[el("w:jc", {"w:val": "center"}), lines,
                                                _cell_margins(28, 85, 28, 85)]),
                        header])
    chart = el("w:style", {"w:type": "table", "w:customStyle": 1, "w:styleId": "ChartTable"},
               children=[el("w:name", {"w:val": "图表格"}),
                         el("w:basedOn", {"w:val": "TableNormal"}),
                         el("w:tblPr", children=[el("w:jc", {"w:val": "center"})])])
    return [normal, plan, chart]


def _character_styles() -> list[etree._Element]:
    return [
        el("w:style", {"w:type": "character", "w:default": 1,
                       "w:styleId": "DefaultParagraphFont"},
           children=[el("w:name", {"w:val": "Default Paragraph Font"}),
                     el("w:uiPriority", {"w:val": 1}), el("w:semiHidden")]),
        el("w:style", {"w:type": "character", "w:styleId": "Hyperlink"},
           children=[el("w:name", {"w:val": "Hyperlink"}),
                     el("w:basedOn", {"w:val": "DefaultParagraphFont"})]),
    ]


def styles_element() -> etree._Element:
    defaults = el("w:docDefaults", children=[
        el("w:rPrDefault", children=[_body_rpr()]),
        el("w:pPrDefault", children=[el("w:pPr")]),
    ])
    return el("w:styles", children=[defaults, _normal(),
                                    *(_paragraph_style(s) for s in STYLES),
                                    *_table_styles(), *_character_styles()])


def install_styles(document: Document) -> None:
    """Replace the styles part of a python-docx Document with docgen's styles."""
    # el() makes python-docx's element classes: w:styles is its CT_Styles
    document.part._styles_part._element = cast(BaseOxmlElement, styles_element())
