"""Reading a .docx docgen did not make (a consultant's plan): its body, in order,
as paragraphs with the heading level Word gives them and tables as their text.

The XML is read directly: python-docx takes seconds over the hundred thousand
paragraphs of a plan of ten thousand risks, and a style's level is looked up once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.styles.style import BaseStyle, CharacterStyle
from lxml import etree

from docgen.messages import say
from docgen.read.limits import docx_refusal
from docgen.wordml.ns import w

TOC = -1  # the level of a 目录 line: never a heading, whatever its numbering
HEADING_STYLE = re.compile(r"^(heading|标题)\s*(\d)$", re.IGNORECASE)
_P, _TBL, _SDT, _T, _TAB, _BR, _CR = (w(t) for t in ("p", "tbl", "sdt", "t", "tab", "br", "cr"))
_PPR, _PSTYLE, _OUTLINE, _VAL = w("pPr"), w("pStyle"), w("outlineLvl"), w("val")


@dataclass(frozen=True)
class Block:
    """A paragraph (its text and Word's heading level: 1–9, 0 for body text, TOC
    for a 目录 line) or a table (the text of its non-empty paragraphs)."""

    text: str = ""
    level: int = 0
    table: tuple[str, ...] | None = None

    @property
    def is_table(self) -> bool:
        return self.table is not None


def _style_level(style: BaseStyle | None) -> int | None:
    """A style's heading level, following its basedOn chain: an outline level or a
    built-in heading name; TOC for a 目录 style, whose lines repeat the headings."""
    seen = 0
    while style is not None and seen < 20:
        name = (style.name or "").strip()
        if name.lower().startswith(("toc", "目录")):
            return TOC
        ppr = style.element.pPr
        outline = ppr.find(_OUTLINE) if ppr is not None else None
        if outline is not None:
            value = int(outline.get(_VAL, "9"))
            return value + 1 if value < 9 else 0
        matched = HEADING_STYLE.match(name)
        if matched:
            return int(matched.group(2))
        # a numbering style has no basedOn chain (nor a base_style)
        style = style.base_style if isinstance(style, CharacterStyle) else None
        seen += 1
    return None


class _Levels:
    """Heading levels of a document's paragraphs, each style looked up once."""

    def __init__(self, document: docx.document.Document):
        self.styles = {style.style_id: style for style in document.styles}
        self.default = next((st for st in self.styles.values()
                             if st.type == WD_STYLE_TYPE.PARAGRAPH
                             and st.element.get(w("default")) in ("1", "true")), None)
        self.known: dict[str | None, int] = {}

    def of(self, p: etree._Element) -> int:
        ppr = p.find(_PPR)
        outline = ppr.find(_OUTLINE) if ppr is not None else None
        if outline is not None:  # the paragraph's own 大纲级别
            value = int(outline.get(_VAL, "9"))
            return value + 1 if value < 9 else 0
        pstyle = ppr.find(_PSTYLE) if ppr is not None else None
        style_id = pstyle.get(_VAL) if pstyle is not None else None
        if style_id not in self.known:
            style = self.styles.get(style_id, self.default) if style_id else self.default
            self.known[style_id] = _style_level(style) or 0
        return self.known[style_id]


def text_of(p: etree._Element) -> str:
    """A paragraph's text as Word shows it: its runs' text, tabs and line breaks."""
    marks: dict[object, str] = {_TAB: "\t", _BR: "\n", _CR: "\n"}
    return "".join((node.text or "") if node.tag == _T else marks[node.tag]
                   for node in p.iter(_T, _TAB, _BR, _CR))


def _body(body: etree._Element) -> Iterator[etree._Element]:
    """The body's paragraphs and tables in order, with those of content controls."""
    for child in body.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(w("sdtContent"))
            for inner in content.iterchildren() if content is not None else ():
                if inner.tag in (_P, _TBL):
                    yield inner


def read_blocks(path: Path) -> list[Block]:
    """The body of any .docx (ValueError for a file that is not one, or one docgen
    will not open: encrypted, an old .doc, built to exhaust memory)."""
    if refusal := docx_refusal(path):
        raise ValueError(say("check.not_docx", file=path.name, error=refusal))
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a file that is no .docx
        raise ValueError(say("check.not_docx", file=path.name, error=exc)) from exc
    levels = _Levels(document)
    blocks = []
    for item in _body(document.element.body):
        if item.tag == _TBL:
            texts = (text_of(p) for p in item.iter(_P))
            blocks.append(Block(table=tuple(t for t in texts if t.strip())))
        else:
            text = text_of(item)
            blocks.append(Block(text, levels.of(item) if text.strip() else 0))
    return blocks
