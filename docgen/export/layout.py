"""The layout pass: let LibreOffice lay the document out, then read from the PDF on
which printed page (the `— N —` in the footer, not the PDF page index) each
table-of-contents heading lands."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from docgen.docx.toc import TocEntry
from docgen.export.pdf import convert, soffice

_FOOTER = re.compile(r"[—–-]\s*(\d+)\s*[—–-]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PrintedPage:
    number: int | None  # the page number printed in the footer, if any
    text: str  # whitespace removed, NFKC-normalised


def available() -> str | None:
    """Why the layout pass cannot run, or None when it can."""
    if soffice() is None:
        return "未安装 LibreOffice"
    if shutil.which("pdftotext") is None:
        return "未安装 poppler-utils（pdftotext）"
    return None


def _squash(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def printed_pages(pdf: Path) -> list[PrintedPage]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         check=True, timeout=120).stdout.decode("utf-8", "replace")
    chunks = out.split("\f")
    if chunks and not chunks[-1].strip():
        chunks.pop()  # pdftotext ends every page, the last one included, with a form feed
    pages = []
    for raw in chunks:
        lines = [line for line in raw.splitlines() if line.strip()]
        number = None
        if lines and (m := _FOOTER.fullmatch(lines[-1].strip())):
            number = int(m.group(1))
            lines = lines[:-1]
        pages.append(PrintedPage(number, _squash("\n".join(lines))))
    return pages


def locate(entries: list[TocEntry], pages: list[PrintedPage]) -> None:
    """Set entry.page by finding the headings, in order, in the numbered pages."""
    numbered = [p for p in pages if p.number is not None]
    page_index, offset = 0, 0
    for entry in entries:
        if entry.front:
            continue
        needle = _squash(entry.text)
        for i in range(page_index, len(numbered)):
            found = numbered[i].text.find(needle, offset if i == page_index else 0)
            if found >= 0:
                entry.page = numbered[i].number
                page_index, offset = i, found + len(needle)
                break


def heading_pages(docx: bytes, entries: list[TocEntry]) -> None:
    """Lay out `docx` with LibreOffice and set the printed page of every entry."""
    with tempfile.TemporaryDirectory(prefix="docgen-layout-") as tmp:
        source = Path(tmp) / "plan.docx"
        source.write_bytes(docx)
        pdf = convert(source, Path(tmp))
        locate(entries, printed_pages(pdf))
