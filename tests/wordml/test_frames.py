"""docgen.wordml.frames: figures made of tables — flowcharts, boxes joined by
lines, and the frame that keeps a figure with its caption."""

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
             frames.Drawing(1000, [None, 100, None], [frames.Box(0, 250, 750, "甲"),
                                                      frames.Box(2, 0, 500, "乙")],
                            [(500, 1, 1)], [(2, 500, 1000)]).table(),
             *frames.figure_frame([frames.flow_chart([["甲"]], 1000, 200)], "图", 8000)]
    for root in built:
        assert out_of_order(root) == []


# -- boxes joined by lines ------------------------------------------------------------------

LINE = '<w:{0} w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
EMPTY = '<w:p><w:pPr><w:pStyle w:val="ChartBox"/></w:pPr></w:p>'


def _edges(*sides: str) -> str:
    return "<w:tcBorders>" + "".join(LINE.format(s) for s in sides) + "</w:tcBorders>"


def _blank(width: int, sides: tuple[str, ...] = (), span: str = "") -> str:
    edges = _edges(*sides) if sides else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{edges}</w:tcPr>{EMPTY}</w:tc>'


def _text_box(width: int, run: str, side: int) -> str:
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:gridSpan w:val="2"/>'
            + _edges("top", "left", "bottom", "right")
            + f'<w:tcMar><w:top w:w="40" w:type="dxa"/><w:left w:w="{side}" w:type="dxa"/>'
            f'<w:bottom w:w="40" w:type="dxa"/><w:right w:w="{side}" w:type="dxa"/></w:tcMar>'
            f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="ChartBox"/>'
            f'</w:pPr>{run}</w:p></w:tc>')


def test_drawing_lines_are_the_borders_of_both_cells_of_an_edge():
    # 甲 over 乙, a line down from the middle of 甲; 乙 in 小五 with narrow margins.
    drawing = frames.Drawing(1000, [None, 100, None],
                             [frames.Box(0, 250, 750, "甲"),
                              frames.Box(2, 0, 500, "乙", side=20, size=18)],
                             down=[(500, 1, 1)], across=[])
    span = '<w:gridSpan w:val="2"/>'
    assert xml(drawing.table()) == (
        '<w:tbl><w:tblPr><w:tblStyle w:val="ChartTable"/><w:tblW w:w="1000" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/>'
        '<w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/>'
        '<w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        + NO_LOOK + '</w:tblPr>' + _grid(250, 250, 250, 250)
        + ROW.format(_blank(250, ("right",))
                     + _text_box(500, '<w:r><w:t xml:space="preserve">甲</w:t></w:r>', 57)
                     + _blank(250, ("left",)))
        + '<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="100" w:hRule="exact"/></w:trPr>'
        + _blank(250, ("bottom",)) + _blank(250, ("top", "bottom", "right"))
        + _blank(250, ("top", "left")) + _blank(250) + '</w:tr>'
        + ROW.format(_text_box(500, '<w:r><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/>'
                                    '</w:rPr><w:t xml:space="preserve">乙</w:t></w:r>', 20)
                     + _blank(500, ("left",), span))
        + '</w:tbl>')


def test_drawing_grid_has_every_cut_and_rows_cut_only_where_they_or_a_neighbour_need():
    # A bus along the top of row 1 from 100 to 900, stubs down to two boxes.
    drawing = frames.Drawing(1000, [None, 100, None],
                             [frames.Box(0, 300, 700, "上"), frames.Box(2, 0, 200, "左"),
                              frames.Box(2, 800, 1000, "右")],
                             down=[(100, 1, 1), (900, 1, 1)], across=[(1, 100, 900)])
    assert drawing.grid() == [0, 100, 200, 300, 700, 800, 900, 1000]
    table = drawing.table()
    cuts = []
    for tr in table.iter(w("tr")):
        x, row = 0, [0]
        for tc in tr.iter(w("tc")):
            x += int(tc.find(f"{w('tcPr')}/{w('tcW')}").get(w("w")))
            row.append(x)
        cuts.append(row)
    assert cuts == [[0, 100, 300, 700, 900, 1000],  # 上, and the bus along its foot
                    [0, 100, 200, 300, 700, 800, 900, 1000],
                    [0, 200, 800, 1000]]  # 左 and 右 only
    # The bus is the edge between rows 0 and 1 from 100 to 900: the bottom border of
    # the cells above it and the top border of those below, and no more.
    first, middle = ([tc.find(f"{w('tcPr')}/{w('tcBorders')}") for tc in tr.iter(w("tc"))]
                     for tr in table.findall(w("tr"))[:2])
    assert [b is not None and b.find(w("bottom")) is not None for b in first] == [
        False, True, True, True, False]
    assert [b is not None and b.find(w("top")) is not None for b in middle] == [
        False, True, True, True, True, True, False]
    assert out_of_order(table) == []


def test_figure_room_is_the_frame_less_its_cell_margins():
    assert frames.figure_room(8504) == 8504 - 2 * 108
