"""A large workbook's sheets read in two processes (docgen.read.workbook and
docgen.processes.run_beside): the same sheets, the same problems, in the same
order, as one process reads them."""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import full_sheets, write_workbook

from docgen import processes
from docgen.read import discover_units, read_unit
from docgen.read import workbook as reading
from docgen.report import ValidationReport

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the helper is forked: Linux only")


def _read(path: Path) -> tuple[list, list[str]]:
    report = ValidationReport()
    found = read_unit(discover_units(path)[0][0], report)
    sheets = [(key, s.name, s.state, s.header_row, s.headers, s.hidden_rows,
               [i.message for i in s.problems],
               [(r.row, r.values, r.shown, sorted(r.unreadable)) for r in s.rows])
              for key, copies in found.found.items() for s in copies]
    return sheets, [str(i) for i in report.issues]


@pytest.fixture
def split(monkeypatch):
    """Every workbook shared between two processes; records the groups read beside."""
    monkeypatch.setattr(reading, "SPLIT_BYTES", 0)
    monkeypatch.setattr(processes, "can_fork_helper", lambda: True)
    beside: list[int] = []
    real = reading._groups

    def groups(package, wanted):
        here, there = real(package, wanted)
        beside.append(len(there))
        return here, there

    monkeypatch.setattr(reading, "_groups", groups)
    return beside


def _damaged(path: Path, sheet_number: int) -> Path:
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    member = f"xl/worksheets/sheet{sheet_number}.xml"
    parts[member] = parts[member][: len(parts[member]) // 2]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("damage", [None, 3])
def test_sheets_read_beside_are_the_sheets_one_process_reads(tmp_path, split, monkeypatch,
                                                             damage):
    path = write_workbook(tmp_path / "in" / "plan.xlsx", full_sheets())
    if damage:
        _damaged(path, damage)
    shared = _read(path)
    assert split and split[0] > 1  # the largest sheet here, the others in the helper
    monkeypatch.setattr(processes, "can_fork_helper", lambda: False)
    assert shared == _read(path)
    if damage:
        assert any("无法读取工作表" in message for message in shared[1])


def test_a_helper_that_dies_leaves_its_sheets_to_the_main_process(tmp_path, split,
                                                                   monkeypatch):
    path = write_workbook(tmp_path / "in" / "plan.xlsx", full_sheets())
    monkeypatch.setattr(processes, "_send", lambda *args: os._exit(3))
    shared = _read(path)
    monkeypatch.setattr(processes, "can_fork_helper", lambda: False)
    assert shared == _read(path)
    assert shared[0]
