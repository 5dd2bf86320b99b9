"""The hazard library, read from docgen/data/hazards/: per accident type (the GB
6441-1986 types outside mining, refined where the response differs, plus natural
disasters, public-health and social-safety events and the kinds the service packs
use) what a plan says of it — its signs, 处置要点 in order, 严禁, 注意事项 under
the seven headings of the 评审指南's 现场处置方案 table, the duties at the post,
the card's steps, the equipment it needs and the regulations it brings into the
编制依据 — each entry with its sources (docgen/data/hazards/SOURCES.md).

Types group into special plans by family (families.toml). A risk's type is its
事故类型 cell, else recognised from its 风险名称 and 风险描述 (`recognise`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Literal

import msgspec

from docgen.datafile import Record, data_names, data_path, load
from docgen.errors import DataFileError
from docgen.packs import Basis, squash, squashed_words

OTHER = "其他"  # the type of a risk no entry recognises
LegalClass = Literal["自然灾害", "事故灾难", "公共卫生事件", "社会安全事件"]

# The seven kinds of 注意事项 of the 评审指南's 现场处置方案要素评审表, in its order,
# and the words the plans print them under.
PRECAUTION_HEADINGS = (
    ("protection", "佩戴个人防护器具方面"),
    ("equipment", "使用抢险救援器材方面"),
    ("rescue", "采取救援对策或措施方面"),
    ("self_rescue", "现场自救和互救方面"),
    ("capability", "现场应急处置能力确认和人员安全防护方面"),
    ("aftermath", "应急救援结束后"),
    ("warnings", "其他需要特别警示的事项"),
)
# The parts of an entry a 文本 row may replace or extend, as "<类型>·<部分>".
PART_NAMES = {
    "features": "事故特征", "discover": "发现报警", "initial": "初期处置", "rescue": "救援",
    "escalate": "扩大应急", "forbidden": "严禁", "first_aid": "现场急救",
    "finder": "第一发现人职责", "team_leader": "班组长职责", "site_lead": "现场负责人职责",
    "guardian": "监护人职责",
    **{f"precautions.{key}": f"注意事项（{words}）" for key, words in PRECAUTION_HEADINGS},
    "card": "处置卡步骤",
}


class Response(Record, frozen=True):
    discover: tuple[str, ...]  # 第一发现人: what to do and report when raising the alarm
    initial: tuple[str, ...]  # 岗位人员/班组长: 初期处置 at the post
    rescue: tuple[str, ...]
    escalate: tuple[str, ...]  # when to escalate and hand over
    forbidden: tuple[str, ...]  # 严禁: the fatal mistakes
    first_aid: tuple[str, ...]


class Roles(Record, frozen=True):
    finder: tuple[str, ...]  # 第一发现人/岗位操作人员
    team_leader: tuple[str, ...]  # 班组长
    site_lead: tuple[str, ...]  # 现场负责人
    guardian: tuple[str, ...] = ()  # 监护人, where the type has one


class Precautions(Record, frozen=True):
    protection: tuple[str, ...]
    equipment: tuple[str, ...]
    rescue: tuple[str, ...]
    self_rescue: tuple[str, ...]
    capability: tuple[str, ...]
    aftermath: tuple[str, ...]
    warnings: tuple[str, ...]

    def by_heading(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(words, getattr(self, key)) for key, words in PRECAUTION_HEADINGS]


class Equipment(Record, frozen=True):
    name: str
    words: tuple[str, ...]  # recognise it in a 资源 名称
    key: bool = False  # the response cannot do without it: its absence is reported

    def found_in(self, squashed_names: Iterable[str]) -> bool:
        """Whether one of these resource names (as packs.squash gives them) names it."""
        keys = squashed_words((self.name, *self.words))
        return any(k in n for n in squashed_names for k in keys)


class HazardBasis(Basis, frozen=True):
    """A regulation the type brings into the 编制依据; `applies_to` names the packs
    (by name) of the organisations it binds, () for all."""

    applies_to: tuple[str, ...] = ()


class Source(Record, frozen=True):
    """Where a type's text comes from: the page (`source`, as a Basis names its own)
    and what it supports."""

    title: str
    source: str
    supports: str


class Hazard(Record, frozen=True):
    """One accident type (docgen/data/hazards/<key>.toml)."""

    name: str
    gb6441: str  # its GB 6441-1986 class, "" for none
    family: str
    legal_class: LegalClass
    special_plan: bool  # normally a 专项应急预案 (else only on-site procedures)
    aliases: tuple[str, ...]  # words that recognise it in a 风险名称 or 风险描述, and typed
    contacts: tuple[str, ...]  # outside bodies to call, as words of their names
    features: tuple[str, ...]
    card: tuple[str, ...]
    response: Response
    roles: Roles
    precautions: Precautions
    plan: str = ""  # the 专项预案 it gives alone (default: <name>事故)
    crowded_variant_of: str = ""  # taken instead of this type in 人员密集场所 (火灾)
    typed_names: tuple[str, ...] = ()  # accepted when typed (GB 6441-2025 names), never
    # recognised in free text: 泄漏 alone would take a burst water pipe for a spill
    together: tuple[tuple[str, ...], ...] = ()  # words that recognise it only when all
    # are in the text (钢瓶 with 爆炸: a leaking 液氨钢瓶 is no 容器爆炸), never typed
    refines: str = ""  # the type it refines, when that is not its GB 6441 class
    guardian: bool = False  # a 监护人 watches the work at the post
    equipment: tuple[Equipment, ...] = ()
    basis: tuple[HazardBasis, ...] = ()
    sources: tuple[Source, ...] = ()
    only: tuple[Only, ...] = ()  # lines that hold only where the risk names their words
    key: str = ""  # the file's name

    @property
    def plan_title(self) -> str:
        return self.plan or f"{self.name}事故"

    @property
    def other(self) -> bool:
        return self.name == OTHER

    @property
    def parent(self) -> str:
        """The type it refines: `refines`, else its GB 6441 class ("" for a class)."""
        if self.refines:
            return self.refines
        return self.gb6441 if self.gb6441 != self.name else ""

    def lines(self, part: str) -> tuple[str, ...]:
        """A part by its key in PART_NAMES (features, initial, precautions.rescue …)."""
        holder: object = self
        for key in part.split("."):
            if isinstance(holder, Hazard) and key in Response.__struct_fields__:
                holder = holder.response
            elif isinstance(holder, Hazard) and key in Roles.__struct_fields__:
                holder = holder.roles
            holder = getattr(holder, key)
        return holder  # type: ignore[return-value]

    def for_risks(self, context: str) -> Hazard:
        """The entry for risks whose names and descriptions are `context`: with the
        lines of `only` whose words they name, after the part's own lines."""
        entry = self
        for only in self.only:
            if only.holds(context):
                lines = entry.lines(only.part)
                extra = tuple(x for x in only.lines if x not in lines)
                # a card is short: the steps its risks call for come right after the
                # alarm (and the protection) the card opens with, not after all of it
                at = only.after if only.part == "card" else len(lines)
                entry = entry.with_lines(only.part, (*lines[:at], *extra, *lines[at:]))
        return entry

    def with_lines(self, part: str, lines: tuple[str, ...]) -> Hazard:
        """The entry with one part replaced (the organisation's own wording)."""
        if part.startswith("precautions."):
            inner = msgspec.structs.replace(self.precautions, **{part.split(".")[1]: lines})
            return msgspec.structs.replace(self, precautions=inner)
        if part in Response.__struct_fields__:
            return msgspec.structs.replace(
                self, response=msgspec.structs.replace(self.response, **{part: lines}))
        if part in Roles.__struct_fields__:
            return msgspec.structs.replace(
                self, roles=msgspec.structs.replace(self.roles, **{part: lines}))
        return msgspec.structs.replace(self, **{part: lines})


