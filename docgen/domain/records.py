"""One frozen record per input row, in the plan's own terms.

Field names are those of docs/template-context.md; every record remembers the
row it came from (`source`) so later checks can point at the cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar

from docgen.domain.text import finished_items, lines_of
from docgen.domain.values import Month
from docgen.hazards import Hazard
from docgen.report import Location


@dataclass(frozen=True)
class Source:
    """Where a record was read: file, sheet, Excel row, and each field's header as typed."""

    file: str = ""
    sheet: str = ""
    row: int | None = None
    headers: tuple[tuple[str, str], ...] = ()

    def at(self, field_name: str | None = None) -> Location:
        column = dict(self.headers).get(field_name, field_name) if field_name else None
        return Location(self.file or None, self.sheet or None, self.row, column)


_NO_SOURCE = Source()


@dataclass(frozen=True)
class Record:
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    source: Source = field(default=_NO_SOURCE, compare=False, repr=False)


R = TypeVar("R", bound=Record)
_PLAIN_FIELDS: dict[type, frozenset[str] | None] = {}


def replaced(record: R, **changes: Any) -> R:
    """`dataclasses.replace(record, **changes)`, made without running `__init__` again
    when the class has nothing for it to do (no `__post_init__`, every field set by
    it): the model copies each of a register's 10,000 risks once, and `replace`
    took 16 µs a copy where this takes 3."""
    cls = type(record)
    if cls not in _PLAIN_FIELDS:
        plain = not hasattr(cls, "__post_init__") and all(f.init for f in fields(cls))
        _PLAIN_FIELDS[cls] = frozenset(f.name for f in fields(cls)) if plain else None
    names = _PLAIN_FIELDS[cls]
    if names is None or not changes.keys() <= names:  # replace says what is wrong
        return replace(record, **changes)
    copy = object.__new__(cls)
    state, own = copy.__dict__, record.__dict__
    for name in names:
        state[name] = own[name]
    state.update(changes)
    return copy


@dataclass(frozen=True)
class PlanInfo(Record):
    unit_name: str = ""
    plan_name: str = ""
    plan_code: str = ""
    version: str = ""
    head: str = ""
    head_title: str = ""
    duty_phone: str = ""
    publish_date: dt.date | None = None
    effective_date: dt.date | None = None
    contact_person: str = ""
    contact_phone: str = ""
    last_evaluation: dt.date | None = None
    drafting_dept: str = ""
    address: str = ""
    industry: str = ""
    staff_count: int | None = None
    revenue: float | None = None  # 营业收入（万元）
    assets: float | None = None  # 资产总额（万元）
    major_hazard: str = ""  # 重大危险源, as typed (无 when none)
    parent_org: str = ""
    office_unit: str = ""  # the 组织机构 unit in the 应急办公室 role, when not so named
    filing_authority: str = ""
    overview: str = ""
    scope: str = ""
    # 基本信息 is one key per row: each field's own place, for messages.
    places: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)

    def at(self, field_name: str) -> Location:
        return self.places.get(field_name) or self.source.at(field_name)

    @property
    def has_major_hazard(self) -> bool:
        return self.major_hazard.strip() not in ("", "无", "否", "没有", "—", "-")

    @property
    def short_name(self) -> str:
        """预案名称 without a leading 单位名称, for a cover that prints the unit above it."""
        if self.unit_name and self.plan_name.startswith(self.unit_name) and \
                self.plan_name != self.unit_name:
            return self.plan_name[len(self.unit_name):]
        return self.plan_name


@dataclass(frozen=True)
class Risk(Record):
    code: str = ""
    category: str = ""
    name: str = ""
    description: str = ""
    likelihood: int = 0
    severity: int = 0
    scope: str = ""
    warning_signs: str = ""
    measures: str = ""
    owner_unit: str = ""
    key_posts: str = ""
    resource_codes: list[str] = field(default_factory=list)
    special_plan: str = ""  # the 专项应急预案 it belongs to, as typed
    accident_type: str = ""  # 事故类型 as typed (a name of the hazard library), or ""
    given_score: float | None = None
    given_level: str = ""
    # Computed by the model stage (docgen.model.plan).
    score: int = 0
    level: str = ""
    level_color: str = ""
    resources: tuple[Resource, ...] = ()
    hazard: Hazard | None = None  # its type: typed, else recognised (docgen.hazards)
    hazard_word: str = ""  # the word of its name or description that recognised it

    @property
    def measure_lines(self) -> list[str]:
        return lines_of(self.measures)

    @property
    def measure_items(self) -> list[str]:
        """The measures as a numbered list of finished sentences."""
        return finished_items(self.measures)


@dataclass(frozen=True)
class OrgUnitRecord(Record):
    name: str = ""
    parent: str = ""
    leader: str = ""
    members: list[str] = field(default_factory=list)
    duties: str = ""


