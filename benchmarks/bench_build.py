"""Time and size docgen against a naive hand-written script (`make bench`).

    python benchmarks/bench_build.py [--quick] [--only sample|floor|large|batch|profile]

Every figure is a fresh process, started through a tiny wrapper process so that
RUSAGE_CHILDREN covers exactly that one command (and what it waits for): wall time
includes interpreter start, memory is the peak RSS. Sections:

- sample: the shipped inputs/, `docgen build --no-toc-pages` vs benchmarks/naive.py,
  the same build without the template cache, and the LibreOffice layout pass on its
  own (`--toc-pages` minus `--no-toc-pages`);
- floor: `build --profile all --pdf` and `bundle` on the sample, with and without
  the UNO route, against their floor (the documents built without LibreOffice, then
  one LibreOffice process converting them all);
- large: the generated workbook (10,000 risks, 3,000 resources, 3,000 contacts,
  200 units; cached in benchmarks/.cache/), the same two commands, then once with
  page numbers against one LibreOffice conversion of the same .docx;
- batch: 20 copies of the sample with the default --jobs vs --jobs 1, and 6 copies
  with --toc-pages in one run vs 6 separate runs;
- profile: cProfile of `docgen build` on the large workbook.

Compiled templates are kept in the run's own scratch folder (DOCGEN_CACHE): each
case's first run compiles them, as a user's first build does; Python's bytecode is
kept (PYTHONDONTWRITEBYTECODE is dropped), as a user's Python keeps it. Prints tables and the
targets met or not; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import pstats
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import VERSION, large_workbook, sample_batch  # noqa: E402

BIN = Path(sys.executable).parent
DOCGEN = BIN / "docgen"
NAIVE = HERE / "naive.py"
TEMPLATE = ROOT / "templates_docx" / "service.docx"
SAMPLE = ROOT / "inputs"
CACHE = HERE / ".cache"

# Runs one command, then prints: seconds, peak RSS of its process tree's largest
# member (KiB on Linux), exit status. Its own start-up is outside the timing.
WRAPPER = """\
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - t
sys.stderr.buffer.write(r.stderr[-3000:])
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)
"""

TARGETS: list[tuple[str, str, str, bool | None]] = []  # (what, measured, limit, met)


# --------------------------------------------------------------------------- measuring

@dataclass
class Figure:
    label: str
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.seconds) and not self.error

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kib) / 1024 if self.peak_kib else float("nan")


def run_once(cmd: list[str], env: dict[str, str] | None = None,
             limit: float | None = None) -> tuple[float, int, int, str]:
    """One run; past `limit` seconds the command and what it started are stopped, and
    the run fails with the time it was given."""
    # errors="replace": the wrapper passes on the last bytes of stderr, which may cut
    # a character in two.
    with subprocess.Popen([sys.executable, "-c", WRAPPER, *cmd], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, encoding="utf-8",
                          errors="replace", cwd=ROOT, env=env,
                          start_new_session=True) as wrapper:
        try:
            stdout, stderr = wrapper.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(wrapper.pid, signal.SIGKILL)
            wrapper.communicate()
            return float("nan"), 0, -1, f"not finished in {limit:.0f} s: stopped"
    done = subprocess.CompletedProcess(cmd, wrapper.returncode, stdout, stderr)
    try:
        seconds, kib, rc = done.stdout.split()[-3:]
        return float(seconds), int(kib), int(rc), done.stderr
    except ValueError:
        return float("nan"), 0, -1, done.stderr + done.stdout


def measure(label: str, make_cmd, runs: int, scratch: Path,
            env: dict[str, str] | None = None) -> Figure:
    """Run make_cmd(out_dir) `runs` times, each into a fresh output folder."""
    figure = Figure(label)
    for k in range(runs):
        out = scratch / f"out-{k}"
        seconds, kib, rc, stderr = run_once(make_cmd(out), env)
        shutil.rmtree(out, ignore_errors=True)
        if rc != 0:
            figure.error = f"exit {rc}: " + (stderr.strip().splitlines() or ["?"])[-1][:200]
            break
        figure.seconds.append(seconds)
        figure.peak_kib.append(kib)
    return figure


def docgen_cmd(inputs: Path, *options: str):
    return lambda out: [str(DOCGEN), "build", str(inputs), "--out", str(out), *options]


def naive_cmd(inputs: Path):
    return lambda out: [sys.executable, str(NAIVE), str(inputs), str(TEMPLATE),
                        str(out.parent / f"{out.name}-naive.docx")]


# --------------------------------------------------------------------------- printing

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(headers: list[str], rows: list[list[str]], align: str = "") -> None:
    """Print an aligned table; align is one letter per column, l or r (default r, first l)."""
    align = align or "l" + "r" * (len(headers) - 1)
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        out = []
        for cell, w, a in zip(cells, widths, align, strict=True):
            gap = " " * (w - _width(str(cell)))
            out.append(f"{cell}{gap}" if a == "l" else f"{gap}{cell}")
        return "  ".join(out).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


def heading(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 76 - _width(title)))


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f}" if seconds == seconds else "—"  # NaN → dash


def figure_rows(figures: list[Figure]) -> list[list[str]]:
    rows = []
    for f in figures:
        if f.ok:
            rows.append([f.label, str(len(f.seconds)), fmt_s(f.median), fmt_s(min(f.seconds)),
                         f"{f.peak_mb:.0f}"])
        else:
            rows.append([f.label, "0", "failed", "", f.error or "not run"])
    return rows


def target(what: str, value: float, limit: float, at_most: bool, unit: str = "×") -> str:
    if value != value:  # NaN: a run failed
        TARGETS.append((what, "—", f"{'≤' if at_most else '≥'} {limit}{unit}", None))
        return f"{what}: not measured"
    met = value <= limit if at_most else value >= limit
    shown, bound = f"{value:.2f}{unit}", f"{'≤' if at_most else '≥'} {limit}{unit}"
    TARGETS.append((what, shown, bound, met))
    return f"{what}: {shown} (target {bound}) — {'met' if met else 'NOT met'}"


def ratio(a: Figure, b: Figure, attr: str) -> float:
    if not (a.ok and b.ok):
        return float("nan")
    return getattr(a, attr) / getattr(b, attr)


# --------------------------------------------------------------------------- sections

def compare(name: str, inputs: Path, runs: int, scratch: Path) -> tuple[Figure, Figure]:
    """docgen and naive.py, run by turns: this machine's speed drifts by a third within
    minutes, and a drift should fall on both sides of the ratio alike."""
    docgen = Figure(f"docgen build --no-toc-pages ({name})")
    naive = Figure(f"naive.py ({name})")
    for _ in range(runs):
        for figure, make_cmd in ((docgen, docgen_cmd(inputs, "--no-toc-pages")),
                                 (naive, naive_cmd(inputs))):
            if not figure.error:
                once = measure(figure.label, make_cmd, 1, scratch)
                figure.seconds += once.seconds
                figure.peak_kib += once.peak_kib
                figure.error = once.error
    table(["command", "runs", "median s", "min s", "peak RSS MB"], figure_rows([docgen, naive]))
    print(f"docgen / naive: time {ratio(docgen, naive, 'median'):.2f}×, "
          f"memory {ratio(docgen, naive, 'peak_mb'):.2f}×")
    return docgen, naive


def layout_available() -> bool:
    return shutil.which("soffice") is not None and shutil.which("pdftotext") is not None


def soffice_cmd(docs: list[Path], out: Path, profile: Path) -> list[str]:
    """One LibreOffice process converting `docs` to PDF, with a fresh profile (as
    docgen runs it: docgen's fonts.conf is in the environment, see run_once)."""
    return [shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile.as_uri()}",
            "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out),
            *map(str, docs)]


