"""What a template sees: the plan's names (docs/template-context.md) and the
figures drawn from them, sized for the document's page."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import InlineImage

from docgen.domain.records import Drawing
from docgen.model.plan import Plan, RecordList
from docgen.profiles import PageGeometry
from docgen.render.charts import org_chart
from docgen.render.engine import ImageHost

FIGURES = ("org_chart",)  # drawn at rendering, called from the template
PICTURE_MARGIN_MM = 6  # a drawing stays a little inside the text block
CAPTION_ROOM_MM = 25  # and leaves room on its page for its caption


def picture(host: ImageHost, drawing: Drawing, page: PageGeometry) -> InlineImage:
    """A drawing scaled to fit the page's text block, keeping its proportions; its
    file, pixels and resolution are what validation checked."""
    checked = drawing.picture
    width_mm = checked.width / checked.dpi * 25.4
    height_mm = checked.height / checked.dpi * 25.4
    scale = min((page.text_width() - PICTURE_MARGIN_MM) / width_mm,
                (page.text_height() - CAPTION_ROOM_MM) / height_mm)
    return InlineImage(host, str(checked.path), width=Mm(width_mm * scale),
                       height=Mm(height_mm * scale))


def plan_context(plan: Plan, host: ImageHost, inputs_folder: Path,
                 page: PageGeometry) -> dict[str, Any]:
    context = plan.context()
    context["org_chart"] = partial(org_chart, plan.org, text_width_mm=page.text_width())
    context["drawings"] = RecordList(
        [replace(d, image=picture(host, d, page)) for d in plan.drawings if d.picture],
        custom=plan.drawings.custom,
    )
    return context
