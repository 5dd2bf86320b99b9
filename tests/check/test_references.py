"""Every reference in every document docgen writes — 第X章, 本章第X节, 第X章第Y节, 表X-Y,
图X, 附件N and 《another plan of the unit》 — leads to a heading, a caption or a
document that exists, for every industry pack and both kinds of plan (the service
plan; the whole system of 综合, 专项, 现场处置方案 and 处置卡)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import full_sheets, write_workbook

from docgen.api import build
from docgen.check.outline import Built, read_outline
from docgen.check.text import crossrefs
from docgen.packs import packs


@pytest.mark.parametrize("key", sorted(packs()))
def test_every_reference_leads_somewhere(tmp_path, key):
    pack = packs()[key]
    sheets = full_sheets()
    sheets["基本信息"].append(["所属行业", pack.aliases[0] if pack.aliases else pack.name])
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    checked = 0
    for profile in ("service", "all"):
        result = build(path, tmp_path / profile, profile=profile, toc_pages=False)
        assert result.ok, result.units[0].report.to_text()
        unit = result.units[0]
        assert unit.plan is not None and unit.plan.pack.name == pack.name
        for document in result.written:
            outline = replace(read_outline(document), built=Built(unit.plan, tuple(unit.names)))
            assert [str(h.where.says(h.message)) for h in crossrefs(outline, {})] == []
            checked += 1
    assert checked >= 5  # the service plan, and 综合, 专项 …, 现场处置方案, 处置卡


def test_a_broken_reference_is_found(tmp_path):
    """The check above can fail: a 追加 row that points at a chapter that is not there."""
    sheets = full_sheets()
    sheets["文本"] = [["位置", "内容", "方式"], ["编制依据", "详见第十二章和表9-9。", "追加"]]
    [document] = build(write_workbook(tmp_path / "in" / "plan.xlsx", sheets), tmp_path / "out",
                       toc_pages=False).written
    found = [h.message for h in crossrefs(read_outline(document), {})]
    assert any("第十二章" in m for m in found) and any("表9-9" in m for m in found)
