"""docgen.wordml.package: the rendered document on its way to a file — fragments
spooled as text with their cell widths filled in late, document.xml streamed with
the fragments spliced in and the 目录's byte range found, the package's parts."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from lxml import etree
from wml import element, xml

from docgen.wordml.package import (
    DocumentXml,
    FragmentInfo,
    FragmentStore,
    document_xml,
    mark_toc,
    marker,
    package_entries,
    width_mark,
)

# a row of two cells whose widths are still to be decided
ROW = ('<w:tr><w:tc><w:tcPr><w:tcW w:w="\x000\x00"/></w:tcPr></w:tc>'
       '<w:tc><w:tcPr><w:tcW w:w="\x001\x00"/></w:tcPr></w:tc></w:tr>')


@pytest.fixture
def store():
    fragments = FragmentStore()
    yield fragments
    fragments.close()


def _info(widths: list[int]) -> FragmentInfo:
    n = len(widths)
    return FragmentInfo(rows=1, widths=widths, needs=[0.0] * n, wishes=[0.0] * n,
                        filled=[True] * n)


def test_marker_is_a_processing_instruction_with_the_fragments_number():
    assert marker(7) == "<?docgen-fragment 7?>"


def test_width_marks_are_numbered_nul_pairs():
    assert width_mark(12) == "\x0012\x00"


def test_marks_of_many_columns_are_filled_each_with_its_own_width(store):
    # mark 1 and mark 11 (its digits begin alike) each get their own column's width
    row = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{width_mark(k)}"/></w:tcPr></w:tc>'
                  for k in (11, 1, 10, 0))
    number = store.add([f"<w:tr>{row}</w:tr>"])
    store.widths[number] = [100 + k for k in range(12)]
    filled = b"".join(store.read(number)).decode()
    assert [int(w) for w in re.findall(r'w:w="(\d+)"', filled)] == [111, 101, 110, 100]


def test_fragments_are_numbered_in_order_and_read_back_as_written(store):
    assert store.add(["<w:p/>", "<w:p>", "文字", "</w:p>"]) == 0
    assert store.add([]) == 1
    assert store.add(["<w:tbl/>"]) == 2
    assert b"".join(store.read(0)) == "<w:p/><w:p>文字</w:p>".encode()
    assert b"".join(store.read(1)) == b""
    assert b"".join(store.read(2)) == b"<w:tbl/>"


def test_a_large_fragment_is_written_in_pieces_and_read_in_chunks(store):
    pieces = [f"<w:p>{n}</w:p>" for n in range(20000)]
    number = store.add(pieces)
    chunks = list(store.read(number, chunk=4096))
    assert len(chunks) > 1
    assert b"".join(chunks) == "".join(pieces).encode()


def test_table_rows_get_the_template_widths_until_fitted(store):
    number = store.add([ROW])
    store.tables[number] = _info([1200, 3400])
    assert b"".join(store.read(number)) == ROW.replace("\x000\x00", "1200").replace(
        "\x001\x00", "3400").encode()
    store.widths[number] = [1500, 3100]
    assert b"".join(store.read(number)) == ROW.replace("\x000\x00", "1500").replace(
        "\x001\x00", "3100").encode()


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64])
def test_a_width_mark_split_between_chunks_is_still_filled(store, chunk):
    number = store.add([ROW * 3])
    store.widths[number] = [11, 22]
    chunks = list(store.read(number, chunk=chunk))
    assert b"".join(chunks) == (ROW.replace("\x000\x00", "11").replace("\x001\x00", "22")
                                * 3).encode()
    assert all(b"\x00" not in c for c in chunks)


# a row of three cells, the second holding a table of its own
NESTED = ('<w:tr><w:tc><w:tcPr><w:tcW w:w="\x000\x00"/></w:tcPr><w:p/></w:tc>'
          '<w:tc><w:tcPr><w:tcW w:w="\x001\x00"/></w:tcPr><w:tbl><w:tr><w:tc><w:p/></w:tc>'
          '<w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/></w:tc>'
          '<w:tc><w:tcPr><w:tcW w:w="\x002\x00"/></w:tcPr><w:p>备</w:p></w:tc></w:tr>')


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
@pytest.mark.parametrize("drop", [{2}, {0, 2}, {1}])
def test_a_dropped_column_leaves_each_streamed_row_whole_chunks_aside(store, chunk, drop):
    number = store.add([NESTED * 3])
    store.tables[number] = _info([10, 20, 30])
    store.widths[number] = [11, 22, 33]
    store.dropped[number] = drop
    rows = b"".join(store.read(number, chunk=chunk)).decode()
    expected = NESTED.replace("\x000\x00", "11").replace("\x001\x00", "22").replace(
        "\x002\x00", "33")
    cells = [expected[expected.index('<w:tc><w:tcPr><w:tcW w:w="' + w):] for w in
             ("11", "22", "33")]
    cells = [cells[0][:len(cells[0]) - len(cells[1])], cells[1][:len(cells[1]) - len(cells[2])],
             cells[2][:-len("</w:tr>")]]
    row = "<w:tr>" + "".join(c for k, c in enumerate(cells) if k not in drop) + "</w:tr>"
    assert rows == row * 3


def test_fragments_that_are_not_tables_keep_their_bytes(store):
    number = store.add(["<w:p>\x00</w:p>"])
    assert b"".join(store.read(number)) == b"<w:p>\x00</w:p>"


def test_document_xml_splices_fragments_and_finds_the_toc(store):
    store.add(["<w:p>甲</w:p>"])
    store.add(["<w:p>乙</w:p>"])
    skeleton = ('<w:body><?docgen-fragment 1?><?docgen-toc ?><w:p>目录</w:p>'
                '<?docgen-fragment 0?><?docgen-toc-end ?><w:sectPr/></w:body>').encode()
    stream = DocumentXml(skeleton, store)
    assert stream.toc_span is None
    text = b"".join(stream)
    assert text == "<w:body><w:p>乙</w:p><w:p>目录</w:p><w:p>甲</w:p><w:sectPr/></w:body>".encode()
    start, end = stream.toc_span
    assert text[start:end] == "<w:p>目录</w:p><w:p>甲</w:p>".encode()


def test_document_xml_without_fragments_drops_their_markers():
    stream = DocumentXml(b"<a><?docgen-fragment 0?><b/></a>", None)
    assert b"".join(stream) == b"<a><b/></a>"
    assert stream.toc_span is None


def test_mark_toc_brackets_the_field_and_returns_its_instruction():
    body = element(
        '<w:body><w:p/><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> TOC \\o "1-2" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><w:p/></w:body>')
    assert mark_toc(body) == 'TOC \\o "1-2"'
    assert xml(body) == (
        '<w:body><w:p/><?docgen-toc ?><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> TOC \\o "1-2" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><?docgen-toc-end ?><w:p/></w:body>')


def test_mark_toc_without_a_field():
    body = element('<w:body><w:p/></w:body>')
    assert mark_toc(body) is None
    assert xml(body) == '<w:body><w:p/></w:body>'


def test_a_document_streams_its_body_with_the_toc_span(store):
    document = docx.Document()
    document.add_paragraph("前言")
    toc = document.add_paragraph()
    toc._p.append(element('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'))
    toc._p.append(element('<w:r><w:instrText>TOC</w:instrText></w:r>'))
    toc._p.append(element('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    document.add_paragraph("正文")
    assert mark_toc(document.element.body) == "TOC"
    stream = document_xml(document, store)
    text = b"".join(stream)
    assert text.startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>")
    start, end = stream.toc_span
    field = etree.fromstring(text)[0][1]
    assert text[start:end] == xml(field).encode()


def test_package_entries_put_the_content_types_first_and_the_rest_in_name_order():
    document = docx.Document()
    main = [b"<main/>"]
    entries = package_entries(document, main)
    names = [name for name, _ in entries]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert names[2:] == sorted(names[2:])
    assert len(names) == len(set(names))
    assert dict(entries)["word/document.xml"] is main
    assert "word/_rels/document.xml.rels" in names


def test_package_entries_make_a_package_python_docx_opens():
    document = docx.Document()
    document.add_paragraph("内容")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in package_entries(document, document_xml(document, None)):
            archive.writestr(name, content if isinstance(content, bytes) else b"".join(content))
    assert [p.text for p in docx.Document(io.BytesIO(buffer.getvalue())).paragraphs] == ["内容"]
