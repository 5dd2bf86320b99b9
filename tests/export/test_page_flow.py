"""Pages that flow, read from the PDFs LibreOffice prints of the sample's whole plan
system (wide landscape registers included): no caption left at the foot of a page
without its table, and no page more than half empty while its part goes on."""

from __future__ import annotations

import itertools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from docgen import api
from docgen.export import layout

pytestmark = pytest.mark.skipif(layout.available() is not None,
                                reason="needs LibreOffice and poppler-utils")

FOOTER = 0.90  # below this share of the page height: the page number
# What may begin a page after a short one: a chapter, an annex, a plan of its own
# (each 现场处置方案 and card begins a page), the 目录, or a page of other size.
NEW_PART = re.compile(r"^(第.{1,3}章|附件|附表|目录|.{0,40}(现场处置方案|应急处置卡|应急预案)$)")
CAPTION = re.compile(r"^(续?表|图)\s?\d+(-\d+)?\s")


@dataclass
class Page:
    height: float
    width: float
    lines: list[tuple[float, str]]  # (bottom, text) from the top, footer left out

    @property
    def bottom(self) -> float:
        return max(y for y, _ in self.lines) / self.height


def pages(pdf: Path) -> list[Page]:
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         check=True).stdout
    root = etree.fromstring(xml, etree.HTMLParser(encoding="utf-8"))
    found = []
    for page in root.iter("page"):
        height, width = float(page.get("height")), float(page.get("width"))
        lines = [(float(line.get("ymax")), "".join(w.text or "" for w in line.iter("word")))
                 for line in page.iter("line") if float(line.get("ymax")) < height * FOOTER]
        found.append(Page(height, width, sorted(lines)))
    return found


@pytest.fixture(scope="module")
def printed_pairs(tmp_path_factory, repo_root) -> list[tuple[Path, Path]]:
    out = tmp_path_factory.mktemp("flow")
    result = api.build(repo_root / "inputs", out, profile="all", pdf=True)
    assert result.ok
    return [(pdf.with_suffix(".docx"), pdf) for pdf in sorted(out.glob("*.pdf"))]


@pytest.fixture(scope="module")
def printed(printed_pairs) -> list[tuple[str, list[Page]]]:
    return [(pdf.name, pages(pdf)) for _, pdf in printed_pairs]


def _figure_starts(docx: Path) -> set[str]:
    """The first words of each figure (a flowchart, the org chart): a figure cannot
    split, so one taller than the rest of a page begins the next."""
    from docx import Document

    from docgen.wordml.postprocess import FIGURE_TABLE

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    starts = set()
    for table in Document(str(docx)).tables:
        if table.style is not None and table.style.style_id == FIGURE_TABLE:
            texts = ("".join(t.text or "" for t in p.iter(f"{w}t"))
                     for p in table._tbl.iter(f"{w}p"))  # nested tables too, in order
            first = next((t for t in texts if t.strip()), "")
            starts.add(first.replace(" ", ""))
    return starts


def test_the_plans_are_printed(printed):
    assert len(printed) >= 5 and all(len(p) >= 1 for _, p in printed)


def test_no_caption_stands_alone_at_the_foot_of_a_page(printed):
    lonely = [(name, k + 1, page.lines[-1][1]) for name, doc in printed
              for k, page in enumerate(doc[:-1])
              if page.lines and CAPTION.match(page.lines[-1][1])]
    assert lonely == []


def test_no_page_is_left_half_empty_while_its_part_goes_on(printed, printed_pairs):
    figures = {pdf.name: _figure_starts(docx) for docx, pdf in printed_pairs}
    short = []
    for name, doc in printed:
        for k, (page, after) in enumerate(itertools.pairwise(doc)):
            if not page.lines or not after.lines or after.width != page.width:
                continue  # a blank page, or a switch to landscape
            first = after.lines[0][1]
            head = first.replace(" ", "")
            if len(head) >= 2 and any(f.startswith(head) for f in figures[name]):
                continue  # a figure taller than what was left of the page
            if page.bottom < 0.5 and not NEW_PART.match(first):
                short.append((name, k + 1, round(page.bottom, 2), first[:30]))
    assert short == []


def test_no_code_phone_or_date_of_a_table_is_broken(printed_pairs):
    """Each token a table cell holds (a code, a phone number, a date, a level label)
    is printed on one line of the PDF."""
    broken = []
    for docx, pdf in printed_pairs:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
        printed_text = text.replace(" ", "")  # pdftotext spaces 2027 年 3 月 between scripts
        for token in _table_tokens(docx):
            if token not in printed_text:
                broken.append((pdf.name, token))
    assert broken == []


def _table_tokens(docx: Path) -> set[str]:
    from docx import Document

    from docgen.wordml.tables import _TOKEN

    found = set()
    for table in Document(str(docx)).tables:
        for row in table.rows:
            for cell in row.cells:
                # a slash is where a line may break (RTO/RPO)
                found.update(t for t in _TOKEN.findall(cell.text.replace("\u2060", ""))
                             if len(t) >= 5 and "/" not in t)
    return found
