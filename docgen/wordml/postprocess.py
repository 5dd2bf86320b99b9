"""The rendered skeleton, finished in one walk through its tree: every property
element in schema order, white text on dark cell fills, ids of pictures made
unique, a `_Toc` bookmark on every heading the 目录 lists, a bookmark where page
numbering starts again (for the layout pass), and every data table's columns
sized for its tokens and its rows kept together as the page-flow rule says —
together with the rows the fast path wrote as fragments."""

from __future__ import annotations

from docx.document import Document
from lxml import etree

from docgen.wordml import tables
from docgen.wordml.fields import add_bookmark
from docgen.wordml.ns import WP_NS, local, w
from docgen.wordml.oxml import ORDER, sort_children
from docgen.wordml.package import FRAGMENT, FragmentInfo, FragmentStore
from docgen.wordml.sections import mark_numbering_restarts
from docgen.wordml.text import paragraph_text, style_of
from docgen.wordml.toc import FRONT, LEVELS, TocEntry, bookmark_name

BOOKMARK_ID_BASE = 9000  # w:id of our bookmarks; templates and docxtpl use none this high
FIRST_PICTURE_ID = 1  # the fast path numbers its pictures from FRAGMENT_PICTURE_ID
FRAGMENT_PICTURE_ID = 100000
SHORT_TABLE = 3  # data rows: a table this short is kept whole on one page; a longer one
# starts where its caption, header and first two rows fit (the rest may follow on the next)
FIGURE_TABLE = "ChartTable"

_P, _TCPR, _TBL, _DOCPR = w("p"), w("tcPr"), w("tbl"), f"{{{WP_NS}}}docPr"
_ORDERED = {w(name) for name in ORDER}


def keeps_with_next(index: int, total: int) -> bool:
    """Whether the data row at `index` (from 0) of `total` keeps with the next:
    every row of a short table but its last, so that it stays whole; the first row
    of a long one, so that the header never stands with a single row."""
    if total <= SHORT_TABLE:
        return index < total - 1
    return index == 0


def finish(document: Document, fragments: FragmentStore | None = None) -> list[TocEntry]:
    """Walk the body once; returns the 目录's entries in document order."""
    body = document.element.body
    entries: list[TocEntry] = []
    picture = FIRST_PICTURE_ID
    data_tables: list[etree._Element] = []
    for node in list(body.iter(_P, _DOCPR, _TBL, *_ORDERED)):
        tag = node.tag
        if tag == _DOCPR:
            node.set("id", str(picture))
            picture += 1
            continue
        if tag == _TBL:
            data_tables.append(node)
            continue
        sort_children(node)
        if tag == _TCPR and tables.is_dark(tables.cell_fill(node.getparent())):
            tables.whiten(node.getparent())
        elif tag == _P:
            style = style_of(node)
            level = LEVELS.get(style)
            text = paragraph_text(node) if level else ""
            if level and text:
                name = bookmark_name(len(entries))
                add_bookmark(node, BOOKMARK_ID_BASE + len(entries), name)
                entries.append(TocEntry(level, text, name, front=style in FRONT))
    unit = _unit(document)
    for table in data_tables:
        _data_table(table, fragments, unit)
    _keep_signatures(body, fragments)
    mark_numbering_restarts(body, BOOKMARK_ID_BASE + len(entries))
    return entries


SIGNATURE = "RightAligned"  # 右对齐: the signature, seal and date lines


def _keep_signatures(body: etree._Element, fragments: FragmentStore | None) -> None:
    """A signature block (the 右对齐 lines: 主要负责人（签字）, the unit's seal, the date)
    stays whole and on the page of the paragraph it closes, never a date alone at the
    top of the next page: each line keeps with the next, and so does the paragraph
    before the block (特此发布。, or the last line the fast path wrote there)."""
    before: etree._Element | None = None  # the last paragraph, table or fragment
    for node in body:
        if isinstance(node, etree._ProcessingInstruction):
            if node.target == FRAGMENT and fragments is not None and node.text \
                    and node.text.isdigit() and not fragments.is_empty(int(node.text)):
                before = node
            continue
        if node.tag == _P and style_of(node) == SIGNATURE:
            if before is not None and before.tag == _P:
                tables.keep_with_next(before)
            elif isinstance(before, etree._ProcessingInstruction) and fragments is not None:
                fragments.keep_last.add(int(before.text or "0"))
        if node.tag in (_P, _TBL):
            before = node


