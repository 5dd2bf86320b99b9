"""Document properties: title, author, version; dates fixed by the caller."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docx.document import Document

# Core properties are `xsd:string`s; Word shows and keeps at most 255 characters.
MAX_PROPERTY = 255


@dataclass(frozen=True)
class Properties:
    title: str
    author: str
    subject: str
    version: str
    keywords: str
    date: dt.date  # created and modified: never the clock (byte-identical rebuilds)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_PROPERTY else text[:MAX_PROPERTY - 1] + "…"


def set_properties(document: Document, p: Properties) -> None:
    props = document.core_properties
    props.title = _clip(p.title)
    props.author = _clip(p.author)
    props.last_modified_by = _clip(p.author)
    props.subject = _clip(p.subject)
    props.keywords = _clip(p.keywords)
    props.version = _clip(p.version)
    props.revision = 1
    props.comments = _clip(f"{p.subject} {p.version}")
    moment = dt.datetime.combine(p.date, dt.time())
    props.created = moment
    props.modified = moment
