"""Many units at once: built in parallel worker processes, then laid out and
converted by LibreOffice in as few runs as possible.

One unit's failure never stops the others: each unit's outcome is a value
(docgen.pipeline.UnitResult), a crash in a worker included.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from docgen.docx.toc import toc_xml
from docgen.errors import DocgenError
from docgen.export.layout import lay_out
from docgen.export.pdf import convert_many, reproducible
from docgen.export.write import Staging, describe, patched_entries, write_atomic
from docgen.pipeline import BuildOptions, UnitResult, build_unit, template_places, unit_folder
from docgen.read import InputUnit
from docgen.report import ValidationReport

Listener = Callable[[UnitResult], None]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def _crashed(unit: InputUnit, options: BuildOptions, in_batch: bool,
             exc: BaseException) -> UnitResult:
    if os.environ.get("DOCGEN_DEBUG"):
        traceback.print_exception(exc)
    return UnitResult(unit, ValidationReport(), unit_folder(unit, options.out, in_batch),
                      in_batch, failure=f"生成时出现意外错误（{type(exc).__name__}: {exc}）："
                      "请把输入文件和这条信息反馈给维护人员")


def _safe_build(unit: InputUnit, options: BuildOptions, scratch: Path,
                in_batch: bool) -> UnitResult:
    try:
        return build_unit(unit, options, scratch, in_batch)
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
        results = []
        for unit in units:
            results.append(_safe_build(unit, options, scratch, in_batch))
            notify(results[-1])
        return results
    # Compiled here, once: the forked workers inherit the templates already parsed.
    template_places(options.profile, options.template)
    results: list[UnitResult | None] = [None] * len(units)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(units)), mp_context=context) as pool:
        futures = {pool.submit(_safe_build, unit, options, scratch, in_batch): i
                   for i, unit in enumerate(units)}
        helper = threading.Thread(target=meanwhile, daemon=True) if meanwhile else None
        if helper:
            helper.start()
        for future in as_completed(futures):
            i = futures[future]
            try:
                results[i] = future.result()
            except Exception as exc:  # the worker itself died
                results[i] = _crashed(units[i], options, in_batch, exc)
            notify(results[i])
    if helper:
        helper.join()
    return [r for r in results if r is not None]


def complete_layouts(results: Sequence[UnitResult], jobs: int) -> None:
    """Lay out every pending document in as few LibreOffice runs as there are jobs,
    then write each unit's documents with the page numbers in their 目录."""
    pending = [(result, item) for result in results for item in result.pending]
    if not pending:
        return
    layouts = lay_out([item.scratch for _, item in pending], processes=jobs)
    by_unit: dict[int, list] = {}
    for (result, item), layout in zip(pending, layouts, strict=True):
        by_unit.setdefault(id(result), []).append((item, layout))
    for result in results:
        items = by_unit.get(id(result))
        if not items:
            continue
        staging = Staging()
        try:
            for item, layout in items:
                if layout.problem:
                    raise DocgenError(f"LibreOffice 未能排版 {item.target.name}："
                                      f"{layout.problem}（可加 --no-toc-pages 跳过目录页码）")
                toc = toc_xml(list(item.entries), item.instruction, layout.pages)
                staging.write_package(item.target, patched_entries(
                    item.scratch, "word/document.xml", item.span, toc))
            result.written += staging.commit()
        except DocgenError as exc:
            staging.discard()
            result.failure = exc.message
        except OSError as exc:
            staging.discard()
            result.failure = f"无法写入 {result.folder}：{describe(exc)}"
        result.pending = []


def export_pdfs(results: Sequence[UnitResult], jobs: int) -> None:
    """A PDF beside every .docx written, all converted in as few LibreOffice runs
    as there are jobs."""
    docs = [(result, path) for result in results if result.failure is None
            for path in result.written if path.suffix == ".docx"]
    if not docs:
        return
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        folder = Path(tmp)
        copies = []
        for i, (_, path) in enumerate(docs):
            copies.append(folder / f"p{i:05d}.docx")
            shutil.copyfile(path, copies[-1])
        out = folder / "pdf"
        out.mkdir()
        converted = {c.source: c for c in convert_many(copies, out, "pdf", jobs)}
        for (result, path), copy in zip(docs, copies, strict=True):
            outcome = converted[copy]
            if outcome.result is None:
                result.failure = f"LibreOffice 未能导出 PDF（{path.name}）：{outcome.problem}"
                continue
            target = path.with_suffix(".pdf")
            write_atomic(target, reproducible(outcome.result.read_bytes(),
                                              result.published or dt.date(2000, 1, 1)))
            result.written.append(target)
