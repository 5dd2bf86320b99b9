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
from docgen.render import helper
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


@dataclass
class _Job:
    """One `docgen_fragment` call: program `program` run over `items` into `slot`."""

    slot: int
    program: int
    items: Iterable[Any]
    captured: dict[str, Any]
    total: int | None


class _Fragments:
    """The `docgen_fragment(n, items, captured)` calls of a skeleton: each runs
    program n into the store and leaves a marker in the skeleton's text. With
    `defer`, a loop waits until the skeleton is done (run_deferred), so that the long
    loops can be shared with a helper process; a loop inside one of the skeleton's
    own loops runs at once, since that loop's `loop` moves on."""

    def __init__(self, programs: list[Program], store: FragmentStore, context: dict[str, Any],
                 undefined: type[Undefined], defer: bool = False):
        self.programs, self.store = programs, store
        self.context, self.undefined = context, undefined
        self.picture = FRAGMENT_PICTURE_ID
        self.deferred: list[_Job] | None = [] if defer else None

    def __call__(self, number: int, items: Iterable[Any], captured: dict[str, Any]) -> Markup:
        job = _Job(self.store.reserve(), number, items, captured,
                   len(items) if isinstance(items, Sized) else None)
        if self.deferred is not None and "loop" not in captured:
            self.deferred.append(job)
        else:
            self.run(job, self.store)
        return Markup(marker(job.slot))

    def run(self, job: _Job, store: FragmentStore) -> None:
        program = self.programs[job.program]
        texts = program.run(job.items, Scope(self.context, self.undefined, job.captured))
        cells = len(program.widths or ())
        info = FragmentInfo(0, program.widths, [0.0] * cells, [0.0] * cells,
                            [False] * cells) if program.widths else None
        store.fill(job.slot, self._finished(texts, program.shaded, info, job.total))
        if info is not None:
            store.tables[job.slot] = info

    def run_deferred(self) -> bool:
        """Run the loops that waited, shared with a helper process when long enough;
        False when the document must be rendered again without deferring: a loop
        failed (the plain render says where, in the skeleton's order), or numbered
        pictures (they are numbered in document order)."""
        def plainly(job: _Job, store: FragmentStore) -> bool:
            try:
                self.run(job, store)
            except Exception:  # the plain render reports it
                return False
            return self.picture == FRAGMENT_PICTURE_ID

        def weight(job: _Job) -> int:
            return (job.total or 0) * len(self.programs[job.program].body)

        return helper.run_all(self.deferred or [], weight, plainly, self.store)

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
    """The document rendered; its long loops shared with a helper process where one
    may be forked (docgen.render.helper)."""
    if fast and compiled.programs and helper.available():
        shared = _render(compiled, context_for, fast, defer=True)
        if shared is not None:
            return shared
    rendered = _render(compiled, context_for, fast, defer=False)
    assert rendered is not None  # only a deferred render gives up
    return rendered


def _render(compiled: CompiledTemplate, context_for: Callable[[ImageHost], dict[str, Any]],
            fast: bool, defer: bool) -> RenderedDocument | None:
    """None: a deferred render gave up (the plain one says why, or does it right)."""
    document = docx.Document(io.BytesIO(compiled.data))
    store = FragmentStore()
    context = context_for(ImageHost(document))
    template = compiled.skeleton if fast else compiled.slow_skeleton()
    fragments = _Fragments(compiled.programs, store, context, template.environment.undefined,
                           defer)
    context[FRAGMENT_CALL] = fragments
    try:
        xml = template.render(context)
    except TEMPLATE_FAILURES as exc:
        store.close()
        if defer:
            return None
        raise DocgenTemplateError(compiled.explain(exc)) from exc
    parts = {}
    for name, (part_source, part_template) in compiled.parts.items():
        try:
            parts[name] = part_template.render(context)
        except TEMPLATE_FAILURES as exc:
            store.close()
            if defer:
                return None
            raise DocgenTemplateError(compiled.explain(exc, part_source)) from exc
    if defer:
        try:
            shared = fragments.run_deferred()
        except BaseException:  # interrupted: the helper is stopped, the store dropped
            store.close()
            raise
        if not shared:
            store.close()
            return None
    try:
        document = templatexml.replace_body(document, compiled.opening, xml)
        templatexml.replace_parts(document, parts)
    except etree.XMLSyntaxError as exc:
        store.close()
        raise _malformed(compiled, exc) from exc
    return RenderedDocument(document, store)
