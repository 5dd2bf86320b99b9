"""The library API the CLI wraps and the tests call: build() and validate().

INPUTS is one workbook, a folder of them (one unit) or a folder of sub-folders
(a batch, one unit each). Usage errors are raised before anything is written;
what happens to each unit is returned as a value.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.batch import Listener, build_units, complete_layouts, default_jobs, export_pdfs
from docgen.errors import UsageError
from docgen.export import layout
from docgen.export.pdf import INSTALL_HINT, require_soffice
from docgen.pipeline import (
    BuildOptions,
    UnitResult,
    check_unit,
    every_place,
    find_profile,
    place_wording,
    template_places,
    unit_folder,
)
from docgen.profiles import DEFAULT_PROFILE
from docgen.read import InputUnit, discover_units
from docgen.report import ValidationReport


@dataclass
class BuildResult:
    batch: bool
    strict: bool
    units: list[UnitResult]
    toc_pages: bool = False  # whether the 目录 carries page numbers
    summary: Path | None = None  # 汇总表.xlsx of a batch

    @property
    def ok(self) -> bool:
        return not any(u.failed(self.strict) for u in self.units)

    @property
    def written(self) -> list[Path]:
        return [p for u in self.units for p in u.written]


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def _check_outputs(units: list[InputUnit], inputs: Path, out: Path, batch: bool) -> None:
    """Refuse, before anything is written, an output that is not a folder, outputs
    that would land in the inputs, or two units that would share an output folder."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out 应为文件夹，{out} 是一个文件")
    ancestor = out
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise UsageError(f"--out 无法创建：{ancestor} 是一个文件，不是文件夹")
    if batch and _inside(out, inputs):
        raise UsageError(f"输出文件夹 {out} 位于批量输入文件夹 {inputs} 中：请换一个输出位置")
    for unit in units:
        if (unit.single_file and out.resolve() == unit.folder.resolve()) or (
                not unit.single_file and _inside(out, unit.folder)):
            raise UsageError(f"输出文件夹 {out} 位于输入文件夹 {unit.folder} 中：请换一个输出位置")
    if batch:
        seen: dict[str, str] = {}
        for unit in units:
            key = unit_folder(unit, out, True).name.casefold()
            if key in seen:
                raise UsageError(f"子文件夹“{seen[key]}”和“{unit.name}”的输出文件夹同名"
                                 f"（{out / unit_folder(unit, out, True).name}）："
                                 "请给其中一个改名")
            seen[key] = unit.name


def _load_summary() -> None:
    import docgen.summary  # noqa: F401


def build(inputs: Path, out: Path = Path("output"), profile: str = DEFAULT_PROFILE,
          template: Path | None = None, strict: bool = False, pdf: bool = False,
          toc_pages: bool | None = None, jobs: int | None = None,
          on_unit: Listener | None = None,
          on_step: Callable[[str], None] | None = None, fast: bool = True,
          summary: bool = True) -> BuildResult:
    """Build every unit of INPUTS into OUT. `on_unit` hears of each unit when it is
    built, `on_step` of the slow steps (LibreOffice), so a CLI can show progress."""
    step = on_step or (lambda message: None)
    chosen = find_profile(profile)
    units, batch = discover_units(inputs)
    _check_outputs(units, inputs, out, batch)
    missing = layout.available()
    if toc_pages and missing:
        raise UsageError(f"无法在目录中填入页码：{missing}。{INSTALL_HINT}")
    if pdf:
        require_soffice()
    template_places(chosen, template)  # a missing or broken template stops here, once
    with_pages = missing is None if toc_pages is None else toc_pages
    jobs = jobs or default_jobs()
    options = BuildOptions(out=out, profile=chosen, template=template, strict=strict,
                           toc_pages=with_pages, fast=fast)
    with tempfile.TemporaryDirectory(prefix="docgen-build-") as scratch:
        # The 汇总表's libraries (pandas) load while the workers build.
        results = build_units(units, options, Path(scratch), batch, jobs, on_unit,
                              meanwhile=_load_summary if batch and summary else None)
        if with_pages and any(r.pending for r in results):
            step("正在用 LibreOffice 排版，以便在目录中填入页码……")
            complete_layouts(results, jobs)
    if pdf and any(r.written for r in results):
        step("正在用 LibreOffice 导出 PDF……")
        export_pdfs(results, jobs)
    built = BuildResult(batch, strict, results, toc_pages=with_pages)
    if batch and summary:
        from docgen.summary import write_summary

        built.summary = write_summary(results, out / "汇总表.xlsx")
    return built


def validate(inputs: Path, strict: bool = False, profile: str = DEFAULT_PROFILE,
             template: Path | None = None) -> BuildResult:
    chosen = find_profile(profile)
    units, batch = discover_units(inputs)
    try:
        places, known = template_places(chosen, template), lambda: every_place(template)
    except UsageError:
        places = known = None
    return BuildResult(batch, strict, [
        UnitResult(u, check_unit(u, chosen, places, known)[0],
                   unit_folder(u, Path("output"), batch), batch) for u in units])


def places(profile: str = DEFAULT_PROFILE,
           template: Path | None = None) -> list[tuple[str, list[str]]]:
    """The 文本 places a plan offers, each with the wording it prints by default."""
    return place_wording(find_profile(profile), template)


def bundle(inputs: Path, out: Path = Path("output"), profile: str = DEFAULT_PROFILE,
           previous: Path | None = None, jobs: int | None = None,
           on_step: Callable[[str], None] | None = None):
    """The filing package of every unit of INPUTS (docgen.bundle)."""
    from docgen.bundle import bundle as make

    return make(inputs, out, profile, previous, jobs, on_step)


@dataclass
class DiffResult:
    old_report: ValidationReport
    new_report: ValidationReport
    changes: Any = None  # docgen.diff.Changes; None when a workbook holds errors
    written: Path | None = None


def diff(old: Path, new: Path, out: Path | None = Path("output")) -> DiffResult:
    """What changed between two versions of one unit's workbook, and the 修订说明
    (written into `out` unless it is None)."""
    from docgen import diff as revision  # pandas: imported only for this command

    units, batch = discover_units(new)
    if out is not None:
        _check_outputs(units, new, out, batch)
        _check_outputs(discover_units(old)[0], old, out, False)
    old_report, old_plan = revision.read_plan(old)
    new_report, new_plan = revision.read_plan(new)
    result = DiffResult(old_report, new_report)
    if old_plan is not None and new_plan is not None:
        result.changes = revision.compare(old_plan, new_plan)
        if out is not None:
            result.written = revision.write_revision_note(
                old_plan, new_plan, result.changes, out, units[0].folder)
    return result


def check(inputs: Path, profile: str = DEFAULT_PROFILE, rules: Path | None = None):
    """`docgen check`: one .docx (any plan, by its headings), or INPUTS as docgen would
    build them (a workbook, a unit's folder, a batch: one report per unit)."""
    from docgen.check import check_path, load_rules

    find_profile(profile)
    try:
        return check_path(inputs, profile, load_rules(rules) if rules else None)
    except ValueError as exc:  # not a .docx, or a rules file with a mistake
        raise UsageError(str(exc)) from exc
