"""Stage 2: check the sheets and turn them into typed records.

Every problem becomes an Issue in the ValidationReport; nothing is raised for
bad data, so a single run lists all of them.
"""

from __future__ import annotations

from dataclasses import replace

from docgen.domain.defaults import defaults
from docgen.domain.records import PlanData
from docgen.read.workbook import RawSheet, SheetSet
from docgen.report import Location, ValidationReport
from docgen.schema import closest, load_schema
from docgen.validate.drawings import check_drawings
from docgen.validate.references import check_references, resolve_resources
from docgen.validate.rows import read_sheets
from docgen.validate.sheets import choose_sheets


def validate_sheets(sheets: SheetSet, report: ValidationReport,
                    required: tuple[str, ...] = ()) -> PlanData:
    """Typed records of the unit's sheets; `required` names the sheets the
    documents being built need."""
    schema = load_schema()
    chosen = choose_sheets(sheets, schema, report)
    read = read_sheets(sheets, chosen, schema, required, report)
    data = PlanData(
        info=read["基本信息"],
        risks=read["风险"],
        units=read["组织机构"],
        resources=read["资源"],
        contacts=read["通讯录"],
        drills=read["演练计划"],
        trainings=read["培训计划"],
        revisions=read["修订记录"],
        agreements=read["外部协议"],
        team=read["编制工作组"],
        numbers=read["预案编号"],
        levels=read["响应分级"],
        drawings=read["图纸"],
        bands=read["风险矩阵"],
        texts=read["文本"],
    )
    data = resolve_resources(data)
    check_references(data, report)
    if data.drawings:
        data = replace(data, drawings=check_drawings(data.drawings, sheets.unit.folder, report))
    check_organisation_present(data, chosen.get("组织机构"), report)
    report.sort_by_place([p.name for p in sheets.unit.files], list(schema.sheets))
    return data


def check_organisation_present(data: PlanData, sheet: RawSheet | None,
                               report: ValidationReport) -> None:
    """The plan is led by the root of 组织机构: a sheet with no unit cannot make one."""
    if sheet is not None and not data.units and sheet.headers:
        report.add("tree.empty", Location(sheet.file, sheet.name))
    elif sheet is not None and data.units:
        units = {u.name for u in data.units}
        named = data.info.office_unit.strip()
        if named and named not in units:
            near = closest(named, sorted(units))
            report.add("ref.office", data.info.at("office_unit"), name=named,
                       hint=f"（是不是“{near}”？）" if near else "")
        elif not named and defaults().office not in units:
            # The templates' procedures name it: a plan must not speak of a body it lacks.
            report.add("tree.office", Location(sheet.file, sheet.name))


__all__ = ["validate_sheets"]
