"""`docgen bundle`: the filing package (《生产安全事故应急预案管理办法》
arts. 26–27). For each unit, a folder `<预案编号>_备案材料/` and a `.zip` of it:
the 备案申报表, every document of the profile, the 风险评估报告, the 应急资源调查
报告, the 编制说明, a blank 评审 or 论证 意见表, with `--previous` the 修订说明,
PDFs where LibreOffice is installed (one LibreOffice run for all), and
`manifest.json` with every file's SHA-256. Everything is made in a scratch folder
inside `--out` and moved into place at the end."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docgen.batch import BuildResult, build, check_outputs, convert_pdfs
from docgen.check import CheckReport, check_plan
from docgen.check.record import write_record
from docgen.errors import DocgenError, UsageError
from docgen.export.office import kept
from docgen.export.pdf import reproducible, soffice
from docgen.export.write import Staging, describe, safe_filename, write_atomic, zip_entries
from docgen.messages import say
from docgen.model import Plan
from docgen.model.filing import FiledPlan, Filing, gaps_of, validity_of
from docgen.model.gaps import equipment_gaps
from docgen.pipeline import UnitResult, check_unit, render_extra
from docgen.profiles import Profile, document_specs, find_profile
from docgen.read import InputUnit, discover_units
from docgen.report import Location
from docgen.wordml import whole

# The package's own documents, in the order they are filed (after the form, the plans).
REPORTS = ("risk_report", "resource_report", "drafting_note", "opinion_form")
MANIFEST = "manifest.json"
FORM = "应急预案备案申报表"  # first in the 材料清单, first in the package
CHECKSUMS = "SHA256SUMS"  # the same hashes as `sha256sum -c SHA256SUMS` reads them


@dataclass
class Package:
    unit: UnitResult
    folder: Path  # the final folder
    archive: Path  # the final .zip
    files: list[str] = field(default_factory=list)
    verdict: str = ""  # the compliance check's (docgen check), for the administrator
    must_fix: int = 0  # its errors: what a reviewer would reject
    conclusion: str = ""  # the pre-review's (通过, 修改后通过, 不通过)


@dataclass
class BundleResult:
    build: BuildResult
    packages: list[Package] = field(default_factory=list)
    summary: Path | None = None  # 汇总表.xlsx of a batch

    @property
    def ok(self) -> bool:
        return self.build.ok


def _package_name(plan: Plan) -> str:
    return safe_filename(f"{plan.plan.plan_code}_备案材料")


def _materials(plans: list[FiledPlan], review_form: str, with_note: bool) -> list[str]:
    return [FORM,
            *(f"{p.name}（{whole(p.number)}，电子文档）" for p in plans),
            "风险评估报告", "应急资源调查报告", "应急预案编制说明", review_form,
            say("bundle.prereview"), *(["应急预案修订说明"] if with_note else [])]


def _previous_unit(previous: Path, unit: InputUnit, batch: bool) -> InputUnit:
    units, was_batch = discover_units(previous)
    if not batch:
        if was_batch or len(units) != 1:
            raise UsageError(say("usage.previous_not_one_unit", previous=previous))
        return units[0]
    match = [u for u in units if u.name == unit.name]
    if not match:
        raise UsageError(say("usage.previous_unit_missing", previous=previous, unit=unit.name))
    return match[0]


def _revision_note(unit: InputUnit, plan: Plan, previous: Path, batch: bool,
                   profile: Profile | None,
                   staging: Staging, folder: Path) -> None:
    from docgen.diff import compare, write_revision_note

    old_unit = _previous_unit(previous, unit, batch)
    report, old = check_unit(old_unit, profile)
    if old is None:
        raise UsageError(say("usage.previous_has_errors", report=report.to_text()))
    write_revision_note(old, plan, compare(old, plan), folder, unit.folder)


def _extras(unit: UnitResult, plan: Plan, previous: Path | None, batch: bool,
            profile: Profile | None) -> CheckReport:
    """The package's own documents, written beside the plan's in its folder; the
    pre-review (its record is one of them)."""
    plan_files = [p for p in unit.written if p.suffix == ".docx"]  # in the system's order
    review = plan.review
    plans = [FiledPlan(number, name) for number, name in zip(unit.numbers, unit.names,
                                                             strict=True)]
    expired, expiring = validity_of(plan)
    gaps = gaps_of(plan, equipment_gaps(plan))
    filing = Filing(review, _materials(plans, review.form, previous is not None), gaps, plans,
                    expired=expired, expiring=expiring)
    specs = document_specs()
    staging = Staging()
    try:
        for key in ("filing_form", *REPORTS):
            spec = specs[key]
            title = review.form if key == "opinion_form" else spec.title
            target = unit.folder / safe_filename(f"{plan.plan.plan_code}_{title}", ".docx")
            render_extra(spec, plan, {"filing": filing}, unit.unit.folder, staging, target)
        checked = check_plan(plan, documents=plan_files, names=unit.names)
        write_record(checked, plan, unit.names, unit.folder, unit.unit.folder, staging)
        staging.commit()
    except BaseException:
        staging.discard()
        raise
    if previous is not None:
        _revision_note(unit.unit, plan, previous, batch, profile, Staging(), unit.folder)
    return checked


def _pdfs(units: list[UnitResult], jobs: int, day_of: Callable[[Path], dt.date]) -> None:
    """A PDF beside every .docx of the packages that has none yet (the plans got
    theirs in the layout pass), each loaded once; one that fails is a warning."""
    docs = [(unit, p) for unit in units for p in sorted(unit.folder.glob("*.docx"))
            if not p.with_suffix(".pdf").exists()]
    if not docs or soffice() is None:
        return
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        made = convert_pdfs([p for _, p in docs], jobs, Path(tmp))
        for (unit, doc), (pdf, problem) in zip(docs, made, strict=True):
            if pdf is None:
                unit.report.add("output.no_pdf", Location(doc.name),
                                problem=problem or say("libreoffice.no_result"))
                continue
            write_atomic(doc.with_suffix(".pdf"), reproducible(pdf.read_bytes(), day_of(doc)))


def _manifest(folder: Path, plans: list[Path]) -> list[str]:
    """manifest.json and SHA256SUMS in the order of the 材料清单: the 申报表, the plans
    in the system's order (综合 → 专项 → 现场处置方案 → 应急处置卡, each .docx then its
    .pdf), then the other files."""
    order = {name: i for i, name in enumerate(
        n for p in plans for n in (p.name, p.with_suffix(".pdf").name))}
    files = sorted((p.name for p in folder.iterdir()
                    if p.is_file() and p.name not in (MANIFEST, CHECKSUMS)),
                   key=lambda name: (FORM not in name, order.get(name, len(order)), name))
    entries = [{"file": name, "bytes": (folder / name).stat().st_size,
                "sha256": hashlib.sha256((folder / name).read_bytes()).hexdigest()}
               for name in files]
    write_atomic(folder / MANIFEST, json.dumps({"files": entries}, ensure_ascii=False,
                                               indent=2).encode("utf-8"))
    write_atomic(folder / CHECKSUMS, "".join(f"{e['sha256']}  {e['file']}\n"
                                             for e in entries).encode("utf-8"))
    return [*files, MANIFEST, CHECKSUMS]


def _zip(folder: Path, files: list[str], target: Path) -> None:
    staging = Staging()
    try:
        with tempfile.SpooledTemporaryFile() as buffer:
            zip_entries(buffer, [(f"{folder.name}/{name}", (folder / name).read_bytes())
                                 for name in files])
            buffer.seek(0)
            staging.write_bytes(target, buffer.read())
        staging.commit()
    except BaseException:
        staging.discard()
        raise


def _move(source: Path, target: Path) -> None:
    """Replace target by source (a folder), keeping the old one until the new is in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    source.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def bundle(inputs: Path, out: Path = Path("output"), profile: str | None = None,
           previous: Path | None = None, jobs: int | None = None,
           on_step: Callable[[str], None] | None = None, stage: str = "发布稿") -> BundleResult:
    step = on_step or (lambda message: None)
    chosen = find_profile(profile) if profile else None
    if previous is not None and not previous.exists():
        raise UsageError(say("usage.previous_not_found", previous=previous))
    units, batch = discover_units(inputs)
    check_outputs(units, inputs, out, batch)  # a file, or inside the inputs: refused now
    try:
        out.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".docgen-bundle-", dir=out))
    except OSError as exc:
        raise DocgenError(say("output.unwritable", path=out, reason=describe(exc))) from exc
    # The plans' LibreOffices, kept after the build, export the package's reports too.
    keeping = contextlib.ExitStack()
    keeping.enter_context(kept())
    try:
        # The plans' PDFs come from the load that numbers their 目录 (docgen.export.office).
        built = build(inputs, scratch, profile=profile, jobs=jobs, on_step=step,
                      summary=False, stage=stage, pdf=soffice() is not None,
                      pdf_required=False)
        result = BundleResult(built)
        plans: dict[Path, Plan] = {}
        reviews: dict[Path, CheckReport] = {}
        for unit in built.units:
            if unit.failed() or not unit.written or unit.plan is None:
                continue
            plans[unit.folder] = unit.plan
            reviews[unit.folder] = _extras(unit, unit.plan, previous, built.batch,
                                           chosen or unit.profile)
        if plans and soffice():
            step(say("libreoffice.exporting_pdf"))
        # 发布日期 is required (a plan without one has an error and is not built); the
        # fallback is the one of the documents' properties (pipeline._properties)
        _pdfs([u for u in built.units if u.folder in plans], jobs or 1,
              lambda doc: plans[doc.parent].plan.publish_date or dt.date(2000, 1, 1))
        if built.batch:  # while the documents are where the build wrote them
            from docgen.summary import write_summary

            result.summary = write_summary(built.units, out / "汇总表.xlsx")
        for unit in built.units:
            plan = plans.get(unit.folder)
            if plan is None:
                continue
            relative = unit.folder.relative_to(scratch)
            final = out / relative / _package_name(plan)
            files = _manifest(unit.folder, [p for p in unit.written if p.suffix == ".docx"])
            checked = reviews[unit.folder]
            package = Package(unit, final, final.with_name(final.name + ".zip"), files,
                              checked.verdict(), len(checked.errors),
                              checked.review.conclusion if checked.review else "")
            _move(unit.folder if unit.folder != scratch else _solo(scratch), final)
            _zip(final, files, package.archive)
            result.packages.append(package)
        return result
    except OSError as exc:  # a full disk while packing: say where, not "内部错误"
        raise DocgenError(say("output.unwritable", path=out, reason=describe(exc))) from exc
    finally:
        keeping.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _solo(scratch: Path) -> Path:
    """A single unit's files were written straight into the scratch folder: move them
    into a folder of their own first."""
    folder = scratch / ".package"
    folder.mkdir()
    for path in list(scratch.iterdir()):
        if path.is_file():
            path.rename(folder / path.name)
    return folder


__all__ = ["BundleResult", "Package", "bundle"]
