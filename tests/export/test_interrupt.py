"""An interrupted docgen does not leave LibreOffice running: its processes (in a
session of their own, out of reach of the terminal's Ctrl-C) are killed, group and
all, at once rather than at their timeout."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from docgen.export import pdf


@pytest.mark.skipif(os.name != "posix", reason="process groups")
def test_kill_all_stops_a_running_libreoffice_and_its_children(tmp_path):
    fake = tmp_path / "soffice"
    pids = tmp_path / "pids"
    # Like oosplash: a parent that starts a child and waits; both would run for minutes.
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $$ $! > {pids}\nwait\n")
    fake.chmod(0o755)
    outcome: list[str] = []
    run = threading.Thread(target=lambda: outcome.append(
        pdf._run(str(fake), [tmp_path / "a.docx"], tmp_path, "pdf", timeout=300)))
    run.start()
    while not pids.exists() or not pids.read_text().strip():
        run.join(0.05)
    parent, child = map(int, pids.read_text().split())
    pdf.kill_all()
    run.join(60)
    assert not run.is_alive() and outcome and "超时" not in outcome[0]
    assert not any(_running(pid) for pid in (parent, child))
    assert set() == pdf._LIVE


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed child not yet reaped by whoever adopted it)."""
    status = Path(f"/proc/{pid}/status")
    try:
        state = next(line for line in status.read_text().splitlines()
                     if line.startswith("State:"))
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "Z" not in state.split()[1]
