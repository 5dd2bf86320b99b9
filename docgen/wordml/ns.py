"""The namespaces of WordprocessingML, declared once for every builder."""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"w": W_NS, "r": R_NS, "wp": WP_NS}
# For XML text parsed on its own (a fragment): the prefixes it may use.
W_DECL = f'xmlns:w="{W_NS}"'

_W = f"{{{W_NS}}}"


def w(name: str) -> str:
    """`w:name` in Clark notation, as lxml spells it: {namespace}name."""
    return _W + name


def qname(prefixed: str) -> str:
    """`w:val`, `r:id`, `xml:space` → Clark notation."""
    prefix, _, name = prefixed.partition(":")
    if not name:
        return prefixed
    namespace = XML_NS if prefix == "xml" else NSMAP[prefix]
    return f"{{{namespace}}}{name}"


def local(element: etree._Element) -> str:
    return etree.QName(element).localname