def _unit(document: Document) -> int:
    """Twips of a half-width character in table text (its style's size)."""
    try:
        style = document.styles.element.find(f"{w('style')}[@{w('styleId')}='TableText']")
        size = style.find(f"{w('rPr')}/{w('sz')}").get(w("val"))
        return int(size) * 5  # half-points → twips of half an em
    except (AttributeError, TypeError, ValueError):
        return 105  # 10.5 pt


def _data_table(table: etree._Element, fragments: FragmentStore | None, unit: int) -> None:
    """Columns wide enough for the tokens of their cells, and rows kept together
    as `keeps_with_next` says, for the table's own rows and its fragments' alike."""
    rows = table.findall(w("tr"))
    columns = _data_columns(table, rows)
    if columns is None:
        return
    numbers = _fragment_numbers(table)
    infos = [fragments.tables[n] for n in numbers if fragments and n in fragments.tables]
    header = [tr for tr in rows if tr.find(f"{w('trPr')}/{w('tblHeader')}") is not None]
    data = [tr for tr in rows if tr not in header]
    total = len(data) + sum(info.rows for info in infos)
    needs, wishes, filled = _measure(data, infos, len(columns))
    for tr in header:  # a short header (联系人, 数量) is better not broken either
        for k, tc in enumerate(tr.findall(w("tc"))[:len(wishes)]):
            wishes[k] = max(wishes[k], tables.header_units(tables.cell_text(tc)))
    kept = list(range(len(columns)))
    if total and (drop := _empty_optional(header, filled)):
        kept = [k for k in kept if k not in drop]
        columns = _drop_columns(table, columns, rows, drop)
        needs, wishes = [needs[k] for k in kept], [wishes[k] for k in kept]
        filled = [filled[k] for k in kept]
        for n in numbers:
            if fragments and n in fragments.tables:
                fragments.dropped[n] = drop
    fitted = _fit_columns(columns, rows, unit, needs, wishes, filled)
    for n in numbers:
        if fragments and n in fragments.tables:
            full = [0] * len(fragments.tables[n].widths)  # by the cells' marks
            for k, width in zip(kept, fitted, strict=False):
                if k < len(full):
                    full[k] = width
            fragments.widths[n] = full
    _keep_rows(header, data, total)


OPTIONAL_HEADER = "TableHeaderOptional"  # 表头（空列略去）: a column no row must fill


def _empty_optional(header: list[etree._Element], filled: list[bool]) -> set[int]:
    """The columns whose header says they may be left out (备注) and which no data row
    fills; never every column."""
    if not header:
        return set()
    cells = header[-1].findall(w("tc"))
    drop = {k for k, tc in enumerate(cells[:len(filled)]) if not filled[k]
            and any(style_of(p) == OPTIONAL_HEADER for p in tc.iter(_P))}
    return drop if len(drop) < len(cells) else set()


