"""One unit, in a straight line: read → validate → model → render → post-process
→ write. `build_unit` returns what happened as a value — the files written, the
issues of the inputs, or the failure — and never raises for a unit's own trouble,
so a batch goes on (docgen.batch runs many; docgen.api is what the CLI calls)."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from docgen.documents import (
    Planned,
    output_name,
    plan_name,
    planned_documents,
    skipped_kinds,
    unmatched_numbers,
)
from docgen.domain.records import Risk
from docgen.errors import DocgenError
from docgen.export.pending import PendingLayout, write_document
from docgen.export.write import Staging, describe, safe_filename
from docgen.hazards import is_hazard_place
from docgen.messages import listing, say
from docgen.model import Plan, enrich, gaps
from docgen.packs import match_industry, packs
from docgen.profiles import DEFAULT_PROFILE, DocumentSpec, Profile, find_profile
from docgen.read import InputUnit, read_unit
from docgen.render import load_template, plan_context, render
from docgen.render.engine import ImageHost
from docgen.render.templates import document_template, every_place, template_path, template_places
from docgen.report import Location, ValidationReport
from docgen.schema import closest
from docgen.validate import validate_sheets
from docgen.wordml import Properties, finish, set_properties

P = ParamSpec("P")
R = TypeVar("R")


def _one_unit(work: Callable[P, R]) -> Callable[P, R]:
    """`work` with Python's cycle collector paused: it walks every object the unit
    has made so far, again and again as they accumulate, which was a tenth of a
    10,000-risk build; the few cycles a unit leaves are collected after it by the
    collector's next ordinary run. Paused only where it was running."""
    @functools.wraps(work)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        running = gc.isenabled()
        gc.disable()
        try:
            return work(*args, **kwargs)
        finally:
            if running:
                gc.enable()
    return paused


@dataclass(frozen=True)
class BuildOptions:
    out: Path
    profile: Profile | None  # None: each unit's industry pack chooses
    template: Path | None = None
    strict: bool = False
    toc_pages: bool = False
    fast: bool = True  # the fast path for long loops (off: every loop through Jinja)
    stage: str = "发布稿"  # or 送审稿 (docgen.model.plan.STAGES)
    facts: bool = False  # a batch's 汇总表 wants each unit's facts, worked out by its worker


@dataclass
class UnitResult:
    unit: InputUnit
    report: ValidationReport
    folder: Path  # where its documents go
    in_batch: bool = False
    written: list[Path] = field(default_factory=list)
    failure: str | None = None  # why building failed, when the inputs were fine
    pending: list[PendingLayout] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # the 预案名称 of each document
    numbers: list[str] = field(default_factory=list)  # … and its own 预案编号, in order
    targets: list[Path] = field(default_factory=list)  # … and its file, in order
    default_names: bool = False  # 基本信息 gave no 预案名称: the profile's pattern named them
    published: dt.date | None = None  # 发布日期: the date of its files (never the clock)
    plan: Plan | None = None  # the enriched plan, when its inputs hold no error
    profile: Profile | None = None  # what was built (--profile, else the pack's default)
    chosen: bool = False  # the profile was the industry pack's choice (no --profile)
    facts: object | None = None  # docgen.summary.UnitFacts, when the worker worked them out

    def failed(self, strict: bool = False) -> bool:
        return self.failure is not None or self.report.failed(strict)

    def keep_order(self) -> None:
        """`written` in the system's order (综合 → 专项 → 现场处置方案 → 应急处置卡), the
        documents laid out later by LibreOffice included; other files after them."""
        place = {path: i for i, path in enumerate(self.targets)}
        self.written.sort(key=lambda p: (place.get(p, len(place)), p.suffix != ".docx"))


Places = list[str] | Callable[[Profile], list[str] | None] | None


def unit_profile(industry: str) -> Profile:
    """The profile a unit builds when --profile is not given: its industry pack's."""
    return find_profile(match_industry(industry)[0].default_profile)


