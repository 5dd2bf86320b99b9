"""Reading a built .docx back the way a reviewer reads it: paragraphs, headings, tables."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS}
# Word joiners (U+2060) around the hyphen of a phone number or code keep it on one
# line (`|whole` in the templates); a reader sees nothing of them. A narrow no-break
# space joins a standard's prefix to its number (GB 18218-2018), as a no-break space
# may in a document docgen did not make; a reader sees a space.
JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"
NARROW_NO_BREAK_SPACE = "\u202f"


ZERO_WIDTH_SPACE = "\u200b"  # where a list of codes may break (R-02、R-03)


def seen(text: str) -> str:
    """Text as a reader sees it."""
    return (text.replace(JOINER, "").replace(ZERO_WIDTH_SPACE, "")
            .replace(NO_BREAK_SPACE, " ").replace(NARROW_NO_BREAK_SPACE, " "))


def open_document(path: Path) -> Document:
    return docx.Document(str(path))


def _as_document(source: Path | Document) -> Document:
    return source if isinstance(source, Document) else open_document(source)


def iter_cells(tables: list[Table]) -> Iterator[_Cell]:
    """Every cell of the tables, including the cells of tables nested in cells."""
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                yield cell
                yield from iter_cells(cell.tables)


def document_text(source: Path | Document) -> str:
    """All paragraph texts and all table-cell texts (nested tables too), one per line."""
    doc = _as_document(source)
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for cell in iter_cells(doc.tables)]
    return seen("\n".join(parts))


def paragraphs(source: Path | Document) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph outside tables, in order."""
    doc = _as_document(source)
    return [(p.style.name if p.style is not None else "", seen(p.text)) for p in doc.paragraphs]


def headings(source: Path | Document,
             levels: tuple[int, ...] = (1, 2, 3, 4)) -> list[tuple[int, str]]:
    """(level, text) of the Heading N paragraphs, in document order."""
    wanted = {f"Heading {n}": n for n in levels}
    return [(wanted[style], text) for style, text in paragraphs(source) if style in wanted]


def outline(source: Path | Document) -> dict[str, list[str]]:
    """Heading 1 text → the Heading 2 texts under it, in order."""
    tree: dict[str, list[str]] = {}
    current = None
    for level, text in headings(source, (1, 2)):
        if level == 1:
            current = text
            tree[current] = []
        elif current is not None:
            tree[current].append(text)
    return tree


def body_blocks(source: Path | Document) -> list[Paragraph | Table]:
    """The body's paragraphs and tables in document order."""
    return list(_as_document(source).iter_inner_content())


def _heading_level(block: Paragraph | Table) -> int | None:
    if isinstance(block, Paragraph) and block.style is not None:
        name = block.style.name
        if name.startswith("Heading ") and name[8:].isdigit():
            return int(name[8:])
    return None


def section_blocks(source: Path | Document, heading: str) -> list[Paragraph | Table]:
    """The blocks after the heading whose text is `heading`, up to the next heading of
    the same or a higher level."""
    blocks = body_blocks(source)
    for i, block in enumerate(blocks):
        level = _heading_level(block)
        if level is not None and block.text == heading:
            out = []
            for following in blocks[i + 1:]:
                other = _heading_level(following)
                if other is not None and other <= level:
                    break
                out.append(following)
            return out
    raise AssertionError(f"no heading {heading!r} in the document")


def blocks_text(blocks: list[Paragraph | Table]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts += [cell.text for cell in iter_cells([block])]
    return seen("\n".join(parts))


def section_text(source: Path | Document, heading: str) -> str:
    return blocks_text(section_blocks(source, heading))


def table_records(table: Table) -> list[dict[str, str]]:
    """The rows after the header as dicts keyed by the header cells' text."""
    rows = [[seen(cell.text) for cell in row.cells] for row in table.rows]
    header, body = rows[0], rows[1:]
    return [dict(zip(header, row, strict=True)) for row in body]


def find_tables(source: Path | Document, *headers: str,
                without: tuple[str, ...] = ()) -> list[Table]:
    """The tables (nested ones too) whose first row holds every one of `headers` and none
    of `without`."""
    doc = _as_document(source)
    found = []

    def visit(tables: list[Table]) -> None:
        for table in tables:
            first = [cell.text for cell in table.rows[0].cells] if table.rows else []
            if all(h in first for h in headers) and not any(h in first for h in without):
                found.append(table)
            for row in table.rows:
                for cell in row.cells:
                    visit(cell.tables)

    visit(doc.tables)
    return found


def records(source: Path | Document, *headers: str,
            without: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """The data rows of every table whose header holds `headers` (and none of `without`)."""
    tables = find_tables(source, *headers, without=without)
    assert tables, f"no table with headers {headers}"
    return [r for t in tables for r in table_records(t)]


def record_where(rows: list[dict[str, str]], column: str, value: str) -> dict[str, str]:
    matches = [r for r in rows if r.get(column) == value]
    assert len(matches) == 1, f"expected one row with {column}={value!r}, got {matches}"
    return matches[0]


def cell_fill(cell: _Cell) -> str | None:
    shd = cell._tc.find(f"{{{W_NS}}}tcPr/{{{W_NS}}}shd")
    return None if shd is None else shd.get(f"{{{W_NS}}}fill")


def parse_all_xml(path: Path) -> list[str]:
    """Parse every XML part of the package strictly with lxml; returns the part names."""
    names = []
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))  # raises on malformed XML
                names.append(name)
    return names


def read_part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)
