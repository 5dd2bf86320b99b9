"""The pre-review (预评审): the four tables of the 评审指南 (docgen/data/review.toml),
each item judged from a check's findings as the expert would mark it — 符合,
基本符合 or 不符合 — with where, why and what to do, and the conclusion the guide's
key elements (*) lead to.

An item rests on rules of docgen/data/rules.toml: an error among their findings makes
it 不符合, a warning 基本符合. What no program can judge (whether the wording fits
the unit, whether the paper copy is signed) is left to the expert by name and never
counts as 符合: the verdict covers only what docgen checked, and says so.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from typing import Any

from docgen.check.report import Finding, RuleResult
from docgen.datafile import Record, load
from docgen.messages import say
from docgen.report import Severity


class Verdict(Enum):
    MET = "符合"
    PARTLY = "基本符合"
    NOT_MET = "不符合"
    UNJUDGED = "未判断"  # none of its rules could look at this subject
    NOT_APPLICABLE = "不适用"  # the subject has no plan of the table's kind


class ReviewItem(Record, frozen=True):
    id: str
    project: str  # 评审项目
    requirement: str  # 评审内容及要求
    key_element: bool
    gbt29639: str
    measure: str
    rules: tuple[str, ...]
    criteria: str
    group: str = ""
    elements: tuple[str, ...] = ()  # the GB/T 29639 clauses of structure rules it takes
    expert: str = ""  # what only the expert can judge
    note: str = ""
    verified: bool = True
    source_note: str = ""  # how an unverified requirement was worded (never printed)


class ReviewTable(Record, frozen=True):
    key: str
    title: str
    annex: str
    purpose: str
    source: str
    items: tuple[ReviewItem, ...]
    footnote: str = ""


class ReviewFile(Record, frozen=True):
    """docgen/data/review.toml as written."""

    tables: tuple[ReviewTable, ...]


# The kind of plan each table reviews (docgen.check.outline.KINDS); the 形式评审表 all.
TABLE_KINDS = {"form": None, "comprehensive": "综合", "special": "专项", "onsite": "现场处置"}


@cache
def review_tables() -> tuple[ReviewTable, ...]:
    return load("review.toml", ReviewFile).tables


@dataclass(frozen=True)
class ItemResult:
    item: ReviewItem
    verdict: Verdict
    findings: tuple[Finding, ...] = ()
    unchecked: tuple[str, ...] = ()  # its rules that could not look at this subject

    @property
    def lines(self) -> list[str]:
        return self.opinion.splitlines()

    @property
    def requirement_lines(self) -> list[str]:
        """评审内容及要求, one numbered point a line (1. …；2. … → two lines)."""
        return [p for p in re.split(r"(?<=；)\s*(?=\d+[.．])", self.item.requirement) if p]

    @property
    def opinion(self) -> str:
        """The 评审意见 cell: the verdict, its reasons and what to do, and what is left
        to the expert."""
        if self.verdict is Verdict.NOT_APPLICABLE:
            return say("review.opinion.not_applicable")
        if self.verdict is Verdict.UNJUDGED:
            return say("review.opinion.unjudged", expert=self.item.expert or self.item.criteria)
        lines = [self.verdict.value + (say("review.opinion.checked_part")
                                       if self.item.expert or self.unchecked else "")]
        for f in self.findings:
            where = str(f.where)
            lines.append(say("review.opinion.finding", where=where or "—", message=f.message,
                             fix=say("review.opinion.fix", fix=f.fix) if f.fix else ""))
        if self.item.expert:
            lines.append(say("review.opinion.expert", expert=self.item.expert))
        if self.unchecked:
            lines.append(say("review.opinion.needs_workbook"))
        return "\n".join(lines)


@dataclass(frozen=True)
class TableResult:
    table: ReviewTable
    items: list[ItemResult]
    applies: bool


@dataclass
class Review:
    tables: list[TableResult] = field(default_factory=list)

    @property
    def items(self) -> list[ItemResult]:
        return [i for t in self.tables for i in t.items]

    def of(self, verdict: Verdict) -> list[ItemResult]:
        return [i for i in self.items if i.verdict is verdict]

    @property
    def conclusion(self) -> str:
        """通过 when every key element judged is 符合 and nothing is 不符合; 不通过 when
        a key element is 不符合; else 修改后通过 (the 评审指南's three results)."""
        judged = [i for i in self.items if i.verdict in (Verdict.MET, Verdict.PARTLY,
                                                          Verdict.NOT_MET)]
        if not judged:
            return say("review.conclusion.none")
        if any(i.item.key_element and i.verdict is Verdict.NOT_MET for i in judged):
            return say("review.conclusion.rejected")
        if all(i.verdict is Verdict.MET for i in judged):
            return say("review.conclusion.passed")
        return say("review.conclusion.revise")

    @property
    def summary(self) -> str:
        counts = {v: len(self.of(v)) for v in Verdict}
        expert = sum(1 for i in self.items if i.item.expert
                     and i.verdict is not Verdict.NOT_APPLICABLE)
        return say("review.summary", met=counts[Verdict.MET], partly=counts[Verdict.PARTLY],
                   not_met=counts[Verdict.NOT_MET], unjudged=counts[Verdict.UNJUDGED],
                   expert=expert, conclusion=self.conclusion)

    def text_lines(self) -> list[str]:
        lines = [say("review.text.title", summary=self.summary)]
        for t in self.tables:
            for i in t.items:
                if i.verdict in (Verdict.NOT_MET, Verdict.PARTLY):
                    star = "*" if i.item.key_element else ""
                    lines.append(say("review.text.item", verdict=i.verdict.value,
                                     table=t.table.title, project=i.item.project + star,
                                     rules="、".join(sorted({f.rule for f in i.findings}))))
        unjudged = [i.item.project for i in self.of(Verdict.UNJUDGED)]
        if unjudged:
            lines.append(say("review.text.unjudged", items="、".join(unjudged)))
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {"conclusion": self.conclusion,
                "tables": [{"key": t.table.key, "title": t.table.title, "applies": t.applies,
                            "items": [{"id": i.item.id, "project": i.item.project,
                                       "key_element": i.item.key_element,
                                       "verdict": i.verdict.value, "opinion": i.opinion,
                                       "rules": [f.rule for f in i.findings],
                                       "expert": i.item.expert}
                                      for i in t.items]}
                           for t in self.tables]}

    def html(self) -> str:
        e = html.escape
        parts = [f'<h2 class="review">{e(say("review.html.title"))}</h2>',
                 f'<p class="conclusion">{e(self.summary)}</p>']
        for t in self.tables:
            parts.append(f"<h3>{e(t.table.annex)} {e(t.table.title)}</h3>")
            if not t.applies:
                parts.append(f'<p class="note">{e(say("review.opinion.not_applicable"))}</p>')
                continue
            parts.append('<table class="review"><colgroup><col class="project"><col>'
                         '<col class="opinion"></colgroup><thead><tr>'
                         + "".join(f"<th>{e(say(c))}</th>" for c in (
                             "review.html.project", "review.html.requirement",
                             "review.html.opinion"))
                         + "</tr></thead><tbody>")
            for i in t.items:
                star = "*" if i.item.key_element else ""
                opinion = "<br>".join(e(line) for line in i.opinion.splitlines())
                parts.append(f"<tr><td>{e(i.item.project)}{star}</td>"
                             f"<td>{e(i.item.requirement)}</td>"
                             f'<td class="{i.verdict.name.lower()}">{opinion}</td></tr>')
            parts.append("</tbody></table>")
        return "".join(parts)


def clause_matches(clause: str, elements: Iterable[str]) -> bool:
    return any(clause == e or clause.startswith(e + ".") or e.startswith(clause + ".")
               for e in elements)


def _relevant(item: ReviewItem, finding: Finding) -> bool:
    if finding.rule not in item.rules:
        return False
    return not (finding.clause and item.elements) or clause_matches(finding.clause,
                                                                      item.elements)


def judge_item(item: ReviewItem, findings: list[Finding], results: dict[str, RuleResult],
               applies: bool) -> ItemResult:
    if not applies:
        return ItemResult(item, Verdict.NOT_APPLICABLE)
    mine = tuple(f for f in findings if _relevant(item, f) and f.severity is not Severity.NOTE)
    ran = [r for r in item.rules if r in results
           and results[r].status in ("checked", "not_applicable")]
    unchecked = tuple(r for r in item.rules if r in results and results[r].status in
                      ("not_for_subject", "not_run"))
    if any(f.severity is Severity.ERROR for f in mine):
        verdict = Verdict.NOT_MET
    elif mine:
        verdict = Verdict.PARTLY
    elif not ran:
        verdict = Verdict.UNJUDGED
    else:
        verdict = Verdict.MET
    return ItemResult(item, verdict, mine, unchecked)


def review(findings: list[Finding], results: list[RuleResult], kinds: set[str]) -> Review:
    """The tables judged from a check's findings; `kinds` are the kinds of plan the
    subject holds (综合, 专项, 现场处置): a table of another kind does not apply."""
    by_rule = {r.rule: r for r in results}
    out = Review()
    for table in review_tables():
        kind = TABLE_KINDS.get(table.key)
        applies = kind is None or kind in kinds
        out.tables.append(TableResult(table, [judge_item(i, findings, by_rule, applies)
                                              for i in table.items], applies))
    return out

