"""The input workbook's sheets and columns, read from docgen/data/sheets.toml.

A leaf module that both the reader (which locates sheets by name) and the
validate stage (which decides what a value must be) use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from docgen.datafile import Record, data_path, load
from docgen.errors import DataFileError
from docgen.hazards import library
from docgen.messages import say
from docgen.vocabulary import vocabulary

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


ColumnType = Literal["text", "choice", "int", "number", "date", "date_or_month", "phone",
                    "mobile", "list", "accident_type"]


class ColumnFile(Record, frozen=True):
    name: str
    field: str
    type: ColumnType = "text"
    required: bool = False
    unique: bool = False
    values: str | tuple[str, ...] = ()  # a list of vocabulary.toml, by name, or the values
    min: float | None = None
    max: float | None = None
    default: str | None = None
    aliases: tuple[str, ...] = ()
    note: str = ""
    example: str | int | float = ""
    width: int | None = None
    fillin: bool = True
    scale: Literal["likelihood", "severity"] | None = None


class SheetFile(Record, frozen=True):
    layout: Literal["table", "keyvalue"] = "table"
    record: str = ""
    columns: tuple[ColumnFile, ...] = ()
    items: tuple[ColumnFile, ...] = ()  # the keys of a keyvalue sheet
    key_header: str = "项目"
    value_header: str = "内容"
    note: str = ""


class SheetsFile(Record, frozen=True):
    """docgen/data/sheets.toml as written."""

    sheets: dict[str, SheetFile]
    guide_sheet: str = "填写说明"


def _column(raw: ColumnFile, lists: dict[str, tuple[str, ...]], where: str,
            problems: list[str]) -> ColumnRule:
    values = raw.values
    if isinstance(values, str):
        if values not in lists:
            problems.append(say("datafile.unknown_list", key=f"{where}.values", name=values))
        values = lists.get(values, ())
    return ColumnRule(
        name=raw.name, field=raw.field, type=raw.type, required=raw.required,
        unique=raw.unique, values=tuple(values), min=raw.min, max=raw.max,
        default=raw.default, aliases=raw.aliases, note=raw.note, example=str(raw.example),
        width=raw.width, fillin=raw.fillin, scale=raw.scale,
    )


@cache
def load_schema() -> Schema:
    data = load("sheets.toml", SheetsFile)
    lists = {**vocabulary().lists, "accident_types": tuple(library().names)}
    sheets: dict[str, SheetRule] = {}
    problems: list[str] = []
    for name, raw in data.sheets.items():
        key = "items" if raw.layout == "keyvalue" else "columns"
        columns = raw.items if raw.layout == "keyvalue" else raw.columns
        sheets[name] = SheetRule(
            name=name, layout=raw.layout, record=raw.record,
            columns=tuple(_column(c, lists, f"sheets.{name}.{key}[{i}]", problems)
                          for i, c in enumerate(columns)),
            key_header=raw.key_header, value_header=raw.value_header, note=raw.note,
        )
    if problems:
        raise DataFileError(data_path("sheets.toml"), problems)
    return Schema(sheets, data.guide_sheet)


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
