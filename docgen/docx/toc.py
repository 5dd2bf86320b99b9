"""The table of contents: `_Toc` bookmarks on the headings, and the TOC field's
result written by docgen — entries always, page numbers when a layout pass
(LibreOffice) has told on which printed page each heading lands."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx.document import Document
from docx.oxml import parse_xml
from lxml import etree

from docgen.docx.xml import local, w

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LEVELS = {"Heading1": 1, "Heading2": 2, "FrontTitle": 1}
TOC_STYLES = {1: "TOC1", 2: "TOC2"}
FIRST_BOOKMARK = 100000000  # `_Toc100000000`, …: fixed numbers keep output deterministic


@dataclass
class TocEntry:
    level: int
    text: str
    bookmark: str
    front: bool  # front matter (发布令, 签署页): listed without a page number
    page: int | None = None


def _style(p: etree._Element) -> str:
    ppr = p.find(w("pPr"))
    style = ppr.find(w("pStyle")) if ppr is not None else None
    return style.get(w("val")) if style is not None else ""


def _text(p: etree._Element) -> str:
    parts = []
    for node in p.iter(w("t"), w("tab"), w("br")):
        parts.append((node.text or "") if local(node) == "t" else " ")
    return "".join(parts).strip()


def _toc_paragraph(body: etree._Element) -> etree._Element | None:
    for instr in body.iter(w("instrText")):
        if (instr.text or "").strip().startswith("TOC"):
            return instr.getparent().getparent()
    return None


def add_bookmarks(document: Document) -> list[TocEntry]:
    """Bookmark every heading the TOC lists; return the entries in document order."""
    body = document.element.body
    entries = []
    next_id = 9000  # bookmark ids; docxtpl and the template use none this high
    for p in body.iter(w("p")):
        level = LEVELS.get(_style(p))
        text = _text(p) if level else ""
        if not text:
            continue
        name = f"_Toc{FIRST_BOOKMARK + len(entries)}"
        start = parse_xml(f'<w:bookmarkStart {W} w:id="{next_id}" w:name="{name}"/>')
        end = parse_xml(f'<w:bookmarkEnd {W} w:id="{next_id}"/>')
        ppr = p.find(w("pPr"))
        p.insert(1 if ppr is not None else 0, start)
        p.append(end)
        next_id += 1
        entries.append(TocEntry(level, text, name, front=_style(p) == "FrontTitle"))
    return entries


def _entry_xml(entry: TocEntry, with_pages: bool) -> str:
    text = f'<w:r><w:t xml:space="preserve">{escape(entry.text)}</w:t></w:r>'
    page = ""
    if with_pages and not entry.front and entry.page is not None:
        page = ('<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> PAGEREF {entry.bookmark} \\h '
                '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                f'<w:r><w:t>{entry.page}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return f'<w:hyperlink w:anchor="{entry.bookmark}" w:history="1">{text}{page}</w:hyperlink>'


def fill_toc(document: Document, entries: list[TocEntry], with_pages: bool) -> bool:
    """Write the entries into the TOC field's result. Without page numbers the field
    is marked dirty, so that Word offers to update it. Returns False if the
    document has no TOC field."""
    body = document.element.body
    first = _toc_paragraph(body)
    if first is None:
        return False
    # The field's paragraphs: from its begin to the end that balances it (entries
    # hold nested PAGEREF fields).
    paragraphs, depth, node = [], 0, first
    while node is not None:
        paragraphs.append(node)
        for fld in node.iter(w("fldChar")):
            kind = fld.get(w("fldCharType"))
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if depth <= 0:
            break
        node = node.getnext()
    instr = next(i for i in first.iter(w("instrText")) if (i.text or "").strip().startswith("TOC"))
    dirty = "" if with_pages else ' w:dirty="true"'
    head = (f'<w:r><w:fldChar w:fldCharType="begin"{dirty}/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{escape(instr.text or "")}</w:instrText>'
            '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    tail = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    new = []
    items = entries or [TocEntry(1, "（本预案没有章节标题）", "", front=True)]
    for i, entry in enumerate(items):
        start = head if i == 0 else ""
        end = tail if i == len(items) - 1 else ""
        body_xml = _entry_xml(entry, with_pages) if entry.bookmark else \
            f'<w:r><w:t>{escape(entry.text)}</w:t></w:r>'
        new.append(parse_xml(
            f'<w:p {W}><w:pPr><w:pStyle w:val="{TOC_STYLES[entry.level]}"/></w:pPr>'
            f"{start}{body_xml}{end}</w:p>"))
    anchor = paragraphs[0]
    for p in new:
        anchor.addprevious(p)
    for p in paragraphs:
        body.remove(p)
    return True
