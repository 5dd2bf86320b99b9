"""Stage 4: render the Plan into a Word template."""

from docgen.render.context import FIGURES, plan_context
from docgen.render.engine import RenderedDocument, render
from docgen.render.template import CompiledTemplate, compile_template, load_template

__all__ = ["FIGURES", "CompiledTemplate", "RenderedDocument", "compile_template",
           "load_template", "plan_context", "render"]
