"""What only a document's text shows: its 目录, whether every reference inside it
(第X章, 本章第X节, 表X-Y, 图X, 附件N, another plan of the unit) leads somewhere, the
编制依据 against what the sector and the types require and against the list of
replaced regulations (docgen/data/superseded.toml), and special plans named after a
legal class. A workbook gets these checks on the documents docgen builds from it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

from docgen.check.outline import CN, Outline, Paragraph
from docgen.check.registry import Hit, Params, document_check, plan_check
from docgen.datafile import Record, load
from docgen.domain.numerals import numeral_value
from docgen.export.pdf import soffice
from docgen.hazards import library, recognise
from docgen.messages import say
from docgen.model import Plan
from docgen.report import Location, Severity

# ---------------------------------------------------------------- 目录

@plan_check("toc")
def toc_in_plan(plan: Plan, params: Params) -> list[Hit]:
    """docgen writes a 目录 field; its page numbers need LibreOffice at build time."""
    if soffice() is not None:
        return []
    return [Hit(say("check.toc.no_pages_built"), Location(), Severity.WARNING,
                fix=say("check.toc.no_pages_fix"))]


@document_check("toc")
def toc_in_document(outline: Outline, params: Params) -> list[Hit]:
    if len(outline.headings) < params.get("headings", 8):
        return []  # 预案内容简单的可以不设目录
    if not outline.toc:
        return [Hit(say("check.toc.missing"), Location(outline.file, paragraph=1))]
    if not any(re.search(r"\d+\s*$", line) for line in outline.toc):
        return [Hit(say("check.toc.no_pages"), Location(outline.file), Severity.WARNING,
                    fix=say("check.toc.no_pages_fix"))]
    return []


# ---------------------------------------------------------------- cross-references

NUMBER = rf"[{CN}\d]+"
REFERENCE = re.compile(
    rf"(?P<doc>《[^》]{{2,60}}》)?"
    rf"(?:(?P<this>本章)?第(?P<chapter>{NUMBER})章(?:第(?P<section>{NUMBER})节)?"
    rf"|本章第(?P<own>{NUMBER})节"
    rf"|(?P<what>附?[表图])\s?(?P<label>\d+(?:[-－—.]\d+)?)(?![\d-])"
    rf"|附件\s?(?P<annex>\d+))")
PLAN_NAME = re.compile(r"《([^》]{2,80}(?:应急预案|现场处置方案|应急处置卡))》")


def _lines(outline: Outline) -> Iterator[tuple[Paragraph | None, Paragraph, str]]:
    """Each line of the body after the front pages and the 目录, with the chapter
    (level-1 heading) it stands in and the paragraph it is (or follows, in a table)."""
    chapter: Paragraph | None = None
    tables = list(outline.tables)
    toc = set(outline.toc)
    start = len(outline.front)
    for p in outline.paragraphs:
        if p.level == 1:
            chapter = p
        if p.index > start and p.text.strip() and p.text not in toc:
            yield chapter, p, p.text
        while tables and tables[0].after <= p.index:
            for cell in tables.pop(0).cells:
                if p.index > start:
                    yield chapter, p, cell


def _sections(outline: Outline, chapter: Paragraph) -> int:
    return sum(1 for h in outline.under(chapter) if h.level == chapter.level + 1)


def _captions(outline: Outline) -> set[str]:
    """表2-1, 图1: the labels that begin a paragraph (a caption)."""
    found = set()
    for text in [p.text for p in outline.paragraphs] + [c for t in outline.tables for c in t.cells]:
        m = re.match(r"\s*(附?[表图])\s?(\d+(?:[-－—.]\d+)?)", text)
        if m:
            found.add(m[1] + re.sub(r"[－—.]", "-", m[2]))
    return found


def _annexes(outline: Outline) -> set[str]:
    """The 附件 labels the document holds (附件1, 附件2 …)."""
    annexes = {re.sub(r"\s", "", h.label) for h in outline.headings if h.label}
    return annexes | {re.sub(r"\s", "", m[0]) for p in outline.paragraphs
                      if (m := re.match(r"\s*附\s*件\s*\d+", p.text))}


def _broken(outline: Outline, chapter: Paragraph | None, m: re.Match[str],
            captions: set[str], chapters: dict[int, Paragraph], annexes: set[str]) -> str:
    """Why a reference leads nowhere, or ""."""
    if m["chapter"]:
        n = numeral_value(m["chapter"])
        target = chapters.get(n) if n else None
        if target is None:
            return say("check.refs.no_chapter", ref=m[0])
        if m["section"] and (numeral_value(m["section"]) or 99) > _sections(outline, target):
            return say("check.refs.no_section", ref=m[0], chapter=target.text.strip(),
                       count=_sections(outline, target))
        return ""
    if m["own"]:
        if chapter is None:
            return say("check.refs.no_chapter", ref=m[0])
        count = _sections(outline, chapter)
        return say("check.refs.no_section", ref=m[0], chapter=chapter.text.strip(),
                   count=count) if (numeral_value(m["own"]) or 99) > count else ""
    if m["what"]:
        label = m["what"] + re.sub(r"[－—.]", "-", m["label"])
        return "" if label in captions else say("check.refs.no_caption", ref=m[0])
    return "" if f"附件{m['annex']}" in annexes else say("check.refs.no_annex", ref=m[0])


@document_check("crossrefs")
def crossrefs(outline: Outline, params: Params) -> list[Hit]:
    chapters = {n: h for h in outline.headings
                if h.level == 1 and (found := re.match(rf"第({NUMBER})章", h.label))
                and (n := numeral_value(found[1]))}
    captions, annexes = _captions(outline), _annexes(outline)
    names = set(outline.built.names) if outline.built else None
    unit = outline.built.plan.plan.unit_name if outline.built else ""
    hits: list[Hit] = []
    seen: set[tuple[int, str]] = set()
    for chapter, p, text in _lines(outline):
        for m in REFERENCE.finditer(text):
            if m["doc"] or (p.level and m.start() == 0):
                continue  # another document's part, or the heading's own number
            why = _broken(outline, chapter, m, captions, chapters, annexes)
            if why and (p.index, m[0]) not in seen:
                seen.add((p.index, m[0]))
                hits.append(Hit(why, _place(outline, p), fix=say("check.refs.fix")))
        if names is None:
            continue
        for m in PLAN_NAME.finditer(text):
            if m[1].startswith(unit) and m[1] not in names and (p.index, m[1]) not in seen:
                seen.add((p.index, m[1]))
                hits.append(Hit(say("check.refs.no_plan", name=m[1]), _place(outline, p),
                                fix=say("check.refs.fix")))
    return hits


def _place(outline: Outline, p: Paragraph) -> Location:
    above = next((h for h in reversed(outline.headings) if h.index <= p.index), None)
    return Location(outline.file, paragraph=p.index,
                    heading=above.text.strip() if above else None)


# ---------------------------------------------------------------- 编制依据

class Replaced(Record, frozen=True):
    title: str
    number: str
    markers: tuple[str, ...]
    successor: str
    successor_number: str
    since: str
    source: str
    verified: str


class SupersededFile(Record, frozen=True):
    """docgen/data/superseded.toml as written."""

    replaced: tuple[Replaced, ...]


@cache
def superseded() -> tuple[Replaced, ...]:
    return load("superseded.toml", SupersededFile).replaced


def folded(text: str) -> str:
    """Text as markers are compared: full-width folded, without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@cache
