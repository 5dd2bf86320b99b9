"""Stage 3: the plan's domain — frozen records per row, and the enriched Plan."""

from docgen.model.plan import Plan, PlanData, enrich

__all__ = ["Plan", "PlanData", "enrich"]
