"""A mall's and a factory's plan systems as LibreOffice prints them, read with
`pdftotext -layout`: no risk code (FX-01), phone number, standard (GB/T 29639-2020,
prefix and all, a template's or a typed one) or date (2026年4月1日) of the documents
is broken across two lines, in running text or in a table cell."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from conftest import write_workbook
from lxml import etree
from test_packs import _sector_sheets

from docgen import api
from docgen.export import layout

pytestmark = pytest.mark.skipif(layout.available() is not None,
                                reason="needs LibreOffice and poppler-utils")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
INVISIBLE = dict.fromkeys(map(ord, "\u2060\u200b\ufeff\u00ad"), None)
SPACES = str.maketrans("\u00a0\u202f", "  ")  # GB/T\u202f29639-2020 reads GB/T 29639-2020
# A standard typed in a measure: it prints whole too, and reads as typed.
TYPED = "作业票按GB 30871-2022办理"
TOKENS = {
    "code": r"(?<![A-Za-z0-9/])[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+",
    "phone": r"(?<!\d)(?:0\d{2,3}-\d{7,8}|1[3-9]\d{9})(?!\d)",
    "standard": r"(?<![A-Za-z])(?:GB|GBZ|AQ|XF|JGJ|TSG|GA|WS)(?:/[TZ])? ?\d+(?:\.\d+)*-\d{4}",
    "date": r"\d{4}年\d{1,2}月(?:\d{1,2}日)?",
}
SECTORS = {"mall": ("crowded", "购物中心"), "factory": ("manufacturing", "机械制造")}


def _workbook(key: str, industry: str) -> dict[str, list[list]]:
    """The pack's typical risks coded FX-01 …, with agreements and drills whose dates
    and phones print in tables, and outside bodies with landline numbers."""
    sheets = _sector_sheets(key)
    for row in sheets["基本信息"]:
        if row[0] == "所属行业":
            row[1] = industry
    for row in sheets["风险"][1:]:
        row[0] = row[0].replace("R-", "FX-")
    sheets["风险"][1][6] += "\n" + TYPED
    sheets["通讯录"] += [["市第一人民医院", None, None, "0739-82223120", None, "外部"],
                        ["区应急管理局", None, None, "0739-82236110", None, "外部"]]
    sheets["外部协议"] = [
        ["协议单位", "协议内容", "签订日期", "有效期至", "联系人", "联系电话"],
        ["江城市第一人民医院", "伤员救治绿色通道", dt.date(2026, 1, 5), dt.date(2027, 1, 4),
         "刘医生", "0739-82223120"],
        ["城东物资供应公司", "应急物资紧急供应", dt.date(2025, 11, 2), dt.date(2026, 11, 1),
         "钱七", "13700000007"]]
    sheets["演练计划"] = [
        ["演练名称", "演练形式", "针对风险", "计划时间", "组织部门"],
        ["火灾疏散综合演练", "综合演练", "FX-01、FX-02", dt.date(2026, 9, 10), "技术组"]]
    return sheets


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "\n".join("".join(t.text or "" if t.tag == f"{W}t" else "-"
                             for t in p.iter(f"{W}t", f"{W}noBreakHyphen"))
                     for p in root.iter(f"{W}p")).translate(INVISIBLE).translate(SPACES)


def tokens(text: str) -> Counter[str]:
    """Each token (without its space: GB/T29639-2020) and how often the text holds it."""
    return Counter(m.group().replace(" ", "") for pattern in TOKENS.values()
                   for m in re.finditer(pattern, text))


def printed_lines(pdf: Path) -> str:
    """The PDF's lines, each without its spaces (table cells side by side run together;
    a token broken between two lines is in neither)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          check=True, text=True).stdout
    return "\n".join(re.sub(r"\s+", "", line.translate(INVISIBLE))
                     for line in text.splitlines())


@pytest.fixture(scope="module", params=sorted(SECTORS))
def printed(request, tmp_path_factory) -> list[tuple[Path, Path]]:
    key, industry = SECTORS[request.param]
    tmp = tmp_path_factory.mktemp(request.param)
    path = write_workbook(tmp / "in" / "plan.xlsx", _workbook(key, industry))
    result = api.build(path.parent, tmp / "out", profile="all", pdf=True)
    assert result.ok, result.units[0].report.to_text()
    pairs = [(pdf.with_suffix(".docx"), pdf) for pdf in sorted((tmp / "out").glob("*.pdf"))]
    assert len(pairs) >= 4  # the plan, special plans, procedures, cards
    return pairs


def _broken(printed: list[tuple[Path, Path]], printed_as) -> tuple[list, set[str]]:
    """Each token is printed whole as often as the document holds it (a code printed
    whole in the register but broken in the catalogue's 适用范围 is caught too)."""
    broken, seen = [], set()
    for docx, pdf in printed:
        wanted = tokens(docx_text(docx))
        seen |= set(wanted)
        text = printed_lines(pdf)
        broken += [(pdf.name, token) for token, count in sorted(wanted.items())
                   if text.count(printed_as(token)) < count]
    return broken, seen


def _number(token: str) -> str:
    """A standard's designation without its prefix (29639-2020 of GB/T 29639-2020)."""
    return re.sub(r"^[A-Z/]+", "", token) if re.fullmatch(TOKENS["standard"], token) \
        else token


def test_no_code_phone_standard_or_date_is_broken_across_lines(printed):
    """Codes, phones, dates and standards' numbers (29639-2020) print whole."""
    broken, seen = _broken(printed, _number)
    assert {"FX-01", "0739-82223120", "GB/T29639-2020", "GB30871-2022"} <= seen
    assert any(re.fullmatch(TOKENS["date"], t) for t in seen)
    assert broken == []


def test_a_standards_prefix_stays_with_its_number(printed):
    """GB/T 29639-2020 never ends a line at GB/T (nor GB/): its space is a narrow
    no-break space and its slash joined, which LibreOffice honours where it breaks
    at an ordinary space and lets a no-break space's line break in the number."""
    broken, _ = _broken(printed, lambda token: token)
    assert broken == []


def test_a_typed_standard_reads_as_typed(printed):
    """The typed measure's standard is in the documents as the administrator typed
    it, once the joiners are taken out and the narrow space read as a space."""
    assert any(TYPED in docx_text(docx) for docx, _ in printed)


def risk_rows(docx: Path) -> list[tuple[str, str]]:
    """(风险编号, 事故类型) of each row of the document's tables with both columns."""
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    rows = []
    for table in root.iter(f"{W}tbl"):
        cells = [["".join(t.text or "" for t in tc.iter(f"{W}t")).translate(INVISIBLE)
                  for tc in tr.iter(f"{W}tc")] for tr in table.iter(f"{W}tr")]
        if cells and {"风险编号", "事故类型"} <= set(cells[0]):
            code, kind = cells[0].index("风险编号"), cells[0].index("事故类型")
            rows += [(row[code], row[kind]) for row in cells[1:]]
    return rows


def test_an_accident_type_prints_whole_in_its_column(printed):
    """表1-1 of each special plan: a risk's row holds its accident type whole on the
    row's first line (有限空间中毒窒息, 人员密集场所火灾; never 有限空间中毒窒 / 息): the
    column is made as wide as its longest name, from the others' spare room."""
    names = set()
    for docx, pdf in printed:
        lines = printed_lines(pdf).splitlines()
        for code, name in risk_rows(docx):
            names.add(name)
            assert any(code in line and name in line for line in lines), (pdf.name, code, name)
    assert max(map(len, names)) >= 8  # the longest names of the library are there
