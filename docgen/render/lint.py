"""`docgen template check`: lint a Word template before anyone builds with it.

Finds broken Jinja tags and names that do not exist (docs/template-context.md),
each with the paragraph text around it, and lists the 文本 places it offers.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta, nodes

from docgen.errors import TemplateError
from docgen.messages import say
from docgen.model.plan import CONTEXT_NAMES
from docgen.read.limits import docx_refusal
from docgen.render.context import FIGURES
from docgen.render.environment import make_environment
from docgen.render.template import compile_template, near, patch
from docgen.wordml import templatexml

# Top-level names rendering puts in the context: the plan's, the figures, and those
# the documents beside the plan add (bundle: `filing`; diff: `changes`).
EXTRA_NAMES = ("filing", "changes")
KNOWN_NAMES = frozenset({*CONTEXT_NAMES, *FIGURES, *EXTRA_NAMES})


@dataclass
class TemplateReport:
    template: Path
    problems: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# A brace pair or brace-percent with at least one full-width character: ｛｛ {％ ％｝ …
_FULL_WIDTH = re.compile(r"｛[｛{％%]|{[｛％]|[％%]｝|％}|｝[｝}]|}｝")


def split_tags(source: str) -> list[str]:
    """Paragraphs whose tags the renderer cannot read: typed with full-width braces,
    or opened with `{{` / `{%` and not closed in the paragraph (docxtpl mends a tag
    Word split into runs or paragraphs; what is left open here is broken)."""
    problems = []
    for line in source.splitlines():
        text = html.unescape(templatexml.strip_tags(line))
        if _FULL_WIDTH.search(text):  # a Chinese input method typed the braces
            problems.append(say("template.full_width", paragraph=text.strip()[:80]))
            continue
        for opening, closing in (("{{", "}}"), ("{%", "%}")):
            if text.count(opening) != text.count(closing):
                problems.append(say("template.unclosed", opening=opening, closing=closing,
                                    paragraph=text.strip()[:80]))
                break
    return problems


def check_template(path: Path) -> TemplateReport:
    report = TemplateReport(path)
    if refusal := docx_refusal(path):
        report.problems.append(say("check.not_docx", file=path.name, error=refusal))
        return report
    try:
        compiled = compile_template(path.read_bytes(), path.name)
    except TemplateError as exc:
        report.problems.append(str(exc.message))
        return report
    env = make_environment()
    sources = [compiled.source, *(source for source, _ in compiled.parts.values())]
    for source in sources:
        report.problems += split_tags(source)
        try:
            ast = env.parse(source)
        except TemplateSyntaxError as exc:  # compile_template has parsed them: unreachable
            report.problems.append(say("template.syntax", problem=exc.message,
                                       paragraph=near(source, exc.lineno)))
            continue
        for name in sorted(meta.find_undeclared_variables(ast) - KNOWN_NAMES):
            report.problems.append(say("template.unknown_name", name=name,
                                       names="、".join(sorted(KNOWN_NAMES))))
        report.problems += unsafe(ast, source)
    report.places = compiled.places
    return report


def unsafe(ast: nodes.Template, source: str) -> list[str]:
    """What the sandbox refuses only while building, said now: a Python internal
    (`''.__class__`, `x.__init__.__globals__`) or another file ({% include %})."""
    problems = []
    for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Include, nodes.Import,
                              nodes.FromImport, nodes.Extends)):
        if isinstance(node, nodes.Getattr):
            name = node.attr
        elif isinstance(node, nodes.Getitem):
            name = node.arg.value if isinstance(node.arg, nodes.Const) else ""
        else:
            problems.append(say("template.other_file", paragraph=near(source, node.lineno)))
            continue
        if isinstance(name, str) and name.startswith("_"):
            problems.append(say("template.internal", name=name,
                                paragraph=near(source, node.lineno)))
    return problems


__all__ = ["KNOWN_NAMES", "TemplateReport", "check_template", "patch"]