def _drop_columns(table: etree._Element, columns: list[etree._Element],
                  rows: list[etree._Element], drop: set[int]) -> list[etree._Element]:
    """The table without the columns `drop` (its own rows; the fragments' rows lose
    theirs as they are written): their width shared among the others, in proportion.
    Returns the grid columns left."""
    widths = [int(c.get(w("w"), "0") or 0) for c in columns]
    left = [k for k in range(len(columns)) if k not in drop]
    room, share = sum(widths), sum(widths[k] for k in left)
    grid = table.find(w("tblGrid"))
    for k in sorted(drop, reverse=True):
        if grid is not None:
            grid.remove(columns[k])
        for tr in rows:
            cells = tr.findall(w("tc"))
            if k < len(cells):
                tr.remove(cells[k])
    kept = [columns[k] for k in left]
    if share:
        new = [widths[k] * room // share for k in left]
        new[-1] += room - sum(new)
        _set_widths(kept, rows, new)
    return kept


def _set_widths(columns: list[etree._Element], rows: list[etree._Element],
                widths: list[int]) -> None:
    """The grid's columns and every row's cells take these widths."""
    for column, width in zip(columns, widths, strict=True):
        column.set(w("w"), str(width))
    for tr in rows:
        for tc, width in zip(tr.findall(w("tc")), widths, strict=False):
            cell_width = tc.find(f"{w('tcPr')}/{w('tcW')}")
            if cell_width is not None:
                cell_width.set(w("w"), str(width))


def _data_columns(table: etree._Element, rows: list[etree._Element]
                  ) -> list[etree._Element] | None:
    """The grid columns of a data table; None for a figure, a table of one column
    and a form (merged cells), whose widths are as drawn."""
    props = table.find(w("tblPr"))
    style = props.find(w("tblStyle")) if props is not None else None
    grid = table.find(w("tblGrid"))
    if grid is None or (style is not None and style.get(w("val")) == FIGURE_TABLE):
        return None
    columns = grid.findall(w("gridCol"))
    if len(columns) < 2 or any(tc.find(f"{w('tcPr')}/{w('gridSpan')}") is not None or
                               tc.find(f"{w('tcPr')}/{w('vMerge')}") is not None
                               for tr in rows for tc in tr.findall(w("tc"))):
        return None
    return columns


def _fragment_numbers(table: etree._Element) -> list[int]:
    """The fragments of rows the fast path wrote into the table, by their markers."""
    return [int(pi.text) for pi in table if isinstance(pi, etree._ProcessingInstruction)
            and pi.target == FRAGMENT and pi.text and pi.text.isdigit()]


def _measure(data: list[etree._Element], infos: list[FragmentInfo], count: int
             ) -> tuple[list[float], list[float], list[bool]]:
    """Per column: the widest token, the widest short word, and whether any row
    (of the table or of its fragments) holds text there."""
    needs, wishes = [0.0] * count, [0.0] * count
    filled = [False] * count
    for tr in data:
        for k, tc in enumerate(tr.findall(w("tc"))[:count]):
            text = tables.cell_text(tc)
            needs[k] = max(needs[k], tables.token_units(text))
            wishes[k] = max(wishes[k], tables.word_units(text))
            filled[k] = filled[k] or bool(text.strip())
    for info in infos:
        for k in range(min(count, len(info.needs))):
            needs[k] = max(needs[k], info.needs[k])
            wishes[k] = max(wishes[k], info.wishes[k])
            filled[k] = filled[k] or info.filled[k]
    return needs, wishes, filled


def _fit_columns(columns: list[etree._Element], rows: list[etree._Element], unit: int,
                 needs: list[float], wishes: list[float], filled: list[bool]) -> list[int]:
    """The grid and the cells' widths fitted to the columns' needs; the widths."""
    widths = [int(c.get(w("w"), "0") or 0) for c in columns]
    fitted = tables.fit_widths(widths, needs, unit, wishes, filled) if all(widths) else widths
    if fitted != widths:
        _set_widths(columns, rows, fitted)
    return fitted


def _keep_rows(header: list[etree._Element], data: list[etree._Element], total: int) -> None:
    """Header rows keep with the next; data rows as `keeps_with_next` says, of `total`
    data rows (the fragments' too)."""
    for tr in header:
        for p in tr.iter(_P):
            tables.keep_with_next(p)
    for index, tr in enumerate(data):
        if keeps_with_next(index, total):
            for p in tr.iter(_P):
                tables.keep_with_next(p)


def renumber_pictures(xml: str, start: int) -> tuple[str, int]:
    """Unique ids for the pictures of fast-path text; returns the next free id."""
    if "docPr" not in xml:
        return xml, start
    parts = xml.split("<wp:docPr id=\"")
    out = [parts[0]]
    for part in parts[1:]:
        out.append(f'<wp:docPr id="{start}' + part[part.index('"'):])
        start += 1
    return "".join(out), start


__all__ = ["FRAGMENT_PICTURE_ID", "finish", "keeps_with_next", "local", "renumber_pictures"]
