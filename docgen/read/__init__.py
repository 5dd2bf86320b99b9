"""Stage 1: find the input files and read their sheets into rows that remember
where every value came from (file, sheet, Excel row, header)."""

from docgen.read.inputs import InputUnit, discover_units
from docgen.read.workbook import RawRow, RawSheet, SheetSet, read_unit
from docgen.schema import normalize_name

__all__ = ["InputUnit", "RawRow", "RawSheet", "SheetSet", "discover_units",
           "normalize_name", "read_unit"]
