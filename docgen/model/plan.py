"""The model stage: typed records → the enriched Plan a template renders.

Enrichment computes what the workbook does not say outright: risk values and
levels, counts by category and level, resources grouped by type, the
organisation tree, and the defaults of 基本信息.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Generic, TypeVar, overload

import msgspec

from docgen.domain.defaults import defaults
from docgen.domain.numerals import chinese_numeral
from docgen.domain.records import (
    Agreement,
    Contact,
    Drawing,
    Drill,
    OrgUnitRecord,
    PlanData,
    PlanInfo,
    PlanNumber,
    Resource,
    ResponseLevel,
    Revision,
    Risk,
    Source,
    TeamMember,
    TextBlock,
    Training,
    replaced,
)
from docgen.domain.scoring import LEVELS, RiskMatrix, matrix_from, score
from docgen.domain.text import finished_items, lines_of
from docgen.hazards import PART_NAMES, Hazard, library, part_place, recognise
from docgen.model.filing import Review, review_of
from docgen.model.system import (
    Later,
    PlanSystem,
    SpecialPlan,
    cards_for,
    in_special,
    onsite_procedures,
    outside_bodies,
    special_groups,
)
from docgen.packs import (
    BASIS_ORDER,
    GENERAL,
    Basis,
    Pack,
    PackSection,
    TypicalRisk,
    match_industry,
    packs,
    squash,
)
from docgen.vocabulary import vocabulary

RISK_CATEGORIES = vocabulary().risk_categories
RESOURCE_TYPES = vocabulary().resource_types


T = TypeVar("T")


class RecordList(Sequence[T], Generic[T]):
    """A list of records a template can loop over and measure."""

    def __init__(self, items: Sequence[T] = (), custom: bool = True):
        self.items = list(items)
        self.custom = custom  # False when the items are docgen's defaults

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    @property  # shadows Sequence.count(value) on purpose: templates read `x.count`
    def count(self) -> int:  # type: ignore[override]
        """len(), for a table cell (where `|length` cannot be written)."""
        return len(self.items)


class Team(RecordList[TeamMember]):
    """编制工作组; its leader is the member whose 分工 says 组长 (if any)."""

    @property
    def leader(self) -> TeamMember | None:
        return next((m for m in self.items if "组长" in m.role and "副组长" not in m.role),
                    None)


class ContactBook(RecordList[Contact]):
    def __init__(self, items: Sequence[Contact]):
        super().__init__(items)
        self.internal = [c for c in self.items if c.kind != "外部"]
        self.external = [c for c in self.items if c.kind == "外部"]
        self._by_name: dict[str, Contact] = {}
        for contact in self.external + self.internal:  # an internal person wins a name clash
            self._by_name[contact.name] = contact
        # the outside bodies that name a set of contact words, asked by every card and
        # procedure (docgen.model.system._bodies)
        self.bodies: dict[frozenset[str], list[Contact]] = {}
        # and their calls, the first of each phone number (docgen.model.system._type_calls)
        self.body_calls: dict[frozenset[str], list[tuple[str, Any]]] = {}

    def find(self, name: str) -> Contact | None:
        return self._by_name.get(name.strip())

    def phone_of(self, name: str) -> str:
        contact = self.find(name)
        return contact.phone if contact else ""


@dataclass(frozen=True)
class CategoryCount:
    category: str
    risks: list[Risk]

    @property
    def count(self) -> int:
        return len(self.risks)

    def _of(self, level: str) -> int:
        return sum(1 for r in self.risks if r.level == level)

    # The counts per level by the levels' rank (vocabulary.toml lists them highest first).
    @property
    def major(self) -> int:
        return self._of(LEVELS[0])

    @property
    def high(self) -> int:
        return self._of(LEVELS[1])

    @property
    def medium(self) -> int:
        return self._of(LEVELS[2])

    @property
    def low(self) -> int:
        return self._of(LEVELS[3])


@dataclass(frozen=True)
class LevelCount:
    level: str
    color: str
    min: int
    max: int
    risks: list[Risk]

    @property
    def count(self) -> int:
        return len(self.risks)


class RiskRegister(RecordList[Risk]):
    categories = RISK_CATEGORIES

    def __init__(self, items: Sequence[Risk], matrix: RiskMatrix,
                 by_type: dict[str, Hazard] | None = None):
        super().__init__(items)
        # each accident type as the special plans word it: the lines all its risks
        # call for (a risk's own entry has only those its own words call for)
        self.by_type = by_type if by_type is not None else {
            r.hazard.name: r.hazard for r in items if r.hazard is not None}
        self.levels = [b.level for b in matrix.bands]  # highest first
        self.by_category = [CategoryCount(c, [r for r in self.items if r.category == c])
                            for c in RISK_CATEGORIES if any(r.category == c for r in self.items)]
        self.by_level = [LevelCount(b.level, b.color, b.min, b.max,
                                    [r for r in self.items if r.level == b.level])
                         for b in matrix.bands]
        self.major = [r for r in self.items if r.level == LEVELS[0]]
        self.high = [r for r in self.items if r.level in vocabulary().high_levels]

    @property
    def crosstab(self) -> list[dict[str, Any]]:
        """Risks by category (rows) and level (columns), with totals: one dict per
        category, `category`, `counts` (per level, highest first) and `total`, then a
        row `合计`."""
        rows: list[dict[str, Any]] = [
            {"category": c.category, "counts": [c._of(level) for level in self.levels],
             "total": c.count} for c in self.by_category]
        totals = [sum(row["counts"][i] for row in rows) for i in range(len(self.levels))]
        return [*rows, {"category": "合计", "counts": totals, "total": len(self.items)}]


@dataclass
class OrgUnit:
    """A unit of the emergency organisation, placed in its tree."""

    name: str
    parent: str
    leader: str
    leader_phone: str
    leader_title: str
    members: list[str]
    duties: str
    extra: dict[str, str]
    source: Source
    depth: int = 0
    number: str = ""  # 一、二、… among its siblings
    children: list[OrgUnit] = field(default_factory=list)

    @property
    def members_text(self) -> str:
        return "、".join(self.members)

    @property
    def duty_lines(self) -> list[str]:
        return lines_of(self.duties)

    @property
    def duty_items(self) -> list[str]:
        """The duties as a numbered list of finished sentences."""
        return finished_items(self.duties)


class Organisation(RecordList[OrgUnit]):
    def __init__(self, units: list[OrgUnit], office_unit: str = ""):
        super().__init__(units)
        self.root = units[0] if units else None
        # The unit in the 应急办公室 role: named in 基本信息, else one so named; "" none.
        named = office_unit.strip() or defaults().office
        self.office_unit = named if any(u.name == named for u in units) else ""
        depth = max((u.depth for u in units), default=-1)
        self.levels = [[u for u in units if u.depth == d] for d in range(depth + 1)]

    def unit(self, name: str) -> OrgUnit | None:
        if not hasattr(self, "_by_name"):
            self._by_name: dict[str, OrgUnit] = {}
            for u in reversed(self.items):  # the first of a duplicated name wins
                self._by_name[u.name] = u
        return self._by_name.get(name)


@dataclass(frozen=True)
class ResourceGroup:
    type: str
    items: list[Resource]

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def keepers(self) -> list[str]:
        """Who looks after the resources of this type, each once, in order."""
        return list(dict.fromkeys(x.keeper for x in self.items if x.keeper))

    @property
    def keepers_text(self) -> str:
        return "、".join(self.keepers)


class ResourceInventory(RecordList[Resource]):
    def __init__(self, items: Sequence[Resource]):
        super().__init__(items)
        self.by_type = [ResourceGroup(t, [x for x in self.items if x.type == t])
                        for t in RESOURCE_TYPES if any(x.type == t for x in self.items)]
        self._by_code: dict[str, Resource] = {}
        for x in reversed(self.items):  # the first of a duplicated code wins
            self._by_code[x.code] = x

    def get(self, code: str) -> Resource | None:
        return self._by_code.get(code)


# The numbering an administrator may type before a list item: （十四） (14) 14. 14、 ①
LIST_NUMBER = re.compile(r"^(?:[（(][一二三四五六七八九十百\d]+[）)]|\d+[.．、]|[①-⑳])\s*")


class Line(str):
    """A paragraph printed at a 文本 place; a `label` is a title over what follows."""

    label = False

    def item(self, last: bool) -> str:
        """The line as an item of a numbered list: its own numbering and end
        punctuation dropped, ；after it, or 。 after the last."""
        text = LIST_NUMBER.sub("", self.strip())
        return text.rstrip("；;。.，,、 ") + ("。" if last else "；")


class Label(Line):
    label = True


class TextPlaces:
    """The wording at the templates' named places: the 文本 sheet's rows replace or
    extend it; the industry pack may word a place its own way and add sections
    after it. The template prints its own wording unless `replaces(place)`, then
    `lines(place)`."""

    def __init__(self, blocks: Sequence[TextBlock], pack: Pack | None = None,
                 unit_name: str = "", flags: frozenset[str] = frozenset(),
                 office_unit: str = ""):
        self.blocks = list(blocks)
        self.pack = pack
        self.unit_name = unit_name
        self.office_unit = office_unit  # the pack's 应急办公室 is this unit, when another
        self.flags = flags  # what 基本信息 says of the unit (重大危险源): a pack's sections
        self.used: set[str] = set()

    def _office(self, line: str) -> str:
        """A pack's line with the 应急办公室 named as this organisation names it."""
        office = defaults().office
        return line.replace(office, self.office_unit) if self.office_unit else line

    def _pack_wording(self, place: str) -> list[str] | None:
        lines = self.pack.wording(place, self.unit_name) if self.pack else None
        return None if lines is None else [self._office(x) for x in lines]

    def _sections(self, place: str) -> list[PackSection]:
        return self.pack.sections_after(place, self.flags) if self.pack else []

    def lines(self, place: str) -> list[Line]:
        self.used.add(place)
        typed = [b for b in self.blocks if b.place == place]
        own = [Line(line) for b in typed for line in b.lines]
        if not any(b.mode == "替换" for b in typed):
            own = [Line(x) for x in self._pack_wording(place) or ()] + own
        for section in self._sections(place):
            own += [Label(section.title),
                    *(Line(self._office(x.replace("{单位名称}", self.unit_name)))
                      for x in section.paragraphs)]
        return own

    def end(self, place: str) -> str:
        """How the last item of a place's own numbered list ends: ；when the 文本
        sheet appends more items, 。 otherwise."""
        return "；" if any(b.place == place and b.mode != "替换" for b in self.blocks) \
            else "。"

    def replaces(self, place: str) -> bool:
        self.used.add(place)
        return (any(b.place == place and b.mode == "替换" for b in self.blocks)
                or self._pack_wording(place) is not None)

    def _typical(self, hazard: Hazard) -> list[TypicalRisk]:
        return [t for t in (self.pack.typical_risks if self.pack else ())
                if hazard.name in (t.accident_type, *t.also)]

    def holding(self, hazard: Hazard, context: str) -> tuple[bool, ...]:
        """Which of the entry's conditional lines and its pack's typical risks hold for
        risks of this `context`: two contexts alike here give the same entry."""
        typical = self._typical(hazard)
        if not hazard.only and not typical:
            return ()  # nothing hangs on the words: a register's risks are not read again
        text = squash(context)  # once: a type's context is all its risks' names
        return (*(o.names(text) for o in hazard.only), *(t.names(text) for t in typical))

    def hazard(self, hazard: Hazard, context: str = "") -> Hazard:
        """The library's entry as this organisation words it: with the lines that hold
        only where its risks (`context`: their names and descriptions) name their words
        (储罐: 倒罐); its pack's measures for the type (a typical risk of the sector: a
        teacher leads the class out, where the risks name its words) come first in
        初期处置, and the parts it words whole stand for the library's (a cylinder
        store's card), without the equipment it does without; 文本 rows at a place
        粉尘爆炸·初期处置 replace (替换) or extend (追加) that part; the 应急办公室 is the
        unit that plays the role."""
        hazard = hazard.for_risks(context)
        ours = [t for t in self._typical(hazard) if t.holds(context)]
        # the pack's own lines come first in their parts (初期处置, card, first finder),
        # and the parts it words whole stand for the library's (a cylinder store's card)
        first: dict[str, list[str]] = {
            "initial": [m for t in ours for m in t.measures],
            "card": [s for t in ours for s in t.card],
            "finder": [s for t in ours for s in t.finder]}
        whole: dict[str, tuple[str, ...]] = {}
        for t in ours:
            for key, own in t.parts.items():
                whole[key] = (*whole.get(key, ()), *own)
        # all in the sector's words, its variant's too (a university's 辅导员)
        words = self.pack.in_terms if self.pack and self.pack.terms else None
        for part in PART_NAMES:
            place = part_place(hazard.name, part)
            typed = [b for b in self.blocks if b.place == place]
            lines = whole.get(part) or hazard.lines(part)
            if sector := first.get(part):
                lines = (*sector, *(x for x in lines if x not in sector))
            if words is not None:
                lines = tuple(words(x) for x in lines)
            if typed:
                self.used.add(place)
                own = tuple(line for b in typed for line in b.lines)
                lines = (*(() if any(b.mode == "替换" for b in typed) else lines), *own)
            named = tuple(self._office(line) for line in lines)
            if typed or named != hazard.lines(part):
                hazard = hazard.with_lines(part, named)
        dropped = {n for t in ours for n in t.no_equipment}
        if dropped:  # equipment the sector does without is not looked for
            hazard = msgspec.structs.replace(hazard, equipment=tuple(
                e for e in hazard.equipment if e.name not in dropped))
        return hazard


