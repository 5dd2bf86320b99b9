"""The plan system of GB/T 29639-2020 (5.2–5.4): the 专项应急预案 the register
calls for, a 现场处置方案 for each 重大 and 较大 risk, and an 应急处置卡 for each
key post; and, for one run, which documents are written, so that a plan names
only plans that exist."""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.domain.records import Resource, Risk
from docgen.vocabulary import vocabulary

# A typed 专项预案 may carry the words the plan adds itself: 火灾事故专项应急预案 → 火灾事故.
_SUFFIXES = ("专项应急预案", "专项预案", "应急预案")
# Numbers every card and procedure gives, besides the organisation's own.
PUBLIC_NUMBERS = (("火警", "119"), ("医疗急救", "120"), ("报警", "110"))


def special_key(risk: Risk) -> str | None:
    """The 专项应急预案 a risk belongs to: its 专项预案 cell, else its category when the
    category has special plans of its own (政策法规变动 and 其他 have none)."""
    typed = risk.special_plan.strip()
    for suffix in _SUFFIXES:
        if typed.endswith(suffix) and len(typed) > len(suffix):
            typed = typed[:-len(suffix)]
            break
    if typed:
        return typed
    category = vocabulary().category(risk.category)
    return risk.category if category and category.special else None


@dataclass(frozen=True)
class Call:
    """Whom to call: a role or body, a person (may be empty) and the number."""

    role: str
    name: str
    phone: str


class RiskGroup:
    """What a group of risks (`risks`) shows in a table: its codes and its 重大/较大 ones."""

    risks: list[Risk]

    @property
    def codes(self) -> str:
        return "、".join(r.code for r in self.risks)

    @property
    def high(self) -> list[Risk]:
        return [r for r in self.risks if r.level in vocabulary().high_levels]


@dataclass(frozen=True)
class SpecialPlan(RiskGroup):
    key: str  # 火灾事故, or the category
    number: int
    risks: list[Risk]
    units: list  # OrgUnit: the root, then the units responsible for its risks
    resources: list[Resource]
    typed: bool  # named in the 专项预案 column (else by 风险类别)
    calls: list[Call] = field(default_factory=list)
    name: str = ""  # the 预案名称 it is written under

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(r.category for r in self.risks))



@dataclass(frozen=True)
class OnsiteProcedure:
    """现场处置方案 of one 重大 or 较大 risk (GB/T 29639-2020 8)."""

    number: int
    risk: Risk
    unit: object | None  # OrgUnit responsible for the risk
    posts: list[str]
    precautions: list[str]
    calls: list[Call]

    @property
    def name(self) -> str:
        return f"{self.risk.name}现场处置方案"

    @property
    def reporter(self) -> Call | None:
        """Who raises the alarm: the unit's head."""
        return next((c for c in self.calls if c.role == "责任机构负责人"), None)


@dataclass(frozen=True)
class Card:
    """应急处置卡 of one key post (or of a unit, for its risks that name no post)."""

    number: int
    post: str
    units: list  # OrgUnit: the units responsible for its risks, in their order
    by_unit: bool
    risks: list[Risk]
    calls: list[Call]

    @property
    def unit(self):
        return self.units[0] if self.units else None

    @property
    def units_text(self) -> str:
        return "、".join(u.name for u in self.units)

    @property
    def title(self) -> str:
        return f"{self.post}应急处置卡"


@dataclass(frozen=True)
class CatalogueEntry:
    """A row of 附件3: a plan of the system written in this run."""

    kind: str  # 综合应急预案, 专项应急预案, 现场处置方案, 应急处置卡
    name: str
    covers: str


@dataclass(frozen=True)
class Coverage(RiskGroup):
    """A row of 附件3's table of risks and plans: the risks of one special plan (or
    those no special plan takes) and the plan written for them, if any."""

    label: str
    risks: list[Risk]
    plan: SpecialPlan | None  # written in this run



@dataclass(frozen=True)
class PlanSystem:
    """Every plan the workbook calls for, and those written in this run (by name)."""

    groups: list[SpecialPlan] = field(default_factory=list)
    procedures: list[OnsiteProcedure] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    comprehensive: str = ""  # 预案名称 of the 综合 plan written, or ""
    specials: list[SpecialPlan] = field(default_factory=list)  # written, with names
    onsite: str = ""  # 预案名称 of the 现场处置方案 written, or ""
    card_book: str = ""  # 名称 of the 应急处置卡 written, or ""

    def written_special(self, key: str) -> SpecialPlan | None:
        return next((s for s in self.specials if s.key == key), None)

    @property
    def written(self) -> list[str]:
        """The names of the documents of this run, in the order of the system."""
        return [n for n in (self.comprehensive, *(s.name for s in self.specials),
                            self.onsite, self.card_book) if n]

    kept: list[Risk] = field(default_factory=list)  # in no 专项应急预案: 综合 plan only

    @property
    def catalogue(self) -> list[CatalogueEntry]:
        rows = []
        if self.comprehensive:
            rows.append(CatalogueEntry("综合应急预案", self.comprehensive, "各类突发事件"))
        rows += [CatalogueEntry("专项应急预案", s.name, f"{s.key}（{s.codes}）")
                 for s in self.specials]
        if self.onsite:
            rows.append(CatalogueEntry("现场处置方案", self.onsite,
                                       f"重大、较大风险{len(self.procedures)}项，每项一个方案"))
        if self.card_book:
            rows.append(CatalogueEntry("应急处置卡", self.card_book,
                                       f"重点岗位（责任机构）{len(self.cards)}个，每个一张"))
        return rows

    @property
    def coverage(self) -> list[Coverage]:
        rows = [Coverage(g.key, g.risks, self.written_special(g.key)) for g in self.groups]
        if self.kept:
            rows.append(Coverage("其他（不单独编制专项应急预案）", self.kept, None))
        return rows


