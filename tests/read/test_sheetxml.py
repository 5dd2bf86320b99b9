"""The sheet scan (docgen.read.sheetxml.scan_sheet) reads tags with patterns. Here
it is held to what a reading of the whole XML tree finds, on sheets written every
way the format allows: prefixes, attribute order and quotes, cells and rows
without references, comments, CDATA and processing instructions that hold
cell-like text, other encodings."""

from __future__ import annotations

import pytest
from lxml import etree

from docgen.domain.values import plain_number
from docgen.read.numfmt import render, too_many_digits
from docgen.read.sheetxml import SheetScan, TooLarge, column_index, column_letters, scan_sheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
FORMATS = [None, "0.00", "000", "0%"]  # cell styles 0–3


def _reference(xml: bytes, formats: list[str | None]) -> SheetScan:
    """What the tree says, read the plain way."""
    scan = SheetScan()
    q = lambda name: f"{{{MAIN}}}{name}"  # noqa: E731
    number = 0
    for row in etree.fromstring(xml).iter(q("row")):
        given = row.get("r")
        number = int(given) if given and given.isdigit() else number + 1
        if row.get("hidden") in ("1", "true"):
            scan.hidden_rows.append(number)
        column = -1
        for cell in row.iterchildren(q("c")):
            ref = cell.get("r", "")
            letters = ref.rstrip("0123456789")
            if letters and ref[len(letters):].isdigit() and ref[len(letters)] != "0":
                column, at = column_index(letters), int(ref[len(letters):])
            else:
                column, at, ref = column + 1, number, f"{column_letters(column + 1)}{number}"
            scan.rows, scan.columns = max(scan.rows, at), max(scan.columns, column + 1)
            kind, value, formula = cell.get("t", "n"), cell.find(q("v")), cell.find(q("f"))
            text = value.text if value is not None else None
            if kind == "e":
                scan.missing.append((at, column, ref, text or "#错误"))
            elif formula is not None and (value is None or (
                    not text and kind not in ("str", "s", "inlineStr"))):
                scan.missing.append((at, column, ref, ""))
            elif kind == "n" and text:
                n = float(text)
                n = int(n) if n.is_integer() else n
                code = formats[int(cell.get("s", "0"))]
                if code is not None and (shown := render(n, code, False)) is not None:
                    scan.shown[(at, column)] = shown
                if too_many_digits(n):
                    scan.long_numbers[(at, column)] = plain_number(n)
    return scan


def _found(scan: SheetScan) -> tuple:
    missing = [m if isinstance(m, tuple) else (m.row, m.column, m.ref, m.error)
               for m in scan.missing]
    return scan.rows, scan.columns, scan.hidden_rows, missing, scan.shown, scan.long_numbers


def _sheet(rows: str, prefix: str = "", head: str = '<?xml version="1.0" encoding="UTF-8"?>'
           ) -> str:
    ns = f'xmlns{":" + prefix[:-1] if prefix else ""}="{MAIN}"'
    return (f"{head}<{prefix}worksheet {ns}><{prefix}dimension ref=\"A1\"/>"
            f"<{prefix}sheetData>{rows}</{prefix}sheetData></{prefix}worksheet>")


ROWS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>3.5</v></c>'
    '<c r="C1" s="2" t="n"><v>7</v></c><c r="D1" s="3"><v>0.15</v></c></row>'
    '<row r="2" hidden="1"><c t="inlineStr" r="A2"><is><t>乙</t></is></c>'
    "<c r='B2' s = '1' ><v>12</v></c><c r=\"C2\" cm=\"1\"><f>SUM(1)</f></c>"
    '<c r="D2" t="e"><v>#N/A</v></c></row>'
    '<row><c><v>123456789012345678</v></c><c s="2"><v>5</v></c>'
    '<c r="E3" t="str"><f>A1</f><v></v></c><c r="F3"><f>A1</f><v/></c></row>'
    '<row r="9" hidden="true"><c r="A9" t="s"><f>X</f></c><c r="B9" s="1"/>'
    '<c r="C9" t="e"><v>#REF!&amp;</v></c><c r="D9" t="inlineStr"><is><t>&lt;c r="Z99"/&gt;'
    "</t></is></c></row>"
    '<row r="10"><c r="A10" t="inlineStr"><is><t><![CDATA[<c r="ZZ5000"><f/></c>]]></t></is>'
    '</c><!-- <c r="XFD1048576"/> --><?pi <c r="CV20000"/>?><c r="B10"><v>2</v></c></row>'
)


@pytest.mark.parametrize("prefix", ["", "x:"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "gb18030"])
def test_the_scan_finds_what_the_tree_holds(prefix, encoding):
    text = _sheet(ROWS.replace("<row", f"<{prefix}row").replace("</row", f"</{prefix}row")
                  .replace("<c ", f"<{prefix}c ").replace("<c>", f"<{prefix}c>")
                  .replace("</c>", f"</{prefix}c>").replace("<v", f"<{prefix}v")
                  .replace("</v", f"</{prefix}v").replace("<f", f"<{prefix}f")
                  .replace("</f", f"</{prefix}f").replace("<is>", f"<{prefix}is>")
                  .replace("</is>", f"</{prefix}is>").replace("<t>", f"<{prefix}t>")
                  .replace("</t>", f"</{prefix}t>"), prefix,
                  head=f'<?xml version="1.0" encoding="{encoding.upper()}"?>')
    xml = text.encode(encoding)
    found = _found(scan_sheet(xml, FORMATS, False))
    assert found == _found(_reference(xml, FORMATS))
    rows, columns, hidden, missing, shown, long_numbers = found
    assert (rows, columns, hidden) == (10, 6, [2, 9])  # no cell read from a comment or CDATA
    assert [m[2] for m in missing] == ["C2", "D2", "F3", "A9", "C9"]
    assert missing[-1][3] == "#REF!&"
    assert shown == {(1, 1): "3.50", (1, 2): "007", (1, 3): "15%", (2, 1): "12.00",
                     (3, 1): "005"}  # (row, 0-based column)
    assert long_numbers == {(3, 0): "123456789012346000"}  # as Excel keeps it: 15 digits


def test_a_cell_far_out_is_refused_however_it_is_written():
    for cell in ('<c r="ZZZ1"/>', "<c t='s' r='A200001'><v>1</v></c>", '<c r="&#65;300000"/>'):
        with pytest.raises(TooLarge):
            scan_sheet(_sheet(f'<row r="1">{cell}</row>').encode(), [], False)


@pytest.mark.parametrize("damage", [lambda x: x[: len(x) // 2],
                                    lambda x: x.replace(b"<v>7</v>", b"<v>&#xD800;</v>"),
                                    lambda x: x.replace(b"</row>", b"", 1)])
def test_xml_that_is_not_well_formed_is_refused(damage):
    xml = _sheet(ROWS).encode()
    with pytest.raises(etree.XMLSyntaxError):
        scan_sheet(damage(xml), FORMATS, False)