# The names a template sees (docs/template-context.md), besides the figures the
# render stage adds.
# What a build writes: the plan as released (the default), or the draft for review.
STAGES = ("发布稿", "送审稿")

CONTEXT_NAMES = ("profile", "plan", "risks", "matrix", "org", "resources", "contacts", "drills",
                 "trainings", "revisions", "agreements", "team", "levels", "drawings", "text",
                 "scales", "pack", "system", "special", "review", "basis", "office", "stage")


@dataclass
class Plan:
    """The enriched plan: what a template renders (see docs/template-context.md)."""

    profile: str
    plan: PlanInfo
    risks: RiskRegister
    matrix: RiskMatrix
    org: Organisation
    resources: ResourceInventory
    contacts: ContactBook
    drills: RecordList[Drill]
    trainings: RecordList[Training]
    revisions: RecordList[Revision]
    agreements: RecordList[Agreement]
    team: Team
    levels: RecordList[ResponseLevel]
    drawings: RecordList[Drawing]
    text: TextPlaces
    pack: Pack = field(default_factory=lambda: packs()[GENERAL])
    numbers: tuple[PlanNumber, ...] = ()  # 预案编号 sheet: the numbers typed for plans
    system: PlanSystem = field(default_factory=PlanSystem)
    special: SpecialPlan | None = None  # the 专项应急预案 a document prints, if it is one
    stage: str = "发布稿"  # or 送审稿: the draft that goes to the 评审 (STAGES)

    @property
    def review(self) -> Review:
        """评审 or 论证 before it is signed (管理办法 art. 21), by the pack and 从业人数."""
        return review_of(self)

    @property
    def hazards(self) -> list[Hazard]:
        """The accident types of the register, in the library's order."""
        found = self.risks.by_type
        return [found[name] for name in library().names if name in found]

    @property
    def office(self) -> str:
        """The name the plan gives the 应急办公室: the unit in that role (基本信息's
        应急办公室, else one so named); without one, the word itself (validate warns)."""
        return self.org.office_unit or defaults().office

    @property
    def basis(self) -> list[Basis]:
        """编制依据: the industry pack's, then what the registered accident types bring
        (where it binds this kind of organisation), once each, in legal order: 法律,
        行政法规, 部门规章, 地方性法规, 规范性文件, 标准."""
        found: dict[str, Basis] = {}
        for b in self.pack.basis:
            found.setdefault(b.title, b)
        for hazard in self.hazards:
            for hb in hazard.basis:
                if not hb.applies_to or any(word in self.pack.name for word in hb.applies_to):
                    found.setdefault(hb.title, hb)
        return sorted(found.values(), key=lambda b: BASIS_ORDER.index(b.kind))

    @property
    def scales(self) -> dict[str, Any]:
        """The L and S scales (vocabulary.toml), highest first: `scales.likelihood`;
        their criteria in the sector's words (a school's 教育教学活动 is what stops)."""
        scales = vocabulary().scales
        if not self.pack.terms:
            return scales
        words = self.pack.in_terms
        return {name: tuple(msgspec.structs.replace(step, criteria=words(step.criteria))
                            for step in steps) for name, steps in scales.items()}

    def context(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CONTEXT_NAMES}

    def named(self, profile: str, plan_name: str, system: PlanSystem | None = None,
              special: SpecialPlan | None = None, number: str = "") -> Plan:
        """The plan as one document of a profile prints it, under that 预案名称 and its
        own 预案编号, in the system of plans written with it."""
        info = replace(self.plan, plan_name=plan_name, plan_code=number or self.plan.plan_code)
        return replace(self, profile=profile, plan=info, system=system or self.system,
                       special=special)