def measure_floor(label: str, make_cmd, runs: int, scratch: Path,
                  env: dict[str, str] | None = None) -> Figure:
    """The floor of a command that makes PDFs: make_cmd(out) run without LibreOffice
    (no page numbers, no PDF), plus one LibreOffice process converting every .docx it
    wrote. `env` is the first command's environment."""
    figure = Figure(label)
    for k in range(runs):
        out = scratch / f"floor-{k}"
        seconds, kib, rc, stderr = run_once(make_cmd(out), env)
        docs = sorted(out.rglob("*.docx"))
        if rc != 0 or not docs:
            figure.error = f"exit {rc}: " + (stderr.strip().splitlines() or ["?"])[-1][:200]
            break
        converted, kib2, rc2, stderr2 = run_once(
            soffice_cmd(docs, scratch / f"floor-pdf-{k}", scratch / f"floor-profile-{k}"),
            FONTS)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(scratch / f"floor-pdf-{k}", ignore_errors=True)
        shutil.rmtree(scratch / f"floor-profile-{k}", ignore_errors=True)
        if rc2 != 0:
            figure.error = f"soffice exit {rc2}: {stderr2.strip()[-200:]}"
            break
        figure.seconds.append(seconds + converted)
        figure.peak_kib.append(max(kib, kib2))
    return figure


