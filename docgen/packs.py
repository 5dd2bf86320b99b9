"""Industry packs, read from docgen/data/packs/*.toml: what a plan says
differently for a kind of organisation. 基本信息's 所属行业 chooses one through
its aliases; 通用 (general.toml) serves every other organisation.

A pack holds its 编制依据 (each law or standard with its source, SOURCES.md),
wording for the templates' 文本 places, extra sections after a place, typical
risks for the fill-in workbook, the profile a unit of its kind builds by default,
the size bounds of its sector (《统计上大中小微型企业划分办法（2017）》) and the
facts the compliance rules depend on (人员密集场所, 高危行业, drill and evaluation
periods), with variants for sub-sectors whose facts differ (金属冶炼 in 工贸).
Adding a pack is adding a file; no code names one, except the fallback.
"""

from __future__ import annotations

import typing
import unicodedata
from functools import cache, lru_cache
from typing import Literal

import msgspec

from docgen.datafile import Record, data_names, data_path, load
from docgen.errors import DataFileError

GENERAL = "general"
UNIT_NAME = "{单位名称}"  # the one placeholder pack wording may hold

BasisKind = Literal["法律", "行政法规", "部门规章", "地方性法规", "规范性文件", "国家标准",
                    "行业标准", "地方标准", "本单位制度"]
# The order a 编制依据 lists them in: by legal rank, standards after the texts of law.
BASIS_ORDER: tuple[str, ...] = typing.get_args(BasisKind)


class Basis(Record, frozen=True):
    """One entry of the 编制依据, with where its title, number and date were checked."""

    title: str
    kind: BasisKind
    number: str = ""  # 主席令第25号, 国务院令第708号, GB/T 29639-2020
    date: str = ""
    version: str = ""  # 2024年6月28日修订
    source: str = ""
    verified: str = ""

    @property
    def cite(self) -> str:
        """What follows the title in brackets: a law's revision, otherwise its number."""
        if self.kind == "法律":
            return self.version
        return self.number or self.version


class PackBasis(Basis, frozen=True):
    """A 编制依据 of the pack; `aliases_only` limits it to the units whose 所属行业
    holds one of those words (《冶金企业和有色金属企业安全生产规定》 in 工贸)."""

    aliases_only: tuple[str, ...] = ()


# The parts of a hazard entry a typical risk may word whole (the keys of
# hazards.PART_NAMES, which sits above this module; a test holds them equal).
PartKey = Literal["features", "discover", "initial", "rescue", "escalate", "forbidden",
                  "first_aid", "finder", "team_leader", "site_lead", "guardian",
                  "precautions.protection", "precautions.equipment", "precautions.rescue",
                  "precautions.self_rescue", "precautions.capability",
                  "precautions.aftermath", "precautions.warnings", "card"]


class RiskSource(Record, frozen=True):
    """Where a typical risk's card and finder steps were checked: the page and what it
    supports (as a hazard entry's sources)."""

    title: str
    source: str
    supports: str


class TypicalRisk(Record, frozen=True):
    category: str
    name: str
    accident_type: str = ""  # a type of the hazard library
    special_plan: str = ""
    description: str = ""
    key_post: str = ""
    measures: tuple[str, ...] = ()
    # other types the measures apply to as well (暴雨、台风等极端天气: 台风 too)
    also: tuple[str, ...] = ()
    # the measures as a card's short steps (at most 24 characters each), first on the
    # cards of the pack's units for these types
    card: tuple[str, ...] = ()
    # what the first finder at the post does first, in the sector's words (a teacher
    # leads the class out before anything else)
    finder: tuple[str, ...] = ()
    sources: tuple[RiskSource, ...] = ()  # where the card and finder steps were checked
    # the measures, card and finder hold only for a unit whose risks of the type name
    # one of these words (a tank farm's 倒罐 and 泡沫系统 are not a drum store's); () for all
    words: tuple[str, ...] = ()
    # parts of the type's entry (keys of hazards.PART_NAMES) the sector words whole, its
    # lines standing for the library's rather than before them: a cylinder store has no
    # gas main, burner or 燃气企业 to call, so its card and duties are its own
    parts: dict[PartKey, tuple[str, ...]] = msgspec.field(default_factory=dict)
    # names of the type's equipment the sector does without (a cylinder store has no
    # 燃气紧急切断阀): not looked for among its resources
    no_equipment: tuple[str, ...] = ()

    def holds(self, context: str) -> bool:
        return self.names(squash(context))

    def names(self, squashed: str) -> bool:
        """Whether text already squashed names one of the words (or none are asked)."""
        return not self.words or any(w in squashed for w in squashed_words(self.words))


