"""The domain's words, read from docgen/data/vocabulary.toml: lists of allowed
values (risk categories, resource types, …) and the risk levels with their
default bands and colours. A leaf module: it imports only the data-file loader."""

from __future__ import annotations

from functools import cache

import msgspec

from docgen.datafile import Record, load


class RiskLevel(Record, frozen=True):
    name: str  # 重大, 较大, 一般, 低
    min: int  # the default band of R = L × S
    max: int
    color: str  # hex fill, e.g. FF0000
    color_name: str  # 红色


class ScaleStep(Record, frozen=True):
    """One value of the likelihood (L) or severity (S) scale, with what it means."""

    value: int
    name: str
    criteria: str


class Category(Record, frozen=True):
    """A 风险类别; what its risks' plans say comes from their 事故类型."""

    name: str
    accidents: bool = True  # False: no accident (a change of rules): type 其他, no plan
    on_card: bool = True  # its risks go on the key posts' 应急处置卡


class Onsite(Record, frozen=True):
    card_bodies: tuple[str, ...]


class VocabularyFile(Record, frozen=True):
    """docgen/data/vocabulary.toml as written."""

    lists: dict[str, tuple[str, ...]]
    risk_levels: tuple[RiskLevel, ...]
    scales: dict[str, tuple[ScaleStep, ...]]
    categories: tuple[Category, ...]
    onsite: Onsite
    contact_words: dict[str, tuple[str, ...]]


class Vocabulary(Record, frozen=True):
    lists: dict[str, tuple[str, ...]]
    risk_levels: tuple[RiskLevel, ...]  # highest first
    scales: dict[str, tuple[ScaleStep, ...]]  # likelihood, severity: highest first
    categories: tuple[Category, ...] = ()
    card_bodies: tuple[str, ...] = ()
    contact_words: dict[str, tuple[str, ...]] = msgspec.field(default_factory=dict)

    def category(self, name: str) -> Category | None:
        return next((c for c in self.categories if c.name == name), None)

    @property
    def risk_categories(self) -> tuple[str, ...]:
        return self.lists["risk_categories"]

    @property
    def resource_types(self) -> tuple[str, ...]:
        return self.lists["resource_types"]

    @property
    def level_names(self) -> tuple[str, ...]:
        return tuple(level.name for level in self.risk_levels)

    @property
    def high_levels(self) -> tuple[str, ...]:
        """重大 and 较大: the levels that call for on-site procedures and named resources."""
        return self.level_names[:2]

    def level(self, name: str) -> RiskLevel | None:
        return next((level for level in self.risk_levels if level.name == name), None)


@cache
def vocabulary() -> Vocabulary:
    data = load("vocabulary.toml", VocabularyFile)
    lists = dict(data.lists)
    lists["risk_levels"] = tuple(level.name for level in data.risk_levels)
    lists["risk_categories"] = tuple(c.name for c in data.categories)
    return Vocabulary(lists=lists, risk_levels=data.risk_levels, scales=data.scales,
                      categories=data.categories,
                      card_bodies=data.onsite.card_bodies,
                      contact_words=data.contact_words)


def scale_note(name: str) -> str:
    """`1 极不可能，2 不太可能，…`: the scale in one line, lowest first."""
    steps = sorted(vocabulary().scales[name], key=lambda step: step.value)
    return "，".join(f"{step.value} {step.name}" for step in steps)
