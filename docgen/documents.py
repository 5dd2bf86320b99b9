"""Which documents a profile writes for a plan, and what each is called.

A profile lists documents by kind: the comprehensive plan (`service` or
`comprehensive`), the 专项应急预案 (one document per special plan of the
register), the 现场处置方案 and the 应急处置卡. The names are settled before any
document is rendered, so every document can name the others of its run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from docgen.domain.records import PlanNumber
from docgen.export.write import safe_filename
from docgen.messages import say
from docgen.model import Plan
from docgen.model.system import PlanSystem, SpecialPlan
from docgen.profiles import DocumentSpec, Profile, fill_pattern


@dataclass(frozen=True)
class Planned:
    """One document to write: its spec, its 预案名称, and its special plan if any."""

    spec: DocumentSpec
    name: str
    special: SpecialPlan | None = None
    number: str = ""  # its own 预案编号


def _values(plan: Plan, special: SpecialPlan | None = None) -> dict[str, str]:
    info = plan.plan
    return {"单位名称": info.unit_name, "预案编号": info.plan_code, "预案名称": info.plan_name,
            "版本号": info.version, "专项预案": special.key if special else "",
            "序号": f"{special.number:02d}" if special else ""}


# How the 预案编号 sheet may name a plan by its kind.
KIND_WORDS = {"comprehensive": "综合应急预案", "onsite": "现场处置方案", "cards": "应急处置卡"}


def typed_number(plan: Plan, spec: DocumentSpec, name: str,
                 special: SpecialPlan | None = None) -> str:
    """The number the 预案编号 sheet gives this plan (by its 预案名称, its 专项预案, or
    its kind), or ""."""
    words = _names_for(spec, name, special)
    return next((n.number for n in plan.numbers if n.plan.strip() in words), "")


def _names_for(spec: DocumentSpec, name: str, special: SpecialPlan | None) -> set[str]:
    """The words that name one document of the system in the 预案编号 sheet."""
    words = {name, KIND_WORDS.get(spec.kind, "")} - {""}
    if special is not None:
        words |= {special.key, f"{special.key}专项应急预案", f"{special.key}专项预案"}
    else:
        words.add(spec.title)  # 服务应急措施预案, 现场处置方案 …
    return words


def unmatched_numbers(plan: Plan, profile: Profile) -> tuple[list[PlanNumber], list[str]]:
    """The 预案编号 rows that name no plan this profile writes, and the plans' names."""
    planned, _ = planned_documents(plan, profile)
    known = set().union(*(_names_for(p.spec, p.name, p.special) for p in planned)) \
        if planned else set()
    return ([n for n in plan.numbers if n.plan.strip() not in known],
            [p.name for p in planned])


def plan_number(plan: Plan, spec: DocumentSpec, special: SpecialPlan | None = None,
                name: str = "") -> str:
    """The document's own 预案编号: as the 预案编号 sheet gives it, else from
    基本信息's by the profile's pattern."""
    return typed_number(plan, spec, name, special) or fill_pattern(
        spec.number, _values(plan, special))


def plan_name(plan: Plan, spec: DocumentSpec, special: SpecialPlan | None = None) -> str:
    """基本信息's 预案名称 names the comprehensive plan; the others, and a plan without
    one, are named by the profile's pattern."""
    if spec.kind == "comprehensive" and plan.plan.plan_name:
        return plan.plan.plan_name
    return fill_pattern(spec.plan_name, _values(plan, special))


def output_name(named: Plan, spec: DocumentSpec) -> str:
    stem = fill_pattern(spec.output, _values(named, named.special))
    suffix = Path(stem).suffix or ".docx"
    return safe_filename(stem[:-len(suffix)] if stem.endswith(suffix) else stem, suffix)


def _nothing_to_print(system: PlanSystem, kind: str) -> bool:
    """Whether the workbook gives a kind of document nothing to print; only the
    kind asked about is looked at (the cards are made when first asked for)."""
    match kind:
        case "special":
            return not system.groups
        case "onsite":
            return not system.procedures
        case "cards":
            return not system.cards
    return False


def planned_documents(plan: Plan, profile: Profile) -> tuple[list[Planned], PlanSystem]:
    """The documents to write, in the profile's order, and the system they form.
    A kind with nothing to print (no special plan, no 重大 or 较大 risk) is left out."""
    system = plan.system
    planned: list[Planned] = []
    names = {"comprehensive": "", "onsite": "", "cards": ""}
    specials: list[SpecialPlan] = []
    for spec in profile.documents:
        if spec.kind == "special":
            for group in system.groups:
                named = replace(group, name=plan_name(plan, spec, group))
                specials.append(named)
                planned.append(Planned(spec, named.name, named,
                                       plan_number(plan, spec, group, named.name)))
            continue
        if _nothing_to_print(system, spec.kind):
            continue
        names[spec.kind] = names[spec.kind] or plan_name(plan, spec)
        name = plan_name(plan, spec)
        planned.append(Planned(spec, name, None, plan_number(plan, spec, None, name)))
    written = replace(system, comprehensive=names["comprehensive"], specials=specials,
                      onsite=names["onsite"], card_book=names["cards"],
                      numbers={p.name: p.number for p in planned})
    return planned, written


# Why a kind of document has nothing to print (messages.toml: document.nothing).
_NOTHING = {"special": "document.no_special", "onsite": "document.no_onsite",
            "cards": "document.no_cards"}


def skipped_kinds(plan: Plan, profile: Profile) -> list[tuple[str, str]]:
    """The profile's kinds of document this workbook gives nothing to print, and why."""
    return list(dict.fromkeys((spec.title, say(_NOTHING[spec.kind])) for spec in profile.documents
                              if _nothing_to_print(plan.system, spec.kind)))
