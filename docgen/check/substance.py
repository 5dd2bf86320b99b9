"""Whether what the special plans, on-site procedures and cards say is enough for
their accident types, not only whether the chapters are there: the library's
处置要点 covered and 严禁 said, 注意事项 under all seven headings and not the same
for unlike types, the roles at the post named, the equipment and the outside bodies
each type needs, a card for every post that fits its page.

A workbook is judged by what docgen will print (the typed measures, and the
library's text unless the 文本 sheet replaced it); a .docx by its text, the types
recognised from its cover and headings. Both measure coverage the same way
(covered_points)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from docgen.check.outline import Outline, Paragraph
from docgen.check.registry import (
    Hit,
    Params,
    document_check,
    place,
    plan_check,
    profile_kinds,
    sheet_place,
)
from docgen.hazards import Hazard, library, recognise
from docgen.messages import say
from docgen.model import Plan
from docgen.model.gaps import contact_gaps, equipment_gaps
from docgen.model.system import OnsiteProcedure, Steps, pairs
from docgen.report import Location, Severity

FORBIDDING = ("严禁", "禁止", "不得", "切勿", "不要")


# ---------------------------------------------------------------- coverage of 处置要点

def key_points(hazard: Hazard) -> list[str]:
    """The 处置要点 a plan for this type must cover: the library's own (not as the
    文本 sheet may have replaced them) 初期处置 and 救援 lines."""
    own = library().get(hazard.name) or hazard
    return [*own.response.initial, *own.response.rescue]


def covered_points(hazard: Hazard, text: Iterable[str], enough: float
                   ) -> tuple[list[str], list[str]]:
    """The key points the text says and those it does not: a point is said when at
    least `enough` of its character pairs are in the text."""
    held = set().union(*(pairs(line) for line in text))
    said: list[str] = []
    unsaid: list[str] = []
    for point in key_points(hazard):
        mine = pairs(point)
        (said if mine and len(mine & held) / len(mine) >= enough else unsaid).append(point)
    return said, unsaid


def _forbids(lines: Iterable[str]) -> bool:
    return any(w in line for line in lines for w in FORBIDDING)


def _measures_hits(label: str, hazard: Hazard, lines: list[str], params: Params,
                   where: Location) -> list[Hit]:
    said, unsaid = covered_points(hazard, lines, params["said"])
    share = len(said) / max(1, len(said) + len(unsaid))
    hits = []
    if share < params["enough"]:
        missing = "；".join(p.rstrip("。") for p in unsaid[:params.get("shown", 3)])
        severity = Severity.ERROR if not said else Severity.WARNING
        hits.append(Hit(say("check.measures.thin", plan=label, type=hazard.name,
                            said=len(said), total=len(said) + len(unsaid), missing=missing),
                        where, severity, fix=say("check.measures.thin_fix", type=hazard.name)))
    if not _forbids(lines):
        hits.append(Hit(say("check.measures.no_forbidden", plan=label, type=hazard.name),
                        where, Severity.ERROR,
                        fix=say("check.measures.no_forbidden_fix", type=hazard.name)))
    return hits


def _printed(steps: Steps, typed: list[str]) -> list[str]:
    return [*typed, *steps.discover, *steps.initial, *steps.rescue, *steps.escalate,
            *steps.forbidden, *steps.first_aid]


@plan_check("special_measures")
def special_measures(plan: Plan, params: Params) -> list[Hit]:
    hits = []
    for group in plan.system.groups:
        for steps in group.steps:
            risks = [r for r in group.risks if r.hazard and r.hazard.name == steps.hazard.name]
            typed = [line for r in risks for line in r.measure_lines]
            where = place(risks[0], "measures") if risks else sheet_place(plan, "风险")
            hits += _measures_hits(f"{group.key}专项应急预案", steps.hazard,
                                   _printed(steps, typed), params, where)
    return hits


def _types_in(outline: Outline, headings: list[Paragraph]) -> list[Hazard]:
    """The accident types a document speaks of: its name on the cover, the headings."""
    found: dict[str, Hazard] = {}
    name = next((t for t in outline.front if "预案" in t or "方案" in t), "")
    for text in (name, *(h.title for h in headings)):
        hazard = recognise(text, "").hazard
        if not hazard.other:
            found.setdefault(hazard.name, hazard)
    return list(found.values())


def _at(outline: Outline, heading: Paragraph | None) -> Location:
    return Location(outline.file, paragraph=heading.index if heading else None,
                    heading=heading.text.strip() if heading else None)


@document_check("special_measures")
def special_measures_in_document(outline: Outline, params: Params) -> list[Hit]:
    section = outline.find(params["section"])
    if section is None:
        return []  # structure.special reports the missing chapter
    types = _types_in(outline, [section, *outline.under(section)])
    if not types:
        return [Hit(say("check.measures.no_types"), _at(outline, section), Severity.NOTE)]
    lines = outline.text_of(section)
    hits = []
    for hazard in types:
        hits += _measures_hits(outline.file, hazard, lines, params, _at(outline, section))
    return hits


# ---------------------------------------------------------------- special plans

@plan_check("special_features")
def special_features(plan: Plan, params: Params) -> list[Hit]:
    hits = []
    for group in plan.system.groups:
        plain = [h.name for h in group.hazards if not h.features]
        if group.hazards and all(h.other for h in group.hazards):
            hits.append(Hit(say("check.special.no_type", plan=group.key, codes=group.codes),
                            place(group.risks[0], "accident_type"), Severity.WARNING))
        elif plain:
            hits.append(Hit(say("check.special.no_features", plan=group.key,
                                types="、".join(plain)),
                            place(group.risks[0], "description")))
    return hits


@plan_check("special_units")
def special_units(plan: Plan, params: Params) -> list[Hit]:
    hits = []
    for group in plan.system.groups:
        hits += [Hit(say("check.special.no_duties", plan=group.key, unit=u.name),
                     place(u, "duties")) for u in group.units if not u.duties.strip()]
    return hits


@plan_check("special_resources")
def special_resources(plan: Plan, params: Params) -> list[Hit]:
    return [Hit(say("check.special.no_resources", plan=group.key, codes=group.codes),
                place(group.risks[0], "resource_codes"))
            for group in plan.system.groups if not group.resources]


@plan_check("key_equipment")
def key_equipment(plan: Plan, params: Params) -> list[Hit]:
    return [Hit(say("check.equipment.missing", type=gap.hazard.name, codes=gap.codes,
                    missing="、".join(gap.missing)),
                sheet_place(plan, "资源", plan.resources),
                fix=say("check.equipment.missing_fix", missing="、".join(gap.missing)))
            for gap in equipment_gaps(plan)]


@plan_check("type_bodies")
def type_bodies(plan: Plan, params: Params) -> list[Hit]:
    return [Hit(say("check.contacts.type_body", types=gap.types, codes=gap.codes,
                    body=gap.body),
                sheet_place(plan, "通讯录", plan.contacts),
                fix=say("check.contacts.type_body_fix", body=gap.body))
            for gap in contact_gaps(plan, tuple(params.get("skip", ())))]


# ---------------------------------------------------------------- on-site procedures

def _procedures(plan: Plan, params: Params) -> list[OnsiteProcedure]:
    return plan.system.procedures if "onsite" in profile_kinds(plan) else []


@plan_check("onsite_features")
def onsite_features(plan: Plan, params: Params) -> list[Hit]:
    return [Hit(say("check.onsite.no_features", name=p.name), place(p.risk, "description"))
            for p in _procedures(plan, params)
            if not (p.risk.description.strip() or p.hazard.features)]


@plan_check("onsite_roles")
def onsite_roles(plan: Plan, params: Params) -> list[Hit]:
    hits = []
    for p in _procedures(plan, params):
        empty = [r.title for r in p.roles if not r.duties]
        if len(p.roles) < 3 or empty:
            hits.append(Hit(say("check.onsite.roles", name=p.name,
                                roles="、".join(empty) or say("check.onsite.roles_few")),
                            place(p.risk, "key_posts")))
    return hits


@plan_check("onsite_steps")
def onsite_steps(plan: Plan, params: Params) -> list[Hit]:
    hits = []
    for p in _procedures(plan, params):
        parts = {"报警": p.steps.discover, "初期处置": p.initial_items, "救援": p.steps.rescue,
                 "扩大应急": p.steps.escalate}
        missing = [name for name, lines in parts.items() if not lines]
        if missing:
            hits.append(Hit(say("check.onsite.steps", name=p.name, parts="、".join(missing)),
                            place(p.risk, "measures")))
    return hits


@plan_check("onsite_precautions")
def onsite_precautions(plan: Plan, params: Params) -> list[Hit]:
    hits = []
    for p in _procedures(plan, params):
        empty = [heading for heading, items in p.precautions if not items]
        if empty:
            hits.append(Hit(say("check.onsite.precautions", name=p.name,
                                headings="、".join(empty)),
                            place(p.risk, "accident_type"),
                            fix=say("check.onsite.precautions_fix", type=p.hazard.name)))
    return hits


@plan_check("onsite_distinct")
def onsite_distinct(plan: Plan, params: Params) -> list[Hit]:
    seen: dict[tuple[tuple[str, ...], ...], OnsiteProcedure] = {}
    hits = []
    for p in _procedures(plan, params):
        key = tuple(items for _, items in p.precautions)
        other = seen.setdefault(key, p)
        if other is not p and other.hazard.name != p.hazard.name:
            hits.append(Hit(say("check.onsite.same_notes", name=p.name,
                                other=other.name), place(p.risk, "accident_type")))
    return hits


def _blocks(outline: Outline) -> list[Paragraph | None]:
    """The procedures of a 现场处置方案 document: each heading named …现场处置方案, or
    the whole document when it holds one procedure."""
    found = [h for h in outline.headings if h.key.endswith("现场处置方案")]
    return list(found) or [None]


def _part(outline: Outline, block: Paragraph | None, synonyms: list[str]) -> list[str] | None:
    among = outline.under(block) if block is not None else outline.headings
    heading = outline.find(synonyms, among)
    return None if heading is None else outline.text_of(heading)


def _absent(text: list[str], groups: list[list[str]]) -> list[str]:
    joined = "".join(text)
    return [group[0] for group in groups if not any(w in joined for w in group)]


def _name(outline: Outline, block: Paragraph | None) -> str:
    return block.title if block is not None else outline.file


def _lacking(outline: Outline, params: Params, key: str, code: str) -> list[Hit]:
    """Each procedure whose part `params["section"]` names none of the words of some
    group of `params[key]` (a missing part names none): one hit listing those groups,
    said by `code` with the list as {key}."""
    hits = []
    for block in _blocks(outline):
        missing = _absent(_part(outline, block, params["section"]) or [], params[key])
        if missing:
            hits.append(Hit(say(code, name=_name(outline, block), **{key: "、".join(missing)}),
                            _at(outline, block)))
    return hits


@document_check("onsite_roles")
def onsite_roles_in_document(outline: Outline, params: Params) -> list[Hit]:
    return _lacking(outline, params, "roles", "check.onsite.roles")


@document_check("onsite_steps")
def onsite_steps_in_document(outline: Outline, params: Params) -> list[Hit]:
    return _lacking(outline, params, "parts", "check.onsite.steps")


@document_check("onsite_precautions")
def onsite_precautions_in_document(outline: Outline, params: Params) -> list[Hit]:
    return _lacking(outline, params, "headings", "check.onsite.precautions")


def _notes_key(text: list[str]) -> str:
    """The 注意事项 as compared: without headings' numbering, spaces and punctuation."""
    return re.sub(r"[\s\W（）()一二三四五六七八九十\d]+", "", "".join(text[1:]))