# LibreOffice without docgen's UNO route, and without LibreOffice at all.
NO_UNO = dict(os.environ, DOCGEN_NO_UNO="1")
NO_LIBREOFFICE = dict(os.environ, DOCGEN_SOFFICE=str(ROOT / "no-such-soffice"))
FONTS = dict(os.environ, FONTCONFIG_FILE=str(ROOT / "docgen" / "data" / "fonts.conf"))


def section_floor(runs: int, scratch: Path) -> None:
    """docgen's LibreOffice work against its floor: the documents built without
    LibreOffice, then one LibreOffice process converting them all."""
    heading("LibreOffice at the floor: the sample's PDFs and filing package")
    if not layout_available():
        print("skipped (soffice or pdftotext not installed)")
        TARGETS.append(("--profile all --pdf / floor", "—", "≤ 1.25×", None))
        return
    pdf_cmd = docgen_cmd(SAMPLE, "--profile", "all", "--pdf")
    figures = [measure("build --profile all --pdf", pdf_cmd, runs, scratch),
               measure("  the same without the UNO route (two loads)", pdf_cmd, runs, scratch,
                       NO_UNO),
               measure_floor("  floor: --no-toc-pages + one soffice over its .docx",
                             docgen_cmd(SAMPLE, "--profile", "all", "--no-toc-pages"), runs,
                             scratch)]

    def bundle_cmd(out: Path) -> list[str]:
        return [str(DOCGEN), "bundle", str(SAMPLE), "--out", str(out)]

    figures += [measure("bundle", bundle_cmd, runs, scratch),
                measure("  the same without the UNO route", bundle_cmd, runs, scratch, NO_UNO),
                measure_floor("  floor: bundle without LibreOffice + one soffice over its .docx",
                              bundle_cmd, runs, scratch, NO_LIBREOFFICE)]
    table(["command (sample)", "runs", "median s", "min s", "peak RSS MB"],
          figure_rows(figures))
    print(target("--profile all --pdf / floor", ratio(figures[0], figures[2], "median"), 1.25,
                 at_most=True))
    print(target("bundle / floor", ratio(figures[3], figures[5], "median"), 1.25,
                 at_most=True))


def section_sample(runs: int, scratch: Path) -> None:
    heading(f"sample: {SAMPLE.relative_to(ROOT)}/")
    docgen, _ = compare("sample", SAMPLE, runs, scratch)
    print(target("sample: docgen build time", docgen.median, 1.0, at_most=True, unit=" s"))
    cold = measure("docgen build --no-toc-pages, no template cache (DOCGEN_CACHE=off)",
                   docgen_cmd(SAMPLE, "--no-toc-pages"), runs, scratch,
                   {**os.environ, "DOCGEN_CACHE": "off"})
    table(["command", "runs", "median s", "min s", "peak RSS MB"], figure_rows([cold]))
    if not layout_available():
        print("LibreOffice layout pass: skipped (soffice or pdftotext not installed)")
        return
    with_pages = measure("docgen build --toc-pages (sample)", docgen_cmd(SAMPLE, "--toc-pages"),
                         max(1, min(runs, 3)), scratch)
    if with_pages.ok and docgen.ok:
        print(f"LibreOffice layout pass (sample): {with_pages.median - docgen.median:.2f} s "
              f"(--toc-pages {with_pages.median:.2f} s − --no-toc-pages {docgen.median:.2f} s, "
              f"median of {len(with_pages.seconds)})")
    else:
        print(f"LibreOffice layout pass (sample): failed: {with_pages.error}")