def _tree(records: list[OrgUnitRecord], contacts: ContactBook) -> list[OrgUnit]:
    names = {r.name for r in records}
    units = {r.name: OrgUnit(
        name=r.name, parent=r.parent, leader=r.leader,
        leader_phone=contacts.phone_of(r.leader),
        leader_title=(c.title if (c := contacts.find(r.leader)) else ""),
        members=r.members, duties=r.duties, extra=r.extra, source=r.source,
    ) for r in records}
    roots = [units[r.name] for r in records if not r.parent or r.parent not in names]
    for r in records:
        if r.parent in names and r.parent != r.name:
            units[r.parent].children.append(units[r.name])
    ordered: list[OrgUnit] = []
    seen: set[str] = set()
    # Depth first without recursion: a chain of any depth is fine.
    stack = [(root, 0, i) for i, root in reversed(list(enumerate(roots, 1)))]
    while stack:
        unit, depth, number = stack.pop()
        if unit.name in seen:  # a cycle; reported by validation
            continue
        seen.add(unit.name)
        unit.depth, unit.number = depth, chinese_numeral(number)
        ordered.append(unit)
        stack.extend((child, depth + 1, i)
                     for i, child in reversed(list(enumerate(unit.children, 1))))
    ordered += [u for u in units.values() if u.name not in seen]
    return ordered


