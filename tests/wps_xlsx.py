"""Workbooks as WPS 表格 saves them, written by hand with zipfile (no WPS here).

What is known of WPS's .xlsx, from public issue threads and code that reads or
imitates it (see tests/test_wps.py for the sources and what is assumption):
- docProps/app.xml names the application "WPS 表格" (Chinese UI) or "WPS Spreadsheets",
  its HeadingPairs say 工作表; docProps/custom.xml holds KSOProductBuildVer
  ("2052-…", 2052 being the zh-CN locale id) and ICV;
- worksheets declare xmlns:etc (WPS's own custom data) and their `<dimension>` may
  name less than the sheet holds (A1 for a full sheet): a reader that trusts it
  reads one cell;
- styles.xml re-declares built-in number formats (numFmtId 41–44, the ￥ currency
  formats) among the custom ones, which start at 176 (Excel's at 164); dates are
  serial numbers of the 1900 system under `yyyy"年"m"月"d"日"`, `yyyy/m/d` or the
  East-Asian built-in 31;
- workbook.xml carries fileVersion appName="xl" and calcPr calcId="144525".
Cells here are shared strings or inline strings (`t="inlineStr"`, as other
producers write them), and every element may carry a prefix (`x:`) instead of the
default namespace.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from docgen.read.sheetxml import column_letters

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
ETC = "http://www.wps.cn/officeDocument/2017/etCustomData"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

# numFmtId of the date style each test may choose; 176 and 177 are WPS's customs.
DATE_FORMATS = {"年月日": 176, "斜杠": 177, "内置31": 31, "内置14": 14}
# WPS re-declares the built-in ￥ and thousands formats (41–44) among its own.
_NUMBER_FORMATS = {
    41: '_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ ',
    42: '_ "￥"* #,##0_ ;_ "￥"* \\-#,##0_ ;_ "￥"* "-"_ ;_ @_ ',
    43: '_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ ',
    44: '_ "￥"* #,##0.00_ ;_ "￥"* \\-#,##0.00_ ;_ "￥"* "-"??_ ;_ @_ ',
    176: 'yyyy"年"m"月"d"日";@',
    177: "yyyy/m/d;@",
}
_XF = '<{p}xf numFmtId="%s" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
_STYLES = """<{p}styleSheet xmlns{c}="{main}">
<{p}numFmts count="6">{formats}</{p}numFmts>
<{p}fonts count="1"><{p}font><{p}sz val="11"/><{p}color theme="1"/><{p}name val="宋体"/>
<{p}charset val="134"/><{p}scheme val="minor"/></{p}font></{p}fonts>
<{p}fills count="2"><{p}fill><{p}patternFill patternType="none"/></{p}fill>
<{p}fill><{p}patternFill patternType="gray125"/></{p}fill></{p}fills>
<{p}borders count="1"><{p}border><{p}left/><{p}right/><{p}top/><{p}bottom/><{p}diagonal/>
</{p}border></{p}borders>
<{p}cellStyleXfs count="1"><{p}xf numFmtId="0" fontId="0" fillId="0" borderId="0">
<{p}alignment vertical="center"/></{p}xf></{p}cellStyleXfs>
<{p}cellXfs count="4">
<{p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0">
<{p}alignment vertical="center"/></{p}xf>{xfs}
</{p}cellXfs>
<{p}cellStyles count="1"><{p}cellStyle name="常规" xfId="0" builtinId="0"/></{p}cellStyles>
</{p}styleSheet>"""
DATE_STYLE, TEXT_STYLE, INTEGER_STYLE = 1, 2, 3


def _serial(day: dt.date) -> int:
    """The 1900 date system, as WPS saves a date typed in a cell."""
    return (day - dt.date(1899, 12, 30)).days


def _app(names: list[str], application: str) -> str:
    parts = "".join(f"<vt:lpstr>{escape(n)}</vt:lpstr>" for n in names)
    return (DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/docPropsVTypes"><Application>{application}</Application><HeadingPairs>'
            '<vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>工作表</vt:lpstr>'
            f'</vt:variant><vt:variant><vt:i4>{len(names)}</vt:i4></vt:variant></vt:vector>'
            f'</HeadingPairs><TitlesOfParts><vt:vector size="{len(names)}" baseType="lpstr">'
            f"{parts}</vt:vector></TitlesOfParts></Properties>")


_CORE = (DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
         'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
         'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
         'XMLSchema-instance"><dc:creator>安全管理员</dc:creator><cp:lastModifiedBy>WPS_1700000000'
         '</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2026-03-01T09:00:00Z'
         '</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-03-18T10:00:00Z'
         "</dcterms:modified></cp:coreProperties>")
_CUSTOM = (DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
           'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
           'name="ICV"><vt:lpwstr>3F1B2C0D9E8A4B7C</vt:lpwstr></property><property '
           'fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="KSOProductBuildVer">'
           "<vt:lpwstr>2052-12.1.0.16929</vt:lpwstr></property></Properties>")


class _Strings:
    """The shared-string table; every other text goes inline."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def index(self, text: str) -> int:
        if text not in self.items:
            self.items.append(text)
        return self.items.index(text)

    def xml(self, p: str, c: str) -> str:
        # A name split in two runs, as WPS keeps a text typed in two goes, and the
        # phonetic properties Chinese spreadsheets add to each item.
        def item(text: str) -> str:
            body = escape(text)
            if len(text) > 1 and not text.isascii():
                body = (f"<{p}r><{p}t>{escape(text[:1])}</{p}t></{p}r><{p}r><{p}rPr>"
                        f'<{p}sz val="11"/></{p}rPr><{p}t xml:space="preserve">'
                        f"{escape(text[1:])}</{p}t></{p}r>")
                return f'<{p}si>{body}<{p}phoneticPr fontId="0" type="noConversion"/></{p}si>'
            return f'<{p}si><{p}t xml:space="preserve">{body}</{p}t></{p}si>'

        return (DECL + f'<{p}sst xmlns{c}="{MAIN}" count="{len(self.items)}" '
                f'uniqueCount="{len(self.items)}">{"".join(map(item, self.items))}</{p}sst>')


def _cell(ref: str, value: Any, p: str, strings: _Strings, inline: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f'<{p}c r="{ref}" s="{DATE_STYLE}"><{p}v>{_serial(value)}</{p}v></{p}c>'
    if isinstance(value, bool):
        return f'<{p}c r="{ref}" t="b"><{p}v>{int(value)}</{p}v></{p}c>'
    if isinstance(value, int) and value > 10 ** 9:  # a phone typed as a number: format 0
        return f'<{p}c r="{ref}" s="{INTEGER_STYLE}"><{p}v>{value}</{p}v></{p}c>'
    if isinstance(value, (int, float)):
        return f'<{p}c r="{ref}"><{p}v>{value}</{p}v></{p}c>'
    text = str(value)
    if inline:
        space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
        return (f'<{p}c r="{ref}" s="{TEXT_STYLE}" t="inlineStr"><{p}is><{p}t{space}>'
                f"{escape(text)}</{p}t></{p}is></{p}c>")
    return f'<{p}c r="{ref}" t="s"><{p}v>{strings.index(text)}</{p}v></{p}c>'


def _sheet(rows: list[list[Any]], p: str, c: str, strings: _Strings, inline: bool) -> str:
    body = []
    for r, row in enumerate(rows, 1):
        # Header rows as shared strings, the rest inline (when asked): both kinds at once.
        cells = "".join(_cell(f"{column_letters(i)}{r}", v, p, strings, inline and r > 1)
                        for i, v in enumerate(row))
        body.append(f'<{p}row r="{r}" spans="1:{len(row)}" ht="16.8">{cells}</{p}row>')
    return (DECL + f'<{p}worksheet xmlns{c}="{MAIN}" xmlns:r="{R}" xmlns:etc="{ETC}">'
            f'<{p}sheetPr/><{p}dimension ref="A1"/><{p}sheetViews><{p}sheetView '
            f'workbookViewId="0"/></{p}sheetViews><{p}sheetFormatPr defaultColWidth="9" '
            f'defaultRowHeight="16.8"/><{p}sheetData>{"".join(body)}</{p}sheetData>'
            f'<{p}pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
            f'footer="0.5"/><{p}headerFooter/></{p}worksheet>')


def write_wps(path: Path, sheets: dict[str, list[list[Any]]], *, date_format: str = "年月日",
              prefix: str = "", inline: bool = True,
              application: str = "WPS 表格") -> Path:
    """`sheets` (name → rows, as conftest.minimal_sheets) saved the way WPS does."""
    p = f"{prefix}:" if prefix else ""
    c = f":{prefix}" if prefix else ""
    names = list(sheets)
    strings = _Strings()
    parts = {f"xl/worksheets/sheet{i}.xml": _sheet(rows, p, c, strings, inline)
             for i, rows in enumerate(sheets.values(), 1)}
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/>' for name in parts)
    sheet_list = "".join(f'<{p}sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, n in enumerate(names, 1))
    n = len(names)
    rels = "".join(f'<Relationship Id="rId{i}" Type="{R}/worksheet" '
                   f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
    files = {
        "[Content_Types].xml": DECL + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>' + overrides +
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.'
            'xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="'
            'application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName='
            '"/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>'),
        "_rels/.rels": DECL + (
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{R}/officeDocument" '
            'Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.'
            'openxmlformats.org/package/2006/relationships/metadata/core-properties" '
            f'Target="docProps/core.xml"/><Relationship Id="rId3" Type="{R}/extended-'
            f'properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="{R}/'
            'custom-properties" Target="docProps/custom.xml"/></Relationships>'),
        "docProps/app.xml": _app(names, application),
        "docProps/core.xml": _CORE,
        "docProps/custom.xml": _CUSTOM,
        "xl/workbook.xml": DECL + (
            f'<{p}workbook xmlns{c}="{MAIN}" xmlns:r="{R}"><{p}fileVersion appName="xl" '
            f'lastEdited="3" lowestEdited="5" rupBuild="9302"/><{p}workbookPr/><{p}bookViews>'
            f'<{p}workbookView windowWidth="28800" windowHeight="12360"/></{p}bookViews>'
            f'<{p}sheets>{sheet_list}</{p}sheets><{p}calcPr calcId="144525"/></{p}workbook>'),
        "xl/_rels/workbook.xml.rels": DECL + (
            f'<Relationships xmlns="{PKG}">{rels}<Relationship Id="rId{n + 1}" '
            f'Type="{R}/styles" Target="styles.xml"/><Relationship Id="rId{n + 2}" '
            f'Type="{R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/styles.xml": DECL + _STYLES.format(p=p, c=c, main=MAIN, formats="".join(
            f'<{p}numFmt numFmtId="{i}" formatCode={quoteattr(code)}/>'
            for i, code in _NUMBER_FORMATS.items()), xfs="".join(
            _XF.replace("{p}", p) % number
            for number in (DATE_FORMATS[date_format], 49, 1))),
        **parts,
    }
    files["xl/sharedStrings.xml"] = strings.xml(p, c)  # after the sheets filled it
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text.encode("utf-8"))
    return path
