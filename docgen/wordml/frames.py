"""Figures made of tables, so they stay editable in Word and legible anywhere:
a flowchart of boxes (bordered cells) and arrows, a drawing of boxes joined by
lines (cell borders), and the frame that keeps a figure with its caption on one
page. Text takes the template's 图框文字 (ChartBox) style."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from lxml import etree

from docgen.wordml import tables
from docgen.wordml.styles import CELL_SIDE_TWIPS
from docgen.wordml.text import paragraph, run

BOX_STYLE = "ChartBox"
CHART_TABLE = "ChartTable"
MAX_COLUMNS = 63  # the most columns Word allows a table
BOX_TOP = 40  # twips above and below a box's text


def box_paragraph(text: str, style: str = BOX_STYLE, size: int | None = None) -> etree._Element:
    """A paragraph of a box; its line breaks stay breaks. `size` in half-points."""
    return paragraph(style=style, runs=[run(text, size=size)] if text else [])


def figure_room(width: int) -> int:
    """The width a figure has inside a `figure_frame` of `width` twips."""
    return width - 2 * CELL_SIDE_TWIPS


def _box(width: int, text: str, boxed: bool, span: int = 1) -> etree._Element:
    edge = tables.borders("w:tcBorders", "single" if boxed else "nil")
    return tables.cell(width, [box_paragraph(text)], cell_borders=edge, v_align="center",
                       span=span)


def _chart_table(widths: Sequence[int], rows: list[etree._Element]) -> etree._Element:
    return tables.table(widths, rows, style=CHART_TABLE, header_look=False)


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


# -- boxes joined by lines ------------------------------------------------------------------
#
# Every line runs along cell edges, so it is a cell border: Word, WPS and
# LibreOffice draw it alike, and it stays joined to the boxes whatever the fonts.
# The table's grid is every x where something starts or ends; each row is cut
# only where it, or a row next to it, needs a cut, so a border is always the
# whole edge of a cell, and both cells of an edge say it (no conflict to resolve).


@dataclass(frozen=True)
class Box:
    """A bordered box, a cell of `row` from `left` to `right` (twips from the
    drawing's left edge), its text centred; `side` is its left and right margin,
    `size` its font size (half-points) when not the style's."""

    row: int
    left: int
    right: int
    text: str
    side: int = 57
    size: int | None = None


@dataclass(frozen=True)
class Drawing:
    """Boxes and lines on a grid of rows. `heights`: each row's height in twips
    (exact), or None for a row as tall as its boxes. `down`: vertical lines
    (x, first row, last row); `across`: horizontal lines (row, left, right) along
    the top edge of that row."""

    width: int
    heights: Sequence[int | None]
    boxes: Sequence[Box]
    down: Sequence[tuple[int, int, int]]
    across: Sequence[tuple[int, int, int]]

    def _cuts(self, r: int) -> list[int]:
        cuts = {0, self.width}
        for b in self.boxes:
            if abs(b.row - r) <= 1:
                cuts |= {b.left, b.right}
        cuts |= {x for x, first, last in self.down if first <= r <= last}
        for row, left, right in self.across:
            if row in (r, r + 1):
                cuts |= {left, right}
        inside = [(b.left, b.right) for b in self.boxes if b.row == r]
        return sorted(x for x in cuts if not any(a < x < b for a, b in inside))

    def grid(self) -> list[int]:
        """The x of every column edge, 0 and `width` included."""
        return sorted({x for r in range(len(self.heights)) for x in self._cuts(r)})

    def _across(self, y: int, a: int, b: int) -> bool:
        """A line along the top edge of row y from a to b: drawn, or a box's edge."""
        return any(row == y and left <= a and b <= right for row, left, right in self.across) \
            or any(box.row in (y - 1, y) and box.left <= a and b <= box.right
                   for box in self.boxes)

    def _down(self, x: int, r: int) -> bool:
        return any(vx == x and first <= r <= last for vx, first, last in self.down) \
            or any(box.row == r and x in (box.left, box.right) for box in self.boxes)

    def _cell(self, r: int, a: int, b: int, span: int) -> etree._Element:
        box = next((x for x in self.boxes if x.row == r and x.left == a), None)
        if box is not None:
            return tables.cell(b - a, [box_paragraph(box.text, size=box.size)],
                               cell_borders=tables.borders("w:tcBorders"), v_align="center",
                               span=span, cell_margins=tables.margins(
                                   "w:tcMar", BOX_TOP, box.side, BOX_TOP, box.side))
        sides = [side for side, on in (
            ("top", self._across(r, a, b)), ("left", self._down(a, r)),
            ("bottom", self._across(r + 1, a, b)), ("right", self._down(b, r))) if on]
        edges = tables.borders("w:tcBorders", sides=sides) if sides else None
        return tables.cell(b - a, [box_paragraph("")], cell_borders=edges, span=span)

    def table(self) -> etree._Element:
        """The drawing as a borderless fixed-layout table without cell margins."""
        grid = self.grid()
        column = {x: i for i, x in enumerate(grid)}
        rows = []
        for r, height in enumerate(self.heights):
            cells = [self._cell(r, a, b, column[b] - column[a])
                     for a, b in pairwise(self._cuts(r))]
            rows.append(tables.row(cells, min_height=height, exact=True))
        return tables.table(
            [b - a for a, b in pairwise(grid)], rows, style=CHART_TABLE, header_look=False,
            table_borders=tables.borders("w:tblBorders", "nil",
                                         (*tables.SIDES, "insideH", "insideV")),
            cell_margins=tables.margins("w:tblCellMar", 0, 0, 0, 0))