def _scores(risk: Risk, matrix: RiskMatrix, resources: ResourceInventory) -> dict[str, Any]:
    """A risk's computed fields: R, its level and colour, its resources."""
    value = score(risk.likelihood, risk.severity)
    band = matrix.level(value)
    found = tuple(x for code in risk.resource_codes if (x := resources.get(code)))
    return {"score": value, "level": band.level, "level_color": band.color, "resources": found}


def _info(info: PlanInfo, org: Organisation, contacts: ContactBook) -> PlanInfo:
    contact_person = info.contact_person or (org.root.leader if org.root else "")
    head = contacts.find(info.head)
    return replace(
        info,
        effective_date=info.effective_date or info.publish_date,
        contact_person=contact_person,
        contact_phone=info.contact_phone or contacts.phone_of(contact_person),
        head_title=head.title if head else "",
    )


def _scope_first(texts: list[TextBlock], info: PlanInfo) -> list[TextBlock]:
    """基本信息's 适用范围 is the wording of the place 适用范围 (before any 文本 row for
    it, and instead of the template's or the industry pack's)."""
    if not info.scope.strip():
        return texts
    scope = TextBlock(place="适用范围", content=info.scope, mode="替换",
                      source=info.source)
    return [scope, *texts]


def default_levels(org: Organisation | None = None,
                   terms: Callable[[str], str] = str) -> list[ResponseLevel]:
    """The default 响应分级, worded with the organisation's own bodies and in its
    sector's words (`terms`: a school's 教育教学活动, not 生产经营活动)."""
    top = org.root.name if org is not None and org.root else "应急领导小组"
    office = org.office_unit if org is not None and org.office_unit else top
    titles = defaults().leader_titles
    ending = max((e for e in titles if top.endswith(e)), key=len)
    names = {"最高机构": top, "总指挥": top + titles[ending], "办公室": office}
    return [ResponseLevel(level=item.level.format_map(names),
                          trigger=terms(item.trigger.format_map(names)),
                          commander=item.commander.format_map(names),
                          measures=terms(item.measures.format_map(names)))
            for item in defaults().response_levels]


