"""Any .docx as an outline: its body paragraphs in order, which are headings and at
what level, and the text of the front pages (cover, 批准页) before the first heading.

Headings come from Word's outline levels (a paragraph's own, or its style's) and the
built-in heading styles (Heading 1…, 标题 1…). A consultant's file often has no
heading styles at all: then headings are recognised by their numbering (第一章,
一、, （一）, 1 总则, 1.1, 附件1 …), and the levels by which kinds of numbering the
file uses, outermost first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from docgen.model import Plan
from docgen.wordml import TOC, Block, read_blocks

CN = "一二三四五六七八九十百零〇两"
# Numbering kinds, by rank (0 outermost). A file uses some of them; the ranks it uses,
# in order, are its heading levels 1, 2, 3 …
NUMBERINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第[{CN}\d]+[章篇部]")),
    (0, re.compile(rf"^附\s*[件录]\s*[{CN}\d]+")),
    (0, re.compile(r"^\d{1,2}[\s\u3000]+\S")),  # 1 总则
    (1, re.compile(rf"^第[{CN}\d]+节")),
    (2, re.compile(rf"^[{CN}]+[、．.]")),  # 一、
    (2, re.compile(r"^\d{1,2}[.．]\d{1,2}(?![.．]?\d)")),  # 1.1
    (3, re.compile(rf"^[（(][{CN}]+[）)]")),  # （一）
    (3, re.compile(r"^\d{1,2}[.．]\d{1,2}[.．]\d{1,2}(?![.．]?\d)")),  # 1.1.1
    (4, re.compile(r"^\d{1,2}[.．、](?!\d)")),  # 1.
    (5, re.compile(r"^[（(]\d{1,2}[）)]")),  # （1）
)
# The numbering in front of a title, to compare titles without it.
PREFIX = re.compile(
    rf"^\s*(第[{CN}\d]+[章篇部节]|附\s*[件录图表]\s*[{CN}\d]*(?:[-－—.．]\d+)?"
    rf"|[（(][{CN}\d]+[）)]|[{CN}]+[、．.]|\d+(?:[.．]\d+)*[、.．]?)[\s\u3000:：]*")
LABEL = re.compile(rf"^(第[{CN}\d]+[章篇部节]|附\s*件\s*[{CN}\d]+)")
ANNEX = re.compile(r"^附\s*[件录图表]")
# A numbered paragraph is body text, not a heading, when it is long or ends a sentence.
HEADING_MAX = 40
SENTENCE_END = tuple("。；;，,：:！!？?")
TOC_LINE = re.compile(r"(\.{3,}|…+|·{3,}|－{3,}|\t)\s*\d+\s*$")  # 第一章 总则……3
MIN_STYLED = 3  # fewer styled headings than this: the file has no heading styles
PUNCTUATION = re.compile(r"[\s、，,。.．:：;；（）()【】\[\]《》<>“”\"'‘’\-—_·/\\|]+")
# What a plan is, by the name on its cover (综合 unless the name says otherwise).
KINDS = (("应急处置卡", "处置卡"), ("现场处置方案", "现场处置"), ("专项应急预案", "专项"),
         ("专项预案", "专项"))
NAMED = ("预案", "方案", "处置卡")


INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")  # joiners that keep FX-01 on one line


def visible(text: str) -> str:
    """The text as a reader sees it: without zero-width joiners, a no-break space
    (GB\u00a018218, or the narrow one docgen prints: GB/T\u202f29639) a space."""
    return INVISIBLE.sub("", text).replace("\u00a0", " ").replace("\u202f", " ")


def squash(text: str) -> str:
    """A title as compared: full-width folded, without spaces or punctuation."""
    return PUNCTUATION.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Paragraph:
    index: int  # the body paragraph, counted from 1 (as docgen's Location counts)
    text: str
    level: int = 0  # 0: body text; 1–9: a heading of that level

    @property
    def title(self) -> str:
        """The heading without its numbering: 第三章 应急响应 → 应急响应."""
        return PREFIX.sub("", self.text, count=1).strip() or self.text.strip()

    @cached_property
    def key(self) -> str:
        """The title as compared (squashed), worked out once."""
        return squash(self.title)

    @property
    def label(self) -> str:
        """第三章, 附件1 — how a reader names the part — or "" for other numbering."""
        found = LABEL.match(self.text.strip())
        return re.sub(r"\s+", "", found.group(1)) if found else ""


@dataclass(frozen=True)
class Built:
    """What a document docgen built for a check was built from: a check may ask the
    data what the text alone leaves open."""

    plan: Plan
    names: tuple[str, ...]  # the 预案名称 of every document written with it


@dataclass(frozen=True)
class TableText:
    after: int  # the body paragraph it follows (0: before the first)
    cells: tuple[str, ...]  # the text of its non-empty paragraphs, row by row


@dataclass
class Outline:
    file: str
    paragraphs: list[Paragraph]
    front: list[str] = field(default_factory=list)  # cover and 批准页: text before the 1st heading
    styled: bool = True  # headings from styles (False: from their numbering)
    tables: list[TableText] = field(default_factory=list)
    toc: list[str] = field(default_factory=list)  # the lines of its 目录
    built: Built | None = None  # when docgen built it for this check: from what


    @property
    def headings(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.level]

    @property
    def kind(self) -> str:
        """综合, 专项, 现场处置 or 处置卡: by the first line of the cover that names the
        plan (not 预案编号：…), so that each kind is checked by its own chapter."""
        name = next((t for t in self.front if any(w in t for w in NAMED)
                     and not re.search(r"[:：]", t)), "")
        return next((kind for word, kind in KINDS if word in name), "综合")

    def under(self, heading: Paragraph) -> list[Paragraph]:
        """The headings inside a heading's part: up to the next one as high or higher."""
        out = []
        for p in self.headings:
            if p.index <= heading.index:
                continue
            if p.level <= heading.level:
                break
            out.append(p)
        return out

    def end_of(self, heading: Paragraph) -> int:
        """The index of the last paragraph in a heading's part."""
        after = (p.index for p in self.headings if p.index > heading.index
                 and p.level <= heading.level)
        return next(after, len(self.paragraphs) + 1) - 1

    def text_of(self, heading: Paragraph | None = None) -> list[str]:
        """The body text of a heading's part (the whole body without one): its
        paragraphs, headings included, and its tables' text, in order."""
        start, end = (heading.index, self.end_of(heading)) if heading \
            else (1, len(self.paragraphs))
        out: list[str] = []
        tables = [t for t in self.tables if start <= t.after <= end]
        for p in self.paragraphs[start - 1:end]:
            if p.text.strip():
                out.append(p.text)
            while tables and tables[0].after == p.index:
                out += tables.pop(0).cells
        return out

    def annex(self) -> list[Paragraph]:
        """The 附件 headings and everything under them."""
        out: list[Paragraph] = []
        for p in self.headings:
            if ANNEX.match(p.text.strip()) and p not in out:
                out += [p, *self.under(p)]
        return out

    def find(self, synonyms: Iterable[str], among: list[Paragraph] | None = None,
             ) -> Paragraph | None:
        """The heading that best names an element: its title equal to a synonym, then
        beginning with one, then containing one; among equals, the synonym listed
        first (其他保障 before 资金保障), the outermost heading, the first."""
        words = [w for w in (squash(s) for s in synonyms) if w]
        best: tuple[int, int, int, int] | None = None
        found = None
        for p in self.headings if among is None else among:
            title = p.key
            for rank, word in enumerate(words):
                if word not in title:
                    continue
                fit = 0 if title == word else 1 if title.startswith(word) else 2
                key = (fit, rank, p.level, p.index)
                if best is None or key < best:
                    best, found = key, p
        return found


