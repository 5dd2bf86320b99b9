"""Every kind of document docgen writes passes the ISO/IEC 29500 schemas and Word's
ordering rules (../shared/tools/validate-docx, where the machine has it; a clone
elsewhere has no ../shared, and .ci/run runs the tool on the sample's output too)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from conftest import full_sheets, minimal_sheets, write_workbook

from docgen.api import build

VALIDATOR = Path(__file__).resolve().parents[3] / "shared" / "tools" / "validate-docx"

pytestmark = pytest.mark.skipif(not VALIDATOR.exists(), reason="validate-docx not on this machine")


def _validate(*paths: Path) -> None:
    run = subprocess.run([str(VALIDATOR), *map(str, paths)], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_the_validator_is_found_where_ci_expects_it():
    assert VALIDATOR.is_file()


def test_every_document_of_every_case_passes_validate_docx(tmp_path, repo_root):
    written = []
    for name, sheets in (("full", full_sheets()), ("minimal", minimal_sheets())):
        path = write_workbook(tmp_path / name / "plan.xlsx", sheets)
        written += build(path, tmp_path / "out" / name, toc_pages=False).written
    written += build(repo_root / "inputs", tmp_path / "out" / "sample",
                     toc_pages=False).written
    written.append(repo_root / "templates_docx" / "service.docx")
    assert len(written) == 4
    _validate(*written)


def test_the_pre_review_record_passes_validate_docx(tmp_path, repo_root):
    from docgen.api import check, write_reviews

    records = write_reviews(check(repo_root / "inputs", profile="all"), tmp_path / "sample")
    onsite = tmp_path / "onsite.docx"
    document = docx.Document()
    for line in ["江城精密机械有限公司", "喷漆房火灾现场处置方案", "1 事故风险描述",
                 "喷漆房存放油漆。", "2 应急工作职责", "3 应急处置", "4 注意事项"]:
        document.add_paragraph(line)
    document.save(onsite)
    records += write_reviews(check(onsite), tmp_path / "consultant")
    assert len(records) == 2
    _validate(*records)