class Only(Record, frozen=True):
    """Lines of one part (a key of PART_NAMES) that hold only where a risk of the type
    names one of `words`: 倒罐 and 筑堤 are a tank farm's (储罐, 罐区), absorbent and
    a fume hood a laboratory's or a drum store's (试剂, 桶装). They follow the part's
    own lines, except on the card, which is short and cut at its end: there they
    follow its first `after` steps (raising the alarm; putting on protection), so that
    a drum store's card does not have its worker right a drum before calling anyone."""

    words: tuple[str, ...]
    part: str
    lines: tuple[str, ...]
    after: int = 1

    def holds(self, context: str) -> bool:
        return self.names(squash(context))

    def names(self, squashed: str) -> bool:
        """Whether text already squashed names one of the words."""
        return any(w in squashed for w in squashed_words(self.words))


class Family(Record, frozen=True):
    name: str
    plan: str  # the 专项预案 of several of its types together


class FamiliesFile(Record, frozen=True):
    order: tuple[str, ...]
    family: tuple[Family, ...]
    sources: tuple[Source, ...] = ()  # the classes of the order, the plans by type


@dataclass(frozen=True)
class Library:
    hazards: dict[str, Hazard]  # by name, the library's order (GB 6441 first)
    families: dict[str, Family]
    # recognise's answers by (风险名称, 风险描述): a large register repeats its names
    recognised: dict[tuple[str, str], Recognition] = field(
        default_factory=dict, compare=False, repr=False)

    def get(self, name: str) -> Hazard | None:
        return self.hazards.get(name)

    @property
    def names(self) -> list[str]:
        return list(self.hazards)

    @cached_property
    def words(self) -> list[tuple[Hazard, tuple[str, ...], str]]:
        """What recognises each type (but 其他): its name, aliases and groups of words
        found together, squashed once, with how a 提示 shows them."""
        found = []
        for hazard in self.hazards.values():
            if hazard.other:
                continue
            groups: list[tuple[tuple[str, ...], str]] = [
                ((w,), w) for w in (hazard.name, *hazard.aliases)]
            groups += [(group, "”“".join(group)) for group in hazard.together]
            found += [(hazard, tuple(squash(w) for w in parts), shown)
                      for parts, shown in groups]
        return found

    @cached_property
    def words_by_first(self) -> dict[str, list[int]]:
        """The places in `words` of the words (groups: their first word) that start
        with each character: a text can hold only those starting with one of its own
        characters, a few dozen of the library's 600 words."""
        index: dict[str, list[int]] = {}
        for i, (_, keys, _) in enumerate(self.words):
            if all(keys):  # an empty word is never found
                index.setdefault(keys[0][0], []).append(i)
        return index

    @property
    def other(self) -> Hazard:
        return self.hazards[OTHER]

    def family_plan(self, family: str) -> str:
        return self.families[family].plan

    def in_context(self, hazard: Hazard, crowded_place: bool) -> Hazard:
        """A crowded place's fire is a 人员密集场所火灾 (its evacuation of the public)."""
        if crowded_place:
            for other in self.hazards.values():
                if other.crowded_variant_of == hazard.name:
                    return other
        return hazard


