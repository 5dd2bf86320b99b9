"""One unit, in a straight line: read → validate → model → render → post-process
→ write. `build_unit` returns what happened as a value — the files written, the
issues of the inputs, or the failure — and never raises for a unit's own trouble,
so a batch goes on (docgen.batch runs many; docgen.api is what the CLI calls)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from docx.document import Document

from docgen.documents import output_name, plan_name, planned_documents, skipped_kinds
from docgen.docx import (
    Properties,
    TocEntry,
    document_xml,
    fill_toc,
    finish,
    package_entries,
    set_properties,
    toc_field_paragraphs,
)
from docgen.docx.package import TOC_END, TOC_START, mark_span
from docgen.docx.toc import instruction_of
from docgen.errors import DocgenError, UsageError
from docgen.export.write import Staging, describe, safe_filename, write_package_file
from docgen.model import Plan, enrich
from docgen.packs import match_pack, packs
from docgen.profiles import DEFAULT_PROFILE, DocumentSpec, Profile, profiles
from docgen.read import InputUnit, read_unit
from docgen.render import load_template, plan_context, render
from docgen.report import ValidationReport
from docgen.schema import closest
from docgen.validate import validate_sheets

REPOSITORY_TEMPLATES = Path(__file__).resolve().parent.parent / "templates_docx"


def templates_folder() -> Path:
    """templates_docx/: shipped inside the package (docgen.templates), and the same
    folder of the repository in an editable install."""
    try:
        return Path(str(resources.files("docgen.templates")))
    except ModuleNotFoundError:
        return REPOSITORY_TEMPLATES


def find_profile(name: str) -> Profile:
    known = profiles()
    if name not in known:
        raise UsageError(f"未知的预案类型“{name}”，可选：{'、'.join(known)}")
    return known[name]


def template_path(spec: DocumentSpec, custom: Path | None) -> Path:
    if custom is not None:
        if not custom.is_file():
            raise UsageError(f"找不到模板文件：{custom}")
        return custom
    path = templates_folder() / spec.template
    if not path.is_file():
        raise UsageError(f"模板 {spec.template} 不在 {path.parent} 中：安装可能不完整，"
                         "请重新安装 docgen")
    return path


def _own(profile: Profile, spec: DocumentSpec, custom: Path | None) -> Path | None:
    """`--template` replaces the template of the profile's first document (the plan
    itself); the others of a multi-document profile keep the shipped ones."""
    return custom if spec is profile.documents[0] else None


def template_places(profile: Profile, custom: Path | None) -> list[str]:
    """The 文本 places the profile's templates offer, in document order."""
    seen: dict[str, None] = {}
    for spec in profile.documents:
        seen.update(dict.fromkeys(load_template(template_path(spec, _own(profile, spec,
                                                                           custom))).places))
    return list(seen)


def place_wording(profile: Profile, custom: Path | None) -> list[tuple[str, list[str]]]:
    """Each 文本 place of the profile's templates with the wording it prints by default."""
    seen: dict[str, list[str]] = {}
    for spec in profile.documents:
        template = load_template(template_path(spec, _own(profile, spec, custom)))
        for place in template.places:
            seen.setdefault(place, template.wording(place))
    return list(seen.items())


def every_place(custom: Path | None) -> list[str]:
    """The 文本 places of every profile's templates (and of a custom template)."""
    seen: dict[str, None] = {}
    for p in profiles().values():
        try:
            seen.update(dict.fromkeys(template_places(p, None)))
        except UsageError:  # a template not installed: its places are unknown
            continue
    if custom is not None:
        seen.update(dict.fromkeys(load_template(custom).places))
    return list(seen)


@dataclass(frozen=True)
class BuildOptions:
    out: Path
    profile: Profile
    template: Path | None = None
    strict: bool = False
    toc_pages: bool = False
    fast: bool = True  # the fast path for long loops (off: every loop through Jinja)


@dataclass(frozen=True)
class PendingLayout:
    """A document waiting for its page numbers: its scratch copy (the 目录 not yet
    filled), where the 目录 sits in its document.xml, and where it will be written."""

    target: Path
    scratch: Path
    entries: tuple[TocEntry, ...]
    instruction: str
    span: tuple[int, int]


@dataclass(frozen=True)
class UnitFacts:
    """What a batch's 汇总表 says of a unit's plan (small enough to cross processes)."""

    levels: dict[str, int]  # risks by level, highest first
    drills: int
    expired: int  # resources past 有效期至 on 发布日期
    findings: dict[str, int] | None = None  # the compliance check's, by severity


def facts_of(plan: Plan, checked: bool = False) -> UnitFacts:
    published = plan.plan.publish_date
    findings = None
    if checked:
        from docgen.check import check_plan

        report = check_plan(plan)
        findings = {"错误": len(report.errors), "警告": len(report.warnings),
                    "提示": len(report.notes)}
    return UnitFacts({b.level: b.count for b in plan.risks.by_level}, len(plan.drills),
                     sum(1 for x in plan.resources if x.expired_by(published)), findings)


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
    default_names: bool = False  # 基本信息 gave no 预案名称: the profile's pattern named them
    published: dt.date | None = None  # 发布日期: the date of its files (never the clock)
    facts: UnitFacts | None = None

    def failed(self, strict: bool = False) -> bool:
        return self.failure is not None or self.report.failed(strict)


