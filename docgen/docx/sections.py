"""Section properties: page size and margins, page numbering, footers."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from docgen.docx.oxml import el
from docgen.docx.tables import twips

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
