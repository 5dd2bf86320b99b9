"""A rendered document on its way to a file.

The document is a python-docx package whose body (the "skeleton") holds the
template's text, plus the fragments the fast path wrote for long loops — rows of
the risk register, the resource list, … — as XML text in a spooled temporary
file. The skeleton marks each fragment's place with a processing instruction;
`document_xml` writes the skeleton and splices the fragments in as it goes, so a
10,000-row register is never a tree in memory.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from docx.document import Document
from docx.opc.pkgwriter import _ContentTypesItem
from lxml import etree

from docgen.wordml.longtables import opening, split
from docgen.wordml.tables import keep_with_next_xml
from docgen.wordml.text import keep_dates_whole
from docgen.wordml.toc import instruction_of, toc_field_paragraphs

FRAGMENT = "docgen-fragment"  # <?docgen-fragment N?>
TOC_START, TOC_END = "docgen-toc", "docgen-toc-end"
_MARK = re.compile(rb"<\?(docgen-fragment|docgen-toc-end|docgen-toc)(?:\s+(\d+))?\s*\?>")
_SPOOL_IN_MEMORY = 8 * 1024 * 1024  # fragments beyond this go to a temporary file
_FLUSH = 1 << 16


def marker(number: int) -> str:
    return f"<?{FRAGMENT} {number}?>"


# Inside a fragment: the k-th cell width of its rows, decided after all rows are
# written (docgen.wordml.postprocess sizes columns from their content).
def width_mark(k: int) -> str:
    return f"\x00{k}\x00"


@dataclass
class FragmentInfo:
    """What post-processing needs to know of a fragment of table rows."""

    rows: int  # how many rows it holds
    widths: list[int]  # the template row's cell widths (twips), in order
    needs: list[float]  # per cell, the widest token that must not break (half-width units)
    wishes: list[float]  # per cell, the widest short word, better not broken either
    filled: list[bool]  # per cell, whether any row holds text in it


class FragmentStore:
    """XML text of the fragments, by number, in one spooled file (and the files of
    fragments a helper process wrote, once adopted)."""

    def __init__(self, file: IO[bytes] | None = None) -> None:
        # Owned by the store for the document's life; closed by close().
        self._file: IO[bytes] = file if file is not None else \
            tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115
        self._adopted: list[IO[bytes]] = []
        self._spans: dict[int, tuple[IO[bytes], int, int]] = {}  # file, start, length
        self._size = 0
        self.tables: dict[int, FragmentInfo] = {}  # fragments that are table rows
        self.widths: dict[int, list[int]] = {}  # their final cell widths
        self.keep_last: set[int] = set()  # fragments whose last paragraph keeps with the next
        self.dropped: dict[int, set[int]] = {}  # table fragments: the cells their rows lose

    def add(self, pieces: Iterable[str]) -> int:
        """Store the text of one fragment; returns its number."""
        number = self.reserve()
        self.fill(number, pieces)
        return number

    def reserve(self) -> int:
        """A number for a fragment whose text comes later (fill), empty until then."""
        number = len(self._spans)
        self._spans[number] = (self._file, 0, 0)
        return number

    def fill(self, number: int, pieces: Iterable[str]) -> None:
        start = self._size
        buffer: list[str] = []
        pending = 0
        for piece in pieces:
            buffer.append(piece)
            pending += len(piece)
            if pending > _FLUSH:
                self._write("".join(buffer))
                buffer, pending = [], 0
        self._write("".join(buffer))
        self._spans[number] = (self._file, start, self._size - start)

    def spans(self, numbers: Iterable[int]) -> dict[int, tuple[int, int]]:
        """Where these fragments lie in this store's file (for a store to adopt)."""
        return {n: self._spans[n][1:] for n in numbers}

    def adopt(self, file: IO[bytes], spans: dict[int, tuple[int, int]]) -> None:
        """Take over fragments another store wrote in `file` (a helper process's)."""
        self._adopted.append(file)
        for number, (start, length) in spans.items():
            self._spans[number] = (file, start, length)

    def _write(self, text: str) -> None:
        data = keep_dates_whole(text).encode("utf-8")  # a run cut between two writes: as is
        self._file.seek(self._size)
        self._file.write(data)
        self._size += len(data)

    def is_empty(self, number: int) -> bool:
        return self._spans[number][2] == 0

    def read(self, number: int, chunk: int = 1 << 20) -> Iterator[bytes]:
        file, start, length = self._spans[number]
        if number in self.keep_last and 0 < length <= chunk and number not in self.tables:
            file.seek(start)
            yield _last_kept(file.read(length))
            return
        widths = self.widths.get(number) or (self.tables[number].widths
                                              if number in self.tables else None)
        drop = self.dropped.get(number)
        carry = b""
        while length > 0:
            file.seek(start)
            data = file.read(min(chunk, length))
            start, length = start + len(data), length - len(data)
            if widths is None:
                yield data
                continue
            data = carry + data
            if drop:  # whole rows only, each without the dropped cells
                cut = _rows_end(data)
            else:
                cut = len(data) if data.count(b"\x00") % 2 == 0 else data.rindex(b"\x00")
            data, carry = data[:cut], data[cut:]
            if drop:
                data = drop_cells(data, drop)
            yield _filled(data, widths)
        if carry:
            yield carry if widths is None or not drop else _filled(drop_cells(carry, drop),
                                                                    widths)

    def close(self) -> None:
        for file in (self._file, *self._adopted):
            file.close()


