"""SPEC §5.3: the same inputs give a byte-identical .docx — whatever the clock says,
wherever it is written. Dates inside the file come from 发布日期."""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from pathlib import Path

import pytest
from conftest import minimal_sheets, write_workbook
from lxml import etree

from docgen import api
from docgen.export import layout


def build_into(inputs: Path, out: Path, toc_pages: bool = False) -> bytes:
    result = api.build(inputs, out, toc_pages=toc_pages)
    assert result.ok, result.units[0].report.to_text()
    (path,) = result.written
    return path.read_bytes()


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    sheets = minimal_sheets()
    sheets["修订记录"] = [["版本号", "修订日期", "修订内容"], ["V1.0", "2026-3-18", "首次发布"]]
    return write_workbook(tmp_path / "in" / "plan.xlsx", sheets).parent


def test_two_folders_get_identical_bytes(inputs, tmp_path):
    assert build_into(inputs, tmp_path / "a") == build_into(inputs, tmp_path / "b")


def test_the_clock_does_not_reach_the_file(inputs, tmp_path):
    first = build_into(inputs, tmp_path / "a")
    time.sleep(2.1)  # past the 2-second resolution of zip timestamps
    assert build_into(inputs, tmp_path / "a") == first


def test_a_copy_of_the_inputs_elsewhere_gives_the_same_file(inputs, tmp_path):
    copy = tmp_path / "elsewhere" / "其他名字"
    copy.mkdir(parents=True)
    (copy / "另一个文件名.xlsx").write_bytes((inputs / "plan.xlsx").read_bytes())
    assert build_into(inputs, tmp_path / "a") == build_into(copy, tmp_path / "b")


def test_zip_entries_have_fixed_times_and_order(inputs, tmp_path):
    data = build_into(inputs, tmp_path / "a")
    path = tmp_path / "a.docx"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    names = [i.filename for i in infos]
    assert names[0] == "[Content_Types].xml"
    assert names[2:] == sorted(names[2:])


def test_document_dates_are_the_publishing_date(inputs, tmp_path):
    data = build_into(inputs, tmp_path / "a")
    path = tmp_path / "a.docx"
    path.write_bytes(data)
    core = etree.fromstring(zipfile.ZipFile(path).read("docProps/core.xml"))
    dates = {el.text for el in core if el.tag.endswith(("created", "modified"))}
    assert dates == {"2026-03-18T00:00:00Z"}


def test_another_publishing_date_changes_the_file(tmp_path):
    sheets = minimal_sheets()
    first = build_into(write_workbook(tmp_path / "a" / "plan.xlsx", sheets).parent,
                       tmp_path / "out_a")
    sheets["基本信息"][6] = ["发布日期", dt.date(2026, 3, 19)]
    second = build_into(write_workbook(tmp_path / "b" / "plan.xlsx", sheets).parent,
                        tmp_path / "out_b")
    assert first != second


@pytest.mark.skipif(layout.available() is not None, reason="LibreOffice is not installed")
def test_page_numbers_from_libreoffice_are_deterministic_too(inputs, tmp_path):
    first = build_into(inputs, tmp_path / "a", toc_pages=True)
    time.sleep(1.1)
    assert build_into(inputs, tmp_path / "b", toc_pages=True) == first


def test_a_streamed_part_is_written_in_order_and_its_failures_surface(tmp_path):
    """A part given as chunks is compressed beside the making of the next chunk: the
    entry holds them in order, and what fails while making or writing them is
    raised, never lost in the writing thread."""
    from docgen.export.write import zip_entries

    chunks = [f"<p n='{n}'/>".encode() * (n % 7 + 1) for n in range(500)]
    target = tmp_path / "streamed.zip"
    zip_entries(target, [("a.xml", iter(chunks)), ("b.xml", b"whole")])
    with zipfile.ZipFile(target) as z:
        assert z.read("a.xml") == b"".join(chunks)
        assert z.read("b.xml") == b"whole"

    def broken():
        yield b"<a/>"
        raise ValueError("made wrong")

    with pytest.raises(ValueError, match="made wrong"):
        zip_entries(tmp_path / "broken.zip", [("a.xml", broken())])

    class Full:
        def __init__(self):
            self.written = 0

        def write(self, data):
            self.written += 1
            if self.written == 3:
                raise OSError(28, "No space left on device")
            return len(data)

    from docgen.export import write as write_module

    with pytest.raises(OSError, match="No space"):
        write_module._write_alongside(Full(), iter(chunks))


def test_the_cycle_collector_rests_while_a_unit_is_built_and_no_longer(inputs, tmp_path,
                                                                       monkeypatch):
    """It is paused while a unit is read, modelled and written, and running again
    after; a caller that had paused it finds it paused still."""
    import gc

    from docgen import pipeline

    seen = []
    real = pipeline.enrich

    def spying(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "enrich", spying)
    assert gc.isenabled()
    assert api.build(inputs, tmp_path / "a", toc_pages=False).ok
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        assert api.build(inputs, tmp_path / "b", toc_pages=False).ok
        assert not gc.isenabled()
    finally:
        gc.enable()
