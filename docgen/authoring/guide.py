"""The 操作卡 (`make guide`): one printable A4 page from docgen/data/guide.toml,
written with docgen's own Word builders (the template writer's styles, page set-up
and clean-up) and turned into docs/操作卡.pdf by LibreOffice.

python -m docgen.authoring.guide [PDF]   (default docs/操作卡.pdf; the .docx beside it
is kept only with --docx)
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from lxml import etree

from docgen.authoring.build import TemplateWriter
from docgen.datafile import Record, load
from docgen.export.pdf import convert, reproducible
from docgen.export.write import write_atomic
from docgen.messages import say
from docgen.profiles import PageGeometry
from docgen.wordml import paragraph, run, tables, twips

# Narrower margins than a plan's (GB/T 9704): a card to pin up, not a filed document.
A4 = PageGeometry(name="A4 操作卡", width=210, height=297, top=15, bottom=12, left=18,
                  right=18)
# Columns of the steps table, in mm: 步骤, 做什么, 命令, 结果在哪里 (174 mm of text width).
STEP_COLUMNS = (26, 70, 38, 40)
STEP_HEIGHT = twips(23)  # the five steps spread down the page: room to tick each one off
# Room above a line left blank, to write on by hand.
HANDWRITING = {"before": 360, "after": 120}
PLACE_COLUMNS = (40, 134)
HEADER_FILL = "D9E2F3"
DAY = dt.date(2026, 1, 1)  # fixed: rebuilding unchanged words gives the same PDF
BLANK = "＿" * 16


class Step(Record, frozen=True):
    name: str
    action: str
    command: str
    result: str


class Place(Record, frozen=True):
    what: str
    where: str


class Help(Record, frozen=True):
    label: str
    text: str = ""
    blank: bool = False


class GuideFile(Record, frozen=True):
    title: str
    subtitle: str
    step: list[Step]
    place: list[Place]
    help_title: str
    help: list[Help]
    footer: str


def guide() -> GuideFile:
    return load("guide.toml", GuideFile)


def _cell(mm: float, text: str, style: str = "Note", *, bold: bool = False,
          fill: str | None = None, jc: str | None = "left") -> etree._Element:
    # Left-aligned: justified text in a narrow cell spreads a path's letters apart.
    return tables.cell(twips(mm), [paragraph(style=style, jc=jc,
                                             runs=[run(text, bold=bold)])],
                       fill=fill, v_align="center")


def _table(columns: tuple[float, ...], header: list[str],
           rows: list[list[tuple[str, bool]]], height: int | None = None) -> etree._Element:
    head = tables.row([_cell(mm, text, "TableHeader", fill=HEADER_FILL, jc=None)
                       for mm, text in zip(columns, header, strict=True)], header=True)
    body = [tables.row([_cell(mm, text, bold=bold)
                        for mm, (text, bold) in zip(columns, cells, strict=True)],
                       min_height=height)
            for cells in rows]
    return tables.table([twips(mm) for mm in columns], [head, *body])


def write_guide_docx(target: Path, words: GuideFile | None = None) -> Path:
    """The card as a .docx: title, the five steps, where files go, whom to ask."""
    card = words or guide()
    writer = TemplateWriter(A4)
    writer.paragraph("Title", card.title)
    writer.add(paragraph(style="Note", jc="left", runs=[run(card.subtitle)]))
    writer.add(_table(STEP_COLUMNS, [say("guide.step"), say("guide.action"),
                                     say("guide.command"), say("guide.result")],
                      [[(f"{i}. {s.name}", True), (s.action, False),
                        (s.command, s.command.startswith("make")), (s.result, False)]
                       for i, s in enumerate(card.step, 1)], STEP_HEIGHT))
    writer.paragraph("表题", say("guide.places"))
    writer.add(_table(PLACE_COLUMNS, [say("guide.what"), say("guide.where")],
                      [[(p.what, True), (p.where, False)] for p in card.place]))
    writer.paragraph("表题", card.help_title)
    for line in card.help:
        writer.add(paragraph(style="Note", spacing=HANDWRITING if line.blank else None, runs=[
            run(f"{line.label}：", bold=True), run(BLANK if line.blank else line.text)]))
    writer.add(paragraph(style="Note", jc="left", spacing={"before": 240},
                         runs=[run(card.footer)]))
    target.parent.mkdir(parents=True, exist_ok=True)
    writer.save(target, card.title)
    return target


def write_guide_pdf(target: Path, keep_docx: bool = False) -> list[Path]:
    """docs/操作卡.pdf through LibreOffice (with the .docx beside it if asked)."""
    with tempfile.TemporaryDirectory(prefix="docgen-guide-") as tmp:
        docx = write_guide_docx(Path(tmp) / f"{target.stem}.docx")
        pdf = convert(docx, Path(tmp))
        write_atomic(target, reproducible(pdf.read_bytes(), DAY))
        written = [target]
        if keep_docx:
            write_atomic(target.with_suffix(".docx"), docx.read_bytes())
            written.append(target.with_suffix(".docx"))
    return written


def main(argv: list[str]) -> int:
    keep = "--docx" in argv
    names = [a for a in argv if a != "--docx"]
    for path in write_guide_pdf(Path(names[0] if names else "docs/操作卡.pdf"), keep):
        print(say("guide.written", path=path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
