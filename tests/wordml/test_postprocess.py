"""docgen.wordml.postprocess: the rendered skeleton finished in one walk — schema
order, white text on dark fills, unique picture ids, `_Toc` bookmarks on the
headings the 目录 lists, page-restart bookmarks, and data tables sized for their
tokens with their rows kept together."""

from __future__ import annotations

import docx
import pytest
from wml import element, w, xml

from docgen.wordml.package import FragmentInfo, FragmentStore, marker
from docgen.wordml.postprocess import (
    BOOKMARK_ID_BASE,
    FRAGMENT_PICTURE_ID,
    SHORT_TABLE,
    finish,
    keeps_with_next,
    renumber_pictures,
)
from docgen.wordml.styles import install_styles
from docgen.wordml.toc import TocEntry

KEEP = "<w:pPr><w:keepNext/></w:pPr>"


def _document(body: str, styles: bool = True) -> docx.document.Document:
    """A document whose body is `body` (children of w:body, one line)."""
    document = docx.Document()
    if styles:
        install_styles(document)
    old = document.element.body
    for child in list(old):
        old.remove(child)
    for child in element(f"<w:body>{body}</w:body>"):
        old.append(child)
    return document


def _body(document) -> str:
    return xml(document.element.body)[len("<w:body>"):-len("</w:body>")]


# -- the page-flow rule ---------------------------------------------------------------------

@pytest.mark.parametrize(("index", "total", "keeps"), [
    (0, 1, False),  # a single row keeps with nothing
    (0, 2, True), (1, 2, False),
    (0, SHORT_TABLE, True), (SHORT_TABLE - 2, SHORT_TABLE, True),
    (SHORT_TABLE - 1, SHORT_TABLE, False),
    # a long table: only its first row keeps with the next, so that the header is never alone
    (0, SHORT_TABLE + 1, True), (1, SHORT_TABLE + 1, False), (SHORT_TABLE, SHORT_TABLE + 1, False),
    (0, 10 ** 9, True), (5, 10 ** 9, False),
])
def test_keeps_with_next(index, total, keeps):
    assert keeps_with_next(index, total) is keeps


# -- pictures -------------------------------------------------------------------------------

def test_renumber_pictures_numbers_fast_path_pictures_from_start():
    xml_text = ('<w:r><wp:inline><wp:docPr id="1" name="a"/></wp:inline></w:r>'
                '<w:r><wp:anchor><wp:docPr id="1" name="b"/></wp:anchor></w:r>')
    assert renumber_pictures(xml_text, FRAGMENT_PICTURE_ID) == (
        '<w:r><wp:inline><wp:docPr id="100000" name="a"/></wp:inline></w:r>'
        '<w:r><wp:anchor><wp:docPr id="100001" name="b"/></wp:anchor></w:r>', 100002)


def test_renumber_pictures_leaves_text_without_pictures():
    text = "<w:p/>"
    assert renumber_pictures(text, 7) == (text, 7)


def test_finish_numbers_the_skeleton_s_pictures_from_one():
    picture = ('<w:r><w:drawing><wp:inline><wp:docPr id="{}" name="p"/></wp:inline></w:drawing>'
               '</w:r>')
    document = _document(f"<w:p>{picture.format(5)}{picture.format(5)}</w:p>"
                         f"<w:p>{picture.format(9)}</w:p>")
    finish(document)
    assert [d.get("id") for d in document.element.body.iter("{*}docPr")] == ["1", "2", "3"]


# -- headings, order, shading ---------------------------------------------------------------

def test_finish_bookmarks_the_headings_the_toc_lists_and_returns_its_entries():
    document = _document(
        '<w:p><w:pPr><w:pStyle w:val="FrontTitle"/></w:pPr><w:r><w:t>发布令</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>第一章 总则</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>一、</w:t><w:tab/>'
        '<w:t>目的</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t>（一）不列入</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:p>'  # empty: not listed
        '<w:sectPr/>')
    assert finish(document) == [
        TocEntry(1, "发布令", "_Toc100000000", front=True),
        TocEntry(1, "第一章 总则", "_Toc100000001", front=False),
        TocEntry(2, "一、 目的", "_Toc100000002", front=False),
    ]
    assert _body(document) == (
        '<w:p><w:pPr><w:pStyle w:val="FrontTitle"/></w:pPr>'
        '<w:bookmarkStart w:id="9000" w:name="_Toc100000000"/><w:r><w:t>发布令</w:t></w:r>'
        '<w:bookmarkEnd w:id="9000"/></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
        '<w:bookmarkStart w:id="9001" w:name="_Toc100000001"/><w:r><w:t>第一章 总则</w:t></w:r>'
        '<w:bookmarkEnd w:id="9001"/></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr>'
        '<w:bookmarkStart w:id="9002" w:name="_Toc100000002"/><w:r><w:t>一、</w:t><w:tab/>'
        '<w:t>目的</w:t></w:r><w:bookmarkEnd w:id="9002"/></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t>（一）不列入</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:p><w:sectPr/>')