@_one_unit
def check_unit(unit: InputUnit, profile: Profile | None = None, places: Places = None,
               known: list[str] | Callable[[], list[str]] | None = None
               ) -> tuple[ValidationReport, Plan | None]:
    """Read and validate one unit; the enriched plan when the inputs hold no error.
    Without a profile, the unit's industry pack chooses (unit_profile; the plan's
    `profile` names it). `places` are the 文本 places of the profile's templates (or
    a function of the profile giving them), `known` those of every template: a
    place no template offers is an error, one of another profile a warning."""
    report = ValidationReport()
    sheets = read_unit(unit, report)
    required = (profile or find_profile(DEFAULT_PROFILE)).required_sheets
    data = validate_sheets(sheets, report, required)
    profile = profile or unit_profile(data.info.industry)
    if callable(places):
        places = places(profile)
    if places is not None:
        for block in data.texts:
            if block.place in places or is_hazard_place(block.place):
                continue
            if callable(known):  # every template's places: compiled only when needed
                known = known()
            known = known if known is not None else places
            where = block.source.at("place")
            if block.place in known:
                report.add("text.place", where, place=block.place,
                           detail=say("text.other_profile"))
            else:
                near = closest(block.place, known)
                report.add("text.unknown_place", where, place=block.place,
                           closest=f"（是不是“{near}”？）" if near else "")
    if report.errors:
        return report, None
    plan = enrich(data, profile.name)
    if not match_industry(plan.plan.industry)[1]:
        report.add("industry.unknown", data.info.at("industry"), industry=plan.plan.industry,
                   packs="、".join(p.name for p in packs().values() if not p.general))
    elif not plan.pack.general:
        report.add("industry.pack", data.info.at("industry"), industry=plan.plan.industry,
                   pack=plan.pack.name)
    _hazard_issues(plan, report, profile)
    unmatched, names = unmatched_numbers(plan, profile)
    for row in unmatched:
        report.add("number.unknown", row.source.at("plan"), plan=row.plan,
                   names="》《".join(names))
    return report, plan


def _risk_place(risks: list[Risk], field: str, column: str) -> Location | None:
    """The first risk's cell of `field`, named by its header (or the column's name
    when the sheet does not have the column)."""
    if not risks:
        return None
    where = risks[0].source.at(field)
    return where if where.column != field else where.at(column)


def _hazard_issues(plan: Plan, report: ValidationReport, profile: Profile) -> None:
    """The accident types docgen recognised or could not, the equipment they need and
    the resources lack, and the cards that leave the typed measures out."""
    if found := gaps.recognised(plan):
        report.add("hazard.recognised", _risk_place(found, "accident_type", "事故类型"),
                   items=listing([f"{r.code} {r.name} → {r.hazard.name}（据“{r.hazard_word}”）"
                                  for r in found if r.hazard is not None], "；"))
    if missing := gaps.unrecognised(plan):
        report.add("hazard.other", _risk_place(missing, "accident_type", "事故类型"),
                   items=listing([f"{r.code} {r.name}" for r in missing]))
    for gap in gaps.equipment_gaps(plan):
        report.add("hazard.equipment", _risk_place(gap.risks, "resource_codes", "应急资源"),
                   risks=gap.codes, hazard=gap.hazard.name,
                   missing="、".join(gap.missing),
                   basis=gap.basis)
    with_cards = any(spec.kind == "cards" for spec in profile.documents)
    shortened = [c for c in plan.system.cards if c.shortened] if with_cards else []
    if shortened:
        report.add("card.shortened", _risk_place(shortened[0].risks, "measures", "应对措施"),
                   cards=listing([f"{c.title}（{listing([r.code for r in c.risks])}）"
                                  for c in shortened], "；"))


def unit_folder(unit: InputUnit, out: Path, in_batch: bool) -> Path:
    return out / safe_filename(unit.name) if in_batch else out


def _properties(plan: Plan) -> Properties:
    info = plan.plan
    return Properties(title=info.plan_name, author=info.unit_name, subject=info.plan_code,
                      version=info.version, keywords="应急预案",
                      date=info.publish_date or dt.date(2000, 1, 1))


