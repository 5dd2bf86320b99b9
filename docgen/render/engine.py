"""Render a compiled template with a context: the skeleton through Jinja, the long
loops through their fast programs into the fragment store."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass
from typing import Any

import docx
from docx.document import Document
from jinja2 import TemplateError
from jinja2.runtime import Undefined
from lxml import etree
from markupsafe import Markup

from docgen.errors import TemplateError as DocgenTemplateError
from docgen.messages import say
from docgen.render.fastpath import Program, Scope
from docgen.render.template import FRAGMENT_CALL, CompiledTemplate
from docgen.wordml import (
    FRAGMENT_PICTURE_ID,
    FragmentInfo,
    FragmentStore,
    cell_units,
    keep_with_next_xml,
    keeps_with_next,
    marker,
    renumber_pictures,
    row_cell_texts,
    templatexml,
    whiten_xml,
)

# Failures a template (not docgen) causes: a missing name, a wrong operation on a value.
TEMPLATE_FAILURES = (TemplateError, TypeError, ValueError, AttributeError, KeyError,
                     IndexError, ZeroDivisionError)


class ImageHost:
    """What docxtpl's InlineImage asks of its template: the part a picture joins."""

    def __init__(self, document: Document):
        self.current_rendering_part = document.part


@dataclass
class RenderedDocument:
    document: Document
    fragments: FragmentStore


class _Fragments:
    """The `docgen_fragment(n, items, captured)` calls of a skeleton: each runs
    program n into the store and leaves a marker in the skeleton's text."""

    def __init__(self, programs: list[Program], store: FragmentStore, context: dict[str, Any],
                 undefined: type[Undefined]):
        self.programs, self.store = programs, store
        self.context, self.undefined = context, undefined
        self.picture = FRAGMENT_PICTURE_ID

    def __call__(self, number: int, items: Iterable[Any], captured: dict[str, Any]) -> Markup:
        program = self.programs[number]
        total = len(items) if isinstance(items, Sized) else None
        texts = program.run(items, Scope(self.context, self.undefined, captured))
        cells = len(program.widths or ())
        info = FragmentInfo(0, program.widths, [0.0] * cells, [0.0] * cells,
                            [False] * cells) if program.widths else None
        n = self.store.add(self._finished(texts, program.shaded, info, total))
        if info is not None:
            self.store.tables[n] = info
        return Markup(marker(n))

    def _finished(self, texts: Iterable[str], shaded: bool, info: FragmentInfo | None,
                  total: int | None) -> Iterator[str]:
        for text in texts:
            if shaded:
                text = whiten_xml(text)
            if "docPr" in text:
                text, self.picture = renumber_pictures(text, self.picture)
            if info is not None:  # a table row: measured for its columns, kept as the rule says
                needs, wishes, filled = info.needs, info.wishes, info.filled
                for k, cell in enumerate(row_cell_texts(text)[:len(needs)]):
                    tokens, words = cell_units(cell)
                    if tokens > needs[k]:  # max() and or, unrolled: 200,000 cells
                        needs[k] = tokens
                    if words > wishes[k]:
                        wishes[k] = words
                    if not filled[k] and cell.strip():
                        filled[k] = True
                if keeps_with_next(info.rows, total if total is not None else 10 ** 9):
                    text = keep_with_next_xml(text)
                info.rows += 1
            yield text


def _malformed(compiled: CompiledTemplate, exc: Exception) -> DocgenTemplateError:
    return DocgenTemplateError(say("template.malformed", template=compiled.name, error=exc))


def render(compiled: CompiledTemplate, context_for: Callable[[ImageHost], dict[str, Any]],
           fast: bool = True) -> RenderedDocument:
    document = docx.Document(io.BytesIO(compiled.data))
    store = FragmentStore()
    context = context_for(ImageHost(document))
    template = compiled.skeleton if fast else compiled.slow_skeleton()
    context[FRAGMENT_CALL] = _Fragments(compiled.programs, store, context,
                                        template.environment.undefined)
    try:
        xml = template.render(context)
    except TEMPLATE_FAILURES as exc:
        store.close()
        raise DocgenTemplateError(compiled.explain(exc)) from exc
    parts = {}
    for name, (part_source, part_template) in compiled.parts.items():
        try:
            parts[name] = part_template.render(context)
        except TEMPLATE_FAILURES as exc:
            store.close()
            raise DocgenTemplateError(compiled.explain(exc, part_source)) from exc
    try:
        document = templatexml.replace_body(document, compiled.opening, xml)
        templatexml.replace_parts(document, parts)
    except etree.XMLSyntaxError as exc:
        store.close()
        raise _malformed(compiled, exc) from exc
    return RenderedDocument(document, store)
