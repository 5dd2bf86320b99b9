"""Many units at once: built in parallel worker processes, then laid out and
converted by LibreOffice in as few runs as possible.

One unit's failure never stops the others: each unit's outcome is a value
(docgen.pipeline.UnitResult), a crash in a worker included.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import shutil
import tempfile
import threading
import traceback
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DocgenError, UsageError
from docgen.export import layout, office
from docgen.export.layout import Layout, lay_out
from docgen.export.pdf import convert_many, missing_hint, reproducible, require_soffice
from docgen.export.pending import PendingLayout, complete
from docgen.export.write import Staging, describe, file_in_the_way, write_atomic
from docgen.messages import say
from docgen.pipeline import BuildOptions, UnitResult, build_unit, unit_folder
from docgen.processes import (
    current_start_method,
    default_jobs,
    forbid_helpers,
    without_helpers,
)
from docgen.profiles import find_profile
from docgen.read import InputUnit, discover_units
from docgen.render import load_template
from docgen.render.templates import custom_template, template_places
from docgen.report import Location, ValidationReport

Listener = Callable[[UnitResult], None]


def _crashed(unit: InputUnit, options: BuildOptions, in_batch: bool,
             exc: BaseException) -> UnitResult:
    if os.environ.get("DOCGEN_DEBUG"):
        traceback.print_exception(exc)
    return UnitResult(unit, ValidationReport(), unit_folder(unit, options.out, in_batch),
                      in_batch, failure=say("batch.crashed", kind=type(exc).__name__,
                                            error=exc))


def _safe_build(unit: InputUnit, options: BuildOptions, scratch: Path,
                in_batch: bool) -> UnitResult:
    try:
        result = build_unit(unit, options, scratch, in_batch)
        if options.facts and result.plan is not None and not result.pending:
            # The 汇总表's facts (the compliance check) here, in parallel, not one
            # unit after another at the end; documents laid out later wait for it.
            from docgen.summary import unit_facts

            result.facts = unit_facts(result)
        return result
    except Exception as exc:  # a bug must not take the other units down
        return _crashed(unit, options, in_batch, exc)


def build_units(units: Sequence[InputUnit], options: BuildOptions, scratch: Path,
                in_batch: bool, jobs: int, on_unit: Listener | None = None,
                meanwhile: Callable[[], object] | None = None) -> list[UnitResult]:
    """Build every unit; in `jobs` worker processes when there are several.
    `meanwhile` is work for the main process while the workers build (in a thread,
    started only once every worker is forked: forking beside a running thread could
    copy a lock it holds)."""
    notify = on_unit or (lambda result: None)
    if jobs <= 1 or len(units) <= 1:
        done: list[UnitResult] = []
        # A batch run with --jobs 1 keeps to one core; a single unit may use two.
        with without_helpers() if in_batch else contextlib.nullcontext():
            for unit in units:
                done.append(_safe_build(unit, options, scratch, in_batch))
                notify(done[-1])
        return done
    method = current_start_method()
    if method == "fork" and options.profile is not None:
        # Compiled here, once: the forked workers inherit the templates already parsed
        # (spawned ones compile them at their first unit, and keep them for the next).
        template_places(options.profile, options.template)
    results: list[UnitResult | None] = [None] * len(units)
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=min(jobs, len(units)), mp_context=context,
                             initializer=forbid_helpers) as pool:
        futures = {pool.submit(_safe_build, unit, options, scratch, in_batch): i
                   for i, unit in enumerate(units)}
        helper = threading.Thread(target=meanwhile, daemon=True) if meanwhile else None
        if helper:
            helper.start()
        for future in as_completed(futures):
            i = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # the worker itself died
                result = _crashed(units[i], options, in_batch, exc)
            results[i] = result
            notify(result)
    if helper:
        helper.join()
    return [r for r in results if r is not None]


def _layouts(pending: Sequence[PendingLayout], jobs: int, pdfs: Path | None,
             written: Sequence[Path] = ()) -> tuple[list[Layout], dict[Path, Path]]:
    """Each pending document's pages and — in the single-load route, when `pdfs` is a
    folder — its PDF, numbers filled in, keyed by the .docx it belongs to; the
    documents already `written` (no 目录) get theirs in the same LibreOffice runs.
    Without that route: LibreOffice's PDF of each copy, read for its bookmarks."""
    if office.route() is not None:
        work = [office.Job(item.scratch, item.tokens,
                           pdfs / f"l{i:05d}.pdf" if pdfs else None)
                for i, item in enumerate(pending)]
        extra = list(written) if pdfs is not None else []
        if pdfs is not None:
            work += [office.Job(doc, None, pdfs / f"w{i:05d}.pdf")
                     for i, doc in enumerate(extra)]
        try:
            outcomes = office.run(work, layout.printed_numbers, jobs)
        except office.RouteFailed:
            pass  # the route did not start at all: the fallback below
        else:
            targets = [item.target for item in pending] + extra
            made = {target: o.pdf for target, o in zip(targets, outcomes, strict=True)
                    if o.pdf is not None and not o.problem}
            return [Layout(o.pages, o.problem) for o in outcomes[:len(pending)]], made
    return lay_out([item.scratch for item in pending], processes=jobs), {}