def large_inputs() -> Path:
    folder = CACHE / f"large-v{VERSION}"
    if not any(folder.glob("*.xlsx")):
        tmp = CACHE / f".large-v{VERSION}-tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        start = time.perf_counter()
        large_workbook(tmp)
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
        print(f"(generated {folder.relative_to(ROOT)} in {time.perf_counter() - start:.1f} s)")
    return folder


def section_large(runs: int, scratch: Path) -> None:
    inputs = large_inputs()
    heading("large: 10,000 risks, 3,000 resources, 3,000 contacts, 200 units")
    docgen, naive = compare("large", inputs, runs, scratch)
    print(target("large: time docgen/naive", ratio(docgen, naive, "median"), 0.15, True))
    print(target("large: memory docgen/naive", ratio(docgen, naive, "peak_mb"), 0.25, True))
    if not layout_available():
        print("large with page numbers: skipped (soffice or pdftotext not installed)")
        return
    # Once: LibreOffice lays out some 12,000 pages; then one conversion of the same
    # .docx (what the layout pass is compared with).
    paged = measure("docgen build (large, with page numbers)", docgen_cmd(inputs), 1, scratch)
    built = scratch / "large-built"
    run_once(docgen_cmd(inputs, "--no-toc-pages")(built))
    converted = Figure("one soffice --convert-to pdf of its .docx")
    # Given as long as the layout pass took, and at least 20 minutes: it has been seen
    # not to finish at all.
    limit = max(1200.0, paged.median * 1.5 if paged.ok else 0.0)
    seconds, kib, rc, stderr = run_once(soffice_cmd(sorted(built.glob("*.docx")),
                                                    scratch / "large-pdf",
                                                    scratch / "large-profile"), FONTS, limit)
    if rc == 0:
        converted.seconds, converted.peak_kib = [seconds], [kib]
    else:
        converted.error = stderr.strip()[-200:] if rc == -1 else \
            f"exit {rc}: {stderr.strip()[-200:]}"
    table(["command", "runs", "median s", "min s", "peak RSS MB"],
          figure_rows([paged, converted, naive]))
    against = f"{ratio(paged, converted, 'median'):.2f}× the conversion" if converted.ok \
        else f"the conversion failed ({converted.error})"
    print(f"with page numbers / naive: {ratio(paged, naive, 'median'):.1f}×; "
          f"the layout pass ({fmt_s(paged.median - docgen.median)} s) against one "
          f"conversion: {against}")


def supports_jobs() -> bool:
    done = subprocess.run([str(DOCGEN), "build", "--help"], capture_output=True, text=True,
                          cwd=ROOT)
    return "--jobs" in done.stdout


# A pure-Python loop: what one core does alone, and what `cores` copies do at once.
BUSY = "import time\nt = time.perf_counter()\nx = 0\nfor i in range(8_000_000): x += i\n" \
       "print(time.perf_counter() - t)"


def machine_ceiling(cores: int, runs: int) -> float:
    """The throughput `cores` CPU-bound processes reach over one, on this machine: the
    most any process pool can give (virtual cores often share a physical one). The
    best time of each over `runs` tries, so that a passing disturbance counts less."""
    alone, together = float("inf"), float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", BUSY], stdout=subprocess.DEVNULL)
        alone = min(alone, time.perf_counter() - start)
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", BUSY], stdout=subprocess.DEVNULL)
                 for _ in range(cores)]
        for proc in procs:
            proc.wait()
        together = min(together, time.perf_counter() - start)
    return cores * alone / together


