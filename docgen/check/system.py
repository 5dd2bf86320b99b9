"""Checks of the plan system and of the records a reviewer reads beside it: one
number per plan, the plans the register promises, 现场处置方案 for the high risks,
the drafting team, the unit's profile, duties, the 应急办公室, warning signs, funds,
the filing authority and the drills over the plan's three-year cycle."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from docgen.check.checks import add_months
from docgen.check.registry import (
    Hit,
    Params,
    info_place,
    place,
    plan_check,
    profile_kinds,
    sheet_place,
)
from docgen.documents import planned_documents
from docgen.domain.defaults import defaults
from docgen.domain.records import Drill, Risk
from docgen.domain.values import Month
from docgen.hazards import library
from docgen.messages import say
from docgen.model import Plan
from docgen.model.system import typed_special
from docgen.profiles import find_profile
from docgen.report import Severity
from docgen.vocabulary import vocabulary


def _high(plan: Plan) -> list[Risk]:
    return [r for r in plan.risks if r.level in vocabulary().high_levels]



@plan_check("plan_numbers")
def plan_numbers(plan: Plan, params: Params) -> list[Hit]:
    """Each document of the system is filed under a 预案编号 of its own."""
    planned, _ = planned_documents(plan, find_profile(plan.profile))
    counted = Counter(p.number for p in planned)
    return [Hit(say("check.numbers.shared", number=number or "—", count=n,
                    names="》《".join(p.name for p in planned if p.number == number)),
                info_place(plan, "plan_code", "预案编号"))
            for number, n in counted.items() if n > 1 or not number]


@plan_check("catalogue")
def catalogue(plan: Plan, params: Params) -> list[Hit]:
    """A 专项预案 the register names is written: the 风险 sheet prints the name, so a
    profile without special plans would promise a plan that does not exist."""
    if "special" in profile_kinds(plan):
        return []
    hits = []
    for risk in plan.risks:
        if typed_special(risk):
            hits.append(Hit(say("check.system.not_written", code=risk.code,
                                plan=risk.special_plan, profile=_documents(plan)),
                            place(risk, "special_plan"),
                            fix=say("check.system.not_written_fix")))
    return hits


@plan_check("legal_class")
def legal_class(plan: Plan, params: Params) -> list[Hit]:
    """No 专项预案 is named after a legal class (事故灾难专项应急预案 lumps unlike
    accidents together)."""
    classes = {h.legal_class for h in library().hazards.values() if h.legal_class}
    hits = []
    for risk in plan.risks:
        typed = typed_special(risk)
        if typed and any(c in typed for c in classes):
            hits.append(Hit(say("check.system.legal_class", code=risk.code,
                                plan=risk.special_plan),
                            place(risk, "special_plan"),
                            fix=say("check.system.legal_class_fix")))
    return hits


@plan_check("complete")
def complete(plan: Plan, params: Params) -> list[Hit]:
    """The 重大 and 较大 risks have 现场处置方案 (管理办法 第十五条), the 重点岗位 cards
    (第十九条)."""
    kinds = profile_kinds(plan)
    needed = {"onsite": ([p.risk for p in plan.system.procedures], "check.system.no_onsite"),
              "cards": ([r for c in plan.system.cards for r in c.risks],
                        "check.system.no_cards")}
    hits = []
    for kind in params["kinds"]:
        risks, message = needed[kind]
        codes = list(dict.fromkeys(r.code for r in risks))
        if kind not in kinds and codes:
            hits.append(Hit(say(message, codes="、".join(sorted(codes)),
                                profile=_documents(plan)),
                            sheet_place(plan, "风险", plan.risks),
                            fix=say("check.system.profile_fix")))
    return hits


def _documents(plan: Plan) -> str:
    """What the plan's profile writes, as the user reads it."""
    return "、".join(spec.title for spec in find_profile(plan.profile).documents)


@plan_check("drafting_team")
def drafting_team(plan: Plan, params: Params) -> list[Hit]:
    if plan.team:
        return []
    return [Hit(say("check.drafting.no_team"), sheet_place(plan, "编制工作组"),
                fix=say("check.drafting.no_team_fix"))]


