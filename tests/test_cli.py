"""The command line through click's CliRunner: exit codes, messages, what is (not) written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import minimal_sheets, write_workbook

from docgen.cli import main

PLAN_FILE = "CS-YJYA-2026-01_测试服务有限公司服务应急措施预案.docx"
CJK = re.compile(r"[\u4e00-\u9fff]")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    # CliRunner swallows exceptions: an uncaught one would be recorded here.
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)


def broken_sheets() -> dict[str, list[list]]:
    s = minimal_sheets()
    s["风险"][2][3] = "高"  # 第3行 可能性
    s["资源"][1][3] = -1  # 第2行 数量
    s["组织机构"][2][2] = "不存在的人"  # 第3行 负责人
    return s


BROKEN_AT = [("风险", 3, "可能性"), ("资源", 2, "数量"), ("组织机构", 3, "负责人")]


def warning_only_sheets() -> dict[str, list[list]]:
    s = minimal_sheets()
    s["组织机构"][1][3] = "李四、路人甲"  # a member not in 通讯录: a warning (SPEC §4.1)
    return s


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# -- build ---------------------------------------------------------------------------------

def test_build_writes_the_plan_and_prints_its_path(workbook, tmp_path):
    inputs = workbook()
    out = tmp_path / "out"
    result = run("build", inputs, "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / PLAN_FILE).is_file()
    assert str(out / PLAN_FILE) in result.stdout
    assert listing(out) == [PLAN_FILE]


def test_build_with_errors_lists_every_located_error_in_chinese_and_writes_nothing(
        workbook, tmp_path):
    inputs = workbook(broken_sheets())
    out = tmp_path / "out"
    out.mkdir()
    (out / PLAN_FILE).write_bytes(b"last year's plan")
    result = run("build", inputs, "--out", out, "--no-toc-pages")
    assert result.exit_code == 1
    no_traceback(result)
    errors = [line for line in result.stderr.splitlines() if line.startswith("错误")]
    assert len(errors) == len(BROKEN_AT)
    for sheet, row, column in BROKEN_AT:
        (line,) = [e for e in errors if f"plan.xlsx › {sheet} › 第{row}行 › {column}" in e]
        message = line.split(f"› {column}", 1)[1]
        assert CJK.search(message), line
    assert "“高”" in result.stderr  # the message quotes what was found
    assert "共 3 个错误" in result.stderr
    assert listing(out) == [PLAN_FILE]
    assert (out / PLAN_FILE).read_bytes() == b"last year's plan"
    assert "已生成" not in result.stdout


def test_build_warnings_do_not_fail_without_strict(workbook, tmp_path):
    result = run("build", workbook(warning_only_sheets()), "--out", tmp_path / "out",
                 "--no-toc-pages")
    assert result.exit_code == 0
    assert "路人甲" in result.stderr
    assert (tmp_path / "out" / PLAN_FILE).is_file()


def test_build_strict_turns_warnings_into_failure_and_writes_nothing(workbook, tmp_path):
    out = tmp_path / "out"
    result = run("build", workbook(warning_only_sheets()), "--out", out, "--strict",
                 "--no-toc-pages")
    assert result.exit_code == 1
    no_traceback(result)
    assert "组织机构 › 第2行 › 成员" in result.stderr
    assert not out.exists() or listing(out) == []


def test_excel_lock_files_beside_the_workbook_are_ignored(workbook, tmp_path):
    inputs = workbook()
    (inputs.parent / "~$plan.xlsx").write_bytes(b"lock file, not a workbook")
    (inputs.parent / ".hidden.xlsx").write_bytes(b"not a workbook either")
    result = run("build", inputs.parent, "--out", tmp_path / "out", "--no-toc-pages")
    assert result.exit_code == 0, result.output
    assert listing(tmp_path / "out") == [PLAN_FILE]


# -- usage errors (exit 2) -------------------------------------------------------------------

def test_missing_inputs_is_a_usage_error(tmp_path):
    for command in ("build", "validate"):
        args = [command, tmp_path / "nowhere"]
        if command == "build":
            args += ["--out", tmp_path / "out"]
        result = run(*args)
        assert result.exit_code == 2, (command, result.output)
        no_traceback(result)
        assert "nowhere" in result.output
    assert not (tmp_path / "out").exists()


def test_unknown_profile_is_a_usage_error(workbook, tmp_path):
    result = run("build", workbook(), "--out", tmp_path / "out", "--profile", "bogus")
    assert result.exit_code == 2
    no_traceback(result)
    assert "bogus" in result.output
    assert not (tmp_path / "out").exists()


@pytest.fixture
def no_soffice(tmp_path, monkeypatch):
    """A PATH on which neither soffice nor libreoffice (nor pdftotext) can be found."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("DOCGEN_SOFFICE", raising=False)


