"""docgen: Excel workbooks in, formal Chinese emergency plans (应急预案) out.

The pipeline is a straight line, one package per stage:
read → validate → model → render → docx (post-process) → export (write).
"""

from docgen.api import BuildResult, build, validate

__all__ = ["BuildResult", "build", "validate"]
__version__ = "0.1.0"
