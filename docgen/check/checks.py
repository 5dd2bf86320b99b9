"""The check functions rules.toml names. Each takes what is checked — the enriched
Plan of a workbook, or the Outline of a .docx — and the rule's params, and returns
its hits: what is wrong, where, and (rarely) a severity of its own. The rule adds
its id, title and basis (docgen.check.rules).

A name may have both kinds (`elements` checks a workbook by the data that feeds each
element, a .docx by its headings); a rule applies to what its check can look at.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from docgen.check.outline import Outline, Paragraph
from docgen.check.registry import (
    Hit,
    Params,
    document_check,
    info_place,
    place,
    plan_check,
    severity_of,
    sheet_place,
)
from docgen.domain.values import Month, chinese_date
from docgen.messages import say
from docgen.model import Plan
from docgen.report import Location

# ---------------------------------------------------------------- elements (GB/T 29639)

@dataclass(frozen=True)
class Feed:
    """Data of the workbook an element of the plan is written from."""

    present: Callable[[Plan], bool]
    sheet: str
    missing: str  # the message's code: what is missing


FEEDS: dict[str, Feed] = {
    # The templates word these themselves (适用范围, 预警, 后期处置 …): always present.
    "template": Feed(lambda p: True, "", ""),
    "levels": Feed(lambda p: bool(p.levels), "响应分级", "check.feed.levels"),
    "org": Feed(lambda p: bool(p.org), "组织机构", "check.feed.org"),
    "duty_phone": Feed(lambda p: bool(p.plan.duty_phone.strip()), "基本信息",
                       "check.feed.duty_phone"),
    "risks": Feed(lambda p: bool(p.risks), "风险", "check.feed.risks"),
    "measures": Feed(lambda p: bool(p.risks) and all(r.measures.strip() for r in p.risks),
                     "风险", "check.feed.measures"),
    "outside": Feed(lambda p: bool(p.contacts.external or p.agreements), "通讯录",
                    "check.feed.outside"),
    "resources": Feed(lambda p: bool(p.resources), "资源", "check.feed.resources"),
    "equipment": Feed(lambda p: any(x.type == "物资装备" for x in p.resources), "资源",
                      "check.feed.equipment"),
    "contacts": Feed(lambda p: bool(p.contacts), "通讯录", "check.feed.contacts"),
    "drawings": Feed(lambda p: bool(p.drawings), "图纸", "check.feed.drawings"),
    "agreements": Feed(lambda p: bool(p.agreements), "外部协议", "check.feed.agreements"),
}


@plan_check("elements")
def elements_in_plan(plan: Plan, params: Params) -> list[Hit]:
    """The document docgen would build has every element, written from this data."""
    hits = []
    for element in params["elements"]:
        for name in element.get("feeds", ("template",)):
            feed = FEEDS[name]
            if feed.present(plan):
                continue
            hits.append(Hit(say("check.elements.no_data", element=element["name"],
                                clause=element["clause"], missing=say(feed.missing)),
                            sheet_place(plan, feed.sheet),
                            severity_of(element.get("empty") or element.get("severity")),
                            element["clause"]))
            break
    return hits


def _named(heading: Paragraph) -> str:
    """How a message names a part: 第三章（段落 57：“第三章 应急响应”）."""
    part = heading.label or say("check.elements.section", title=heading.title)
    return say("check.elements.heading", part=part, index=heading.index,
               text=heading.text.strip())


def _locate(outline: Outline, elements: list[dict[str, Any]], scope: list[Paragraph],
            ) -> tuple[list[tuple[dict[str, Any], Paragraph | None]], dict[str, list[str]]]:
    """The missing elements, each with the heading it was expected under or after; and
    for a missing parent, its children missing too (reported with it, not one by one).
    A child is looked for under its parent, then anywhere (a consultant may give 预警 a
    chapter of its own)."""
    found: dict[str, Paragraph] = {}
    missing: dict[str, list[str]] = {}
    out: list[tuple[dict[str, Any], Paragraph | None]] = []
    previous: Paragraph | None = None  # the last top-level element found, in listed order
    for element in elements:
        parent = element.get("parent")
        if parent in missing:
            if not outline.find(element["synonyms"]):
                missing[parent].append(element["name"])
            continue
        among = outline.under(found[parent]) if parent else scope
        heading = outline.find(element["synonyms"], among) or outline.find(element["synonyms"])
        if heading is not None:
            found[element["clause"]] = heading
            previous = previous if parent else heading
            continue
        if not parent:
            missing[element["clause"]] = []
        out.append((element, found[parent] if parent else previous))
    return out, missing


@document_check("elements")
def elements_in_document(outline: Outline, params: Params) -> list[Hit]:
    """Each element by its headings; a missing one is named with where it was expected:
    在第三章（段落 57：“第三章 应急响应”）之下未找到“预警”（6.3.2）."""
    if not outline.headings:
        return [Hit(say("check.elements.no_headings"), Location(outline.file))]
    annex = params.get("annex", False)
    scope = outline.annex() if annex else outline.headings
    missing, children = _locate(outline, params["elements"], scope)
    hits = []
    for element, near in missing:
        name = f"“{element['name']}”（{element['clause']}）"
        under = children.get(element["clause"])
        also = say("check.elements.children", children="”“".join(under)) if under else ""
        if element.get("parent") and near is not None:  # near: the parent, found
            text = say("check.elements.missing_under", heading=_named(near), element=name)
        elif annex and scope:
            text = say("check.elements.missing_in_annex", heading=_named(scope[0]),
                       element=name)
        elif annex:
            text = say("check.elements.no_annex", element=name)
        else:
            after = say("check.elements.after", heading=_named(near)) if near \
                else say("check.elements.at_start")
            text = say("check.elements.missing", element=name, children=also, after=after)
        where = Location(outline.file, paragraph=near.index if near else None,
                         heading=near.text.strip() if near else None)
        hits.append(Hit(text, where, severity_of(element.get("severity")), element["clause"]))
    return hits


# ---------------------------------------------------------------- cover and sign-off

@plan_check("cover")
def cover_in_plan(plan: Plan, params: Params) -> list[Hit]:
    hits = []
    for item in params["fields"]:
        if getattr(plan.plan, item["field"]):
            continue
        note = item.get("note") or say("check.cover.note")
        hits.append(Hit(say("check.cover.missing", label=item["label"], note=note),
                        info_place(plan, item["field"], item["label"]),
                        severity_of(item.get("severity"))))
    return hits


@document_check("cover")
def cover_in_document(outline: Outline, params: Params) -> list[Hit]:
    front = "\n".join(outline.front)
    return [Hit(say("check.cover.not_found", label=item["label"]),
                Location(outline.file, paragraph=1),
                severity_of(item.get("severity")))
            for item in params["patterns"] if not re.search(item["pattern"], front)]


def _info_missing(plan: Plan, item: str, label: str, message: str) -> list[Hit]:
    """A finding at 基本信息's `label` when the item is left empty."""
    if getattr(plan.plan, item).strip():
        return []
    return [Hit(message, info_place(plan, item, label))]


