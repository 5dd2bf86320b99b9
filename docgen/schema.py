"""The input workbook's sheets and columns, read from docgen/data/sheets.toml.

A leaf module that both the reader (which locates sheets by name) and the
validate stage (which decides what a value must be) use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from docgen.vocabulary import read_data, vocabulary

_SPACES = re.compile(r"\s+")


def normalize_name(name: Any) -> str:
    """Match sheet names and headers the way a person reads them: ignoring
    surrounding and inner spaces, a trailing * (required mark) and
    full-width/half-width differences."""
    text = unicodedata.normalize("NFKC", str(name))
    text = _SPACES.sub("", text)
    return text.rstrip("*").strip()


@dataclass(frozen=True)
class ColumnRule:
    name: str
    field: str
    type: str = "text"
    required: bool = False
    unique: bool = False
    values: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    default: str | None = None
    aliases: tuple[str, ...] = ()
    # For the fill-in workbook (docgen.fillin): guidance, an example, a width.
    note: str = ""
    example: str = ""
    width: int | None = None
    fillin: bool = True
    scale: str | None = None  # likelihood or severity (vocabulary.toml)

    def header_keys(self) -> list[str]:
        """Normalized headers that name this column."""
        return [normalize_name(n) for n in (self.name, *self.aliases)]


@dataclass(frozen=True)
class SheetRule:
    name: str
    layout: str = "table"  # or "keyvalue" (基本信息)
    record: str = ""
    columns: tuple[ColumnRule, ...] = ()
    key_header: str = "项目"
    value_header: str = "内容"
    note: str = ""  # what the sheet is for, in the fill-in workbook's 填写说明

    @property
    def key(self) -> str:
        return normalize_name(self.name)


@dataclass(frozen=True)
class Schema:
    sheets: dict[str, SheetRule] = field(default_factory=dict)
    guide_sheet: str = "填写说明"  # the fill-in workbook's guidance, never data

    def sheet(self, name: str) -> SheetRule:
        return self.sheets[name]

    def by_key(self, key: str) -> SheetRule | None:
        """The sheet whose normalized name is `key`."""
        return next((s for s in self.sheets.values() if s.key == key), None)


def _column(raw: dict, lists: dict[str, tuple[str, ...]]) -> ColumnRule:
    values = raw.get("values", ())
    if isinstance(values, str):
        values = lists[values]
    return ColumnRule(
        name=raw["name"], field=raw["field"], type=raw.get("type", "text"),
        required=raw.get("required", False), unique=raw.get("unique", False),
        values=tuple(values), min=raw.get("min"), max=raw.get("max"),
        default=raw.get("default"), aliases=tuple(raw.get("aliases", ())),
        note=raw.get("note", ""), example=str(raw.get("example", "")),
        width=raw.get("width"), fillin=raw.get("fillin", True), scale=raw.get("scale"),
    )


@cache
def load_schema() -> Schema:
    data = read_data("sheets.toml")
    lists = vocabulary().lists
    sheets = {}
    for name, raw in data["sheets"].items():
        columns = raw.get("columns") or raw.get("items") or []
        sheets[name] = SheetRule(
            name=name, layout=raw.get("layout", "table"), record=raw.get("record", ""),
            columns=tuple(_column(c, lists) for c in columns),
            key_header=raw.get("key_header", "项目"),
            value_header=raw.get("value_header", "内容"),
            note=raw.get("note", ""),
        )
    return Schema(sheets, data.get("guide_sheet", "填写说明"))


def closest(name: str, candidates: list[str]) -> str | None:
    """The known name an unknown one most likely means: one it contains or is
    contained in (风险（续） → 风险), else the most similar."""
    import difflib

    key = normalize_name(name)
    keys = {normalize_name(c): c for c in candidates}
    contained = [c for k, c in keys.items() if k and (k in key or key in k)]
    if contained:
        return max(contained, key=len)
    found = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.5)
    return keys[found[0]] if found else None