def section_batch(runs: int, scratch: Path) -> None:
    heading("batch: copies of the sample")
    batch20 = sample_batch(scratch / "batch20", 20)
    figures = [measure("20 plans, one run (default)", docgen_cmd(batch20, "--no-toc-pages"),
                       runs, scratch)]
    jobs = supports_jobs()
    if jobs:
        figures.append(measure("20 plans, one run, --jobs 1",
                               docgen_cmd(batch20, "--no-toc-pages", "--jobs", "1"), runs,
                               scratch))
    table(["command (--no-toc-pages)", "runs", "median s", "min s", "peak RSS MB"],
          figure_rows(figures))
    if figures[0].ok:
        print(f"per plan: {figures[0].median / 20:.2f} s")
    if jobs:
        print(target(f"batch: throughput default jobs / --jobs 1 ({os.cpu_count()} cores)",
                     ratio(figures[1], figures[0], "median"), 1.7, at_most=False))
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)
        ceiling = machine_ceiling(cores, runs)
        print(f"this machine's ceiling: {cores} CPU-bound Python processes give "
              f"{ceiling:.2f}× the throughput of one (best of {runs}); the batch reaches "
              f"{ratio(figures[1], figures[0], 'median') / ceiling:.0%} of it")
        # What the start-up (interpreter, imports, template compiled once) hides: the
        # rate at which further plans are built, from 20 and 40 plans per run.
        batch40 = sample_batch(scratch / "batch40", 40)
        more = [measure("40 plans, one run (default)", docgen_cmd(batch40, "--no-toc-pages"),
                        runs, scratch),
                measure("40 plans, one run, --jobs 1",
                        docgen_cmd(batch40, "--no-toc-pages", "--jobs", "1"), runs, scratch)]
        one = measure("1 plan (start-up and one plan)",
                      docgen_cmd(sample_batch(scratch / "batch1", 1), "--no-toc-pages"), runs,
                      scratch)
        table(["command (--no-toc-pages)", "runs", "median s", "min s", "peak RSS MB"],
              figure_rows([*more, one]))
        if all(f.ok for f in (*figures, *more)):
            default = 20 / (more[0].median - figures[0].median)
            serial = 20 / (more[1].median - figures[1].median)
            print(f"steady state, plans per second from 20 → 40 plans: default {default:.1f}, "
                  f"--jobs 1 {serial:.1f} ({default / serial:.2f}×); a run's fixed start-up: "
                  f"{one.median - 1 / serial:.2f} s")
    else:
        print("batch: --jobs not supported by this docgen")
        TARGETS.append(("batch: throughput default jobs / --jobs 1", "—", "≥ 1.7×", None))

    if not layout_available():
        print("batch with page numbers: skipped (soffice or pdftotext not installed)")
        return
    batch6 = sample_batch(scratch / "batch6", 6)
    together = measure("6 plans, one run --toc-pages", docgen_cmd(batch6, "--toc-pages"), 1,
                       scratch)
    separate = Figure("6 separate runs --toc-pages")
    for unit in sorted(p for p in batch6.iterdir() if p.is_dir()):
        one = measure(unit.name, docgen_cmd(unit, "--toc-pages"), 1, scratch)
        if not one.ok:
            separate.error = one.error
            break
        separate.peak_kib += one.peak_kib
        separate.seconds.append(one.seconds[0])
    rows = []
    for f, processes in ((together, 1), (separate, 6)):
        rows.append([f.label, str(processes), fmt_s(sum(f.seconds)) if f.ok else "failed",
                     f"{f.peak_mb:.0f}" if f.ok else f.error])
    table(["command", "processes", "total s", "peak RSS MB"], rows)
    if separate.ok:  # the figure of the six is their sum
        separate.seconds = [sum(separate.seconds)]
    print(target("batch: 6 with --toc-pages, one run / separate runs",
                 ratio(together, separate, "median"), 0.4, at_most=True))


