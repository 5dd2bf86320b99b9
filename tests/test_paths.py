"""Paths as administrators have them (issue 22 item 4): Windows folders with
backslashes and drives, spaces, Chinese. The logic that builds names is checked with
Windows-style paths on any system; every command runs on real spaced, Chinese paths."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from click.testing import CliRunner
from conftest import minimal_sheets, write_workbook

from docgen.cli import main
from docgen.export.write import safe_filename
from docgen.pipeline import unit_folder
from docgen.read import InputUnit
from docgen.validate.drawings import _relative

ROOT = Path(__file__).resolve().parent.parent
# What Windows refuses in a file name (and what it silently changes: trailing dots, spaces).
WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]|[. ]$')
DEVICE = re.compile(r"(?i)(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?")


def windows_valid(name: str) -> bool:
    return bool(name) and not WINDOWS_BAD.search(name) and not DEVICE.fullmatch(name)


@pytest.mark.parametrize("name", ["YJ/2026:01", "预案编号?*", "甲单位.", "甲单位 . ", "CON",
                                  "con.预案", "LPT1", "NUL ", 'a "b" <c> |d|', "..\\..\\x"])
def test_every_name_docgen_makes_is_a_valid_windows_name(name):
    for suffix in ("", ".docx", ".zip"):
        made = safe_filename(name, suffix)
        assert windows_valid(made), made
        assert made.endswith(suffix)


def test_trailing_dots_cannot_merge_two_units_on_windows():
    assert safe_filename("甲单位.") == safe_filename("甲单位")  # docgen sees the clash first


def test_unit_folders_under_a_windows_output_folder():
    out = PureWindowsPath("D:\\应急 预案\\输出")
    unit = InputUnit("分公司:一", PureWindowsPath("D:\\应急 预案\\inputs\\分公司:一"), ())
    assert str(unit_folder(unit, out, True)) == "D:\\应急 预案\\输出\\分公司_一"
    assert unit_folder(unit, out, False) == out


@pytest.mark.parametrize("written,expected", [
    ("图纸\\一层 平面图.png", "图纸/一层 平面图.png"),
    (".\\图纸\\疏散图.jpg", "图纸/疏散图.jpg"),
    ("图纸/疏散图.jpg", "图纸/疏散图.jpg")])
def test_drawings_named_with_backslashes(written, expected):
    assert _relative(written) == PurePosixPath(expected)


@pytest.mark.parametrize("absolute", ["D:\\资料\\图纸.png", "d:/资料/图纸.png", "/home/a.png"])
def test_absolute_drawing_paths_are_told_apart(absolute):
    assert _relative(absolute) is None


# ---------------------------------------------------------------- real paths on this system

@pytest.fixture
def spaced(tmp_path: Path, monkeypatch) -> Path:
    """A folder with spaces and Chinese in its name, LibreOffice out of the way (the
    paths are what is tested, and the run stays quick)."""
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "无 LibreOffice"))
    folder = tmp_path / "应急 预案 资料" / "2026 年"
    folder.mkdir(parents=True)
    return folder


def run(*args: object):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def test_init_validate_build_and_check_in_spaced_chinese_folders(spaced):
    fillin = spaced / "填写 模板"
    assert run("init", fillin).exit_code == 0
    assert (fillin / "填写模板.xlsx").is_file()
    inputs = write_workbook(spaced / "我的 工作簿" / "甲 单位.xlsx", minimal_sheets()).parent
    assert run("validate", inputs).exit_code == 0
    out = spaced / "输出 文件夹"
    built = run("build", inputs, "--out", out)
    assert built.exit_code == 0, built.output
    assert [p.suffix for p in out.iterdir()] == [".docx"]
    assert str(out) in built.stdout
    report = spaced / "报告 目录" / "合规 检查.html"
    checked = run("check", inputs, "--format", "html", "--out", report)
    assert report.is_file() and str(report) in checked.output


def test_a_single_workbook_path_with_spaces(spaced):
    book = write_workbook(spaced / "单 个" / "测试 单位 2026.xlsx", minimal_sheets())
    out = spaced / "结果"
    assert run("build", book, "--out", out).exit_code == 0
    assert len(list(out.glob("*.docx"))) == 1


def test_a_batch_of_spaced_unit_folders_and_its_bundle(spaced):
    batch = spaced / "批量 输入"
    for unit in ("一号 分公司", "二号 分公司"):
        write_workbook(batch / unit / "填写 模板.xlsx", minimal_sheets())
    out = spaced / "备案 输出"
    result = run("bundle", batch, "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    for unit in ("一号 分公司", "二号 分公司"):
        (archive,) = (out / unit).glob("*.zip")
        with zipfile.ZipFile(archive) as z:
            assert all("/" in n and "\\" not in n for n in z.namelist())  # zip's own separator


def test_diff_between_spaced_folders(spaced):
    old = write_workbook(spaced / "旧 版" / "plan.xlsx", minimal_sheets())
    sheets = minimal_sheets()
    sheets["通讯录"][1][4] = 13900000009
    new = write_workbook(spaced / "新 版" / "plan.xlsx", sheets)
    result = run("diff", old.parent, new.parent, "--out", spaced / "修订 说明")
    assert result.exit_code == 0, result.output
    assert list((spaced / "修订 说明").glob("*.docx"))


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_passes_a_spaced_folder_as_one_argument():
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "plan", "validate", "bundle", "diff",
                          "INPUTS=我的 文件夹", "OUT=输出 文件夹", "OLD=旧 版", "NEW=新 版"],
                         capture_output=True, text=True, check=True).stdout
    commands = [shlex.split(line) for line in dry.splitlines() if "bin/docgen" in line]
    assert [c[1] for c in commands] == ["build", "validate", "bundle", "diff"]
    for command in commands:
        assert "我的" not in command or "我的 文件夹" in command
        assert "输出" not in command or "输出 文件夹" in command
    assert commands[-1][2:4] == ["旧 版", "新 版"]
