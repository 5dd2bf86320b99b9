"""Family 1, reading: huge extents, lying zips, DTDs anywhere, damaged parts. Each
gets a located answer naming the file (and sheet); none aborts the process or
takes more than a bounded amount of memory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import minimal_sheets, write_workbook
from hostile import (
    both,
    bounded,
    edit_part,
    files_under,
    parts_of,
    rewrite,
    sheet_member,
    understate_size,
)


def _workbook(tmp_path: Path, extra: dict | None = None) -> Path:
    sheets = minimal_sheets()
    sheets.update(extra or {})
    return write_workbook(tmp_path / "in" / "plan.xlsx", sheets)


def _far_cell(xml: bytes, ref: str) -> bytes:
    """A stray value in one far cell, as a slip of the keyboard leaves it."""
    return xml.replace(b"</sheetData>", f'<row r="{re.sub("[A-Z]", "", ref)}">'
                       f'<c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
                       "</sheetData>".encode())


@pytest.mark.parametrize("ref", ["XFD1048576", "ALL100000"])
def test_a_far_cell_in_an_extra_sheet_is_never_read(tmp_path, ref):
    path = _workbook(tmp_path, {"计算": [["x"]]})
    edit_part(path, sheet_member(path, "计算"), lambda xml: _far_cell(xml, ref))
    for command in (["validate", str(path.parent)],
                    ["build", str(path.parent), "--out", str(tmp_path / "out"),
                     "--no-toc-pages"]):
        run = bounded(command, memory_mb=1200, seconds=60)
        assert run.exit_code == 0, run.out
        assert "工作表“计算”不是 docgen 认识的工作表" in run.out


@pytest.mark.parametrize("ref", ["XFD1048576", "ALL100000", "A300000"])
def test_a_far_cell_in_a_sheet_docgen_reads_is_a_located_error(tmp_path, ref):
    path = _workbook(tmp_path)
    edit_part(path, sheet_member(path, "风险"), lambda xml: _far_cell(xml, ref))
    out = tmp_path / "out"
    for command in (["validate", str(path.parent)],
                    ["build", str(path.parent), "--out", str(out), "--no-toc-pages"]):
        run = bounded(command, memory_mb=1200, seconds=60)
        assert run.exit_code == 1, run.out
        assert "plan.xlsx › 风险: 工作表“风险”的使用范围达到" in run.out
        assert "内部错误" not in run.out and "Traceback" not in run.out
    assert not out.exists()


def test_a_dimension_that_lies_about_the_extent_is_harmless(tmp_path):
    path = _workbook(tmp_path)
    edit_part(path, sheet_member(path, "风险"), lambda xml: re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml))
    run = bounded(["build", str(path.parent), "--out", str(tmp_path / "out"),
                   "--no-toc-pages"], memory_mb=1200, seconds=60)
    assert run.exit_code == 0, run.out


def test_a_zip_entry_that_lies_about_its_size_is_refused(tmp_path):
    path = _workbook(tmp_path)
    understate_size(path, sheet_member(path, "风险"), 100)
    out = tmp_path / "out"
    for command in (["validate", str(path.parent)],
                    ["build", str(path.parent), "--out", str(out), "--no-toc-pages"]):
        run = bounded(command, memory_mb=1200, seconds=60)
        assert run.exit_code == 1, run.out
        assert "plan.xlsx: 文件中的“xl/worksheets/sheet2.xml”实际解压后的大小与记录不符" in run.out
    assert not out.exists()


def test_an_honest_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = _workbook(tmp_path)
    parts = parts_of(path)
    parts["xl/media/padding.bin"] = b"\0" * (400 * 1024 * 1024)  # compresses to ~400 KB
    rewrite(path, parts)
    run = bounded(["validate", str(path.parent)], memory_mb=600, seconds=60)
    assert run.exit_code == 1, run.out
    assert "plan.xlsx: 工作簿解压后有 400 MB，超过上限" in run.out


def _dtd(xml: bytes, padding: int = 0) -> bytes:
    head, _, rest = xml.partition(b"?>")
    return (head + b"?>" + b"<!--" + b" " * padding + b"-->"
            + b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>' + rest)


@pytest.mark.parametrize("how", ["late", "utf16", "other extension"])
def test_a_dtd_anywhere_in_a_part_that_is_read_is_refused(tmp_path, how):
    path = _workbook(tmp_path)
    member = sheet_member(path, "风险")
    parts = parts_of(path)
    xml = _dtd(parts[member], padding=8000 if how == "late" else 0)
    if how == "utf16":
        xml = xml.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"') \
            .encode("utf-16")
    if how == "other extension":
        parts.pop(member)
        member = member.replace(".xml", ".bin")
        rels = "xl/_rels/workbook.xml.rels"
        parts[rels] = parts[rels].replace(b"sheet2.xml", b"sheet2.bin")
    parts[member] = xml
    rewrite(path, parts)
    checked, built = both(path.parent, tmp_path / "out")
    for run in (checked, built):
        assert run.exit_code == 1, run.out
        assert run.located("plan.xlsx", f"文件中的“{member}”含有 DTD 或实体声明"), run.out
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("damage", "expected"), [
    (lambda xml: xml[: len(xml) // 2], "无法读取工作表“风险”"),
    (lambda xml: xml.replace(b"<v>4</v>", b"<v>&#xD800;</v>", 1), "无法读取工作表“风险”"),
    (None, "文件中缺少这张表的内容"),
])
def test_a_damaged_or_missing_sheet_part_is_a_located_error(tmp_path, damage, expected):
    path = _workbook(tmp_path)
    member = sheet_member(path, "风险")
    parts = parts_of(path)
    if damage is None:
        parts.pop(member)
    else:
        parts[member] = damage(parts[member])
    rewrite(path, parts)
    checked, built = both(path.parent, tmp_path / "out")
    for run in (checked, built):
        assert run.exit_code == 1, run.out
        assert run.located("plan.xlsx › 风险", expected), run.out
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", ["devnull", "fifo"])
def test_inputs_that_are_not_files_or_folders_are_usage_errors(tmp_path, kind):
    import os

    target = Path("/dev/null")
    if kind == "fifo":
        target = tmp_path / "plan.xlsx"
        os.mkfifo(target)
    checked, built = both(target, tmp_path / "out")
    for run in (checked, built):
        assert run.exit_code == 2, run.out
        assert "两者都不是" in run.out
    assert files_under(tmp_path) == []
