"""Write a Word template from its markup source: styles, page set-up, sections
with page-number footers, tables ready for docxtpl's row loops. Every element
comes from the builders of docgen.wordml; python-docx supplies the package."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.section import Section as WordSection
from lxml import etree

from docgen.authoring.markup import (
    Block,
    Flow,
    Image,
    Keep,
    PageBreak,
    Paragraph,
    Place,
    Section,
    Space,
    Table,
    Tag,
    Toc,
    parse,
)
from docgen.export.write import normalize_zip
from docgen.messages import say
from docgen.profiles import PageGeometry
from docgen.wordml import (
    STYLES,
    el,
    field_runs,
    frames,
    install_styles,
    page_number_runs,
    paragraph,
    run,
    section_properties,
    tables,
    w,
    whole,
)
from docgen.wordml import parse as parse_xml

STYLE_IDS = {s.name: s.style_id for s in STYLES} | {"正文": "Normal", "Normal": "Normal"}
STYLE_IDS |= {f"Heading{i}": f"Heading{i}" for i in range(1, 5)}
TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u \\t "前置页标题,1"'
TOC_PLACEHOLDER = "（目录将在生成时填入；在 Word 中右键单击此处并选择“更新域”也可更新）"
FLOW_WIDTH_MM, FLOW_GAP_MM, FRAME_MARGIN_MM = 120, 6, 6
FOOTER_RAISE_MM = 12  # the page number sits this far below the text block's foot
# Jinja's own text in a paragraph (left as it is: a hyphen there may be arithmetic).
_JINJA = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})")


def _kept_whole(text: str) -> str:
    """The template's own words with their codes kept whole (GB/T 29639-2020 breaks
    at its hyphen otherwise), as the values docgen fills in are."""
    return "".join(part if i % 2 else whole(part) for i, part in enumerate(_JINJA.split(text)))


# Body paragraphs without spacing: they carry section breaks and explicit page breaks.
TIGHT = {"before": 0, "after": 0, "line": 20, "lineRule": "exact"}


class TemplateWriter:
    def __init__(self, page: PageGeometry) -> None:
        self.page = page
        self.doc = Document()
        self.body = self.doc.element.body
        for child in list(self.body):
            if child.tag != w("sectPr"):
                self.body.remove(child)
        install_styles(self.doc)
        self.landscape = False
        self.section = "front"  # front matter carries no page number
        self.body_started = False
        self.pending_break = False
        self.numbered: list[etree._Element] = []  # sectPr of numbered sections
        self.keeping = 0  # inside @keep: every paragraph keeps with the next

    def has_content(self) -> bool:
        return any(child.tag != w("sectPr") for child in self.body)

    def add(self, *elements: etree._Element) -> None:
        for element in elements:
            self.body.insert(len(self.body) - 1, element)  # before the final sectPr

    # -- paragraphs -------------------------------------------------------------------------
    def paragraph(self, style: str, text: str = "") -> etree._Element:
        style_id = STYLE_IDS.get(style)
        if style_id is None:
            raise ValueError(say("authoring.unknown_style", style=style))
        p = paragraph(_kept_whole(text).replace("\\n", "\n"), style_id,
                      page_break_before=self.pending_break, keep_next=self.keeping > 0)
        self.pending_break = False
        self.add(p)
        return p

    def keep(self, block: Keep) -> None:
        self.keeping += 1
        start = len(self.body)
        self.blocks(block.blocks)
        self.keeping -= 1
        if not self.keeping:  # the last paragraph of the block keeps with nothing after it
            kept = [p for p in list(self.body)[start - 1:] if p.tag == w("p")
                    and p.find(f"{w('pPr')}/{w('keepNext')}") is not None]
            if kept:
                kept[-1].find(w("pPr")).remove(kept[-1].find(f"{w('pPr')}/{w('keepNext')}"))

    def tag(self, text: str) -> None:
        if self.pending_break:  # the tag's paragraph disappears: break explicitly
            self.explicit_break()
        self.add(paragraph(text))

    def explicit_break(self) -> None:
        self.add(paragraph(spacing=TIGHT, runs=[el("w:r", children=[
            el("w:br", {"w:type": "page"})])]))
        self.pending_break = False

    # -- sections ---------------------------------------------------------------------------
    def _section(self, restart: bool) -> etree._Element:
        oriented = self.page.oriented(self.landscape)
        return section_properties(oriented, landscape=self.landscape,
                                  restart_numbering=restart,
                                  footer_distance_mm=max(oriented[3] - FOOTER_RAISE_MM,
                                                         oriented[3] / 2))

    def end_section(self, next_kind: str) -> None:
        numbered = self.section == "body"
        sect = self._section(numbered and not self.body_started)
        self.add(paragraph(spacing=TIGHT, extra=[sect]))
        if numbered:
            self.numbered.append(sect)
            self.body_started = True
        self.pending_break = False  # the section break already starts a new page
        if next_kind == "body":
            self.section, self.landscape = "body", False
        else:
            self.landscape = next_kind == "landscape"

    def conditional_section(self, kind: str, when: str) -> None:
        """A section break that turns the page only when `when` holds; else a page
        break, and the pages stay as they are. Its pair (markup.check_sections) turns
        back on the same condition, so that either both breaks are there or neither."""
        if self.section == "body" and not self.body_started:
            raise ValueError(say("authoring.section_condition_first"))
        self.pending_break = False  # both ways start a new page
        self.tag(f"{{%p if {when} %}}")
        self.end_section(kind)
        self.tag("{%p else %}")
        self.explicit_break()
        self.tag("{%p endif %}")

    def finish(self) -> None:
        last = self._section(self.section == "body" and not self.body_started)
        self.body.replace(self.body.find(w("sectPr")), last)
        if self.section == "body":
            self.numbered.append(last)
        self.add_footers()
        settings = self.doc.settings
        settings.odd_and_even_pages_header_footer = True
        compat = settings.element.find(w("compat"))
        if compat is not None:
            # A line ended by a manual line break (a value's own line break) is not
            # stretched across the line in justified text.
            compat.insert(0, el("w:doNotExpandShiftReturn"))
        self.prune_parts()
        self.font_table()
        zoom = settings.element.find(w("zoom"))
        if zoom is not None:
            zoom.set(w("percent"), "100")  # python-docx leaves it out; the schema wants it
        lang = settings.element.find(w("themeFontLang"))
        if lang is not None:
            lang.set(w("eastAsia"), "zh-CN")

    def prune_parts(self) -> None:
        """Drop what python-docx's default template carries and docgen does not use:
        stylesWithEffects.xml (its theme fonts would override the East-Asian fonts in
        Word 2010), the thumbnail and customXml."""
        unused = ("stylesWithEffects", "customXml", "thumbnail")
        for rels in (self.doc.part.rels, self.doc.part.package.rels):
            for r_id, rel in list(rels.items()):
                if rel.reltype.rsplit("/", 1)[-1] in unused:
                    del rels[r_id]

    def font_table(self) -> None:
        """Tell Word which installed Chinese font to use when an official one is missing."""
        part = self.doc.part.part_related_by(RT.FONT_TABLE)
        root = parse_xml(part.blob)
        for name, alt, family in (("仿宋_GB2312", "仿宋", "modern"),
                                  ("楷体_GB2312", "楷体", "modern"),
                                  ("方正小标宋简体", "宋体", "roman"),
                                  ("黑体", "SimHei", "modern"), ("宋体", "SimSun", "auto")):
            root.append(el("w:font", {"w:name": name}, [
                el("w:altName", {"w:val": alt}), el("w:charset", {"w:val": "86"}),
                el("w:family", {"w:val": family}), el("w:pitch", {"w:val": "variable"})]))
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    standalone=True)

    def add_footers(self) -> None:
        """`— N —` on the outside edge of every numbered page: odd right, even left."""
        if not self.numbered:
            return
        sections: dict[etree._Element, WordSection] = {s._sectPr: s for s in self.doc.sections}
        first = sections[self.numbered[0]]
        for footer, side in ((first.footer, "right"), (first.even_page_footer, "left")):
            footer.is_linked_to_previous = False
            holder = footer.paragraphs[0]._p
            indent = {f"{side}": 280, "firstLine": 0, "firstLineChars": 0}
            holder.addprevious(paragraph(style="Footer", ind=indent, jc=side,
                                         runs=page_number_runs()))
            holder.getparent().remove(holder)
        refs = first._sectPr.findall(w("footerReference"))
        for sect in self.numbered[1:]:
            for ref in refs:
                sect.insert(0, etree.fromstring(etree.tostring(ref)))

    # -- blocks -----------------------------------------------------------------------------
    def toc(self) -> None:
        p = self.paragraph("toc 1")
        for r in field_runs(TOC_INSTRUCTION, [run(TOC_PLACEHOLDER)], dirty=True):
            p.append(r)

    def table(self, block: Table) -> None:
        items = block.loop.split(" in ", 1)[1].strip() if block.loop else None
        if items and block.empty:
            self.tag(f"{{%p if {items} %}}")
        if block.title:
            self.paragraph("表题", block.title)
        elif self.pending_break:
            self.explicit_break()
        header, body = block.rows[0], block.rows[1:]
        widths = self._widths(block, len(header))
        rows = [self._row("header", header, widths, block)]
        if block.loop:
            if not body:
                raise ValueError(say("authoring.loop_no_row", loop=block.loop))
            rows += [self._row("static", r, widths, block) for r in body[:-1]]
            rows += [self._row("tag", [f"{{%tr for {block.loop} %}}"], widths, block),
                     self._row("data", body[-1], widths, block),
                     self._row("tag", ["{%tr endfor %}"], widths, block)]
        else:
            rows += [self._row("static", r, widths, block) for r in body]
        self.add(tables.table(widths, rows))
        if items and block.empty:
            self.tag("{%p else %}")
            self.paragraph("Normal", block.empty)
            self.tag("{%p endif %}")
        else:
            # Word needs a paragraph between two tables; it also spaces the next text.
            self.paragraph("注释")

    def _row(self, kind: str, texts: list[str], widths: list[int],
             block: Table) -> etree._Element:
        cells = []
        for i, width in enumerate(widths):
            text = texts[i] if i < len(texts) else ""
            jc = None
            if kind in ("data", "static") and block.align and block.align[i] != "l":
                jc = {"c": "center", "r": "right"}[block.align[i]]
            style = "TableText"
            if kind == "header":
                style = "TableHeaderOptional" if text in block.optional else "TableHeader"
            p = paragraph(_kept_whole(text).replace("\\n", "\n"), style, jc=jc,
                          keep_next=block.keep and kind != "tag")
            header = kind == "header"
            cells.append(tables.cell(width, [p], fill=tables.HEADER_FILL if header else None,
                                     v_align="center" if header else None))
        height = tables.twips(block.height) if block.height and kind in ("data",
                                                                         "static") else None
        return tables.row(cells, header=kind == "header", min_height=height)

    def flow(self, block: Flow) -> None:
        width = tables.twips(self.page.text_width(self.landscape) - FRAME_MARGIN_MM)
        steps = [[text.replace("\\n", "\n") for text in step] for step in block.steps]
        chart = frames.flow_chart(steps, tables.twips(FLOW_WIDTH_MM),
                                  tables.twips(FLOW_GAP_MM))
        self.add(*frames.figure_frame([chart], block.title or "", width))

    def _widths(self, block: Table, count: int) -> list[int]:
        raw = block.widths or [1.0] * count
        total = tables.twips(self.page.text_width(self.landscape))
        return [int(total * x / sum(raw)) for x in raw]

    def place(self, block: Place) -> None:
        name = block.name
        self.tag(f'{{%p if not text.replaces("{name}") %}}')
        self.blocks(block.blocks)
        self.tag("{%p endif %}")
        self.tag(f'{{%p for line in text.lines("{name}") %}}')
        self.tag("{%p if line.label %}")  # a section title an industry pack adds
        self.paragraph("标签", "{{ line }}")
        self.tag("{%p else %}")
        if block.numbered:  # the list goes on: （十四）…；, the last one ending in 。
            self.paragraph("Normal", f"（{{{{ ({block.numbered} + loop.index)|cn }}}}）"
                                     "{{ line.item(loop.last) }}")
        else:
            self.paragraph("Normal", "{{ line }}")
        self.tag("{%p endif %}")
        self.tag("{%p endfor %}")

    def blocks(self, blocks: list[Block]) -> None:
        for block in blocks:
            match block:
                case Paragraph(style=style, text=text):
                    self.paragraph(style, text)
                case Tag(text=text):
                    self.tag(text)
                case PageBreak():
                    self.pending_break = True
                case Space(count=count):
                    for _ in range(count):
                        self.paragraph("正文无缩进")
                case Toc():
                    self.toc()
                case Section(kind=kind, when=str(when)):
                    self.conditional_section(kind, when)
                case Section(kind=kind):
                    if kind == "body" and self.section == "front" and not self.has_content():
                        self.section = "body"  # numbered from the first page: no break
                    else:
                        self.end_section(kind)
                case Image(expr=expr):
                    self.paragraph("图片", expr)
                case Table():
                    self.table(block)
                case Flow():
                    self.flow(block)
                case Place():
                    self.place(block)
                case Keep():
                    self.keep(block)

    def save(self, target: Path, title: str) -> None:
        self.finish()
        props = self.doc.core_properties
        props.title, props.author, props.comments = title, "docgen", "docgen 模板"
        # Fixed, so that rebuilding an unchanged source gives the same file.
        props.created = props.modified = dt.datetime(2026, 1, 1)
        props.last_modified_by = "docgen"
        props.revision = 1
        raw = io.BytesIO()
        self.doc.save(raw)
        target.write_bytes(normalize_zip(raw.getvalue()))


def build_template(source: Path, target: Path, page: PageGeometry) -> None:
    blocks = parse(source.read_text("utf-8"), source.parent)
    writer = TemplateWriter(page)
    writer.blocks(blocks)
    writer.save(target, f"docgen 模板：{source.stem}")


__all__ = ["build_template"]
