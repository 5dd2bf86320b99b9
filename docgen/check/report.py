"""The compliance report: its findings, each with the rule, the basis and the place,
as text (a terminal), JSON (machines: every finding, never capped) and a
self-contained printable HTML page in Chinese (a reviewer: A4, a summary by
severity, a table per severity with the basis of each finding)."""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from docgen.messages import say
from docgen.report import Location, Severity, printable

if TYPE_CHECKING:
    from docgen.check.review import Review
    from docgen.model import Plan

ORDER = (Severity.ERROR, Severity.WARNING, Severity.NOTE)
STATUS = {"checked": "check.status.checked", "not_applicable": "check.status.not_applicable",
          "undetermined": "check.status.undetermined", "not_run": "check.status.not_run",
          "not_for_subject": "check.status.not_for_subject"}  # a rule's status: its word


@dataclass(frozen=True)
class Finding:
    rule: str  # the rule's id, e.g. "drills.frequency"; "inputs" for an error of the workbook
    severity: Severity
    title: str
    message: str
    basis: str
    where: Location = field(default_factory=Location)
    clause: str = ""  # the GB/T 29639-2020 clause, when the rule checks several
    fix: str = ""  # what to do about it

    def __str__(self) -> str:
        return self.where.says(self.message)


@dataclass(frozen=True)
class RuleResult:
    """What became of one rule: checked (with how many findings), or why not."""

    rule: str
    title: str
    severity: Severity
    basis: str
    source: str = ""
    status: str = "checked"
    reason: str = ""
    findings: int = 0


