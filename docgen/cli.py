"""The command line: arguments, printing, exit codes. The work is in docgen.api."""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

import click

from docgen import api, clicktext
from docgen.errors import DocgenError, UsageError
from docgen.messages import say
from docgen.model.plan import STAGES
from docgen.pipeline import UnitResult
from docgen.profiles import DEFAULT_PROFILE, profiles
from docgen.report import printable

# click's usage lines, help and errors in Chinese: before any option is declared, as
# click words some of them (the help of --version) when a command is declared.
clicktext.install()

INPUTS = click.argument("inputs", type=click.Path(path_type=Path), default="inputs",
                        required=False)
STRICT = click.option("--strict", is_flag=True, help="警告也按错误处理")
STAGE = click.option("--stage", type=click.Choice(list(STAGES)), default=STAGES[0],
                     show_default=True,
                     help="送审稿：封面标明送审稿，发布令写明评审后发布；发布稿：评审后正式发布的版本")


def _echo_unit(result: UnitResult, err: bool = True, strict: bool = False) -> None:
    """A unit's issues (on stderr while building; on stdout for `validate`, whose
    report is the output), its failure, and the files written."""
    report = result.report
    if result.in_batch and (report.issues or result.failure or not err):
        click.echo(say("cli.heading", name=result.unit.name), err=err)
    if report.issues:
        click.echo(report.to_text(strict=strict), err=err)
    if result.failure:
        click.echo(say("cli.failure", failure=printable(result.failure)), err=True)
    for path in result.written:
        click.echo(say("cli.written", path=path))


def _profile_chosen(units: list[UnitResult], batch: bool) -> None:
    """Which profile the industry pack chose, when --profile was not given."""
    chosen = [u for u in units if u.chosen and u.profile is not None and u.plan is not None]
    if not chosen:
        return
    if batch:
        kinds = "；".join(f"{u.unit.name}：{u.profile.name}" for u in chosen
                         if u.profile is not None)
        click.echo(say("cli.profiles_chosen", units=kinds), err=True)
        return
    unit = chosen[0]
    assert unit.profile is not None and unit.plan is not None
    click.echo(say("cli.profile_chosen", pack=unit.plan.pack.name, profile=unit.profile.name,
                   description=unit.profile.description,
                   others="、".join(p for p in profiles() if p != unit.profile.name)), err=True)


# At exit the interpreter's last collections would walk every object still alive
# (Jinja, lxml, pandas, the plan): 0.14 s after a plan, 0.35 s after a batch. None of
# them is waited on: a command has written and closed its files, removed its temporary
# folders and stopped LibreOffice before it returns. Frozen, they are still freed as
# their counts drop, and the system closes the rest.
atexit.register(gc.freeze)


def _exit(result: api.BuildResult) -> None:
    sys.exit(0 if result.ok else 1)


class _Interrupted(BaseException):
    """SIGTERM, raised where the run is, like Ctrl-C's KeyboardInterrupt: the
    finally blocks on the way out kill LibreOffice and remove temporary folders."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _remember_out(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Any:
    """The folder a command writes to, so that an interrupted run can say what it wrote."""
    if value is not None:
        ctx.meta["docgen.out"] = value
    return value


def _interrupted(ctx: click.Context, signum: int, started: int) -> None:
    """One line on what an interrupted run finished, then exit 128 + the signal."""
    out = ctx.meta.get("docgen.out")
    written: list[Path] = []
    if isinstance(out, Path) and out.exists():
        candidates = [out] if out.is_file() else out.rglob("*")
        written = sorted(p for p in candidates if p.is_file() and not p.name.startswith(".")
                         and p.stat().st_mtime_ns >= started)
    done = (say("cli.interrupt.some", count=len(written),
                files="、".join(str(p) for p in written[:3]) + ("等" if len(written) > 3 else ""))
            if written else say("cli.interrupt.none"))
    how = say("cli.interrupt.ctrl_c" if signum == signal.SIGINT else "cli.interrupt.term")
    click.echo(say("cli.interrupt.line", how=how, done=done), err=True)
    raise click.exceptions.Exit(128 + signum)


class _Command(click.Command):
    """A command whose usage line is in Chinese: 用法: docgen build [选项] [INPUTS]."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", clicktext.gettext("[OPTIONS]"))
        super().__init__(*args, **kwargs)