def test_finish_marks_page_restarts_after_the_heading_bookmarks():
    document = _document(
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>第一章</w:t></w:r></w:p>'
        '<w:sectPr><w:pgNumType w:start="1"/></w:sectPr>')
    finish(document)
    starts = sorted((b.get(w("id")), b.get(w("name"))) for b in document.element.body.iter(
        w("bookmarkStart")))
    assert starts == [(str(BOOKMARK_ID_BASE), "_Toc100000000"),
                      (str(BOOKMARK_ID_BASE + 1), "_PageStart000n1")]


def test_finish_puts_rendered_properties_in_schema_order():
    document = _document(
        '<w:p><w:pPr><w:jc w:val="center"/><w:pStyle w:val="Note"/></w:pPr>'
        '<w:r><w:rPr><w:sz w:val="21"/><w:b/></w:rPr><w:t>x</w:t></w:r></w:p>'
        '<w:sectPr><w:pgMar w:top="1"/><w:pgSz w:w="1"/></w:sectPr>')
    finish(document)
    assert _body(document) == (
        '<w:p><w:pPr><w:pStyle w:val="Note"/><w:jc w:val="center"/></w:pPr>'
        '<w:r><w:rPr><w:b/><w:sz w:val="21"/></w:rPr><w:t>x</w:t></w:r></w:p>'
        '<w:sectPr><w:pgSz w:w="1"/><w:pgMar w:top="1"/></w:sectPr>')


def test_finish_whitens_the_text_of_dark_cells_and_orders_their_properties():
    document = _document(
        '<w:tbl><w:tblPr><w:tblStyle w:val="ChartTable"/></w:tblPr><w:tblGrid><w:gridCol w:w="1"/>'
        '</w:tblGrid><w:tr>'
        '<w:tc><w:tcPr><w:shd w:val="clear" w:fill="FF0000"/><w:tcW w:w="1"/></w:tcPr>'
        '<w:p><w:r><w:t>重大</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:tcPr><w:shd w:val="clear" w:fill="FFC000"/></w:tcPr>'
        '<w:p><w:r><w:t>较大</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>')
    finish(document)
    assert _body(document) == (
        '<w:tbl><w:tblPr><w:tblStyle w:val="ChartTable"/></w:tblPr><w:tblGrid><w:gridCol w:w="1"/>'
        '</w:tblGrid><w:tr>'
        '<w:tc><w:tcPr><w:tcW w:w="1"/><w:shd w:val="clear" w:fill="FF0000"/></w:tcPr>'
        '<w:p><w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>重大</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:tcPr><w:shd w:val="clear" w:fill="FFC000"/></w:tcPr>'
        '<w:p><w:r><w:t>较大</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>')


# -- data tables ----------------------------------------------------------------------------

def _cell(width: int | str, text: str = "") -> str:
    run = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>{run}</w:p></w:tc>'


def _kept_cell(width: int, text: str = "") -> str:
    run = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p>{KEEP}{run}</w:p></w:tc>')


def _table(widths, rows: list[str], style: str = "PlanTable", extra: str = "") -> str:
    grid = "".join(f'<w:gridCol w:w="{x}"/>' for x in widths)
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            + "".join(rows) + extra + "</w:tbl>")


HEADER = '<w:tr><w:trPr><w:tblHeader/></w:trPr>{}</w:tr>'
PHONE_ROW = f"<w:tr>{_cell(1000, '13900000001')}{_cell(3000, '说明')}</w:tr>"


def test_a_short_data_table_keeps_together_and_fits_its_phone_column():
    rows = [HEADER.format(_cell(1000, "电话") + _cell(3000, "说明"))]
    rows += [f"<w:tr>{_cell(1000, '13900000001')}{_cell(3000, '说明文字')}</w:tr>"] * 2
    document = _document(_table([1000, 3000], rows) + "<w:p/>")
    finish(document)
    # 11 digits × 105 twips + 230 of margins: 1385, taken from the description column
    kept = [f"<w:tr>{_kept_cell(1385, '13900000001')}{_kept_cell(2615, '说明文字')}</w:tr>",
            f"<w:tr>{_cell(1385, '13900000001')}{_cell(2615, '说明文字')}</w:tr>"]
    assert _body(document) == _table(
        [1385, 2615], [HEADER.format(_kept_cell(1385, "电话") + _kept_cell(2615, "说明")),
                       *kept]) + "<w:p/>"


def test_a_short_header_is_a_word_not_broken_when_room_remains():
    """联系人 over a column of two-character names: the header wraps (联系 / 人) unless
    it counts as a word the column should hold; it takes the room from the wide one."""
    rows = [HEADER.format(_cell(500, "联系人") + _cell(3500, "说明"))]
    rows += [f"<w:tr>{_cell(500, '钟伟')}{_cell(3500, '说明文字')}</w:tr>"] * 4
    document = _document(_table([500, 3500], rows))
    finish(document)
    grid = [int(c.get(w("w"))) for c in document.element.body.iter(w("gridCol"))]
    assert grid[0] >= 6 * 105 + 230 and sum(grid) == 4000  # three characters and margins


