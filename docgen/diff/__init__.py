"""docgen diff: what changed between two versions of a plan's workbook, whether the
revised plan must be filed again, and the 修订说明 that says so.

    report, old = read_plan(Path("v1/"))       # plan is None when the inputs hold errors
    report, new = read_plan(Path("v2/"))
    changes = compare(old, new)
    print("\\n".join(changes.summary_lines()))
    write_revision_note(old, new, changes, Path("output"), Path("v2/"))
"""

from __future__ import annotations

from pathlib import Path

from docgen.diff.changes import Change, Changes, Edition, Section
from docgen.diff.compare import compare
from docgen.documents import output_name, plan_name
from docgen.errors import UsageError
from docgen.export.write import Staging
from docgen.messages import say
from docgen.model import Plan
from docgen.pipeline import check_unit, render_extra
from docgen.profiles import document_specs
from docgen.read import discover_units
from docgen.report import ValidationReport

NOTE = "revision_note"


def read_plan(inputs: Path) -> tuple[ValidationReport, Plan | None]:
    """One organisation's workbook (a .xlsx or a folder), read and validated; the
    plan is None when it holds errors. A batch folder is refused: diff compares
    one plan with one plan."""
    units, batch = discover_units(inputs)
    if batch:
        raise UsageError(say("usage.diff_batch", inputs=inputs))
    return check_unit(units[0])


def write_revision_note(old: Plan, new: Plan, changes: Changes, out_folder: Path,
                        inputs_folder: Path) -> Path:
    """Write the 修订说明 of `changes` into `out_folder` (named after the new
    plan's 预案编号) and return its path. `old` names the version revised; the
    note is rendered with the new plan's context and `changes`."""
    if changes.old.version != old.plan.version or changes.new.version != new.plan.version:
        raise ValueError(say("diff.other_versions"))
    spec = document_specs()[NOTE]
    target = out_folder / output_name(new.named(new.profile, plan_name(new, spec)), spec)
    staging = Staging()
    try:
        render_extra(spec, new, {"changes": changes}, inputs_folder, staging, target)
        staging.commit()
    except BaseException:
        staging.discard()
        raise
    return target


__all__ = ["Change", "Changes", "Edition", "Section", "compare", "read_plan",
           "write_revision_note"]
