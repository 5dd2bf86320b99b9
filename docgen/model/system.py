"""The plan system of GB/T 29639-2020 (5.2–5.4): the 专项应急预案 the register
calls for, a 现场处置方案 for each 重大 and 较大 risk, and an 应急处置卡 for each
key post; and, for one run, which documents are written, so that a plan names
only plans that exist."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Generic, TypeVar

from docgen.domain.records import Contact, PlanInfo, Resource, Risk
from docgen.domain.text import continued_items, extended_items
from docgen.domain.values import display_width
from docgen.hazards import Hazard, library
from docgen.vocabulary import vocabulary

if TYPE_CHECKING:  # docgen.model.plan imports this module
    from docgen.model.plan import ContactBook, Organisation, OrgUnit, RiskRegister

# A typed 专项预案 may carry the words the plan adds itself: 火灾事故专项应急预案 → 火灾事故.
_SUFFIXES = ("专项应急预案", "专项预案", "应急预案")
# Numbers every special plan gives, besides the organisation's own.
PUBLIC_NUMBERS = (("火警", "119"), ("医疗急救", "120"), ("报警", "110"))
# The public numbers an accident type may name (its `contacts`).
PUBLIC_NUMBERS_ALL = (*PUBLIC_NUMBERS, ("交通事故报警", "122"), ("电梯应急处置", "96333"),
                      ("供电服务", "95598"), ("网络安全举报", "12387"))


def typed_special(risk: Risk) -> str:
    """The 专项预案 cell without the words the plan adds itself."""
    typed = risk.special_plan.strip()
    for suffix in _SUFFIXES:
        if typed.endswith(suffix) and len(typed) > len(suffix):
            return typed[:-len(suffix)]
    return typed


def in_special(risk: Risk) -> bool:
    """Whether the risk belongs to a 专项应急预案: named in its 专项预案 cell, or of a
    type that normally has one (types handled on site only stay there)."""
    return bool(typed_special(risk)) or _in_type_plan(risk)


def _in_type_plan(risk: Risk) -> bool:
    """Of a type that normally has a 专项应急预案 (whatever its 专项预案 cell says)."""
    return risk.hazard is not None and risk.hazard.special_plan and _accident(risk)


def _accident(risk: Risk) -> bool:
    category = vocabulary().category(risk.category)
    return category is None or category.accidents


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


class _Part:
    """One of the six parts of a type's steps, worked out when first read."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, steps: Steps, owner: type | None = None) -> list[str]:
        return steps._part(self.name)


class Steps:
    """处置要点 of one accident type as a plan prints them: the library's, less what
    the administrator's own measures for the risks of that type already say. Each
    part is worked out when it is first asked for (the 综合 plan prints two of the
    six; a build without the 现场处置方案 none of a procedure's)."""

    __slots__ = ("_parts", "_typed", "hazard")
    PARTS = ("discover", "initial", "rescue", "escalate", "forbidden", "first_aid")

    def __init__(self, hazard: Hazard, typed: list[str]):
        self.hazard = hazard
        self._typed = tuple(typed)
        self._parts: dict[str, list[str]] = {}

    @classmethod
    def of(cls, hazard: Hazard, typed: list[str]) -> Steps:
        return cls(hazard, typed)

    def _part(self, name: str) -> list[str]:
        found = self._parts.get(name)
        if found is None:
            found = self._parts[name] = new_lines(getattr(self.hazard.response, name),
                                                  list(self._typed))
        return found

    discover = _Part()
    initial = _Part()
    rescue = _Part()
    escalate = _Part()
    forbidden = _Part()
    first_aid = _Part()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Steps):
            return NotImplemented
        return self.hazard == other.hazard and all(
            self._part(n) == other._part(n) for n in self.PARTS)

    __hash__ = None  # type: ignore[assignment]  # its parts are lists, as before

    def __repr__(self) -> str:
        parts = ", ".join(f"{n}={self._part(n)!r}" for n in self.PARTS)
        return f"Steps(hazard={self.hazard!r}, {parts})"


