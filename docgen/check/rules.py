"""The rules of docgen/data/rules.toml, and running them over a workbook's enriched
plan or a .docx's outline.

A rule is data: its id, severity, title, basis, the name of its check function and
the function's params, and optionally whom it applies to. Which rules a subject gets
follows from the check functions that exist for it (docgen.check.checks).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import msgspec

from docgen.check import checks, substance, system, text  # noqa: F401  (they register)
from docgen.check.outline import Built, Outline, read_outline
from docgen.check.record import document_plan
from docgen.check.registry import DOCUMENT_CHECKS, PLAN_CHECKS, Hit
from docgen.check.report import CheckReport, Finding, RuleResult
from docgen.check.review import review
from docgen.datafile import Record, data_path, load, load_file
from docgen.domain.values import chinese_date
from docgen.errors import DataFileError, UsageError
from docgen.messages import SeverityKey, say
from docgen.model import Plan
from docgen.model.filing import scale_of
from docgen.pipeline import BuildOptions, build_unit
from docgen.profiles import find_profile
from docgen.read import InputUnit, discover_units
from docgen.report import Location, Severity, ValidationReport


class Applicability(Record, frozen=True):
    """Whom a rule applies to: any one condition met is enough."""

    high_risk: bool = False
    crowded_place: bool = False
    medium: bool = False  # 中型规模以上, by the pack's sector (docgen.model.filing.scale_of)

    def describe(self) -> str:
        kinds = [say(k) for k, on in (("check.applies.high_risk", self.high_risk),
                                      ("check.applies.crowded_place", self.crowded_place),
                                      ("check.applies.medium", self.medium)) if on]
        return say("check.applies.units", kinds=say("check.applies.or").join(kinds))

    def decide(self, plan: Plan) -> tuple[bool, str]:
        """Whether the rule applies, and why."""
        pack = plan.pack
        if self.high_risk and pack.high_risk:
            return True, say("check.applies.pack_high_risk", pack=pack.name)
        if self.crowded_place and pack.crowded_place:
            return True, say("check.applies.pack_crowded_place", pack=pack.name)
        if self.medium:
            scale = scale_of(plan)
            if scale.medium:
                return True, scale.reason + (f"（{scale.assumed}）" if scale.assumed else "")
            return False, say("check.applies.not", counted=scale.reason, units=self.describe())
        return False, say("check.applies.not", counted=say("check.applies.pack", pack=pack.name),
                          units=self.describe())


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    basis: str
    check: str
    source: str = ""
    checked: str = ""  # what was seen in the source
    params: dict[str, Any] = field(default_factory=dict)
    applies_to: Applicability | None = None
    documents: tuple[str, ...] = ()  # the kinds of plan it checks (KINDS); () every kind
    inputs: tuple[str, ...] = ()  # the workbook cells it rests on, as "工作表.列名"
    judged_on: str = "data"  # a workbook: by its data, or by the "documents" built from it
    issues: tuple[str, ...] = ()  # validate's warnings that say what this rule finds

    def rests_on(self, where: Location) -> bool:
        """Whether an input error at `where` is a gap this rule names."""
        column = (where.column or "").strip().rstrip("*").strip()
        return f"{where.sheet}.{column}" in self.inputs or f"{where.sheet}.*" in self.inputs

    def result(self, status: str = "checked", reason: str = "", findings: int = 0) -> RuleResult:
        return RuleResult(self.id, self.title, self.severity, self.basis, self.source, status,
                          reason, findings)


KINDS = {"综合": "综合应急预案", "专项": "专项应急预案", "现场处置": "现场处置方案",
         "处置卡": "应急处置卡"}
PlanKind = Literal["综合", "专项", "现场处置", "处置卡"]


class RuleFile(Record, frozen=True):
    id: str
    severity: SeverityKey
    title: str
    basis: str
    check: str  # a function of docgen.check.checks
    source: str = ""
    checked: str = ""
    params: dict[str, Any] = msgspec.field(default_factory=dict)
    applies_to: Applicability | None = None
    documents: tuple[PlanKind, ...] = ()
    inputs: tuple[str, ...] = ()
    judged_on: Literal["data", "documents"] = "data"
    issues: tuple[str, ...] = ()


class RulesFile(Record, frozen=True):
    """docgen/data/rules.toml as written (a local checklist given with --rules too)."""

    rule: tuple[RuleFile, ...]


def load_rules(path: Path | None = None) -> list[Rule]:
    """The rules of `path`, by default docgen/data/rules.toml (a local checklist may
    replace it: the same format, other rules)."""
    data = load_file(path, RulesFile) if path else load("rules.toml", RulesFile)
    label = str(path) if path else data_path("rules.toml")
    problems = [say("datafile.unknown_check", rule=i, check=r.check)
                for i, r in enumerate(data.rule)
                if r.check not in PLAN_CHECKS and r.check not in DOCUMENT_CHECKS]
    problems += [say("datafile.duplicate_rule", id=rule_id) for rule_id, n in
                 Counter(r.id for r in data.rule).items() if n > 1]
    if problems:
        raise DataFileError(label, problems)
    return [Rule(r.id, Severity.of_key(r.severity), r.title, r.basis, r.check, r.source,
                 r.checked, r.params, r.applies_to, r.documents, r.inputs, r.judged_on,
                 r.issues)
            for r in data.rule]


def _kinds(rule: Rule) -> str:
    return "、".join(KINDS[k] for k in rule.documents)


def _finding(rule: Rule, hit: Hit) -> Finding:
    return Finding(rule.id, hit.severity or rule.severity, rule.title, hit.message, rule.basis,
                   hit.where, hit.clause, hit.fix)


def _on_data(rule: Rule, plan: Plan | None) -> bool:
    return plan is not None and rule.judged_on == "data" and rule.check in PLAN_CHECKS


def _skipped(rule: Rule, plan: Plan | None, outlines: list[Outline]) -> RuleResult | None:
    """Why the rule is not run on this subject, or None when it is."""
    if plan is not None and rule.applies_to is not None:
        applies, why = rule.applies_to.decide(plan)
        if not applies:
            return rule.result("not_applicable", why)
    if _on_data(rule, plan):
        return None
    if rule.check not in DOCUMENT_CHECKS:
        return rule.result("not_for_subject", say("check.skip.docx_only"))
    if plan is None and rule.applies_to is not None:
        return rule.result("not_for_subject", say("check.skip.workbook_only"))
    if plan is not None and not outlines:
        return rule.result("not_for_subject", say("check.skip.docx_only"))
    if rule.documents and not any(o.kind in rule.documents for o in outlines):
        if plan is not None:  # a kind this run did not write
            return rule.result("not_applicable", say("check.skip.not_built", kinds=_kinds(rule)))
        return rule.result("not_for_subject", say(
            "check.skip.other_kind", kind=KINDS[outlines[0].kind], kinds=_kinds(rule)))
    return None


def evaluate(rules: list[Rule], plan: Plan | None = None, outlines: list[Outline] | None = None,
             ) -> tuple[list[Finding], list[RuleResult]]:
    """Run the rules on a workbook's plan (each by its data, or on the documents built
    from it) or on one .docx's outline (plan None)."""
    outlines = outlines or []
    findings: list[Finding] = []
    results = []
    for rule in rules:
        skipped = _skipped(rule, plan, outlines)
        if skipped is not None:
            results.append(skipped)
            continue
        if plan is not None and _on_data(rule, plan):
            hits = PLAN_CHECKS[rule.check](plan, rule.params)
        else:
            hits = [h for o in outlines if not rule.documents or o.kind in rule.documents
                    for h in DOCUMENT_CHECKS[rule.check](o, rule.params)]
        found = [_finding(rule, h) for h in hits]
        findings += found
        results.append(rule.result(findings=len(found)))
    return findings, results


