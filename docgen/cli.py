"""The command line: arguments, printing, exit codes. The work is in docgen.api."""

from __future__ import annotations

import os
import signal
import sys
import unicodedata
from pathlib import Path

import click

from docgen import api
from docgen.errors import DocgenError, UsageError
from docgen.messages import say
from docgen.pipeline import UnitResult
from docgen.profiles import DEFAULT_PROFILE, profiles
from docgen.report import printable

INPUTS = click.argument("inputs", type=click.Path(path_type=Path), default="inputs",
                        required=False)
STRICT = click.option("--strict", is_flag=True, help="警告也按错误处理")


def _echo_unit(result: UnitResult, err: bool = True, strict: bool = False) -> None:
    """A unit's issues (on stderr while building; on stdout for `validate`, whose
    report is the output), its failure, and the files written."""
    report = result.report
    if result.in_batch and (report.issues or result.failure or not err):
        click.echo(f"【{result.unit.name}】", err=err)
    if report.issues:
        click.echo(report.to_text(strict=strict), err=err)
    if result.failure:
        click.echo(f"错误 {printable(result.failure)}", err=True)
    for path in result.written:
        click.echo(f"已生成：{path}")


def _exit(result: api.BuildResult) -> None:
    sys.exit(0 if result.ok else 1)


class _Group(click.Group):
    """Turns an unexpected failure into a short message instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            # The reader went away (`docgen … | head`): stop quietly, as other tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as exc:
            if os.environ.get("DOCGEN_DEBUG"):
                raise
            raise DocgenError(
                f"docgen 内部错误（{type(exc).__name__}: {exc}）。请把输入文件和这条信息"
                "反馈给维护人员；设置环境变量 DOCGEN_DEBUG=1 可看到详细信息。"
            ) from exc


def _terminated(signum: int, frame) -> None:
    # SIGTERM ends the run the way Ctrl-C does: temporary folders are removed and
    # LibreOffice's process group is killed on the way out.
    raise SystemExit(128 + signum)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="docgen")
def main() -> None:
    """docgen：把填写好的 Excel 工作簿生成应急预案 Word 文档。"""
    signal.signal(signal.SIGTERM, _terminated)


def _width(text: str) -> int:
    """Columns a text takes on a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _summary(result: api.BuildResult) -> None:
    """One line per unit of a batch: result, files, warnings."""
    rows = [("单位", "结果", "文件", "警告")]
    for unit in result.units:
        if unit.failure:
            outcome = "失败"
        elif unit.report.failed(result.strict):
            outcome = "输入有错误"
        else:
            outcome = "成功"
        files = [str(p) for p in unit.written] or ["—"]
        rows.append((unit.unit.name, outcome, files[0], str(len(unit.report.warnings))))
        rows += [("", "", more, "") for more in files[1:]]
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row))
             .rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    ok = sum(1 for u in result.units if not u.failed(result.strict))
    click.echo(f"\n批量生成结果：{ok}/{len(result.units)} 个单位成功", err=True)
    click.echo("\n".join(lines), err=True)
    if result.summary is not None:
        click.echo(f"汇总表：{result.summary}", err=True)


@main.command()
@INPUTS
@click.option("--out", type=click.Path(path_type=Path), default="output", show_default=True,
              help="输出文件夹")
@click.option("--profile", default=DEFAULT_PROFILE, show_default=True,
              type=click.Choice(list(profiles())), help="预案类型")
@click.option("--template", type=click.Path(path_type=Path), help="使用自定义 Word 模板")
@click.option("--pdf", is_flag=True, help="同时导出 PDF（需要 LibreOffice）")
@STRICT
@click.option("--toc-pages/--no-toc-pages", default=None,
              help="用 LibreOffice 排版后在目录中填入页码（安装了 LibreOffice 时默认开启）")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="批量生成时并行的单位数（默认为 CPU 核数）")
