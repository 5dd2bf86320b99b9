"""Families 9–13: the 目录 located by identity, LibreOffice bounded and cleaned up,
output places that cannot be written, the smaller ones, and the one catalogue of
issues."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import minimal_sheets, write_workbook
from docx_helpers import document_text, iter_cells, open_document
from hostile import both, bounded, cli, files_under

from docgen.export import layout

needs_libreoffice = pytest.mark.skipif(layout.available() is not None,
                                       reason="needs LibreOffice and poppler-utils")


# --- 9. the 目录 finds headings by identity ---------------------------------------------------

@needs_libreoffice
def test_a_cell_holding_the_next_headings_does_not_move_the_toc_numbers(tmp_path):
    sheets = minimal_sheets()
    decoy = ("第二章 预案制定流程与关键环节\n一、编制工作组\n二、信息收集\n"
             "第三章 资源整合与调配（应急保障）")
    sheets["响应分级"] = [["级别", "启动条件", "指挥", "主要措施"],
                      ["Ⅰ级", decoy, "张三", decoy]]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    run = cli("build", path.parent, "--out", tmp_path / "out", "--pdf")
    assert run.exit_code == 0, run.out
    docx = next((tmp_path / "out").glob("*.docx"))
    toc = {p.text.split("\t")[0]: int(p.text.split("\t")[1])
           for p in open_document(docx).paragraphs
           if p.style.name in ("toc 1", "toc 2") and "\t" in p.text}
    pages = layout.printed_pages(docx.with_suffix(".pdf"))
    by_number = {p.number: p.text for p in pages if p.number}
    # A chapter begins a page: its heading is the first text of the page the 目录 names,
    # not of the page where the decoy text stands.
    for chapter in ("第二章预案制定流程与关键环节", "第三章资源整合与调配（应急保障）"):
        number = next(n for title, n in toc.items() if title.replace(" ", "") == chapter)
        assert by_number[number].startswith(layout._squash(chapter)), (chapter, number)


# --- 10. LibreOffice: bounded, and cleaned up -------------------------------------------------

def test_a_huge_unit_name_is_bounded_in_the_chart_and_kept_in_full_elsewhere(tmp_path):
    sheets = minimal_sheets()
    name = "超" * 12000
    sheets["组织机构"][3][0] = name
    for row in sheets["风险"][1:]:
        row[6] = name if row[6] == "后勤组" else row[6]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    run = cli("build", path.parent, "--out", tmp_path / "out", "--no-toc-pages")
    assert run.exit_code == 0, run.out
    docx = next((tmp_path / "out").glob("*.docx"))

    texts = [c.text for c in iter_cells(open_document(docx).tables)]
    # the chart's box: the name cut short with … (written a character a line in a
    # narrow box), at most 40 characters
    boxes = [t.replace("\n", "") for t in texts if t.startswith("超") and "…" in t]
    assert any(2 <= len(b[:b.index("…") + 1]) <= 40 and set(b[:b.index("…")]) == {"超"}
               for b in boxes)
    assert name in document_text(docx)  # the full name stays in the lists


@needs_libreoffice
def test_libreoffice_is_killed_whole_on_a_timeout(tmp_path, monkeypatch):
    from docgen.export import pdf

    doc = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    out = cli("build", doc.parent, "--out", tmp_path / "out", "--no-toc-pages")
    assert out.exit_code == 0
    docx = next((tmp_path / "out").glob("*.docx"))
    monkeypatch.setattr(pdf, "START_SECONDS", 0.5)
    monkeypatch.setattr(pdf, "PER_DOCUMENT_SECONDS", 0)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (result,) = pdf.convert_many([docx], tmp_path / "pdf")
    assert result.result is None and "超时" in result.problem
    time.sleep(0.5)
    survivors = subprocess.run(["pgrep", "-f", str(tmp_path / "tmp")], capture_output=True)
    assert survivors.stdout == b""  # no soffice.bin left behind
    assert list((tmp_path / "tmp").iterdir()) == []  # its profile folder is gone too


@needs_libreoffice
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_leaves_no_temporary_folder_and_no_libreoffice(tmp_path, repo_root, sig):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch))
    docgen = Path(sys.executable).with_name("docgen")
    proc = subprocess.Popen([str(docgen), "build", str(repo_root / "inputs"), "--out",
                             str(tmp_path / "out")], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline and not subprocess.run(
            ["pgrep", "-f", str(scratch)], capture_output=True).stdout:
        time.sleep(0.1)  # until LibreOffice is at work
    proc.send_signal(sig)
    output = proc.communicate(timeout=60)[0].decode("utf-8", "replace")
    assert "Traceback" not in output
    assert proc.returncode == 128 + sig and "已中断" in output
    time.sleep(1)
    assert subprocess.run(["pgrep", "-f", str(scratch)], capture_output=True).stdout == b""
    assert list(scratch.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="signals and process groups")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_a_hanging_libreoffice_stops_docgen_at_once(tmp_path, sig):
    """A LibreOffice that hangs (fake, so this runs everywhere): the run stops within
    2 s with 130/143 and one line on what it finished; the fake and its child are
    gone, the temporary folder is empty and the output folder is as it was."""
    tools, scratch, out = tmp_path / "bin", tmp_path / "tmp", tmp_path / "out"
    for folder in (tools, scratch, out):
        folder.mkdir()
    pids = tmp_path / "pids"
    (tools / "soffice").write_text(f"#!/bin/sh\nsleep 300 &\necho $$ $! > {pids}\nwait\n")
    for name in ("pdfinfo", "pdftotext"):  # present, never reached
        (tools / name).write_text("#!/bin/sh\nexit 1\n")
    for tool in tools.iterdir():
        tool.chmod(0o755)
    (out / "old.docx").write_bytes(b"the previous plan")
    path = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    env = dict(os.environ, TMPDIR=str(scratch), PATH=f"{tools}{os.pathsep}{os.environ['PATH']}")
    docgen = Path(sys.executable).with_name("docgen")
    proc = subprocess.Popen([str(docgen), "build", str(path.parent), "--out", str(out)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline and not (pids.exists() and pids.read_text().strip()):
        time.sleep(0.05)  # until the fake LibreOffice is at work
    parent, child = map(int, pids.read_text().split())
    signalled = time.monotonic()
    proc.send_signal(sig)
    output = proc.communicate(timeout=30)[0].decode("utf-8", "replace")
    assert time.monotonic() - signalled < 2
    assert proc.returncode == 128 + sig
    assert "Traceback" not in output and "Aborted" not in output
    assert "已中断" in output and "本次未写入任何文件" in output
    assert not any(_alive(pid) for pid in (parent, child))
    assert list(scratch.iterdir()) == []
    assert [p.name for p in out.iterdir()] == ["old.docx"]
    assert (out / "old.docx").read_bytes() == b"the previous plan"


def _alive(pid: int) -> bool:
    """Running and not a zombie waiting for whoever adopted it."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "\tZ" not in next(line for line in status.splitlines() if line.startswith("State:"))


