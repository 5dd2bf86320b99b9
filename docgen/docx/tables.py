"""Table fixes after rendering: schema order of cell properties, and legible text
on dark risk-level shading (white on red and blue, SPEC §5.2)."""

from __future__ import annotations

from docx.document import Document
from lxml import etree

from docgen.docx.xml import TCPR_ORDER, reorder, w

DARK_FILLS = {"FF0000", "0070C0"}  # 重大 red, 低 blue


def _white_text(cell: etree._Element) -> None:
    for run in cell.iter(w("r")):
        rpr = run.find(w("rPr"))
        if rpr is None:
            rpr = etree.SubElement(run, w("rPr"))
            run.insert(0, rpr)
        for old in rpr.findall(w("color")):
            rpr.remove(old)
        color = etree.SubElement(rpr, w("color"))
        color.set(w("val"), "FFFFFF")
        # w:color sits after fonts, bold, … and before size: keep the schema order.
        reorder(rpr, ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps",
                      "strike", "dstrike", "outline", "shadow", "emboss", "imprint",
                      "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
                      "w", "kern", "position", "sz", "szCs"])


def fix_tables(document: Document) -> None:
    body = document.element.body
    for tc_pr in body.iter(w("tcPr")):
        reorder(tc_pr, TCPR_ORDER)
        shd = tc_pr.find(w("shd"))
        if shd is not None and (shd.get(w("fill")) or "").upper() in DARK_FILLS:
            _white_text(tc_pr.getparent())