def _units_for(risks: list[Risk], org) -> list:
    names = {r.owner_unit for r in risks}
    return [u for u in org if u is org.root or u.name in names]


def _resources_for(risks: list[Risk]) -> list[Resource]:
    seen: dict[str, Resource] = {}
    for risk in risks:
        for x in risk.resources:
            seen.setdefault(x.code, x)
    return list(seen.values())


def special_groups(risks, org, outside, plan_info) -> list[SpecialPlan]:
    keyed: dict[str, list[Risk]] = {}
    typed: dict[str, bool] = {}
    for risk in risks:
        key = special_key(risk)
        if key is None:
            continue
        keyed.setdefault(key, []).append(risk)
        typed[key] = typed.get(key, False) or bool(risk.special_plan.strip())
    calls = _calls([], plan_info, org, outside)
    return [SpecialPlan(key, i, items, _units_for(items, org), _resources_for(items), typed[key],
                        calls)
            for i, (key, items) in enumerate(keyed.items(), 1)]


def posts_of(risk: Risk) -> list[str]:
    text = risk.key_posts
    for sep in "，,；;/\n":
        text = text.replace(sep, "、")
    return [p.strip() for p in text.split("、") if p.strip()]


def outside_bodies(contacts) -> list[Call]:
    """The outside bodies of the 通讯录 that respond first (vocabulary.toml), once."""
    words = vocabulary().card_bodies
    numbers = {number for _, number in PUBLIC_NUMBERS}
    calls = []
    for c in contacts.external:
        label = " ".join((c.name, c.org, c.dept))
        if c.phone and c.phone not in numbers and any(w in label for w in words):
            numbers.add(c.phone)
            calls.append(Call("外部单位", c.name, c.phone))
    return calls


def _calls(units: list, plan_info, org, outside: list[Call]) -> list[Call]:
    """Whom to call: the heads of the units in charge, the commander, the duty phone,
    the public numbers, and the outside bodies that respond first."""
    calls = [Call("责任机构负责人", f"{u.name} {u.leader}", u.leader_phone)
             for u in units if u.leader]
    root = org.root
    if root is not None and root.leader and all(root.name != u.name for u in units):
        calls.append(Call("总指挥", f"{root.name} {root.leader}", root.leader_phone))
    calls.append(Call("24小时应急值班电话", "", plan_info.duty_phone))
    calls += [Call(role, "", number) for role, number in PUBLIC_NUMBERS]
    return calls + [c for c in outside if c.phone != plan_info.duty_phone]


def onsite_procedures(risks, org, outside, plan_info) -> list[OnsiteProcedure]:
    common = list(vocabulary().common_precautions)
    out = []
    for risk in risks.high:
        unit = org.unit(risk.owner_unit)
        category = vocabulary().category(risk.category)
        precautions = [*(category.precautions if category else ()), *common]
        out.append(OnsiteProcedure(len(out) + 1, risk, unit, posts_of(risk), precautions,
                                   _calls([unit] if unit else [], plan_info, org, outside)))
    return out


def cards_for(risks, org, outside, plan_info) -> list[Card]:
    """One card per key post named in the register, and one per responsible unit
    for its risks that name no post; in the register's order."""
    keyed: dict[tuple[str, bool], list[Risk]] = {}
    for risk in risks:
        category = vocabulary().category(risk.category)
        if category is not None and not category.on_card:
            continue  # e.g. 政策法规变动: nothing for a post to do first
        posts = posts_of(risk)
        for post in posts or [risk.owner_unit]:
            keyed.setdefault((post, not posts), []).append(risk)
    cards = []
    for (post, by_unit), items in keyed.items():
        names = list(dict.fromkeys(r.owner_unit for r in items))
        units = [u for name in names if (u := org.unit(name)) is not None]
        cards.append(Card(len(cards) + 1, post, units, by_unit, items,
                          _calls(units, plan_info, org, outside)))
    return cards