def complete_layouts(results: Sequence[UnitResult], jobs: int,
                     pdfs: Path | None = None) -> dict[Path, Path]:
    """Lay out every pending document in as few LibreOffice runs as there are jobs,
    then write each unit's documents with the page numbers in their 目录. Returns
    the PDFs made in the same runs, keyed by their .docx (see `_layouts`)."""
    pending = [(result, item) for result in results for item in result.pending]
    if not pending:
        return {}
    written = [p for r in results if r.failure is None for p in r.written
               if p.suffix == ".docx"]
    layouts, made = _layouts([item for _, item in pending], jobs, pdfs, written)
    by_unit: dict[int, list[tuple[PendingLayout, Layout]]] = {}
    for (result, item), laid_out in zip(pending, layouts, strict=True):
        by_unit.setdefault(id(result), []).append((item, laid_out))
    for result in results:
        items = by_unit.get(id(result))
        if not items:
            continue
        staging = Staging()
        try:
            for item, laid_out in items:
                if laid_out.problem:  # the .docx needs no LibreOffice: written, unnumbered
                    result.report.add("layout.no_pages", Location(item.target.name),
                                      problem=laid_out.problem)
                complete(item, None if laid_out.problem else laid_out.pages, staging)
            result.written += staging.commit()
            result.keep_order()
        except DocgenError as exc:
            staging.discard()
            result.failure = exc.message
        except OSError as exc:
            staging.discard()
            result.failure = say("output.unwritable", path=result.folder, reason=describe(exc))
        result.pending = []
    return made


def convert_pdfs(docs: Sequence[Path], jobs: int, folder: Path) -> list[tuple[Path | None, str]]:
    """Each document's PDF in `folder` (or why not): loaded once each in a LibreOffice
    kept running, or converted by `soffice --convert-to` without the UNO route."""
    if office.route() is not None:
        work = [office.Job(doc, None, folder / f"p{i:05d}.pdf") for i, doc in enumerate(docs)]
        try:
            return [(o.pdf, o.problem) for o in office.run(work, layout.printed_numbers, jobs)]
        except office.RouteFailed:
            pass
    copies = []
    for i, doc in enumerate(docs):  # distinct names: --convert-to names a PDF by its stem
        copies.append(folder / f"p{i:05d}.docx")
        shutil.copyfile(doc, copies[-1])
    out = folder / "pdf"
    out.mkdir()
    converted = {c.source: c for c in convert_many(copies, out, "pdf", jobs)}
    return [(converted[c].result, converted[c].problem) for c in copies]


def export_pdfs(results: Sequence[UnitResult], jobs: int,
                made: Mapping[Path, Path] | None = None, required: bool = True) -> None:
    """A PDF beside every .docx written: those the layout pass made (`made`) as they
    are, the others converted in as few LibreOffice runs as there are jobs. A PDF
    that fails fails its unit, or — not `required` — is a warning."""
    docs = [(result, path) for result in results if result.failure is None
            for path in result.written if path.suffix == ".docx"]
    if not docs:
        return
    made = made or {}
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        rest = [path for _, path in docs if path not in made]
        converted = dict(zip(rest, convert_pdfs(rest, jobs, Path(tmp)), strict=True))
        for result, path in docs:
            pdf, problem = (made[path], "") if path in made else converted[path]
            if pdf is None:
                problem = problem or say("libreoffice.no_result")
                if required:
                    result.failure = say("libreoffice.pdf_failed", file=path.name,
                                         problem=problem)
                else:
                    result.report.add("output.no_pdf", Location(path.name), problem=problem)
                continue
            target = path.with_suffix(".pdf")
            write_atomic(target, reproducible(pdf.read_bytes(),
                                              result.published or dt.date(2000, 1, 1)))
            result.written.append(target)


