"""Making WordprocessingML elements, with their children in the order the schema
requires. Word refuses or "repairs" a file whose property elements are out of
order (LibreOffice does not mind, so opening there proves nothing); every builder
of docgen.wordml makes its elements here, and rendered templates are put in order
with `normalize` before they are written.

Orders are those of ISO/IEC 29500-1 transitional (wml.xsd).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from docx.oxml.parser import oxml_parser
from lxml import etree

from docgen.wordml.ns import NSMAP, local, qname

_RPR = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
        "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
        "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
        "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
        "eastAsianLayout", "specVanish", "oMath", "rPrChange"]
_BORDERS = ["top", "start", "left", "bottom", "end", "right", "insideH", "insideV",
            "tl2br", "tr2bl"]

ORDER: dict[str, list[str]] = {
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
            "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
            "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
            "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
            "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"],
    "rPr": _RPR,
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
              "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
              "tblPrChange"],
    # A choice in the schema; Word writes this order, and so do we.
    "trPr": ["cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
             "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del",
             "trPrChange"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
             "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark", "headers",
             "cellIns", "cellDel", "cellMerge", "tcPrChange"],
    "sectPr": ["headerReference", "footerReference", "footnotePr", "endnotePr", "type",
               "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols",
               "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
               "rtlGutter", "docGrid", "printerSettings", "sectPrChange"],
    "tblBorders": _BORDERS,
    "tcBorders": _BORDERS,
    "tblCellMar": _BORDERS,
    "tcMar": _BORDERS,
    "style": ["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden",
              "uiPriority", "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal",
              "personalCompose", "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr",
              "tcPr", "tblStylePr"],
    "tbl": ["bookmarkStart", "bookmarkEnd", "tblPr", "tblGrid"],  # then the rows
    "tr": ["tblPrEx", "trPr"],  # then the cells
    "tc": ["tcPr"],  # then the paragraphs
    "p": ["pPr"],  # then the content
}
_RANK = {parent: {name: i for i, name in enumerate(order)} for parent, order in ORDER.items()}
# Children a container keeps in their own order after the ranked ones (rows, cells, runs).
_REST = {"tbl", "tr", "tc", "p"}


def sort_children(element: etree._Element) -> None:
    """Put the children of a property element in schema order (stable for ties)."""
    rank = _RANK.get(local(element))
    if rank is None or len(element) < 2:
        return
    last = len(rank)
    keyed = [(rank.get(local(c), last) if isinstance(c.tag, str) else last, i, c)
             for i, c in enumerate(element)]
    if all(keyed[i][0] <= keyed[i + 1][0] for i in range(len(keyed) - 1)):
        return
    if local(element) in _REST:
        # Only the leading property elements move; content keeps its place.
        keyed.sort(key=lambda k: (k[0] if k[0] < last else last, k[1]))
    else:
        keyed.sort(key=lambda k: (k[0], k[1]))
    for _, _, child in keyed:
        element.append(child)


def normalize(element: etree._Element) -> None:
    """Schema order for every known container in a tree (rendered templates)."""
    for node in element.iter(*(f"{{{NSMAP['w']}}}{name}" for name in ORDER)):
        sort_children(node)


def el(tag: str, attrs: Mapping[str, object] | None = None,
       children: Iterable[etree._Element | None] = (), text: str | None = None) -> etree._Element:
    """A `w:`-prefixed element (python-docx's element classes, so it behaves as parsed),
    its attributes given as {"w:val": …}, children put in schema order."""
    element = oxml_parser.makeelement(qname(tag), nsmap={"w": NSMAP["w"]})
    for key, value in (attrs or {}).items():
        if value is not None:
            element.set(qname(key), str(value))
    for child in children:
        if child is not None:
            element.append(child)
    if text is not None:
        element.text = text
    sort_children(element)
    return element


def to_string(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode")


def parse(xml: str | bytes) -> etree._Element:
    """XML text made by docgen itself (not input), parsed into python-docx's classes."""
    return etree.fromstring(xml, oxml_parser)