def _typed(risk: Risk, pack: Pack) -> tuple[Hazard, str]:
    """The risk's accident type: typed, else recognised from its name and description
    (with the word that recognised it); a crowded place's fire is its own type."""
    lib = library()
    found = lib.get(risk.accident_type) if risk.accident_type else None
    word = ""
    category = vocabulary().category(risk.category)
    if found is None and category is not None and not category.accidents:
        found = lib.other  # a change of rules is no accident: nothing to recognise
    if found is None:
        recognised = recognise(risk.name, risk.description)
        found, word = recognised.hazard, recognised.word
    return lib.in_context(found, pack.crowded_place), word


def _with_types(risks: Sequence[Risk], pack: Pack, text: TextPlaces,
                scores: Sequence[dict[str, Any]]) -> tuple[list[Risk], dict[str, Hazard]]:
    """The risks with their accident types and their `scores` (one record made per
    risk); and each type as the unit's special plans word it (文本, the pack), with the
    lines that all its risks' names and descriptions call for (储罐, 桶装, 试剂). A
    risk's own entry has only the lines its own name and description call for (a
    laboratory's spill card has no drum's steps because the store also keeps drums),
    made once per type and set of such lines."""
    typed = [(r, *_typed(r, pack), s) for r, s in zip(risks, scores, strict=True)]
    context: dict[str, list[str]] = {}
    for risk, found, _, _ in typed:
        context.setdefault(found.name, []).extend((risk.name or "", risk.description or ""))
    made: dict[tuple[str, tuple[bool, ...]], Hazard] = {}

    def worded(found: Hazard, names: str) -> Hazard:
        """The entry for risks named so; alike where the same lines hold for them."""
        key = (found.name, text.holding(found, names))
        if key not in made:
            made[key] = text.hazard(found, names)
        return made[key]

    types = {found.name: found for _, found, _, _ in typed}
    by_type = {name: worded(found, "\n".join(context[name])) for name, found in types.items()}
    return ([replaced(r, **scored, hazard=worded(found, f"{r.name or ''}\n{r.description or ''}"),
                      hazard_word=word) for r, found, word, scored in typed], by_type)


