"""The one Word XML layer (docgen.wordml): builders emit children in the schema's
order, and rendered XML is put in that order before it is written."""

from __future__ import annotations

from docx_helpers import W_NS
from lxml import etree

from docgen.wordml import frames, tables
from docgen.wordml.fields import field_runs
from docgen.wordml.oxml import ORDER, el, normalize, parse
from docgen.wordml.sections import section_properties
from docgen.wordml.text import paragraph, xml_text

W = f"{{{W_NS}}}"


def _children(element: etree._Element) -> list[str]:
    return [etree.QName(c).localname for c in element]


def _in_schema_order(element: etree._Element) -> bool:
    order = ORDER[etree.QName(element).localname]
    ranks = [order.index(n) for n in _children(element) if n in order]
    return ranks == sorted(ranks)


def test_el_puts_children_in_schema_order_whatever_the_call_order():
    props = el("w:tblPr", children=[el("w:tblLayout", {"w:type": "fixed"}),
                                    el("w:tblBorders"), el("w:tblW", {"w:w": 1}),
                                    el("w:tblStyle", {"w:val": "X"})])
    assert _children(props) == ["tblStyle", "tblW", "tblBorders", "tblLayout"]


def test_figure_frames_put_borders_before_layout():
    # The bug Word's validator caught: w:tblBorders after w:tblLayout in the frame.
    frame, after = frames.figure_frame([paragraph("图")], "图1 测试", 8000)
    props = frame.find(f"{W}tblPr")
    assert _children(props).index("tblBorders") < _children(props).index("tblLayout")
    assert after.tag == f"{W}p"  # Word needs a paragraph after a table
    for element in frame.iter(*(f"{W}{name}" for name in ORDER)):
        assert _in_schema_order(element), etree.QName(element).localname


def test_every_builder_emits_ordered_properties():
    built = [
        tables.table([1000, 2000], [tables.row([
            tables.cell(1000, [paragraph("甲", "TableText", jc="center", keep_next=True)],
                        fill="FF0000", v_align="center",
                        cell_borders=tables.borders("w:tcBorders")),
            tables.cell(2000, span=1)], header=True, min_height=400)],
            table_borders=tables.borders("w:tblBorders", "nil"),
            cell_margins=tables.margins("w:tblCellMar", 1, 2, 3, 4)),
        frames.flow_chart([["一"], ["二", "三"]], 6000, 300),
        section_properties((210, 297, 37, 35, 28, 26), restart_numbering=True,
                           footers=[("default", "rId9")]),
        paragraph(runs=field_runs("PAGE", [])),
    ]
    for root in built:
        for element in root.iter(*(f"{W}{name}" for name in ORDER)):
            assert _in_schema_order(element), etree.QName(element).localname


def test_normalize_fixes_docxtpl_cell_shading_placed_first():
    tc = parse(f'<w:tc xmlns:w="{W_NS}"><w:tcPr><w:shd w:fill="FF0000"/>'
               '<w:tcW w:w="10"/><w:vAlign w:val="center"/></w:tcPr><w:p/></w:tc>')
    normalize(tc)
    assert _children(tc.find(f"{W}tcPr")) == ["tcW", "shd", "vAlign"]
    assert _children(tc) == ["tcPr", "p"]  # content keeps its place


def test_text_for_a_run_is_escaped_and_keeps_breaks_and_tabs():
    assert xml_text("R&D <核心>") == "R&amp;D &lt;核心&gt;"
    assert xml_text("一\n二\t三") == ('一</w:t><w:br/><w:t xml:space="preserve">二</w:t>'
                                     '<w:tab/><w:t xml:space="preserve">三')
    assert xml_text("a\x07b\x0c") == "ab"  # XML cannot hold them


def test_dark_fills_get_white_text_light_ones_do_not():
    assert tables.is_dark("FF0000") and tables.is_dark("0070C0")
    assert not any(tables.is_dark(f) for f in ("FFC000", "FFFF00", "D9D9D9", "FFFFFF"))
    row = etree.tostring(tables.row([tables.cell(100, [paragraph("重大")], fill="FF0000"),
                                     tables.cell(100, [paragraph("一般")], fill="FFFF00")]),
                         encoding="unicode")
    fixed = parse(tables.whiten_xml(row.replace(f' xmlns:w="{W_NS}"', "")
                                    .replace("<w:tr>", f'<w:tr xmlns:w="{W_NS}">')))
    red, yellow = fixed.findall(f"{W}tc")
    assert [c.get(f"{W}val") for c in red.iter(f"{W}color")] == ["FFFFFF"]
    assert list(yellow.iter(f"{W}color")) == []
