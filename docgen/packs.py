"""Industry packs, read from docgen/data/packs/*.toml: what a plan says
differently for a kind of organisation. 基本信息's 所属行业 chooses one through
its aliases; 通用 (general.toml) serves every other organisation.

A pack holds its 编制依据 (each law or standard with its source, SOURCES.md),
wording for the templates' 文本 places, extra sections after a place, typical
risks for the fill-in workbook, and the facts the compliance rules depend on
(人员密集场所, 高危行业, drill and evaluation periods). Adding a pack is adding a
file; no code names one, except the fallback.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

GENERAL = "general"
UNIT_NAME = "{单位名称}"  # the one placeholder pack wording may hold


@dataclass(frozen=True)
class Basis:
    """One entry of the 编制依据, with where its title, number and date were checked."""

    title: str
    kind: str  # 法律, 行政法规, 部门规章, 规范性文件, 国家标准, …
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


@dataclass(frozen=True)
class TypicalRisk:
    category: str
    name: str
    special_plan: str = ""
    description: str = ""
    key_post: str = ""
    measures: tuple[str, ...] = ()


@dataclass(frozen=True)
class PackSection:
    """Paragraphs under a title, printed after the wording of the place `after`."""

    after: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Pack:
    key: str
    name: str
    aliases: tuple[str, ...]
    description: str
    high_risk: bool
    crowded_place: bool
    drill_months: int
    evaluation_years: int
    medium_staff: int  # 从业人数 from which a unit may be 中型规模 (管理办法 art. 21, 35)
    basis: tuple[Basis, ...]
    typical_risks: tuple[TypicalRisk, ...]
    places: dict[str, tuple[str, ...]]
    sections: tuple[PackSection, ...]

    @property
    def general(self) -> bool:
        return self.key == GENERAL

    def wording(self, place: str, unit_name: str) -> list[str] | None:
        """The pack's paragraphs for a place (None: the template's own wording)."""
        lines = self.places.get(place)
        return None if lines is None else [x.replace(UNIT_NAME, unit_name) for x in lines]

    def sections_after(self, place: str) -> list[PackSection]:
        return [s for s in self.sections if s.after == place]


def _pack(key: str, data: dict) -> Pack:
    return Pack(
        key=key, name=data["name"], aliases=tuple(data.get("aliases", ())),
        description=data.get("description", ""), high_risk=data.get("high_risk", False),
        crowded_place=data.get("crowded_place", False),
        drill_months=data.get("drill_months", 12),
        evaluation_years=data.get("evaluation_years", 3),
        medium_staff=data.get("medium_staff", 100),
        basis=tuple(Basis(**b) for b in data.get("basis", ())),
        typical_risks=tuple(TypicalRisk(**{**r, "measures": tuple(r.get("measures", ()))})
                            for r in data.get("typical_risks", ())),
        places={k: tuple(v) for k, v in data.get("places", {}).items()},
        sections=tuple(PackSection(s["after"], s["title"], tuple(s["paragraphs"]))
                       for s in data.get("sections", ())),
    )


@cache
def packs() -> dict[str, Pack]:
    """Every pack, 通用 first, then by file name."""
    folder = resources.files("docgen.data").joinpath("packs")
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: (e.name != f"{GENERAL}.toml", e.name)):
        if entry.name.endswith(".toml"):
            key = entry.name[:-len(".toml")]
            found[key] = _pack(key, tomllib.loads(entry.read_text("utf-8")))
    return found


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def match_pack(industry: str) -> tuple[Pack, bool]:
    """The pack for a 所属行业, and whether it was recognised. The longest alias found
    in the text wins (商业综合体 over 商业); nothing found gives 通用."""
    general = packs()[GENERAL]
    text = _squash(industry)
    if not text:
        return general, True
    best, length = None, 0
    for pack in packs().values():
        for alias in (pack.name, *pack.aliases):
            word = _squash(alias)
            if word and word in text and len(word) > length:
                best, length = pack, len(word)
    return (best, True) if best is not None else (general, False)
