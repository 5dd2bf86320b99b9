"""The single-load pass (docgen.export.office): one LibreOffice, driven through UNO,
lays each document out, fills the 目录's page numbers and exports its PDF in one
load; without the UNO route, `soffice --convert-to` does it in two."""

from __future__ import annotations

import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from conftest import minimal_sheets, write_workbook

from docgen.api import build
from docgen.export import layout, office

needs_uno = pytest.mark.skipif(office.route() is None or layout.available() is not None,
                               reason="LibreOffice with a Python that imports uno")
needs_poppler = pytest.mark.skipif(
    subprocess.run(["which", "pdftotext"], capture_output=True).returncode != 0,
    reason="poppler-utils")


def _toc_numbers(docx: Path) -> list[str]:
    """The page numbers the 目录's entries print (their PAGEREF results)."""
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    import re

    return re.findall(r'PAGEREF _Toc\d+ \\h </w:instrText></w:r><w:r><w:fldChar '
                      r'w:fldCharType="separate"/></w:r><w:r><w:t[^>]*>(\d+)<', xml)


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith("docgen-")]


@pytest.fixture()
def workbook(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "in" / "plan.xlsx", minimal_sheets())


@needs_uno
@needs_poppler
def test_one_load_gives_the_documents_and_pdfs_of_two(tmp_path, workbook, monkeypatch):
    """The .docx files are byte for byte those of the fallback, and each PDF reads as
    LibreOffice's conversion of the finished .docx: the 目录's numbers filled in
    before the PDF was made, not placeholders."""
    one = build(workbook, tmp_path / "one", profile="all", pdf=True, toc_pages=True)
    monkeypatch.setenv(office.NO_UNO, "1")
    two = build(workbook, tmp_path / "two", profile="all", pdf=True, toc_pages=True)
    assert one.ok and two.ok
    docs = sorted(p.name for p in one.written if p.suffix == ".docx")
    assert len(docs) >= 3 and docs == sorted(p.name for p in two.written if p.suffix == ".docx")
    numbered = 0
    for name in docs:
        first, second = tmp_path / "one" / name, tmp_path / "two" / name
        assert first.read_bytes() == second.read_bytes(), name
        numbered += bool(_toc_numbers(first))
        text = _pdf_text(first.with_suffix(".pdf"))
        assert text == _pdf_text(second.with_suffix(".pdf")), name
        assert "\ue000" not in text
    assert numbered >= 1  # the comprehensive plan's 目录 carries its numbers