# --- 11. output places -------------------------------------------------------------------

def test_out_that_is_a_file_is_a_usage_error(tmp_path):
    path = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    target = tmp_path / "out.txt"
    target.write_text("keep me")
    _, built = both(path.parent, target)
    assert built.exit_code == 2 and "应为文件夹" in built.out
    assert target.read_text() == "keep me"


@pytest.mark.parametrize("command", [
    ("build", "{inputs}", "--out", "{file}/sub"),
    ("bundle", "{inputs}", "--out", "{file}/sub"),
    ("diff", "{inputs}", "{inputs}", "--out", "{file}/sub"),
    ("check", "{inputs}", "--format", "html", "--out", "{file}/sub/report.html"),
    ("init", "{file}/sub"),
])
def test_a_parent_that_is_a_file_is_named(tmp_path, command):
    path = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    blocking = tmp_path / "plan.docx"
    blocking.write_text("keep me")
    run = cli(*(part.format(inputs=path.parent, file=blocking) for part in command))
    assert run.exit_code == 2, run.out
    assert f"{blocking} 是一个文件，不是文件夹" in run.out
    assert "内部错误" not in run.out and blocking.read_text() == "keep me"


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "磁盘空间不足"),
                                             (errno.EROFS, "只读的文件系统"),
                                             (errno.EACCES, "没有写入权限")])
def test_a_write_that_fails_says_why_and_leaves_old_files_alone(tmp_path, monkeypatch, code,
                                                                 words):
    import docgen.export.write as write

    path = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.docx").write_bytes(b"last year")

    def failing(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(out / "x.docx"))

    monkeypatch.setattr(write, "zip_entries", failing)
    _, built = both(path.parent, out)
    assert built.exit_code == 1 and words in built.out, built.out
    assert files_under(out) == ["old.docx"] and (out / "old.docx").read_bytes() == b"last year"


