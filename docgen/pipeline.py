"""build(): read → validate → model → render → post-process → write.

The library API the CLI wraps and the tests call directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docgen.docx import fill_toc, post_process
from docgen.errors import UsageError
from docgen.export import document_bytes, layout, safe_filename, write_atomic
from docgen.export.pdf import INSTALL_HINT, export_pdf
from docgen.model import Plan, enrich
from docgen.read import InputUnit, discover_units, read_unit
from docgen.render import render_plan, template_places
from docgen.report import ValidationReport
from docgen.validate import validate_sheets

PROFILES = ("service", "comprehensive", "special", "onsite")
TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates_docx"


@dataclass
class UnitResult:
    unit: InputUnit
    report: ValidationReport
    written: list[Path] = field(default_factory=list)
    plan: Plan | None = None
    in_batch: bool = False


@dataclass
class BuildResult:
    batch: bool
    strict: bool
    units: list[UnitResult]
    toc_pages: bool = False  # whether the 目录 carries page numbers

    @property
    def ok(self) -> bool:
        return not any(u.report.failed(self.strict) for u in self.units)

    @property
    def written(self) -> list[Path]:
        return [p for u in self.units for p in u.written]


def find_template(profile: str, template: Path | None) -> Path:
    if template is not None:
        if not template.is_file():
            raise UsageError(f"找不到模板文件：{template}")
        return template
    if profile not in PROFILES:
        raise UsageError(f"未知的预案类型“{profile}”，可选：{'、'.join(PROFILES)}")
    for folder in (Path.cwd() / "templates_docx", TEMPLATE_DIR):
        candidate = folder / f"{profile}.docx"
        if candidate.is_file():
            return candidate
    raise UsageError(f"预案类型“{profile}”的模板 templates_docx/{profile}.docx 尚未提供")


def check_unit(unit: InputUnit, profile: str = "service",
               places: list[str] | None = None) -> tuple[ValidationReport, Plan | None]:
    """Read and validate one unit; the enriched plan when the inputs hold no error."""
    report = ValidationReport()
    sheets = read_unit(unit, report)
    data = validate_sheets(sheets, report)
    if places is not None:
        for block in data.texts:
            if block.place not in places:
                report.warning("text.place", f"位置“{block.place}”不在模板中，该段文字不会出现"
                               "（可用 docgen template check 查看模板提供的位置）",
                               block.source.at("place"))
    if report.errors:
        return report, None
    return report, enrich(data, profile)


def output_name(plan: Plan) -> str:
    info = plan.plan
    return safe_filename(f"{info.plan_code}_{info.plan_name}") + ".docx"


def _guard_out(out: Path, unit: InputUnit) -> None:
    out_abs, folder = out.resolve(), unit.folder.resolve()
    if out_abs == folder or (folder in out_abs.parents and not unit.single_file):
        raise UsageError(f"输出文件夹 {out} 位于输入文件夹 {unit.folder} 中：请换一个输出位置")


def build(inputs: Path, out: Path = Path("output"), profile: str = "service",
          template: Path | None = None, strict: bool = False, pdf: bool = False,
          toc_pages: bool | None = None,
          on_unit: Callable[[UnitResult], None] | None = None,
          on_step: Callable[[str], None] | None = None) -> BuildResult:
    """Build every unit of INPUTS into OUT. `on_unit` hears of each unit when it is
    done, `on_step` of the slow steps (LibreOffice), so a CLI can show progress."""
    step = on_step or (lambda message: None)
    template_path = find_template(profile, template)
    units, batch = discover_units(inputs)
    missing = layout.available()
    if toc_pages and missing:
        raise UsageError(f"无法在目录中填入页码：{missing}。{INSTALL_HINT}")
    with_pages = missing is None if toc_pages is None else toc_pages
    places = template_places(template_path)
    results = []
    for unit in units:
        target = out / safe_filename(unit.name) if batch else out
        _guard_out(target, unit)
        report, plan = check_unit(unit, profile, places)
        result = UnitResult(unit, report, plan=plan, in_batch=batch)
        if plan is not None and not report.failed(strict):
            document = render_plan(plan, template_path, unit.folder)
            entries = post_process(document, plan)
            data = document_bytes(document)
            path = target / output_name(plan)
            if with_pages:
                step(f"正在排版，以便在目录中填入页码（{path.name}）……")
                layout.heading_pages(data, entries)
                fill_toc(document, entries, with_pages=True)
                data = document_bytes(document)
            write_atomic(path, data)
            result.written.append(path)
            if pdf:
                step(f"正在导出 PDF（{path.with_suffix('.pdf').name}）……")
                result.written.append(export_pdf(path))
        results.append(result)
        if on_unit:
            on_unit(result)
    return BuildResult(batch, strict, results, toc_pages=with_pages)


def validate(inputs: Path, strict: bool = False, profile: str = "service",
             template: Path | None = None) -> BuildResult:
    units, batch = discover_units(inputs)
    try:
        places = template_places(find_template(profile, template))
    except UsageError:
        places = None
    return BuildResult(batch, strict, [UnitResult(u, check_unit(u, profile, places)[0])
                                       for u in units])