def _stand_in_worker(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "worker.py"
    script.write_text("import sys, json, time\n" + body)
    return script


@needs_uno
def test_a_hanging_libreoffice_leaves_the_docx_unnumbered_and_nothing_behind(
        tmp_path, workbook, monkeypatch):
    """A load that outlasts its time: the .docx is still written, its 目录 without
    numbers and a warning says why; no process and no temporary folder remain."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    monkeypatch.setattr(office, "WORKER", _stand_in_worker(tmp_path, (
        'print(json.dumps({"ready": True}), flush=True)\n'
        "for line in sys.stdin:\n    time.sleep(300)\n")))
    monkeypatch.setattr(office, "OPEN_SECONDS", 0.5)
    monkeypatch.setattr(office, "OPEN_SECONDS_PER_MB", 0)
    result = build(workbook, tmp_path / "out", profile="all", toc_pages=True)
    assert result.ok, result.units[0].failure
    warnings = [i.message for i in result.units[0].report.warnings
                if i.code == "layout.no_pages"]
    assert warnings and all("超时" in w for w in warnings)
    assert all(not _toc_numbers(p) for p in result.written)
    time.sleep(0.3)
    assert subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True).stdout == b""
    assert _leftovers(scratch) == []


@needs_uno
def test_a_killed_libreoffice_leaves_no_socket_behind(tmp_path, workbook, monkeypatch):
    """LibreOffice, killed when the run is over, would leave two sockets in /tmp each
    time (thousands after a season of filing): both are removed, and they were
    there to remove."""
    from docgen.export import pdf

    removed: list[Path] = []
    forget = pdf.forget_pipes

    def watched(profile: str, *names: str) -> None:
        removed.extend(p for p in pdf.pipe_paths(profile, *names) if p.exists())
        forget(profile, *names)

    monkeypatch.setattr(pdf, "forget_pipes", watched)
    result = build(workbook, tmp_path / "out", profile="onsite", toc_pages=True)
    assert result.ok
    assert len(removed) == 2 and any("SingleOfficeIPC_" in p.name for p in removed)
    assert not [p for p in removed if p.exists()]


@needs_uno
def test_a_worker_that_dies_mid_run_is_named_and_the_next_document_gets_a_new_one(
        tmp_path, workbook, monkeypatch):
    """The worker dies after its first answer: that document is written unnumbered
    with the reason; a new LibreOffice takes the next one."""
    counter = tmp_path / "starts"
    monkeypatch.setattr(office, "WORKER", _stand_in_worker(tmp_path, (
        f"c = {str(counter)!r}\n"
        "import os\n"
        "n = int(open(c).read()) + 1 if os.path.exists(c) else 1\n"
        "open(c, 'w').write(str(n))\n"
        'print(json.dumps({"ready": True}), flush=True)\n'
        "for line in sys.stdin:\n"
        "    if n == 1:\n        sys.exit('worker crashed')\n"
        '    request = json.loads(line)\n'
        '    if request["op"] == "open":\n'
        '        print(json.dumps({"pages": {}}), flush=True)\n'
        "    else:\n"
        '        print(json.dumps({"ok": True}), flush=True)\n')))
    result = build(workbook, tmp_path / "out", profile="all", toc_pages=True, jobs=1)
    assert result.ok
    warnings = [i.message for i in result.units[0].report.warnings
                if i.code == "layout.no_pages"]
    assert len(warnings) == 1 and "意外退出" in warnings[0] and "worker crashed" in warnings[0]
    assert int(counter.read_text()) == 2


@needs_uno
@needs_poppler
def test_a_route_that_cannot_start_falls_back_to_convert_to(tmp_path, workbook, monkeypatch):
    """A python3-uno that cannot drive this LibreOffice: the fallback numbers the 目录."""
    monkeypatch.setattr(office, "WORKER", _stand_in_worker(tmp_path, "sys.exit(2)\n"))
    result = build(workbook, tmp_path / "out", profile="all", toc_pages=True)
    assert result.ok
    assert not [i for i in result.units[0].report.warnings if i.code == "layout.no_pages"]
    assert any(_toc_numbers(p) for p in result.written)


def test_without_uno_the_route_is_the_fallback(monkeypatch):
    monkeypatch.setenv(office.NO_UNO, "1")
    assert office.route() is None


def test_a_placeholder_is_made_of_characters_no_heading_holds():
    token = office.placeholder(12)
    assert token.startswith("\ue000") and token.endswith("12\ue001")
    assert token != office.placeholder(1) and token != office.placeholder(112)


@needs_uno
def test_bundle_without_working_libreoffice_writes_the_package_and_says_so(
        tmp_path, workbook, monkeypatch):
    """LibreOffice refuses every document: the filing package is still written, its
    .docx complete, and each missing PDF is a located warning."""
    from docgen.api import bundle

    monkeypatch.setattr(office, "WORKER", _stand_in_worker(tmp_path, (
        'print(json.dumps({"ready": True}), flush=True)\n'
        "for line in sys.stdin:\n"
        '    print(json.dumps({"error": "General Error: cannot load"}), flush=True)\n')))
    result = bundle(workbook, tmp_path / "out")
    assert result.ok
    (package,) = result.packages
    files = [p.name for p in package.folder.iterdir()]
    docx = [f for f in files if f.endswith(".docx")]
    assert len(docx) >= 6 and not [f for f in files if f.endswith(".pdf")]
    assert package.archive.exists()
    missing = [i for i in result.build.units[0].report.warnings if i.code == "output.no_pdf"]
    assert {i.where.file for i in missing if i.where} == set(docx)
    assert all("cannot load" in i.message for i in missing)


@needs_uno
@needs_poppler
def test_a_typed_stand_in_lookalike_is_printed_as_typed(tmp_path, monkeypatch):
    """A risk named with characters that look like a page number's stand-in keeps
    them in the PDF: only this run's stand-ins are replaced."""
    sheets = minimal_sheets()
    sheets["风险"][1][2] = "暴雨内涝\ue0001\ue001"
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    one = build(path, tmp_path / "one", profile="onsite", pdf=True, toc_pages=True)
    monkeypatch.setenv(office.NO_UNO, "1")
    two = build(path, tmp_path / "two", profile="onsite", pdf=True, toc_pages=True)
    assert one.ok and two.ok
    pdfs = sorted(p for p in one.written if p.suffix == ".pdf")
    assert pdfs and any(_toc_numbers(p.with_suffix(".docx")) for p in pdfs)
    for first in pdfs:
        assert _pdf_text(first) == _pdf_text(tmp_path / "two" / first.name), first.name
