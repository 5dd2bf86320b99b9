"""The rendered skeleton, finished in one walk through its tree: every property
element in schema order, white text on dark cell fills, ids of pictures made
unique, a `_Toc` bookmark on every heading the 目录 lists, and a bookmark where
page numbering starts again (for the layout pass)."""

from __future__ import annotations

from docx.document import Document

from docgen.docx import tables
from docgen.docx.fields import add_bookmark
from docgen.docx.ns import WP_NS, w
from docgen.docx.oxml import ORDER, sort_children
from docgen.docx.sections import mark_numbering_restarts
from docgen.docx.text import paragraph_text, style_of
from docgen.docx.toc import FRONT, LEVELS, TocEntry, bookmark_name

BOOKMARK_ID_BASE = 9000  # w:id of our bookmarks; templates and docxtpl use none this high
FIRST_PICTURE_ID = 1  # the fast path numbers its pictures from FRAGMENT_PICTURE_ID
FRAGMENT_PICTURE_ID = 100000

_P, _TCPR, _DOCPR = w("p"), w("tcPr"), f"{{{WP_NS}}}docPr"
_ORDERED = {w(name) for name in ORDER}


def finish(document: Document) -> list[TocEntry]:
    """Walk the body once; returns the 目录's entries in document order."""
    body = document.element.body
    entries: list[TocEntry] = []
    picture = FIRST_PICTURE_ID
    for node in list(body.iter(_P, _DOCPR, *_ORDERED)):
        tag = node.tag
        if tag == _DOCPR:
            node.set("id", str(picture))
            picture += 1
            continue
        sort_children(node)
        if tag == _TCPR and tables.is_dark(tables.cell_fill(node.getparent())):
            tables.whiten(node.getparent())
        elif tag == _P:
            style = style_of(node)
            level = LEVELS.get(style)
            text = paragraph_text(node) if level else ""
            if text:
                name = bookmark_name(len(entries))
                add_bookmark(node, BOOKMARK_ID_BASE + len(entries), name)
                entries.append(TocEntry(level, text, name, front=style in FRONT))
    mark_numbering_restarts(body, BOOKMARK_ID_BASE + len(entries))
    return entries


def renumber_pictures(xml: str, start: int) -> tuple[str, int]:
    """Unique ids for the pictures of fast-path text; returns the next free id."""
    if "docPr" not in xml:
        return xml, start
    parts = xml.split("<wp:docPr id=\"")
    out = [parts[0]]
    for part in parts[1:]:
        out.append(f'<wp:docPr id="{start}' + part[part.index('"'):])
        start += 1
    return "".join(out), start


__all__ = ["FRAGMENT_PICTURE_ID", "finish", "renumber_pictures"]
