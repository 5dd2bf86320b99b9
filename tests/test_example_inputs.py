"""The shipped example: scripts/example_inputs.toml, the workbook made from it and what
the data promises beyond what `docgen validate` checks (fictional phones, every risk
category and level, mobiles both as numbers and as text)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
MOBILE = re.compile(r"^1[3-9]\d{9}$")
PHONE = re.compile(r"^(0739-8\d{7}|400-\d{3}-\d{4}|95\d{3}|10000|110|119|120|122|12345)$")
CATEGORIES = {"自然灾害", "技术故障", "人为事故", "政策法规变动", "公共卫生事件", "社会安全事件",
              "其他"}
RESOURCE_TYPES = {"人力资源", "物资装备", "技术支持", "资金保障", "信息资源", "外部协作"}


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("make_example_inputs",
                                                  ROOT / "scripts" / "make_example_inputs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sheets(script) -> dict[str, list[dict]]:
    """Each sheet's rows as {header: value}, links already turned into 编号."""
    _, tables = script.load()
    return {title: [dict(zip(script.heads(columns), row, strict=True))
                    for row in rows] for title, (columns, rows) in tables.items()}


def test_the_committed_workbook_is_the_data_file(script, tmp_path):
    """Edit the data file, then run `python scripts/make_example_inputs.py`."""
    book, _ = script.load()
    script.build_workbook(tmp_path / "x.xlsx")
    made = openpyxl.load_workbook(tmp_path / "x.xlsx")
    shipped = openpyxl.load_workbook(ROOT / "inputs" / book["file"])
    assert made.sheetnames == shipped.sheetnames
    for ws in made.worksheets:
        theirs = shipped[ws.title]
        assert ws.max_row == theirs.max_row and ws.max_column == theirs.max_column, ws.title
        for row in ws.iter_rows():
            for cell in row:
                other = theirs[cell.coordinate]
                assert (cell.value, cell.number_format) == (other.value, other.number_format), \
                    (ws.title, cell.coordinate)


def test_people_and_phones_are_the_sample_own(sheets):
    contacts = sheets["通讯录"]
    internal = {c["姓名"] for c in contacts if c["类别"] == "内部"}
    for c in contacts:
        assert not c["办公电话"] or PHONE.match(c["办公电话"]), c
        assert c["手机"] == "" or MOBILE.match(str(c["手机"])), c
    mobiles = [c["手机"] for c in contacts if c["手机"] != ""]
    assert any(isinstance(m, int) for m in mobiles) and any(isinstance(m, str) for m in mobiles)
    basic = dict((r["项目"], r["内容"]) for r in sheets["基本信息"])
    assert "预案名称" not in basic, "预案名称 stays empty: the profile's default applies"
    assert {basic["主要负责人"], basic["联系人"]} <= internal
    for unit in sheets["组织机构"]:
        assert {unit["负责人"], *unit["成员"].split("、")} <= internal, unit["机构名称"]
    for r in sheets["资源"]:
        assert r["管理人"] in internal, r["名称"]
        assert not r["联系电话"] or PHONE.match(r["联系电话"]) or MOBILE.match(r["联系电话"])
        assert r["有效期至"] == "" or r["有效期至"] > basic["发布日期"], r["名称"]
    for name in [m["姓名"] for m in sheets["编制工作组"]]:
        assert name in internal


def test_every_category_level_and_resource_type_appears(sheets):
    assert {r["风险类别"] for r in sheets["风险"]} == CATEGORIES
    assert {r["资源类型"] for r in sheets["资源"]} == RESOURCE_TYPES
    bands = [(b["风险等级"], b["最小值"], b["最大值"]) for b in sheets["风险矩阵"]]
    levels = dict.fromkeys((name for name, _, _ in bands), 0)
    for r in sheets["风险"]:
        score = r["可能性"] * r["严重程度"]
        levels[next(name for name, lo, hi in bands if lo <= score <= hi)] += 1
    assert levels["重大"] >= 3 and levels["较大"] >= 5 and levels["一般"] >= 6 and levels["低"] >= 3
    # every product L×S lies in exactly one band
    covered = [s for _, lo, hi in bands for s in range(lo, hi + 1)]
    for product in {i * j for i in range(1, 6) for j in range(1, 6)}:
        assert covered.count(product) == 1, product


def test_the_drawings_are_there_and_small(sheets):
    for drawing in sheets["图纸"]:
        path = ROOT / "inputs" / drawing["文件"]
        assert path.exists() and path.stat().st_size < 300_000, path


def test_a_misspelt_link_stops_the_script(script, tmp_path):
    text = (ROOT / "scripts" / "example_inputs.toml").read_text("utf-8")
    misspelt = text.replace('"应急资源" = ["防汛沙袋"', '"应急资源" = ["防汛砂袋"', 1)
    assert misspelt != text
    broken = tmp_path / "broken.toml"
    broken.write_text(misspelt, "utf-8")
    with pytest.raises(KeyError, match="防汛砂袋"):
        script.load(broken)