class _Group(click.Group):
    """Turns an unexpected failure into a short message instead of a traceback, and an
    interrupt into one line on what was finished (exit status 130 or 143); its
    commands and sub-groups word their usage lines in Chinese."""

    command_class = _Command
    group_class = type  # `template` is a _Group too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", clicktext.gettext("[OPTIONS]"))
        kwargs.setdefault("subcommand_metavar", clicktext.gettext("COMMAND [ARGS]..."))
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        started = time.time_ns()
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _interrupted(ctx, signal.SIGINT, started)
        except _Interrupted as stop:
            _interrupted(ctx, stop.signum, started)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            # The reader went away (`docgen … | head`): stop quietly, as other tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as exc:
            if os.environ.get("DOCGEN_DEBUG"):
                raise
            raise DocgenError(say("cli.internal_error", kind=type(exc).__name__,
                                  error=exc)) from exc


def _terminated(signum: int, frame: FrameType | None) -> None:
    # SIGTERM ends the run the way Ctrl-C does: temporary folders are removed and
    # LibreOffice's process group is killed on the way out.
    raise _Interrupted(signum)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="docgen")
def main() -> None:
    """docgen：把填写好的 Excel 工作簿生成应急预案 Word 文档。"""
    signal.signal(signal.SIGTERM, _terminated)


def _summary(result: api.BuildResult) -> None:
    """One line per unit of a batch: result, files, warnings."""
    rows = [(say("cli.summary.unit"), say("cli.summary.outcome"), say("cli.summary.files"),
             say("cli.summary.warnings"))]
    for unit in result.units:
        if unit.failure:
            outcome = say("cli.summary.failed")
        elif unit.report.failed(result.strict):
            outcome = say("cli.summary.input_errors")
        else:
            outcome = say("cli.summary.succeeded")
        files = [str(p) for p in unit.written] or ["—"]
        rows.append((unit.unit.name, outcome, files[0], str(len(unit.report.warnings))))
        rows += [("", "", more, "") for more in files[1:]]
    width = clicktext.width
    widths = [max(width(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row))
             .rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    ok = sum(1 for u in result.units if not u.failed(result.strict))
    click.echo("\n" + say("cli.summary.total", ok=ok, units=len(result.units)), err=True)
    click.echo("\n".join(lines), err=True)
    if result.summary is not None:
        click.echo(say("cli.summary.table", path=result.summary), err=True)


def _report_units(result: api.BuildResult, batch: bool, strict: bool) -> None:
    """Each unit after the build: its issues (in a batch), failure, layout warning and
    the files written (on stdout, for scripts; the rest goes to stderr)."""
    for unit in result.units:
        if batch and (unit.report.issues or unit.failure):
            click.echo(say("cli.heading", name=unit.unit.name), err=True)
            if unit.report.issues:
                click.echo(unit.report.to_text(strict=strict), err=True)
        if unit.failure:
            click.echo(say("cli.failure", failure=printable(unit.failure)), err=True)
        if not batch:  # what the layout pass found after the unit was reported
            for issue in unit.report.issues:
                if issue.code == "layout.no_pages":
                    click.echo(str(issue), err=True)
        for path in unit.written:  # on stdout, for scripts; the summary is on stderr
            click.echo(say("cli.written", path=path))


def _report_run(result: api.BuildResult, batch: bool, strict: bool,
                toc_pages: bool | None) -> None:
    """What the run as a whole says: default names, the profile chosen, the batch's
    summary, a 目录 without page numbers, and what was not built."""
    named = [u for u in result.units if u.written and u.default_names]
    if named and not batch:
        titles = "、".join(f"《{n}》" for n in named[0].names[:1])
        click.echo(say("cli.no_plan_name", titles=titles), err=True)
    elif named:
        click.echo(say("cli.no_plan_names", units=len(named)), err=True)
    _profile_chosen(result.units, batch)
    if batch:
        _summary(result)
    if result.written and not result.toc_pages:
        reason = say("cli.toc_skipped") if toc_pages is False else say("cli.toc_no_tools")
        click.echo(say("cli.toc_without_pages", reason=reason), err=True)
    if not result.ok:
        failed = [u.unit.name for u in result.units if u.failed(strict)]
        click.echo(say("cli.units_not_built", units="、".join(failed)) if batch
                   else say("cli.nothing_built"), err=True)


@main.command()
@INPUTS
@click.option("--out", type=click.Path(path_type=Path), default="output", show_default=True,
              callback=_remember_out,
              help="输出文件夹")
@click.option("--profile", default=None, type=click.Choice(list(profiles())),
              help="预案类型（不填时按“所属行业”对应行业包的默认类型）")
@click.option("--template", type=click.Path(path_type=Path), help="使用自定义 Word 模板")
@click.option("--pdf", is_flag=True, help="同时导出 PDF（需要 LibreOffice）")
@STRICT
@click.option("--toc-pages/--no-toc-pages", default=None,
              help="用 LibreOffice 排版后在目录中填入页码（安装了 LibreOffice 时默认开启）")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="批量生成时并行的单位数（默认为 CPU 核数）")
