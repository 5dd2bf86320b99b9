"""The domain's words, read from docgen/data/vocabulary.toml: lists of allowed
values (risk categories, resource types, …) and the risk levels with their
default bands and colours. A leaf module: it imports nothing of docgen."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class RiskLevel:
    name: str  # 重大, 较大, 一般, 低
    min: int  # the default band of R = L × S
    max: int
    color: str  # hex fill, e.g. FF0000
    color_name: str  # 红色


@dataclass(frozen=True)
class ScaleStep:
    """One value of the likelihood (L) or severity (S) scale, with what it means."""

    value: int
    name: str
    criteria: str


@dataclass(frozen=True)
class Category:
    """A 风险类别: whether it makes a 专项应急预案 of its own, and the 注意事项 of
    its 现场处置方案."""

    name: str
    special: bool
    precautions: tuple[str, ...]
    on_card: bool = True  # its risks go on the key posts' 应急处置卡


@dataclass(frozen=True)
class Vocabulary:
    lists: dict[str, tuple[str, ...]]
    risk_levels: tuple[RiskLevel, ...]  # highest first
    scales: dict[str, tuple[ScaleStep, ...]]  # likelihood, severity: highest first
    categories: tuple[Category, ...] = ()
    common_precautions: tuple[str, ...] = ()
    card_bodies: tuple[str, ...] = ()

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


def read_data(name: str) -> dict:
    """A TOML file of docgen/data, parsed."""
    return tomllib.loads(resources.files("docgen.data").joinpath(name).read_text("utf-8"))


@cache
def vocabulary() -> Vocabulary:
    data = read_data("vocabulary.toml")
    levels = tuple(RiskLevel(**level) for level in data["risk_levels"])
    lists = {name: tuple(values) for name, values in data["lists"].items()}
    lists["risk_levels"] = tuple(level.name for level in levels)
    scales = {name: tuple(ScaleStep(**step) for step in steps)
              for name, steps in data["scales"].items()}
    categories = tuple(Category(c["name"], c["special"], tuple(c["precautions"]),
                                c.get("on_card", True)) for c in data["categories"])
    lists["risk_categories"] = tuple(c.name for c in categories)
    return Vocabulary(lists, levels, scales, categories,
                      tuple(data["onsite"]["common_precautions"]),
                      tuple(data["onsite"]["card_bodies"]))


def scale_note(name: str) -> str:
    """`1 极不可能，2 不太可能，…`: the scale in one line, lowest first."""
    steps = sorted(vocabulary().scales[name], key=lambda step: step.value)
    return "，".join(f"{step.value} {step.name}" for step in steps)
