"""Long loops shared with a forked helper process (docgen.render.helper): the same
document as a render in one process, whatever happens to the helper."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docxtpl import InlineImage
from PIL import Image

from docgen import processes
from docgen.errors import TemplateError
from docgen.export.write import write_package_file
from docgen.processes import without_helpers
from docgen.render import compile_template, helper, render
from docgen.wordml import FragmentStore, document_xml, package_entries

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the helper is forked: Linux only")


@dataclass
class Row:
    code: str
    name: str


def _template(tmp_path: Path, cell: str = "{{ r.name }}") -> Path:
    """A paragraph loop, then a table whose rows loop: two fragments."""
    document = docx.Document()
    for text in ("{%p for r in rows %}", "{{ loop.index }}. {{ r.code }} {{ r.name }}",
                 "{%p endfor %}", "表"):
        document.add_paragraph(text)
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "{%tr for r in rows %}"
    table.rows[1].cells[0].text = "{{ r.code }}"
    table.rows[1].cells[1].text = cell
    table.rows[2].cells[0].text = "{%tr endfor %}"
    path = tmp_path / "long.docx"
    document.save(path)
    return path


def _bytes(path: Path, rows: list, allowed: bool, extra: dict | None = None) -> bytes:
    compiled = compile_template(path.read_bytes(), path.name)
    with contextlib.nullcontext() if allowed else without_helpers():
        rendered = render(compiled, lambda host: {"rows": rows, **(extra or {}),
                                                  "host": host})
    out = path.parent / f"out-{allowed}.docx"
    try:
        write_package_file(out, package_entries(rendered.document, document_xml(
            rendered.document, rendered.fragments)))
    finally:
        rendered.fragments.close()
    return out.read_bytes()


@pytest.fixture
def helper_spy(monkeypatch):
    """Forking allowed whatever runs beside the tests; records the fragments each
    helper handed over."""
    def allowed() -> bool:  # whatever the machine: only without_helpers says no
        return processes._helpers_allowed

    monkeypatch.setattr(helper, "can_fork_helper", allowed)
    monkeypatch.setattr(processes, "can_fork_helper", allowed)  # run_beside's
    adopted: list[list[int]] = []
    real = FragmentStore.adopt

    def adopt(store, file, spans):
        adopted.append(sorted(spans))
        return real(store, file, spans)

    monkeypatch.setattr(FragmentStore, "adopt", adopt)
    return adopted


def _rows(n: int) -> list[Row]:
    return [Row(f"R-{i:05d}", f"风险{i}（{'甲乙丙'[i % 3]}）") for i in range(n)]


def test_a_long_register_shared_with_a_helper_is_the_document_one_process_writes(
        tmp_path, helper_spy):
    path, rows = _template(tmp_path), _rows(helper.HELPER_RECORDS)
    shared = _bytes(path, rows, allowed=True)
    assert helper_spy == [[0]]  # the loop of more pieces (the numbered paragraphs) in the helper
    assert shared == _bytes(path, rows, allowed=False)


def test_a_short_document_is_not_worth_a_fork(tmp_path, helper_spy):
    path = _template(tmp_path)
    assert _bytes(path, _rows(10), allowed=True) == _bytes(path, _rows(10), allowed=False)
    assert helper_spy == []


def test_pictures_in_a_shared_loop_are_numbered_as_in_one_process(tmp_path, helper_spy,
                                                                   monkeypatch):
    monkeypatch.setattr(helper, "HELPER_RECORDS", 1)
    picture = tmp_path / "dot.png"
    Image.new("RGB", (4, 4), "red").save(picture)
    path = _template(tmp_path, cell="{{ picture(host) }}")

    def picture_of(host):
        return InlineImage(host, str(picture))

    shared = _bytes(path, _rows(5), allowed=True, extra={"picture": picture_of})
    assert helper_spy == []  # the helper's pictures were not taken: numbered again in order
    assert shared == _bytes(path, _rows(5), allowed=False, extra={"picture": picture_of})


def test_a_failing_loop_says_what_one_process_says(tmp_path, helper_spy, monkeypatch):
    monkeypatch.setattr(helper, "HELPER_RECORDS", 1)
    path = _template(tmp_path, cell="{{ budget }}")
    messages = []
    for allowed in (True, False):
        with pytest.raises(TemplateError) as caught:
            _bytes(path, _rows(5), allowed=allowed)
        messages.append(caught.value.message)
    assert messages[0] == messages[1] and "budget" in messages[0]


def test_a_helper_that_dies_leaves_the_document_to_one_process(tmp_path, helper_spy,
                                                               monkeypatch):
    monkeypatch.setattr(helper, "HELPER_RECORDS", 1)
    monkeypatch.setattr("docgen.processes._send", lambda *args: os._exit(3))
    path = _template(tmp_path)
    assert _bytes(path, _rows(50), allowed=True) == _bytes(path, _rows(50), allowed=False)
    assert helper_spy == []


def test_without_fork_every_loop_runs_in_the_process_itself(tmp_path, helper_spy,
                                                             monkeypatch):
    monkeypatch.setattr(helper, "can_fork_helper", lambda: False)
    path, rows = _template(tmp_path), _rows(helper.HELPER_RECORDS)
    assert _bytes(path, rows, allowed=True) == _bytes(path, rows, allowed=False)
    assert helper_spy == []