@STAGE
def build(inputs: Path, out: Path, profile: str | None, template: Path | None, pdf: bool,
          strict: bool, toc_pages: bool | None, jobs: int | None, stage: str) -> None:
    """生成预案：INPUTS 为一个 .xlsx 文件或文件夹（默认 inputs/）。"""
    from docgen.read import discover_units

    units, batch = discover_units(inputs)
    bar = click.progressbar(length=len(units), label=say("cli.building"),
                            file=sys.stderr) if batch else None

    def on_unit(unit: UnitResult) -> None:
        if bar is not None:
            bar.update(1)
        elif unit.report.issues:
            click.echo(unit.report.to_text(strict=strict), err=True)

    def on_step(message: str) -> None:
        if bar is not None:
            bar.render_finish()
        click.echo(message, err=True)

    try:
        result = api.build(inputs, out, profile=profile, template=template, strict=strict,
                           pdf=pdf, toc_pages=toc_pages, jobs=jobs, on_unit=on_unit,
                           on_step=on_step, stage=stage)
    finally:
        if bar is not None:
            bar.render_finish()
    _report_units(result, batch, strict)
    _report_run(result, batch, strict, toc_pages)
    _exit(result)


@main.command()
@INPUTS
@STRICT
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="报告格式")
@click.option("--profile", default=None, type=click.Choice(list(profiles())),
              help="按哪种预案类型检查（不填时按行业包的默认类型；文本位置随类型而定）")
def validate(inputs: Path, strict: bool, fmt: str, profile: str | None) -> None:
    """检查输入工作簿，列出全部错误和警告，不生成文件。"""
    result = api.validate(inputs, strict=strict, profile=profile)
    if fmt == "json":
        if result.batch:
            import json

            click.echo(json.dumps({u.unit.name: json.loads(u.report.to_json(strict=strict))
                                   for u in result.units}, ensure_ascii=False, indent=2))
        else:
            click.echo(result.units[0].report.to_json(strict=strict))
    else:
        for unit in result.units:
            _echo_unit(unit, err=False, strict=strict)
            if not unit.report.issues:
                prefix = say("cli.heading", name=unit.unit.name) if result.batch else ""
                click.echo(prefix + say("cli.validate_passed"))
    _exit(result)


@main.command()
@INPUTS
@click.option("--out", type=click.Path(path_type=Path), default="output", show_default=True,
              callback=_remember_out,
              help="输出文件夹")
@click.option("--profile", default=None, type=click.Choice(list(profiles())),
              help="预案类型（不填时按“所属行业”对应行业包的默认类型）")
@click.option("--previous", type=click.Path(path_type=Path),
              help="上一版工作簿（文件或文件夹）：同时写出修订说明")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="批量时并行的单位数")
