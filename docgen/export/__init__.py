"""Stage 6: write the results — atomically, with safe names, never into the inputs;
PDF and the layout pass through LibreOffice."""

from docgen.export.write import Staging, safe_filename, write_atomic

__all__ = ["Staging", "safe_filename", "write_atomic"]