def _folded_markers() -> tuple[re.Pattern[str], tuple[tuple[Replaced, tuple[str, ...]], ...]]:
    """Each replaced regulation with its markers folded, and one pattern finding any
    marker: most of a plan's paragraphs cite none, and are passed over at once."""
    folded_markers = tuple((r, tuple(folded(m) for m in r.markers)) for r in superseded())
    every = sorted({m for _, markers in folded_markers for m in markers}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, every))), folded_markers


def replaced_in(text: str) -> list[Replaced]:
    """The replaced regulations a text cites."""
    flat = folded(text)
    anywhere, folded_markers = _folded_markers()
    if not anywhere.search(flat):
        return []
    return [r for r, markers in folded_markers if any(m in flat for m in markers)]


@document_check("basis_replaced")
def basis_replaced(outline: Outline, params: Params) -> list[Hit]:
    hits = []
    cited: set[str] = set()
    for _, p, text in _lines(outline):
        for r in replaced_in(text):
            if r.title + r.number in cited:
                continue
            cited.add(r.title + r.number)
            hits.append(Hit(say("check.basis.replaced", title=r.title, number=r.number,
                                successor=r.successor, successor_number=r.successor_number,
                                since=r.since),
                            _place(outline, p),
                            fix=say("check.basis.replaced_fix", successor=r.successor)))
    return hits


def _required(outline: Outline) -> list[tuple[str, str]]:
    """(title, why) of what the 编制依据 must cite: with the workbook, the pack's and
    the registered types'; from the text alone, the types in the headings."""
    if outline.built is not None:
        plan = outline.built.plan
        return [(b.title, plan.pack.name) for b in plan.pack.basis] + [
            (b.title, h.name) for h in plan.hazards for b in h.basis
            if not b.applies_to or any(w in plan.pack.name for w in b.applies_to)]
    found: dict[str, str] = {}
    for h in outline.headings:
        hazard = recognise(h.title, "").hazard
        if not hazard.other:
            for b in hazard.basis:
                if not b.applies_to:
                    found.setdefault(b.title, hazard.name)
    return list(found.items())


@document_check("basis_required")
def basis_required(outline: Outline, params: Params) -> list[Hit]:
    section = outline.find(params["section"])
    if section is None:
        return []  # structure.elements reports a missing 编制依据
    cited = folded("".join(outline.text_of(section)))
    missing: dict[str, list[str]] = {}
    for title, why in _required(outline):
        if folded(title) not in cited:
            missing.setdefault(why, []).append(title)
    return [Hit(say("check.basis.missing", why=why, titles="》《".join(titles)),
                _place(outline, section), fix=say("check.basis.missing_fix"))
            for why, titles in missing.items()]


# ---------------------------------------------------------------- legal classes

@document_check("legal_class")
def legal_class_in_document(outline: Outline, params: Params) -> list[Hit]:
    classes = {h.legal_class for h in library().hazards.values() if h.legal_class}
    pattern = re.compile(rf"({'|'.join(map(re.escape, sorted(classes)))})类?专项(?:应急)?预案")
    hits = []
    texts = [(None, t) for t in outline.front] + [(p, t) for _, p, t in _lines(outline)]
    seen: set[str] = set()
    for p, text in texts:
        for m in pattern.finditer(text):
            if m[0] in seen:
                continue
            seen.add(m[0])
            where = _place(outline, p) if p else Location(outline.file, paragraph=1)
            hits.append(Hit(say("check.system.legal_class_text", name=m[0]), where,
                            fix=say("check.system.legal_class_fix")))
    return hits
