"""docgen.wordml.sections: page size, margins, numbering and footers of a section,
and the bookmarks that tell a layout pass where page numbering starts again."""

from __future__ import annotations

import pytest
from wml import element, out_of_order, w, xml

from docgen.wordml.ns import qname
from docgen.wordml.sections import (
    LINE_PITCH,
    RESTART_BOOKMARK,
    mark_numbering_restarts,
    restart_bookmark,
    section_properties,
)

# (width, height, top, bottom, left, right) in mm, as PageGeometry.oriented gives them
A4 = (210, 297, 37, 35, 28, 26)  # GB/T 9704: 天头 37, 订口 28, text block 156 × 225
A4_LANDSCAPE = (297, 210, 28, 26, 37, 35)  # the portrait page turned
A6 = (105, 148, 9, 10, 9, 9)  # 应急处置卡
TAIL = '<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>'


@pytest.mark.parametrize(("page", "kwargs", "expected"), [
    (A4, {},
     '<w:sectPr><w:type w:val="nextPage"/><w:pgSz w:w="11906" w:h="16838"/>'
     '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" '
     'w:footer="1304" w:gutter="0"/>' + TAIL),
    (A4_LANDSCAPE, {"landscape": True, "footer_distance_mm": 14},
     '<w:sectPr><w:type w:val="nextPage"/><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
     '<w:pgMar w:top="1587" w:right="1984" w:bottom="1474" w:left="2098" w:header="851" '
     'w:footer="794" w:gutter="0"/>' + TAIL),
    # the cards' page, its footer 5 mm from the edge (authoring: max(bottom − 12, bottom / 2))
    (A6, {"footer_distance_mm": 5},
     '<w:sectPr><w:type w:val="nextPage"/><w:pgSz w:w="5953" w:h="8391"/>'
     '<w:pgMar w:top="510" w:right="510" w:bottom="567" w:left="510" w:header="851" '
     'w:footer="283" w:gutter="0"/>' + TAIL),
    (A4, {"restart_numbering": True, "footer_distance_mm": 23, "line_pitch": 600},
     '<w:sectPr><w:type w:val="nextPage"/><w:pgSz w:w="11906" w:h="16838"/>'
     '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" '
     'w:footer="1304" w:gutter="0"/><w:pgNumType w:fmt="decimal" w:start="1"/>'
     '<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="600"/></w:sectPr>'),
])
def test_section_properties(page, kwargs, expected):
    assert xml(section_properties(page, **kwargs)) == expected


def test_the_line_pitch_gives_22_lines_in_the_text_block():
    assert LINE_PITCH == 579
    assert 22 * LINE_PITCH <= round(225 * 1440 / 25.4) < 23 * LINE_PITCH


def test_footer_references_come_first_with_their_relationships():
    sect = section_properties(A4, restart_numbering=True,
                              footers=[("default", "rId9"), ("even", "rId10")])
    refs = sect.findall(w("footerReference"))
    assert [(r.get(w("type")), r.get(qname("r:id"))) for r in refs] == [
        ("default", "rId9"), ("even", "rId10")]
    assert [child.tag for child in sect][:3] == [w("footerReference")] * 2 + [w("type")]
    assert out_of_order(sect) == []


def test_restart_bookmark_names_the_number_pdfinfo_reads_back():
    name = restart_bookmark(3, 1)
    assert name == "_PageStart003n1"
    found = RESTART_BOOKMARK.search(name)
    assert found is not None and found.groups() == ("003", "1")


def _restart(start: int) -> str:
    return f'<w:sectPr><w:pgNumType w:fmt="decimal" w:start="{start}"/></w:sectPr>'


def test_mark_numbering_restarts_bookmarks_the_first_paragraph_of_each_restarting_section():
    body = element(
        '<w:body><w:p><w:r><w:t>封面</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:sectPr/></w:pPr></w:p>'  # the cover's section: no numbering
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
        f'<w:p><w:pPr>{_restart(1)}</w:pPr></w:p>'
        '<w:p><w:r><w:t>附件</w:t></w:r></w:p>'
        f'{_restart(5)}</w:body>')
    assert mark_numbering_restarts(body, 9100) == 2
    assert xml(body) == (
        '<w:body><w:p><w:r><w:t>封面</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:sectPr/></w:pPr></w:p>'
        '<w:tbl><w:tr><w:tc><w:p><w:bookmarkStart w:id="9100" w:name="_PageStart000n1"/>'
        '<w:r><w:t>表</w:t></w:r><w:bookmarkEnd w:id="9100"/></w:p></w:tc></w:tr></w:tbl>'
        f'<w:p><w:pPr>{_restart(1)}</w:pPr></w:p>'
        '<w:p><w:bookmarkStart w:id="9101" w:name="_PageStart001n5"/>'
        '<w:r><w:t>附件</w:t></w:r><w:bookmarkEnd w:id="9101"/></w:p>'
        f'{_restart(5)}</w:body>')


@pytest.mark.parametrize("text", [
    '<w:body><w:p/><w:sectPr/></w:body>',  # numbering does not start again
    f'<w:body>{_restart(1)}</w:body>',  # a section without a paragraph
    '<w:body><w:p/><w:sectPr><w:pgNumType w:fmt="upperRoman"/></w:sectPr></w:body>',
])
def test_mark_numbering_restarts_marks_nothing_without_a_restart(text):
    body = element(text)
    assert mark_numbering_restarts(body, 1) == 0
    assert xml(body) == text