class Expiring:
    """A record with an 有效期至 (`expires`): a resource, an agreement."""

    expires: dt.date | None

    def expired_by(self, day: dt.date | None) -> bool:
        """Whether it has lapsed before `day` (the 发布日期); never when either is unknown."""
        return self.expires is not None and day is not None and self.expires < day


@dataclass(frozen=True)
class Resource(Record, Expiring):
    code: str = ""
    type: str = ""
    name: str = ""
    spec: str = ""
    quantity: int | float = 0
    unit: str = ""
    location: str = ""
    keeper: str = ""
    phone: str = ""
    expires: dt.date | None = None
    note: str = ""
    phone_from_keeper: bool = False  # 联系电话 left empty: the 管理人's, from 通讯录

    @property
    def typed_phone(self) -> str:
        """联系电话 as typed ("" when it is the 管理人's, taken from 通讯录)."""
        return "" if self.phone_from_keeper else self.phone

    @property
    def place_verb(self) -> str:
        """How the plan says where it is: people 驻守, things are 存放."""
        return "驻守" if self.type == "人力资源" else "存放"


@dataclass(frozen=True)
class Contact(Record):
    name: str = ""
    org: str = ""
    dept: str = ""
    title: str = ""
    role: str = ""
    office_phone: str = ""
    mobile: str = ""
    email: str = ""
    kind: str = "内部"

    @property
    def phone(self) -> str:
        """A person's phone is their mobile; an outside body's is its office or
        hotline number (a duty desk answers it)."""
        if self.kind == "外部":
            return self.office_phone or self.mobile
        return self.mobile or self.office_phone


@dataclass(frozen=True)
class Drill(Record):
    name: str = ""
    form: str = ""
    plan_type: str = "综合"
    risk_codes: list[str] = field(default_factory=list)
    when: dt.date | Month | None = None
    organiser: str = ""
    scope: str = ""
    goal: str = ""

    @property
    def risks_text(self) -> str:
        return "、".join(self.risk_codes)


@dataclass(frozen=True)
class Training(Record):
    content: str = ""
    audience: str = ""
    form: str = ""
    when: dt.date | Month | None = None
    hours: int | float | None = None
    assessment: str = ""


@dataclass(frozen=True)
class Revision(Record):
    version: str = ""
    date: dt.date | None = None
    content: str = ""
    reviser: str = ""


@dataclass(frozen=True)
class Agreement(Record, Expiring):
    party: str = ""
    content: str = ""
    signed: dt.date | None = None
    expires: dt.date | None = None
    contact: str = ""
    phone: str = ""


@dataclass(frozen=True)
class PlanNumber(Record):
    """预案编号 sheet: a plan of the system (by its name, its 专项预案, or its kind) and
    the number the administrator gives it."""

    plan: str = ""
    number: str = ""


@dataclass(frozen=True)
class TeamMember(Record):
    name: str = ""
    dept: str = ""
    title: str = ""
    role: str = ""


@dataclass(frozen=True)
class ResponseLevel(Record):
    level: str = ""
    trigger: str = ""
    commander: str = ""
    measures: str = ""


@dataclass(frozen=True)
class Drawing(Record):
    name: str = ""
    file: str = ""
    description: str = ""
    picture: Any = None  # set by validation: the checked file (validate.drawings.Picture)
    image: Any = None  # set at rendering: a docxtpl InlineImage


@dataclass(frozen=True)
class RiskBand(Record):
    level: str = ""
    min: int = 0
    max: int = 0
    color: str = ""


@dataclass(frozen=True)
class TextBlock(Record):
    place: str = ""
    content: str = ""
    mode: str = "替换"

    @property
    def lines(self) -> list[str]:
        return [line for line in self.content.split("\n") if line.strip()]


RECORD_TYPES: dict[str, type[Record]] = {
    "risk": Risk,
    "org_unit": OrgUnitRecord,
    "resource": Resource,
    "contact": Contact,
    "drill": Drill,
    "training": Training,
    "revision": Revision,
    "agreement": Agreement,
    "team_member": TeamMember,
    "plan_number": PlanNumber,
    "response_level": ResponseLevel,
    "drawing": Drawing,
    "risk_band": RiskBand,
    "text_block": TextBlock,
}


@dataclass(frozen=True)
class PlanData:
    """Everything the workbook holds, as typed records (validated, not yet enriched)."""

    info: PlanInfo
    risks: list[Risk] = field(default_factory=list)
    units: list[OrgUnitRecord] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    drills: list[Drill] = field(default_factory=list)
    trainings: list[Training] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    team: list[TeamMember] = field(default_factory=list)
    numbers: list[PlanNumber] = field(default_factory=list)
    levels: list[ResponseLevel] = field(default_factory=list)
    drawings: list[Drawing] = field(default_factory=list)
    bands: list[RiskBand] = field(default_factory=list)
    texts: list[TextBlock] = field(default_factory=list)
