"""Stage 5: post-processing of the rendered document's XML: properties, table
fixes, the table of contents. Raw XML lives here and nowhere else."""

from docx.document import Document

from docgen.docx.properties import set_properties
from docgen.docx.tables import fix_tables
from docgen.docx.toc import TocEntry, add_bookmarks, fill_toc
from docgen.model.plan import Plan


def post_process(document: Document, plan: Plan) -> list[TocEntry]:
    """Everything that needs no layout; returns the table-of-contents entries."""
    set_properties(document, plan)
    fix_tables(document)
    entries = add_bookmarks(document)
    fill_toc(document, entries, with_pages=False)
    return entries


__all__ = ["TocEntry", "fill_toc", "post_process"]
