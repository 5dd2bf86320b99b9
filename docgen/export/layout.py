"""The layout pass: LibreOffice lays the documents out, and for every heading of
the 目录 we learn on which printed page (the number in the footer, not the PDF
page index) it lands.

Everything is found by identity, never by text: each heading carries a `_Toc`
bookmark, and the first paragraph of each section whose numbering starts again
carries a `_PageStart…` bookmark naming the number it starts at. LibreOffice
exports bookmarks as named destinations, `pdfinfo -dests` tells the PDF page of
each, and the printed number follows. Many documents share one LibreOffice run
(see docgen.export.pdf). `printed_pages` reads the footers themselves; the tests
use it to check the numbers against what is printed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from docgen.export import office
from docgen.export.pdf import WITH_BOOKMARKS, convert_many, soffice
from docgen.messages import say
from docgen.wordml import RESTART_BOOKMARK

_FOOTER = re.compile(r"[—–-]\s*(\d+)\s*[—–-]")
_SPACE = re.compile(r"\s+")
# pdfinfo prints a destination as:   7 [ XYZ  111  693 null ] "5FToc100000003"
_DEST = re.compile(r"^\s*(\d+)\s+\[.*\]\s+\"(.*)\"\s*$")
_TOC_NUMBER = re.compile(r"Toc(\d+)$")
TOOL_SECONDS = 120


@dataclass(frozen=True)
class PrintedPage:
    number: int | None  # the page number printed in the footer, if any
    text: str  # whitespace removed, NFKC-normalised


@dataclass(frozen=True)
class Layout:
    """The outcome for one document: the printed page of each bookmark, or why not."""

    pages: dict[str, int]
    problem: str = ""


def available() -> str | None:
    """Why the layout pass cannot run, or None when it can: LibreOffice, and either
    poppler (the fallback reads the pages from a PDF) or the single-load route."""
    if soffice() is None:
        return say("libreoffice.missing")
    if shutil.which("pdfinfo") is None and office.route() is None:
        return say("libreoffice.no_poppler")
    return None


def _squash(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def _tool(args: list[str]) -> str:
    try:
        proc = subprocess.run(args, capture_output=True, timeout=TOOL_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LayoutFailed(say("libreoffice.tool_failed", tool=args[0], error=exc)) from exc
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip()[-200:]
        raise LayoutFailed(say("libreoffice.tool_unreadable", tool=args[0],
                               detail=detail or proc.returncode))
    return proc.stdout.decode("utf-8", "replace")


class LayoutFailed(Exception):
    pass


def printed_pages(pdf: Path) -> list[PrintedPage]:
    chunks = _tool(["pdftotext", "-layout", str(pdf), "-"]).split("\f")
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


def destinations(pdf: Path) -> dict[str, int]:
    """Every named destination (as pdfinfo prints its name) → its PDF page, 1-based."""
    found = {}
    for line in _tool(["pdfinfo", "-dests", str(pdf)]).splitlines():
        if m := _DEST.match(line):
            found[m.group(2)] = int(m.group(1))
    return found


def read_layout(pdf: Path) -> dict[str, int]:
    """`_Toc…` bookmark → printed page number, for the headings on numbered pages."""
    return printed_numbers(destinations(pdf))


def printed_numbers(physical: Mapping[str, int]) -> dict[str, int]:
    """`_Toc…` bookmark → printed page number, from every bookmark's physical page
    (`_PageStart…` bookmarks say where the numbering starts again, and at what)."""
    headings, restarts = {}, []
    for name, page in physical.items():
        if m := _TOC_NUMBER.search(name):
            headings[f"_Toc{m.group(1)}"] = page
        elif m := RESTART_BOOKMARK.search(name):
            restarts.append((page, int(m.group(2))))
    restarts.sort()
    pages = {}
    for name, page in headings.items():
        before = [(first, start) for first, start in restarts if first <= page]
        if before:
            first, start = before[-1]
            pages[name] = page - first + start
    return pages


def lay_out(docs: Sequence[Path], processes: int = 1) -> list[Layout]:
    """Lay out every document (one LibreOffice run per process); one Layout each."""
    with tempfile.TemporaryDirectory(prefix="docgen-layout-") as tmp:
        folder = Path(tmp)
        # Copies under distinct names: documents of a batch often share a file name.
        copies = []
        for i, doc in enumerate(docs):
            copy = folder / f"d{i:05d}.docx"
            shutil.copyfile(doc, copy)
            copies.append(copy)
        out = folder / "pdf"
        out.mkdir()
        converted = {c.source: c for c in convert_many(copies, out, WITH_BOOKMARKS,
                                                        processes)}
        layouts = []
        for copy in copies:
            result = converted[copy]
            if result.result is None:
                layouts.append(Layout({}, result.problem))
                continue
            try:
                layouts.append(Layout(read_layout(result.result)))
            except LayoutFailed as exc:
                layouts.append(Layout({}, str(exc)))
        return layouts