@STAGE
def bundle(inputs: Path, out: Path, profile: str | None, previous: Path | None,
           jobs: int | None, stage: str) -> None:
    """生成备案材料，打包为文件夹和 .zip（含 manifest.json）。

    备案材料：申报表、预案、风险评估报告、应急资源调查报告、编制说明、评审（论证）意见表。"""
    result = api.bundle(inputs, out, profile=profile, previous=previous, jobs=jobs,
                        on_step=lambda message: click.echo(message, err=True), stage=stage)
    for unit in result.build.units:
        if unit.report.issues:
            if result.build.batch:
                click.echo(say("cli.heading", name=unit.unit.name), err=True)
            click.echo(unit.report.to_text(), err=True)
        if unit.failure:
            click.echo(say("cli.failure", failure=printable(unit.failure)), err=True)
    for package in result.packages:
        click.echo(say("cli.package_written", folder=package.folder,
                       files=len(package.files)))
        click.echo(say("cli.written", path=package.archive))
        if package.conclusion:
            click.echo(say("cli.package_prereview", conclusion=package.conclusion))
        if package.must_fix:
            click.echo(say("cli.package_must_fix", verdict=package.verdict), err=True)
    if result.summary is not None:
        click.echo(say("cli.written", path=result.summary))
    if not result.ok:
        click.echo(say("cli.bundle_incomplete"), err=True)
    sys.exit(0 if result.ok else 1)


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default="output", show_default=True,
              callback=_remember_out,
              help="修订说明写入的文件夹")
@click.option("--no-note", is_flag=True, help="只列出变更，不写修订说明")
def diff(old: Path, new: Path, out: Path, no_note: bool) -> None:
    """比较同一单位两个版本的工作簿：列出变更，判断是否需要重新备案，写出修订说明。"""
    result = api.diff(old, new, None if no_note else out)
    for label, report in ((say("cli.diff_old"), result.old_report),
                          (say("cli.diff_new"), result.new_report)):
        if report.errors or report.warnings:
            click.echo(say("cli.heading", name=label) + "\n" + report.to_text(), err=True)
    if result.changes is None:
        click.echo(say("cli.diff_errors"), err=True)
        sys.exit(1)
    for line in result.changes.summary_lines():
        click.echo(printable(line))
    if result.written:
        click.echo(say("cli.written", path=result.written))


@main.command()
@INPUTS
@STRICT
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True, help="报告格式")
@click.option("--out", "-o", type=click.Path(path_type=Path, dir_okay=False),
              callback=_remember_out,
              help="把报告写入文件（--format html 不给时写到 合规检查报告.html）")
@click.option("--profile", default=None, type=click.Choice(list(profiles())),
              help="按哪种预案类型检查工作簿（不填时按行业包的默认类型）")
@click.option("--rules", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="使用自己的规则文件（格式同 docgen/data/rules.toml）")
@click.option("--review", is_flag=True,
              help="同时把预评审记录（评审指南的评审表，逐项预填）写到 output/ 文件夹")
def check(inputs: Path, strict: bool, fmt: str, out: Path | None, profile: str | None,
          rules: Path | None, review: bool) -> None:
    """检查合规性：INPUTS 为工作簿或其文件夹（按将生成的预案检查），或任一 .docx 预案。"""
    import json

    from docgen.check import html_page
    from docgen.export.write import describe, file_in_the_way, write_atomic

    reports = api.check(inputs, profile=profile, rules=rules)
    if review:
        try:
            for path in api.write_reviews(reports):
                click.echo(say("cli.written", path=path), err=fmt != "text")
        except OSError as exc:
            raise DocgenError(say("output.unwritable", path="output", reason=describe(exc))) \
                from exc
    if fmt == "json":
        data = ({r.subject: r.as_dict(strict) for r in reports} if len(reports) > 1
                else reports[0].as_dict(strict))
        text = json.dumps(data, ensure_ascii=False, indent=2)
    elif fmt == "html":
        text = html_page(reports, strict)
        out = out or Path("合规检查报告.html")
    else:
        text = "\n\n".join(r.to_text(strict) for r in reports)
    if out is None:
        click.echo(text)
    else:
        if blocking := file_in_the_way(out):
            raise UsageError(say("usage.under_file", path=out, file=blocking))
        try:
            write_atomic(out, text.encode("utf-8"))
        except OSError as exc:
            raise DocgenError(say("output.unwritable", path=out, reason=describe(exc))) from exc
        click.echo(say("cli.written", path=out))
    sys.exit(1 if any(r.failed(strict) for r in reports) else 0)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="即使已有填写内容也覆盖")
@click.option("--industry", default="",
              help="所属行业（如 购物中心）：填写说明列出该行业的典型风险")