_BRACKETED = re.compile(r"\([^()]*\)")


@cache
def library() -> Library:
    index = load("hazards/families.toml", FamiliesFile)
    families = {f.name: f for f in index.family}
    found: dict[str, Hazard] = {}
    problems: list[str] = []
    for name in data_names("hazards"):
        if name.endswith("/families.toml"):
            continue
        hazard = load(name, Hazard)
        hazard = msgspec.structs.replace(hazard, key=name.removeprefix("hazards/")
                                         .removesuffix(".toml"))
        if hazard.family not in families:
            problems.append(f"{name} › family：没有名为“{hazard.family}”的类别"
                            f"（families.toml 中有：{'、'.join(families)}）")
        if hazard.guardian and not hazard.roles.guardian:
            problems.append(f"{name} › roles.guardian：guardian = true 的类型须写明监护人职责")
        if hazard.name in found:
            problems.append(f"{name} › name：类型“{hazard.name}”重复")
        if hazard.refines and (hazard.refines == hazard.name or
                               hazard.refines not in index.order):
            problems.append(f"{name} › refines：没有可细化的类型“{hazard.refines}”")
        problems += [f"{name} › together：{'、'.join(group) or '（空）'}：须写两个以上的词"
                     for group in hazard.together if len([w for w in group if w]) < 2]
        problems += [f"{name} › only：part“{o.part}”不是可用的部分（{'、'.join(PART_NAMES)}）"
                     for o in hazard.only if o.part not in PART_NAMES]
        problems += [f"{name} › only：须写 words 和 lines" for o in hazard.only
                     if not any(o.words) or not o.lines]
        found[hazard.name] = hazard
        if hazard.crowded_variant_of and hazard.crowded_variant_of not in found and \
                hazard.crowded_variant_of not in index.order:
            problems.append(f"{name} › crowded_variant_of：没有类型“{hazard.crowded_variant_of}”")
    if OTHER not in found:
        problems.append(f"{data_path('hazards')}：缺少类型“{OTHER}”")
    listed = set(index.order)
    problems += [f"hazards/families.toml › order：类型“{n}”没有条目文件"
                 for n in index.order if n not in found]
    problems += [f"hazards/families.toml › order：未列出类型“{n}”"
                 for n in found if n not in listed]
    if len(listed) != len(index.order):
        problems.append("hazards/families.toml › order：有重复的类型")
    if problems:
        raise DataFileError(data_path("hazards"), problems)
    return Library({n: found[n] for n in index.order}, families)


