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

import typing
import unicodedata
from functools import cache
from typing import Literal

import msgspec

from docgen.datafile import Record, data_names, load

GENERAL = "general"
UNIT_NAME = "{单位名称}"  # the one placeholder pack wording may hold

BasisKind = Literal["法律", "行政法规", "部门规章", "地方性法规", "规范性文件", "国家标准",
                    "行业标准", "地方标准", "本单位制度"]
# The order a 编制依据 lists them in: by legal rank, standards after the texts of law.
BASIS_ORDER: tuple[str, ...] = typing.get_args(BasisKind)


class Basis(Record):
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


class TypicalRisk(Record):
    category: str
    name: str
    special_plan: str = ""
    description: str = ""
    key_post: str = ""
    measures: tuple[str, ...] = ()


class PackSection(Record):
    """Paragraphs under a title, printed after the wording of the place `after`."""

    after: str
    title: str
    paragraphs: tuple[str, ...]


class Pack(Record):
    """docgen/data/packs/<key>.toml; `key` is the file's name."""

    name: str
    aliases: tuple[str, ...]
    description: str
    high_risk: bool
    crowded_place: bool
    drill_months: int
    evaluation_years: int
    medium_staff: int  # 从业人数 from which a unit may be 中型规模 (管理办法 art. 21, 35)
    basis: tuple[Basis, ...] = ()
    typical_risks: tuple[TypicalRisk, ...] = ()
    places: dict[str, tuple[str, ...]] = msgspec.field(default_factory=dict)
    sections: tuple[PackSection, ...] = ()
    key: str = ""

    @property
    def general(self) -> bool:
        return self.key == GENERAL

    def wording(self, place: str, unit_name: str) -> list[str] | None:
        """The pack's paragraphs for a place (None: the template's own wording)."""
        lines = self.places.get(place)
        return None if lines is None else [x.replace(UNIT_NAME, unit_name) for x in lines]

    def sections_after(self, place: str) -> list[PackSection]:
        return [s for s in self.sections if s.after == place]


@cache
def packs() -> dict[str, Pack]:
    """Every pack, 通用 first, then by file name."""
    names = sorted(data_names("packs"), key=lambda n: (n != f"packs/{GENERAL}.toml", n))
    found = {}
    for name in names:
        key = name.removeprefix("packs/").removesuffix(".toml")
        found[key] = msgspec.structs.replace(load(name, Pack), key=key)
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
