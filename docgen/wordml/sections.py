"""Section properties: page size and margins, page numbering, footers; and the
marks that tell a layout pass where page numbering starts again."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from docgen.wordml.fields import add_bookmark
from docgen.wordml.ns import w
from docgen.wordml.oxml import el
from docgen.wordml.tables import twips

LINE_PITCH = 579  # twips: 22 lines in the 225 mm text block of GB/T 9704


def section_properties(page: Sequence[float], *, landscape: bool = False,
                       restart_numbering: bool = False,
                       footers: Sequence[tuple[str, str]] = (),
                       footer_distance_mm: float = 23,
                       line_pitch: int = LINE_PITCH) -> etree._Element:
    """`page` is (width, height, top, bottom, left, right) in mm, already oriented.
    `footers` are (type, relationship id) pairs: default, even or first."""
    width, height, top, bottom, left, right = page
    return el("w:sectPr", children=[
        *(el("w:footerReference", {"w:type": kind, "r:id": rid}) for kind, rid in footers),
        el("w:type", {"w:val": "nextPage"}),
        el("w:pgSz", {"w:w": twips(width), "w:h": twips(height),
                      "w:orient": "landscape" if landscape else None}),
        el("w:pgMar", {"w:top": twips(top), "w:right": twips(right), "w:bottom": twips(bottom),
                       "w:left": twips(left), "w:header": 851,
                       "w:footer": twips(footer_distance_mm), "w:gutter": 0}),
        el("w:pgNumType", {"w:fmt": "decimal", "w:start": 1}) if restart_numbering else None,
        el("w:cols", {"w:space": 425}),
        el("w:docGrid", {"w:type": "lines", "w:linePitch": line_pitch}),
    ])


RESTART_BOOKMARK = re.compile(r"PageStart(\d+)n(\d+)$")  # as pdfinfo prints the name


def restart_bookmark(number: int, start: int) -> str:
    return f"_PageStart{number:03d}n{start}"


def mark_numbering_restarts(body: etree._Element, first_id: int) -> int:
    """Bookmark the first paragraph of every section whose page numbers start again
    (`w:pgNumType w:start`), naming the number it starts at: with the page a PDF
    gives each bookmark, the printed page number of any page follows, whatever the
    footer looks like. Returns how many were added."""
    sections: list[tuple[list[etree._Element], etree._Element | None]] = []
    blocks: list[etree._Element] = []
    for child in body:
        if child.tag == w("sectPr"):
            sections.append((blocks, child))
            blocks = []
            continue
        blocks.append(child)
        inner = child.find(f"{w('pPr')}/{w('sectPr')}") if child.tag == w("p") else None
        if inner is not None:
            sections.append((blocks, inner))
            blocks = []
    added = 0
    for blocks, sect in sections:
        numbering = sect.find(w("pgNumType")) if sect is not None else None
        start = numbering.get(w("start")) if numbering is not None else None
        first = next((p for block in blocks for p in block.iter(w("p"))), None)
        if start and start.isdigit() and first is not None:
            add_bookmark(first, first_id + added, restart_bookmark(added, int(start)))
            added += 1
    return added
