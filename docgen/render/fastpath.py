"""Loops of a template run without pushing their Word XML through Jinja.

A template's `{%tr for %}` rows and `{%p for %}` blocks repeat once per record.
Rendering them as one big Jinja text and re-parsing the result is what made large
registers slow and memory-hungry. Here a loop body — Word XML with holes, as
docxtpl's tag patching leaves it — is taken from Jinja's own syntax tree and
compiled once into a program of pieces: literal XML, values, conditions and inner
loops. Running it appends XML text for each record, which the document's
fragment store streams into the file (docgen.wordml.package), so the rows never
exist as a tree.

Expressions that are names, attributes and constant subscripts (`r.code`,
`loop.index`, `row[0].color`) are looked up directly, through the sandbox's own
getattr, so the sandbox's rules hold; any other expression (a filter, a test, a
call) is compiled once by Jinja and evaluated per record. A loop that uses a
statement the pieces do not cover (`{% set %}`, macros, …) is left to Jinja, as
is a loop that prints table-of-contents headings (they need bookmarks).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.runtime import LoopContext, Undefined
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import _PassArg, consume

from docgen.wordml import templatexml

Getter = Callable[["Scope"], Any]
Piece = Callable[["Scope", list[str]], None]
Output = Callable[[Any], str]


# Operators as Jinja evaluates them (the sandbox intercepts none of them by default).
_COMPARE = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "gt": operator.gt,
            "lteq": operator.le, "gteq": operator.ge, "in": lambda a, b: a in b,
            "notin": lambda a, b: a not in b}
_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul,
               "/": operator.truediv, "//": operator.floordiv, "%": operator.mod}


def _compare(left: Any, steps: list[tuple[Callable[[Any, Any], Any], Getter]],
             scope: Scope) -> bool:
    for operation, get in steps:
        right = get(scope)
        if not operation(left, right):
            return False
        left = right
    return True


class NotFast(Exception):
    """The loop uses something the pieces do not run; Jinja renders it instead."""


class Scope(dict[str, Any]):
    """Local names of a loop body; other names are the render's context."""

    __slots__ = ("context", "undefined")

    def __init__(self, context: dict[str, Any], undefined: type[Undefined],
                 values: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()):
        super().__init__(values)
        self.context = context
        self.undefined = undefined

    def __missing__(self, key: str) -> Any:
        if key in self.context:
            return self.context[key]
        return self.undefined(name=key)

    def child(self, values: dict[str, Any]) -> Scope:
        scope = Scope(self.context, self.undefined, self)
        scope.update(values)
        return scope


class _Names(Mapping[str, Any]):
    """What an expression Jinja evaluates sees: the scope's names, then the render's
    context, then the template's globals, as `dict(globals, **context, **scope)`
    would hold them, without copying the context for every record."""

    __slots__ = ("globals", "scope")

    def __init__(self, scope: Scope, globals_: Mapping[str, Any]):
        self.scope, self.globals = scope, globals_

    def __getitem__(self, key: str) -> Any:
        scope = self.scope
        if key in scope:  # a Scope is a dict: its own names only
            return dict.__getitem__(scope, key)
        if key in scope.context:
            return scope.context[key]
        return self.globals[key]

    def __contains__(self, key: object) -> bool:
        scope = self.scope
        return key in scope or key in scope.context or key in self.globals

    def _merged(self) -> dict[str, Any]:
        return dict(self.globals, **{**self.scope.context, **self.scope})

    def __iter__(self) -> Iterator[str]:
        return iter(self._merged())

    def __len__(self) -> int:
        return len(self._merged())


def located(exc: Exception, lineno: int) -> Exception:
    """Remember the template line a failing piece came from (for the message)."""
    if getattr(exc, "docgen_lineno", None) is None:
        exc.docgen_lineno = lineno  # type: ignore[attr-defined]  # an attribute of our own
    return exc


