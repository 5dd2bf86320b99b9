"""The table of contents: `_Toc` bookmarks on the headings, and the TOC field's
result written by docgen — the entries always, their page numbers when a layout
pass (LibreOffice) has told on which printed page each heading lands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from docgen.wordml.fields import field_instruction, field_runs, hyperlink
from docgen.wordml.ns import W_NS, w
from docgen.wordml.oxml import el
from docgen.wordml.text import paragraph_properties, run

# Paragraph styles the 目录 lists (its field reads `TOC \o "1-2" \t "前置页标题,1"`).
LEVELS = {"Heading1": 1, "Heading2": 2, "FrontTitle": 1}
FRONT = {"FrontTitle"}  # front matter (发布令, 签署页): listed without a page number
TOC_STYLES = {1: "TOC1", 2: "TOC2"}
BOOKMARK_BASE = 100000000  # `_Toc100000000`, …: fixed numbers keep output deterministic
# The 目录's last entries kept on one page: its last page never holds one entry alone
# (how many entries a page takes is known only after layout, and a long heading takes two
# lines, so the rule keeps the tail together rather than guessing where pages end).
LAST_TOGETHER = 3


@dataclass(frozen=True)
class TocEntry:
    level: int
    text: str
    bookmark: str
    front: bool


def bookmark_name(n: int) -> str:
    return f"_Toc{BOOKMARK_BASE + n}"


def toc_field_paragraphs(body: etree._Element) -> list[etree._Element]:
    """The paragraphs of the TOC field: from its begin to the end that balances it
    (entries hold nested PAGEREF fields). Empty when the document has none."""
    instr = next((i for i in body.iter(w("instrText"))
                  if (i.text or "").strip().startswith("TOC")), None)
    field_run = instr.getparent() if instr is not None else None
    first = field_run.getparent() if field_run is not None else None
    if first is None:
        return []
    found: list[etree._Element] = []
    node: etree._Element | None = first
    depth = 0
    while node is not None:
        found.append(node)
        for fld in node.iter(w("fldChar")):
            kind = fld.get(w("fldCharType"))
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if depth <= 0:
            break
        node = node.getnext()
    return found


def _entry(entry: TocEntry, page: int | str | None) -> list[etree._Element]:
    content = [run(entry.text)]
    if page is not None and not entry.front:
        content += [el("w:r", children=[el("w:tab")]),
                    *field_runs(f"PAGEREF {entry.bookmark} \\h", [run(str(page))])]
    return [hyperlink(entry.bookmark, content)]


def _keeps(items: list[TocEntry], i: int) -> bool:
    """Whether entry i keeps with the next: one of the last `LAST_TOGETHER` but the
    last, or a chapter with its first section (never 第三章 alone at a page's foot)."""
    if i >= len(items) - 1:
        return False
    return i >= len(items) - LAST_TOGETHER or items[i].level < items[i + 1].level


def toc_paragraphs(entries: list[TocEntry], instruction: str,
                   pages: Mapping[str, int | str] | None) -> list[etree._Element]:
    """The field with one paragraph per entry. Without pages the field is marked
    dirty, so that Word offers to update it."""
    items = entries or [TocEntry(1, "（本预案没有章节标题）", "", front=True)]
    out = []
    for i, entry in enumerate(items):
        content = _entry(entry, (pages or {}).get(entry.bookmark)) if entry.bookmark else [
            run(entry.text)]
        if len(items) == 1:
            content = field_runs(instruction, content, dirty=pages is None)
        elif i == 0:
            content = field_runs(instruction, content, dirty=pages is None)[:-1]
        elif i == len(items) - 1:
            content = [*content, el("w:r", children=[el("w:fldChar",
                                                        {"w:fldCharType": "end"})])]
        out.append(el("w:p", children=[paragraph_properties(TOC_STYLES[entry.level],
                                                            keep_next=_keeps(items, i)),
                                       *content]))
    return out


def instruction_of(p: etree._Element) -> str:
    """The TOC field's own instruction: its instrText runs up to its separator
    (Word may split it over several runs)."""
    parts: list[str] = []
    started = False
    for node in p.iter(w("fldChar"), w("instrText")):
        if node.tag == w("instrText"):
            if started:
                parts.append(node.text or "")
        elif node.get(w("fldCharType")) == "begin" and not started:
            started = True
        elif node.get(w("fldCharType")) == "separate" and started:
            break
    return "".join(parts).strip() or field_instruction(p)


def fill_toc(body: etree._Element, entries: list[TocEntry],
             pages: Mapping[str, int | str] | None) -> bool:
    """Replace the TOC field's paragraphs by the entries (`pages`: each bookmark's page
    number, or a stand-in for it). False if there is no field."""
    old = toc_field_paragraphs(body)
    if not old:
        return False
    instruction = instruction_of(old[0])
    for p in toc_paragraphs(entries, instruction, pages):
        old[0].addprevious(p)
    for p in old:
        parent = p.getparent()
        if parent is not None:
            parent.remove(p)
    return True


def toc_xml(entries: list[TocEntry], instruction: str,
            pages: Mapping[str, int | str] | None) -> bytes:
    """The field's paragraphs as document.xml text (the root declares the prefix)."""
    declaration = f' xmlns:w="{W_NS}"'.encode()
    return b"".join(etree.tostring(p, encoding="UTF-8", xml_declaration=False)
                    .replace(declaration, b"", 1)
                    for p in toc_paragraphs(entries, instruction, pages))