class PackSection(Record, frozen=True):
    """Paragraphs under a title, printed after the wording of the place `after`;
    with `when`, only for a unit whose 基本信息 has that item (重大危险源); `sources`
    where its handling steps were checked (as a typical risk's)."""

    after: str
    title: str
    paragraphs: tuple[str, ...]
    when: Literal["", "重大危险源"] = ""
    replaces: str = ""  # in a variant: the title of the pack's section it stands for
    sources: tuple[RiskSource, ...] = ()


class Size(Record, frozen=True):
    """The lower bounds of 中型 in the pack's sector (0: the sector does not use the
    figure); a unit is 中型 or larger only when it meets every bound the sector
    lists (国统字〔2017〕213号, 表注)."""

    staff: int = 0  # 从业人员（人）
    revenue: int = 0  # 营业收入（万元）
    assets: int = 0  # 资产总额（万元）


class Variant(Record, frozen=True):
    """Facts that differ for a sub-sector of the pack, taken when 所属行业 holds one
    of `words` (金属冶炼 in 工贸; 危险货物运输 in 道路运输), and its own wording: places
    it words otherwise, sections that replace the pack's of the same title (a 幼儿园
    speaks of 幼儿, a 中学 of 学生), terms over the pack's (a university's 院系, a
    school's 年级组), its own 编制依据: `basis` added, `drop_basis` the titles of the
    pack's that do not bind it (a university is no 中小学), and `drop_risks`, the
    pack's typical risks it does not run (a chemical store has no reactor)."""

    name: str
    words: tuple[str, ...]
    why: str  # the article that makes the difference
    high_risk: bool | None = None
    drill_months: int | None = None
    default_profile: str | None = None
    places: dict[str, tuple[str, ...]] = msgspec.field(default_factory=dict)
    sections: tuple[PackSection, ...] = ()
    terms: dict[str, str] = msgspec.field(default_factory=dict)
    basis: tuple[PackBasis, ...] = ()
    drop_basis: tuple[str, ...] = ()
    # names of the pack's typical risks the sub-sector does not run (a store has no
    # reactor): their measures, card and finder steps stay out of its plans
    drop_risks: tuple[str, ...] = ()
    # typical risks of its own, after the pack's (a gas trader's cylinder store)
    typical_risks: tuple[TypicalRisk, ...] = ()
    # words of the 单位名称 that take the variant too, whatever 所属行业 says (a
    # 项目经理部 files as 建筑施工 but names itself)
    names: tuple[str, ...] = ()