@dataclass
class Program:
    """One loop, compiled: run it with the iterable Jinja evaluated and the outer
    loop variables it captures."""

    body: list[Piece]
    target: Callable[[Any], dict[str, Any]]
    test: Getter | None
    else_body: list[Piece]
    lineno: int
    shaded: bool  # a cell's fill is an expression: dark fills need white text
    widths: list[int] | None = None  # a table row: its cells' widths, as marks in its text
    # Whether the loop names `loop` (loop.index): Jinja's LoopContext looks one item
    # ahead for loop.last, a cost a register's loops need not pay when unused.
    uses_loop: bool = True

    def run(self, iterable: Iterable[Any], scope: Scope) -> Iterable[str]:
        """The XML text of each record, one string per record."""
        items = _filtered(iterable, self.target, self.test, scope)
        loop = LoopContext(items, scope.undefined) if self.uses_loop else None
        empty = True
        # One scope for every record: its names are the loop's own, set afresh for each
        # record, and no piece keeps the scope past its record.
        local = scope.child({} if loop is None else {"loop": loop})
        target, body = self.target, self.body
        # a LoopContext yields (item, itself)
        for item in (item for item, _ in loop) if loop is not None else items:
            empty = False
            out: list[str] = []
            local.update(target(item))
            for piece in body:
                piece(local, out)
            yield "".join(out)
        if empty and self.else_body:
            out = []
            for piece in self.else_body:
                piece(scope, out)
            yield "".join(out)


def _filtered(iterable: Iterable[Any], target: Callable[[Any], dict[str, Any]],
              test: Getter | None, scope: Scope) -> Iterable[Any]:
    if test is None:
        return iterable
    return (item for item in iterable if test(scope.child(target(item))))


def _target(node: nodes.Node) -> Callable[[Any], dict[str, Any]]:
    if isinstance(node, nodes.Name):
        name = node.name
        return lambda item: {name: item}
    if isinstance(node, nodes.Tuple) and all(isinstance(n, nodes.Name) for n in node.items):
        names = [n.name for n in node.items if isinstance(n, nodes.Name)]
        return lambda item: dict(zip(names, item, strict=True))
    raise NotFast


def target_names(node: nodes.Node) -> tuple[str, ...]:
    if isinstance(node, nodes.Name):
        return (node.name,)
    if isinstance(node, nodes.Tuple):
        return tuple(n.name for n in node.items if isinstance(n, nodes.Name))
    return ()


def attribute_of(env: SandboxedEnvironment, attr: str) -> Callable[[Any], Any]:
    """`obj.attr` through the sandbox's getattr, with its safety verdict remembered
    per type: the sandbox decides by the object's type and the attribute's name only,
    and asking it half a million times was the largest cost of a big register."""
    safe: set[type] = set()
    unsafe: set[type] = set()

    def get(obj: Any) -> Any:
        try:
            value = getattr(obj, attr)
        except AttributeError:
            return env.getattr(obj, attr)  # item lookup, or Undefined: the sandbox's way
        kind = type(obj)
        if kind in safe:
            return value
        if kind not in unsafe:
            if env.is_safe_attribute(obj, attr, value):
                safe.add(kind)
                return value
            unsafe.add(kind)
        return env.unsafe_undefined(obj, attr)

    return get