@plan_check("profile_facts")
def profile_facts(plan: Plan, params: Params) -> list[Hit]:
    """单位概况: the facts a reviewer looks for on the first pages."""
    info = plan.plan
    hits = []
    for item in params["items"]:
        value = getattr(info, item["field"])
        if value is None or (isinstance(value, str) and not value.strip()):
            hits.append(Hit(say("check.profile.missing", label=item["label"],
                                why=item["why"]),
                            info_place(plan, item["field"], item["label"])))
    return hits


@plan_check("org_duties")
def org_duties(plan: Plan, params: Params) -> list[Hit]:
    return [Hit(say("check.org.no_duties", unit=u.name), place(u, "duties"))
            for u in plan.org if not u.duties.strip()]


@plan_check("office")
def office(plan: Plan, params: Params) -> list[Hit]:
    name = defaults().office
    if not plan.org or plan.org.office_unit:
        return []
    return [Hit(say("check.org.no_office", office=name), sheet_place(plan, "组织机构", plan.org),
                fix=say("check.org.no_office_fix", office=name))]


@plan_check("other_types")
def other_types(plan: Plan, params: Params) -> list[Hit]:
    """Risks whose accident type docgen could not tell: their plans print general steps."""
    from docgen.model.gaps import unrecognised

    return [Hit(say("check.risks.type_other", code=r.code, name=r.name),
                place(r, "accident_type"), fix=say("check.risks.type_other_fix"))
            for r in unrecognised(plan)]


@plan_check("warning_signs")
def warning_signs(plan: Plan, params: Params) -> list[Hit]:
    return [Hit(say("check.risks.no_signs", code=r.code, level=r.level),
                place(r, "warning_signs"))
            for r in _high(plan) if not r.warning_signs.strip()]


@plan_check("funds")
def funds(plan: Plan, params: Params) -> list[Hit]:
    words = params["words"]
    if any(any(w in f"{x.type}{x.name}" for w in words) for x in plan.resources):
        return []
    return [Hit(say("check.resources.no_funds"), sheet_place(plan, "资源", plan.resources),
                fix=say("check.resources.no_funds_fix"))]


@plan_check("filing_authority")
def filing_authority(plan: Plan, params: Params) -> list[Hit]:
    if plan.plan.filing_authority.strip():
        return []
    return [Hit(say("check.filing.no_authority"),
                info_place(plan, "filing_authority", "备案部门"))]


def _day(when: dt.date | Month | None) -> dt.date | None:
    if when is None or isinstance(when, dt.date):
        return when
    return dt.date(when.year, when.month, 1)


@plan_check("drill_coverage")
def drill_coverage(plan: Plan, params: Params) -> list[Hit]:
    """Every 专项预案 and 现场处置方案 the profile writes is drilled at least once in the
    plan's cycle (good practice: a plan no one has practised is not known to work)."""
    kinds = profile_kinds(plan)
    start = plan.plan.publish_date
    end = add_months(start, params["months"]) if start else None

    def within(d: Drill) -> bool:
        day = _day(d.when)
        return day is None or start is None or end is None or start <= day <= end

    drills = [d for d in plan.drills if within(d)]
    undrilled = []
    if "special" in kinds:
        for group in plan.system.groups:
            codes = {r.code for r in group.risks}
            if not any(d.plan_type == "专项" and (codes & set(d.risk_codes)
                                                  or group.key in d.name) for d in drills):
                undrilled.append(say("check.drills.special_plan", plan=group.key,
                                     codes=group.codes))
    if "onsite" in kinds:
        for procedure in plan.system.procedures:
            code = procedure.risk.code
            if not any(d.plan_type == "现场处置" and code in d.risk_codes for d in drills):
                undrilled.append(say("check.drills.onsite_plan", code=code,
                                     name=procedure.risk.name))
    if not undrilled:
        return []
    return [Hit(say("check.drills.uncovered", months=params["months"],
                    plans="；".join(undrilled)),
                sheet_place(plan, "演练计划", plan.drills),
                severity=Severity.WARNING, fix=say("check.drills.uncovered_fix"))]