def test_pdf_without_libreoffice_is_a_usage_error_before_any_work(workbook, tmp_path,
                                                                  no_soffice):
    out = tmp_path / "out"
    result = run("build", workbook(), "--out", out, "--pdf")
    assert result.exit_code == 2
    no_traceback(result)
    assert "LibreOffice" in result.output
    assert "apt-get install" in result.output  # says how to install it
    assert not out.exists()


def test_build_without_libreoffice_still_writes_the_plan_and_says_why(workbook, tmp_path,
                                                                     no_soffice):
    out = tmp_path / "out"
    result = run("build", workbook(), "--out", out)
    assert result.exit_code == 0, result.output
    assert listing(out) == [PLAN_FILE]
    assert "LibreOffice" in result.stderr  # the TOC has no page numbers, and why


def test_toc_pages_without_libreoffice_is_a_usage_error(workbook, tmp_path, no_soffice):
    out = tmp_path / "out"
    result = run("build", workbook(), "--out", out, "--toc-pages")
    assert result.exit_code == 2
    no_traceback(result)
    assert "LibreOffice" in result.output
    assert not out.exists()


def test_out_inside_the_inputs_folder_is_a_usage_error(workbook):
    inputs = workbook()
    before = listing(inputs.parent)
    result = run("build", inputs.parent, "--out", inputs.parent / "out", "--no-toc-pages")
    assert result.exit_code == 2
    no_traceback(result)
    assert "输入文件夹" in result.output
    assert listing(inputs.parent) == before


def test_folder_with_workbooks_and_sub_folders_is_a_usage_error(workbook, tmp_path):
    inputs = workbook()
    write_workbook(inputs.parent / "other" / "plan.xlsx", minimal_sheets())
    result = run("build", inputs.parent, "--out", tmp_path / "out")
    assert result.exit_code == 2
    no_traceback(result)
    assert not (tmp_path / "out").exists()


# -- validate ----------------------------------------------------------------------------------

def test_validate_clean_workbook_exits_0(workbook, tmp_path):
    inputs = workbook()
    before = listing(tmp_path)
    result = run("validate", inputs)
    assert result.exit_code == 0
    assert "检查通过" in result.output
    assert listing(tmp_path) == before  # validate writes nothing


def test_validate_broken_workbook_exits_1_with_every_error(workbook):
    result = run("validate", workbook(broken_sheets()))
    assert result.exit_code == 1
    no_traceback(result)
    for sheet, row, column in BROKEN_AT:
        assert f"plan.xlsx › {sheet} › 第{row}行 › {column}" in result.output


