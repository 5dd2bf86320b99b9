"""Render a Plan into a Word template; the result is a python-docx Document."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from functools import partial
from pathlib import Path

from docx.document import Document
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError as JinjaTemplateError

from docgen.errors import TemplateError
from docgen.model.plan import Plan, RecordList
from docgen.render.charts import org_chart
from docgen.render.environment import make_environment

_PLACE = re.compile(r"text\.(?:lines|replaces)\(\s*[\"'“”‘’]([^\"'“”‘’]+)[\"'“”‘’]\s*\)")
_TAGS = re.compile(r"<[^>]+>")

FIGURES = ("org_chart",)  # drawn from the data at rendering, called from the template

# The largest a drawing may be on an A4 portrait page with the plan's margins.
_MAX_WIDTH_MM, _MAX_HEIGHT_MM = 150, 200


def template_places(template: Path) -> list[str]:
    """The 文本 places a template offers, in document order."""
    with zipfile.ZipFile(template) as z:
        text = _TAGS.sub("", z.read("word/document.xml").decode("utf-8"))
    seen: dict[str, None] = {}
    for match in _PLACE.finditer(text):
        seen.setdefault(match.group(1), None)
    return list(seen)


def _picture(tpl: DocxTemplate, path: Path) -> InlineImage:
    from docx.image.image import Image

    image = Image.from_file(str(path))
    width_mm = image.px_width / image.horz_dpi * 25.4
    height_mm = image.px_height / image.vert_dpi * 25.4
    scale = min(_MAX_WIDTH_MM / width_mm, _MAX_HEIGHT_MM / height_mm)
    return InlineImage(tpl, str(path), width=Mm(width_mm * scale), height=Mm(height_mm * scale))


def render_plan(plan: Plan, template: Path, inputs_folder: Path) -> Document:
    tpl = DocxTemplate(str(template))
    context = plan.context()
    context["org_chart"] = partial(org_chart, plan.org)
    context["drawings"] = RecordList(
        [replace(d, image=_picture(tpl, (inputs_folder / d.file).resolve()))
         for d in plan.drawings],
        custom=plan.drawings.custom,
    )
    try:
        tpl.render(context, jinja_env=make_environment(), autoescape=True)
    except JinjaTemplateError as exc:
        raise TemplateError(_explain(exc, template)) from exc
    return tpl.docx


def _explain(exc: JinjaTemplateError, template: Path) -> str:
    message = getattr(exc, "message", None) or str(exc)
    message = re.sub(r"'([^']+)' is undefined", r"名称“\1”不存在", message)
    context = getattr(exc, "docx_context", None)
    where = ""
    if context:
        lines = [line.strip() for line in context if line.strip()]
        if lines:
            where = "；所在段落附近：" + " / ".join(lines[:3])[:200]
    return f"模板 {template.name} 无法生成：{message}{where}"
