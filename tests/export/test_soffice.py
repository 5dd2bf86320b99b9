"""Finding LibreOffice (docgen.export.pdf.find_soffice): DOCGEN_SOFFICE first, then
PATH, then the usual install folders of Windows and macOS; when none is found, a
Chinese message saying what to install on this system and naming DOCGEN_SOFFICE."""

from __future__ import annotations

import os
from pathlib import Path, PureWindowsPath

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import ToolMissing
from docgen.export import pdf
from docgen.export.pdf import find_soffice, install_folders, install_hint, profile_url

WINDOWS_ENV = {"ProgramFiles": "C:\\Program Files", "ProgramFiles(x86)": "C:\\Program Files (x86)",
               "ProgramW6432": "C:\\Program Files"}
STANDARD = "C:\\Program Files\\LibreOffice\\program\\soffice.exe"
X86 = "C:\\Program Files (x86)\\LibreOffice\\program\\soffice.exe"


def nowhere(name: str) -> str | None:
    return None


def only(*paths: str):
    return lambda path: path in paths


def test_windows_finds_the_installer_s_folder_when_path_lacks_it():
    assert find_soffice(WINDOWS_ENV, "win32", nowhere, only(STANDARD)) == STANDARD
    assert find_soffice(WINDOWS_ENV, "win32", nowhere, only(X86)) == X86  # 32-bit LibreOffice
    assert find_soffice(WINDOWS_ENV, "win32", nowhere, only()) is None


def test_windows_folders_follow_program_files_wherever_it_is():
    env = {"ProgramFiles": "D:\\软件 安装"}
    folders = install_folders(env, "win32")
    assert folders[0] == "D:\\软件 安装\\LibreOffice\\program\\soffice.exe"
    assert STANDARD in folders  # without the variable, the default C: folders
    assert PureWindowsPath(folders[0]).parts[-3:] == ("LibreOffice", "program", "soffice.exe")


def test_macos_finds_the_app_in_applications():
    app = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
    mine = "/Users/张三/Applications/LibreOffice.app/Contents/MacOS/soffice"
    env = {"HOME": "/Users/张三"}
    assert find_soffice(env, "darwin", nowhere, only(app)) == app
    assert find_soffice(env, "darwin", nowhere, only(mine)) == mine
    assert install_folders(env, "linux") == []  # Linux: PATH only


def test_path_comes_before_the_install_folders():
    on_path = {"libreoffice": "/usr/bin/libreoffice"}
    assert find_soffice(WINDOWS_ENV, "win32", on_path.get, only(STANDARD)) == \
        "/usr/bin/libreoffice"
    assert find_soffice({}, "win32", {"soffice.exe": "E:\\lo\\soffice.exe"}.get, only()) == \
        "E:\\lo\\soffice.exe"


def test_docgen_soffice_comes_first_and_is_the_only_one_when_set():
    mine = "D:\\便携版 LibreOffice\\App\\libreoffice\\program\\soffice.exe"
    env = WINDOWS_ENV | {"DOCGEN_SOFFICE": f'"{mine}"'}  # Explorer's "copy as path"
    which = {"soffice": "C:\\other\\soffice.exe"}.get
    assert find_soffice(env, "win32", which, only(mine, STANDARD)) == mine
    folder = env | {"DOCGEN_SOFFICE": str(PureWindowsPath(mine).parent)}
    assert find_soffice(folder, "win32", which, only(mine)) == mine  # its folder will do
    wrong = env | {"DOCGEN_SOFFICE": "D:\\nothing.exe"}
    assert find_soffice(wrong, "win32", which, only(STANDARD)) is None  # no silent other


def test_the_real_lookup_with_files_made_executable(tmp_path, monkeypatch):
    folder = tmp_path / "装 在 这里" / "program"
    folder.mkdir(parents=True)
    fake = folder / "soffice"
    fake.write_text("#!/bin/sh\n")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("DOCGEN_SOFFICE", str(fake))
    if os.name == "posix":
        fake.chmod(0o644)
        assert pdf.soffice() is None  # not executable: not LibreOffice
    fake.chmod(0o755)
    assert pdf.soffice() == str(fake)
    monkeypatch.setenv("DOCGEN_SOFFICE", str(folder))
    assert pdf.soffice() == str(fake)
    monkeypatch.delenv("DOCGEN_SOFFICE")
    monkeypatch.setenv("PATH", str(folder))
    assert pdf.soffice() == str(fake)


@pytest.mark.parametrize("platform,how", [("linux", "apt-get install"),
                                          ("win32", "C:\\Program Files\\LibreOffice"),
                                          ("darwin", "应用程序")])
def test_the_message_says_what_to_install_and_names_docgen_soffice(platform, how):
    hint = install_hint({}, platform)
    assert "未找到 LibreOffice" in hint and how in hint and "DOCGEN_SOFFICE" in hint
    wrong = install_hint({"DOCGEN_SOFFICE": "D:\\nothing.exe"}, platform)
    assert "DOCGEN_SOFFICE" in wrong and "D:\\nothing.exe" in wrong


def test_a_wrong_docgen_soffice_stops_pdf_with_its_name(tmp_path, monkeypatch, workbook):
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "没有 这个" / "soffice"))
    with pytest.raises(ToolMissing, match="DOCGEN_SOFFICE"):
        pdf.require_soffice()
    result = CliRunner().invoke(main, ["build", str(workbook()), "--out",
                                       str(tmp_path / "out"), "--pdf"])
    assert result.exit_code == 2 and "没有 这个" in result.output
    assert not (tmp_path / "out").exists()


def test_the_profile_folder_is_a_file_url_on_every_system():
    windows = profile_url(PureWindowsPath("C:\\Users\\张 三\\AppData\\Local\\Temp\\lo"))
    assert windows == "file:///C:/Users/%E5%BC%A0%20%E4%B8%89/AppData/Local/Temp/lo/user"
    assert profile_url("/tmp/a b") == "file:///tmp/a%20b/user"
    assert Path("/tmp/a b/user").as_uri() == profile_url(Path("/tmp/a b"))
