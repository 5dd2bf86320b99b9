"""docgen.wordml.templatexml: a template's XML as the template engine sees it —
one paragraph a line, cell shading where the schema wants it, widths marked for
later, the parts that hold tags — and rendered XML back into the document."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.text.paragraph import CT_P
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from wml import DECLARATIONS

from docgen.wordml import templatexml as tx
from docgen.wordml.package import width_mark

P = '<w:p><w:r><w:t>{{ a }}</w:t></w:r></w:p>'


@pytest.mark.parametrize(("xml", "lined"), [
    ('<w:body><w:p><w:pPr/></w:p><w:p w:rsidR="1"/><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>'
     '</w:body>',
     '<w:body>\n<w:p><w:pPr/></w:p>\n<w:p w:rsidR="1"/><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr>'
     '</w:tbl></w:body>'),
    ('<w:body><w:p>a</w:p><w:p>b</w:p></w:body>', '<w:body>\n<w:p>a</w:p>\n<w:p>b</w:p></w:body>'),
    # w:pPr, w:proofErr and w:pict are not paragraphs
    ('<w:p><w:pPr/><w:proofErr/><w:pict/></w:p>', '\n<w:p><w:pPr/><w:proofErr/><w:pict/></w:p>'),
])
def test_paragraph_per_line(xml, lined):
    assert tx.paragraph_per_line(xml) == lined
    assert tx.paragraphs_joined(lined) == xml


@given(st.lists(st.sampled_from(["<w:p>", "<w:p w:rsidR=\"1\">", "</w:p>", "<w:pPr/>", "<w:r>",
                                 "文字", "{%p if x %}", "<w:tbl>", "<w:p/>", " "]), max_size=30))
def test_paragraph_per_line_and_paragraphs_joined_round_trip(pieces):
    xml = "".join(pieces)
    assert tx.paragraphs_joined(tx.paragraph_per_line(xml)) == xml
    lined = tx.paragraph_per_line(xml)
    assert lined.count("\n") == xml.count("<w:p>") + xml.count("<w:p ")


@pytest.mark.parametrize(("xml", "ordered"), [
    ('<w:tcPr><w:shd w:val="clear" w:fill="{{ c }}"/><w:tcW w:w="1" w:type="dxa"/></w:tcPr>',
     '<w:tcPr><w:tcW w:w="1" w:type="dxa"/><w:shd w:val="clear" w:fill="{{ c }}"/></w:tcPr>'),
    ('<w:tcPr><w:shd w:fill="F"/><w:tcW w:w="1"/><w:gridSpan w:val="2"/><w:vMerge/>'
     '<w:tcBorders><w:top w:val="nil"/></w:tcBorders><w:vAlign w:val="center"/></w:tcPr>',
     '<w:tcPr><w:tcW w:w="1"/><w:gridSpan w:val="2"/><w:vMerge/>'
     '<w:tcBorders><w:top w:val="nil"/></w:tcBorders><w:shd w:fill="F"/>'
     '<w:vAlign w:val="center"/></w:tcPr>'),
    ('<w:tcPr><w:shd w:fill="F"/><w:hMerge w:val="restart"/></w:tcPr>',
     '<w:tcPr><w:hMerge w:val="restart"/><w:shd w:fill="F"/></w:tcPr>'),
    # already in order, or no shading: unchanged
    ('<w:tcPr><w:tcW w:w="1"/><w:shd w:fill="F"/></w:tcPr>',
     '<w:tcPr><w:tcW w:w="1"/><w:shd w:fill="F"/></w:tcPr>'),
    ('<w:tcPr><w:shd w:fill="F"/></w:tcPr>', '<w:tcPr><w:shd w:fill="F"/></w:tcPr>'),
])
def test_shading_in_order(xml, ordered):
    assert tx.shading_in_order(xml) == ordered


def test_shading_in_order_fixes_every_cell_of_a_row():
    cell = '<w:tc><w:tcPr><w:shd w:fill="{{ r.c }}"/><w:tcW w:w="{}"/></w:tcPr><w:p/></w:tc>'
    fixed = '<w:tc><w:tcPr><w:tcW w:w="{}"/><w:shd w:fill="{{ r.c }}"/></w:tcPr><w:p/></w:tc>'
    row = "<w:tr>" + cell.replace("{}", "1") + cell.replace("{}", "2") + "</w:tr>"
    assert tx.shading_in_order(row) == ("<w:tr>" + fixed.replace("{}", "1")
                                        + fixed.replace("{}", "2") + "</w:tr>")


def test_strip_tags_keeps_text_and_template_tags():
    assert tx.strip_tags('<w:p><w:r><w:t>{% if a < b %}</w:t></w:r><?pi?></w:p>') == (
        "{% if a < b %}")


def test_paragraph_texts_decode_entities():
    xml = ('<w:body><w:p><w:r><w:t>R&amp;D</w:t></w:r><w:r><w:t xml:space="preserve"> &lt;1&gt;'
           '</w:t></w:r></w:p><w:p/><w:p w:rsidR="1"><w:r><w:t>二</w:t></w:r></w:p></w:body>')
    assert tx.paragraph_texts(xml) == ["R&D <1>", "二"]


@pytest.mark.parametrize(("xml", "block", "row"), [
    ("  <w:p>", True, False),
    ('<w:p w:rsidR="1">', True, False),
    ("\n<w:tr>", True, True),
    ('<w:tr w:rsidR="1">', True, True),
    ("<w:tbl>", True, False),
    ("<w:r>", False, False),
    ("<w:pPr>", False, False),
    ("<w:trPr>", False, False),
    ("text", False, False),
])
def test_starts_block_and_starts_row(xml, block, row):
    assert tx.starts_block(xml) is block
    assert tx.starts_row(xml) is row


def test_count_rows():
    assert tx.count_rows('<w:tbl><w:tr><w:trPr/></w:tr><w:tr w:rsidR="1"></w:tr></w:tbl>') == 2
    assert tx.count_rows("<w:p/>") == 0


def test_mark_cell_widths_replaces_widths_by_marks_and_collects_them():
    widths = [999]
    xml = ('<w:tr><w:tc><w:tcPr><w:tcW w:w="1200" w:type="dxa"/></w:tcPr></w:tc>'
           '<w:tc><w:tcPr><w:tcW w:w="3400" w:type="dxa"/></w:tcPr></w:tc>'
           '<w:tblW w:w="4600" w:type="dxa"/></w:tr>')
    assert tx.mark_cell_widths(xml, widths) == (
        f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{width_mark(1)}" w:type="dxa"/></w:tcPr></w:tc>'
        f'<w:tc><w:tcPr><w:tcW w:w="{width_mark(2)}" w:type="dxa"/></w:tcPr></w:tc>'
        '<w:tblW w:w="4600" w:type="dxa"/></w:tr>')
    assert widths == [999, 1200, 3400]


def _footed_document():
    document = docx.Document()
    document.add_paragraph("{{ plan.name }}")
    section = document.sections[0]
    section.footer.paragraphs[0].text = "{{ plan.unit_name }}"
    section.header.paragraphs[0].text = "页眉"
    return document


def test_header_footer_sources_are_the_parts_that_hold_tags():
    found = tx.header_footer_sources(_footed_document(), lambda xml: "{{" in xml)
    assert [name for name, _ in found] == ["/word/footer1.xml"]
    [(_, xml)] = found
    assert xml.startswith("<w:ftr ")  # without its XML declaration
    assert "{{ plan.unit_name }}" in xml


def test_header_footer_sources_of_a_document_without_any():
    assert tx.header_footer_sources(docx.Document(), lambda xml: True) == []


def test_body_source_and_replace_body_round_trip():
    document = _footed_document()
    opening, body = tx.body_source(document)
    assert opening.startswith("<w:document ") and opening.endswith(">")
    assert body.startswith("<w:body") and "{{ plan.name }}" in body
    rendered = tx.paragraph_per_line(body.replace("{{ plan.name }}", "测试预案"))
    replaced = tx.replace_body(document, opening, rendered)
    assert [p.text for p in replaced.paragraphs] == ["测试预案"]
    assert "\n" not in etree.tostring(replaced.element.body, encoding="unicode")


def test_replace_parts_puts_rendered_headers_and_footers_in():
    document = _footed_document()
    [(name, xml)] = tx.header_footer_sources(document, lambda text: "{{" in text)
    tx.replace_parts(document, {name: tx.paragraph_per_line(xml.replace("{{ plan.unit_name }}",
                                                                        "测试公司"))})
    assert document.sections[0].footer.paragraphs[0].text == "测试公司"
    assert document.sections[0].header.paragraphs[0].text == "页眉"


def test_parse_part_gives_python_docx_classes_and_resolves_no_entities():
    p = tx.parse_part(f'<w:p {DECLARATIONS}><w:r><w:t>x</w:t></w:r></w:p>')
    assert isinstance(p, CT_P)
    hostile = ('<!DOCTYPE w:p [<!ENTITY e "展开的实体">]>'
               f'<w:p {DECLARATIONS}><w:r><w:t>&e;</w:t></w:r></w:p>')
    assert "展开的实体" not in "".join(tx.parse_part(hostile).itertext())
