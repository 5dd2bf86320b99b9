"""PDF through LibreOffice, each run with a profile directory of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from importlib import resources
from pathlib import Path

from docgen.errors import DocgenError, ToolMissing

INSTALL_HINT = ("未找到 LibreOffice（soffice）。在 Debian/Ubuntu 上安装：sudo apt-get install "
                "libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-gkai00mp fonts-symbola "
                "poppler-utils")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    path = soffice()
    if path is None:
        raise ToolMissing(INSTALL_HINT)
    return path


def _environment() -> dict[str, str]:
    """LibreOffice sees docgen's font mapping (docgen/data/fonts.conf)."""
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(resources.files("docgen.data").joinpath("fonts.conf"))
    return env


def convert(docx: Path, out_dir: Path, fmt: str = "pdf", timeout: int = 300) -> Path:
    """Convert with LibreOffice into out_dir; returns the converted file.

    Each run has a profile directory of its own, so parallel runs never collide."""
    binary = require_soffice()
    with tempfile.TemporaryDirectory(prefix="docgen-lo-") as profile:
        cmd = [binary, f"-env:UserInstallation=file://{profile}", "--headless",
               "--norestore", "--convert-to", fmt, "--outdir", str(out_dir), str(docx)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False,
                                  env=_environment())
        except subprocess.TimeoutExpired as exc:
            raise DocgenError(f"LibreOffice 转换超时（{timeout} 秒）：{docx.name}") from exc
    target = out_dir / f"{docx.stem}.{fmt.split(':')[0]}"
    if proc.returncode != 0 or not target.exists():
        detail = proc.stderr.decode("utf-8", "replace").strip()[-300:]
        raise DocgenError(f"LibreOffice 未能转换 {docx.name}：{detail}")
    return target


def export_pdf(docx: Path) -> Path:
    """Write DOCX's PDF beside it, atomically."""
    from docgen.export.write import write_atomic

    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        converted = convert(docx, Path(tmp))
        target = docx.with_suffix(".pdf")
        write_atomic(target, converted.read_bytes())
    return target
