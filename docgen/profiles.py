"""Profiles and their documents, read from docgen/data/profiles.toml.

A profile is what `--profile` names; it builds one or more documents, each from
a template, with a default 预案名称, an output-name pattern, a page geometry and
the sheets it needs. Adding a profile is adding entries and templates, not code.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache

from docgen.vocabulary import read_data

DEFAULT_PROFILE = "service"


@dataclass(frozen=True)
class PageGeometry:
    """A page in millimetres, portrait; `landscape` turns it."""

    name: str
    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float

    def oriented(self, landscape: bool) -> tuple[float, float, float, float, float, float]:
        """(width, height, top, bottom, left, right) of a page in that orientation;
        a landscape page is the portrait one turned: its top margin becomes the left,
        its bottom the right, its left the top and its right the bottom."""
        if not landscape:
            return self.width, self.height, self.top, self.bottom, self.left, self.right
        return self.height, self.width, self.left, self.right, self.top, self.bottom

    def text_width(self, landscape: bool = False) -> float:
        width, _, _, _, left, right = self.oriented(landscape)
        return width - left - right

    def text_height(self, landscape: bool = False) -> float:
        _, height, top, bottom, _, _ = self.oriented(landscape)
        return height - top - bottom


@dataclass(frozen=True)
class DocumentSpec:
    key: str
    title: str
    template: str  # file name in templates_docx/
    source: str  # markup source in templates_docx/src/
    plan_name: str  # pattern of the default 预案名称
    output: str  # pattern of the output file name
    page: PageGeometry
    required_sheets: tuple[str, ...]
    # comprehensive, special (one document per special plan), onsite or cards
    kind: str = "comprehensive"


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    documents: tuple[DocumentSpec, ...]

    @property
    def required_sheets(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for document in self.documents:
            seen.update(dict.fromkeys(document.required_sheets))
        return tuple(seen)


# The placeholders a name pattern may use, and the PlanInfo field each stands for.
PLACEHOLDERS = {"单位名称": "unit_name", "预案编号": "plan_code", "预案名称": "plan_name",
                "版本号": "version", "专项预案": "special"}


def fill_pattern(pattern: str, values: dict[str, str]) -> str:
    """`{单位名称}服务应急措施预案` with the placeholders filled from `values`."""
    return string.Formatter().vformat(pattern, (), values)


@cache
def document_specs() -> dict[str, DocumentSpec]:
    """Every document declared, by key: those of the profiles and the extra ones."""
    data = read_data("profiles.toml")
    pages = {name: PageGeometry(name, **raw) for name, raw in data["pages"].items()}
    return {
        key: DocumentSpec(key=key, title=raw["title"], template=raw["template"],
                          source=raw["source"], plan_name=raw["plan_name"],
                          output=raw["output"], page=pages[raw["page"]],
                          required_sheets=tuple(raw["required_sheets"]),
                          kind=raw.get("kind", "comprehensive"))
        for key, raw in data["documents"].items()
    }


@cache
def profiles() -> dict[str, Profile]:
    data = read_data("profiles.toml")
    documents = document_specs()
    return {name: Profile(name, raw["description"],
                          tuple(documents[key] for key in raw["documents"]))
            for name, raw in data["profiles"].items()}


def profile(name: str) -> Profile:
    return profiles()[name]


def all_documents() -> list[DocumentSpec]:
    """Every document declared (the authoring step builds a template for each)."""
    return list(document_specs().values())