@document_check("onsite_distinct")
def onsite_distinct_in_document(outline: Outline, params: Params) -> list[Hit]:
    seen: dict[str, Paragraph | None] = {}
    hits = []
    for block in _blocks(outline):
        text = _part(outline, block, params["section"])
        if not text or block is None:
            continue
        key = _notes_key(text)
        other = seen.setdefault(key, block)
        if other is block or other is None:
            continue
        mine, theirs = recognise(block.title, "").hazard, recognise(other.title, "").hazard
        if mine.other or theirs.other or mine.name != theirs.name:
            hits.append(Hit(say("check.onsite.same_notes", name=block.title,
                                other=other.title), _at(outline, block)))
    return hits


# ---------------------------------------------------------------- cards

@plan_check("cards_fit")
def cards_fit(plan: Plan, params: Params) -> list[Hit]:
    """A card docgen's estimate puts over its page (the estimate errs on the long side:
    print it and look), or one that left typed measures out to fit (a note: the card
    prints the library's steps for them)."""
    if "cards" not in profile_kinds(plan):
        return []
    hits = []
    for card in plan.system.cards:
        risk = card.risks[0]
        if not card.fits:
            hits.append(Hit(say("check.cards.too_long", card=card.title),
                            place(risk, "measures"), Severity.WARNING,
                            fix=say("check.cards.too_long_fix")))
        elif card.shortened:
            hits.append(Hit(say("check.cards.shortened", card=card.title,
                                codes="、".join(r.code for r in card.risks)),
                            place(risk, "measures"), Severity.NOTE,
                            fix=say("check.cards.shortened_fix")))
    return hits
