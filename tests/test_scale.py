"""Sizes that used to break docgen: many units under one parent (numbering ran
out at 99), a deep chain of units (recursion), long registers."""

from __future__ import annotations

from conftest import minimal_sheets, write_workbook
from docx_helpers import document_text, records

from docgen.api import build
from docgen.model.plan import Plan
from docgen.pipeline import check_unit
from docgen.read import discover_units


def _with_units(rows: list[list]) -> dict:
    sheets = minimal_sheets()
    sheets["组织机构"] += rows
    return sheets


def _plan(path) -> Plan:
    report, plan = check_unit(discover_units(path)[0][0])
    assert plan is not None, report.to_text()
    return plan


def test_150_units_under_one_parent_build_with_every_name(tmp_path):
    rows = [[f"第{i}小组", "后勤组", "王五", None, f"职责{i}"] for i in range(1, 151)]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", _with_units(rows))
    children = _plan(path).org.unit("后勤组").children
    assert [u.number for u in children][99:102] == ["一百", "一百零一", "一百零二"]
    assert children[-1].number == "一百五十"
    result = build(path, tmp_path / "out", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    listed = {r["机构名称"] for r in records(result.written[0], "机构名称", "上级机构")}
    assert {f"第{i}小组" for i in range(1, 151)} <= listed
    text = document_text(result.written[0])
    assert "另有150个下级机构未在图中画出" in text  # the chart shows two levels


def test_a_60_level_chain_builds_with_every_name(tmp_path):
    rows = [[f"第{i}层", "技术组" if i == 1 else f"第{i - 1}层", "赵六", None, "职责"]
            for i in range(1, 61)]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", _with_units(rows))
    plan = _plan(path)
    assert plan.org.unit("第60层").depth == 61
    result = build(path, tmp_path / "out", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    listed = {r["机构名称"] for r in records(result.written[0], "机构名称", "上级机构")}
    assert {f"第{i}层" for i in range(1, 61)} <= listed


def test_a_long_register_keeps_every_row_in_order(tmp_path):
    sheets = minimal_sheets()
    sheets["风险"] = sheets["风险"][:1] + [
        [f"R-{i:04d}", "技术故障", f"风险{i}", 1 + i % 5, 1 + i // 5 % 5, f"措施{i}甲\n措施{i}乙",
         "技术组"] for i in range(2000)]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    result = build(path, tmp_path / "out", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    register = records(result.written[0], "编号", "风险名称", "风险等级", "L")
    assert [r["编号"] for r in register] == [f"R-{i:04d}" for i in range(2000)]
    assert register[1999]["风险名称"] == "风险1999"
