"""`docgen check`: does a plan meet GB/T 29639-2020 and the 《生产安全事故应急预案管理办法》?

A workbook is judged by its data and by the documents docgen builds from it; any
.docx (docgen's or a consultant's) by its text. The rules are data
(docgen/data/rules.toml); the checks they name are small functions, registered in
docgen/check/registry.py and kept by topic in checks.py, system.py, substance.py
and text.py; the report reads as text, JSON or a printable HTML page,
and ends with the pre-review on the 评审指南's tables (review.py; record.py writes it
as a document).
"""

from docgen.check.outline import Outline, Paragraph, read_outline
from docgen.check.report import CheckReport, Finding, RuleResult, html_page
from docgen.check.rules import (
    Applicability,
    Rule,
    check_document,
    check_outline,
    check_path,
    check_plan,
    check_workbook,
    load_rules,
)

__all__ = ["Applicability", "CheckReport", "Finding", "Outline", "Paragraph", "Rule",
           "RuleResult", "check_document", "check_outline", "check_path", "check_plan",
           "check_workbook", "html_page", "load_rules", "read_outline"]