class Compiler:
    def __init__(self, env: SandboxedEnvironment, output: Output):
        self.env = env
        self.output = output

    # -- expressions ------------------------------------------------------------------------
    def expr(self, node: nodes.Node) -> Getter:
        env = self.env
        if isinstance(node, nodes.Name):
            name = node.name
            return lambda scope: scope[name]
        if isinstance(node, nodes.Getattr):
            attribute = attribute_of(env, node.attr)
            if isinstance(node.node, nodes.Name):  # r.code: the usual value, one call
                name = node.node.name
                return lambda scope: attribute(scope[name])
            inner = self.expr(node.node)
            return lambda scope: attribute(inner(scope))
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            inner, key, getitem = self.expr(node.node), node.arg.value, env.getitem
            return lambda scope: getitem(inner(scope), key)
        if isinstance(node, nodes.Const):
            value = node.value
            return lambda scope: value
        if isinstance(node, nodes.Not):
            inner = self.expr(node.node)
            return lambda scope: not inner(scope)
        if isinstance(node, nodes.And | nodes.Or):
            left, right = self.expr(node.left), self.expr(node.right)
            if isinstance(node, nodes.And):
                return lambda scope: left(scope) and right(scope)
            return lambda scope: left(scope) or right(scope)
        if isinstance(node, nodes.Compare) and all(op.op in _COMPARE for op in node.ops):
            first = self.expr(node.expr)
            steps = [(_COMPARE[op.op], self.expr(op.expr)) for op in node.ops]
            return lambda scope: _compare(first(scope), steps, scope)
        if isinstance(node, nodes.List) or (isinstance(node, nodes.Tuple)
                                            and node.ctx == "load"):
            items = [self.expr(item) for item in node.items]
            kind = list if isinstance(node, nodes.List) else tuple
            return lambda scope: kind(item(scope) for item in items)
        if isinstance(node, nodes.Call) and not node.kwargs and node.dyn_args is None and \
                node.dyn_kwargs is None:
            return self.call(node)
        if isinstance(node, nodes.Filter) and node.node is not None and not node.kwargs and \
                node.dyn_args is None and node.dyn_kwargs is None and not env.is_async:
            flt = env.filters.get(node.name)
            if flt is not None and _PassArg.from_obj(flt) is None:
                # as Jinja's compiled code calls it: the filter looked up once
                value, arguments = self.expr(node.node), [self.expr(a) for a in node.args]
                if not arguments:
                    return lambda scope: flt(value(scope))
                return lambda scope: flt(value(scope), *[get(scope) for get in arguments])
        if isinstance(node, nodes.BinExpr) and node.operator in _ARITHMETIC:
            operation, left, right = _ARITHMETIC[node.operator], self.expr(node.left), \
                self.expr(node.right)
            return lambda scope: operation(left(scope), right(scope))
        return self.jinja_expr(node)

    def call(self, node: nodes.Call) -> Getter:
        """A call with positional arguments (`system.measures_of(r)`): an ordinary
        callable the sandbox allows is called as Jinja's Context.call would call it;
        anything else (Undefined, a callable that takes the context, one the sandbox
        refuses) goes to Jinja."""
        env, slow = self.env, self.jinja_expr(node)
        function, arguments = self.expr(node.node), [self.expr(a) for a in node.args]

        def evaluate(scope: Scope) -> Any:
            func = function(scope)
            if isinstance(func, Undefined) or not callable(func) or \
                    _PassArg.from_obj(func) is not None or \
                    _PassArg.from_obj(func.__call__) is not None or \
                    not env.is_safe_callable(func):
                return slow(scope)
            args = [get(scope) for get in arguments]
            try:
                return func(*args)
            except StopIteration:
                return env.undefined("value was undefined because a callable raised a"
                                     " StopIteration exception")

        return evaluate

    def jinja_expr(self, node: nodes.Node) -> Getter:
        """Any other expression: compiled by Jinja once, evaluated per record."""
        tree = nodes.Template([nodes.Assign(nodes.Name("result", "store"), node)])
        tree.set_lineno(node.lineno, override=True)
        tree.set_environment(self.env)
        template = self.env.from_string(tree)
        env, render, name, blocks = self.env, template.root_render_func, template.name, \
            template.blocks
        make, globals_ = env.context_class, template.globals

        def evaluate(scope: Scope) -> Any:
            # what jinja2's TemplateExpression does, with the names not copied
            context = make(env, _Names(scope, globals_), name, blocks,  # type: ignore[arg-type]
                           globals=globals_)
            consume(render(context))
            return context.vars["result"]

        return evaluate

    # -- statements -------------------------------------------------------------------------
    def block(self, body: list[nodes.Node]) -> list[Piece]:
        pieces: list[Piece] = []
        for node in body:
            pieces.extend(self.statement(node))
        return pieces

    def statement(self, node: nodes.Node) -> list[Piece]:
        if isinstance(node, nodes.Output):
            return [self.output_piece(child) for child in node.nodes]
        if isinstance(node, nodes.If):
            return [self.if_piece(node)]
        if isinstance(node, nodes.For):
            return [self.loop_piece(node)]
        raise NotFast

    def output_piece(self, node: nodes.Node) -> Piece:
        if isinstance(node, nodes.TemplateData):
            # The source has a line break before each paragraph (for messages): not output.
            text = templatexml.paragraphs_joined(node.data)
            return lambda scope, out: out.append(text)
        get, show, lineno = self.expr(node), self.output, node.lineno

        def value(scope: Scope, out: list[str]) -> None:
            try:
                out.append(show(get(scope)))
            except Exception as exc:
                raise located(exc, lineno) from None

        return value

    def if_piece(self, node: nodes.If) -> Piece:
        branches = [(self.expr(node.test), self.block(node.body))]
        branches += [(self.expr(e.test), self.block(e.body)) for e in node.elif_]
        otherwise, lineno = self.block(node.else_), node.lineno

        def choose(scope: Scope, out: list[str]) -> None:
            chosen = otherwise
            try:
                for test, body in branches:
                    if test(scope):
                        chosen = body
                        break
            except Exception as exc:
                raise located(exc, lineno) from None
            for piece in chosen:
                piece(scope, out)

        return choose

    def program(self, node: nodes.For, fragment: bool = True) -> Program:
        """A loop compiled; `fragment`: it writes a fragment of its own, whose row
        widths post-processing sizes (a loop nested in another keeps its widths)."""
        if node.recursive:
            raise NotFast
        widths = _mark_widths(node) if fragment else None
        body = self.block(node.body)
        test = self.expr(node.test) if node.test is not None else None
        shaded = any('w:fill="' in d.data and d.data.rstrip().endswith('w:fill="')
                     for d in node.find_all(nodes.TemplateData))
        uses_loop = _names_loop([node.test, *node.body, *node.else_])
        return Program(body, _target(node.target), test, self.block(node.else_), node.lineno,
                       shaded, widths, uses_loop)

    def loop_piece(self, node: nodes.For) -> Piece:
        program, items = self.program(node, fragment=False), self.expr(node.iter)

        def loop(scope: Scope, out: list[str]) -> None:
            try:
                iterable = items(scope)
                out.extend(program.run(iterable, scope))
            except Exception as exc:
                raise located(exc, program.lineno) from None

        return loop


