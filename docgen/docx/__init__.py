"""Stage 5: post-processing of the rendered document's XML (properties, and the
layout work of fields, sections and tables). Raw XML lives here and nowhere else."""

from docgen.docx.properties import set_properties

__all__ = ["set_properties"]