def _where(key: tuple[str, int, str]) -> str:
    file, line, func = key
    if file == "~":
        return func
    for marker in ("site-packages/", "/lib/python3."):
        if marker in file:
            file = file.split(marker, 1)[1]
            if marker.startswith("/lib"):
                file = "stdlib:" + file.split("/", 1)[1]
            break
    else:
        file = os.path.relpath(file, ROOT) if file.startswith(str(ROOT)) else file
    return f"{file}:{line}({func})"


def _wrapper_frame(key: tuple[str, int, str]) -> bool:
    """The frames every call passes through: the exec of the script and click's dispatch."""
    file, _, func = key
    return "builtins.exec" in func or "/click/" in file or file.endswith("/bin/docgen")


def print_top(stats: pstats.Stats, sort: int, n: int, title: str) -> None:
    entries = sorted(((k, v) for k, v in stats.stats.items() if not _wrapper_frame(k)),
                     key=lambda kv: kv[1][sort], reverse=True)[:n]
    print(f"\n{title}")
    rows = []
    for key, (cc, nc, tt, ct, _callers) in entries:
        calls = str(nc) if nc == cc else f"{nc}/{cc}"
        rows.append([calls, f"{tt:.3f}", f"{ct:.3f}", _where(key)])
    table(["ncalls", "tottime", "cumtime", "function"], rows, align="rrrl")


def section_profile(scratch: Path) -> None:
    inputs = large_inputs()
    heading("profile: docgen build --no-toc-pages on the large workbook (cProfile)")
    prof = scratch / "docgen.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), str(DOCGEN), "build", str(inputs),
           "--out", str(scratch / "out-profile"), "--no-toc-pages"]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if not prof.exists():
        print(f"profile failed (exit {done.returncode}): {done.stderr.strip()[-300:]}")
        return
    stats = pstats.Stats(str(prof))
    print(f"{elapsed:.1f} s under the profiler, {stats.total_calls:,} calls "
          f"(exit {done.returncode})")
    print_top(stats, 3, 25, "top 25 by cumulative time (script exec and click frames left out)")
    print_top(stats, 2, 15, "top 15 by own time (tottime)")


def summary() -> None:
    heading("targets")
    marks = {True: "met", False: "NOT met", None: "not measured"}
    table(["target", "measured", "limit", ""],
          [[what, value, limit, marks[met]] for what, value, limit, met in TARGETS],
          align="lrrl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run of each command")
    parser.add_argument("--only", choices=["sample", "floor", "large", "batch", "profile"])
    args = parser.parse_args()
    if not DOCGEN.exists():
        sys.exit(f"{DOCGEN} not found: install docgen into this interpreter's environment")
    version = subprocess.run([str(DOCGEN), "--version"], capture_output=True, text=True)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{version.stdout.strip()} · Python {platform.python_version()} · {cores} cores · "
          f"LibreOffice {'yes' if layout_available() else 'no'}"
          f"{' · --quick' if args.quick else ''}")
    wanted = [args.only] if args.only else ["sample", "floor", "large", "batch", "profile"]
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        scratch = Path(tmp)
        # Compiled templates kept for this run only (docgen.render.cache): each case's
        # first run compiles and keeps them, as a user's first build does.
        os.environ["DOCGEN_CACHE"] = str(scratch / "template-cache")
        # Python's bytecode kept, as a user's Python keeps it (pip compiles an installed
        # package's; an editable install writes it at its first run). Without it every
        # run compiles docgen's 75 modules again (0.25 s), which naive.py's libraries,
        # compiled when installed, never do.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        if "sample" in wanted:
            section_sample(1 if args.quick else 5, scratch)
        if "floor" in wanted:
            section_floor(1 if args.quick else 3, scratch)
        if "large" in wanted:
            section_large(1 if args.quick else 3, scratch)
        if "batch" in wanted:
            section_batch(1 if args.quick else 3, scratch)
        if "profile" in wanted:
            section_profile(scratch)
    if TARGETS:
        summary()


if __name__ == "__main__":
    main()
