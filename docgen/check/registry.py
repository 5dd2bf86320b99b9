"""Where the check functions are registered, what they return (Hit), and how a hit
names the workbook cell it is about. The functions themselves live by topic:
docgen.check.checks (structure, sign-off, drills, contacts, validity),
docgen.check.system (the plan system and its records), docgen.check.substance (the
substance of special plans, on-site procedures and cards) and docgen.check.text
(what only the document's text shows: 目录, cross-references, 编制依据).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from docgen.check.outline import Outline
from docgen.domain.records import Source
from docgen.model import Plan
from docgen.profiles import find_profile
from docgen.report import Location, Severity
from docgen.schema import load_schema, normalize_name


@dataclass(frozen=True)
class Hit:
    message: str
    where: Location = field(default_factory=Location)
    severity: Severity | None = None  # None: the rule's own
    clause: str = ""  # the GB/T 29639-2020 clause it is about, when the rule has several
    fix: str = ""  # what to do about it


Params = dict[str, Any]
PlanCheck = Callable[[Plan, Params], list[Hit]]
DocumentCheck = Callable[[Outline, Params], list[Hit]]
PLAN_CHECKS: dict[str, PlanCheck] = {}
DOCUMENT_CHECKS: dict[str, DocumentCheck] = {}


def plan_check(name: str) -> Callable[[PlanCheck], PlanCheck]:
    def register(function: PlanCheck) -> PlanCheck:
        PLAN_CHECKS[name] = function
        return function
    return register


def document_check(name: str) -> Callable[[DocumentCheck], DocumentCheck]:
    def register(function: DocumentCheck) -> DocumentCheck:
        DOCUMENT_CHECKS[name] = function
        return function
    return register


class Sourced(Protocol):
    """A record read from the workbook (a risk, a contact, an organisation unit …)."""

    @property
    def source(self) -> Source: ...


# ---------------------------------------------------------------- places in the workbook

def file_of(plan: Plan) -> str | None:
    return plan.plan.source.file or None


def place(record: Sourced, attr: str) -> Location:
    """A record's cell; a column the sheet does not have is named as the schema names it
    (应急资源, not resource_codes)."""
    where = record.source.at(attr)
    if where.column == attr and where.sheet:
        rule = load_schema().by_key(normalize_name(where.sheet))
        named = next((c.name for c in rule.columns if c.field == attr), attr) if rule else attr
        where = Location(where.file, where.sheet, where.row, named)
    return where


def sheet_place(plan: Plan, sheet: str, records: Sequence[Sourced] = (),
                column: str | None = None) -> Location:
    """A whole sheet (or one of its columns): in the file of its rows, or of 基本信息
    when it has none (the sheet is missing or empty)."""
    file = records[0].source.file if records else file_of(plan)
    if records and column:
        column = place(records[0], column).column
    return Location(file, sheet, None, column)


def info_place(plan: Plan, attr: str, label: str) -> Location:
    """A 基本信息 item: its own row, or the sheet with the item's name when it is missing."""
    sheet = plan.plan.source.sheet or "基本信息"
    return plan.plan.places.get(attr) or Location(file_of(plan), sheet, None, label)


def severity_of(name: str | None) -> Severity | None:
    return Severity.of_key(name) if name else None


def profile_kinds(plan: Plan) -> set[str]:
    """The kinds of document the plan's profile writes (special, onsite, cards …)."""
    return {spec.kind for spec in find_profile(plan.profile).documents}