@dataclass
class CheckReport:
    subject: str  # the file or folder checked
    kind: str  # "workbook" or "document"
    findings: list[Finding] = field(default_factory=list)
    results: list[RuleResult] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)  # 单位名称, 发布日期 …
    remarks: list[str] = field(default_factory=list)
    review: Review | None = None  # the 评审指南's tables, judged from the findings
    # What was checked, for the pre-review record: the plan (of a workbook, or what a
    # document's cover tells) and the names of the documents read.
    plan: Plan | None = field(default=None, repr=False, compare=False)
    checked: list[str] = field(default_factory=list)

    def of(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity is severity]

    @property
    def errors(self) -> list[Finding]:
        return self.of(Severity.ERROR)

    @property
    def warnings(self) -> list[Finding]:
        return self.of(Severity.WARNING)

    @property
    def notes(self) -> list[Finding]:
        return self.of(Severity.NOTE)

    def failed(self, strict: bool = False) -> bool:
        """Errors fail; under strict, warnings too. Notes never do."""
        return bool(self.errors or (strict and self.warnings))

    def verdict(self, strict: bool = False) -> str:
        if not self.failed(strict):
            return say("check.verdict.passed") if not self.warnings \
                else say("check.verdict.warnings")
        counted = len(self.errors) + (len(self.warnings) if strict else 0)
        return say("check.verdict.failed", problems=counted)

    def summary(self, strict: bool = False) -> str:
        text = say("check.summary", errors=len(self.errors), warnings=len(self.warnings),
                   notes=len(self.notes))
        if strict and self.warnings:
            text += say("check.summary_strict")
        return text

    # ------------------------------------------------------------ text

    def to_text(self, strict: bool = False) -> str:
        lines = [say("check.text.subject", subject=printable(self.subject))]
        lines += [f"{k}：{printable(v)}" for k, v in self.facts]
        for severity in ORDER:
            for f in self.of(severity):
                lines.append(say("check.text.finding", severity=severity.value, rule=f.rule,
                                 finding=f, basis=f.basis))
        lines += [say("check.text.remark", remark=printable(r)) for r in self.remarks]
        # Rules not checked, and why (an undetermined one is already a finding).
        skipped = [r for r in self.results if r.status in ("not_applicable", "not_run")]
        lines += [f"{say(STATUS[r.status])} [{r.rule}] {r.title}：{r.reason}" for r in skipped]
        checked = sum(1 for r in self.results if r.status == "checked")
        lines.append(say("check.text.total", rules=checked, summary=self.summary(strict),
                         verdict=self.verdict(strict)))
        if self.review is not None:
            lines += self.review.text_lines()
        return "\n".join(lines)

    # ------------------------------------------------------------ JSON

    def as_dict(self, strict: bool = False) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "kind": self.kind,
            "failed": self.failed(strict),
            "strict": strict,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "infos": len(self.notes),
            "facts": dict(self.facts),
            "remarks": self.remarks,
            "findings": [{"rule": f.rule, "severity": f.severity.key, "title": f.title,
                          "message": f.message, "basis": f.basis, "clause": f.clause,
                          "fix": f.fix, **asdict(f.where)}
                         for f in self.findings],
            "rules": [{**asdict(r), "severity": r.severity.key} for r in self.results],
            "review": self.review.as_dict() if self.review is not None else None,
        }

    def to_json(self, strict: bool = False) -> str:
        return json.dumps(self.as_dict(strict), ensure_ascii=False, indent=2)

    # ------------------------------------------------------------ HTML

    def to_html(self, strict: bool = False) -> str:
        return html_page([self], strict)

    def html_section(self, strict: bool = False) -> str:
        e = html.escape
        verdict_class = "fail" if self.failed(strict) else "pass"
        parts = [f'<section class="report"><h1>{e(say("check.html.title"))}</h1>',
                 '<table class="facts">',
                 f"<tr><th>{e(say('check.html.subject'))}</th><td>{e(self.subject)}</td></tr>"]
        parts += [f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in self.facts]
        parts.append(f"<tr><th>{e(say('check.html.verdict'))}</th>"
                     f'<td class="{verdict_class}">{e(self.verdict(strict))}</td></tr></table>')
        parts.append('<table class="summary"><tr>' + "".join(
            f'<th class="{s.key}">{s.value}</th>' for s in ORDER) + "</tr><tr>" + "".join(
            f'<td class="{s.key}">{len(self.of(s))}</td>' for s in ORDER) + "</tr></table>")
        if strict and self.warnings:
            parts.append(f'<p class="note">{e(say("check.html.strict"))}</p>')
        for severity in ORDER:
            found = self.of(severity)
            if not found:
                continue
            parts.append(f'<h2 class="{severity.key}">{severity.value}（{len(found)}）</h2>'
                         '<table class="findings"><colgroup><col class="n"><col class="what">'
                         '<col class="where"><col class="basis"></colgroup><thead><tr>'
                         + "".join(f"<th>{e(say(code))}</th>" for code in (
                             "check.html.number", "check.html.problem", "check.html.place",
                             "check.html.basis"))
                         + "</tr></thead><tbody>")
            parts += [f'<tr><td class="n">{i}</td><td><b>{e(f.title)}</b><br>{e(f.message)}'
                      f'<div class="rule">{e(f.rule)}</div></td>'
                      f"<td>{e(str(f.where)) or '—'}</td><td>{e(f.basis)}</td></tr>"
                      for i, f in enumerate(found, 1)]
            parts.append("</tbody></table>")
        if not self.findings:
            parts.append(f'<p class="pass">{e(say("check.html.no_findings"))}</p>')
        if self.remarks:
            parts.append(f"<h2>{e(say('check.html.remarks'))}</h2><ul>"
                         + "".join(f"<li>{e(r)}</li>" for r in self.remarks) + "</ul>")
        parts.append(f"<h2>{e(say('check.html.rules'))}</h2>"
                     '<table class="rules"><colgroup><col class="title">'
                     '<col class="level"><col><col class="outcome"></colgroup><thead><tr>'
                     + "".join(f"<th>{e(say(code))}</th>" for code in (
                         "check.html.rule", "check.html.level", "check.html.basis",
                         "check.html.outcome"))
                     + "</tr></thead><tbody>")
        for r in self.results:
            outcome = ((say("check.html.rule_passed") if not r.findings
                        else say("check.html.rule_found", findings=r.findings))
                       if r.status == "checked" else f"{say(STATUS[r.status])}：{r.reason}")
            parts.append(f'<tr><td>{e(r.title)}<div class="rule">{e(r.rule)}</div></td>'
                         f"<td>{r.severity.value}</td><td>{e(r.basis)}</td>"
                         f"<td>{e(outcome)}</td></tr>")
        parts.append("</tbody></table>")
        if self.review is not None:
            parts.append(self.review.html())
        parts.append("</section>")
        return "".join(parts)


