"""What changed between two versions of a plan, as typed values: one `Change` per
row added or removed and per field modified, grouped in a `Section` per table;
`Changes` holds them with the editions compared and the rule of re-filing
(docgen/data/revision_rules.toml) that each change meets or not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Final, Literal

import msgspec

from docgen.datafile import Record, data_path, load
from docgen.domain.records import Revision
from docgen.errors import DataFileError
from docgen.messages import say

Kind = Literal["新增", "删除", "修改"]
ADDED: Final = "新增"
REMOVED: Final = "删除"
MODIFIED: Final = "修改"
KINDS: tuple[Kind, ...] = (ADDED, REMOVED, MODIFIED)
SHOWN_LINES = 20  # changes listed on the terminal; the 修订说明 lists them all
SHORT = 24  # a value longer than this is not repeated in one-line descriptions


class Rule(Record, frozen=True):
    """A kind of change that requires re-filing (one [[rules]] entry)."""

    matter: str  # which matter of 第三十七条
    why: str
    table: str
    kinds: tuple[Kind, ...] = KINDS
    fields: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    crossing: bool = False

    def matches(self, table: str, kind: str, key: str, field_name: str,
                old_level: str, new_level: str) -> bool:
        if table != self.table or kind not in self.kinds:
            return False
        if self.keys and key not in self.keys:
            return False
        if kind == MODIFIED and self.fields and field_name not in self.fields:
            return False
        if self.levels:
            was, now = old_level in self.levels, new_level in self.levels
            if kind == ADDED:
                return now
            if kind == REMOVED:
                return was
            return was != now if self.crossing else was or now
        return True


@dataclass(frozen=True)
class Basis:
    """The regulation the rules rest on, as revision_rules.toml quotes it."""

    title: str
    edition: str
    revise_article: str
    revise_text: str
    refile_article: str
    refile_text: str
    matters: tuple[str, ...]
    procedure: tuple[str, ...]

    @property
    def matters_text(self) -> str:
        return "、".join(self.matters)


class TableSpec(Record, frozen=True):
    """One [[tables]] entry: the rows of a sheet, aligned between versions by `key`."""

    id: str
    title: str
    sheet: str
    records: str  # the Plan's list (info and texts are read by docgen.diff itself)
    key: str  # "" for a sheet of one row (基本信息)
    fields: tuple[str, ...]
    name: str = ""  # a field shown after the key
    labels: dict[str, str] = msgspec.field(default_factory=dict)
    summary: tuple[str, ...] = ()


class Article(Record, frozen=True):
    article: str
    text: str
    matters: tuple[str, ...] = ()


class Regulation(Record, frozen=True):
    title: str
    edition: str
    revise: Article
    refile: Article


class Step(Record, frozen=True):
    text: str


class RevisionRulesFile(Record, frozen=True):
    """docgen/data/revision_rules.toml as written."""

    regulation: Regulation
    rules: tuple[Rule, ...]
    tables: tuple[TableSpec, ...]
    procedure: tuple[Step, ...] = ()


@cache
def revision_rules() -> tuple[Basis, tuple[Rule, ...], tuple[TableSpec, ...]]:
    """(basis, rules, table specs) from docgen/data/revision_rules.toml."""
    data = load("revision_rules.toml", RevisionRulesFile)
    reg = data.regulation
    basis = Basis(reg.title, reg.edition, reg.revise.article, reg.revise.text,
                  reg.refile.article, reg.refile.text, reg.refile.matters,
                  tuple(p.text for p in data.procedure))
    problems = [say("datafile.unknown_matter", rule=i, matter=r.matter,
                    matters=basis.matters_text)
                for i, r in enumerate(data.rules) if r.matter not in basis.matters]
    tables = {t.id for t in data.tables}
    problems += [say("datafile.unknown_table", rule=i, table=r.table)
                 for i, r in enumerate(data.rules) if r.table not in tables]
    if problems:
        raise DataFileError(data_path("revision_rules.toml"), problems)
    return basis, data.rules, data.tables


@dataclass(frozen=True)
class Change:
    """One row added or removed, or one field of a row modified."""

    kind: str  # 新增, 删除, 修改
    key: str  # the row's key (编号, 机构名称, 姓名 …; 基本信息: the item)
    field: str  # the field's heading (修改), "" for a row added or removed
    old: str  # as the document prints it; a row removed: its summary
    new: str
    refile: bool = False
    name: str = ""  # the row's name shown after its key (风险名称, 资源名称)
    table: str = ""  # the section's title (风险, 应急组织机构 …)
    matters: tuple[str, ...] = ()  # the matters of 第三十七条 it touches
    level: str = ""  # a risk's 风险等级 (the old one for a risk removed)

    @property
    def subject(self) -> str:
        return f"{self.key} {self.name}" if self.name and self.name != self.key else self.key

    @property
    def text(self) -> str:
        """One line: 应急组织机构“技术组”的负责人由“李四”改为“赵六”."""
        if self.kind != MODIFIED:
            level = f"（{self.level}）" if self.level else ""
            return f"{self.kind}{self.table}“{self.subject}”{level}"
        single = self.key == self.field  # 基本信息: the item is the field
        what = f"{self.table}的{self.field}" if single else \
            f"{self.table}“{self.subject}”的{self.field}"
        if len(self.old) <= SHORT and len(self.new) <= SHORT and "\n" not in self.old + self.new:
            if not self.old:
                return f"{what}增加为“{self.new}”"
            if not self.new:
                return f"{what}“{self.old}”删去"
            return f"{what}由“{self.old}”改为“{self.new}”"
        return f"{what}修改"

    @property
    def matters_text(self) -> str:
        return "、".join(self.matters)


@dataclass
class Section:
    """The changes of one table, in the order of its rows."""

    id: str
    title: str
    key_label: str  # heading of the key (编号, 机构名称 …); "" for 基本信息
    rows: list[Change] = field(default_factory=list)

    @property
    def single(self) -> bool:
        """基本信息: one record, its items compared one by one."""
        return not self.key_label

    @property
    def added(self) -> list[Change]:
        return [c for c in self.rows if c.kind == ADDED]

    @property
    def removed(self) -> list[Change]:
        return [c for c in self.rows if c.kind == REMOVED]

    @property
    def modified(self) -> list[str]:
        """The keys of the rows modified, each once."""
        return list(dict.fromkeys(c.key for c in self.rows if c.kind == MODIFIED))

    @property
    def added_count(self) -> int:
        return len(self.added)

    @property
    def removed_count(self) -> int:
        return len(self.removed)

    @property
    def modified_count(self) -> int:
        return len(self.modified)

    @property
    def refile(self) -> bool:
        return any(c.refile for c in self.rows)

    @property
    def counts_text(self) -> str:
        """新增1项、修改2项 (kinds with no change left out)."""
        counts = ((ADDED, len(self.added)), (REMOVED, len(self.removed)),
                  (MODIFIED, len(self.modified)))
        return "、".join(f"{kind}{n}项" for kind, n in counts if n)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def lines(self) -> list[tuple[str, bool]]:
        """(text, refile) per row added, removed or modified: a row's field changes
        on one line, so the lines match the counts (修改2项: two lines)."""
        groups: list[list[Change]] = []
        by_key: dict[str, list[Change]] = {}
        for c in self.rows:
            if c.kind == MODIFIED and c.key in by_key:
                by_key[c.key].append(c)
                continue
            groups.append([c])
            if c.kind == MODIFIED:
                by_key[c.key] = groups[-1]
        return [(_joined(g), any(c.refile for c in g)) for g in groups]


def _joined(changes: list[Change]) -> str:
    """One row's field changes in one sentence: the first whole, the others after
    its subject (…的负责人由“李四”改为“赵六”；职责修改)."""
    rest = [c.text.split("的", 1)[1] if "的" in c.text else c.text for c in changes[1:]]
    return "；".join([changes[0].text, *rest])


@dataclass(frozen=True)
class Edition:
    """One version of the plan, as its 基本信息 names it."""

    plan_name: str
    plan_code: str
    version: str
    publish_date: dt.date | None
    effective_date: dt.date | None
    head: str
    filing_authority: str


@dataclass
class Changes:
    old: Edition
    new: Edition
    sections: list[Section]
    basis: Basis
    record: Revision | None = None  # the new workbook's 修订记录 row of the new version
    plans_added: list[str] = field(default_factory=list)  # plans of the system it adds
    plans_removed: list[str] = field(default_factory=list)  # … and those it drops

    @property
    def plans_text(self) -> str:
        """本次修订新增《…》；不再编制《…》 ("" when the plans are the same)."""
        parts = []
        if self.plans_added:
            parts.append(say("diff.plans_added", plans="》《".join(self.plans_added)))
        if self.plans_removed:
            parts.append(say("diff.plans_removed", plans="》《".join(self.plans_removed)))
        return "；".join(parts)

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    @property
    def changed(self) -> list[Section]:
        return [s for s in self.sections if s]

    @property
    def unchanged(self) -> list[Section]:
        return [s for s in self.sections if not s]

    @property
    def unchanged_text(self) -> str:
        return "、".join(s.title for s in self.unchanged)

    @property
    def rows(self) -> list[Change]:
        return [c for s in self.sections for c in s.rows]

    @property
    def refile_rows(self) -> list[Change]:
        """The changes that require re-filing, by the matters of 第三十七条 in its order."""
        order = {m: i for i, m in enumerate(self.basis.matters)}
        return sorted((c for c in self.rows if c.refile),
                      key=lambda c: min(order[m] for m in c.matters))

    @property
    def refile_required(self) -> bool:
        return bool(self.refile_rows)

    @property
    def refile_matters(self) -> list[str]:
        """The matters of 第三十七条 touched, in the article's order."""
        touched = {m for c in self.refile_rows for m in c.matters}
        return [m for m in self.basis.matters if m in touched]

    @property
    def refile_matters_text(self) -> str:
        return "、".join(self.refile_matters)

    @property
    def refile_reasons(self) -> list[str]:
        """Why re-filing is required: one line per change that requires it."""
        return [f"{c.matters_text}：{c.text}" for c in self.refile_rows]

    @property
    def procedure(self) -> list[str]:
        """The steps of 重新评审/发布/备案, with the new plan's head and authority."""
        values = {"主要负责人": self.new.head,
                  "备案部门": self.new.filing_authority or "所在地县级以上人民政府应急管理部门"}
        return [step.format(**values) for step in self.basis.procedure]

    @property
    def has_changes(self) -> bool:
        return any(self.sections)

    def __bool__(self) -> bool:
        return self.has_changes

    def summary_lines(self) -> list[str]:
        """The comparison for the terminal, in Chinese."""
        lines = [say("diff.versions", plan=self.new.plan_name, old=self.old.version,
                     new=self.new.version)]
        if not self:
            return [*lines, say("diff.same")]
        if self.old.version == self.new.version:
            lines.append(say("diff.same_version", version=self.new.version))
        shown = hidden = 0
        for s in self.changed:
            lines.append(say("diff.section", table=s.title, counts=s.counts_text))
            for text, refile in s.lines():
                if shown >= SHOWN_LINES:  # the 修订说明 holds every change
                    hidden += 1
                    continue
                shown += 1
                lines.append(f"  {text}" + (say("diff.refile_mark") if refile else ""))
        if hidden:
            lines.append(say("diff.more", count=hidden))
        if unchanged := self.unchanged_text:
            lines.append(say("diff.unchanged", tables=unchanged))
        if self.plans_text:
            lines.append(self.plans_text)
        article = f"{self.basis.title}{self.basis.refile_article}"
        if self.refile_required:
            lines.append(say("diff.refile", article=article, matters=self.refile_matters_text))
            lines += [f"  {reason}" for reason in self.refile_reasons]
        else:
            lines.append(say("diff.no_refile", matters=self.basis.matters_text, article=article,
                             revise_article=self.basis.revise_article))
        return lines
