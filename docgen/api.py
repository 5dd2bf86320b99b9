"""The library API the CLI wraps and the tests call: build, validate, bundle, diff,
check and the 文本 places.

INPUTS is one workbook, a folder of them (one unit) or a folder of sub-folders
(a batch, one unit each). Usage errors are raised before anything is written;
what happens to each unit is returned as a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.batch import BuildResult, build, check_outputs
from docgen.errors import DataFileError, UsageError
from docgen.pipeline import UnitResult, check_unit, unit_folder
from docgen.profiles import DEFAULT_PROFILE, Profile, find_profile
from docgen.read import discover_units
from docgen.render.templates import every_place, place_wording, template_places
from docgen.report import ValidationReport

if TYPE_CHECKING:
    from docgen.bundle import BundleResult
    from docgen.bundle import bundle as bundle
    from docgen.check import CheckReport
    from docgen.diff import Changes


def __getattr__(name: str) -> Any:
    """`bundle` and `BundleResult`, imported when first asked for: the filing package
    brings in the compliance check, which building a plan does not need."""
    if name in ("bundle", "BundleResult"):
        from docgen import bundle as package
        return getattr(package, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["BuildResult", "BundleResult", "DiffResult", "build", "bundle", "check", "diff",
           "places", "validate"]


def validate(inputs: Path, strict: bool = False, profile: str | None = None,
             template: Path | None = None) -> BuildResult:
    """Every unit's issues, as a build would find them (no file is written); without
    a profile, each unit's industry pack chooses its profile."""
    chosen = find_profile(profile) if profile else None
    units, batch = discover_units(inputs)

    def places(of: Profile) -> list[str] | None:
        try:
            return template_places(of, template)
        except UsageError:
            return None

    return BuildResult(batch, strict, [
        UnitResult(u, check_unit(u, chosen, places, lambda: every_place(template))[0],
                   unit_folder(u, Path("output"), batch), batch) for u in units])


def places(profile: str = DEFAULT_PROFILE,
           template: Path | None = None) -> list[tuple[str, list[str]]]:
    """The 文本 places a plan offers, each with the wording it prints by default."""
    return place_wording(find_profile(profile), template)


@dataclass
class DiffResult:
    old_report: ValidationReport
    new_report: ValidationReport
    changes: Changes | None = None  # None when a workbook holds errors
    written: Path | None = None


def diff(old: Path, new: Path, out: Path | None = Path("output")) -> DiffResult:
    """What changed between two versions of one unit's workbook, and the 修订说明
    (written into `out` unless it is None)."""
    from docgen import diff as revision  # pandas: imported only for this command

    units, batch = discover_units(new)
    if out is not None:
        check_outputs(units, new, out, batch)
        check_outputs(discover_units(old)[0], old, out, False)
    old_report, old_plan = revision.read_plan(old)
    new_report, new_plan = revision.read_plan(new)
    result = DiffResult(old_report, new_report)
    if old_plan is not None and new_plan is not None:
        result.changes = revision.compare(old_plan, new_plan)
        if out is not None:
            result.written = revision.write_revision_note(
                old_plan, new_plan, result.changes, out, units[0].folder)
    return result


def check(inputs: Path, profile: str | None = None,
          rules: Path | None = None) -> list[CheckReport]:
    """`docgen check`: one .docx (any plan, by its headings), or INPUTS as docgen would
    build them (a workbook, a unit's folder, a batch: one report per unit)."""
    from docgen.check import check_path, load_rules

    if profile:
        find_profile(profile)
    try:
        chosen = load_rules(rules) if rules else None
    except DataFileError as exc:  # the user's own rules file: a wrong argument
        raise UsageError(exc.message) from exc
    try:
        return check_path(inputs, profile, chosen)
    except ValueError as exc:  # not a .docx
        raise UsageError(str(exc)) from exc


def write_reviews(reports: list[CheckReport], out: Path = Path("output")) -> list[Path]:
    """`docgen check --review`: each report's pre-review record (the 评审指南's tables
    filled in) as a .docx in `out`."""
    from docgen.check.record import write_record
    from docgen.export.write import Staging

    staging = Staging()
    written = []
    try:
        for report in reports:
            if report.plan is None or report.review is None:
                continue  # a workbook with input errors: nothing was judged
            written.append(write_record(report, report.plan, report.checked, out, Path("."),
                                        staging))
        staging.commit()
    except BaseException:
        staging.discard()
        raise
    return written

