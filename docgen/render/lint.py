"""`docgen template check`: lint a Word template before anyone builds with it.

Finds broken Jinja tags and names that do not exist (docs/template-context.md),
each with the paragraph text around it, and lists the 文本 places it offers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta

from docgen.errors import TemplateError
from docgen.model.plan import CONTEXT_NAMES
from docgen.render.context import FIGURES
from docgen.render.environment import make_environment
from docgen.render.template import compile_template, near, patch

# Top-level names rendering puts in the context: the plan's, and the figures.
KNOWN_NAMES = frozenset({*CONTEXT_NAMES, *FIGURES})


@dataclass
class TemplateReport:
    template: Path
    problems: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_template(path: Path) -> TemplateReport:
    report = TemplateReport(path)
    try:
        compiled = compile_template(path.read_bytes(), path.name)
    except TemplateError as exc:
        report.problems.append(str(exc.message))
        return report
    env = make_environment()
    sources = [compiled.source, *(source for source, _ in compiled.parts.values())]
    for source in sources:
        try:
            ast = env.parse(source)
        except TemplateSyntaxError as exc:  # compile_template has parsed them: unreachable
            report.problems.append(f"模板标签有误：{exc.message}；所在段落附近："
                                   f"{near(source, exc.lineno)}")
            continue
        for name in sorted(meta.find_undeclared_variables(ast) - KNOWN_NAMES):
            report.problems.append(
                f"名称“{name}”不存在（可用的名称：{'、'.join(sorted(KNOWN_NAMES))}；"
                "见 docs/template-context.md）")
    report.places = compiled.places
    return report


__all__ = ["KNOWN_NAMES", "TemplateReport", "check_template", "patch"]