@dataclass(frozen=True)
class SpecialPlan(RiskGroup):
    key: str  # 火灾事故, 火灾爆炸事故 …: typed, or by the types' family
    number: int
    risks: list[Risk]
    units: list[OrgUnit]  # the root, then the units responsible for its risks
    resources: list[Resource]
    typed: bool  # named in the 专项预案 column (else by the types' family)
    calls: list[Call] = field(default_factory=list)
    name: str = ""  # the 预案名称 it is written under
    steps: list[Steps] = field(default_factory=list)  # per accident type, library order

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(r.category for r in self.risks))

    @property
    def hazards(self) -> list[Hazard]:
        return [s.hazard for s in self.steps]

    @property
    def types_text(self) -> str:
        return "、".join(h.name for h in self.hazards)



@dataclass(frozen=True)
class Role:
    """A role at the post in a 现场处置方案: who holds it and what they do."""

    title: str  # 第一发现人（岗位操作人员）, 班组长, 现场负责人, 监护人
    who: str
    duties: tuple[str, ...]


@dataclass(frozen=True)
class OnsiteProcedure:
    """现场处置方案 of one 重大 or 较大 risk (GB/T 29639-2020 8), worded from the
    risk's accident type: its signs, the duties by role at the post, 报警 → 初期处置
    → 救援 → 扩大应急, and the 注意事项 under the seven headings of the 评审指南."""

    number: int
    risk: Risk
    unit: object | None  # OrgUnit responsible for the risk
    posts: list[str]
    calls: list[Call]
    roles: list[Role]
    steps: Steps

    @property
    def hazard(self) -> Hazard:
        assert self.risk.hazard is not None
        return self.risk.hazard

    @property
    def precautions(self) -> list[tuple[str, tuple[str, ...]]]:
        """(heading, items) for the seven headings, in the 评审指南's order."""
        return self.hazard.precautions.by_heading()

    @property
    def initial_items(self) -> list[str]:
        """初期处置: the risk's typed measures first, then the library's other steps."""
        return continued_items(self.risk.measure_lines, self.steps.initial)

    @property
    def name(self) -> str:
        return f"{self.risk.name}现场处置方案"

    @property
    def reporter(self) -> Call | None:
        """Who raises the alarm: the unit's head."""
        return next((c for c in self.calls if c.role == "责任机构负责人"), None)


@dataclass(frozen=True)
class CardEntry:
    """What a card says of one risk (its typed measures, then the library's steps),
    or of the risks of one type (the library's steps only, when the typed text would
    not fit): 3–7 short steps and the 严禁 line of the type."""

    risks: list[Risk]
    hazard: Hazard
    steps: list[str]
    forbidden: str
    typed: int = 0  # how many of the steps are the administrator's own (they come first)

    @property
    def label(self) -> str:
        if len(self.risks) == 1:
            r = self.risks[0]
            return f"{r.code} {r.name}（{r.level}）"
        return f"{self.hazard.name}（{'、'.join(r.code for r in self.risks)}）"


@dataclass(frozen=True)
class Card:
    """应急处置卡 of one key post (or of a unit, for its risks that name no post)."""

    number: int
    post: str
    units: list[OrgUnit]  # the units responsible for its risks, in their order
    by_unit: bool
    risks: list[Risk]
    calls: list[Call]
    entries: list[CardEntry] = field(default_factory=list)
    shortened: bool = False  # typed measures left out to fit the page
    split: bool = False  # the post's risks take several cards, one by accident type

    @property
    def post_line(self) -> str:
        return _post_line(self.post, self.by_unit, self.units)

    @property
    def fits(self) -> bool:
        """Whether it fits its A6 page (by an estimate of its lines)."""
        return card_lines(self.title, self.post_line, self.entries, self.calls) <= CARD_LINES

    @property
    def unit(self) -> OrgUnit | None:
        return self.units[0] if self.units else None

    @property
    def units_text(self) -> str:
        return "、".join(u.name for u in self.units)

    @property
    def title(self) -> str:
        types = "、".join(dict.fromkeys(e.hazard.name for e in self.entries))
        return f"{self.post}应急处置卡" + (f"（{types}）" if self.split else "")

    @property
    def heading(self) -> str:
        """The title as the card prints it: one longer than the card's line breaks
        where a word ends, before 应急处置卡 or its （accident types）, so that
        no word is cut (动力环境值班员应急处置卡 / （暴雨洪涝））."""
        return _heading(self.title, [self.post, "应急处置卡", self.title[len(self.post) + 5:]])