def _names_loop(body: Iterable[nodes.Node | None]) -> bool:
    """Whether these nodes name their loop's `loop`; a nested loop's body names its
    own (its iterable, test and else block still name the outer one)."""
    for node in body:
        if isinstance(node, nodes.Name) and node.name == "loop":
            return True
        if isinstance(node, nodes.For):
            if _names_loop([node.iter, node.test, *node.else_]):
                return True
        elif node is not None and _names_loop(node.iter_child_nodes()):
            return True
    return False


def _mark_widths(node: nodes.For) -> list[int] | None:
    """For a loop of table rows: its cells' widths, replaced in the row's text by
    marks that post-processing fills once it has sized the columns."""
    data = list(node.find_all(nodes.TemplateData))
    if not data or not templatexml.starts_row(data[0].data) or \
            sum(templatexml.count_rows(d.data) for d in data) != 1:
        return None
    widths: list[int] = []
    for d in data:
        d.data = templatexml.mark_cell_widths(d.data, widths)
    return widths or None


# -- finding the loops of a template ------------------------------------------------------------

def _block_level(node: nodes.For) -> bool:
    """A loop of paragraphs, rows or tables (not text inside a paragraph)."""
    first = next(iter(node.find_all(nodes.TemplateData)), None)
    return first is not None and templatexml.starts_block(first.data)


def _prints(node: nodes.Node, markers: tuple[str, ...]) -> bool:
    return any(m in d.data for d in node.find_all(nodes.TemplateData) for m in markers)


def extract_loops(tree: nodes.Template, compiler: Compiler, call_name: str,
                  keep_markers: tuple[str, ...]) -> list[Program]:
    """Replace every block-level loop the pieces can run by a call
    `call_name(n, iterable, {captured names})`; returns the programs, by n.
    Loops whose text holds one of `keep_markers` stay with Jinja."""
    programs: list[Program] = []

    def visit(body: list[nodes.Node], captured: tuple[str, ...]) -> None:
        for i, node in enumerate(body):
            if isinstance(node, nodes.For):
                program = None
                if _block_level(node) and not _prints(node, keep_markers):
                    try:
                        program = compiler.program(node)
                    except NotFast:
                        program = None
                if program is not None:
                    body[i] = _call(call_name, len(programs), node, captured)
                    programs.append(program)
                    continue
                inner = (*captured, *target_names(node.target), "loop")
                visit(node.body, inner)
                visit(node.else_, captured)
            elif isinstance(node, nodes.If):
                visit(node.body, captured)
                for branch in node.elif_:
                    visit(branch.body, captured)
                visit(node.else_, captured)

    visit(tree.body, ())
    return programs


def _call(name: str, number: int, loop: nodes.For, captured: tuple[str, ...]) -> nodes.Output:
    pairs = [nodes.Pair(nodes.Const(n), nodes.Name(n, "load")) for n in dict.fromkeys(captured)]
    call = nodes.Call(nodes.Name(name, "load"),
                      [nodes.Const(number), loop.iter, nodes.Dict(pairs)], [], None, None)
    output = nodes.Output([call])
    output.set_lineno(loop.lineno, override=True)
    return output