def enrich(data: PlanData, profile: str = "service") -> Plan:
    """The plan as a template sees it. 预案名称 is as given (possibly empty): each
    document names itself (`Plan.named`)."""
    contacts = ContactBook(data.contacts)
    matrix = matrix_from(data.bands)
    resources = ResourceInventory([
        replace(x, phone=contacts.phone_of(x.keeper), phone_from_keeper=True) if not x.phone
        else x for x in data.resources
    ])
    info = data.info
    pack = match_industry(info.industry, info.unit_name)[0]
    flags = frozenset({"重大危险源"} if info.has_major_hazard else ())
    org = Organisation(_tree(data.units, contacts), info.office_unit)
    text = TextPlaces(_scope_first(data.texts, info), pack, info.unit_name, flags,
                      org.office_unit)
    typed, by_type = _with_types(data.risks, pack, text,
                                 [_scores(r, matrix, resources) for r in data.risks])
    risks = RiskRegister(typed, matrix, by_type)
    levels = (RecordList(data.levels) if data.levels
              else RecordList(default_levels(org, pack.in_terms), custom=False))
    info = _info(info, org, contacts)
    outside = outside_bodies(contacts)
    system = PlanSystem(groups=special_groups(risks, org, outside, info, contacts),
                        # partial, not lambda: a batch's worker pickles the plan
                        later_procedures=Later(partial(onsite_procedures, risks, org, outside,
                                                       info, contacts, pack.in_terms)),
                        later_cards=Later(partial(cards_for, risks, org, info, contacts)),
                        kept=[r for r in risks if not in_special(r)])
    return Plan(
        profile=profile,
        plan=info,
        risks=risks,
        matrix=matrix,
        org=org,
        resources=resources,
        contacts=contacts,
        drills=RecordList(data.drills),
        trainings=RecordList(data.trainings),
        revisions=RecordList(data.revisions),
        agreements=RecordList(data.agreements),
        team=Team(data.team),
        numbers=tuple(data.numbers),
        levels=levels,
        drawings=RecordList(data.drawings),
        text=text,
        pack=pack,
        system=system,
    )


__all__ = ["LEVELS", "Plan", "PlanData", "enrich"]
