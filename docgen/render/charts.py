"""Figures drawn from the data as Word tables, so they stay editable in Word and
legible in any viewer: the emergency organisation chart (应急组织机构图).

Boxes are bordered cells; the gaps between them are borderless cells, so every
box stands apart. Text takes the template's 图框文字 style.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from markupsafe import Markup

from docgen.model.plan import Organisation, OrgUnit

TWIPS_PER_MM = 1440 / 25.4
TEXT_WIDTH_MM = 150  # the frame, a little inside the 156 mm text block
BOX_MM, GAP_MM = 26, 4
PER_ROW = 5  # boxes per row: 5 × 26 mm + 4 gaps fit the 150 mm frame
MAX_UNITS = 30  # a larger tree shows its top two levels and lists the rest
BORDER = "".join(f'<w:{s} w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
                 for s in ("top", "left", "bottom", "right"))
NO_BORDER = "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right"))


def _run(text: str) -> str:
    parts = escape(text).split("\n")
    runs = "<w:br/>".join(f'<w:t xml:space="preserve">{p}</w:t>' for p in parts)
    return f"<w:r>{runs}</w:r>"


def _para(text: str, style: str = "ChartBox") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{_run(text)}</w:p>'


def _cell(width: int, text: str, boxed: bool) -> str:
    borders = BORDER if boxed else NO_BORDER
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            f'<w:tcBorders>{borders}</w:tcBorders><w:vAlign w:val="center"/></w:tcPr>'
            f"{_para(text)}</w:tc>")


def _box_table(labels: list[str]) -> str:
    box, gap = round(BOX_MM * TWIPS_PER_MM), round(GAP_MM * TWIPS_PER_MM)
    rows = [labels[i:i + PER_ROW] for i in range(0, len(labels), PER_ROW)]
    tables = []
    for row in rows:
        widths: list[int] = []
        cells = []
        for i, label in enumerate(row):
            if i:
                widths.append(gap)
                cells.append(_cell(gap, "", boxed=False))
            widths.append(box)
            cells.append(_cell(box, label, boxed=True))
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        tables.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="ChartTable"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="57" w:type="dxa"/>'
            '<w:left w:w="57" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/>'
            '<w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f'<w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>'
            f'{"".join(cells)}</w:tr></w:tbl>'
        )
    # Word needs a paragraph between two tables.
    return _para("").join(tables)


def _label(unit: OrgUnit) -> str:
    return f"{unit.name}\n{unit.leader}" if unit.leader else unit.name


def figure_frame(inner: str, caption: str, width: int) -> str:
    """A borderless one-cell table whose row may not split: the figure and its
    caption stay together on one page, in Word and in LibreOffice."""
    caption_xml = _para(caption, "FigureCaption") if caption else ""
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="ChartTable"/>'
            f'<w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/><w:tblBorders>'
            + "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right",
                                                        "insideH", "insideV"))
            + '</w:tblBorders><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
            'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>'
            f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" '
            f'w:type="dxa"/></w:tcPr>{inner}{caption_xml}</w:tc></w:tr></w:tbl>'
            # Word needs a paragraph after a table at the end of a cell or before another table.
            + _para("", "Note"))


def org_chart(org: Organisation, caption: str = "") -> Markup:
    """The organisation chart, with its caption below, as body-level XML for
    `{{p org_chart("图1 应急组织机构图") }}` in a template.

    The root on top, its units below it; every unit further down is drawn in a
    group headed by the unit it belongs to, so that no box can be read as
    reporting to the wrong parent, however the rows wrap."""
    root = org.root
    if root is None:
        return Markup("")
    limited = len(org) > MAX_UNITS
    parts = [_box_table([_label(root)])]
    if root.children:
        parts += [_para("↓"), _box_table([_label(c) for c in root.children])]
    for unit in org:
        if unit.depth >= 1 and unit.children and not limited:
            parts += [_para(f"↓ {unit.name}下设 ↓"),
                      _box_table([_label(c) for c in unit.children])]
    if limited:
        rest = [u for u in org if u.depth >= 2]
        parts.append(_para(f"（另有{len(rest)}个下级机构未在图中画出：" + "；".join(
            f"{u.name}（属{u.parent}）" for u in rest) + "。）", "Note"))
    # A cell must end with a paragraph; the frame adds the caption after the chart.
    width = round(TEXT_WIDTH_MM * TWIPS_PER_MM)
    # Inserted into document.xml as text before it is parsed: the w: prefix is declared there.
    return Markup(figure_frame("".join(parts), caption, width))