def test_a_long_data_table_keeps_only_its_first_row_with_the_header():
    data = [f"<w:tr>{_cell(2000, str(n))}{_cell(2000)}</w:tr>" for n in range(SHORT_TABLE + 1)]
    document = _document(_table([2000, 2000], data))
    finish(document)
    kept = [tr.find(f"{w('tc')}/{w('p')}/{w('pPr')}/{w('keepNext')}") is not None
            for tr in document.element.body.iter(w("tr"))]
    assert kept == [True] + [False] * SHORT_TABLE


def test_the_unit_follows_the_table_text_size():
    document = _document(_table([1000, 3000], [PHONE_ROW]))
    size = document.styles.element.find(
        f"{w('style')}[@{w('styleId')}='TableText']/{w('rPr')}/{w('sz')}")
    size.set(w("val"), "24")  # 12 pt: 120 twips a half-width character
    finish(document)
    assert [c.get(w("w")) for c in document.element.body.iter(w("gridCol"))] == ["1550", "2450"]


def test_without_a_table_text_style_the_unit_is_10_5_pt():
    document = _document(_table([1000, 3000], [PHONE_ROW]), styles=False)
    finish(document)
    assert [c.get(w("w")) for c in document.element.body.iter(w("gridCol"))] == ["1385", "2615"]


@pytest.mark.parametrize("table", [
    # a figure: its boxes have their own widths
    _table([1000, 3000], [f"<w:tr>{_cell(1000, '13900000001')}{_cell(3000)}</w:tr>"] * 2,
           style="ChartTable"),
    # merged cells: a form
    _table([1000, 3000], [f"<w:tr>{_cell(1000, '13900000001')}{_cell(3000)}</w:tr>",
                          '<w:tr><w:tc><w:tcPr><w:tcW w:w="4000"/><w:gridSpan w:val="2"/></w:tcPr>'
                          '<w:p/></w:tc></w:tr>']),
    _table([1000, 3000], [f"<w:tr>{_cell(1000, '13900000001')}{_cell(3000)}</w:tr>",
                          '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>']),
    # one column
    _table([1000], [f"<w:tr>{_cell(1000, '13900000001')}</w:tr>"] * 2),
    # no grid
    '<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>',
])
def test_tables_that_are_not_data_tables_are_left_alone(table):
    document = _document(table + "<w:p/>")
    before = _body(document)
    finish(document)
    assert _body(document) == before


def test_a_grid_without_widths_keeps_its_columns_but_its_rows_keep_together():
    document = _document(_table([0, 0], [f"<w:tr>{_cell(0, '13900000001')}{_cell(0)}</w:tr>"] * 2))
    finish(document)
    assert [c.get(w("w")) for c in document.element.body.iter(w("gridCol"))] == ["0", "0"]
    assert len(list(document.element.body.iter(w("keepNext")))) == 2


def test_fragment_rows_count_for_the_widths_and_the_page_flow_rule():
    store = FragmentStore()
    number = store.add(["<w:tr/>"] * 20)
    store.tables[number] = FragmentInfo(rows=20, widths=[1000, 3000], needs=[11.0, 0.0],
                                        wishes=[11.0, 4.0], filled=[True, True])
    data = [f"<w:tr>{_cell(1000, '1')}{_cell(3000, '说明')}</w:tr>"] * 2
    document = _document(_table([1000, 3000], data, extra=f"<?docgen-fragment {number}?>"))
    try:
        finish(document, store)
    finally:
        store.close()
    assert store.widths == {number: [1385, 2615]}
    assert [c.get(w("w")) for c in document.element.body.iter(w("gridCol"))] == ["1385", "2615"]
    # 22 data rows in all: a long table, so only the first row keeps with the next
    kept = [tr.find(f".//{w('keepNext')}") is not None
            for tr in document.element.body.iter(w("tr"))]
    assert kept == [True, False]
    assert marker(number) == f"<?docgen-fragment {number}?>"


def test_the_widest_token_of_any_row_counts():
    rows = [f"<w:tr>{_cell(1500, t)}{_cell(1500, 'x')}{_cell(3000, '说明')}</w:tr>"
            for t in ("110", "0731-88286119", "13900000001")]
    document = _document(_table([1500, 1500, 3000], rows))
    finish(document)
    # 12 digits and a hyphen (a third of an em): 12.67 units, 1330 + 230 = 1560 twips for
    # the first column; the 60 come from the others in proportion to their room (600, 1200)
    assert [c.get(w("w")) for c in document.element.body.iter(w("gridCol"))] == [
        "1560", "1480", "2960"]
    assert [c.get(w("w")) for c in document.element.body.iter(w("tcW"))] == [
        "1560", "1480", "2960"] * 3
