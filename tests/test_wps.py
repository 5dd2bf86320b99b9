"""Workbooks saved by WPS 表格 (issue 22): read as Excel, or WPS, shows them.

The fixture (tests/wps_xlsx.py) is written by hand from what public material shows of
WPS's .xlsx; no WPS file was at hand. Verified there: the application name "WPS 表格"
and KSOProductBuildVer in docProps (code that detects or imitates WPS), a
`<dimension>` naming one cell for a full sheet (an issue thread: openpyxl's read-only
mode then reads A1 alone), built-in number formats re-declared in styles.xml (an
issue thread: strict readers refuse id 41 or 0 there), xmlns:etc and calcId 144525
(code imitating WPS). Assumed: custom date formats from 176 with
`yyyy"年"m"月"d"日";@` and `yyyy/m/d;@`, inline strings, rich-text runs with
phoneticPr in shared strings, the `x:` prefix variant (other producers write it).
"""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from conftest import minimal_sheets, write_workbook
from docx_helpers import document_text
from wps_xlsx import DATE_FORMATS, write_wps

from docgen.api import build
from docgen.read import discover_units
from docgen.read.workbook import read_unit
from docgen.report import ValidationReport


def _rows(folder):
    """Every row docgen read, sheet by sheet: values and the text shown for numbers."""
    report = ValidationReport()
    sheets = read_unit(discover_units(folder)[0][0], report)
    return {name: [(r.row, r.values) for s in copies for r in s.rows]
            for name, copies in sheets.found.items()}, report


def test_the_fixture_looks_like_wps(tmp_path):
    path = write_wps(tmp_path / "wps.xlsx", minimal_sheets())
    with zipfile.ZipFile(path) as z:
        assert "<Application>WPS 表格</Application>" in z.read("docProps/app.xml").decode()
        assert "KSOProductBuildVer" in z.read("docProps/custom.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        assert '<dimension ref="A1"/>' in sheet and 't="inlineStr"' in sheet
        assert 'numFmtId="176"' in z.read("xl/styles.xml").decode()


@pytest.mark.parametrize("prefix", ["", "x"])
@pytest.mark.parametrize("date_format", list(DATE_FORMATS))
def test_docgen_reads_a_wps_workbook_as_the_same_one_saved_by_excel(tmp_path, date_format,
                                                                    prefix):
    sheets = minimal_sheets()
    excel = write_workbook(tmp_path / "excel" / "plan.xlsx", sheets).parent
    wps = write_wps(tmp_path / "wps" / "plan.xlsx", sheets, date_format=date_format,
                    prefix=prefix).parent
    (excel_rows, _), (wps_rows, report) = _rows(excel), _rows(wps)
    assert not report.issues, report.to_text()
    assert wps_rows == excel_rows  # every sheet whole despite <dimension ref="A1"/>
    info = dict(row[1].values() for row in wps_rows["基本信息"])
    assert info["发布日期"] in (dt.date(2026, 3, 18), dt.datetime(2026, 3, 18))
    assert info["24小时值班电话"] == "010-88886666"


def test_a_wps_workbook_builds_the_same_plan(tmp_path):
    sheets = minimal_sheets()
    excel = write_workbook(tmp_path / "excel" / "plan.xlsx", sheets)
    wps = write_wps(tmp_path / "wps" / "plan.xlsx", sheets, application="WPS Spreadsheets")
    texts = []
    for book, out in ((excel, tmp_path / "out-excel"), (wps, tmp_path / "out-wps")):
        result = build(book, out, toc_pages=False)
        assert result.ok, [u.report.to_text() for u in result.units]
        texts.append(document_text(result.written[0]))
    assert texts[0] == texts[1]
    assert "2026年3月18日" in texts[1] and "13900000001" in texts[1]
