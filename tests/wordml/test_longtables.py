"""Very long tables are written as parts of PART_ROWS rows, each opening with the
table's own properties and header (docgen.wordml.longtables)."""

from __future__ import annotations

import re

from lxml import etree

from docgen.wordml import longtables
from docgen.wordml.longtables import LONG_ROWS, PART_ROWS, opening, split

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEAD = (b'<w:tbl><w:tblPr><w:tblStyle w:val="PlanTable"/></w:tblPr>'
        b'<w:tblGrid><w:gridCol w:w="100"/></w:tblGrid>'
        b'<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>H</w:t></w:r></w:p>'
        b'</w:tc></w:tr>')


def _row(i: int, nested: bool = False) -> bytes:
    inner = (b'<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>'
             if nested else b"")
    return (b'<w:tr><w:tc><w:p><w:r><w:t>%d</w:t></w:r></w:p>' % i) + inner + b"</w:tc></w:tr>"


def _document(rows: int, chunk: int, nested_every: int = 0) -> etree._Element:
    data = b"".join(_row(i, bool(nested_every) and i % nested_every == 0) for i in range(rows))
    chunks = [data[k:k + chunk] for k in range(0, len(data), chunk)]
    body = HEAD + b"".join(split(chunks, HEAD, rows)) + b"</w:tbl>"
    return etree.fromstring(b'<w:body xmlns:w="%s">' % W.encode() + body + b"</w:body>")


def _tables(body: etree._Element) -> list[list[str]]:
    """Each top-level table's first-cell texts, row by row."""
    return [["".join(tr.find(f"{{{W}}}tc").itertext()) for tr in tbl.findall(f"{{{W}}}tr")]
            for tbl in body.findall(f"{{{W}}}tbl")]


def test_a_long_table_is_split_into_parts_that_each_open_with_the_header():
    rows = LONG_ROWS + 50
    for chunk in (7, 64, 1000, 1 << 20):  # rows and tags cut anywhere between chunks
        body = _document(rows, chunk)
        tables = _tables(body)
        assert [len(t) - 1 for t in tables] == [PART_ROWS, PART_ROWS, rows - 2 * PART_ROWS]
        assert all(t[0] == "H" for t in tables)
        assert [x for t in tables for x in t[1:]] == [str(i) for i in range(rows)]
        gaps = [p for p in body if p.tag == f"{{{W}}}p"]
        assert len(gaps) == len(tables) - 1  # Word would join two touching tables


def test_rows_holding_nested_tables_count_once():
    rows = LONG_ROWS + 1
    tables = _tables(_document(rows, 97, nested_every=3))
    assert [len(t) - 1 for t in tables] == [PART_ROWS, PART_ROWS, 1]


def test_a_table_of_ordinary_length_is_left_as_it_is():
    data = b"".join(_row(i) for i in range(LONG_ROWS))
    assert b"".join(split([data[:100], data[100:]], HEAD, LONG_ROWS)) == data


def test_the_opening_is_the_enclosing_tables_start_or_nothing():
    skeleton = b"<w:body><w:p/>" + HEAD + b"<?docgen-fragment 0?></w:tbl></w:body>"
    at = skeleton.index(b"<?docgen")
    assert opening(skeleton, at) == HEAD
    after_a_table = b"<w:body>" + HEAD + b"</w:tbl><w:p/><?docgen-fragment 0?></w:body>"
    assert opening(after_a_table, after_a_table.index(b"<?docgen")) is None
    assert opening(b"<w:body><?docgen-fragment 0?>", 8) is None


def test_the_gap_between_parts_is_a_valid_paragraph():
    gap = etree.fromstring(longtables._GAP.replace(b"<w:p>", b'<w:p xmlns:w="%s">' % W.encode()))
    names = [re.sub(r"\{.*\}", "", c.tag) for c in gap.find(f"{{{W}}}pPr")]
    assert names == ["snapToGrid", "spacing", "rPr"]  # CT_PPr's order