def init(folder: Path, force: bool, industry: str) -> None:
    """写出空白的填写模板 FOLDER/填写模板.xlsx（含填写说明、下拉列表和列名批注）。"""
    from docgen.fillin import write_fillin
    from docgen.packs import match_pack
    from docgen.profiles import find_profile
    from docgen.render.templates import every_place

    profile = find_profile(DEFAULT_PROFILE)
    try:
        places = every_place(None)
    except DocgenError:
        places = []  # no template installed: 填写说明 then lists no 文本 places
    pack, known = match_pack(industry)
    path = write_fillin(folder, places, force=force, required=profile.required_sheets,
                        pack=pack, industry=industry.strip())
    click.echo(say("cli.written", path=path))
    if industry and not known:
        click.echo(say("cli.init_unknown_industry", industry=industry))
    elif industry:
        click.echo(say("cli.init_industry", industry=industry.strip(), pack=pack.name))
    click.echo(say("cli.init_next", folder=folder))


@main.group()
def template() -> None:
    """查看预案模板的“文本”位置，检查自定义 Word 模板。"""


@template.command("places")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
                required=False)
@click.option("--profile", default=DEFAULT_PROFILE, type=click.Choice(list(profiles())),
              help="预案类型")
def template_places(file: Path | None, profile: str) -> None:
    """列出“文本”工作表可用的位置和每个位置现有的文字（FILE 为自定义模板）。

    在“文本”表中填写位置名称和内容：方式为“替换”时，该位置的现有文字整段换成你的内容；
    为“追加”（默认）时，你的内容接在现有文字之后。〔自动填写〕处由工作簿中的数据生成。"""
    for place, lines in api.places(profile, file):
        click.echo(say("cli.heading", name=place))
        for line in lines or [say("cli.place_empty")]:
            click.echo(f"    {line}")
    click.echo(say("places.hazards"))


@template.command("check")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
                required=False)
@click.pass_context
def template_check(ctx: click.Context, file: Path | None) -> None:
    """检查模板 FILE 的标签和名称，并列出它提供的“文本”位置。

    不给 FILE 时，列出默认模板的位置和每个位置现有的文字。"""
    from docgen.render.lint import check_template

    if file is None:
        ctx.invoke(template_places, file=None, profile=DEFAULT_PROFILE)
        return
    report = check_template(file)
    for problem in report.problems:
        click.echo(say("cli.template_problem", file=file.name, problem=problem), err=True)
    if report.places:
        click.echo(say("cli.template_places", places="、".join(report.places)))
    if report.ok:
        click.echo(say("cli.template_passed", file=file.name))
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("name", required=False)
def hazards(name: str | None) -> None:
    """列出事故类型库：每个类型一行；给出类型名称（如 粉尘爆炸）时按预案的写法列出全部内容。

    每一部分都可在“文本”工作表中替换或追加：位置写作“类型·部分”，如“粉尘爆炸·初期处置”。"""
    from docgen.hazards import find_type, library, sections

    lib = library()
    if name is None:
        for known in lib.hazards.values():
            kind = say("hazards.special" if known.special_plan else "hazards.onsite")
            click.echo(say("hazards.line", name=known.name, legal=known.legal_class,
                           kind=kind, words="、".join(known.aliases[:6]) or "—"))
        click.echo(say("hazards.more", count=len(lib.hazards)))
        return
    hazard = find_type(name)
    if hazard is None:
        raise UsageError(say("hazards.unknown", name=name,
                             known="、".join(lib.names)))
    click.echo(say("hazards.title", name=hazard.name, legal=hazard.legal_class,
                   gb6441=hazard.gb6441 or "—", family=hazard.family,
                   plan=hazard.plan_title if hazard.special_plan else say("hazards.onsite")))
    for heading, place, lines in sections(hazard):
        click.echo(say("hazards.part", heading=heading, place=place))
        for i, line in enumerate(lines, 1):
            click.echo(f"    {i}. {line}")
    click.echo(say("hazards.equipment", items="、".join(
        e.name + ("*" if e.key else "") for e in hazard.equipment) or "—"))
    for b in hazard.basis:
        click.echo(say("hazards.basis", title=b.title, cite=b.number or b.version,
                       sectors="、".join(b.applies_to) or say("hazards.all_sectors")))
    click.echo(say("hazards.sources", count=len(hazard.sources)))