@dataclass
class BuildResult:
    batch: bool
    strict: bool
    units: list[UnitResult]
    toc_pages: bool = False  # whether the 目录 carries page numbers
    summary: Path | None = None  # 汇总表.xlsx of a batch

    @property
    def ok(self) -> bool:
        return not any(u.failed(self.strict) for u in self.units)

    @property
    def written(self) -> list[Path]:
        return [p for u in self.units for p in u.written]


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def check_outputs(units: list[InputUnit], inputs: Path, out: Path, batch: bool) -> None:
    """Refuse, before anything is written, an output that is not a folder, outputs
    that would land in the inputs, or two units that would share an output folder."""
    if out.exists() and not out.is_dir():
        raise UsageError(say("usage.out_is_file", out=out))
    if not out.exists() and (blocking := file_in_the_way(out)):
        raise UsageError(say("usage.out_under_file", file=blocking))
    if batch and _inside(out, inputs):
        raise UsageError(say("usage.out_in_batch", out=out, inputs=inputs))
    for unit in units:
        if (unit.single_file and out.resolve() == unit.folder.resolve()) or (
                not unit.single_file and _inside(out, unit.folder)):
            raise UsageError(say("usage.out_in_inputs", out=out, inputs=unit.folder))
    if batch:
        seen: dict[str, str] = {}
        for unit in units:
            key = unit_folder(unit, out, True).name.casefold()
            if key in seen:
                raise UsageError(say("usage.same_output", first=seen[key], second=unit.name,
                                     folder=out / unit_folder(unit, out, True).name))
            seen[key] = unit.name


def _facts_after_layout(results: Sequence[UnitResult], jobs: int) -> None:
    """The 汇总表's facts of the units laid out after their build (their workers could
    not check the finished documents): in `jobs` forked processes, not one unit after
    another. Without fork, or should a process die, write_summary works them out."""
    waiting = [r for r in results if r.plan is not None and r.facts is None]
    method = current_start_method()
    if jobs <= 1 or len(waiting) <= 1 or method != "fork":
        return
    from docgen.summary import unit_facts

    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(waiting)),
                                 mp_context=multiprocessing.get_context(method)) as pool:
            for result, facts in zip(waiting, pool.map(unit_facts, waiting), strict=True):
                result.facts = facts
    except Exception:  # a process that died: write_summary works out what is missing
        return


def _load_summary() -> None:
    import pandas  # noqa: F401  (the 汇总表's table)

    import docgen.summary  # noqa: F401


def build(inputs: Path, out: Path = Path("output"), profile: str | None = None,
          template: Path | None = None, strict: bool = False, pdf: bool = False,
          toc_pages: bool | None = None, jobs: int | None = None,
          on_unit: Listener | None = None,
          on_step: Callable[[str], None] | None = None, fast: bool = True,
          summary: bool = True, stage: str = "发布稿",
          pdf_required: bool = True) -> BuildResult:
    """Build every unit of INPUTS into OUT, with `profile` or, when it is None, the
    profile each unit's industry pack names. `on_unit` hears of each unit when it is
    built, `on_step` of the slow steps (LibreOffice), so a CLI can show progress."""
    step = on_step or (lambda message: None)
    chosen = find_profile(profile) if profile else None
    units, batch = discover_units(inputs)
    check_outputs(units, inputs, out, batch)
    missing = layout.available()
    if toc_pages and missing:
        raise UsageError(say("usage.toc_pages_impossible", missing=missing,
                             hint=missing_hint()))
    if pdf:
        require_soffice()
    # A missing or broken template stops here, once.
    if chosen is not None:
        template_places(chosen, template)
    elif template is not None:
        load_template(custom_template(template))
    with_pages = missing is None if toc_pages is None else toc_pages
    jobs = jobs or default_jobs()
    options = BuildOptions(out=out, profile=chosen, template=template, strict=strict,
                           toc_pages=with_pages, fast=fast, stage=stage, facts=batch and summary)
    with office.kept(), tempfile.TemporaryDirectory(prefix="docgen-build-") as scratch:
        if (with_pages or pdf) and not batch:  # a batch's workers have the cores
            office.warm(1)
        # The 汇总表's libraries (pandas) load while the workers build.
        results = build_units(units, options, Path(scratch), batch, jobs, on_unit,
                              meanwhile=_load_summary if batch and summary else None)
        made: dict[Path, Path] = {}
        if with_pages and any(r.pending for r in results):
            step(say("libreoffice.laying_out"))
            made = complete_layouts(results, jobs, Path(scratch) if pdf else None)
        if pdf and any(r.written for r in results):
            step(say("libreoffice.exporting_pdf"))
            export_pdfs(results, jobs, made, pdf_required)
    built = BuildResult(batch, strict, results, toc_pages=with_pages)
    if batch and summary:
        from docgen.summary import write_summary

        _facts_after_layout(results, jobs)

        built.summary = write_summary(results, out / "汇总表.xlsx")
    return built