def test_validate_json_is_parseable_with_counts_and_locations(workbook):
    result = run("validate", workbook(broken_sheets()), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 3
    assert report["warnings"] == 0
    located = {(i["file"], i["sheet"], i["row"], i["column"]) for i in report["issues"]}
    assert located == {("plan.xlsx", sheet, row, column) for sheet, row, column in BROKEN_AT}
    assert all(i["severity"] == "error" and CJK.search(i["message"]) for i in report["issues"])


def test_validate_json_of_a_clean_workbook(workbook):
    result = run("validate", workbook(), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert (report["errors"], report["warnings"], report["issues"]) == (0, 0, [])


def test_validate_strict_turns_a_warnings_only_workbook_into_exit_1(workbook):
    inputs = workbook(warning_only_sheets())
    relaxed = run("validate", inputs, "--format", "json")
    assert relaxed.exit_code == 0
    report = json.loads(relaxed.stdout)
    assert (report["errors"], report["warnings"]) == (0, 1)
    (issue,) = report["issues"]
    assert (issue["sheet"], issue["row"], issue["column"]) == ("组织机构", 2, "成员")
    strict = run("validate", inputs, "--strict")
    assert strict.exit_code == 1
    assert "路人甲" in strict.output


# -- failures never show a traceback --------------------------------------------------------------

def _corrupt(tmp_path: Path) -> Path:
    path = tmp_path / "bad" / "plan.xlsx"
    path.parent.mkdir()
    path.write_bytes(b"this is not a zip file")
    return path


@pytest.mark.parametrize("case", ["errors", "corrupt", "missing", "not-xlsx", "empty-folder",
                                  "bad-template"])
def test_failing_runs_show_no_traceback(workbook, tmp_path, case):
    out = tmp_path / "out"
    if case == "errors":
        args, code = ["build", workbook(broken_sheets())], 1
    elif case == "corrupt":
        args, code = ["build", _corrupt(tmp_path)], 1
    elif case == "missing":
        args, code = ["build", tmp_path / "missing.xlsx"], 2
    elif case == "not-xlsx":
        text = tmp_path / "plan.txt"
        text.write_text("hello", "utf-8")
        args, code = ["build", text], 2
    elif case == "empty-folder":
        (tmp_path / "empty").mkdir()
        args, code = ["build", tmp_path / "empty"], 2
    else:
        args, code = ["build", workbook(), "--template", tmp_path / "no-such.docx"], 2
    result = run(*args, "--out", out, "--no-toc-pages")
    assert result.exit_code == code, result.output
    no_traceback(result)
    assert CJK.search(result.output)  # docgen's own message, in Chinese
    assert not out.exists() or listing(out) == []


# -- batch ---------------------------------------------------------------------------------------

def test_batch_writes_good_units_and_fails_for_the_broken_one(tmp_path):
    batch = tmp_path / "batch"
    write_workbook(batch / "甲公司" / "plan.xlsx", minimal_sheets())
    write_workbook(batch / "乙公司" / "plan.xlsx", broken_sheets())
    out = tmp_path / "out"
    result = run("build", batch, "--out", out, "--no-toc-pages")
    assert result.exit_code == 1
    no_traceback(result)
    assert listing(out) == ["汇总表.xlsx", "甲公司", f"甲公司/{PLAN_FILE}"]
    assert "乙公司" in result.stderr
    summary = openpyxl.load_workbook(out / "汇总表.xlsx")["汇总"]
    rows = {r[0]: r[1] for r in summary.iter_rows(min_row=2, values_only=True)}
    assert rows == {"甲公司": "已生成", "乙公司": "未生成"}
    for sheet, row, column in BROKEN_AT:
        assert f"plan.xlsx › {sheet} › 第{row}行 › {column}" in result.stderr
    assert str(out / "甲公司" / PLAN_FILE) in result.stdout


def test_batch_of_good_units_exits_0(tmp_path):
    batch = tmp_path / "batch"
    for unit in ("甲公司", "乙公司"):
        write_workbook(batch / unit / "plan.xlsx", minimal_sheets())
    out = tmp_path / "out"
    result = run("build", batch, "--out", out, "--no-toc-pages")
    assert result.exit_code == 0, result.output
    assert (out / "甲公司" / PLAN_FILE).is_file() and (out / "乙公司" / PLAN_FILE).is_file()


@pytest.mark.parametrize("command", ["places", "check"])
def test_template_places_lists_each_place_with_its_wording(command):
    result = run("template", command)
    no_traceback(result)
    assert result.exit_code == 0
    assert "【编制目的】" in result.output and "【工作原则】" in result.output
    assert "（一）以人为本" in result.output  # the default wording a replacement would drop


def test_output_piped_into_a_closed_reader_ends_quietly(tmp_path):
    import fcntl
    import subprocess
    import sys

    command = [sys.executable, "-m", "docgen", "template", "places"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        # A small pipe, so the listing cannot all be written before the reader leaves.
        fcntl.fcntl(proc.stdout.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 4096)
        assert proc.stdout.readline().startswith("【".encode())
        proc.stdout.close()  # as `| head -1` does
        stderr = proc.stderr.read().decode()
    assert "内部错误" not in stderr and "Traceback" not in stderr


def test_build_says_which_name_it_gave_a_plan_without_one(workbook, tmp_path):
    path = workbook()
    result = run("build", path.parent, "--out", tmp_path / "out", "--no-toc-pages")
    assert result.exit_code == 0
    assert "《测试服务有限公司服务应急措施预案》" in result.output
    assert "填写“预案名称”" in result.output
    sheets = minimal_sheets()
    sheets["基本信息"].append(["预案名称", "自定名称预案"])
    path = workbook(sheets, folder="named")
    result = run("build", path.parent, "--out", tmp_path / "out2", "--no-toc-pages")
    assert result.exit_code == 0 and "默认规则" not in result.output


def test_the_command_line_skips_the_interpreter_s_last_collection():
    """A run's objects are frozen at exit (0.14 s of a plan's build, 0.35 s of a
    batch's, were the interpreter's last walk over them); a run that only imports
    docgen's library keeps Python's own exit."""
    import subprocess
    import sys

    check = ("import atexit, gc, {module}; atexit._run_exitfuncs(); "
             "print(gc.get_freeze_count() > 0)")
    answers = [subprocess.run([sys.executable, "-c", check.format(module=m)],
                              capture_output=True, text=True, check=True).stdout.strip()
               for m in ("docgen.cli", "docgen.api")]
    assert answers == ["True", "False"]
