"""The printable 操作卡 (`make guide`, docgen.authoring.guide): the five steps with their
commands, where files go, a blank line for the unit's own 联系人, on one A4 page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx_helpers import open_document

from docgen.authoring.guide import guide, write_guide_docx, write_guide_pdf
from docgen.export.layout import available

ROOT = Path(__file__).resolve().parent.parent
STEPS = ["生成填写模板", "填写", "检查", "生成", "备案"]
COMMANDS = ["make inputs INDUSTRY=", "make validate", "make plan", "make bundle"]


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines()
                    if line.startswith("Pages:")))


def test_the_card_has_the_five_steps_on_one_a4_page_section(tmp_path):
    doc = open_document(write_guide_docx(tmp_path / "操作卡.docx"))
    assert len(doc.sections) == 1
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    steps, places = doc.tables
    names = [row.cells[0].text for row in steps.rows[1:]]
    assert names == [f"{i}. {name}" for i, name in enumerate(STEPS, 1)]
    commands = " ".join(row.cells[2].text for row in steps.rows[1:])
    assert all(command in commands for command in COMMANDS)
    where = " ".join(cell.text for row in places.rows for cell in row.cells)
    assert all(word in where for word in ("inputs/", "output/", "备案材料", ".zip"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "本单位联系人：＿＿＿" in text  # left blank, to fill in by hand


def test_the_words_come_from_the_data_file(tmp_path):
    card = guide()
    assert [s.name for s in card.step] == STEPS
    changed = card.__class__(**{**{f: getattr(card, f) for f in card.__struct_fields__},
                                "title": "试用操作卡"})
    doc = open_document(write_guide_docx(tmp_path / "a.docx", changed))
    assert doc.paragraphs[0].text == "试用操作卡"


@pytest.mark.skipif(available() is not None, reason="needs LibreOffice and poppler-utils")
def test_the_pdf_is_one_page(tmp_path):
    (pdf,) = write_guide_pdf(tmp_path / "操作卡.pdf")
    assert _pages(pdf) == 1


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
def test_the_committed_card_is_one_page():
    assert _pages(ROOT / "docs" / "操作卡.pdf") == 1
