"""Family 2, drawings (图纸): files must lie inside the workbook's folder and be real
PNG or JPEG pictures of sensible size; every problem is a located error on its
row from `validate` already, and no file outside the inputs is ever embedded."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import minimal_sheets, write_workbook
from hostile import both
from PIL import Image

from docgen.validate import drawings as drawing_rules


def _png(path: Path, size=(40, 30), dpi=None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "white").save(path, dpi=dpi) if dpi else \
        Image.new("RGB", size, "white").save(path)
    return path


def _png_bytes() -> bytes:
    raw = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(raw, format="PNG")
    return raw.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _zero_png(path: Path) -> Path:
    header = struct.pack(">IIBBBBB", 0, 0, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IEND", b""))
    return path


def _per_metre_png(path: Path) -> Path:
    """A PNG whose pHYs says 1 pixel per metre (0.0254 dpi)."""
    raw = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(raw, format="PNG")
    data = raw.getvalue()
    phys = _chunk(b"pHYs", struct.pack(">IIB", 1, 1, 1))
    at = data.index(b"IDAT") - 4
    path.write_bytes(data[:at] + phys + data[at:])
    return path


def _jpeg_density_zero(path: Path) -> Path:
    raw = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(raw, format="JPEG", dpi=(72, 72))
    data = bytearray(raw.getvalue())
    at = data.index(b"JFIF\0") + 7  # version (2 bytes), then units, Xdensity, Ydensity
    data[at] = 1
    struct.pack_into(">HH", data, at + 1, 0, 0)
    path.write_bytes(bytes(data))
    return path


def _unit(tmp_path: Path, file: str) -> Path:
    sheets = minimal_sheets()
    sheets["图纸"] = [["名称", "文件", "说明"], ["疏散路线图", file, "一层"]]
    return write_workbook(tmp_path / "in" / "plan.xlsx", sheets)


def _embedded(docx: Path) -> list[bytes]:
    with zipfile.ZipFile(docx) as z:
        return [z.read(n) for n in z.namelist() if n.startswith("word/media/")]


OUTSIDE = b"OUTSIDE-SECRET"


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink", "backslash dotdot"])
def test_a_picture_outside_the_workbooks_folder_is_refused(tmp_path, how):
    secret = _png(tmp_path / "secret" / "secret.png")
    secret.write_bytes(secret.read_bytes() + OUTSIDE)
    (tmp_path / "in").mkdir()
    if how == "absolute":
        file = str(secret)
    elif how == "dotdot":
        file = "../secret/secret.png"
    elif how == "backslash dotdot":
        file = "..\\secret\\secret.png"
    else:
        os.symlink(secret, tmp_path / "in" / "link.png")
        file = "link.png"
    path = _unit(tmp_path, file)
    checked, built = both(path.parent, tmp_path / "out")
    for run in (checked, built):
        assert run.exit_code == 1, run.out
        assert run.located("plan.xlsx › 图纸 › 第2行 › 文件", "不在工作簿所在的文件夹"), run.out
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("make", "expected"), [
    (lambda p: p.write_text("not a picture"), "不是可以识别的图片"),
    (lambda p: p.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>'), "不是可以识别的图片"),
    (lambda p: p.write_bytes(b""), "是空文件"),
    (lambda p: p.write_bytes(_png_bytes()[:120]), "图片已损坏"),
    (_zero_png, "不是可以识别的图片"),  # Pillow will not even open a 0×0 PNG
])
def test_a_file_that_is_not_a_usable_picture_is_a_located_error(tmp_path, make, expected):
    picture = tmp_path / "in" / "图纸" / "平面图.png"
    picture.parent.mkdir(parents=True)
    make(picture)
    path = _unit(tmp_path, "图纸/平面图.png")
    checked, built = both(path.parent, tmp_path / "out")
    for run in (checked, built):
        assert run.exit_code == 1, run.out
        assert run.located("plan.xlsx › 图纸 › 第2行 › 文件", "“图纸/平面图.png”"), run.out
        assert expected in run.out
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("make", [_per_metre_png, _jpeg_density_zero])
def test_an_absurd_resolution_is_a_warning_and_the_picture_still_fits(tmp_path, make):
    (tmp_path / "in").mkdir()
    picture = make(tmp_path / "in" / ("图.png" if make is _per_metre_png else "图.jpg"))
    path = _unit(tmp_path, picture.name)
    checked, built = both(path.parent, tmp_path / "out")
    assert checked.exit_code == 0 and built.exit_code == 0, built.out
    if make is _per_metre_png:  # a density of 0 means "not given" in JPEG
        assert "记录的分辨率异常" in checked.out and "按 96 dpi 排版" in checked.out
    (docx,) = (tmp_path / "out").glob("*.docx")
    assert len(_embedded(docx)) == 1


def test_a_picture_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    picture = _png(tmp_path / "in" / "大图.png")
    with picture.open("ab") as f:
        f.truncate(drawing_rules.MAX_BYTES + 1)  # sparse: no disk used
    path = _unit(tmp_path, "大图.png")
    checked, built = both(path.parent, tmp_path / "out")
    for run in (checked, built):
        assert run.exit_code == 1
        assert run.located("图纸 › 第2行 › 文件", "超过上限")


@pytest.mark.parametrize("how", ["long name", "loop"])
def test_a_name_too_long_or_a_symlink_loop_is_reported_with_the_other_errors(tmp_path, how):
    (tmp_path / "in").mkdir()
    if how == "loop":
        os.symlink(tmp_path / "in" / "b.png", tmp_path / "in" / "a.png")
        os.symlink(tmp_path / "in" / "a.png", tmp_path / "in" / "b.png")
        file = "a.png"
    else:
        file = "图" * 100 + ".png"  # 300 bytes
    sheets = minimal_sheets()
    sheets["图纸"] = [["名称", "文件"], ["图", file]]
    sheets["风险"][1][3] = "高"  # and another error elsewhere
    path = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    checked, _ = both(path.parent, tmp_path / "out")
    assert checked.exit_code == 1
    assert checked.located("图纸 › 第2行 › 文件"), checked.out
    assert checked.located("风险 › 第2行 › 可能性"), checked.out


def test_a_missing_picture_suggests_the_file_that_is_there(tmp_path):
    _png(tmp_path / "in" / "图纸" / "平面图.PNG")
    path = _unit(tmp_path, "图纸\\平面图.png")  # Windows separators are fine
    checked, _ = both(path.parent, tmp_path / "out")
    # The case differs: on a case-sensitive file system that is another file.
    assert checked.exit_code == 1
    assert "是不是“图纸/平面图.PNG”" in checked.out


def test_a_good_picture_inside_the_folder_is_embedded_once(tmp_path):
    picture = _png(tmp_path / "in" / "图纸" / "平面图.png", dpi=(150, 150))
    path = _unit(tmp_path, "图纸\\平面图.png")
    checked, built = both(path.parent, tmp_path / "out")
    assert checked.exit_code == 0 and built.exit_code == 0, built.out
    (docx,) = (tmp_path / "out").glob("*.docx")
    assert _embedded(docx) == [picture.read_bytes()]
