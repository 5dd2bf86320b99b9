"""Stage 3: the plan's domain — frozen records per row, and the enriched Plan."""

from docgen.domain.records import PlanData
from docgen.model.plan import Plan, enrich

__all__ = ["Plan", "PlanData", "enrich"]