def render_extra(spec: DocumentSpec, plan: Plan, extra: dict[str, Any], inputs_folder: Path,
                 staging: Staging, target: Path) -> None:
    """A document beside the plan (filing form, reports, 修订说明): its template
    rendered with the plan's context and `extra`, staged at `target` (the 目录, if
    any, lists its headings without page numbers)."""
    named = plan.named(plan.profile, plan_name(plan, spec))
    compiled = load_template(template_path(spec, None))
    rendered = render(compiled, lambda host: {
        **plan_context(named, host, inputs_folder, spec.page), **extra})
    try:
        entries = finish(rendered.document, rendered.fragments)
        set_properties(rendered.document, _properties(named))
        write_document(rendered.document, rendered.fragments, target, entries, staging)
    finally:
        rendered.fragments.close()


def same_file(documents: list[tuple[Planned, Plan]], targets: list[Path]) -> str | None:
    """Why two documents of one unit cannot both be written: the same 预案名称 (a
    基本信息 name that is another plan's), or the same file (the second would replace
    the first); None when they can. File names compare as Windows and macOS compare
    them: case and width folded."""
    names: dict[str, int] = {}
    for k, (_, named) in enumerate(documents):
        first = names.setdefault(named.plan.plan_name, k)
        if first != k:
            return say("output.same_name", name=named.plan.plan_name,
                       first=documents[first][0].spec.title, second=documents[k][0].spec.title)
    seen: dict[str, int] = {}
    for k, target in enumerate(targets):
        key = unicodedata.normalize("NFKC", target.name).casefold()
        if key in seen:
            earlier = documents[seen[key]][1].plan.plan_name
            return say("output.same_file", first=earlier, second=documents[k][1].plan.plan_name,
                       file=target.name)
        seen[key] = k
    return None


@_one_unit
def build_unit(unit: InputUnit, options: BuildOptions, scratch: Path,
               in_batch: bool = False) -> UnitResult:
    """Build every document of the profile for one unit. With toc_pages, the
    documents wait in `pending` for the layout pass (docgen.batch finishes them)."""
    report, plan = check_unit(unit, options.profile,
                              lambda chosen: template_places(chosen, options.template),
                              lambda: every_place(options.template))
    result = UnitResult(unit, report, unit_folder(unit, options.out, in_batch), in_batch)
    if plan is None or report.failed(options.strict):
        return result
    profile = find_profile(plan.profile)
    plan = replace(plan, stage=options.stage)
    result.profile = profile
    result.chosen = options.profile is None
    result.published = plan.plan.publish_date
    result.plan = plan
    result.default_names = not plan.plan.plan_name
    planned, system = planned_documents(plan, profile)
    for title, why in skipped_kinds(plan, profile):
        report.add("document.nothing", title=title, why=why)
    documents = [(doc, plan.named(profile.name, doc.name, system, doc.special, doc.number))
                 for doc in planned]
    targets = [result.folder / output_name(named, doc.spec) for doc, named in documents]
    if clash := same_file(documents, targets):
        result.failure = clash  # nothing written: one document would replace another
        return result
    staging = Staging()
    try:
        for (doc, named), target in zip(documents, targets, strict=True):
            spec = doc.spec
            result.names.append(named.plan.plan_name)
            result.numbers.append(named.plan.plan_code)
            result.targets.append(target)
            compiled = load_template(document_template(profile, spec, options.template))

            def context(host: ImageHost, p: Plan = named,
                        s: DocumentSpec = spec) -> dict[str, Any]:
                return plan_context(p, host, unit.folder, s.page)

            rendered = render(compiled, context, fast=options.fast)
            try:
                entries = finish(rendered.document, rendered.fragments)
                set_properties(rendered.document, _properties(named))
                pending = write_document(rendered.document, rendered.fragments, target,
                                         entries, staging,
                                         scratch if options.toc_pages else None)
                if pending is not None:
                    result.pending.append(pending)
            finally:
                rendered.fragments.close()
        result.written = staging.commit()
    except DocgenError as exc:
        staging.discard()
        result.pending = []
        result.failure = exc.message
    except OSError as exc:
        staging.discard()
        result.pending = []
        result.failure = say("output.unwritable", path=result.folder, reason=describe(exc))
    return result