@plan_check("head")
def head_in_plan(plan: Plan, params: Params) -> list[Hit]:
    return _info_missing(plan, "head", "主要负责人", say("check.head.missing"))


@document_check("head")
def head_in_document(outline: Outline, params: Params) -> list[Hit]:
    if re.search(params["pattern"], "\n".join(outline.front)):
        return []
    return [Hit(say("check.head.not_found"), Location(outline.file, paragraph=1))]


# ---------------------------------------------------------------- drills

def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _latest(when: dt.date | Month) -> dt.date:
    """A planned time as a day: a month only is its last day (the drill is due by then)."""
    if isinstance(when, Month):
        return dt.date(when.year, when.month, calendar.monthrange(when.year, when.month)[1])
    return when


def _gaps(days: list[dt.date], start: dt.date, months: int, horizon: int,
          ) -> list[tuple[dt.date, dt.date]]:
    """The periods of `months` from `start` (over `horizon` months) with no day in them."""
    out = []
    for k in range(max(1, horizon // months)):
        begin, end = add_months(start, k * months), add_months(start, (k + 1) * months)
        if not any(begin <= d < end for d in days):
            out.append((begin, end - dt.timedelta(days=1)))
    return out


def _drill_needs(plan: Plan, params: Params) -> list[tuple[str, set[str] | None, int, str]]:
    """What art. 33 asks of this unit: (drill, 预案类型 that count, every N months, why)."""
    pack, yearly = plan.pack, params.get("comprehensive_months", 12)
    needs: list[tuple[str, set[str] | None, int, str]] = [
        (say("check.drills.comprehensive"), {"综合", "专项"}, yearly, say("check.drills.yearly"))]
    if plan.system.procedures:  # each 重大 or 较大 risk has a 现场处置方案
        needs.append((say("check.drills.onsite"), {"现场处置"}, params.get("onsite_months", 6),
                      say("check.drills.half_yearly")))
    if pack.drill_months < yearly:  # 人员密集场所 and the high-risk kinds: any plan
        kind = say("check.drills.crowded_place") if pack.crowded_place \
            else say("check.drills.high_risk")
        needs.append((say("check.drills.any"), None, pack.drill_months,
                      say("check.drills.pack", kind=kind, pack=pack.name,
                          months=pack.drill_months)))
    return needs


@plan_check("drills")
def drills(plan: Plan, params: Params) -> list[Hit]:
    start, horizon = plan.plan.publish_date, params.get("horizon", 12)
    if start is None:
        return []
    needs = _drill_needs(plan, params)
    if not plan.drills:
        wanted = "；".join(f"{label}（{why}）" for label, _, _, why in needs)
        return [Hit(say("check.drills.missing", months=horizon, drills=wanted),
                    sheet_place(plan, "演练计划"))]
    where = sheet_place(plan, "演练计划", plan.drills, "when")
    hits = []
    for label, kinds, months, why in needs:
        days = [_latest(d.when) for d in plan.drills
                if d.when is not None and (kinds is None or d.plan_type in kinds)]
        hits += [Hit(say("check.drills.gap", begin=chinese_date(begin), end=chinese_date(end),
                         drill=label, why=why), where)
                 for begin, end in _gaps(days, start, months, horizon)]
    return hits


# ---------------------------------------------------------------- training, revision, evaluation

@plan_check("trainings")
def trainings(plan: Plan, params: Params) -> list[Hit]:
    if plan.trainings:
        return []
    return [Hit(say("check.trainings.missing"), sheet_place(plan, "培训计划"))]


@plan_check("revisions")
def revisions(plan: Plan, params: Params) -> list[Hit]:
    if plan.revisions:
        return []
    return [Hit(say("check.revisions.missing"), sheet_place(plan, "修订记录"))]


@plan_check("evaluation")
def evaluation(plan: Plan, params: Params) -> list[Hit]:
    published = plan.plan.publish_date
    years = params.get("years") or plan.pack.evaluation_years
    if plan.plan.last_evaluation:
        day, what = plan.plan.last_evaluation, say("check.evaluation.last")
        where = info_place(plan, "last_evaluation", "上次评估日期")
    else:
        dated = [(r.date, r) for r in plan.revisions if r.date]
        if not dated:
            return []  # first edition: nothing is due yet
        day, first = min(dated, key=lambda d: d[0])  # the first of the earliest
        what = say("check.evaluation.first_revision")
        where = place(first, "date")
    if published is None or day >= add_months(published, -12 * years):
        return []
    return [Hit(say("check.evaluation.overdue", what=what, day=chinese_date(day),
                    published=chinese_date(published), years=years), where)]


# ---------------------------------------------------------------- contacts

@plan_check("duty_phone")
def duty_phone(plan: Plan, params: Params) -> list[Hit]:
    return _info_missing(plan, "duty_phone", "24小时值班电话", say("check.duty_phone.missing"))


@plan_check("unit_heads")
def unit_heads(plan: Plan, params: Params) -> list[Hit]:
    hits = []
    for unit in plan.org:
        if not unit.leader.strip():
            hits.append(Hit(say("check.unit_heads.no_leader", unit=unit.name),
                            place(unit, "leader")))
        elif not unit.leader_phone.strip():
            hits.append(Hit(say("check.unit_heads.no_phone", unit=unit.name, leader=unit.leader),
                            place(unit, "leader")))
    return hits


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@plan_check("outside_bodies")
def outside_bodies(plan: Plan, params: Params) -> list[Hit]:
    outside = plan.contacts.external
    hits = []
    for body in params["bodies"]:
        numbers = set(body.get("numbers", ()))
        words = body.get("keywords", ())
        if any(numbers & {_digits(c.office_phone), _digits(c.mobile)}
               or any(w in c.name + c.org for w in words) for c in outside):
            continue
        hits.append(Hit(say("check.outside_bodies.missing", body=body["name"]),
                        sheet_place(plan, "通讯录", plan.contacts.items)))
    return hits


# ---------------------------------------------------------------- risks and resources

@plan_check("risk_measures")
def risk_measures(plan: Plan, params: Params) -> list[Hit]:
    hits = []
    for risk in plan.risks:
        name = f"{risk.code} {risk.name}".strip()
        if not risk.measures.strip():
            hits.append(Hit(say("check.risks.no_measures", risk=name), place(risk, "measures")))
        if not risk.owner_unit.strip():
            hits.append(Hit(say("check.risks.no_owner", risk=name), place(risk, "owner_unit")))
        elif plan.org.unit(risk.owner_unit) is None:
            hits.append(Hit(say("check.risks.unknown_owner", risk=name, unit=risk.owner_unit),
                            place(risk, "owner_unit")))
    return hits


@plan_check("risk_resources")
def risk_resources(plan: Plan, params: Params) -> list[Hit]:
    levels = params.get("levels", ["重大", "较大"])
    return [Hit(say("check.risks.no_resources", level=r.level, code=r.code, name=r.name),
                place(r, "resource_codes"))
            for r in plan.risks if r.level in levels and not r.resources]


# what not_expired can look at: the records and how a message names one
RECORDS: dict[str, tuple[Callable[[Plan], Sequence[Any]], Callable[[Any], str], str]] = {
    "resources": (lambda p: p.resources, lambda x: f"{x.code} {x.name}".strip(),
                  "check.expired.resources"),
    "agreements": (lambda p: p.agreements,
                   lambda x: say("check.expired.agreement", party=x.party),
                   "check.expired.agreements"),
}


@plan_check("not_expired")
def not_expired(plan: Plan, params: Params) -> list[Hit]:
    records, name, what = RECORDS[params["records"]]
    published = plan.plan.publish_date
    if published is None:
        return []
    return [Hit(say("check.expired.found", record=name(x), kind=say(what),
                    expires=chinese_date(x.expires), published=chinese_date(published)),
                place(x, "expires"))
            for x in records(plan) if x.expired_by(published)]
