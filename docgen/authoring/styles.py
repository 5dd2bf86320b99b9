"""The named styles of docgen's templates (GB/T 9704 conventions, SPEC §5.2).

Formatting lives here, in styles, so that an administrator changes it once in
Word. Chinese font names sit in the East-Asian slot; no theme font overrides them.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LATIN = "Times New Roman"
FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG = (
    "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "方正小标宋简体")

BODY_PT = 16  # 3号
LINE_TWIPS = 578  # ≈ 28.9 pt: 22 lines in the 225 mm text block
INDENT_TWIPS = 640  # 2 characters of 16 pt


TEXT_WIDTH_TWIPS = 8844  # 156 mm
_TOC_TAB = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs>'


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
    page_break_before: bool = False
    next_style: str | None = None
    latin: str = LATIN
    extra_ppr: str = ""  # e.g. the dotted tab of table-of-contents lines


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
    ParagraphStyle("ChartBox", "图框文字", based_on="TableText", font=HEITI, size_pt=10.5,
                   align="center", line="single", keep_next=True, before=40, after=40),
    ParagraphStyle("Note", "注释", based_on="BodyNoIndent", size_pt=12, line="single"),
    ParagraphStyle("TOC1", "toc 1", based_on="BodyNoIndent", next_style="Normal",
                   extra_ppr=_TOC_TAB),
    ParagraphStyle("TOC2", "toc 2", based_on="BodyNoIndent", next_style="Normal",
                   extra_ppr=_TOC_TAB + f'<w:ind w:left="{INDENT_TWIPS}" w:leftChars="200" '
                   'w:firstLine="0" w:firstLineChars="0"/>'),
    ParagraphStyle("Footer", "footer", based_on="BodyNoIndent", font=SONGTI, size_pt=14,
                   line="single", latin=SONGTI),
]


def _fonts(font: str, latin: str) -> str:
    return (f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{font}" '
            f'w:cs="{latin}"/>')


def _ppr(s: ParagraphStyle) -> str:
    # Children in the order the schema requires (Word rejects other orders).
    parts = []
    if s.keep_next:
        parts.append("<w:keepNext/><w:keepLines/>")
    if s.page_break_before:
        parts.append("<w:pageBreakBefore/>")
    if s.extra_ppr.startswith("<w:tabs>"):
        parts.append(s.extra_ppr[: s.extra_ppr.index("</w:tabs>") + 9])
    if s.line == "exact":
        parts.append(f'<w:spacing w:before="{s.before}" w:after="{s.after}" '
                     f'w:line="{LINE_TWIPS}" w:lineRule="exact"/>')
    elif s.line == "single":
        # Off the document grid, or every table line would take a full 28.9 pt grid line.
        parts.append("<w:snapToGrid w:val=\"0\"/>")
        parts.append(f'<w:spacing w:before="{s.before}" w:after="{s.after}" '
                     'w:line="240" w:lineRule="auto"/>')
    if "<w:ind " in s.extra_ppr:
        parts.append(s.extra_ppr[s.extra_ppr.index("<w:ind "):])
    elif s.indent is True:
        # Both attributes: LibreOffice ignores firstLineChars alone.
        parts.append(f'<w:ind w:firstLine="{INDENT_TWIPS}" w:firstLineChars="200"/>')
    elif s.indent is False:
        parts.append('<w:ind w:firstLine="0" w:firstLineChars="0"/>')
    if s.align:
        parts.append(f'<w:jc w:val="{s.align}"/>')
    if s.outline is not None:
        parts.append(f'<w:outlineLvl w:val="{s.outline}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>"


def _rpr(s: ParagraphStyle) -> str:
    size = round(s.size_pt * 2)
    bold = "<w:b/><w:bCs/>" if s.bold else ""
    return (f'<w:rPr>{_fonts(s.font, s.latin)}{bold}<w:sz w:val="{size}"/>'
            f'<w:szCs w:val="{size}"/></w:rPr>')


def _style_xml(s: ParagraphStyle) -> str:
    based = f'<w:basedOn w:val="{s.based_on}"/>' if s.based_on else ""
    nxt = f'<w:next w:val="{s.next_style}"/>' if s.next_style else ""
    return (f'<w:style w:type="paragraph" w:customStyle="{0 if s.name[0].isascii() else 1}" '
            f'w:styleId="{s.style_id}"><w:name w:val="{s.name}"/>{based}{nxt}'
            f'<w:qFormat/>{_ppr(s)}{_rpr(s)}</w:style>')


def styles_xml() -> str:
    body = (f'<w:rPr>{_fonts(FANGSONG, LATIN)}<w:sz w:val="{BODY_PT * 2}"/>'
            f'<w:szCs w:val="{BODY_PT * 2}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" '
            'w:bidi="ar-SA"/></w:rPr>')
    normal = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:qFormat/><w:pPr><w:widowControl/><w:spacing w:before="0" w:after="0" '
        f'w:line="{LINE_TWIPS}" w:lineRule="exact"/>'
        f'<w:ind w:firstLine="{INDENT_TWIPS}" w:firstLineChars="200"/><w:jc w:val="both"/>'
        f'</w:pPr>{body}</w:style>'
    )
    table = (
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        '</w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="table" w:customStyle="1" w:styleId="PlanTable">'
        '<w:name w:val="预案表格"/><w:basedOn w:val="TableNormal"/><w:qFormat/>'
        '<w:pPr><w:ind w:firstLine="0" w:firstLineChars="0"/></w:pPr>'
        '<w:tblPr><w:jc w:val="center"/><w:tblBorders>'
        + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/>'
        '<w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/>'
        '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tcPr>'
        '<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/></w:tcPr></w:tblStylePr>'
        '</w:style>'
        '<w:style w:type="table" w:customStyle="1" w:styleId="ChartTable">'
        '<w:name w:val="图表格"/><w:basedOn w:val="TableNormal"/>'
        '<w:tblPr><w:jc w:val="center"/></w:tblPr></w:style>'
    )
    char = ('<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
            '</w:style>'
            '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
            '<w:basedOn w:val="DefaultParagraphFont"/></w:style>')
    return (
        f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault>{body}</w:rPrDefault>'
        '<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>'
        + normal + "".join(_style_xml(s) for s in STYLES) + table + char + "</w:styles>"
    )


def install_styles(document) -> None:
    """Replace the styles part of a python-docx Document with docgen's styles."""
    part = document.part._styles_part
    part._element = parse_xml(styles_xml())
