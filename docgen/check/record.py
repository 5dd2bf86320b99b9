"""The pre-review as a document (应急预案预评审记录): the 评审指南's four tables with
docgen's opinion in each row and the conclusion, laid out as reviewers use them
(templates_docx/src/prereview.txt). `docgen check --review` writes it; `docgen
bundle` puts it in the filing package as the unit's own 自评 record."""

from __future__ import annotations

from pathlib import Path

from docgen.check.outline import Outline
from docgen.check.report import CheckReport
from docgen.domain.records import PlanData, PlanInfo
from docgen.export.write import Staging, safe_filename
from docgen.model import Plan, enrich
from docgen.pipeline import render_extra
from docgen.profiles import document_specs

RECORD = "prereview"  # its document in profiles.toml
NOT_UNIT = ("预案", "方案", "处置卡", "编号", "版本", "日期", "：", ":")


def record_name(plan: Plan) -> str:
    spec = document_specs()[RECORD]
    return safe_filename(f"{plan.plan.plan_code}_{spec.title}", ".docx")


def write_record(report: CheckReport, plan: Plan, checked: list[str], folder: Path,
                 inputs_folder: Path, staging: Staging | None = None) -> Path:
    """The record of `report` (which holds a review) for `plan`, in `folder`."""
    assert report.review is not None
    target = folder / record_name(plan)
    own = staging is None
    staging = staging or Staging()
    try:
        render_extra(document_specs()[RECORD], plan, {"prereview": report.review,
                                                    "checked": checked},
                     inputs_folder, staging, target)
        if own:
            staging.commit()
    except BaseException:
        if own:
            staging.discard()
        raise
    return target


def document_plan(outline: Outline) -> Plan:
    """A plan that knows only what a document's cover says (its unit and name): the
    record of a .docx made elsewhere is filled from it."""
    name = next((t.strip() for t in outline.front if len(t.strip()) >= 4
                 and not any(w in t for w in NOT_UNIT)), "")
    title = next((t.strip() for t in outline.front if "预案" in t or "方案" in t), outline.file)
    return enrich(PlanData(PlanInfo(unit_name=name or title, plan_name=title,
                                    plan_code=Path(outline.file).stem)))