def test_a_folder_named_like_the_output_file_is_a_clear_error(tmp_path):
    path = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    out = tmp_path / "out"
    blocker = out / "CS-YJYA-2026-01_测试服务有限公司服务应急措施预案.docx"
    blocker.mkdir(parents=True)
    (blocker / "inside.txt").write_text("mine")
    _, built = both(path.parent, out)
    assert built.exit_code == 1 and "已有同名文件夹" in built.out, built.out
    assert files_under(out) == [f"{blocker.name}/inside.txt"]


@pytest.mark.parametrize("where", ["batch", "unit"])
def test_out_inside_a_batch_or_a_unit_is_refused_before_anything_is_written(tmp_path, where):
    batch = tmp_path / "batch"
    write_workbook(batch / "甲" / "plan.xlsx", minimal_sheets())
    write_workbook(batch / "乙" / "plan.xlsx", minimal_sheets())
    out = batch / "output" if where == "batch" else batch / "甲" / "output"
    _, built = both(batch, out)
    assert built.exit_code == 2
    assert files_under(batch) == ["乙/plan.xlsx", "甲/plan.xlsx"]


def test_a_sub_folder_starting_with_an_underscore_is_built(tmp_path):
    batch = tmp_path / "batch"
    write_workbook(batch / "_总部" / "plan.xlsx", minimal_sheets())
    write_workbook(batch / "分部" / "plan.xlsx", minimal_sheets())
    _, built = both(batch, tmp_path / "out")
    assert built.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["_总部", "分部", "汇总表.xlsx"]


# --- 12. the smaller ones -----------------------------------------------------------------

@pytest.mark.parametrize(("rows", "expected"), [
    ([["重大", 20, 25], ["重大", 10, 19], ["一般", 4, 9], ["低", 1, 3]],
     ("风险矩阵 › 第3行 › 风险等级", "风险等级“重大”出现了两次（第2行）")),
    ([["重大", 20, 25], ["较大", 9.5, 19], ["一般", 4, 9], ["低", 1, 3]],
     ("风险矩阵 › 第3行 › 最小值", "应为1–25的整数，实际为“9.5”")),
])
def test_a_broken_risk_matrix_is_a_located_error_and_nothing_more(tmp_path, rows, expected):
    sheets = minimal_sheets()
    sheets["风险矩阵"] = [["风险等级", "最小值", "最大值"], *rows]
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    checked, _ = both(path.parent, tmp_path / "out")
    assert checked.exit_code == 1
    assert checked.located(*expected), checked.out
    assert "覆盖 1–25" not in checked.out  # no misleading follow-up about the bands


def test_strict_says_that_warnings_count_as_errors(tmp_path):
    sheets = minimal_sheets()
    sheets["通讯录"][3][4] = "1390000000"  # a 10-digit mobile: a warning
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    checked = cli("validate", path.parent, "--strict")
    assert checked.exit_code == 1
    assert "--strict：1 个警告按错误处理" in checked.out


@needs_libreoffice
def test_a_failing_pdfinfo_gets_a_message_not_an_internal_error(tmp_path):
    tools = tmp_path / "bin"
    tools.mkdir()
    fake = tools / "pdfinfo"
    fake.write_text("#!/bin/sh\necho 'broken pdfinfo' >&2\nexit 3\n")
    fake.chmod(0o755)
    path = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    # pdfinfo reads the pages only without the single-load route (docgen.export.office)
    env = dict(os.environ, PATH=f"{tools}:{os.environ['PATH']}", DOCGEN_NO_UNO="1")
    run = bounded(["build", str(path.parent), "--out", str(tmp_path / "out")], env=env,
                  seconds=120)
    # The .docx needs no LibreOffice: it is written, its 目录 unnumbered, and the
    # warning says why and how to fill the numbers in.
    assert run.exit_code == 0, run.out
    assert "pdfinfo 无法读取排版结果" in run.out and "内部错误" not in run.out
    assert "更新域" in run.out
    assert list((tmp_path / "out").glob("*.docx"))


@needs_libreoffice
def test_pdf_output_is_reproducible(tmp_path):
    path = write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())
    pdfs = []
    for k in range(2):
        run = cli("build", path.parent, "--out", tmp_path / f"out{k}", "--pdf",
                  "--no-toc-pages")
        assert run.exit_code == 0, run.out
        pdfs.append(next((tmp_path / f"out{k}").glob("*.pdf")).read_bytes())
        time.sleep(1.1)  # LibreOffice's clock moves on
    assert pdfs[0] == pdfs[1]
    assert b"D:20260318000000" in pdfs[0]  # 发布日期, not the clock


def test_problems_are_reported_only_through_the_catalogue(repo_root):
    assert not [s for s in (repo_root / "docgen").rglob("*.py")
                if re.search(r"report\.(error|warning)\(", s.read_text("utf-8"))]