@dataclass(frozen=True)
class Recognition:
    hazard: Hazard
    word: str  # what recognised it ("" when typed or not recognised; 钢瓶”“爆炸 for a group,
    # to print between quotes)
    typed: bool


def find_type(typed: str) -> Hazard | None:
    """The entry a typed 事故类型 names: its name, or an alias no other entry has."""
    key = squash(typed)
    lib = library()
    for hazard in lib.hazards.values():
        if squash(hazard.name) == key:
            return hazard
    owners = [h for h in lib.hazards.values()
              if any(squash(a) == key for a in (*h.aliases, *h.typed_names))]
    return owners[0] if len(owners) == 1 else None


def _strong(word: str) -> bool:
    """A word long enough to recognise a type from a description: three characters or
    more, not all Latin (UPS in a supplier's description says little)."""
    return len(word) >= 3 and not word.isascii()


def _ancestors(lib: Library, hazard: Hazard) -> set[str]:
    """The types a type refines, up its chain: 金属粉尘爆炸 refines 粉尘爆炸, which
    refines 其他爆炸."""
    found: set[str] = set()
    parent = lib.get(hazard.parent)
    while parent is not None and parent.name not in found and parent.name != hazard.name:
        found.add(parent.name)
        parent = lib.get(parent.parent)
    return found


def recognise(name: str, description: str) -> Recognition:
    """The type a risk's 风险名称 (first) or 风险描述 speaks of: the longest name, alias or
    group of words found together wins (a group by the length of its words), except
    that a refined type beats the types it refines (污水池…中毒窒息 is 有限空间中毒窒息,
    铝镁粉尘爆炸 is 金属粉尘爆炸); a name found in the 风险名称 beats anything in the
    description, where only words of three characters or more count."""
    lib = library()
    found = lib.recognised.get((name, description))
    if found is None:
        found = lib.recognised[name, description] = _recognise(lib, name, description)
    return found


def _recognise(lib: Library, name: str, description: str) -> Recognition:
    for text, any_word in ((name, True), (description, False)):
        squashed = squash(text)
        # an aside in brackets, 深基坑坍塌（暴雨后）, is not the phrase's head
        phrase = _BRACKETED.sub(lambda m: "\0" * len(m[0]), squashed)
        # by type: the size of its longest word (group) found, where that ends (a later
        # word wins a tie: the head of a Chinese phrase is its last word, 硫酸灼伤 is a
        # burn), the word
        found: dict[str, tuple[int, int, str]] = {}
        index = lib.words_by_first
        places = sorted(i for c in set(squashed) for i in index.get(c, ()))  # their order
        for hazard, keys, shown in map(lib.words.__getitem__, places):
            if len(keys) == 1:  # most words: the test below without a generator
                if keys[0] not in squashed:
                    continue
            elif not all(k in squashed for k in keys):
                continue
            if any_word or _strong("".join(keys)):
                size = sum(len(k) for k in keys)
                at = max(phrase.index(k) + len(k) if k in phrase else 0 for k in keys)
                if (size, at) > found.get(hazard.name, (0, 0, ""))[:2]:
                    found[hazard.name] = (size, at, shown)
        refined: set[str] = set()
        for n in found:
            refined |= _ancestors(lib, lib.hazards[n])
        candidates = {n: v for n, v in found.items() if n not in refined}
        if candidates:
            best = max(candidates, key=lambda n: candidates[n][:2])
            return Recognition(lib.hazards[best], candidates[best][2], False)
    return Recognition(lib.other, "", False)


PLACE_SEPARATOR = "·"


def part_place(hazard_name: str, part: str) -> str:
    """The 文本 place of one part of an entry: 粉尘爆炸·初期处置."""
    return f"{hazard_name}{PLACE_SEPARATOR}{PART_NAMES[part]}"


def hazard_places() -> list[str]:
    """Every 文本 place the library offers, type by type."""
    return [part_place(name, part) for name in library().names for part in PART_NAMES]


def is_hazard_place(place: str) -> bool:
    name, _, words = place.partition(PLACE_SEPARATOR)
    return library().get(name) is not None and words in PART_NAMES.values()


def sections(hazard: Hazard) -> list[tuple[str, str, tuple[str, ...]]]:
    """The entry as a plan prints it, part by part: (heading, 文本 place, lines)."""
    out = [(words, part_place(hazard.name, part), hazard.lines(part))
           for part, words in PART_NAMES.items()]
    return [(words, place, lines) for words, place, lines in out
            if lines or words != PART_NAMES["guardian"]]
