"""`docgen bundle`: the filing package holds what it must, its manifest verifies,
and a batch gets its 汇总表. Real workbooks in, files read back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import full_sheets, minimal_sheets, write_workbook
from docx import Document
from docx_helpers import document_text, records

from docgen.bundle import CHECKSUMS, MANIFEST, bundle


def _sheets(staff: int | None = None) -> dict:
    sheets = full_sheets()
    if staff is not None:
        sheets["基本信息"].append(["从业人数", staff])
    return sheets


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    root = tmp_path_factory.mktemp("bundle")
    write_workbook(root / "in" / "plan.xlsx", _sheets(staff=12))
    result = bundle(root / "in", root / "out")
    assert result.ok, result.build.units[0].report.to_text()
    (made,) = result.packages
    return made


def _docx(package, word: str) -> Path:
    (path,) = [package.folder / f for f in package.files if word in f and f.endswith(".docx")]
    return path


def test_the_package_holds_every_material(package):
    names = package.files
    assert package.folder.name == "CS-YJYA-2026-01_备案材料"
    for word in ("应急预案备案申报表", "服务应急措施预案", "风险评估报告", "应急资源调查报告",
                 "应急预案编制说明", "应急预案论证意见表"):
        assert any(word in n and n.endswith(".docx") for n in names), word
    assert MANIFEST in names


def test_the_manifest_verifies_and_the_zip_holds_the_folder(package):
    manifest = json.loads((package.folder / MANIFEST).read_text("utf-8"))
    listed = {e["file"]: e for e in manifest["files"]}
    on_disk = {p.name for p in package.folder.iterdir()} - {MANIFEST, CHECKSUMS}
    assert set(listed) == on_disk
    for name, entry in listed.items():
        data = (package.folder / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
    with zipfile.ZipFile(package.archive) as z:
        assert sorted(z.namelist()) == sorted(f"{package.folder.name}/{n}" for n in package.files)
        inner = z.read(f"{package.folder.name}/{MANIFEST}")
    assert inner == (package.folder / MANIFEST).read_bytes()


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="sha256sum not installed")
def test_sha256sum_checks_the_package(package):
    done = subprocess.run(["sha256sum", "-c", CHECKSUMS], cwd=package.folder,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK") == len(package.files) - 2  # all but the two lists


def test_the_form_lists_the_materials_filed(package):
    text = document_text(_docx(package, "备案申报表"))
    for word in ("服务应急措施预案", "风险评估报告", "应急资源调查报告", "应急预案编制说明",
                 "应急预案论证意见表"):
        assert word in text, word
    assert "CS-YJYA-2026-01" in text and "V1.0" in text
    assert "论证" in text and "第二十一条" in text


def test_the_risk_report_follows_annex_a(package):
    path = _docx(package, "风险评估报告")
    text = document_text(path)
    for title in ("一、危险有害因素辨识", "二、事故风险分析", "三、事故风险评价", "四、结论建议"):
        assert title in text
    crosstab = records(path, "风险类别", "重大", "合计")
    assert crosstab[-1]["合计"] == "4"  # the four risks of the workbook


def test_the_resource_report_lists_the_gaps(tmp_path):
    sheets = _sheets()
    sheets["风险"][0].append("应急资源")
    for row, codes in zip(sheets["风险"][1:], [None, "ZY-02", None, None], strict=True):
        row.append(codes)  # R-01 (重大) names no resource
    write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    (made,) = bundle(tmp_path / "in", tmp_path / "out").packages
    gaps = records(_docx(made, "应急资源调查报告"), "风险编号", "差距")
    assert [g["风险编号"] for g in gaps] == ["R-01"]


def test_equipment_a_type_needs_and_the_unit_lacks_is_a_gap_of_the_report(tmp_path):
    """A confined space with no gas detector or breathing set: the report lists it and
    does not say the resources are sufficient (能够满足)."""
    sheets = _sheets()
    sheets["风险"].append(["R-05", "事故灾难", "污水池有限空间作业中毒窒息", None, 4, 5,
                         "发现险情立即报告", "技术组"])
    write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    (made,) = bundle(tmp_path / "in", tmp_path / "out").packages
    report = _docx(made, "应急资源调查报告")
    gaps = {g["风险编号"]: g["差距"] for g in records(report, "风险编号", "差距")}
    assert "气体检测" in gaps["R-05"] and "未登记" in gaps["R-05"]
    text = document_text(report)
    assert "能够满足" not in text and "基本满足" in text


def test_a_larger_unit_gets_the_review_form(tmp_path):
    write_workbook(tmp_path / "in" / "plan.xlsx", _sheets(staff=500))
    (made,) = bundle(tmp_path / "in", tmp_path / "out").packages
    assert any("评审意见表" in n for n in made.files)
    form = Document(str(_docx(made, "评审意见表")))
    assert form.paragraphs[0].text == "应急预案评审意见表"


def test_a_batch_gets_a_summary_row_per_unit(tmp_path):
    write_workbook(tmp_path / "in" / "甲" / "plan.xlsx", _sheets())
    write_workbook(tmp_path / "in" / "乙" / "plan.xlsx", minimal_sheets())
    result = bundle(tmp_path / "in", tmp_path / "out")
    assert len(result.packages) == 2
    sheet = openpyxl.load_workbook(result.summary)["汇总"]
    rows = {r[0]: dict(zip([c.value for c in sheet[1]], r, strict=True))
            for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"甲", "乙"}
    assert rows["甲"]["重大风险"] == 1 and rows["甲"]["演练计划"] == 2
    assert rows["乙"]["结果"] == "已生成"
    # The compliance check's findings, as `docgen check` counts them for each unit.
    from docgen.check import check_path

    warned = {}
    for name in ("甲", "乙"):
        (report,) = check_path(tmp_path / "in" / name)
        assert (rows[name]["检查错误"], rows[name]["检查警告"], rows[name]["检查提示"]) == (
            len(report.errors), len(report.warnings), len(report.notes))
        warned[name] = {f.rule for f in report.warnings}
    # 乙 has no trainings and no revision record; 甲 has both.
    assert {"training.planned", "revision.record"} <= warned["乙"] - warned["甲"]


def test_with_the_previous_version_the_package_holds_the_revision_note(tmp_path):
    old = _sheets(staff=12)
    write_workbook(tmp_path / "v1" / "plan.xlsx", old)
    new = _sheets(staff=12)
    new["风险"][4][4] = 5  # R-04 可能性 1 → 5: R 10, 低 → 较大
    write_workbook(tmp_path / "v2" / "plan.xlsx", new)
    (made,) = bundle(tmp_path / "v2", tmp_path / "out", previous=tmp_path / "v1").packages
    note = _docx(made, "修订说明")
    text = document_text(note)
    assert "R-04" in text and "较大" in text
    assert "应急预案修订说明" in document_text(_docx(made, "备案申报表"))


def test_a_package_the_check_would_fail_says_so(tmp_path):
    # validate lets an expired resource through (the plan can be built); the check,
    # which answers what a reviewer would reject, does not: bundle says so.
    from click.testing import CliRunner

    from docgen.cli import main

    sheets = _sheets(staff=12)
    sheets["资源"][1][-1] = dt.date(2025, 12, 31)  # before 发布日期 2026-03-18
    write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    result = bundle(tmp_path / "in", tmp_path / "out")
    (made,) = result.packages
    assert made.must_fix >= 1 and made.verdict.endswith("个问题须改正")
    assert made.conclusion == "不通过"  # an expired resource fails 保障措施, a key element
    run = CliRunner().invoke(main, ["bundle", str(tmp_path / "in"), "--out",
                                    str(tmp_path / "cli")])
    assert run.exit_code == 0 and "合规检查发现" in run.output
    assert "预评审结论（评审指南的评审表，docgen 可判断的部分）：不通过" in run.output


def test_a_plan_system_is_filed_in_its_order_each_plan_with_its_own_number(tmp_path):
    write_workbook(tmp_path / "in" / "plan.xlsx", _sheets(staff=12))
    result = bundle(tmp_path / "in", tmp_path / "out", profile="all")
    (made,) = result.packages
    unit = result.build.units[0]
    kinds = ["综合应急预案", "专项应急预案", "专项应急预案", "现场处置方案", "应急处置卡"]
    assert all(n.endswith(k) for n, k in zip(unit.names, kinds, strict=True))
    assert unit.numbers == ["CS-YJYA-2026-01", "CS-YJYA-2026-01-ZX01", "CS-YJYA-2026-01-ZX02",
                            "CS-YJYA-2026-01-XC", "CS-YJYA-2026-01-KP"]
    # The 申报表 lists them in that order, each with its number.
    filed = records(_docx(made, "申报表"), "序号", "预案编号", "预案名称")
    assert [(r["预案编号"], r["预案名称"]) for r in filed] == list(zip(unit.numbers, unit.names,
                                                                  strict=True))
    # So do the materials list, the 编制说明 and the manifest.
    text = document_text(Document(str(_docx(made, "申报表"))))
    positions = [text.index(f"{name}（") for name in unit.names]
    assert positions == sorted(positions)
    note = document_text(Document(str(_docx(made, "编制说明"))))
    assert [note.index(f"《{n}》") for n in unit.names] == sorted(
        note.index(f"《{n}》") for n in unit.names)
    manifest = json.loads((made.folder / MANIFEST).read_text(encoding="utf-8"))
    documents = [e["file"] for e in manifest["files"] if e["file"].endswith(".docx")]
    # the 申报表 first, as in the 材料清单, then the plans
    assert "应急预案备案申报表" in documents[0]
    assert [d.split("_", 1)[0] for d in documents[1:6]] == unit.numbers


def test_a_dotted_plan_number_keeps_its_package_whole(tmp_path):
    zips = []
    for number in ("CS-YJYA-2026.01", "CS-YJYA-2026.02"):
        sheets = _sheets(staff=12)
        sheets["基本信息"] = [r for r in sheets["基本信息"] if r[0] != "预案编号"]
        sheets["基本信息"].append(["预案编号", number])
        write_workbook(tmp_path / number / "plan.xlsx", sheets)
        (made,) = bundle(tmp_path / number, tmp_path / "out").packages
        assert made.archive.name == f"{number}_备案材料.zip"
        zips.append(made.archive)
    assert all(z.exists() for z in zips)  # the second did not replace the first


def test_bundle_refuses_an_out_that_is_a_file_and_names_a_full_disk(tmp_path, monkeypatch):
    from docgen.errors import DocgenError, UsageError

    write_workbook(tmp_path / "in" / "plan.xlsx", _sheets(staff=12))
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="应为文件夹"):
        bundle(tmp_path / "in", tmp_path / "file")

    import docgen.bundle as module

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "_zip", full)
    with pytest.raises(DocgenError) as caught:
        bundle(tmp_path / "in", tmp_path / "out")
    assert str(tmp_path / "out") in caught.value.message
    assert "磁盘空间不足（No space left on device）" in caught.value.message
