"""Very long tables, written as a run of tables of at most `PART_ROWS` rows.

LibreOffice lays a table out in time that grows with the square of its rows: one
10,000-row register kept it busy for over 18 minutes, where the same rows in
tables of 200 lay out in under a minute. So a table whose fragment holds more than
`LONG_ROWS` rows is closed every `PART_ROWS` rows and opened again with its own
properties, grid and header rows, after a one-point paragraph (two tables with
nothing between them are one table to Word). The reader sees the header again
where a part starts, as on every page; shorter tables are untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

LONG_ROWS = 400
PART_ROWS = 200
_ROW_TOKENS = re.compile(rb"<w:tr(?=[ >])|</w:tr>")
_TABLE_START = re.compile(rb"<w:tbl(?=[ >])")
# A paragraph one point high between the parts: children in schema order.
# Off the document grid, or it is one grid line high.
_GAP = (b'<w:p><w:pPr><w:snapToGrid w:val="0"/>'
        b'<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        b'<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>')


def opening(skeleton: bytes, position: int) -> bytes | None:
    """The text from the start of the table that holds `position` up to it (its
    properties, grid and header rows), or None when that is not one plain table."""
    starts = list(_TABLE_START.finditer(skeleton, 0, position))
    if not starts:
        return None
    head = skeleton[starts[-1].start():position]
    if b"</w:tbl>" in head or b"<?" in head:
        return None
    return head


def split(chunks: Iterable[bytes], head: bytes, rows: int) -> Iterator[bytes]:
    """The fragment's row XML, with the table closed and opened again (`head`) after
    every PART_ROWS top-level rows, when it holds more than LONG_ROWS rows."""
    if rows <= LONG_ROWS:
        yield from chunks
        return
    restart = b"</w:tbl>" + _GAP + head
    depth = count = 0
    carry = b""
    for chunk in chunks:
        data, position = carry + chunk, 0
        end = 0  # after the last token seen whole
        for m in _ROW_TOKENS.finditer(data):
            end = m.end()
            if m.group() != b"</w:tr>":
                depth += 1
                continue
            depth -= 1
            if depth == 0:
                count += 1
                if count % PART_ROWS == 0 and count < rows:
                    yield data[position:m.end()]
                    yield restart
                    position = m.end()
        # A token cut at the chunk's end is read again with the next chunk.
        keep = max(end, len(data) - len("</w:tr>"), position)
        yield data[position:keep]
        carry = data[keep:]
    yield carry