def _facts(plan: Plan) -> list[tuple[str, str]]:
    info = plan.plan
    industry = say("check.facts.industry", industry=info.industry) if info.industry else ""
    staff = say("check.facts.staff", staff=info.staff_count) \
        if info.staff_count is not None else say("check.facts.not_given")
    facts = [(say("check.facts.unit_name"), info.unit_name),
             (say("check.facts.plan_name"), info.plan_name or say("check.facts.default_name")),
             (say("check.facts.plan_code"), info.plan_code),
             (say("check.facts.version"), info.version),
             (say("check.facts.publish_date"),
              chinese_date(info.publish_date) if info.publish_date else "—"),
             (say("check.facts.pack"), plan.pack.name + industry),
             (say("check.facts.staff_count"), staff)]
    return [(k, v) for k, v in facts if v]


def check_plan(plan: Plan, rules: list[Rule] | None = None, subject: str = "",
               documents: list[Path] | None = None, names: list[str] | None = None,
               ) -> CheckReport:
    """Check an enriched plan (docgen.pipeline.check_unit's) against the rules, with
    the documents built from it (named `names`) for the rules judged on documents."""
    built = Built(plan, tuple(names or ()))
    outlines = [replace(read_outline(path), built=built) for path in documents or ()]
    findings, results = evaluate(load_rules() if rules is None else rules, plan, outlines)
    kinds = {o.kind for o in outlines} or {"综合"}
    return CheckReport(subject or plan.plan.source.file or plan.plan.unit_name, "workbook",
                       findings, results, _facts(plan),
                       review=review(findings, results, kinds), plan=plan,
                       checked=list(names or ()))


