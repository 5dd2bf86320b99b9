"""A Word template's XML as the template engine sees it: text, one paragraph a
line, with tags Word split mended elsewhere (docxtpl). What the engine needs to
know of WordprocessingML — where paragraphs and rows start, where a cell's width
and shading sit, which parts hold tags — is kept here, beside the builders."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import cast

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml.parser import element_class_lookup
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from docgen.wordml.package import width_mark

_PARAGRAPH = re.compile(r"<w:p([ >])")
_PARAGRAPH_LINE = re.compile(r"\n<w:p([ >])")
_TAGS = re.compile(r"<[/?A-Za-z][^>]*>")  # XML tags; not a < inside a Jinja tag
_PARAGRAPH_XML = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_CELL_WIDTH = re.compile(r'(<w:tcW w:w=")(\d+)(")')
_ROW_START = re.compile(r"<w:tr[ >]")
BLOCK_STARTS = ("<w:p>", "<w:p ", "<w:tr>", "<w:tr ", "<w:tbl>", "<w:tbl ")
# Shading from `{% cellbg %}` lands first in w:tcPr; the schema wants it after the
# width, span, merge and borders.
_SHADING_FIRST = re.compile(
    r"(<w:tcPr>)(<w:shd [^>]*/>)((?:<w:tcW [^>]*/>)?(?:<w:gridSpan [^>]*/>)?"
    r"(?:<w:hMerge[^>]*/>)?(?:<w:vMerge[^>]*/>)?(?:<w:tcBorders>.*?</w:tcBorders>)?)",
    re.DOTALL)
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)
_PARSER.set_element_class_lookup(element_class_lookup)


def paragraph_per_line(xml: str) -> str:
    """Every paragraph on a line of its own, so that a line number names a paragraph."""
    return _PARAGRAPH.sub(r"\n<w:p\1", xml)


def paragraphs_joined(xml: str) -> str:
    """The line breaks of paragraph_per_line taken out again."""
    return _PARAGRAPH_LINE.sub(r"<w:p\1", xml)


def shading_in_order(xml: str) -> str:
    """Cell shading moved to where the schema wants it in w:tcPr."""
    return _SHADING_FIRST.sub(r"\1\3\2", xml)


def strip_tags(xml: str) -> str:
    return _TAGS.sub("", xml)


def paragraph_texts(xml: str) -> list[str]:
    """The text of each paragraph of an XML fragment (entities decoded)."""
    return [html.unescape("".join(_TEXT.findall(body))) for body in _PARAGRAPH_XML.findall(xml)]


def starts_block(xml: str) -> bool:
    """Whether template text opens a paragraph, a table row or a table."""
    return xml.lstrip().startswith(BLOCK_STARTS)


def starts_row(xml: str) -> bool:
    return xml.lstrip().startswith(("<w:tr>", "<w:tr "))


def count_rows(xml: str) -> int:
    return len(_ROW_START.findall(xml))


def mark_cell_widths(xml: str, widths: list[int]) -> str:
    """Each cell width replaced by a mark (package.width_mark) that post-processing
    fills once it has sized the columns; the widths found are appended to `widths`."""
    def mark(match: re.Match[str]) -> str:
        widths.append(int(match.group(2)))
        return f"{match.group(1)}{width_mark(len(widths) - 1)}{match.group(3)}"

    return _CELL_WIDTH.sub(mark, xml)


def body_source(document: Document) -> tuple[str, str]:
    """The document element's start tag (namespaces and all) and the body's XML."""
    root = etree.tostring(document.element, encoding="unicode")
    body = etree.tostring(document.element.body, encoding="unicode")
    return root[:root.index("<w:body")], body


def header_footer_sources(document: Document, holds: Callable[[str], bool]
                          ) -> list[tuple[str, str]]:
    """(part name, XML without its declaration) of each header and footer whose XML
    `holds` something (template tags)."""
    found = []
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            part = rel.target_part
            xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", part.blob.decode("utf-8"))
            if holds(xml):
                found.append((str(part.partname), xml))
    return found


def parse_part(xml: str) -> BaseOxmlElement:
    """XML rendered from a template as python-docx's element classes (its own parser
    resolves no entities and takes huge trees)."""
    # python-docx's class lookup: a part's root (w:document, w:hdr, w:ftr) is one of them
    return cast(BaseOxmlElement, etree.fromstring(xml, _PARSER))


def replace_body(document: Document, opening: str, body: str) -> Document:
    """The document with its element rebuilt from `opening` + body XML. Parsed inside
    the document's own start tag: moving a parsed body into the template's tree
    would cost lxml a namespace walk over every element."""
    document.part._element = parse_part(f"{opening}{paragraphs_joined(body)}</w:document>")
    rebuilt: Document = document.part.document
    return rebuilt


def replace_parts(document: Document, rendered: dict[str, str]) -> None:
    """Headers and footers replaced by their rendered XML, by part name."""
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        name = str(rel.target_part.partname)
        if name in rendered:
            part = rel.target_part
            assert isinstance(part, XmlPart)
            part._element = parse_part(paragraphs_joined(rendered[name]))
