"""docgen.wordml.frames: figures made of tables — boxes, gaps, flowcharts, and the
frame that keeps a figure with its caption."""

from __future__ import annotations

from wml import names, out_of_order, w, xml

from docgen.wordml import frames
from docgen.wordml.text import paragraph

SINGLE = '<w:{0} w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
BOXED = ("<w:tcBorders>" + "".join(SINGLE.format(s) for s in ("top", "left", "bottom", "right"))
         + "</w:tcBorders>")
OPEN = ('<w:tcBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
        '<w:right w:val="nil"/></w:tcBorders>')
NO_LOOK = ('<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
           'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')


def _box(width: int, text: str, borders: str, span: str = "") -> str:
    content = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{borders}'
            f'<w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="ChartBox"/></w:pPr>{content}</w:p></w:tc>')


def _grid(*widths: int) -> str:
    return "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{x}"/>' for x in widths) + "</w:tblGrid>"


ROW = "<w:tr><w:trPr><w:cantSplit/></w:trPr>{}</w:tr>"


def test_box_paragraph_keeps_line_breaks_and_takes_the_box_style():
    assert xml(frames.box_paragraph("应急办公室\n张三")) == (
        '<w:p><w:pPr><w:pStyle w:val="ChartBox"/></w:pPr><w:r><w:t xml:space="preserve">应急办公室'
        '</w:t><w:br/><w:t xml:space="preserve">张三</w:t></w:r></w:p>')
    assert xml(frames.box_paragraph("", "Note")) == (
        '<w:p><w:pPr><w:pStyle w:val="Note"/></w:pPr></w:p>')


def test_box_row_alternates_bordered_boxes_and_borderless_gaps():
    table = frames.box_row(["甲", "乙"], 1000, 200)
    assert xml(table) == (
        '<w:tbl><w:tblPr><w:tblStyle w:val="ChartTable"/><w:tblW w:w="2200" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblCellMar>'
        '<w:top w:w="57" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        + NO_LOOK + '</w:tblPr>' + _grid(1000, 200, 1000)
        + ROW.format(_box(1000, "甲", BOXED) + _box(200, "", OPEN) + _box(1000, "乙", BOXED))
        + '</w:tbl>')


def test_box_rows_wrap_at_per_row_with_a_paragraph_between_tables():
    parts = frames.box_rows(list("甲乙丙丁戊"), 1000, 200, per_row=2)
    assert [names(p)[-1] if p.tag == w("tbl") else "p" for p in parts] == [
        "tr", "p", "tr", "p", "tr"]
    widths = [[c.get(w("w")) for c in p.iter(w("gridCol"))] for p in parts if p.tag == w("tbl")]
    assert widths == [["1000", "200", "1000"]] * 2 + [["1000"]]
    assert xml(parts[1]) == '<w:p><w:pPr><w:pStyle w:val="ChartBox"/></w:pPr></w:p>'


def test_flow_chart_steps_span_the_grid_with_arrows_between():
    chart = frames.flow_chart([["一"], ["二", "三"]], 6000, 300)
    span = '<w:gridSpan w:val="3"/>'
    assert xml(chart) == (
        '<w:tbl><w:tblPr><w:tblStyle w:val="ChartTable"/><w:tblW w:w="6000" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>' + NO_LOOK + '</w:tblPr>'
        + _grid(2850, 300, 2850)
        + ROW.format(_box(6000, "一", BOXED, span))
        + ROW.format(_box(6000, "↓", OPEN, span))
        + ROW.format(_box(2850, "二", BOXED) + _box(300, "", OPEN) + _box(2850, "三", BOXED))
        + '</w:tbl>')


def test_a_flow_chart_of_single_boxes_has_one_column_and_no_span():
    chart = frames.flow_chart([["一"], ["二"]], 5000, 300)
    assert [c.get(w("w")) for c in chart.iter(w("gridCol"))] == ["5000"]
    assert list(chart.iter(w("gridSpan"))) == []
    assert len(chart.findall(w("tr"))) == 3


def test_flow_chart_box_width_is_what_the_gaps_leave():
    chart = frames.flow_chart([["a", "b", "c"]], 6001, 300)
    assert [c.get(w("w")) for c in chart.iter(w("gridCol"))] == [
        "1800", "300", "1800", "300", "1800"]


def test_figure_frame_is_a_borderless_unsplittable_cell_with_the_caption():
    frame, after = frames.figure_frame([paragraph("图")], "图1 测试", 8000)
    assert xml(frame) == (
        '<w:tbl><w:tblPr><w:tblStyle w:val="ChartTable"/><w:tblW w:w="8000" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/>'
        '<w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/>'
        '<w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/>' + NO_LOOK
        + '</w:tblPr>' + _grid(8000)
        + ROW.format('<w:tc><w:tcPr><w:tcW w:w="8000" w:type="dxa"/></w:tcPr>'
                     '<w:p><w:r><w:t xml:space="preserve">图</w:t></w:r></w:p>'
                     '<w:p><w:pPr><w:pStyle w:val="FigureCaption"/></w:pPr>'
                     '<w:r><w:t xml:space="preserve">图1 测试</w:t></w:r></w:p></w:tc>')
        + '</w:tbl>')
    # Word needs a paragraph after a table
    assert xml(after) == '<w:p><w:pPr><w:pStyle w:val="Note"/></w:pPr></w:p>'


def test_figure_frame_puts_borders_before_layout():
    # The bug Word's validator caught: w:tblBorders after w:tblLayout in the frame.
    frame, _ = frames.figure_frame([paragraph("图")], "图1 测试", 8000)
    props = names(frame.find(w("tblPr")))
    assert props.index("tblBorders") < props.index("tblLayout")


def test_figure_frame_without_caption_ends_with_the_figure():
    frame, after = frames.figure_frame([paragraph("图")], "", 8000, after_style="Figure")
    assert [p.findtext(f"{w('r')}/{w('t')}") for p in frame.iter(w("p"))] == ["图"]
    assert xml(after) == '<w:p><w:pPr><w:pStyle w:val="Figure"/></w:pPr></w:p>'


def test_every_figure_is_in_schema_order():
    built = [frames.flow_chart([["一"], ["二", "三"]], 6000, 300),
             *frames.box_rows(list("甲乙丙"), 1000, 200, 2),
             *frames.figure_frame([frames.box_row(["甲"], 1000, 200)], "图", 8000)]
    for root in built:
        assert out_of_order(root) == []
