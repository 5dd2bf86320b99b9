"""docgen.wordml.oxml: elements made with their children in the schema's order,
and rendered XML put in that order (ISO/IEC 29500-1 transitional, wml.xsd)."""

from __future__ import annotations

import pytest
from docx.oxml.table import CT_Tbl
from docx.oxml.text.paragraph import CT_P
from wml import element, names, xml

from docgen.wordml.ns import W_NS
from docgen.wordml.oxml import ORDER, el, normalize, parse, sort_children, to_string


def test_el_puts_children_in_schema_order_whatever_the_call_order():
    props = el("w:tblPr", children=[el("w:tblLayout", {"w:type": "fixed"}),
                                    el("w:tblBorders"), el("w:tblW", {"w:w": 1}),
                                    el("w:tblStyle", {"w:val": "X"})])
    assert names(props) == ["tblStyle", "tblW", "tblBorders", "tblLayout"]


def test_el_writes_attribute_values_as_text_and_leaves_out_none():
    made = el("w:ind", {"w:firstLine": 640, "w:firstLineChars": 200, "w:left": None})
    assert xml(made) == '<w:ind w:firstLine="640" w:firstLineChars="200"/>'


def test_el_skips_absent_children_and_sets_text():
    made = el("w:r", children=[None, el("w:t", {"xml:space": "preserve"}, text=" a "), None])
    assert xml(made) == '<w:r><w:t xml:space="preserve"> a </w:t></w:r>'


def test_el_makes_python_docx_element_classes():
    assert isinstance(el("w:p"), CT_P)
    assert isinstance(el("w:tbl"), CT_Tbl)


def test_el_declares_only_the_main_namespace():
    assert to_string(el("w:p")) == f'<w:p xmlns:w="{W_NS}"/>'


def test_parse_gives_python_docx_element_classes():
    assert isinstance(parse(f'<w:p xmlns:w="{W_NS}"/>'), CT_P)


@pytest.mark.parametrize(("before", "after"), [
    # docxtpl's {% cellbg %} puts the shading first
    ('<w:tcPr><w:shd w:fill="FF0000"/><w:tcW w:w="10"/><w:vAlign w:val="center"/></w:tcPr>',
     '<w:tcPr><w:tcW w:w="10"/><w:shd w:fill="FF0000"/><w:vAlign w:val="center"/></w:tcPr>'),
    ('<w:pPr><w:jc w:val="center"/><w:ind w:firstLine="0"/><w:spacing w:after="0"/>'
     '<w:keepNext/><w:pStyle w:val="X"/></w:pPr>',
     '<w:pPr><w:pStyle w:val="X"/><w:keepNext/><w:spacing w:after="0"/><w:ind w:firstLine="0"/>'
     '<w:jc w:val="center"/></w:pPr>'),
    ('<w:rPr><w:color w:val="FFFFFF"/><w:b/><w:rFonts w:eastAsia="黑体"/></w:rPr>',
     '<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:color w:val="FFFFFF"/></w:rPr>'),
    ('<w:sectPr><w:docGrid w:linePitch="579"/><w:pgSz w:w="1"/><w:footerReference/></w:sectPr>',
     '<w:sectPr><w:footerReference/><w:pgSz w:w="1"/><w:docGrid w:linePitch="579"/></w:sectPr>'),
    ('<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>',
     '<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'),
    ('<w:tcBorders><w:right/><w:bottom/><w:left/><w:top/></w:tcBorders>',
     '<w:tcBorders><w:top/><w:left/><w:bottom/><w:right/></w:tcBorders>'),
    ('<w:style><w:rPr/><w:pPr/><w:qFormat/><w:basedOn w:val="Normal"/><w:name w:val="x"/>'
     '</w:style>',
     '<w:style><w:name w:val="x"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr/><w:rPr/>'
     '</w:style>'),
])
def test_sort_children_puts_properties_in_schema_order(before, after):
    node = element(before)
    sort_children(node)
    assert xml(node) == after


def test_sort_children_keeps_the_order_of_equals_and_of_unknown_children():
    # two w:tab of a w:tabs, unknown w14 elements last in their order
    node = element('<w:pPr><w14:x/><w:jc w:val="left"/><w14:y/><w:keepNext/></w:pPr>')
    sort_children(node)
    assert xml(node) == '<w:pPr><w:keepNext/><w:jc w:val="left"/><w14:x/><w14:y/></w:pPr>'


@pytest.mark.parametrize(("before", "after"), [
    # only the properties move; runs, cells and rows keep their places
    ('<w:p><w:r><w:t>a</w:t></w:r><w:pPr><w:jc w:val="center"/></w:pPr><w:r/></w:p>',
     '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>a</w:t></w:r><w:r/></w:p>'),
    ('<w:tc><w:p/><w:tcPr/><w:tbl/><w:p/></w:tc>', '<w:tc><w:tcPr/><w:p/><w:tbl/><w:p/></w:tc>'),
    ('<w:tr><w:tc/><w:trPr/><w:tblPrEx/><w:tc/></w:tr>',
     '<w:tr><w:tblPrEx/><w:trPr/><w:tc/><w:tc/></w:tr>'),
    ('<w:tbl><w:tblGrid/><w:tblPr/><w:tr/></w:tbl>',
     '<w:tbl><w:tblPr/><w:tblGrid/><w:tr/></w:tbl>'),
])
def test_sort_children_of_containers_moves_only_their_properties(before, after):
    node = element(before)
    sort_children(node)
    assert xml(node) == after


@pytest.mark.parametrize("text", [
    '<w:body><w:sectPr/><w:p/></w:body>',  # not a container the schema orders here
    '<w:pPr><w:jc w:val="center"/></w:pPr>',  # one child
    '<w:pPr/>',
])
def test_sort_children_leaves_what_it_does_not_order(text):
    node = element(text)
    sort_children(node)
    assert xml(node) == text


def test_sort_children_puts_comments_after_the_properties():
    node = element('<w:pPr><w:jc w:val="center"/><!-- c --><w:pStyle w:val="X"/></w:pPr>')
    sort_children(node)
    assert xml(node) == '<w:pPr><w:pStyle w:val="X"/><w:jc w:val="center"/><!-- c --></w:pPr>'


def test_normalize_orders_every_known_container_of_a_tree():
    tc = element('<w:tc><w:tcPr><w:shd w:fill="FF0000"/><w:tcW w:w="10"/></w:tcPr>'
                 '<w:p><w:pPr><w:jc w:val="center"/><w:pStyle w:val="T"/></w:pPr>'
                 '<w:r><w:rPr><w:color w:val="FFFFFF"/><w:b/></w:rPr><w:t>重大</w:t></w:r></w:p>'
                 '</w:tc>')
    normalize(tc)
    assert xml(tc) == ('<w:tc><w:tcPr><w:tcW w:w="10"/><w:shd w:fill="FF0000"/></w:tcPr>'
                       '<w:p><w:pPr><w:pStyle w:val="T"/><w:jc w:val="center"/></w:pPr>'
                       '<w:r><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr><w:t>重大</w:t>'
                       '</w:r></w:p></w:tc>')


def test_every_order_lists_each_name_once():
    for parent, order in ORDER.items():
        assert len(order) == len(set(order)), parent