class Pack(Record, frozen=True):
    """docgen/data/packs/<key>.toml; `key` is the file's name."""

    name: str
    aliases: tuple[str, ...]
    description: str
    high_risk: bool  # 管理办法 第二十一条: always 评审, whatever the size
    crowded_place: bool
    drill_months: int
    evaluation_years: int
    sector: str  # of the 2017 statistical rules, for the size test
    size: Size
    default_profile: str = "service"  # built without --profile
    variants: tuple[Variant, ...] = ()
    basis: tuple[PackBasis, ...] = ()
    typical_risks: tuple[TypicalRisk, ...] = ()
    places: dict[str, tuple[str, ...]] = msgspec.field(default_factory=dict)
    sections: tuple[PackSection, ...] = ()
    # words of the library's steps the sector says otherwise (拨打120 in a hospital is
    # 呼叫院内急救小组), each replaced wherever a type's entry says it, longest first
    terms: dict[str, str] = msgspec.field(default_factory=dict)
    key: str = ""
    variant: str = ""  # the variant taken (for_industry), "" for the pack itself

    @property
    def general(self) -> bool:
        return self.key == GENERAL

    def wording(self, place: str, unit_name: str) -> list[str] | None:
        """The pack's paragraphs for a place (None: the template's own wording)."""
        lines = self.places.get(place)
        return None if lines is None else [x.replace(UNIT_NAME, unit_name) for x in lines]

    def in_terms(self, line: str) -> str:
        """A library line in the sector's words (terms)."""
        for old in sorted(self.terms, key=len, reverse=True):
            line = line.replace(old, self.terms[old])
        return line

    def sections_after(self, place: str, flags: frozenset[str] = frozenset()) -> list[PackSection]:
        return [s for s in self.sections if s.after == place and (not s.when or s.when in flags)]

    def for_industry(self, industry: str, unit_name: str = "") -> Pack:
        """The pack as it applies to a unit of this 所属行业 (and 单位名称, for a
        variant that names one): a variant's facts, and only the 编制依据 meant for it."""
        text = squash(industry)
        name = squash(unit_name)
        basis = tuple(b for b in self.basis
                      if not b.aliases_only or any(squash(w) in text for w in b.aliases_only))
        pack = msgspec.structs.replace(self, basis=basis)
        for variant in self.variants:
            if any(squash(w) in text for w in variant.words if w) or \
                    any(squash(w) in name for w in variant.names if w):
                changes = {k: getattr(variant, k) for k in ("high_risk", "drill_months",
                                                            "default_profile")
                           if getattr(variant, k) is not None}
                own = {s.replaces or s.title: s for s in variant.sections}
                sections = tuple(own.pop(s.title, s) for s in pack.sections) + tuple(own.values())
                kept = tuple(b for b in pack.basis if b.title not in variant.drop_basis)
                return msgspec.structs.replace(pack, variant=variant.name,
                                               places={**pack.places, **variant.places},
                                               sections=sections,
                                               terms={**pack.terms, **variant.terms},
                                               basis=kept + variant.basis,
                                               typical_risks=tuple(
                                                   t for t in pack.typical_risks
                                                   if t.name not in variant.drop_risks)
                                               + variant.typical_risks,
                                               **changes)
        return pack


@cache
def packs() -> dict[str, Pack]:
    """Every pack, 通用 first, then by file name."""
    names = sorted(data_names("packs"), key=lambda n: (n != f"packs/{GENERAL}.toml", n))
    found = {}
    problems = []
    for name in names:
        key = name.removeprefix("packs/").removesuffix(".toml")
        pack = found[key] = msgspec.structs.replace(load(name, Pack), key=key)
        titles = {b.title for b in pack.basis}
        problems += [f"{name} › variants › drop_basis：变体“{v.name}”去掉的“{t}”不是本包的编制依据"
                     for v in pack.variants for t in v.drop_basis if t not in titles]
        risks = {r.name for r in pack.typical_risks}
        problems += [f"{name} › variants › drop_risks：变体“{v.name}”去掉的“{t}”不是本包的典型风险"
                     for v in pack.variants for t in v.drop_risks if t not in risks]
    if problems:
        raise DataFileError(data_path("packs"), problems)
    return found


def match_industry(industry: str, unit_name: str = "") -> tuple[Pack, bool]:
    """match_pack, with the sub-sector's facts and 编制依据 applied (for_industry;
    `unit_name`, the 单位名称, for a variant that names one)."""
    pack, known = match_pack(industry)
    return pack.for_industry(industry, unit_name), known


@lru_cache(maxsize=1024)
def squashed_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """A data file's words, squashed once (every risk of a register is looked at)."""
    return tuple(w for w in map(squash, words) if w)


def squash(text: str) -> str:
    """Text as words are looked for in it: NFKC, no spaces, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def match_pack(industry: str) -> tuple[Pack, bool]:
    """The pack for a 所属行业, and whether it was recognised. The longest alias found
    in the text wins (商业综合体 over 商业); nothing found gives 通用."""
    general = packs()[GENERAL]
    text = squash(industry)
    if not text:
        return general, True
    best, length = None, 0
    for pack in packs().values():
        for alias in (pack.name, *pack.aliases):
            word = squash(alias)
            if word and word in text and len(word) > length:
                best, length = pack, len(word)
    return (best, True) if best is not None else (general, False)