def check_outline(outline: Outline, rules: list[Rule] | None = None) -> CheckReport:
    findings, results = evaluate(load_rules() if rules is None else rules, None, [outline])
    heading = say("check.facts.by_styles") if outline.styled else say("check.facts.by_numbers")
    facts = [(say("check.facts.kind"), say("check.facts.kind_by_cover", kind=KINDS[outline.kind])),
             (say("check.facts.headings"),
              say("check.facts.headings_found", count=len(outline.headings), how=heading))]
    plan = document_plan(outline)
    return CheckReport(outline.file, "document", findings, results, facts,
                       review=review(findings, results, {outline.kind}), plan=plan,
                       checked=[plan.plan.plan_name])


def check_document(path: Path, rules: list[Rule] | None = None) -> CheckReport:
    """Check any .docx — docgen's or a consultant's — by its headings and front pages."""
    report = check_outline(read_outline(path), rules)
    report.subject = str(path)
    return report


def check_workbook(unit: InputUnit, rules: list[Rule] | None = None,
                   profile: str | None = None) -> CheckReport:
    """Check one unit's workbook as docgen would build it. A workbook with errors builds
    nothing: its errors are the findings, and the rules wait until they are mended."""

    rules = load_rules() if rules is None else rules
    subject = str(unit.files[0] if unit.single_file else unit.folder)
    with tempfile.TemporaryDirectory(prefix="docgen-check-") as scratch:
        built = build_unit(unit, BuildOptions(Path(scratch), find_profile(profile)
                                              if profile else None), Path(scratch))
        report, plan = built.report, built.plan
        if plan is None or report.errors:
            return _input_errors(subject, report, rules)
        checked = check_plan(plan, rules, subject, built.written, built.names)
    if built.failure:
        checked.remarks.append(built.failure)
    # The rules on drills and evaluation depend on the industry pack: say when none matched.
    checked.remarks += [i.message for i in report.notes if i.code == "industry.unknown"]
    # validate's other warnings (those a rule reports are findings above already)
    told = {code for r in rules for code in r.issues}
    others = [i for i in report.warnings if i.code not in told]
    if others:
        checked.remarks.append(say("check.inputs.warnings", warnings=len(others)))
    return checked


def _input_errors(subject: str, report: ValidationReport, rules: list[Rule]) -> CheckReport:
    """A workbook with errors builds nothing: its errors are the findings."""
    # An input error that leaves out what a rule rests on (the duty phone, a risk's
    # measures) is that rule's finding, with its basis; the other rules wait.
    findings: list[Finding] = []
    named: Counter[str] = Counter()
    for issue in report.errors:
        rule = next((r for r in rules if r.rests_on(issue.where)), None)
        if rule is not None:
            named[rule.id] += 1
            findings.append(Finding(rule.id, Severity.ERROR, rule.title, issue.message,
                                    rule.basis, issue.where))
        else:
            findings.append(Finding("inputs", Severity.ERROR, say("check.inputs.title"),
                                    issue.message, say("check.inputs.basis"),
                                    issue.where))
    results = [r.result("checked", say("check.inputs.checked"), named[r.id]) if named[r.id]
               else r.result("not_run", say("check.inputs.not_run")) for r in rules]
    return CheckReport(subject, "workbook", findings, results,
                       remarks=[say("check.inputs.errors", errors=len(report.errors))])


def check_path(path: Path, profile: str | None = None,
               rules: list[Rule] | None = None) -> list[CheckReport]:
    """`docgen check PATH`: a .docx, or INPUTS (a workbook, a unit's folder, a batch)."""
    rules = load_rules() if rules is None else rules
    suffix = path.suffix.lower() if path.is_file() else ""
    if suffix == ".docx":
        return [check_document(path, rules)]
    if suffix == ".doc":
        raise UsageError(say("usage.check_doc", file=path.name))
    if suffix and suffix not in (".xlsx", ".xlsm", ".xls"):
        raise UsageError(say("usage.check_what", path=path))
    units, _ = discover_units(path)
    return [check_workbook(unit, rules, profile) for unit in units]