@dataclass(frozen=True)
class CatalogueEntry:
    """A row of 附件3: a plan of the system written in this run."""

    kind: str  # 综合应急预案, 专项应急预案, 现场处置方案, 应急处置卡
    name: str
    covers: str
    number: str = ""  # its own 预案编号


@dataclass(frozen=True)
class Coverage(RiskGroup):
    """A row of 附件3's table of risks and plans: the risks of one special plan (or
    those no special plan takes) and the plan written for them, if any."""

    label: str
    risks: list[Risk]
    plan: SpecialPlan | None  # written in this run



T = TypeVar("T")


class Later(Generic[T]):
    """A value made the first time it is asked for, then kept; copies of a system
    share it. The cards of 10,000 risks take seconds to lay out, and a run whose
    profile writes no card book (nor on-site procedures) never asks for them."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], T]):
        self._make: Callable[[], T] | None = make
        self._value: T | None = None

    def get(self) -> T:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value  # type: ignore[return-value]  # made above


def _none_yet() -> Later[list[T]]:
    return Later(list)


@dataclass(frozen=True)
class PlanSystem:
    """Every plan the workbook calls for, and those written in this run (by name)."""

    groups: list[SpecialPlan] = field(default_factory=list)
    later_procedures: Later[list[OnsiteProcedure]] = field(default_factory=_none_yet)
    later_cards: Later[list[Card]] = field(default_factory=_none_yet)
    comprehensive: str = ""  # 预案名称 of the 综合 plan written, or ""
    specials: list[SpecialPlan] = field(default_factory=list)  # written, with names
    onsite: str = ""  # 预案名称 of the 现场处置方案 written, or ""
    card_book: str = ""  # 名称 of the 应急处置卡 written, or ""
    numbers: dict[str, str] = field(default_factory=dict)  # 预案编号 of each, by name

    @property
    def procedures(self) -> list[OnsiteProcedure]:
        return self.later_procedures.get()

    @property
    def cards(self) -> list[Card]:
        return self.later_cards.get()

    def written_special(self, key: str) -> SpecialPlan | None:
        return next((s for s in self.specials if s.key == key), None)

    @property
    def written(self) -> list[str]:
        """The names of the documents of this run, in the order of the system."""
        return [n for n in (self.comprehensive, *(s.name for s in self.specials),
                            self.onsite, self.card_book) if n]

    kept: list[Risk] = field(default_factory=list)  # in no 专项应急预案: 综合 plan only

    # By code (unique in a register): the 综合 plan asks for every risk, and a list's
    # `in` would compare whole records, risk by risk.
    @cached_property
    def _written_special(self) -> dict[str, SpecialPlan]:
        return {r.code: s for s in self.specials for r in s.risks}

    @cached_property
    def _kept_codes(self) -> set[str]:
        return {r.code for r in self.kept}

    def measures_of(self, risk: Risk) -> list[str]:
        """A risk's 应对措施 as the 综合 plan prints them: the typed measures; for a
        risk no special plan covers, followed by its type's 初期处置 and 严禁 from the
        library (less what the measures already say), since no other plan of the
        system gives them; for a risk a special plan of this run covers, followed by
        where its steps are."""
        written = self._written_special.get(risk.code)
        if written is not None and written.name:
            return extended_items(risk.measure_lines, [f"其余处置措施按《{written.name}》执行。"])
        if risk.hazard is None or risk.hazard.other or risk.code not in self._kept_codes:
            return risk.measure_items
        steps = Steps.of(risk.hazard, risk.measure_lines)
        return extended_items(risk.measure_lines, steps.initial + steps.forbidden)

    @property
    def catalogue(self) -> list[CatalogueEntry]:
        return [replace(row, number=self.numbers.get(row.name, "")) for row in self._rows()]

    def _rows(self) -> list[CatalogueEntry]:
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


def _units_for(risks: list[Risk], org: Organisation) -> list[OrgUnit]:
    names = {r.owner_unit for r in risks}
    return [u for u in org if u is org.root or u.name in names]


def _resources_for(risks: list[Risk]) -> list[Resource]:
    seen: dict[str, Resource] = {}
    for risk in risks:
        for x in risk.resources:
            seen.setdefault(x.code, x)
    return list(seen.values())


# ------------------------------------------------------------ library text beside typed text

_PUNCTUATION = re.compile(r"[\s、，,。.；;：:（）()“”\"'《》！!？?\-—]+")
SAME_THING = 0.6  # share of a typed line's character pairs a library line must hold


@lru_cache(maxsize=1 << 14)
def pairs(text: str) -> frozenset[str]:
    """A text's character pairs, without spaces and punctuation: what two wordings
    of one step share (cached: the library's lines meet every typed line)."""
    squashed = _PUNCTUATION.sub("", text)
    return frozenset(squashed[i:i + 2] for i in range(len(squashed) - 1))


def says_same(library_line: str, typed_line: str) -> bool:
    """Whether a library line says what a typed line already says: most of the
    shorter one's character pairs are in the other (先通风、再检测、后作业 in a
    longer library line about ventilating and testing first)."""
    a, b = pairs(library_line), pairs(typed_line)
    short = a if len(a) <= len(b) else b
    if len(short) < 4:
        return False
    return len(a & b) / len(short) >= SAME_THING


def new_lines(lines: Iterable[str], typed: list[str]) -> list[str]:
    """The library's lines that no typed line already says."""
    return list(_new_lines(tuple(lines), tuple(typed)))


@lru_cache(maxsize=1 << 16)
def _new_lines(lines: tuple[str, ...], typed: tuple[str, ...]) -> tuple[str, ...]:
    """new_lines, once per (lines, typed lines): a risk's measures meet its type's
    lines for its procedure, each of its cards and the 综合 plan. says_same, with
    each typed line's pairs taken once."""
    theirs = [(b, len(b)) for b in map(pairs, typed)]
    out = []
    for x in lines:
        a = pairs(x)
        size = len(a)
        for b, other in theirs:
            short = size if size <= other else other
            if short >= 4 and len(a & b) / short >= SAME_THING:
                break
        else:
            out.append(x)
    return tuple(out)


def _typed_lines(risks: Iterable[Risk]) -> list[str]:
    return [line for r in risks for line in r.measure_lines]


def _steps_by_type(risks: list[Risk], entries: dict[str, Hazard]) -> list[Steps]:
    """A special plan's steps, type by type: each type's entry as the unit words it
    for all its risks (`entries`), with the risks' own measures."""
    order = library().names
    by_type: dict[str, list[Risk]] = {}
    for risk in risks:
        if risk.hazard is not None:
            by_type.setdefault(risk.hazard.name, []).append(risk)
    return [Steps.of(entries[name], _typed_lines(group))
            for name in order if (group := by_type.get(name))]


def special_groups(risks: RiskRegister, org: Organisation, outside: list[Call],
                   plan_info: PlanInfo, contacts: ContactBook | None = None
                   ) -> list[SpecialPlan]:
    """专项应急预案: by the 专项预案 typed, else by the accident type's family — a
    family's risks of one type under the type's plan (火灾事故), of several types under
    the family's (火灾爆炸事故). Never by legal class; types handled on site only
    (机械伤害, 触电 …) stay in the 现场处置方案 unless a special plan is typed."""
    lib = library()
    # Each risk's typed plan and type looked at once: a register holds 10,000.
    marked = [(risk, typed_special(risk), _in_type_plan(risk)) for risk in risks]
    by_family: dict[str, list[Risk]] = {}
    for risk, typed_plan, by_type in marked:
        if risk.hazard is not None and not typed_plan and by_type:
            by_family.setdefault(risk.hazard.family, []).append(risk)
    family_key = {}
    for family, items in by_family.items():
        hazards = [r.hazard for r in items if r.hazard is not None]  # all: in_special
        types = {h.name for h in hazards}
        family_key[family] = (hazards[0].plan_title if len(types) == 1
                              else lib.family_plan(family))
    keyed: dict[str, list[Risk]] = {}
    typed: dict[str, bool] = {}
    for risk, typed_plan, by_type in marked:
        key = typed_plan
        if not key and risk.hazard is not None and by_type:
            key = family_key[risk.hazard.family]
        if not key:
            continue
        keyed.setdefault(key, []).append(risk)
        typed[key] = typed.get(key, False) or bool(typed_plan)
    calls = _calls([], plan_info, org, outside)

    def own_calls(items: list[Risk]) -> list[Call]:
        """The plan's calls, and the outside bodies its types name (市场监管 for a
        crane, 疾控 for an outbreak …)."""
        if contacts is None:
            return calls
        hazards = list({r.hazard.name: r.hazard for r in items if r.hazard is not None}
                       .values())
        numbers = {c.phone for c in calls}
        return calls + [c for c in _type_calls(hazards, [], plan_info, org, contacts)
                        if c.role == "外部单位" and c.phone not in numbers]

    return [SpecialPlan(key, i, items, _units_for(items, org), _resources_for(items), typed[key],
                        own_calls(items), steps=_steps_by_type(items, risks.by_type))
            for i, (key, items) in enumerate(keyed.items(), 1)]


def posts_of(risk: Risk) -> list[str]:
    text = risk.key_posts
    for sep in "，,；;/\n":
        text = text.replace(sep, "、")
    return [p.strip() for p in text.split("、") if p.strip()]


def body_name(c: Contact) -> str:
    """An outside contact as a card or procedure names it: its 单位 as well when its
    姓名 does not say which body it is (值班室, 抢修中心, a person's name)."""
    if not c.org or c.org in c.name or (c.phone.isdigit() and len(c.phone) <= 5):
        return c.name  # a hotline (报警：110, 供电服务：95598) says what it is
    if c.name in c.org:  # 急救中心 of 江城市急救中心
        return c.org
    if len(c.name) > 4 and c.name.endswith(_BODY_ENDINGS):  # a body's own name
        return c.name
    return f"{c.org}（{c.name}）"


_BODY_ENDINGS = ("局", "厅", "委员会", "公司", "集团", "中心", "支队", "大队", "中队", "站",
                 "所", "院", "医院", "学校", "办公室", "单位", "部门")


def outside_bodies(contacts: ContactBook) -> list[Call]:
    """The outside bodies of the 通讯录 that respond first (vocabulary.toml), once."""
    words = vocabulary().card_bodies
    numbers = {number for _, number in PUBLIC_NUMBERS}
    calls = []
    for c in contacts.external:
        label = " ".join((c.name, c.org, c.dept))
        if c.phone and c.phone not in numbers and any(w in label for w in words):
            numbers.add(c.phone)
            calls.append(Call("外部单位", body_name(c), c.phone))
    return calls


def _heads(units: list[OrgUnit], org: Organisation) -> list[Call]:
    calls = [Call("责任机构负责人", f"{u.name} {u.leader}", u.leader_phone)
             for u in units if u.leader]
    root = org.root
    if root is not None and root.leader and all(root.name != u.name for u in units):
        calls.append(Call("总指挥", f"{root.name} {root.leader}", root.leader_phone))
    return calls


def _calls(units: list[OrgUnit], plan_info: PlanInfo, org: Organisation,
           outside: list[Call]) -> list[Call]:
    """Whom to call: the heads of the units in charge, the commander, the duty phone,
    the public numbers, and the outside bodies that respond first."""
    calls = _heads(units, org)
    calls.append(Call("24小时应急值班电话", "", plan_info.duty_phone))
    calls += [Call(role, "", number) for role, number in PUBLIC_NUMBERS]
    return calls + [c for c in outside if c.phone != plan_info.duty_phone]


def names_body(label: str, word: str) -> bool:
    """Whether a 通讯录 entry (name, org, dept) is the body a type's contact word
    means (燃气: 燃气, 天然气公司, 煤气 …)."""
    return any(w in label for w in vocabulary().contact_words.get(word, (word,)))


def _type_calls(hazards: list[Hazard], units: list[OrgUnit], plan_info: PlanInfo,
                org: Organisation, contacts: ContactBook) -> list[Call]:
    """Whom the post calls for these accident types: the heads in charge, the duty
    phone, the public numbers the types name, and the outside bodies of the 通讯录
    they name (the gas company for a gas leak, 生态环境 for a spill …)."""
    words = list(dict.fromkeys(w for h in hazards for w in h.contacts))
    calls = _heads(units, org)
    calls.append(Call("24小时应急值班电话", "", plan_info.duty_phone))
    calls += [Call(role, "", number) for role, number in PUBLIC_NUMBERS_ALL
              if number in words]
    numbers = {c.phone for c in calls}
    for phone, call in _body_calls(contacts, words):
        if phone not in numbers:
            numbers.add(phone)
            calls.append(call)
    return calls


def _body_calls(contacts: ContactBook, words: list[str]) -> list[tuple[str, Call]]:
    """The calls of the bodies the words name (_bodies), the first of each phone
    number: a later one of the same number is never called, whoever else is. Made
    once per set of words (a Call is a frozen value, shared by the cards)."""
    key = frozenset(w for w in words if not w.isdigit())
    found = contacts.body_calls.get(key)
    if found is None:
        seen: set[str] = set()
        found = contacts.body_calls[key] = []
        for c in _bodies(contacts, words):
            if c.phone not in seen:
                seen.add(c.phone)
                found.append((c.phone, Call("外部单位", body_name(c), c.phone)))
    return found


def _bodies(contacts: ContactBook, words: list[str]) -> list[Contact]:
    """The outside contacts with a phone that are a body the words name (names_body),
    in the 通讯录's order; found once per set of words, since every card and
    procedure asks."""
    key = frozenset(w for w in words if not w.isdigit())
    found = contacts.bodies.get(key)
    if found is None:
        table = vocabulary().contact_words
        needles = {n for w in key for n in table.get(w, (w,))}
        found = contacts.bodies[key] = []
        for c in contacts.external:
            label = " ".join((c.name, c.org, c.dept))
            if c.phone and any(n in label for n in needles):
                found.append(c)
    return found


def _roles(risk: Risk, unit: OrgUnit | None, posts: list[str],
           terms: Callable[[str], str] = str) -> list[Role]:
    """The roles at the post: who finds it and works there (the 重点岗位), the 班组长
    (部门负责人), the 现场负责人 (the responsible unit's head) and, where the type has
    one, the 监护人; the first two in the sector's words (`terms`: a school's 年级组长)."""
    hazard = risk.hazard
    assert hazard is not None
    at_post = "、".join(posts) if posts else f"{risk.owner_unit}当班人员"
    lead = f"{unit.name}负责人{unit.leader}" if unit is not None and unit.leader else \
        f"{risk.owner_unit}负责人"
    roles = [Role(terms("第一发现人（岗位操作人员）"), at_post, hazard.roles.finder),
             # 班组 in a factory, 年级组 in a school, 科室 in a hospital: whoever leads the
             # post's own team, in words any of them reads as theirs (the pack's terms)
             Role(terms("班组长（部门负责人）"),
                  (posts[0] if posts else risk.owner_unit) + terms("所在班组或部门的负责人"),
                  hazard.roles.team_leader),
             Role("现场负责人", lead, hazard.roles.site_lead)]
    if hazard.guardian:
        roles.append(Role("监护人", "作业监护人", hazard.roles.guardian))
    return roles


def onsite_procedures(risks: RiskRegister, org: Organisation, outside: list[Call],
                      plan_info: PlanInfo, contacts: ContactBook,
                      terms: Callable[[str], str] = str) -> list[OnsiteProcedure]:
    """The 现场处置方案 of the 重大 and 较大 risks; `terms` words the roles at the post
    as the unit's sector does (Pack.in_terms)."""
    out: list[OnsiteProcedure] = []
    for risk in risks.high:
        category = vocabulary().category(risk.category)
        if category is not None and not category.on_card:
            continue  # a change of rules: nothing to do at a post, no procedure
        hazard = risk.hazard
        assert hazard is not None  # an enriched risk has its type (其他 at least)
        unit = org.unit(risk.owner_unit)
        posts = posts_of(risk)
        units = [unit] if unit else []
        out.append(OnsiteProcedure(
            len(out) + 1, risk, unit, posts,
            _type_calls([hazard], units, plan_info, org, contacts),
            _roles(risk, unit, posts, terms), Steps.of(hazard, risk.measure_lines)))
    return out


# ------------------------------------------------------------ cards

CARD_STEPS = 7  # at most, per risk: a card is read in an emergency
# The A6 page (profiles.toml: 87 × 129 mm of text) in lines of 卡片正文 (9 pt, single,
# about 14 pt a line with its spacing): 27 characters across, 23 lines down; the
# title (14 pt) takes 17 characters a line and about 1.5 body lines for each.
CARD_LINE = 27
CARD_TITLE_LINE = 17
CARD_LINES = 22


def _typed_entry(risk: Risk) -> CardEntry:
    hazard = risk.hazard
    assert hazard is not None
    typed = risk.measure_lines
    steps = typed + new_lines(hazard.card, typed)
    return CardEntry([risk], hazard, steps[:CARD_STEPS], _forbidden(hazard),
                     min(len(typed), CARD_STEPS))


def _forbidden(hazard: Hazard) -> str:
    return hazard.response.forbidden[0] if hazard.response.forbidden else ""


CARD_MIN_STEPS = 3
CARD_MIN_OUTSIDE = 2  # outside bodies kept on a card that must shrink


def _cut_steps(card: Card, floor: Callable[[CardEntry], int]) -> Card:
    """Steps cut, the longest entry first, down to each entry's floor, until it fits.
    The card's lines are counted once and each cut step's lines taken off (a post of
    many risks would otherwise be recounted whole after every step)."""
    floors = [floor(e) for e in card.entries]
    title, post_line = card.title, card.post_line  # as the floored card's: steps aside
    calls_lines = _calls_lines(card.calls)
    if _card_total(_head_lines(title, post_line, card.entries, floors),
                   calls_lines) > CARD_LINES:
        # cut to the floors, it still would not fit: say so at once
        return replace(card, entries=[_cut(e, n)
                                      for e, n in zip(card.entries, floors, strict=True)])
    total = _card_total(_head_lines(title, post_line, card.entries), calls_lines)
    kept = [len(e.steps) for e in card.entries]
    while total > CARD_LINES:
        k = max((i for i in range(len(kept)) if kept[i] > floors[i]), key=lambda i: kept[i])
        kept[k] -= 1
        total -= _lines(f"{kept[k] + 1}. {card.entries[k].steps[kept[k]]}")
    return replace(card, entries=[_cut(e, n) if n < len(e.steps) else e
                                  for e, n in zip(card.entries, kept, strict=True)])


def _cut(entry: CardEntry, n: int) -> CardEntry:
    """The entry with its first n steps (`replace(entry, steps=…)`, made directly:
    a post of many risks cuts thousands)."""
    return CardEntry(entry.risks, entry.hazard, entry.steps[:n], entry.forbidden, entry.typed)


def _trimmed(card: Card) -> Card:
    """A card shrunk to its page: the library's steps added to typed ones go first;
    then the outside bodies it lists, down to two (the public numbers and the heads
    always stay); then steps, down to three an entry, the typed ones included only
    on a card of the library's steps. An entry never keeps fewer than three steps
    on a card of typed measures: one that cannot fit so is split by type instead
    (a post's single typed line must not stand alone for a 重大 risk)."""
    card = _cut_steps(card, lambda e: max(e.typed, CARD_MIN_STEPS))
    outside = [c for c in card.calls if c.role == "外部单位"]
    if len(outside) > CARD_MIN_OUTSIDE and not card.fits:
        # the last outside body dropped, one by one, until it fits: the lines above
        # the calls counted once, the calls' lines a sum less each one dropped
        head = _head_lines(card.title, card.post_line, card.entries)
        called = _calls_lines(card.calls)
        kept = len(outside)
        while kept > CARD_MIN_OUTSIDE and _card_total(head, called) > CARD_LINES:
            kept -= 1
            called -= _lines(_call_line(outside[kept]))
        if kept < len(outside):
            dropped = {id(c) for c in outside[kept:]}
            card = replace(card, calls=[c for c in card.calls if id(c) not in dropped])
    return _cut_steps(card, lambda e: CARD_MIN_STEPS if card.shortened
                      else max(e.typed, CARD_MIN_STEPS))


def _library_entries(risks: list[Risk]) -> list[CardEntry]:
    by_type: dict[str, list[Risk]] = {}
    first: dict[str, Hazard] = {}  # the type of each group (its first risk's)
    for risk in risks:
        assert risk.hazard is not None
        by_type.setdefault(risk.hazard.name, []).append(risk)
        first.setdefault(risk.hazard.name, risk.hazard)
    return [CardEntry(group, first[name], list(first[name].card[:CARD_STEPS]),
                      _forbidden(first[name]))
            for name, group in by_type.items()]


@lru_cache(maxsize=1 << 14)
def _lines(text: str) -> int:
    return max(1, -(-display_width(text) // (2 * CARD_LINE)))


def _heading(title: str, parts: list[str]) -> str:
    """`title` (the `parts` joined) in lines of at most a title line each, broken
    only between the parts."""
    if display_width(title) <= 2 * CARD_TITLE_LINE:
        return title
    lines = [""]
    for part in filter(None, parts):
        if lines[-1] and display_width(lines[-1] + part) > 2 * CARD_TITLE_LINE:
            lines.append("")
        lines[-1] += part
    return "\n".join(lines)


def card_lines(title: str, post_line: str, entries: list[CardEntry],
               calls: list[Call]) -> float:
    """Lines of 卡片正文 the card takes on its A6 page."""
    return _card_total(_head_lines(title, post_line, entries), _calls_lines(calls))


def _head_lines(title: str, post_line: str, entries: list[CardEntry],
                kept: list[int] | None = None) -> float:
    """The lines above the calls: title, post, entries (each cut to its `kept` first
    steps, if given)."""
    total = 1.5 * max(1, -(-display_width(title) // (2 * CARD_TITLE_LINE))) + 0.5
    total += _lines(post_line)
    for k, e in enumerate(entries):
        steps = e.steps if kept is None else e.steps[:kept[k]]
        total += 0.3 + _lines(e.label)  # the label, and the air above it
        total += sum(_lines(f"{i}. {s}") for i, s in enumerate(steps, 1))
        total += _lines(e.forbidden) if e.forbidden else 0
    return total


def _call_line(c: Call) -> str:
    return f"{c.role}　{c.name}：{c.phone}"


def _calls_lines(calls: list[Call]) -> int:
    return sum(_lines(_call_line(c)) for c in calls)


def _card_total(head: float, calls_lines: int) -> float:
    """The card's lines from those above the calls and the calls' own (added in this
    order, so that a total is the same float however it was come to)."""
    total = head + (1.3 + calls_lines)
    return total + 1  # the unit and date line


def _post_line(post: str, by_unit: bool, units: list[OrgUnit]) -> str:
    if by_unit:
        return f"责任机构：{post}"
    return f"岗位：{post}" + (f"　责任机构：{'、'.join(u.name for u in units)}" if units else "")


def cards_for(risks: RiskRegister, org: Organisation, plan_info: PlanInfo,
              contacts: ContactBook) -> list[Card]:
    """One card per key post named in the register, and one per responsible unit
    for its risks that name no post; in the register's order. A card whose typed
    measures would not fit its A6 page prints the library's steps instead, one entry
    per accident type; a post whose types still do not fit one page gets a card per
    type."""
    keyed: dict[tuple[str, bool], list[Risk]] = {}
    for risk in risks:
        category = vocabulary().category(risk.category)
        if category is not None and not category.on_card:
            continue  # e.g. 政策法规变动: nothing for a post to do first
        posts = posts_of(risk)
        for post in posts or [risk.owner_unit]:
            keyed.setdefault((post, not posts), []).append(risk)
    cards: list[Card] = []

    def card(post: str, by_unit: bool, units: list[OrgUnit], entries: list[CardEntry],
             shortened: bool, split: bool) -> Card:
        items = [r for e in entries for r in e.risks]
        calls = _type_calls([e.hazard for e in entries], units, plan_info, org, contacts)
        return Card(len(cards) + 1, post, units, by_unit, items, calls, entries, shortened,
                    split)

    def units_of(items: list[Risk]) -> list[OrgUnit]:
        names = list(dict.fromkeys(r.owner_unit for r in items))
        return [u for name in names if (u := org.unit(name)) is not None]

    for (post, by_unit), items in keyed.items():
        whole = _trimmed(card(post, by_unit, units_of(items),
                              [_typed_entry(r) for r in items], False, False))
        if whole.fits:
            cards.append(whole)
            continue
        by_type: dict[str, list[CardEntry]] = {}
        for entry in whole.entries:
            by_type.setdefault(entry.hazard.name, []).append(entry)
        for group in by_type.values():
            of_type = [r for e in group for r in e.risks]
            units = units_of(of_type)  # a card of one type names the units of its risks
            typed = _trimmed(card(post, by_unit, units, [_typed_entry(r) for r in of_type],
                                  False, True))
            cards.append(typed if typed.fits else _trimmed(card(
                post, by_unit, units, _library_entries(of_type), True, True)))
    return cards
