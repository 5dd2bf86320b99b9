"""Fields (TOC, PAGE, PAGEREF), hyperlinks to bookmarks, and bookmarks."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from docgen.wordml.ns import w
from docgen.wordml.oxml import el
from docgen.wordml.text import run


def field_runs(instruction: str, result: Iterable[etree._Element],
               dirty: bool = False) -> list[etree._Element]:
    """begin · instruction · separate · the result runs · end."""
    begin = el("w:fldChar", {"w:fldCharType": "begin", "w:dirty": "true" if dirty else None})
    return [
        el("w:r", children=[begin]),
        el("w:r", children=[el("w:instrText", {"xml:space": "preserve"},
                               text=f" {instruction.strip()} ")]),
        el("w:r", children=[el("w:fldChar", {"w:fldCharType": "separate"})]),
        *result,
        el("w:r", children=[el("w:fldChar", {"w:fldCharType": "end"})]),
    ]


def page_number_runs() -> list[etree._Element]:
    """— N — : the PAGE field between two dashes (GB/T 9704 page numbers)."""
    return [run("— "), *field_runs("PAGE", [run("1")]), run(" —")]


def hyperlink(anchor: str, content: Iterable[etree._Element]) -> etree._Element:
    """A link to a bookmark of this document."""
    return el("w:hyperlink", {"w:anchor": anchor, "w:history": 1}, children=content)


def add_bookmark(p: etree._Element, bookmark_id: int, name: str) -> None:
    """Bookmark the whole paragraph: start after its properties, end at its end."""
    start = el("w:bookmarkStart", {"w:id": bookmark_id, "w:name": name})
    end = el("w:bookmarkEnd", {"w:id": bookmark_id})
    p.insert(1 if p.find(w("pPr")) is not None else 0, start)
    p.append(end)


def field_instruction(p: etree._Element) -> str:
    """The instruction of the first field that starts in the paragraph, if any."""
    return "".join(t.text or "" for t in p.iter(w("instrText"))).strip()
