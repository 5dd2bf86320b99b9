"""Stage 5: WordprocessingML. Every element docgen writes is built here, by small
builders that emit children in the schema's order (tables, figure frames, fields,
bookmarks, sections, styles, the table of contents), and the rendered document is
finished and serialized here. The rest of docgen speaks the domain's words."""

from docgen.docx.package import DocumentXml, FragmentStore, document_xml, package_entries
from docgen.docx.postprocess import finish
from docgen.docx.properties import Properties, set_properties
from docgen.docx.toc import TocEntry, fill_toc, toc_field_paragraphs, toc_paragraphs

__all__ = ["DocumentXml", "FragmentStore", "Properties", "TocEntry", "document_xml", "fill_toc",
           "finish", "package_entries", "set_properties", "toc_field_paragraphs",
           "toc_paragraphs"]
