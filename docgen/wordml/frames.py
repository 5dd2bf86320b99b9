"""Figures made of tables, so they stay editable in Word and legible anywhere:
boxes (bordered cells) with gaps (borderless cells) between them, a flowchart of
boxes and arrows, and the frame that keeps a figure with its caption on one page.
Text takes the template's 图框文字 (ChartBox) style."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from docgen.wordml import tables
from docgen.wordml.text import paragraph, run

BOX_STYLE = "ChartBox"
CHART_TABLE = "ChartTable"


def box_paragraph(text: str, style: str = BOX_STYLE) -> etree._Element:
    """A paragraph of a box; its line breaks stay breaks."""
    return paragraph(style=style, runs=[run(text)] if text else [])


def _box(width: int, text: str, boxed: bool, span: int = 1) -> etree._Element:
    edge = tables.borders("w:tcBorders", "single" if boxed else "nil")
    return tables.cell(width, [box_paragraph(text)], cell_borders=edge, v_align="center",
                       span=span)


def _chart_table(widths: Sequence[int], rows: list[etree._Element],
                 margins: bool = False) -> etree._Element:
    cell_margins = tables.margins("w:tblCellMar", 57, 57, 57, 57) if margins else None
    return tables.table(widths, rows, style=CHART_TABLE, cell_margins=cell_margins,
                        header_look=False)


def box_row(labels: Sequence[str], box: int, gap: int) -> etree._Element:
    """One row of boxes, `box` twips wide with `gap` twips between them."""
    widths: list[int] = []
    cells = []
    for i, label in enumerate(labels):
        if i:
            widths.append(gap)
            cells.append(_box(gap, "", boxed=False))
        widths.append(box)
        cells.append(_box(box, label, boxed=True))
    return _chart_table(widths, [tables.row(cells)], margins=True)


def box_rows(labels: Sequence[str], box: int, gap: int, per_row: int) -> list[etree._Element]:
    """Boxes in rows of at most `per_row`; Word needs a paragraph between two tables."""
    out: list[etree._Element] = []
    for i in range(0, len(labels), per_row):
        if out:
            out.append(box_paragraph(""))
        out.append(box_row(labels[i:i + per_row], box, gap))
    return out


def flow_chart(steps: Sequence[Sequence[str]], width: int, gap: int) -> etree._Element:
    """Boxes one under another with ↓ between; a step of two or more boxes puts
    them side by side."""
    columns = max(len(step) for step in steps)
    box = (width - gap * (columns - 1)) // columns
    widths = [x for i in range(columns) for x in ((gap, box) if i else (box,))]
    span = len(widths)
    rows = []
    for n, step in enumerate(steps):
        if n:
            rows.append(tables.row([_box(sum(widths), "↓", boxed=False, span=span)]))
        if len(step) == 1:
            rows.append(tables.row([_box(sum(widths), step[0], boxed=True, span=span)]))
            continue
        cells = []
        for i, text in enumerate(step):
            if i:
                cells.append(_box(gap, "", boxed=False))
            cells.append(_box(box, text, boxed=True))
        rows.append(tables.row(cells))
    return _chart_table(widths, rows)


def figure_frame(inner: Sequence[etree._Element], caption: str, width: int,
                 caption_style: str = "FigureCaption",
                 after_style: str = "Note") -> list[etree._Element]:
    """A borderless one-cell table whose row may not split: the figure and its
    caption stay together on one page, in Word and in LibreOffice. Returns the
    frame and the paragraph Word needs after a table."""
    content = list(inner)
    if caption:
        content.append(paragraph(caption, caption_style))
    frame = tables.table(
        [width], [tables.row([tables.cell(width, content)])], style=CHART_TABLE,
        table_borders=tables.borders("w:tblBorders", "nil",
                                     (*tables.SIDES, "insideH", "insideV")),
        header_look=False)
    return [frame, paragraph(style=after_style)]
