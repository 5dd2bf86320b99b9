"""The drawings of 附件7 (图纸), checked before anything is built: every file must
lie inside the workbook's folder (no absolute path, no `..`, no symlink out of
it) and be a real PNG or JPEG of sensible size, so that `build` never trips on a
picture `validate` let through, and no file outside the inputs is embedded."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from docgen.domain.records import Drawing
from docgen.report import Location, ValidationReport

MAX_BYTES = 20 * 1024 * 1024
MAX_SIDE = 20_000  # pixels
MAX_PIXELS = 80_000_000
DEFAULT_DPI = 96.0
_DPI_RANGE = (30.0, 2400.0)  # what a scan or a screenshot may honestly record
FORMATS = {"PNG": "png", "JPEG": "jpeg"}


@dataclass(frozen=True)
class Picture:
    """A drawing as validation found it: where it is, its pixels and resolution."""

    path: Path
    width: int
    height: int
    dpi: float


def _relative(text: str) -> PurePosixPath | None:
    """The path as written (Windows backslashes accepted), or None if absolute."""
    text = text.strip().replace("\\", "/")
    if re.match(r"^[A-Za-z]:", text) or text.startswith("/"):
        return None
    return PurePosixPath(text)


def _similar(folder: Path, wanted: PurePosixPath) -> str:
    """A file that exists with another case or extension, as a hint."""
    parent = folder.joinpath(*wanted.parts[:-1])
    try:
        names = [p.name for p in parent.iterdir() if p.is_file()]
    except OSError:
        return ""
    target = wanted.name.casefold()
    stem = PurePosixPath(wanted.name).stem.casefold()
    for name in names:
        if name.casefold() == target or PurePosixPath(name).stem.casefold() == stem:
            shown = "/".join((*wanted.parts[:-1], name))
            return f"：是不是“{shown}”？"
    return ""


def _open(path: Path, shown: str, report: ValidationReport,
          where: Location) -> Picture | None:
    from PIL import Image, UnidentifiedImageError

    size = path.stat().st_size
    if size == 0:
        report.add("drawing.format", where, file=shown, detail="是空文件")
        return None
    if size > MAX_BYTES:
        report.add("drawing.too_large", where, file=shown,
                   detail=f"有 {size / 1024 / 1024:.0f} MB（上限 {MAX_BYTES // 1024 // 1024} MB）")
        return None
    try:
        with Image.open(path) as image:
            kind = image.format
            width, height = image.size
            dpi = image.info.get("dpi")
            if kind in FORMATS and 0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE and \
                    width * height <= MAX_PIXELS:
                image.load()  # a truncated file fails here, not while building
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        detail = "不是可以识别的图片" if isinstance(exc, UnidentifiedImageError) else \
            f"图片已损坏（{exc}）"
        report.add("drawing.format", where, file=shown, detail=detail)
        return None
    if kind not in FORMATS:
        report.add("drawing.format", where, file=shown, detail=f"是 {kind} 图片")
        return None
    if width <= 0 or height <= 0:
        report.add("drawing.format", where, file=shown, detail=f"尺寸为 {width}×{height} 像素")
        return None
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        report.add("drawing.too_large", where, file=shown,
                   detail=f"有 {width}×{height} 像素（上限 {MAX_SIDE} 像素一边）")
        return None
    resolution = DEFAULT_DPI
    if dpi:
        low, high = _DPI_RANGE
        x = float(dpi[0]) if isinstance(dpi, tuple | list) else float(dpi)
        if low <= x <= high:
            resolution = x
        else:
            report.add("drawing.dpi", where, file=shown, dpi=f"{x:g} dpi")
    return Picture(path, width, height, resolution)


def check_drawings(drawings: list[Drawing], folder: Path,
                   report: ValidationReport) -> list[Drawing]:
    """The drawings with their checked pictures; every problem is reported on its row."""
    checked = []
    try:
        base = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        base = folder.absolute()
    for drawing in drawings:
        where = drawing.source.at("file")
        if not drawing.file:
            checked.append(drawing)
            continue
        relative = _relative(drawing.file)
        if relative is None or ".." in relative.parts:
            report.add("drawing.outside", where, file=drawing.file, folder=folder)
            continue
        try:
            path = (base / relative).resolve(strict=True)
        except FileNotFoundError:
            report.add("drawing.missing", where, file=drawing.file,
                       hint=_similar(base, relative))
            continue
        except (OSError, RuntimeError) as exc:  # a symlink loop, a name too long
            report.add("drawing.unreadable", where, file=drawing.file,
                       detail=getattr(exc, "strerror", None) or str(exc))
            continue
        if not path.is_relative_to(base):
            report.add("drawing.outside", where, file=drawing.file, folder=folder)
            continue
        if not path.is_file():
            report.add("drawing.format", where, file=drawing.file, detail="不是文件")
            continue
        try:
            picture = _open(path, drawing.file, report, where)
        except OSError as exc:
            report.add("drawing.unreadable", where, file=drawing.file,
                       detail=exc.strerror or str(exc))
            continue
        if picture is not None:
            checked.append(replace(drawing, picture=picture))
    return checked
