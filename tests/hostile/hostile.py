"""Helpers of the hostile-input corpus (issue: every careless or hostile workbook
gets a located answer). Each case is run through `validate` and `build`, as the
administrator would, and checked for the contract: exit status, no 内部错误, the
located message, nothing written on failure, nothing written outside --out."""

from __future__ import annotations

import os
import resource
import struct
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from docgen.cli import main

INTERNAL = "内部错误"


@dataclass
class Run:
    exit_code: int
    out: str  # stdout and stderr together

    def located(self, *parts: str) -> bool:
        """Whether one line of the output holds every part (file, sheet, row, …)."""
        return any(all(p in line for p in parts) for line in self.out.splitlines())


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def cli(*args: object) -> Run:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return Run(result.exit_code, result.output + (result.stderr if result.stderr_bytes else ""))


def both(inputs: Path, out: Path, *extra: object) -> tuple[Run, Run]:
    """`docgen validate INPUTS` and `docgen build INPUTS --out OUT`, in-process."""
    checked = cli("validate", inputs, *extra)
    built = cli("build", inputs, "--out", out, "--no-toc-pages", *extra)
    for run in (checked, built):
        assert INTERNAL not in run.out and "Traceback" not in run.out, run.out
    return checked, built


def bounded(args: list[str], memory_mb: int = 1500, seconds: int = 120,
            cwd: Path | None = None, env: dict | None = None) -> Run:
    """docgen in a subprocess under a memory limit: a regression fails the test,
    not the machine."""
    def limit() -> None:
        size = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    docgen = Path(sys.executable).with_name("docgen")
    proc = subprocess.run([str(docgen), *args], capture_output=True, timeout=seconds,
                          preexec_fn=limit, cwd=cwd, env=env or dict(os.environ))
    out = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    return Run(proc.returncode, out)


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def rewrite(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def sheet_member(path: Path, sheet: str) -> str:
    import openpyxl

    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


def edit_part(path: Path, member: str, edit) -> Path:
    parts = parts_of(path)
    parts[member] = edit(parts[member])
    return rewrite(path, parts)


def understate_size(path: Path, member: str, claimed: int) -> Path:
    """Make the zip's headers claim `member` unpacks to `claimed` bytes (a lying zip)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, claimed)  # the local header
    name = member.encode()
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) != -1:  # the central directory
        length = struct.unpack_from("<H", data, position + 28)[0]
        if bytes(data[position + 46:position + 46 + length]) == name:
            struct.pack_into("<I", data, position + 24, claimed)
            break
        position += 4
    path.write_bytes(bytes(data))
    return path
