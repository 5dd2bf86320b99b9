"""A finished document is written at once, or — when the 目录 is to carry page
numbers — first copied to a scratch file for LibreOffice's layout pass and
written once the pages are known (docgen.batch runs the pass for many)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document

from docgen.export.office import placeholder
from docgen.export.write import Staging, patched_entries, write_package_file
from docgen.messages import say
from docgen.wordml import (
    FragmentStore,
    TocEntry,
    document_xml,
    fill_toc,
    mark_toc,
    package_entries,
    toc_xml,
)


@dataclass(frozen=True)
class PendingLayout:
    """A document waiting for its page numbers: its scratch copy (the 目录 not yet
    filled), where the 目录 sits in its document.xml, and where it will be written."""

    target: Path
    scratch: Path
    entries: tuple[TocEntry, ...]
    instruction: str
    span: tuple[int, int]
    tokens: Mapping[str, str]  # bookmark → its page number's stand-in in the scratch copy


def write_document(document: Document, fragments: FragmentStore | None, target: Path,
                   entries: list[TocEntry], staging: Staging,
                   scratch: Path | None = None) -> PendingLayout | None:
    """Stage the document at `target`, its 目录 listing `entries` without page
    numbers; or, given a `scratch` folder and a document with a 目录, write its
    layout copy there and return what finishing it needs."""
    body = document.element.body
    # The scratch copy's 目录 holds a stand-in where each page number will go: the
    # single-load pass (docgen.export.office) puts the numbers in before the PDF.
    tokens = {e.bookmark: placeholder(i) for i, e in enumerate(entries)
              if e.bookmark and not e.front}
    instruction = (mark_toc(body) if scratch is not None and fill_toc(body, entries, tokens)
                   else None)
    if scratch is None or instruction is None:
        fill_toc(body, entries, None)
        staging.write_package(target, package_entries(document,
                                                      document_xml(document, fragments)))
        return None
    fd, name = tempfile.mkstemp(prefix="layout-", suffix=".docx", dir=scratch)
    os.close(fd)
    copy = Path(name)
    stream = document_xml(document, fragments)
    write_package_file(copy, package_entries(document, stream))
    if stream.toc_span is None:  # the markers are ours: a bug, not the user's doing
        raise RuntimeError(say("output.toc_lost"))
    return PendingLayout(target, copy, tuple(entries), instruction, stream.toc_span, tokens)


def complete(item: PendingLayout, pages: Mapping[str, int] | None, staging: Staging) -> None:
    """Stage the document with its 目录 filled from the layout's pages."""
    toc = toc_xml(list(item.entries), item.instruction, pages)
    staging.write_package(item.target, patched_entries(item.scratch, "word/document.xml",
                                                       item.span, toc))
