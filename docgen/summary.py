"""汇总表.xlsx of a batch: one row per unit (result, risks by level, drills,
expired resources, check findings by severity), tabulated with pandas and
written with openpyxl."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.check import check_plan
from docgen.export.write import write_atomic
from docgen.model import Plan
from docgen.pipeline import UnitResult
from docgen.vocabulary import vocabulary

if TYPE_CHECKING:
    import pandas as pd

HEADER_GREY = "D9D9D9"


@dataclass(frozen=True)
class UnitFacts:
    """What the 汇总表 says of a unit's plan."""

    levels: dict[str, int]  # risks by level, highest first
    drills: int
    expired: int  # resources past 有效期至 on 发布日期
    findings: dict[str, int]  # the compliance check's, by severity


def facts_of(plan: Plan, documents: list[Path] | None = None,
             names: list[str] | None = None) -> UnitFacts:
    """The 汇总表's facts; the check's counts are `docgen check`'s when the documents
    built from the plan are given."""
    published = plan.plan.publish_date
    report = check_plan(plan, documents=documents, names=names)
    findings = {"错误": len(report.errors), "警告": len(report.warnings),
                "提示": len(report.notes)}
    return UnitFacts({b.level: b.count for b in plan.risks.by_level}, len(plan.drills),
                     sum(1 for x in plan.resources if x.expired_by(published)), findings)


def unit_facts(unit: UnitResult) -> UnitFacts | None:
    """A built unit's facts, from its plan and the documents written for it."""
    if unit.plan is None:
        return None
    documents = [p for p in unit.written if p.suffix == ".docx"]
    return facts_of(unit.plan, documents, unit.names)


def _row(unit: UnitResult) -> dict[str, object]:
    report = unit.report
    facts = unit.facts if isinstance(unit.facts, UnitFacts) else unit_facts(unit)
    row: dict[str, object] = {
        "单位": unit.unit.name,
        "结果": "已生成" if unit.written and not unit.failed() else "未生成",
        "文件数": len(unit.written), "错误": len(report.errors), "警告": len(report.warnings)}
    for level in vocabulary().level_names:
        row[f"{level}风险"] = facts.levels.get(level, 0) if facts else None
    row["演练计划"] = facts.drills if facts else None
    row["过期资源"] = facts.expired if facts else None
    for severity in ("错误", "警告", "提示"):
        row[f"检查{severity}"] = facts.findings.get(severity, 0) if facts else None
    return row


def summary_frame(units: Sequence[UnitResult]) -> pd.DataFrame:
    """One row per unit."""
    import pandas as pd  # only a batch's 汇总表 needs it

    rows = [_row(u) for u in units]
    frame = pd.DataFrame(rows)
    count_columns = [c for c in frame.columns if c not in ("单位", "结果")]
    frame[count_columns] = frame[count_columns].astype("Int64")
    return frame


def write_summary(units: Sequence[UnitResult], target: Path) -> Path:
    # Imported here: a batch's workers work out `unit_facts` and need neither.
    import pandas as pd
    from openpyxl.styles import Alignment, Font, PatternFill

    frame = summary_frame(units)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="汇总", index=False)
        sheet = writer.sheets["汇总"]
        for cell in sheet[1]:
            cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_GREY)
            cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions["A"].width = 28
        sheet.freeze_panes = "B2"
    write_atomic(target, buffer.getvalue())
    return target
