"""Stage 6: write the results — atomically, with safe names, never into the inputs."""

from docgen.export.write import document_bytes, safe_filename, write_atomic

__all__ = ["document_bytes", "safe_filename", "write_atomic"]
