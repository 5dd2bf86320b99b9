"""A Word template, compiled once per process: its body as a Jinja template in
docxtpl's tag syntax (`{%p %}`, `{%tr %}`, `{% cellbg %}`, tags Word split across
runs mended), with block-level loops taken out as fast programs; its headers and
footers when they hold tags; the 文本 places it offers."""

from __future__ import annotations

import io
import marshal
import pickle
import re
import traceback
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import CodeType

import docx
from docxtpl import DocxTemplate
from jinja2 import Environment, Template, TemplateError
from lxml import etree

from docgen.errors import TemplateError as DocgenTemplateError
from docgen.messages import say
from docgen.render import cache
from docgen.render.environment import make_environment, output
from docgen.render.fastpath import Compiler, Program, extract_loops
from docgen.wordml import HEADING_STYLES, templatexml

FRAGMENT_CALL = "docgen_fragment"
_PLACE = re.compile(r"text\.(?:lines|replaces)\(\s*[\"'“”‘’]([^\"'“”‘’]+)[\"'“”‘’]\s*\)")
_PATCHER = DocxTemplate.__new__(DocxTemplate)  # patch_xml uses no state
# The TOC lists these styles: loops printing them stay in the tree to be bookmarked.
_TOC_MARKERS = tuple(f'w:pStyle w:val="{style}"' for style in HEADING_STYLES)


def patch(xml: str) -> str:
    """docxtpl's tag patching, one paragraph a line (for messages), with docxtpl's
    `{_{ … }_}` (literal braces in a template) kept as literal braces."""
    # Shading fixed in the source, so that every rendered row is right.
    patched = templatexml.paragraph_per_line(templatexml.shading_in_order(_PATCHER.patch_xml(xml)))
    for literal, tag in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
        patched = patched.replace(literal, '{{ "' + tag + '" }}')
    return patched


def near(patched: str, lineno: int | None) -> str:
    """The paragraph text around a line of the patched source, for messages."""
    if not lineno:
        return ""
    lines = patched.splitlines()
    around = " ".join(templatexml.strip_tags(x) for x in lines[max(lineno - 2, 0):lineno + 1])
    return re.sub(r"\s+", " ", around).strip()[:160]


@dataclass
class CompiledTemplate:
    name: str
    data: bytes  # the .docx itself: each render starts from a fresh copy
    source: str  # the patched body
    skeleton: Template  # the body, long loops replaced by fragment calls
    opening: str  # the document element's start tag: the rendered body is parsed inside it
    programs: list[Program]
    parts: dict[str, tuple[str, Template]] = field(default_factory=dict)  # header/footer
    places: list[str] = field(default_factory=list)
    _slow: Template | None = None

    def slow_skeleton(self) -> Template:
        """The body with every loop rendered by Jinja (to check the fast path against)."""
        if self._slow is None:
            self._slow = make_environment().from_string(self.source)
        return self._slow

    def wording(self, place: str) -> list[str]:
        """The paragraphs the template prints at `place` when 文本 does not replace them."""
        return wording_in(self.source, place)

    def explain(self, exc: Exception, source: str | None = None) -> str:
        """A template failure in the user's words, with the paragraph where it stands."""
        message = getattr(exc, "message", None) or str(exc)
        message = re.sub(r"'([^']+)' is undefined",
                         lambda m: say("template.undefined", name=m.group(1)), message)
        message = re.sub(r"'([^']+)' has no attribute '([^']+)'",
                         lambda m: say("template.no_item", name=m.group(1), item=m.group(2)),
                         message)
        where = near(source or self.source, _lineno(exc))
        return say("template.failed", template=self.name, problem=message) + (
            say("template.near", paragraph=where) if where else "")


def _lineno(exc: Exception) -> int | None:
    lineno: int | None = getattr(exc, "docgen_lineno", None) or getattr(exc, "lineno", None)
    if lineno:
        return lineno
    # A runtime error in compiled Jinja: its traceback holds the template's line.
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None


def wording_in(patched: str, place: str) -> list[str]:
    """The template's own paragraphs at a 文本 place, as a reader would see them:
    `{{ … }}` fields shown as 〔自动填写〕, control tags dropped."""
    opening = re.search(r'text\.replaces\(\s*["“]' + re.escape(place) + r'["”]\s*\)', patched)
    closing = re.search(r'text\.lines\(\s*["“]' + re.escape(place) + r'["”]\s*\)', patched)
    if not opening or not closing or closing.start() < opening.end():
        return []
    lines = []
    for text in templatexml.paragraph_texts(patched[opening.end():closing.start()]):
        text = re.sub(r"\{%.*?%\}", "", text, flags=re.DOTALL)
        text = re.sub(r"\{\{.*?\}\}", "〔自动填写〕", text, flags=re.DOTALL).strip()
        if text:
            lines.append(text)
    return lines


