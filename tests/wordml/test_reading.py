"""docgen.wordml.reading: a .docx docgen did not make, read as blocks — paragraphs
with the heading level Word gives them, 目录 lines apart, tables as their text."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from wml import element

from docgen.wordml.reading import TOC, Block, read_blocks, text_of


def _style(document, name: str, outline: int | None = None, based_on: str | None = None):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if based_on:
        style.base_style = document.styles[based_on]
    if outline is not None:
        style.element.get_or_add_pPr().append(
            element(f'<w:outlineLvl w:val="{outline}"/>'))
    return style


def _outlined(paragraph, level: int) -> None:
    paragraph._p.get_or_add_pPr().append(element(f'<w:outlineLvl w:val="{level}"/>'))


def _save(document, tmp_path: Path) -> Path:
    path = tmp_path / "consultant.docx"
    document.save(str(path))
    return path


def test_headings_by_word_s_heading_styles(tmp_path):
    document = docx.Document()
    document.add_heading("第一章 总则", 1)
    document.add_heading("一、编制目的", 2)
    document.add_paragraph("正文内容。")
    document.add_heading("（一）适用范围", 3)
    assert read_blocks(_save(document, tmp_path)) == [
        Block("第一章 总则", 1), Block("一、编制目的", 2), Block("正文内容。", 0),
        Block("（一）适用范围", 3)]


def test_headings_by_style_name_outline_level_and_the_based_on_chain(tmp_path):
    document = docx.Document()
    _style(document, "标题 2")  # a heading by its name alone
    _style(document, "章标题", outline=0)  # by its 大纲级别
    _style(document, "附件章标题", based_on="章标题")  # inherited
    _style(document, "正文标题", outline=9)  # level 9 is body text
    document.add_paragraph("二、机构职责", style="标题 2")
    document.add_paragraph("第二章 组织机构", style="章标题")
    document.add_paragraph("附件1", style="附件章标题")
    document.add_paragraph("说明", style="正文标题")
    assert [(b.text, b.level) for b in read_blocks(_save(document, tmp_path))] == [
        ("二、机构职责", 2), ("第二章 组织机构", 1), ("附件1", 1), ("说明", 0)]


def test_a_paragraph_s_own_outline_level_wins_over_its_style(tmp_path):
    document = docx.Document()
    _outlined(document.add_paragraph("（三）直接设置"), 2)
    _outlined(document.add_heading("降为正文", 1), 9)
    assert [(b.text, b.level) for b in read_blocks(_save(document, tmp_path))] == [
        ("（三）直接设置", 3), ("降为正文", 0)]


def test_toc_lines_are_never_headings(tmp_path):
    document = docx.Document()
    _style(document, "toc 1", outline=0)
    _style(document, "目录 2")
    document.add_paragraph("目录", style="TOC Heading")
    document.add_paragraph("第一章 总则\t1", style="toc 1")
    document.add_paragraph("一、编制目的\t1", style="目录 2")
    document.add_heading("第一章 总则", 1)
    assert read_blocks(_save(document, tmp_path)) == [
        Block("目录", TOC), Block("第一章 总则\t1", TOC), Block("一、编制目的\t1", TOC),
        Block("第一章 总则", 1)]


def test_blank_paragraphs_are_body_text_whatever_their_style(tmp_path):
    document = docx.Document()
    document.add_heading("", 1)
    document.add_heading("   ", 2)
    assert read_blocks(_save(document, tmp_path)) == [Block("", 0), Block("   ", 0)]


def test_tables_are_the_text_of_their_non_empty_paragraphs(tmp_path):
    document = docx.Document()
    document.add_paragraph("表1 通讯录")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table._cells, ["姓名", "电话", "", "张三", "13900000001", "  "],
                          strict=True):
        cell.text = text
    table.cell(1, 2).add_paragraph("备注")
    blocks = read_blocks(_save(document, tmp_path))
    assert blocks == [Block("表1 通讯录", 0),
                      Block(table=("姓名", "电话", "张三", "13900000001", "备注"))]
    assert blocks[1].is_table and not blocks[0].is_table


def test_content_controls_give_up_their_paragraphs_and_tables_in_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("之前")
    sdt = element('<w:sdt><w:sdtPr/><w:sdtContent>'
                  '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
                  '<w:r><w:t>控件中的标题</w:t></w:r></w:p>'
                  '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>控件中的表</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
                  '</w:sdtContent></w:sdt>')
    document.element.body.insert(1, sdt)
    document.element.body.insert(2, element('<w:sdt><w:sdtPr/></w:sdt>'))  # no content
    document.add_paragraph("之后")
    assert read_blocks(_save(document, tmp_path)) == [
        Block("之前", 0), Block("控件中的标题", 1), Block(table=("控件中的表",)), Block("之后", 0)]


def test_text_of_shows_tabs_and_line_breaks():
    p = element('<w:p><w:r><w:t>一</w:t><w:tab/><w:t>二</w:t><w:br/><w:t>三</w:t><w:cr/></w:r>'
                '<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>')
    assert text_of(p) == "一\t二\n三\n链接"


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_a_file_that_is_no_docx_is_a_value_error_naming_it(tmp_path, content):
    path = tmp_path / "方案.docx"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=r"无法读取 方案\.docx"):
        read_blocks(path)
