"""Tables: properties, grid, rows and cells, built in schema order; and the
colour of text on a shaded cell (white on dark fills such as the red and blue of
重大 and 低 risks, SPEC §5.2)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from lxml import etree

from docgen.docx.ns import NSMAP, W_NS, w
from docgen.docx.oxml import el, sort_children
from docgen.docx.text import paragraph

TWIPS_PER_MM = 1440 / 25.4
HEADER_FILL = "D9D9D9"
SIDES = ("top", "left", "bottom", "right")


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def borders(tag: str, kind: str = "single", sides: Sequence[str] = SIDES,
            size: int = 8, color: str = "000000") -> etree._Element:
    """`w:tblBorders` or `w:tcBorders`: every side `single` (a line) or `nil` (none)."""
    attrs = {"w:val": kind} if kind == "nil" else {
        "w:val": kind, "w:sz": size, "w:space": 0, "w:color": color}
    return el(tag, children=[el(f"w:{side}", attrs) for side in sides])


def margins(tag: str, top: int, left: int, bottom: int, right: int) -> etree._Element:
    values = {"top": top, "left": left, "bottom": bottom, "right": right}
    return el(tag, children=[el(f"w:{k}", {"w:w": v, "w:type": "dxa"})
                             for k, v in values.items()])


def table_properties(*, style: str | None, width: int, jc: str = "center",
                     table_borders: etree._Element | None = None,
                     cell_margins: etree._Element | None = None,
                     header_look: bool = True) -> etree._Element:
    look = {"w:val": "0420" if header_look else "0000", "w:firstRow": int(header_look),
            "w:lastRow": 0, "w:firstColumn": 0, "w:lastColumn": 0, "w:noHBand": 1,
            "w:noVBand": 1}
    return el("w:tblPr", children=[
        el("w:tblStyle", {"w:val": style}) if style else None,
        el("w:tblW", {"w:w": width, "w:type": "dxa"}),
        el("w:jc", {"w:val": jc}),
        table_borders,
        el("w:tblLayout", {"w:type": "fixed"}),
        cell_margins,
        el("w:tblLook", look),
    ])


def table(widths: Sequence[int], rows: Iterable[etree._Element], *,
          style: str | None = "PlanTable", table_borders: etree._Element | None = None,
          cell_margins: etree._Element | None = None, header_look: bool = True,
          jc: str = "center") -> etree._Element:
    """A fixed-layout table of the given column widths (twips)."""
    props = table_properties(style=style, width=sum(widths), jc=jc,
                             table_borders=table_borders, cell_margins=cell_margins,
                             header_look=header_look)
    grid = el("w:tblGrid", children=[el("w:gridCol", {"w:w": width}) for width in widths])
    return el("w:tbl", children=[props, grid, *rows])


def row(cells: Iterable[etree._Element], *, header: bool = False, cant_split: bool = True,
        min_height: int | None = None) -> etree._Element:
    """A row that does not split across pages; a header row repeats on every page."""
    props = el("w:trPr", children=[
        el("w:cantSplit") if cant_split else None,
        el("w:trHeight", {"w:val": min_height, "w:hRule": "atLeast"}) if min_height else None,
        el("w:tblHeader") if header else None,
    ])
    return el("w:tr", children=[props, *cells])


def cell(width: int, content: Iterable[etree._Element] | None = None, *,
         fill: str | None = None, cell_borders: etree._Element | None = None,
         v_align: str | None = None, span: int = 1) -> etree._Element:
    """A cell; it ends with a paragraph, as Word requires."""
    blocks = list(content or [])
    if not blocks or blocks[-1].tag != w("p"):
        blocks.append(paragraph())
    props = el("w:tcPr", children=[
        el("w:tcW", {"w:w": width, "w:type": "dxa"}),
        el("w:gridSpan", {"w:val": span}) if span > 1 else None,
        cell_borders,
        el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill}) if fill else None,
        el("w:vAlign", {"w:val": v_align}) if v_align else None,
    ])
    return el("w:tc", children=[props, *blocks])


# -- text on shaded cells -------------------------------------------------------------------

def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


@lru_cache(maxsize=256)
def is_dark(fill: str | None) -> bool:
    """Whether black text would be hard to read on this fill: the red (FF0000) and
    blue (0070C0) of the risk levels are; orange, yellow and the header grey are not."""
    if not fill or not re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
        return False
    r, g, b = (int(fill[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b) < 0.3


def cell_fill(tc: etree._Element) -> str | None:
    shd = tc.find(f"{w('tcPr')}/{w('shd')}")
    return shd.get(w("fill")) if shd is not None else None


def whiten(tc: etree._Element) -> None:
    """White text in every run of the cell."""
    for r in tc.iter(w("r")):
        rpr = r.find(w("rPr"))
        if rpr is None:
            rpr = el("w:rPr")
            r.insert(0, rpr)
        for old in rpr.findall(w("color")):
            rpr.remove(old)
        rpr.append(el("w:color", {"w:val": "FFFFFF"}))
        sort_children(rpr)


_CELL = re.compile(r"<w:tc>.*?</w:tc>", re.DOTALL)
_ANY_FILL = re.compile(r'w:fill="([0-9A-Fa-f]{6})"')
_FILL = re.compile(r'<w:tcPr>.*?w:fill="([0-9A-Fa-f]{6})".*?</w:tcPr>', re.DOTALL)
_DECLS = " ".join(f'xmlns:{p}="{ns}"' for p, ns in NSMAP.items())


def whiten_xml(xml: str) -> str:
    """`whiten` for the cells of serialized rows (the fast path writes rows as text)."""
    def fix(match: re.Match) -> str:
        text = match.group(0)
        fill = _FILL.match(text, text.index("<w:tcPr>")) if "<w:tcPr>" in text else None
        if fill is None or not is_dark(fill.group(1)) or "<w:r" not in text:
            return text
        tc = etree.fromstring(text.replace("<w:tc>", f"<w:tc {_DECLS}>", 1))
        whiten(tc)
        out = etree.tostring(tc, encoding="unicode")
        return re.sub(r"^<w:tc[^>]*>", "<w:tc>", out)

    if not any(is_dark(fill) for fill in _ANY_FILL.findall(xml)):
        return xml
    return _CELL.sub(fix, xml)


__all__ = ["HEADER_FILL", "W_NS", "borders", "cell", "cell_fill", "is_dark", "margins", "row",
           "table", "twips", "whiten", "whiten_xml"]