# Chinese fonts, as installed on Windows, macOS and Linux, then the generic family.
SANS = ('"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
        '"Hiragino Sans GB", "WenQuanYi Micro Hei", "SimHei", sans-serif')
SERIF = ('"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", '
         '"AR PL UMing CN", serif')
STYLE = f"""
@page {{ size: A4; margin: 18mm 16mm 20mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {SANS}; font-size: 10.5pt; line-height: 1.55; color: #222;
       max-width: 190mm; margin: 12mm auto; padding: 0 6mm; }}
h1 {{ font-family: {SERIF}; font-size: 20pt; text-align: center; margin: 0 0 6mm;
      letter-spacing: 0.1em; }}
h2 {{ font-size: 13pt; margin: 7mm 0 2mm; padding-left: 2mm; border-left: 4px solid #888;
      break-after: avoid; }}
h2.error {{ border-color: #b3261e; color: #b3261e; }}
h2.warning {{ border-color: #b26a00; color: #8a5200; }}
h2.info {{ border-color: #1f5fa8; color: #1f5fa8; }}
table {{ width: 100%; border-collapse: collapse; margin: 2mm 0; }}
th, td {{ border: 1px solid #b5b5b5; padding: 1.5mm 2mm; vertical-align: top;
          text-align: left; word-break: break-word; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
th {{ background: #f0f0f0; font-weight: bold; white-space: nowrap; }}
table.facts th {{ width: 30mm; }}
table.summary th, table.summary td {{ text-align: center; width: 33%; }}
table.summary td {{ font-size: 18pt; font-weight: bold; }}
th.error {{ background: #fbe9e7; color: #b3261e; }} td.error {{ color: #b3261e; }}
th.warning {{ background: #fff4e0; color: #8a5200; }} td.warning {{ color: #8a5200; }}
th.info {{ background: #e8f0fb; color: #1f5fa8; }} td.info {{ color: #1f5fa8; }}
col.n {{ width: 12mm; }} col.where {{ width: 50mm; }} col.basis {{ width: 48mm; }}
td.n {{ text-align: center; }}
col.title {{ width: 46mm; }} col.level {{ width: 13mm; }} col.outcome {{ width: 46mm; }}
.rule {{ color: #777; font-size: 8.5pt; font-family: monospace; }}
.fail {{ color: #b3261e; font-weight: bold; }} .pass {{ color: #1b7a3a; font-weight: bold; }}
.note {{ color: #555; }}
section.report + section.report {{ break-before: page; }}
h2.review {{ break-before: page; }}
h3 {{ font-size: 11.5pt; margin: 5mm 0 1.5mm; break-after: avoid; }}
p.conclusion {{ font-weight: bold; }}
col.project {{ width: 26mm; }} col.opinion {{ width: 72mm; }}
td.not_met {{ color: #b3261e; }} td.partly {{ color: #8a5200; }}
td.met {{ color: #1b7a3a; }} td.unjudged {{ color: #555; }}
@media print {{ body {{ margin: 0; padding: 0; max-width: none; }} }}
"""


def html_page(reports: list[CheckReport], strict: bool = False) -> str:
    """One page for one report or a batch (each unit from a new sheet when printed)."""
    title = say("check.html.title") + (f" — {reports[0].subject}" if len(reports) == 1 else "")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
            + "".join(r.html_section(strict) for r in reports) + "</body></html>\n")
