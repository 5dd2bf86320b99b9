"""Batches (docgen.batch): units built in parallel, one unit's failure never stopping
the others, output folders checked before anything is written, LibreOffice shared."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import minimal_sheets, write_workbook
from docx_helpers import document_text, open_document

from docgen.api import build
from docgen.cli import main
from docgen.errors import UsageError
from docgen.export.layout import available


def _unit(batch: Path, name: str, sheets: dict | None = None) -> Path:
    return write_workbook(batch / name / "plan.xlsx", sheets or minimal_sheets())


def _broken() -> dict:
    sheets = minimal_sheets()
    sheets["风险"][1][3] = "高"  # 可能性 must be 1–5
    return sheets


def _renamed(unit: str) -> dict:
    sheets = minimal_sheets()
    sheets["基本信息"][1][1] = unit
    return sheets


@pytest.fixture
def mixed_batch(tmp_path: Path) -> tuple[Path, Path]:
    """Four units: two good, one with an input error, one whose output folder is
    blocked by a file (its write fails)."""
    batch, out = tmp_path / "batch", tmp_path / "out"
    _unit(batch, "甲单位", _renamed("甲单位有限公司"))
    _unit(batch, "乙单位", _broken())
    _unit(batch, "丙单位", _renamed("丙单位有限公司"))
    _unit(batch, "丁单位", _renamed("丁单位有限公司"))
    out.mkdir()
    (out / "丙单位").write_text("a file where the unit's folder should go")
    return batch, out


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_unit_never_stops_the_others(mixed_batch, jobs):
    batch, out = mixed_batch
    result = build(batch, out, toc_pages=False, jobs=jobs)
    assert result.batch and not result.ok
    by_name = {u.unit.name: u for u in result.units}
    assert list(by_name) == ["丁单位", "丙单位", "乙单位", "甲单位"]  # in folder order
    assert [p.parent.name for p in by_name["甲单位"].written] == ["甲单位"]
    assert [p.parent.name for p in by_name["丁单位"].written] == ["丁单位"]
    assert "甲单位有限公司" in document_text(by_name["甲单位"].written[0])
    bad = by_name["乙单位"]
    assert bad.written == [] and bad.failure is None
    assert [(i.where.sheet, i.where.column) for i in bad.report.errors] == [("风险", "可能性")]
    blocked = by_name["丙单位"]
    assert blocked.written == [] and blocked.failure and "无法写入" in blocked.failure
    assert not (out / "乙单位").exists()


def test_the_cli_reports_every_unit_and_exits_1(mixed_batch):
    batch, out = mixed_batch
    run = CliRunner().invoke(main, ["build", str(batch), "--out", str(out), "--no-toc-pages",
                                    "--jobs", "2"])
    assert run.exit_code == 1, run.output
    assert "批量生成结果" in run.output  # the summary table
    for name in ("甲单位", "乙单位", "丙单位", "丁单位"):
        assert name in run.output
    assert "可能性" in run.output and "无法写入" in run.output
    assert "Traceback" not in run.output


def test_units_whose_output_folders_collide_are_refused_before_anything_is_written(tmp_path):
    batch, out = tmp_path / "batch", tmp_path / "out"
    _unit(batch, "分公司:一")
    _unit(batch, "分公司_一")  # ':' is not allowed in a file name: both become 分公司_一
    with pytest.raises(UsageError, match="同名"):
        build(batch, out, toc_pages=False)
    assert not out.exists()


def test_out_inside_the_batch_folder_is_refused(tmp_path):
    batch = tmp_path / "batch"
    _unit(batch, "甲")
    _unit(batch, "乙")
    with pytest.raises(UsageError, match="位于批量输入文件夹"):
        build(batch, batch / "output", toc_pages=False)
    assert not (batch / "output").exists()


@pytest.mark.skipif(available() is not None, reason="needs LibreOffice and poppler-utils")
def test_a_batch_shares_libreoffice_and_fills_every_toc(tmp_path, repo_root):
    batch = tmp_path / "batch"
    for name in ("一号", "二号", "三号"):
        shutil.copytree(repo_root / "inputs", batch / name)
    result = build(batch, tmp_path / "out", jobs=2)
    assert result.ok and result.toc_pages
    assert len(result.written) == 3
    for path in result.written:
        toc = [p.text for p in open_document(path).paragraphs if p.style.name == "toc 1"]
        numbered = [t for t in toc if "\t" in t]
        assert numbered and numbered[0].startswith("第一章 总则\t1"), toc[:4]


# -- workers started by spawn (Windows has no fork) -----------------------------------------

def test_the_start_method_is_fork_on_linux_only_and_can_be_forced():
    from docgen.processes import start_method

    assert start_method({}, ["spawn"], "win32") == "spawn"
    assert start_method({}, ["fork", "spawn", "forkserver"], "darwin") == "spawn"
    assert start_method({}, ["fork", "spawn", "forkserver"], "linux") == "fork"
    forced = {"DOCGEN_START_METHOD": "spawn"}
    assert start_method(forced, ["fork", "spawn"], "linux") == "spawn"
    assert start_method({"DOCGEN_START_METHOD": "fork"}, ["spawn"], "win32") == "spawn"


def test_a_batch_builds_in_spawned_workers(tmp_path, monkeypatch):
    import multiprocessing

    import docgen.batch

    used: list[str] = []
    real = multiprocessing.get_context
    monkeypatch.setattr(docgen.batch.multiprocessing, "get_context",
                        lambda method=None: used.append(method) or real(method))
    monkeypatch.setenv("DOCGEN_START_METHOD", "spawn")
    batch, out = tmp_path / "batch", tmp_path / "out"
    _unit(batch, "甲单位", _renamed("甲单位有限公司"))
    _unit(batch, "乙单位", _broken())
    _unit(batch, "丙单位", _renamed("丙单位有限公司"))
    result = build(batch, out, toc_pages=False, jobs=2)
    assert used == ["spawn"]
    by_name = {u.unit.name: u for u in result.units}
    assert [u.failure for u in result.units] == [None, None, None]
    assert "甲单位有限公司" in document_text(by_name["甲单位"].written[0])
    assert "丙单位有限公司" in document_text(by_name["丙单位"].written[0])
    assert by_name["乙单位"].written == [] and by_name["乙单位"].report.errors


def test_python_m_docgen_runs_a_spawned_batch_once(tmp_path, repo_root):
    """The command line itself, its workers spawned as on Windows: every unit built
    once, the summary printed once."""
    import os
    import subprocess
    import sys

    batch, out = tmp_path / "batch", tmp_path / "out"
    _unit(batch, "一号", _renamed("一号有限公司"))
    _unit(batch, "二号", _renamed("二号有限公司"))
    env = os.environ | {"DOCGEN_START_METHOD": "spawn", "PYTHONPATH": str(repo_root),
                        "DOCGEN_SOFFICE": str(tmp_path / "none")}
    run = subprocess.run([sys.executable, "-m", "docgen", "build", str(batch), "--out",
                          str(out), "-j", "2"], env=env, capture_output=True, text=True,
                         timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "内部错误" not in run.stderr and run.stderr.count("批量生成结果") == 1
    assert sorted(p.parent.name for p in out.rglob("*.docx")) == ["一号", "二号"]


def test_each_workers_unit_brings_its_summary_facts(tmp_path):
    """The 汇总表's facts (the compliance check of each unit) are worked out by the
    worker that built the unit, in parallel, and equal what the 汇总表 would work out."""
    from docgen.summary import UnitFacts, unit_facts

    batch = tmp_path / "batch"
    _unit(batch, "甲单位", _renamed("甲单位有限公司"))
    _unit(batch, "乙单位", _renamed("乙单位有限公司"))
    result = build(batch, tmp_path / "out", toc_pages=False, jobs=2)
    assert result.ok and result.summary is not None
    for unit in result.units:
        assert isinstance(unit.facts, UnitFacts)
        assert unit.facts == unit_facts(unit)
        assert unit.facts.findings and unit.facts.levels


def test_facts_of_units_laid_out_later_are_worked_out_side_by_side(tmp_path, monkeypatch):
    """Units whose documents LibreOffice laid out after their build have their facts
    worked out in forked processes, equal to the 汇总表's own; with spawned workers
    (Windows) they are left to the 汇总表."""
    from docgen.batch import _facts_after_layout
    from docgen.summary import UnitFacts, unit_facts

    batch = tmp_path / "batch"
    for name in ("甲单位", "乙单位", "丙单位"):
        _unit(batch, name, _renamed(f"{name}有限公司"))
    result = build(batch, tmp_path / "out", toc_pages=False, jobs=2, summary=False)
    expected = [unit_facts(u) for u in result.units]
    for unit in result.units:
        unit.facts = None
    monkeypatch.setenv("DOCGEN_START_METHOD", "spawn")
    _facts_after_layout(result.units, 2)
    assert [u.facts for u in result.units] == [None, None, None]
    monkeypatch.setenv("DOCGEN_START_METHOD", "fork")
    _facts_after_layout(result.units, 2)
    assert all(isinstance(u.facts, UnitFacts) for u in result.units)
    assert [u.facts for u in result.units] == expected


def test_a_batch_with_one_job_forks_no_helper_and_a_single_unit_may(tmp_path, monkeypatch):
    from docgen import processes
    from docgen.read import workbook

    monkeypatch.setattr(workbook, "SPLIT_BYTES", 0)  # every workbook worth sharing
    allowed: list[bool] = []
    real = processes.run_beside

    def run_beside(here, there, failed=None):
        allowed.append(processes._helpers_allowed)
        return real(here, there, failed)

    monkeypatch.setattr(workbook, "run_beside", run_beside)
    batch = tmp_path / "batch"
    _unit(batch, "甲单位", _renamed("甲单位有限公司"))
    _unit(batch, "乙单位", _renamed("乙单位有限公司"))
    assert build(batch, tmp_path / "out", toc_pages=False, jobs=1).ok
    assert allowed == [False, False]
    assert build(batch / "甲单位", tmp_path / "one", toc_pages=False).ok
    assert allowed[2:] == [True]
    assert processes._helpers_allowed
