"""The emergency organisation chart (应急组织机构图), drawn as a tree: where each
box and line goes. docgen.wordml.frames turns them into one Word table whose cell
borders are the lines.

Each body (领导小组, 指挥部) stands centred over its units, a line down from it to
a bus and a stub down from the bus to each unit. A subtree takes one slot for
each unit at its foot (the tidy-tree rule), so no two subtrees overlap and every
stub meets the middle of its box. When the slots do not fit the page, the units
of a body are wrapped into balanced rows, each row hung from its own bus, the
trunk coming down between two subtrees of the row above. Boxes too narrow for
three characters a line hold the name one character a line, as Chinese charts do.
Only if nothing fits is the deepest level left out and listed under the chart."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree
from markupsafe import Markup

from docgen.model.plan import Organisation, OrgUnit
from docgen.wordml import frames, twips

FRAME_MARGIN_MM = 6  # the frame sits a little inside the text block
# A larger or deeper tree shows as many levels as keep within these (on one page,
# in a moment) and lists the rest under the chart.
MAX_UNITS, MAX_DEPTH = 40, 4
MAX_LABEL = 40  # characters of a name in a box; the full name is in the duties list
MAX_TALL = 10  # characters of a name one character a line
SIZES = (21, 18)  # half-points: 五号 (the 图框文字 style), then 小五, the least for reading
STYLE_SIZE = 21
WIDE_LINE, MIN_WIDE = 8, 3  # characters a line in a box, most and least
SLACK = 0.4  # of a character, so that no renderer wraps a line that was meant whole
WIDE_SIDE, TALL_SIDE = 57, 20  # twips of margin left and right of a box's text
GAP_MIN, GAP_WIDE = 100, twips(4)  # between two boxes
SLOT_MAX = twips(45)  # a unit's slot: its box and a gap
LINK = twips(2.5)  # each of the two rows of lines between a body and its units
_TOKEN = re.compile(r"[A-Za-z0-9]+|.", re.DOTALL)  # Latin words and numbers stay whole


@dataclass(eq=False)
class _Block:
    """A unit and its subtree; its units in `wraps` rows."""

    unit: OrgUnit
    kids: list[_Block] = field(default_factory=list)
    wraps: int = 1

    def rows(self) -> list[list[_Block]]:
        return _balanced(self.kids, self.wraps)

    def slots(self) -> int:
        if not self.kids:
            return 1
        return max(sum(k.slots() for k in row) for row in self.rows())

    def bands(self) -> int:
        """Table rows: its box, then for each row of units two of lines and theirs."""
        return 1 + sum(2 + max(k.bands() for k in row) for row in self.rows()) \
            if self.kids else 1

    def walk(self) -> Iterator[_Block]:
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def can_wrap(self) -> bool:
        # Every row but the last needs two subtrees, for the trunk to pass between.
        return len(self.kids) >= 2 * self.wraps + 1


def _balanced(blocks: list[_Block], count: int) -> list[list[_Block]]:
    """The blocks in order in at most `count` rows, the widest row as narrow as
    can be, the first rows the fuller; every row but the last of two or more."""
    if count <= 1:
        return [blocks]
    weights = [b.slots() for b in blocks]
    for cap in range(max(weights), sum(weights) + 1):
        rows: list[list[_Block]] = [[]]
        used = 0
        for block, weight in zip(blocks, weights, strict=True):
            if rows[-1] and used + weight > cap:
                rows.append([])
                used = 0
            rows[-1].append(block)
            used += weight
        if len(rows) <= count and all(len(row) >= 2 for row in rows[:-1]):
            return rows
    return [blocks]


def _blocks(unit: OrgUnit, depth: int) -> _Block:
    # Each child once, and one level down only: duplicated names or a cycle in a
    # broken workbook (reported by validation) cannot loop or repeat a box.
    kids = {id(c): c for c in unit.children if c.depth == unit.depth + 1 <= depth}
    return _Block(unit, [_blocks(c, depth) for c in kids.values()])


# -- sizes, in twips ------------------------------------------------------------------------

def _even(x: float) -> int:
    return math.ceil(x / 2) * 2


def _wide(chars: float, size: int) -> int:
    """A box holding `chars` characters a line (a CJK character of `size`
    half-points is size × 10 twips wide)."""
    return _even((chars + SLACK) * size * 10 + 2 * WIDE_SIDE)


def _tall(size: int) -> int:
    return _even((1 + SLACK) * size * 10 + 2 * TALL_SIDE)


def _width(text: str) -> float:
    return sum(len(t) / 2 if t.isascii() else 1 for t in _TOKEN.findall(text))


def _chars(unit: OrgUnit) -> int:
    return min(WIDE_LINE, math.ceil(max(_width(unit.name), _width(unit.leader))))


@dataclass(frozen=True)
class _Geometry:
    slot: int
    gap: int
    size: int


def _geometry(root: _Block, size: int, room: int) -> _Geometry | None:
    """Slot and gap for the units at the foot of the tree, or None if they do
    not fit even one character a line."""
    fit = min(room // root.slots(), SLOT_MAX)
    space = fit - GAP_MIN
    if space >= _wide(MIN_WIDE, size):
        longest = max(_chars(b.unit) for b in root.walk() if b.slots() == 1)
        box = min(_wide(longest, size), space // 2 * 2)
        gap = min(fit - box, GAP_WIDE)
    elif space >= _tall(size):
        box = _tall(size)
        gap = min(fit - box, box)
    else:
        return None
    gap = gap // 2 * 2  # even, so that every centre falls on a whole twip
    return _Geometry(box + gap, gap, size)


def _box_width(first: int, span: int, need: int, geo: _Geometry, snap: bool) -> int:
    """A body's box, centred over its slots, as wide as its text needs (at least a
    unit's box). With `snap`, its edges fall where the units' boxes, centres or
    gaps already cut the grid, so that the table keeps within Word's columns."""
    s, g = geo.slot, geo.gap
    if span == 1:
        return s - g
    if not snap:
        return min(max(need, s - g), span * s - g)
    points = set()
    for i in range(first, first + span):
        points |= {i * s, i * s + (s - g) // 2, (i + 1) * s - g}
        if i > first:
            points.add(i * s - g // 2)
    centre = first * s + (span * s - g) // 2
    widths = sorted(2 * (centre - p) for p in points if p < centre and 2 * centre - p in points)
    return next((w for w in widths if w >= max(need, s - g)), widths[-1])


def _lines(text: str, per_line: int) -> str:
    """The text in balanced lines of at most `per_line` characters, broken by
    docgen rather than by the renderer, so that every program shows the same."""
    tokens = _TOKEN.findall(text)
    count = math.ceil(_width(text) / per_line)
    target = math.ceil(_width(text) / count) if count else per_line
    lines, used = [""], 0.0
    for token in tokens:
        width = _width(token)
        if lines[-1] and used + width > target:
            lines.append("")
            used = 0
        lines[-1] += token
        used += width
    return "\n".join(lines)


def _box(unit: OrgUnit, row: int, left: int, right: int, size: int) -> frames.Box:
    """A unit's box: its name and its leader in lines across, or, too narrow for
    that, its name alone one character a line (the leader is in the table below)."""
    per_line = int((right - left - 2 * WIDE_SIDE) / (size * 10) - SLACK)
    shown = None if size == STYLE_SIZE else size
    if per_line >= MIN_WIDE:
        name = unit.name if len(unit.name) <= MAX_LABEL else unit.name[:MAX_LABEL - 1] + "…"
        text = _lines(name, min(per_line, WIDE_LINE))
        return frames.Box(row, left, right, f"{text}\n{unit.leader}" if unit.leader else text,
                          WIDE_SIDE, shown)
    name = unit.name if len(unit.name) <= MAX_TALL else unit.name[:MAX_TALL - 1] + "…"
    return frames.Box(row, left, right, _lines(name, 1), TALL_SIDE, shown)


# -- the drawing ----------------------------------------------------------------------------

def _draw(root: _Block, geo: _Geometry, snap: bool) -> frames.Drawing:
    placed: list[tuple[OrgUnit, int, int, int]] = []  # unit, band, centre, width
    down: list[tuple[int, int, int]] = []
    across: list[tuple[int, int, int]] = []
    s, g = geo.slot, geo.gap

    def place(block: _Block, first: int, band: int) -> int:
        span = block.slots()
        centre = first * s + (span * s - g) // 2
        need = _wide(_chars(block.unit), geo.size)
        placed.append((block.unit, band, centre, _box_width(first, span, need, geo, snap)))
        feed, top = centre, band + 1
        rows = block.rows() if block.kids else []
        for j, row in enumerate(rows):
            if j == 0:
                down.append((centre, top, top))  # from the body down to the bus
            bus = top + 1
            slot = first + (span - sum(k.slots() for k in row)) // 2
            centres, ends = [], []
            for kid in row:
                centres.append(place(kid, slot, bus + 1))
                slot += kid.slots()
                ends.append(slot * s - g // 2)
            down.extend((x, bus, bus) for x in centres)  # from the bus down to each unit
            xs = [*centres, feed]
            if min(xs) < max(xs):
                across.append((bus, min(xs), max(xs)))
            top = bus + 1 + max(k.bands() for k in row)
            if j + 1 < len(rows):
                # The trunk to the next row's bus, between two subtrees of this row.
                feed = min(ends[:-1], key=lambda x: (abs(x - centre), x))
                down.append((feed, bus, top))
        return centre

    place(root, 0, 0)
    # The boxes of a level all as wide as its narrowest: one look, one kind of text.
    narrowest: dict[int, int] = {}
    for unit, _, _, width in placed:
        narrowest[unit.depth] = min(width, narrowest.get(unit.depth, width))
    boxes = [_box(unit, band, centre - narrowest[unit.depth] // 2,
                  centre + narrowest[unit.depth] // 2, geo.size)
             for unit, band, centre, _ in placed]
    heights = [None if r % 3 == 0 else LINK for r in range(root.bands())]
    return frames.Drawing(root.slots() * s - g, heights, boxes, down, across)


def _fit(root: _Block, size: int, room: int) -> frames.Drawing | None:
    """The drawing in `size`, its bodies wrapped, one more row at a time where
    that narrows the tree most, until it fits the room and Word's columns (the
    bodies' boxes sized to their text or, failing that, snapped to the grid)."""
    while True:
        geo = _geometry(root, size, room)
        for snap in (False, True):
            drawing = _draw(root, geo, snap) if geo else None
            if drawing and len(drawing.grid()) - 1 <= frames.MAX_COLUMNS:
                return drawing
        now = root.slots()
        options: list[tuple[int, int, _Block]] = []  # slots after, more units first
        for block in root.walk():
            if block.can_wrap():
                block.wraps += 1
                if (after := root.slots()) < now:
                    options.append((after, -len(block.kids), block))
                block.wraps -= 1
        if not options:
            return None
        min(options, key=lambda o: o[:2])[2].wraps += 1


def _layout(root: OrgUnit, depth: int, room: int) -> frames.Drawing | None:
    """The tree down to `depth`: in 五号 if it fits as well as in 小五 (as few
    wrapped rows), else in 小五."""
    best: tuple[int, frames.Drawing] | None = None
    for size in SIZES:
        tree = _blocks(root, depth)
        drawing = _fit(tree, size, room)
        wrapped = sum(b.wraps - 1 for b in tree.walk())
        if drawing is not None and (best is None or wrapped < best[0]):
            best = (wrapped, drawing)
    return best[1] if best else None


def org_chart(org: Organisation, caption: str = "", text_width_mm: float = 156) -> Markup:
    """The chart with its caption below, as body-level XML for
    `{{p org_chart("图1 应急组织机构图") }}` in a template."""
    root = org.root
    if root is None:
        return Markup("")
    frame = twips(text_width_mm - FRAME_MARGIN_MM)
    deepest = min(MAX_DEPTH, max(u.depth for u in org))
    while deepest and sum(u.depth <= deepest for u in org) > MAX_UNITS:
        deepest -= 1
    depth, drawing = deepest, None
    for depth in range(deepest, -1, -1):
        drawing = _layout(root, depth, frames.figure_room(frame))
        if drawing is not None:
            break
    if drawing is None:
        return Markup("")
    # A line's room above the chart, as below it before the caption.
    parts: list[etree._Element] = [frames.box_paragraph(""), drawing.table()]
    rest = [u for u in org if u.depth > depth]
    if rest:
        parts.append(frames.box_paragraph(
            f"（另有{len(rest)}个下级机构未在图中画出：" + "；".join(
                f"{u.name}（属{u.parent}）" for u in rest) + "。）", "Note"))
    framed = frames.figure_frame(parts, caption, frame)
    return Markup("".join(etree.tostring(e, encoding="unicode") for e in framed))