def check_unit(unit: InputUnit, profile: Profile | None = None,
               places: list[str] | None = None,
               known: list[str] | Callable[[], list[str]] | None = None
               ) -> tuple[ValidationReport, Plan | None]:
    """Read and validate one unit; the enriched plan when the inputs hold no error.
    `places` are the 文本 places of the profile's templates, `known` those of every
    template: a place no template offers is an error, one of another profile a
    warning."""
    profile = profile or find_profile(DEFAULT_PROFILE)
    report = ValidationReport()
    sheets = read_unit(unit, report)
    data = validate_sheets(sheets, report, profile.required_sheets)
    if places is not None:
        for block in data.texts:
            if block.place in places:
                continue
            if callable(known):  # every template's places: compiled only when needed
                known = known()
            known = known if known is not None else places
            where = block.source.at("place")
            if block.place in known:
                report.add("text.place", where, place=block.place,
                           detail="它属于其他预案类型的模板")
            else:
                near = closest(block.place, known)
                report.add("text.unknown_place", where, place=block.place,
                           closest=f"（是不是“{near}”？）" if near else "")
    if report.errors:
        return report, None
    plan = enrich(data, profile.name)
    if not match_pack(plan.plan.industry)[1]:
        report.add("industry.unknown", data.info.at("industry"), industry=plan.plan.industry,
                   packs="、".join(p.name for p in packs().values() if not p.general))
    elif not plan.pack.general:
        report.add("industry.pack", data.info.at("industry"), industry=plan.plan.industry,
                   pack=plan.pack.name)
    return report, plan


def unit_folder(unit: InputUnit, out: Path, in_batch: bool) -> Path:
    return out / safe_filename(unit.name) if in_batch else out


def _properties(plan: Plan) -> Properties:
    info = plan.plan
    return Properties(title=info.plan_name, author=info.unit_name, subject=info.plan_code,
                      version=info.version, keywords="应急预案",
                      date=info.publish_date or dt.date(2000, 1, 1))


def _write_document(document: Document, fragments, target: Path, entries: list[TocEntry],
                    options: BuildOptions, scratch: Path, staging: Staging,
                    result: UnitResult) -> None:
    body = document.element.body
    toc = toc_field_paragraphs(body)
    if options.toc_pages and toc:
        # Laid out first with the 目录 as the template has it; filled once the pages are known.
        instruction = instruction_of(toc[0])
        mark_span(toc[0], toc[-1], TOC_START, TOC_END)
        fd, name = tempfile.mkstemp(prefix="layout-", suffix=".docx", dir=scratch)
        os.close(fd)
        copy = Path(name)
        stream = document_xml(document, fragments)
        write_package_file(copy, package_entries(document, stream))
        if stream.toc_span is None:  # the markers are ours: a bug, not the user's doing
            raise RuntimeError("目录位置丢失")
        result.pending.append(PendingLayout(target, copy, tuple(entries), instruction,
                                            stream.toc_span))
        return
    fill_toc(body, entries, None)
    staging.write_package(target, package_entries(document, document_xml(document, fragments)))


def render_extra(spec: DocumentSpec, plan: Plan, extra: dict, inputs_folder: Path,
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
        fill_toc(rendered.document.element.body, entries, None)
        staging.write_package(target, package_entries(
            rendered.document, document_xml(rendered.document, rendered.fragments)))
    finally:
        rendered.fragments.close()


def build_unit(unit: InputUnit, options: BuildOptions, scratch: Path,
               in_batch: bool = False) -> UnitResult:
    """Build every document of the profile for one unit. With toc_pages, the
    documents wait in `pending` for the layout pass (docgen.batch finishes them)."""
    profile = options.profile
    places = template_places(profile, options.template)
    report, plan = check_unit(unit, profile, places, lambda: every_place(options.template))
    result = UnitResult(unit, report, unit_folder(unit, options.out, in_batch), in_batch)
    if plan is None or report.failed(options.strict):
        return result
    result.published = plan.plan.publish_date
    result.facts = facts_of(plan, checked=in_batch)  # a batch's 汇总表 shows the check
    result.default_names = not plan.plan.plan_name
    planned, system = planned_documents(plan, profile)
    for title, why in skipped_kinds(plan, profile):
        report.add("document.nothing", title=title, why=why)
    staging = Staging()
    try:
        for doc in planned:
            spec = doc.spec
            named = plan.named(profile.name, doc.name, system, doc.special)
            result.names.append(named.plan.plan_name)
            compiled = load_template(template_path(spec, _own(profile, spec,
                                                              options.template)))
            rendered = render(compiled, lambda host, p=named, s=spec: plan_context(
                p, host, unit.folder, s.page), fast=options.fast)
            try:
                entries = finish(rendered.document, rendered.fragments)
                set_properties(rendered.document, _properties(named))
                target = result.folder / output_name(named, spec)
                _write_document(rendered.document, rendered.fragments, target, entries,
                                options, scratch, staging, result)
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
        result.failure = f"无法写入 {result.folder}：{describe(exc)}"
    return result