def build(inputs: Path, out: Path, profile: str, template: Path | None, pdf: bool,
          strict: bool, toc_pages: bool | None, jobs: int | None) -> None:
    """生成预案：INPUTS 为一个 .xlsx 文件或文件夹（默认 inputs/）。"""
    from docgen.read import discover_units

    units, batch = discover_units(inputs)
    bar = click.progressbar(length=len(units), label="生成中", file=sys.stderr) if batch \
        else None

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
                           on_step=on_step)
    finally:
        if bar is not None:
            bar.render_finish()
    for unit in result.units:
        if batch and (unit.report.issues or unit.failure):
            click.echo(f"【{unit.unit.name}】", err=True)
            if unit.report.issues:
                click.echo(unit.report.to_text(strict=strict), err=True)
        if unit.failure:
            click.echo(f"错误 {printable(unit.failure)}", err=True)
        for path in unit.written:  # on stdout, for scripts; the summary is on stderr
            click.echo(f"已生成：{path}")
    named = [u for u in result.units if u.written and u.default_names]
    if named and not batch:
        titles = "、".join(f"《{n}》" for n in named[0].names[:1])
        click.echo(f"提示：“基本信息”表未填“预案名称”，已按默认规则命名为{titles}；"
                   "要用其他名称，请在“基本信息”表填写“预案名称”。", err=True)
    elif named:
        click.echo(f"提示：{len(named)} 个单位未填“预案名称”，已按默认规则"
                   "（单位名称加预案类型）命名；要用其他名称，请在各单位的“基本信息”表填写。",
                   err=True)
    if batch:
        _summary(result)
    if result.written and not result.toc_pages:
        reason = "按要求跳过" if toc_pages is False else "未安装 LibreOffice 或 poppler-utils"
        click.echo(f"提示：目录已列出各章节标题，但未填页码（{reason}）；"
                   "在 Word 中打开后右键目录选择“更新域”即可填入。", err=True)
    if not result.ok:
        failed = [u.unit.name for u in result.units if u.failed(strict)]
        click.echo("以下单位未生成文件：" + "、".join(failed) if batch else "未生成文件。",
                   err=True)
    _exit(result)


@main.command()
@INPUTS
@STRICT
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="报告格式")
@click.option("--profile", default=DEFAULT_PROFILE, type=click.Choice(list(profiles())),
              show_default=True, help="按哪种预案类型检查（文本位置随类型而定）")
def validate(inputs: Path, strict: bool, fmt: str, profile: str) -> None:
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
                prefix = f"【{unit.unit.name}】" if result.batch else ""
                click.echo(prefix + "检查通过，没有发现问题")
    _exit(result)


@main.command()
@INPUTS
@click.option("--out", type=click.Path(path_type=Path), default="output", show_default=True,
              help="输出文件夹")
@click.option("--profile", default=DEFAULT_PROFILE, type=click.Choice(list(profiles())),
              show_default=True, help="预案类型")
@click.option("--previous", type=click.Path(path_type=Path),
              help="上一版工作簿（文件或文件夹）：同时写出修订说明")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="批量时并行的单位数")
def bundle(inputs: Path, out: Path, profile: str, previous: Path | None,
           jobs: int | None) -> None:
    """生成备案材料：申报表、预案、风险评估报告、应急资源调查报告、编制说明、评审（论证）意见表，
    打包为文件夹和 .zip（含 manifest.json）。"""
    result = api.bundle(inputs, out, profile=profile, previous=previous, jobs=jobs,
                        on_step=lambda message: click.echo(message, err=True))
    for unit in result.build.units:
        if unit.report.issues:
            if result.build.batch:
                click.echo(f"【{unit.unit.name}】", err=True)
            click.echo(unit.report.to_text(), err=True)
        if unit.failure:
            click.echo(f"错误 {printable(unit.failure)}", err=True)
    for package in result.packages:
        click.echo(f"已生成：{package.folder}（{len(package.files)} 个文件）")
        click.echo(f"已生成：{package.archive}")
        if package.must_fix:
            click.echo(f"注意：合规检查{package.verdict}：评审时会被指出，请运行 "
                       f"make check（或 docgen check）查看并改正后重新生成", err=True)
    if result.summary is not None:
        click.echo(f"已生成：{result.summary}")
    if not result.ok:
        click.echo("有单位未生成备案材料。", err=True)
    sys.exit(0 if result.ok else 1)


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default="output", show_default=True,
              help="修订说明写入的文件夹")
