"""`docgen template check`: lint a Word template before anyone builds with it.

Finds broken Jinja tags and names that do not exist (docs/template-context.md),
each with the paragraph text around it, and lists the 文本 places it offers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, meta

from docgen.model.plan import CONTEXT_NAMES
from docgen.render.engine import FIGURES, template_places
from docgen.render.environment import make_environment

# Top-level names render_plan puts in the context: the plan's, and the figures.
KNOWN_NAMES = frozenset({*CONTEXT_NAMES, *FIGURES})
_TAGS = re.compile(r"<[^>]+>")


@dataclass
class TemplateReport:
    template: Path
    problems: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _near(xml: str, line: int) -> str:
    lines = xml.splitlines()
    around = " ".join(_TAGS.sub("", x) for x in lines[max(line - 3, 0):line + 2])
    return re.sub(r"\s+", " ", around).strip()[:120]


def check_template(path: Path) -> TemplateReport:
    report = TemplateReport(path)
    try:
        tpl = DocxTemplate(str(path))
        tpl.render_init()
        xml = tpl.patch_xml(tpl.get_xml())
    except Exception as exc:  # not a .docx, or a damaged one
        report.problems.append(f"无法作为 Word 模板打开：{exc}")
        return report
    # docxtpl renders paragraph by paragraph on one line each: split the same way.
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
    env = make_environment()
    try:
        ast = env.parse(xml)
    except TemplateSyntaxError as exc:
        near = _near(xml, exc.lineno)
        report.problems.append(f"模板标签有误：{exc.message}；所在段落附近：{near}")
        return report
    for name in sorted(meta.find_undeclared_variables(ast) - KNOWN_NAMES):
        report.problems.append(f"名称“{name}”不存在（可用的名称见 docs/template-context.md）")
    report.places = template_places(path)
    return report
