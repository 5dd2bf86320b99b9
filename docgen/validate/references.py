"""Checks across sheets: names that must exist elsewhere, the organisation tree,
phones, dates relative to 发布日期, the risk bands."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from docgen.domain.records import Contact, PlanData
from docgen.domain.scoring import band_gaps, level_of, matrix_from, score
from docgen.report import Location, ValidationReport
from docgen.schema import closest, normalize_name


def _names(contacts: Iterable[Contact]) -> set[str]:
    return {c.name for c in contacts}


def check_contacts(data: PlanData, report: ValidationReport) -> None:
    first: dict[str, int | None] = {}
    for c in data.contacts:
        if c.kind != "外部":
            key = normalize_name(c.name)
            if key in first:
                report.add("value.duplicate", c.source.at("name"), value=c.name,
                           row=first[key], hint="（内部人员重名时可加部门区分）")
            else:
                first[key] = c.source.row
        if c.name and not c.office_phone and not c.mobile:
            report.add("contact.no_phone", c.source.at("mobile"), name=c.name)


def check_people(data: PlanData, report: ValidationReport) -> None:
    people = _names(data.contacts)
    info = data.info
    if info.head and info.head not in people:
        report.add("ref.head", info.at("head"), name=info.head)
    for unit in data.units:
        if unit.leader and unit.leader not in people:
            report.add("ref.leader", unit.source.at("leader"), name=unit.leader)
        missing = [m for m in unit.members if m not in people]
        if missing:
            report.add("ref.member", unit.source.at("members"), names="、".join(missing))
    for x in data.resources:
        if x.keeper and x.keeper not in people:
            report.add("ref.keeper", x.source.at("keeper"), name=x.keeper,
                       consequence="" if x.phone else "，联系电话将为空")


def check_tree(data: PlanData, report: ValidationReport) -> None:
    names = {u.name for u in data.units}
    parent_of = {u.name: u.parent for u in data.units}
    roots = []
    for unit in data.units:
        if not unit.parent:
            roots.append(unit)
        elif unit.parent == unit.name:
            report.add("tree.self", unit.source.at("parent"))
        elif unit.parent not in names:
            report.add("ref.parent", unit.source.at("parent"), name=unit.parent)
    if data.units and len(roots) != 1:
        if not roots:
            first = data.units[0]
            report.add("tree.root", first.source.at("parent"),
                       detail="应有且只有一个最高机构（上级机构留空），现在没有")
        else:
            for unit in roots[1:]:
                report.add("tree.root", unit.source.at("parent"),
                           detail=f"应有且只有一个最高机构（上级机构留空），“{roots[0].name}”之外"
                           f"“{unit.name}”也没有上级")
    reported: set[str] = set()
    for unit in data.units:
        chain: list[str] = []
        name = unit.name
        while name in parent_of and parent_of[name] and parent_of[name] != name:
            if name in chain:
                cycle = chain[chain.index(name):]
                if not reported & set(cycle):
                    report.add("tree.cycle", unit.source.at("parent"),
                               cycle=" → ".join([*cycle, name]))
                    reported.update(cycle)
                break
            chain.append(name)
            name = parent_of[name]


def resolve_resources(data: PlanData) -> PlanData:
    """A risk's 应急资源 may name a resource by its unique 名称: take its 编号."""
    codes = {x.code for x in data.resources}
    by_name: dict[str, list[str]] = {}
    for x in data.resources:
        by_name.setdefault(x.name, []).append(x.code)
    risks = []
    for risk in data.risks:
        resolved = [c if c in codes or len(by_name.get(c, ())) != 1 else by_name[c][0]
                    for c in risk.resource_codes]
        risks.append(replace(risk, resource_codes=resolved)
                     if resolved != risk.resource_codes else risk)
    return replace(data, risks=risks)


def check_risks(data: PlanData, report: ValidationReport) -> None:
    units = {u.name for u in data.units}
    codes = {x.code for x in data.resources}
    by_name: dict[str, list[str]] = {}
    for x in data.resources:
        by_name.setdefault(x.name, []).append(x.code)
    matrix = matrix_from(data.bands)
    for risk in data.risks:
        if risk.owner_unit and risk.owner_unit not in units:
            near = closest(risk.owner_unit, sorted(units))
            report.add("ref.unit", risk.source.at("owner_unit"), name=risk.owner_unit,
                       hint=f"（是不是“{near}”？）" if near else "")
        unknown = [c for c in risk.resource_codes if c not in codes]
        several = [c for c in unknown if len(by_name.get(c, ())) > 1]
        for name in several:  # a name several resources share: which one is meant?
            report.add("ref.resource_name", risk.source.at("resource_codes"), name=name,
                       count=len(by_name[name]), codes="、".join(by_name[name]))
        missing = [c for c in unknown if c not in several]
        if missing:
            report.add("ref.resource", risk.source.at("resource_codes"),
                       codes="、".join(missing), hint="")
        if not (risk.likelihood and risk.severity):
            continue
        value = score(risk.likelihood, risk.severity)
        band = level_of(value, matrix.bands)
        if risk.given_score is not None and risk.given_score != value:
            report.add("risk.score", risk.source.at("given_score"), value=value)
        if risk.given_level and risk.given_level.strip() != band.level:
            report.add("risk.level", risk.source.at("given_level"), level=band.level)


def check_bands(data: PlanData, report: ValidationReport) -> None:
    if not data.bands:
        return
    first = data.bands[0].source
    where = Location(first.file, first.sheet)  # the whole sheet, not one row
    seen: dict[str, int | None] = {}
    for band in data.bands:
        if band.level in seen:
            report.add("matrix.twice", band.source.at("level"), level=band.level,
                       row=seen[band.level])
        seen.setdefault(band.level, band.source.row)
        if band.min > band.max:
            report.add("matrix.band", band.source.at("min"))
    if len(seen) < len(data.bands) or any(b.min < 1 or b.max < 1 or not b.level
                                          for b in data.bands):
        return  # the rows themselves are wrong (reported): coverage would only mislead
    missing, twice = band_gaps(data.bands)
    if missing:
        report.add("matrix.gap", where, values=_ranges(missing))
    if twice:
        report.add("matrix.overlap", where, values=_ranges(twice))


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
        if x.expired_by(published):
            report.add("resource.expired", x.source.at("expires"), name=x.name)
    for a in data.agreements:
        if a.expired_by(published):
            report.add("agreement.expired", a.source.at("expires"), party=a.party)
    effective = data.info.effective_date
    if effective and effective < published:
        report.add("date.order", data.info.at("effective_date"))


def check_drills(data: PlanData, report: ValidationReport) -> None:
    codes = {r.code for r in data.risks}
    for drill in data.drills:
        unknown = [c for c in drill.risk_codes if c not in codes]
        if unknown:
            report.add("ref.risk", drill.source.at("risk_codes"), codes="、".join(unknown))


def check_references(data: PlanData, report: ValidationReport) -> None:
    check_contacts(data, report)
    check_people(data, report)
    check_tree(data, report)
    check_risks(data, report)
    check_bands(data, report)
    check_dates(data, report)
    check_drills(data, report)