@click.option("--no-note", is_flag=True, help="只列出变更，不写修订说明")
def diff(old: Path, new: Path, out: Path, no_note: bool) -> None:
    """比较同一单位两个版本的工作簿：列出变更，判断是否需要重新备案，写出修订说明。"""
    result = api.diff(old, new, None if no_note else out)
    for label, report in (("修订前", result.old_report), ("修订后", result.new_report)):
        if report.errors or report.warnings:
            click.echo(f"【{label}】\n{report.to_text()}", err=True)
    if result.changes is None:
        click.echo("错误 工作簿有错误，无法比较：请先修正上面列出的错误", err=True)
        sys.exit(1)
    for line in result.changes.summary_lines():
        click.echo(printable(line))
    if result.written:
        click.echo(f"已生成：{result.written}")


@main.command()
@INPUTS
@STRICT
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True, help="报告格式")
@click.option("--out", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="把报告写入文件（--format html 不给时写到 合规检查报告.html）")
@click.option("--profile", default=DEFAULT_PROFILE, type=click.Choice(list(profiles())),
              show_default=True, help="按哪种预案类型检查工作簿")
@click.option("--rules", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="使用自己的规则文件（格式同 docgen/data/rules.toml）")
def check(inputs: Path, strict: bool, fmt: str, out: Path | None, profile: str,
          rules: Path | None) -> None:
    """检查合规性：INPUTS 为工作簿或其文件夹（按将生成的预案检查），或任一 .docx 预案。"""
    import json

    from docgen.check import html_page
    from docgen.export.write import describe, write_atomic

    reports = api.check(inputs, profile=profile, rules=rules)
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
        try:
            write_atomic(out, text.encode("utf-8"))
        except OSError as exc:
            raise DocgenError(f"无法写入 {out}：{describe(exc)}") from exc
        click.echo(f"已生成：{out}")
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
    click.echo(f"已生成：{path}")
    if industry and not known:
        click.echo(f"提示：所属行业“{industry}”没有对应的行业包，填写说明列出通用的典型风险。")
    elif industry:
        click.echo(f"提示：“基本信息”表的“所属行业”已填为“{industry.strip()}”，预案将采用"
                   f"“{pack.name}”行业包。")
    click.echo(f"填写后检查：make validate INPUTS={folder}"
               f"（或 .venv/bin/docgen validate {folder}）；"
               f"改正全部错误后生成：make plan INPUTS={folder}。")


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
        click.echo(f"【{place}】")
        for line in lines or ["（模板在此处没有固定文字）"]:
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
        click.echo(f"错误 {file.name}: {problem}", err=True)
    if report.places:
        click.echo("模板提供的“文本”位置：" + "、".join(report.places))
    if report.ok:
        click.echo(f"{file.name} 检查通过")
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("name", required=False)
def hazards(name: str | None) -> None:
    """列出事故类型库：每个类型一行；给出类型名称（如 粉尘爆炸）时按预案的写法列出全部内容。

    每一部分都可在“文本”工作表中替换或追加：位置写作“类型·部分”，如“粉尘爆炸·初期处置”。"""
    from docgen.hazards import find_type, library, sections

    lib = library()
    if name is None:
        for hazard in lib.hazards.values():
            kind = say("hazards.special" if hazard.special_plan else "hazards.onsite")
            click.echo(say("hazards.line", name=hazard.name, legal=hazard.legal_class,
                           kind=kind, words="、".join(hazard.aliases[:6]) or "—"))
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
