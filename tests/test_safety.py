"""Safety (issue §5): values are never template code, output names stay inside
--out, writes are atomic and never go into the inputs, XML is parsed without
entities, and size limits are checked before calamine opens a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import minimal_sheets, write_workbook
from docx_helpers import document_text

from docgen import api, pipeline
from docgen.cli import main
from docgen.errors import UsageError
from docgen.export import write as export_write
from docgen.read import discover_units, limits, sheetxml
from docgen.read import workbook as read_workbook


def build(inputs: Path, out: Path) -> api.BuildResult:
    return api.build(inputs, out, toc_pages=False)


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


# --- values are data, never template code ----------------------------------------------

PAYLOADS = [
    "{{ 7*7 }}",
    "{% for x in range(3) %}循环{% endfor %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ plan.unit_name }}",
    "{_{ plan.plan_code }_}",
    "{_% if 1 %_}条件{_% endif %_}",
    "{%p if true %}",
    "{%tr for r in risks %}",
    "<w:p><w:r><w:t>注入</w:t></w:r></w:p>",
    "]]>&amp;&lt;",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_template_syntax_in_a_value_is_printed_not_run(tmp_path, payload):
    sheets = minimal_sheets()
    sheets["风险"][1][2] = payload  # 风险名称 of R-01
    sheets["组织机构"][1][4] = payload  # 职责 of the root unit
    result = build(write_workbook(tmp_path / "in" / "plan.xlsx", sheets).parent,
                   tmp_path / "out")
    assert result.ok, result.units[0].report.to_text()
    text = document_text(result.written[0])
    assert payload in text
    assert "循环循环" not in text and "\n49\n" not in text


# --- output names ---------------------------------------------------------------------


@pytest.mark.parametrize("code", ["../../逃逸/YJYA", "A/B\\C:D*E?F\"G<H>I|J", "..", ".隐藏",
                                  "C:\\Windows\\x"])
def test_unsafe_plan_code_stays_a_plain_name_inside_out(tmp_path, code):
    sheets = minimal_sheets()
    sheets["基本信息"][2] = ["预案编号", code]
    out = tmp_path / "deep" / "out"
    result = build(write_workbook(tmp_path / "in" / "plan.xlsx", sheets).parent, out)
    assert result.ok
    (path,) = result.written
    assert path.parent == out
    assert not any(ch in path.name for ch in '/\\:*?"<>|')
    assert ".." not in path.name and not path.name.startswith(".")
    assert files_under(tmp_path) == sorted(["in/plan.xlsx", f"deep/out/{path.name}"])


# --- atomic writes, and never into the inputs ---------------------------------------------


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out" / "plan.docx"
    target.parent.mkdir()
    target.write_bytes(b"old")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(export_write.os, "replace", fail)
    with pytest.raises(OSError):
        export_write.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(target.parent) == ["plan.docx"]


def test_inputs_with_errors_write_nothing_and_touch_nothing(tmp_path):
    sheets = minimal_sheets()
    sheets["风险"][1][3] = "高"
    out = tmp_path / "out"
    out.mkdir()
    old = out / "CS-YJYA-2026-01_测试服务有限公司服务应急措施预案.docx"
    old.write_bytes(b"last year")
    result = build(write_workbook(tmp_path / "in" / "plan.xlsx", sheets).parent, out)
    assert not result.ok and result.written == []
    assert files_under(out) == [old.name]
    assert old.read_bytes() == b"last year"


@pytest.mark.parametrize("out", [".", "sub", "sub/deeper"])
def test_out_in_the_inputs_folder_is_refused(tmp_path, out):
    inputs = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets()).parent
    with pytest.raises(UsageError) as caught:
        build(inputs, inputs / out)
    assert caught.value.exit_code == 2
    assert "输入文件夹" in caught.value.message
    assert files_under(tmp_path) == ["in/plan.xlsx"]


def test_out_in_a_unit_folder_of_a_batch_is_refused(tmp_path):
    write_workbook(tmp_path / "batch" / "甲" / "plan.xlsx", minimal_sheets())
    with pytest.raises(UsageError):
        build(tmp_path / "batch", tmp_path / "batch" / "甲" / "..")


def test_single_workbook_may_write_below_its_folder_but_not_into_it(tmp_path):
    path = write_workbook(tmp_path / "文档" / "plan.xlsx", minimal_sheets())
    with pytest.raises(UsageError):
        build(path, path.parent)
    result = build(path, path.parent / "output")  # `docgen build plan.xlsx` where it lies
    assert result.ok and result.written[0].parent == path.parent / "output"


def test_cli_refuses_out_inside_inputs_without_a_traceback(tmp_path):
    inputs = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets()).parent
    result = CliRunner().invoke(main, ["build", str(inputs), "--out", str(inputs / "out"),
                                       "--no-toc-pages"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "输入文件夹" in result.output


# --- XML parsing and size limits ---------------------------------------------------------


def test_openpyxl_parses_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_own_xml_parsing_resolves_no_entity_and_reads_no_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "{secret.as_uri()}">'
           '<!ENTITY y "&x;&x;">]>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetData><row r="1"><c r="A1" t="e"><v>&y;</v></c></row></sheetData>'
           '</worksheet>').encode()
    found = sheetxml.scan_sheet(xml, [], False).missing
    assert [(c.ref, "TOPSECRET" in c.error) for c in found] == [("A1", False)]


def test_size_limits_are_checked_before_calamine_opens_the_file(tmp_path, monkeypatch):
    path = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    opened = []
    real = read_workbook.CalamineWorkbook.from_filelike
    monkeypatch.setattr(read_workbook.CalamineWorkbook, "from_filelike",
                        lambda f: opened.append(1) or real(f))
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    report, _ = pipeline.check_unit(discover_units(path)[0][0])
    assert [i.code for i in report.errors] == ["file.too_large"]
    assert "上限" in report.errors[0].message
    assert opened == []


def test_default_limits_are_generous_for_real_workbooks_and_firm_for_bombs():
    assert limits.MAX_FILE_BYTES == 50 * 1024 * 1024
    assert limits.MAX_UNPACKED_BYTES == 300 * 1024 * 1024
    assert limits.MAX_RATIO == 100


def test_written_files_get_the_ordinary_file_mode(tmp_path):
    import os

    from docgen.export.write import write_atomic

    target = tmp_path / "plan.docx"
    old = os.umask(0o022)
    try:
        write_atomic(target, b"data")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644  # readable by colleagues, like any new file
