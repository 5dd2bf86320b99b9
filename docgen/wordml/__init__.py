"""Stage 5: WordprocessingML. Every element docgen writes is built here, by small
builders that emit children in the schema's order (tables, figure frames, fields,
bookmarks, sections, styles, the table of contents), and the rendered document is
finished and serialized here; a template's XML is prepared for the engine here
(templatexml) and a .docx made elsewhere is read here (reading). The rest of
docgen imports only these names and speaks the domain's words."""

from docgen.wordml import frames, tables, templatexml
from docgen.wordml.fields import field_runs, page_number_runs
from docgen.wordml.ns import w
from docgen.wordml.oxml import el, parse
from docgen.wordml.package import (
    DocumentXml,
    FragmentInfo,
    FragmentStore,
    document_xml,
    mark_toc,
    marker,
    package_entries,
)
from docgen.wordml.postprocess import (
    FRAGMENT_PICTURE_ID,
    finish,
    keeps_with_next,
    renumber_pictures,
)
from docgen.wordml.properties import Properties, set_properties
from docgen.wordml.reading import TOC, Block, read_blocks
from docgen.wordml.sections import RESTART_BOOKMARK, section_properties
from docgen.wordml.styles import STYLES, install_styles
from docgen.wordml.tables import cell_units, keep_with_next_xml, row_cell_texts, twips, whiten_xml
from docgen.wordml.text import paragraph, run, whole, whole_codes, word, xml_text
from docgen.wordml.toc import LEVELS as HEADING_STYLES
from docgen.wordml.toc import TocEntry, fill_toc, toc_field_paragraphs, toc_paragraphs, toc_xml

__all__ = [
    "FRAGMENT_PICTURE_ID", "HEADING_STYLES", "RESTART_BOOKMARK", "STYLES", "TOC", "Block",
    "DocumentXml", "FragmentInfo", "FragmentStore", "Properties", "TocEntry", "cell_units",
    "document_xml", "el", "field_runs", "fill_toc", "finish", "frames", "install_styles",
    "keep_with_next_xml", "keeps_with_next", "mark_toc", "marker", "package_entries",
    "page_number_runs", "paragraph", "parse", "read_blocks", "renumber_pictures",
    "row_cell_texts", "run", "section_properties", "set_properties", "tables", "templatexml",
    "toc_field_paragraphs", "toc_paragraphs", "toc_xml", "twips", "w", "whiten_xml", "whole",
    "whole_codes", "word", "xml_text",
]
