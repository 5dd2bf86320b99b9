"""Profiles and their documents, read from docgen/data/profiles.toml.

A profile is what `--profile` names; it builds one or more documents, each from
a template, with a default 预案名称, an output-name pattern, a page geometry and
the sheets it needs. Adding a profile is adding entries and templates, not code.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from typing import Literal

from docgen.datafile import Record, data_path, load
from docgen.errors import DataFileError, UsageError
from docgen.messages import say

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
    # comprehensive, special (one document per special plan), onsite, cards or extra
    kind: DocumentKind = "comprehensive"
    number: str = "{预案编号}"  # pattern of the document's own 预案编号


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


DocumentKind = Literal["comprehensive", "special", "onsite", "cards", "extra"]


class PageFile(Record, frozen=True):
    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float


class DocumentFile(Record, frozen=True):
    title: str
    template: str
    source: str
    plan_name: str
    output: str
    page: str
    required_sheets: tuple[str, ...]
    kind: DocumentKind = "comprehensive"
    number: str = "{预案编号}"


class ProfileFile(Record, frozen=True):
    description: str
    documents: tuple[str, ...]


class ProfilesFile(Record, frozen=True):
    """docgen/data/profiles.toml as written."""

    pages: dict[str, PageFile]
    documents: dict[str, DocumentFile]
    profiles: dict[str, ProfileFile]


@cache
def _profiles_file() -> ProfilesFile:
    data = load("profiles.toml", ProfilesFile)
    problems = [say("datafile.unknown_page", document=key, page=d.page,
                    pages="、".join(data.pages))
                for key, d in data.documents.items() if d.page not in data.pages]
    problems += [say("datafile.unknown_document", profile=name, document=key)
                 for name, p in data.profiles.items() for key in p.documents
                 if key not in data.documents]
    if problems:
        raise DataFileError(data_path("profiles.toml"), problems)
    return data


# The placeholders a name pattern may use, and the PlanInfo field each stands for.
PLACEHOLDERS = {"单位名称": "unit_name", "预案编号": "plan_code", "预案名称": "plan_name",
                "版本号": "version", "专项预案": "special", "序号": "number"}


def fill_pattern(pattern: str, values: dict[str, str]) -> str:
    """`{单位名称}服务应急措施预案` with the placeholders filled from `values`."""
    return string.Formatter().vformat(pattern, (), values)


@cache
def document_specs() -> dict[str, DocumentSpec]:
    """Every document declared, by key: those of the profiles and the extra ones."""
    data = _profiles_file()
    pages = {name: PageGeometry(name, raw.width, raw.height, raw.top, raw.bottom, raw.left,
                                raw.right) for name, raw in data.pages.items()}
    return {
        key: DocumentSpec(key=key, title=raw.title, template=raw.template,
                          source=raw.source, plan_name=raw.plan_name,
                          output=raw.output, page=pages[raw.page],
                          required_sheets=raw.required_sheets, kind=raw.kind,
                          number=raw.number)
        for key, raw in data.documents.items()
    }


@cache
def profiles() -> dict[str, Profile]:
    documents = document_specs()
    return {name: Profile(name, raw.description,
                          tuple(documents[key] for key in raw.documents))
            for name, raw in _profiles_file().profiles.items()}


def find_profile(name: str) -> Profile:
    known = profiles()
    if name not in known:
        raise UsageError(say("usage.unknown_profile", name=name, known="、".join(known)))
    return known[name]


def all_documents() -> list[DocumentSpec]:
    """Every document declared (the authoring step builds a template for each)."""
    return list(document_specs().values())
