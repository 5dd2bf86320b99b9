"""One-line WordprocessingML for the tests of docgen.wordml, the way python-docx's
own tests write their fixtures: XML in, XML out, compared whole.

`element('<w:p><w:r><w:t>x</w:t></w:r></w:p>')` is that element, parsed into
python-docx's element classes, with the prefixes w, r, wp and w14 declared for
you; `xml(element)` is its XML again, without namespace declarations."""

from __future__ import annotations

import re

from lxml import etree

from docgen.wordml.ns import NSMAP, W_NS, local
from docgen.wordml.oxml import ORDER, parse

W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
PREFIXES = {**NSMAP, "w14": W14_NS}
DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in PREFIXES.items())
_DECLARATION = re.compile(r' xmlns(?::[\w.-]+)?="[^"]*"')
_FIRST_TAG = re.compile(r"^<([\w.-]+:[\w.-]+)")


def element(text: str) -> etree._Element:
    """The element of one line of XML whose root needs no namespace declarations."""
    return parse(_FIRST_TAG.sub(rf"<\1 {DECLARATIONS}", text.strip(), count=1))


def xml(node: etree._Element) -> str:
    """The element's XML without its namespace declarations."""
    return _DECLARATION.sub("", etree.tostring(node, encoding="unicode"))


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def names(node: etree._Element) -> list[str]:
    """The local names of an element's children, in order."""
    return [local(child) for child in node if isinstance(child.tag, str)]


def out_of_order(root: etree._Element) -> list[str]:
    """Every container under `root` whose known children break the schema's order."""
    wrong = []
    for node in root.iter(*(w(name) for name in ORDER)):
        order = ORDER[local(node)]
        ranks = [order.index(n) for n in names(node) if n in order]
        if ranks != sorted(ranks):
            wrong.append(f"{local(node)}: {names(node)}")
    return wrong