def places_in(patched: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in _PLACE.finditer(templatexml.strip_tags(patched)):
        seen.setdefault(match.group(1), None)
    return list(seen)


@dataclass(frozen=True)
class Kept:
    """A compiled template as docgen.render.cache keeps it between runs: Jinja's
    syntax tree before the loops are taken out (the fast programs are made from it
    again, in milliseconds), and the Python code Jinja generated."""

    opening: str
    source: str
    tree: bytes  # pickled, the environment left out (_TreePickler)
    skeleton: bytes  # marshalled code
    parts: tuple[tuple[str, str, bytes], ...]  # header/footer: name, patched source, code
    places: tuple[str, ...]


class _TreePickler(pickle.Pickler):
    """Every node of a Jinja tree names its environment: kept as a reference, which
    the loading run's own environment answers."""

    def persistent_id(self, obj: object) -> str | None:
        return "environment" if isinstance(obj, Environment) else None


class _TreeUnpickler(pickle.Unpickler):
    def __init__(self, data: bytes, env: Environment):
        super().__init__(io.BytesIO(data))
        self.env = env

    def persistent_load(self, pid: object) -> Environment:
        if pid != "environment":
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        return self.env


def compile_template(data: bytes, name: str) -> CompiledTemplate:
    return _from_kept(_compile(data, name), data, name)


def _compile(data: bytes, name: str) -> Kept:
    """The slow part: docxtpl's patching, Jinja's parse and code generation. A
    template is always assembled from what this keeps (_from_kept), whether just
    compiled or found in the cache, so that both give the same template."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise DocgenTemplateError(say("template.unreadable", template=name, error=exc)) from exc
    opening, body = templatexml.body_source(document)
    patched = patch(body)
    env = make_environment()
    stub = CompiledTemplate(name, data, patched, None, opening, [])  # type: ignore[arg-type]
    try:
        tree = env.parse(patched)
        kept_tree = io.BytesIO()
        _TreePickler(kept_tree, protocol=pickle.HIGHEST_PROTOCOL).dump(tree)
        extract_loops(tree, Compiler(env, output), FRAGMENT_CALL, _TOC_MARKERS)
        code = env.compile(tree)
    except TemplateError as exc:
        raise DocgenTemplateError(stub.explain(exc)) from exc
    parts = []
    for partname, xml in templatexml.header_footer_sources(
            document, lambda xml: "{{" in xml or "{%" in xml):
        part_source = patch(xml)
        try:
            parts.append((partname, part_source, marshal.dumps(env.compile(part_source))))
        except TemplateError as exc:
            raise DocgenTemplateError(stub.explain(exc, part_source)) from exc
    return Kept(opening, patched, kept_tree.getvalue(), marshal.dumps(code), tuple(parts),
                tuple(places_in(patched)))


def _template(env: Environment, code: CodeType) -> Template:
    """A Jinja template from its generated code (what env.from_string does after
    compiling)."""
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _from_kept(kept: Kept, data: bytes, name: str) -> CompiledTemplate:
    env = make_environment()
    tree = _TreeUnpickler(kept.tree, env).load()
    programs = extract_loops(tree, Compiler(env, output), FRAGMENT_CALL, _TOC_MARKERS)
    compiled = CompiledTemplate(name, data, kept.source,
                                _template(env, marshal.loads(kept.skeleton)), kept.opening,
                                programs, places=list(kept.places))
    for partname, part_source, part_code in kept.parts:
        compiled.parts[partname] = (part_source, _template(env, marshal.loads(part_code)))
    return compiled


@lru_cache(maxsize=16)
def _load(path: str, mtime_ns: int, size: int) -> CompiledTemplate:
    data = Path(path).read_bytes()
    name = Path(path).name
    kept = cache.load(data)
    if isinstance(kept, Kept):
        try:
            return _from_kept(kept, data, name)
        except (ValueError, EOFError, TypeError, pickle.UnpicklingError):
            pass  # a damaged entry: compiled again, and kept anew
    kept = _compile(data, name)
    cache.save(data, kept)
    return _from_kept(kept, data, name)


def load_template(path: Path) -> CompiledTemplate:
    """The compiled template, parsed once per process (and again if the file
    changes), and kept on disk for the next run (docgen.render.cache)."""
    stat = path.stat()
    return _load(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


__all__ = ["CompiledTemplate", "compile_template", "load_template"]
