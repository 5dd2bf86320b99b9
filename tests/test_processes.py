"""docgen.processes: helpers forked beside the main process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from docgen import processes

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="helpers are forked: Linux only")


@linux_only
def test_a_helper_returns_its_result_and_prints_nothing_twice():
    # stdout is a pipe here, so what the main process printed sits in its buffer
    # when the helper is forked; the helper flushes its copy of the buffer as it ends,
    # unless it was flushed before the fork.
    script = ("import sys\n"
              "from docgen import processes\n"
              "processes.can_fork_helper = lambda: True\n"
              "sys.stdout.write('before\\n')\n"
              "print(processes.run_beside(lambda: 'here', lambda: ['there', 2]))\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["before", "('here', ['there', 2])"]
    assert run.stderr == ""


@linux_only
def test_what_fails_in_the_helper_is_done_again_here_and_raises_here(monkeypatch):
    monkeypatch.setattr(processes, "can_fork_helper", lambda: True)
    calls = []

    def there():
        calls.append(1)  # in the helper, this list is the helper's own copy
        raise ValueError("坏了")

    with pytest.raises(ValueError, match="坏了"):
        processes.run_beside(lambda: None, there)
    assert calls == [1]  # once here, after the helper failed
    assert processes.run_beside(lambda: 1, lambda: 1 / 0, failed=lambda: "plain") == (1, "plain")


def test_without_a_helper_both_run_here_in_order(monkeypatch):
    monkeypatch.setattr(processes, "can_fork_helper", lambda: False)
    order = []
    assert processes.run_beside(lambda: order.append("here") or 1,
                                lambda: order.append("there") or 2) == (1, 2)
    assert order == ["here", "there"]


def test_no_helper_without_fork_or_beside_another_thread(monkeypatch):
    monkeypatch.setenv("DOCGEN_START_METHOD", "spawn")
    assert not processes.can_fork_helper()
    monkeypatch.setenv("DOCGEN_START_METHOD", "fork")
    monkeypatch.setattr(processes, "default_jobs", lambda: 2)
    stop = threading.Event()
    beside = threading.Thread(target=stop.wait)
    beside.start()
    try:
        assert not processes.can_fork_helper()
    finally:
        stop.set()
        beside.join()
    if threading.active_count() == 1:
        assert processes.can_fork_helper()


def test_without_helpers_forbids_them_within_and_no_longer(monkeypatch):
    monkeypatch.setattr(processes, "current_start_method", lambda: "fork")
    monkeypatch.setattr(processes, "default_jobs", lambda: 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert processes.can_fork_helper()
    with processes.without_helpers():
        assert not processes.can_fork_helper()
    assert processes.can_fork_helper()
