"""What the plan falls back on when the workbook does not say (docgen/data/defaults.toml)."""

from __future__ import annotations

from functools import cache

from docgen.datafile import Record, load


class DefaultLevel(Record, frozen=True):
    """A 响应分级 row; {最高机构}, {总指挥} and {办公室} name the organisation's own bodies."""

    level: str
    trigger: str
    commander: str
    measures: str


class Defaults(Record, frozen=True):
    office: str  # the body the procedures name for reporting, assessment and dispatch
    response_levels: tuple[DefaultLevel, ...]
    leader_titles: dict[str, str]  # the top unit's head, by how the unit's name ends


@cache
def defaults() -> Defaults:
    return load("defaults.toml", Defaults)
