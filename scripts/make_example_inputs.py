"""Write the shipped example input of docgen from ``scripts/example_inputs.toml``.

Creates, for the fictional service company 江城云联数据服务有限公司:

- ``inputs/示例_江城云联数据服务有限公司.xlsx`` — a complete fill-in workbook with
  every sheet of the input workbook (docs/填写说明.md), one sheet per table of the data file;
- ``inputs/图纸/疏散路线图.png`` and ``inputs/图纸/厂区平面图.png`` — the drawings
  the 图纸 sheet points to (``example_drawings.py``).

Run from anywhere: ``python scripts/make_example_inputs.py [--out DIR]`` (Pillow only draws).
The output is reproducible: the workbook's creation and save times and its zip entries'
times are the data file's ``stamp``, so running the script twice gives identical files.
``tests/test_example_inputs.py`` checks the data (fictional phones, cross-references,
every risk category and level) and that the committed workbook is the data file's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import tomllib
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
DATA = HERE / "example_inputs.toml"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# A list in one of these columns names rows of another sheet (by its name column):
# the cell holds their 编号, joined by 、.
LINKS = {"应急资源": ("资源", "名称"), "针对风险": ("风险", "风险名称")}


def heads(columns: list[list]) -> list[str]:
    return [c[0].rstrip("*") for c in columns]


def load(path: Path = DATA) -> tuple[dict, dict[str, tuple[list, list[list]]]]:
    """The data file's workbook table, and each sheet as (columns, rows of cell values)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    book = data.pop("workbook")
    sheets = {}
    for title, sheet in data.items():
        names, rows = heads(sheet["columns"]), sheet["rows"]
        if isinstance(rows, dict):  # 基本信息: 项目 = 内容
            rows = [[key, value] for key, value in rows.items()]
        rows = [[r.get(h, "") for h in names] if isinstance(r, dict) else list(r) for r in rows]
        sheets[title] = (sheet["columns"], rows)
    for columns, rows in sheets.values():
        for column, (target, by) in LINKS.items():
            if column not in heads(columns):
                continue
            theirs = heads(sheets[target][0])
            code = {r[theirs.index(by)]: r[theirs.index("编号")] for r in sheets[target][1]}
            i = heads(columns).index(column)
            for r in rows:
                if isinstance(r[i], list):
                    r[i] = "、".join(code[name] for name in r[i])  # KeyError: a misspelt name
    return book, sheets


def add_sheet(wb: Workbook, title: str, columns: list[list], rows: list[list]) -> None:
    """columns: [header, width] or [header, width, "wrap"]."""
    ws = wb.create_sheet(title)
    for c, (head, width, *_) in enumerate(columns, 1):
        cell = ws.cell(row=1, column=c, value=head)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = CENTER
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=c, value=value)
            cell.alignment = WRAP if len(columns[c - 1]) > 2 else TOP
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str) and re.fullmatch(r"[\d\-]+", value):
                cell.number_format = "@"  # phone numbers and codes typed as text
            elif isinstance(value, int) and value >= 10**10:
                cell.number_format = "0"  # a mobile as a number: 13900071001, not 1.39E+10
    ws.freeze_panes = "A2"


def build_workbook(path: Path, data: Path = DATA) -> None:
    book, sheets = load(data)
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = book["creator"]
    wb.properties.title = book["title"]
    wb.properties.created = book["stamp"]
    for title, (columns, rows) in sheets.items():
        add_sheet(wb, title, columns, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_reproducible_zip(buf.getvalue(), book["stamp"]))


def _reproducible_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Fix the save time openpyxl writes and the zip entry dates, so reruns are identical."""
    saved = rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\2"
    out = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(data))
    with src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", saved, body)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="生成 docgen 示例输入（工作簿与图纸）")
    ap.add_argument("--out", type=Path, default=HERE.parent / "inputs",
                    help="输出目录（默认 inputs/）")
    args = ap.parse_args(argv)
    book, sheets = load()
    xlsx = args.out / book["file"]
    build_workbook(xlsx)
    print(f"已写入 {xlsx}")
    sys.path.insert(0, str(HERE))
    from example_drawings import draw_drawings

    basic = dict(sheets["基本信息"][1])
    for p in draw_drawings(args.out / "图纸", basic["单位名称"], basic["24小时值班电话"]):
        print(f"已写入 {p}（{p.stat().st_size // 1024} KB）")
    print("各表数据行数：" + "，".join(f"{t} {len(rows)}" for t, (_, rows) in sheets.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
