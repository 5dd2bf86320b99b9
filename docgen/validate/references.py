"""Checks across sheets: names that must exist elsewhere, the organisation tree,
phones, dates relative to 发布日期, the risk bands."""

from __future__ import annotations

from collections.abc import Iterable

from docgen.model.plan import PlanData
from docgen.model.records import Contact
from docgen.model.scoring import band_gaps, level_of, matrix_from, score
from docgen.report import Location, ValidationReport
from docgen.schema import normalize_name


def _names(contacts: Iterable[Contact]) -> set[str]:
    return {c.name for c in contacts}


def check_contacts(data: PlanData, report: ValidationReport) -> None:
    first: dict[str, int | None] = {}
    for c in data.contacts:
        if c.kind != "外部":
            key = normalize_name(c.name)
            if key in first:
                report.error("value.duplicate",
                             f"内部人员“{c.name}”与第{first[key]}行重名，应唯一（可加部门区分）",
                             c.source.at("name"))
            else:
                first[key] = c.source.row
        if c.name and not c.office_phone and not c.mobile:
            report.error("contact.no_phone",
                         f"“{c.name}”没有任何联系电话：办公电话和手机至少填一项",
                         c.source.at("mobile"))


def check_people(data: PlanData, report: ValidationReport) -> None:
    people = _names(data.contacts)
    info = data.info
    if info.head and info.head not in people:
        report.error("ref.head", f"主要负责人“{info.head}”不在通讯录中（需有其联系电话）",
                     info.at("head"))
    for unit in data.units:
        if unit.leader and unit.leader not in people:
            report.error("ref.leader", f"负责人“{unit.leader}”不在通讯录中",
                         unit.source.at("leader"))
        missing = [m for m in unit.members if m not in people]
        if missing:
            report.warning("ref.member", f"成员“{'、'.join(missing)}”不在通讯录中",
                           unit.source.at("members"))
    for x in data.resources:
        if x.keeper and x.keeper not in people:
            report.warning("ref.keeper", f"管理人“{x.keeper}”不在通讯录中"
                           + ("" if x.phone else "，联系电话将为空"), x.source.at("keeper"))


def check_tree(data: PlanData, report: ValidationReport) -> None:
    names = {u.name for u in data.units}
    parent_of = {u.name: u.parent for u in data.units}
    roots = []
    for unit in data.units:
        if not unit.parent:
            roots.append(unit)
        elif unit.parent == unit.name:
            report.error("tree.self", "上级机构不能是机构自身", unit.source.at("parent"))
        elif unit.parent not in names:
            report.error("ref.parent", f"上级机构“{unit.parent}”不在组织机构表中",
                         unit.source.at("parent"))
    if data.units and len(roots) != 1:
        if not roots:
            first = data.units[0]
            report.error("tree.root", "应有且只有一个最高机构（上级机构留空），现在没有",
                         first.source.at("parent"))
        else:
            for unit in roots[1:]:
                report.error("tree.root",
                             f"应有且只有一个最高机构（上级机构留空），“{roots[0].name}”之外"
                             f"“{unit.name}”也没有上级", unit.source.at("parent"))
    reported: set[str] = set()
    for unit in data.units:
        chain, name = [], unit.name
        while name in parent_of and parent_of[name] and parent_of[name] != name:
            if name in chain:
                cycle = chain[chain.index(name):]
                if not reported & set(cycle):
                    report.error("tree.cycle", "上级机构形成循环：" + " → ".join([*cycle, name]),
                                 unit.source.at("parent"))
                    reported.update(cycle)
                break
            chain.append(name)
            name = parent_of[name]


def check_risks(data: PlanData, report: ValidationReport) -> None:
    units = {u.name for u in data.units}
    codes = {x.code for x in data.resources}
    matrix = matrix_from(data.bands)
    for risk in data.risks:
        if risk.owner_unit and risk.owner_unit not in units:
            report.error("ref.unit", f"责任机构“{risk.owner_unit}”不在组织机构表中",
                         risk.source.at("owner_unit"))
        unknown = [c for c in risk.resource_codes if c not in codes]
        if unknown:
            report.warning("ref.resource", f"资源编号“{'、'.join(unknown)}”不在资源表中",
                           risk.source.at("resource_codes"))
        if not (risk.likelihood and risk.severity):
            continue
        value = score(risk.likelihood, risk.severity)
        band = level_of(value, matrix.bands)
        if risk.given_score is not None and risk.given_score != value:
            report.warning("risk.score", f"填写的风险值与计算值 {value}（L×S）不符，以计算值为准",
                           risk.source.at("given_score"))
        if risk.given_level and risk.given_level.strip() != band.level:
            report.warning("risk.level",
                           f"填写的风险等级与计算结果“{band.level}”不符，以计算结果为准",
                           risk.source.at("given_level"))


def check_bands(data: PlanData, report: ValidationReport) -> None:
    if not data.bands:
        return
    first = data.bands[0].source
    where = Location(first.file, first.sheet)  # the whole sheet, not one row
    for band in data.bands:
        if band.min > band.max:
            report.error("matrix.band", "最小值大于最大值", band.source.at("min"))
    missing, twice = band_gaps(data.bands)
    if missing:
        report.error("matrix.gap", f"风险值 {_ranges(missing)} 没有对应的风险等级，"
                     "各等级应恰好覆盖 1–25 一次", where)
    if twice:
        report.error("matrix.overlap", f"风险值 {_ranges(twice)} 属于两个风险等级，"
                     "各等级应恰好覆盖 1–25 一次", where)


def _ranges(values: list[int]) -> str:
    """[1, 2, 3, 7] → "1–3、7"."""
    runs: list[list[int]] = []
    for value in values:
        if runs and value == runs[-1][-1] + 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def check_dates(data: PlanData, report: ValidationReport) -> None:
    published = data.info.publish_date
    if published is None:
        return
    for x in data.resources:
        if x.expires and x.expires < published:
            report.warning("resource.expired", f"“{x.name}”的有效期至早于发布日期，请更新或更换",
                           x.source.at("expires"))
    for a in data.agreements:
        if a.expires and a.expires < published:
            report.warning("agreement.expired", f"与“{a.party}”的协议在发布日期前已到期",
                           a.source.at("expires"))
    effective = data.info.effective_date
    if effective and effective < published:
        report.warning("date.order", "实施日期早于发布日期", data.info.at("effective_date"))


def check_drills(data: PlanData, report: ValidationReport) -> None:
    codes = {r.code for r in data.risks}
    for drill in data.drills:
        unknown = [c for c in drill.risk_codes if c not in codes]
        if unknown:
            report.warning("ref.risk", f"风险编号“{'、'.join(unknown)}”不在风险表中",
                           drill.source.at("risk_codes"))


def check_references(data: PlanData, report: ValidationReport) -> None:
    check_contacts(data, report)
    check_people(data, report)
    check_tree(data, report)
    check_risks(data, report)
    check_bands(data, report)
    check_dates(data, report)
    check_drills(data, report)