def _numbering_rank(text: str) -> int | None:
    text = text.strip()
    if not text or len(text) > HEADING_MAX or text.endswith(SENTENCE_END) or \
            TOC_LINE.search(text):
        return None
    return next((rank for rank, pattern in NUMBERINGS if pattern.match(text)), None)


def _styled(text: str, level: int) -> int:
    """A level in a file with heading styles: the style's; a 附件 title typed as plain
    text under styled chapters (as attachments often are) is level 1."""
    if level > 0:
        return level
    return 1 if level == 0 and ANNEX.match(text.strip()) and _numbering_rank(text) == 0 else 0


def read_outline(path: Path) -> Outline:
    """The outline of any .docx (raises ValueError for a file that is not one)."""
    blocks = [Block(visible(b.text), b.level,
                    None if b.table is None else tuple(visible(t) for t in b.table))
              for b in read_blocks(path)]
    texts: list[tuple[int, str, int]] = []  # index, text, styled level
    tables: list[TableText] = []
    for block in blocks:
        if block.table is not None:
            tables.append(TableText(len(texts), block.table))
        else:
            texts.append((len(texts) + 1, block.text, block.level))
    toc = [t for _, t, level in texts if t.strip() and (level == TOC or TOC_LINE.search(t))]
    styled = sum(1 for _, _, level in texts if level > 0) >= MIN_STYLED
    if styled:
        paragraphs = [Paragraph(i, t, _styled(t, level)) for i, t, level in texts]
    else:
        ranks = {i: r for i, t, level in texts
                 if level != TOC and (r := _numbering_rank(t)) is not None}
        used = sorted(set(ranks.values()))
        paragraphs = [Paragraph(i, t, used.index(ranks[i]) + 1 if i in ranks else 0)
                      for i, t, _ in texts]
    # The front pages end at the first numbered heading (a cover title may be styled as one).
    headings = [p for p in paragraphs if p.level]
    first = next((p.index for p in headings if _numbering_rank(p.text) is not None),
                 headings[0].index if headings else None)
    front: list[str] = []
    index = 0
    for block in blocks:  # the front pages, tables included (covers often are one)
        if block.table is None:
            index += 1
            if first is not None and index >= first:
                break
            front.append(block.text)
        else:
            front += block.table
    return Outline(path.name, paragraphs, [t for t in front if t.strip()], styled, tables, toc)