def _filled(data: bytes, widths: list[int]) -> bytes:
    """The rows with each width mark replaced by its width. A NUL is only ever a
    mark's (XML text holds none), so the marks' numbers are every other piece
    between NULs: one split and one join, not a call per mark (a large register
    has 160,000)."""
    pieces = data.split(b"\x00")
    shown = {b"%d" % k: b"%d" % width for k, width in enumerate(widths)}
    pieces[1::2] = [shown[k] for k in pieces[1::2]]
    return b"".join(pieces)


_P_START = re.compile(rb"<w:p[ >/]")
_ROW_TOKENS = re.compile(rb"<w:tr(?=[ >])|</w:tr>|<w:tc(?=[ >])|</w:tc>")


def _rows_end(data: bytes) -> int:
    """Where the last whole row of a table's rows (nested tables aside) ends."""
    depth, end = 0, 0
    for m in _ROW_TOKENS.finditer(data):
        token = m.group()
        if token.startswith(b"<w:tr"):
            depth += 1
        elif token == b"</w:tr>":
            depth -= 1
            if depth == 0:
                end = m.end()
    return end


def drop_cells(data: bytes, drop: set[int]) -> bytes:
    """Whole table rows' XML without their cells at the indexes `drop` (the cells of
    tables nested in a cell are the cell's own)."""
    out: list[bytes] = []
    rows = cells = 0  # depths
    index, position, skipping = -1, 0, False
    for m in _ROW_TOKENS.finditer(data):
        token = m.group()
        if token.startswith(b"<w:tr"):
            rows += 1
            index = -1 if rows == 1 else index
        elif token == b"</w:tr>":
            rows -= 1
        elif token.startswith(b"<w:tc"):
            cells += 1
            if rows == 1 and cells == 1:
                index += 1
                if index in drop:
                    out.append(data[position:m.start()])
                    skipping = True
        else:
            if rows == 1 and cells == 1 and skipping:
                position, skipping = m.end(), False
            cells -= 1
    out.append(data[position:])
    return b"".join(out)


def _last_kept(data: bytes) -> bytes:
    """Paragraphs' XML with the last paragraph keeping with the next."""
    starts = list(_P_START.finditer(data))
    if not starts:
        return data
    cut = starts[-1].start()
    return data[:cut] + keep_with_next_xml(data[cut:].decode("utf-8")).encode("utf-8")


@dataclass
class DocumentXml:
    """document.xml as a stream of bytes; after it is consumed, `toc_span` holds
    the byte range of the table of contents (when the skeleton marked it)."""

    skeleton: bytes
    fragments: FragmentStore | None
    toc_span: tuple[int, int] | None = field(default=None, init=False)

    def __iter__(self) -> Iterator[bytes]:
        written, position, toc_start = 0, 0, None
        for match in _MARK.finditer(self.skeleton):
            before = self.skeleton[position:match.start()]
            written += len(before)
            yield before
            kind = match.group(1).decode()
            if kind == FRAGMENT and self.fragments is not None:
                number = int(match.group(2))
                pieces: Iterable[bytes] = self.fragments.read(number)
                table = self.fragments.tables.get(number)
                if table is not None and (head := opening(self.skeleton, match.start())):
                    pieces = split(pieces, head, table.rows)
                for data in pieces:
                    written += len(data)
                    yield data
            elif kind == TOC_START:
                toc_start = written
            elif kind == TOC_END and toc_start is not None:
                self.toc_span = (toc_start, written)
            position = match.end()
        yield self.skeleton[position:]


def mark_toc(body: etree._Element) -> str | None:
    """Mark where the 目录 field stands, so that `DocumentXml.toc_span` finds its
    bytes once document.xml is streamed; the field's instruction, or None when the
    document has no 目录."""
    toc = toc_field_paragraphs(body)
    if not toc:
        return None
    toc[0].addprevious(etree.ProcessingInstruction(TOC_START))
    toc[-1].addnext(etree.ProcessingInstruction(TOC_END))
    return instruction_of(toc[0])


def document_xml(document: Document, fragments: FragmentStore | None) -> DocumentXml:
    skeleton = etree.tostring(document.element, xml_declaration=True, encoding="UTF-8",
                              standalone=True)
    if "\u2060年".encode() in skeleton:
        skeleton = keep_dates_whole(skeleton.decode("utf-8")).encode("utf-8")
    return DocumentXml(skeleton, fragments)


Entry = tuple[str, "bytes | Iterable[bytes]"]


def package_entries(document: Document, main: Iterable[bytes]) -> list[Entry]:
    """Every part of the package as (zip member name, content); the main document
    part's content is `main`. Word expects [Content_Types].xml first."""
    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    # python-docx leaves from_parts unannotated
    content_types = _ContentTypesItem.from_parts(parts)  # type: ignore[no-untyped-call]
    entries: list[Entry] = [("[Content_Types].xml", content_types.blob),
                            ("_rels/.rels", package.rels.xml)]
    rest: list[Entry] = []
    for part in parts:
        content = main if part is document.part else part.blob
        rest.append((part.partname.membername, content))
        if len(part.rels):
            rest.append((part.partname.rels_uri.membername, part.rels.xml))
    return entries + sorted(rest, key=lambda entry: entry[0])
