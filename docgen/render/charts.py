"""The emergency organisation chart (应急组织机构图), drawn from the tree: which boxes
go where. The Word tables it is made of come from docgen.wordml.frames."""

from __future__ import annotations

from lxml import etree
from markupsafe import Markup

from docgen.model.plan import Organisation, OrgUnit
from docgen.wordml import frames, twips

BOX_MM, GAP_MM = 26, 4
FRAME_MARGIN_MM = 6  # the frame sits a little inside the text block
MAX_UNITS = 30  # a larger tree shows its top two levels and lists the rest
MAX_LABEL = 40  # characters of a name in a box; the full name is in the duties list


def _label(unit: OrgUnit) -> str:
    name = unit.name if len(unit.name) <= MAX_LABEL else unit.name[:MAX_LABEL - 1] + "…"
    return f"{name}\n{unit.leader}" if unit.leader else name


def org_chart(org: Organisation, caption: str = "", text_width_mm: float = 156) -> Markup:
    """The chart with its caption below, as body-level XML for
    `{{p org_chart("图1 应急组织机构图") }}` in a template.

    The root on top, its units below it; every unit further down is drawn in a
    group headed by the unit it belongs to, so that no box can be read as
    reporting to the wrong parent, however the rows wrap."""
    root = org.root
    if root is None:
        return Markup("")
    width = text_width_mm - FRAME_MARGIN_MM
    per_row = max(1, int((width + GAP_MM) // (BOX_MM + GAP_MM)))
    box, gap = twips(BOX_MM), twips(GAP_MM)
    limited = len(org) > MAX_UNITS
    parts: list[etree._Element] = frames.box_rows([_label(root)], box, gap, per_row)
    if root.children:
        parts.append(frames.box_paragraph("↓"))
        parts += frames.box_rows([_label(c) for c in root.children], box, gap, per_row)
    for unit in org:
        if unit.depth >= 1 and unit.children and not limited:
            parts.append(frames.box_paragraph(f"↓ {unit.name}下设 ↓"))
            parts += frames.box_rows([_label(c) for c in unit.children], box, gap, per_row)
    if limited:
        rest = [u for u in org if u.depth >= 2]
        parts.append(frames.box_paragraph(
            f"（另有{len(rest)}个下级机构未在图中画出：" + "；".join(
                f"{u.name}（属{u.parent}）" for u in rest) + "。）", "Note"))
    framed = frames.figure_frame(parts, caption, twips(width))
    return Markup("".join(etree.tostring(e, encoding="unicode") for e in framed))
