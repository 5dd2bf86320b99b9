"""Small helpers for WordprocessingML: names, element order. The only module
besides the other docgen.docx modules that speaks raw XML."""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Child order the schema requires in w:tcPr (docxtpl's cellbg puts w:shd first,
# which Word may report as unreadable content).
TCPR_ORDER = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
              "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark", "headers",
              "cellIns", "cellDel", "cellMerge", "tcPrChange"]


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def reorder(parent: etree._Element, order: list[str]) -> None:
    rank = {name: i for i, name in enumerate(order)}
    children = list(parent)
    children.sort(key=lambda c: rank.get(local(c), len(order)))
    for child in children:
        parent.append(child)


def w(name: str) -> str:
    return qn(f"w:{name}")
