"""Stage 4: render the Plan into the Word template with docxtpl."""

from docgen.render.engine import render_plan, template_places

__all__ = ["render_plan", "template_places"]
