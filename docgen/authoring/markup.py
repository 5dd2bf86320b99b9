"""The plain-text markup the shipped templates are written in
(templates_docx/src/README.md): one line, one paragraph."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docgen.authoring.refs import REF, RefError, resolve
from docgen.messages import say


class MarkupError(ValueError):
    def __init__(self, line: int | str, message: str):
        self.line, self.message = line, message  # the line: its number, or where it is
        where = line if isinstance(line, str) else say("authoring.line", line=line)
        super().__init__(f"{where}：{message}")


@dataclass(frozen=True)
class Origin:
    """Where a source line came from: its file (for @include) and its number."""

    file: str
    line: int

    def __str__(self) -> str:
        line = say("authoring.line", line=self.line)
        return f"{self.file} {line}" if self.file else line


_NUMERALS = "一二三四五六七八九"
CHINESE = {(_NUMERALS[n // 10 - 1] if n >= 20 else "") + ("十" if n >= 10 else "")
           + (_NUMERALS[n % 10 - 1] if n % 10 else ""): n for n in range(1, 100)}
_LOOP = "{{ loop.index }}"
_LOOP_CN = "{{ loop.index|cn }}"
# A heading's number as each level writes it: 第一章, 一、, （一）, 1.
_NUMBERED = [
    (1, re.compile(r"^第([一二三四五六七八九十]+)章\s*")),
    (2, re.compile(r"^([一二三四五六七八九十]+|\{\{ loop\.index\|cn \}\})、")),
    (3, re.compile(r"^（([一二三四五六七八九十]+|\{\{ loop\.index\|cn \}\})）")),
    (4, re.compile(r"^(\d+|\{\{ loop\.index \}\})\.\s*")),
]


def _number(n: int | None, level: int) -> str:
    """Number n (None: the loop's index) as a heading of `level` writes it."""
    cn = _LOOP_CN if n is None else next(k for k, v in CHINESE.items() if v == n)
    arabic = _LOOP if n is None else str(n)
    return {1: f"第{cn}章 ", 2: f"{cn}、", 3: f"（{cn}）", 4: f"{arabic}. "}[level]


def shift_heading(line: str, shift: int) -> str:
    """`### （二）机构职责` one level up is `## 二、机构职责`: the level moves and the
    number is written the way the new level writes it."""
    m = _HEADING.match(line.strip())
    if not m or not shift:
        return line
    level = len(m[1]) + shift
    if not 1 <= level <= 4:
        raise ValueError(say("authoring.shift_too_far", shift=shift, line=line.strip()))
    text = m[2].strip()
    for _, pattern in _NUMBERED:
        if found := pattern.match(text):
            token = found[1]
            n = None if "loop.index" in token else (int(token) if token.isdigit()
                                                   else CHINESE[token])
            text = _number(n, level) + text[found.end():]
            break
    return "#" * level + " " + text


def _include(arguments: str, where: Origin) -> tuple[str, int, dict[str, str]]:
    """`FILE [shift=N] [name=value …]`: the file, the heading shift and the values
    that replace `${name}` in it."""
    words = arguments.split()
    if not words:
        raise MarkupError(str(where), say("authoring.include_no_file"))
    shift, values = 0, {}
    for word in words[1:]:
        key, sep, value = word.partition("=")
        if not sep:
            raise MarkupError(str(where), say("authoring.include_argument", word=word))
        if key == "shift":
            shift = int(value)
        else:
            values[key] = value
    return words[0], shift, values


def expand(text: str, folder: Path | None, name: str = "",
           seen: tuple[str, ...] = ()) -> list[tuple[Origin, str]]:
    """The source's lines with every `@include FILE [shift=N] [name=value …]` replaced
    by that file's lines (relative to `folder`, the folder of the including file's
    source): `${name}` filled in, headings moved N levels."""
    out: list[tuple[Origin, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped.startswith("@include"):
            out.append((Origin(name, number), line))
            continue
        where = Origin(name, number)
        if folder is None:
            raise MarkupError(str(where), say("authoring.include_no_file"))
        target, shift, values = _include(stripped[len("@include"):], where)
        path = (folder / target).resolve()
        if str(path) in seen:
            raise MarkupError(str(where), say("authoring.include_cycle", file=target))
        if not path.is_file():
            raise MarkupError(str(where), say("authoring.include_missing", file=target))
        for origin, included in expand(path.read_text("utf-8"), path.parent, target,
                                       (*seen, str(path))):
            for key, value in values.items():
                included = included.replace("${" + key + "}", value)
            if "${" in REF.sub("", included):  # a reference is resolved after expansion
                missing = re.search(r"\$\{([^}]*)\}", REF.sub("", included))
                raise MarkupError(str(origin), say("authoring.include_parameter", file=target,
                                                   name=missing[1] if missing else ""))
            try:
                out.append((origin, shift_heading(included, shift)))
            except ValueError as exc:
                raise MarkupError(str(origin), str(exc)) from None
    return out


@dataclass
class Paragraph:
    style: str  # a style name of docgen.authoring.styles, or "Normal"
    text: str


@dataclass
class Tag:
    """A `{%p … %}` paragraph: docxtpl removes it and keeps the Jinja tag."""

    text: str
    line: int = 0


@dataclass
class PageBreak:
    pass


@dataclass
class Space:
    count: int


@dataclass
class Toc:
    pass


@dataclass
class Section:
    kind: str  # body, landscape or portrait
    line: int = 0
    # `@section landscape if="agreements"`: the pages turn only when the items are
    # there (a table of them is printed); else a new page in the same orientation.
    when: str | None = None


@dataclass
class Image:
    expr: str


@dataclass
class Table:
    rows: list[list[str]]
    loop: str | None = None
    widths: list[float] | None = None
    empty: str | None = None
    title: str | None = None
    height: float | None = None  # minimum row height in mm (e.g. room to sign)
    align: list[str] | None = None  # per column: l, c or r (body rows; headers are centred)
    keep: bool = False  # keep the whole table on one page (short tables)
    optional: list[str] = field(default_factory=list)  # headers of columns left out when empty


@dataclass
class Flow:
    """A flowchart: one box per line, arrows between; `a || b` puts two boxes side by side."""

    steps: list[list[str]]
    title: str | None = None
    width_mm: float = 120


@dataclass
class Place:
    name: str
    blocks: list[Block] = field(default_factory=list)
    # A numbered list: the Jinja expression counting its own items (the 文本 sheet's
    # 追加 lines continue the numbering, （十四） after （十三）).
    numbered: str | None = None


@dataclass
class Keep:
    """Blocks kept on one page together (an order and its signature lines)."""

    blocks: list[Block] = field(default_factory=list)


Block = Paragraph | Tag | PageBreak | Space | Toc | Section | Image | Table | Flow | Place | Keep

_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
_STYLE = re.compile(r"^@style\s+([^:：]+)[:：]\s?(.*)$")


def _options(text: str, line: int) -> dict[str, str]:
    try:
        parts = shlex.split(text)
    except ValueError as exc:
        raise MarkupError(line, say("authoring.options_unreadable", error=exc)) from exc
    out = {}
    for part in parts:
        key, sep, value = part.partition("=")
        if not sep:
            raise MarkupError(line, say("authoring.option", option=part))
        out[key] = value
    return out


def _cells(line: str, number: int) -> list[str]:
    if not (line.startswith("|") and line.endswith("|")):
        raise MarkupError(number, say("authoring.table_row"))
    return [c.strip() for c in line[1:-1].split("|")]


def parse(text: str, folder: Path | None = None) -> list[Block]:
    """The blocks of a markup source; `folder` is where its @include files are."""
    origins, lines = zip(*expand(text, folder), strict=True) if text.strip() else ((), ())
    try:
        return _parse(resolve(list(lines)))
    except RefError as exc:
        raise MarkupError(str(origins[exc.index]), str(exc)) from None
    except MarkupError as exc:  # a line of the expanded source: named by its own file
        if isinstance(exc.line, int) and any(o.file for o in origins):
            raise MarkupError(str(origins[exc.line - 1]), exc.message) from None
        raise


def _parse(lines: list[str]) -> list[Block]:
    return _Parser(lines).parse()


def _plain(line: str, number: int) -> Block | None:
    """The block of a line that opens nothing (a paragraph, a heading, a tag, a page
    break, space, the 目录, a picture); None for a directive that does."""
    if m := _HEADING.match(line):
        return Paragraph(f"Heading{len(m[1])}", m[2].strip())
    if line.startswith("{%p"):
        return Tag(line, number)
    if m := _STYLE.match(line):
        return Paragraph(m[1].strip(), m[2])
    if line == "@pagebreak":
        return PageBreak()
    if line.startswith("@space"):
        return Space(int(line.split()[1]) if len(line.split()) > 1 else 1)
    if line == "@toc":
        return Toc()
    if line.startswith("@image"):
        return Image(line[len("@image"):].strip())
    if not line.startswith("@"):
        return Paragraph("Normal", line)
    return None


def _table(options: dict[str, str], rows: list[list[str]], number: int) -> Table:
    """`@table` of these options and rows, checked."""
    if not rows or len({len(r) for r in rows}) != 1:
        raise MarkupError(number, say("authoring.table_shape"))
    widths = [float(w) for w in options["widths"].split(",")] if "widths" in options \
        else None
    if widths and len(widths) != len(rows[0]):
        raise MarkupError(number, say("authoring.table_widths"))
    height = float(options["height"]) if "height" in options else None
    align = options["align"].split(",") if "align" in options else None
    if align and (len(align) != len(rows[0]) or set(align) - {"l", "c", "r"}):
        raise MarkupError(number, say("authoring.table_align"))
    optional = options["optional"].split(",") if "optional" in options else []
    if set(optional) - set(rows[0]):
        raise MarkupError(number, say("authoring.table_optional"))
    return Table(rows, options.get("loop"), widths, options.get("empty"), options.get("title"),
                 height, align, options.get("keep") == "true", optional)


class _Parser:
    """The lines of a source, read once into blocks; `@keep` and `@place` open a
    list of their own until their `@end`."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.i = 0  # the next line to read
        self.blocks: list[Block] = []
        self.stack: list[list[Block]] = [self.blocks]
        self.places: set[str] = set()

    def parse(self) -> list[Block]:
        while self.i < len(self.lines):
            number, line = self.i + 1, self.lines[self.i].strip()
            self.i += 1
            if line and not line.startswith("%"):
                self.line(line, number)
        if len(self.stack) > 1:
            raise MarkupError(len(self.lines), say("authoring.place_end"))
        check_balance(self.blocks)
        check_sections(self.blocks)
        return self.blocks

    def line(self, line: str, number: int) -> None:
        block = _plain(line, number)
        if block is not None:
            self.stack[-1].append(block)
        elif line == "@keep":
            self.open(Keep())
        elif line == "@end":
            if len(self.stack) == 1:
                raise MarkupError(number, say("authoring.extra_end"))
            self.stack.pop()
        elif line.startswith("@section"):
            self.section(line, number)
        elif line.startswith("@place"):
            self.place(line, number)
        elif line.startswith("@table"):
            self.table(line, number)
        elif line.startswith("@flow"):
            self.flow(line, number)
        else:
            raise MarkupError(number, say("authoring.unknown_directive", directive=line.split()[0]))

    def open(self, block: Keep | Place) -> None:
        self.stack[-1].append(block)
        self.stack.append(block.blocks)

    def section(self, line: str, number: int) -> None:
        words = line.split(None, 2)
        kind = words[1] if len(words) > 1 else ""
        if kind not in ("body", "landscape", "portrait"):
            raise MarkupError(number, say("authoring.section_kind"))
        options = _options(words[2], number) if len(words) > 2 else {}
        if set(options) - {"if"}:
            raise MarkupError(number, say("authoring.option", option=words[2]))
        when = options.get("if")
        if when is not None and (kind == "body" or not when.strip()):
            raise MarkupError(number, say("authoring.section_condition"))
        if len(self.stack) > 1:
            raise MarkupError(number, say("authoring.section_in_place"))
        self.stack[-1].append(Section(kind, number, when.strip() if when else None))

    def place(self, line: str, number: int) -> None:
        name, _, rest = line[len("@place"):].strip().partition(" ")
        options = _options(rest, number) if rest.strip() else {}
        if not name or name in self.places:
            raise MarkupError(number, say("authoring.place_name", name=name))
        if set(options) - {"numbered"}:
            raise MarkupError(number, say("authoring.option", option=rest))
        self.places.add(name)
        self.open(Place(name, numbered=options.get("numbered")))

    def until_end(self, convert: Callable[[str, int], list[str]]) -> tuple[list[list[str]], bool]:
        """The lines up to the next `@end`, each converted (blank lines and comments
        skipped), and whether that `@end` came (it is then read too)."""
        items = []
        while self.i < len(self.lines) and self.lines[self.i].strip() != "@end":
            text = self.lines[self.i].strip()
            if text and not text.startswith("%"):
                items.append(convert(text, self.i + 1))
            self.i += 1
        if self.i >= len(self.lines):
            return items, False
        self.i += 1
        return items, True

    def table(self, line: str, number: int) -> None:
        options = _options(line[len("@table"):], number)
        rows, ended = self.until_end(_cells)
        if not ended:
            raise MarkupError(number, say("authoring.table_end"))
        self.stack[-1].append(_table(options, rows, number))

    def flow(self, line: str, number: int) -> None:
        options = _options(line[len("@flow"):], number)
        steps, ended = self.until_end(lambda text, _: [s.strip() for s in text.split("||")])
        if not ended or not steps:
            raise MarkupError(number, say("authoring.flow_end"))
        self.stack[-1].append(Flow(steps, options.get("title")))


_OPENS = {"if": "endif", "for": "endfor"}


def _tables(block: Block) -> list[Table | Flow]:
    """The tables and flowcharts of a block (of a @keep or @place too)."""
    if isinstance(block, Table | Flow):
        return [block]
    if isinstance(block, Place | Keep):
        return [t for inner in block.blocks for t in _tables(inner)]
    return []


def check_sections(blocks: list[Block]) -> None:
    """A section turned on a condition (`@section landscape if="agreements"`) turns
    back at the next @section, on the same condition, to the orientation before it;
    between them only tables of those items are drawn for the turned page (a loop over
    them, with `empty=`), since without them the pages stay as they were."""
    orientation, before = "portrait", "portrait"
    opened: Section | None = None
    for block in blocks:
        if isinstance(block, Section):
            if opened is not None:
                if block.when != opened.when or block.kind != before:
                    raise MarkupError(block.line, say(
                        "authoring.section_unpaired", line=opened.line, kind=opened.kind,
                        items=opened.when, back=before))
                opened = None
            elif block.when is not None:
                opened, before = block, orientation
            orientation = "portrait" if block.kind == "body" else block.kind
        elif opened is not None:
            for table in _tables(block):
                shown = (isinstance(table, Table) and table.loop is not None
                         and table.empty is not None
                         and table.loop.split(" in ", 1)[-1].strip() == opened.when)
                if not shown:
                    raise MarkupError(opened.line, say("authoring.section_table",
                                                       items=opened.when))
    if opened is not None:
        raise MarkupError(opened.line, say("authoring.section_unpaired", line=opened.line,
                                           kind=opened.kind, items=opened.when, back=before))


def check_balance(blocks: list[Block]) -> None:
    """`{%p if/for %}` must close with their own endif/endfor, in order, and a section
    break never sits inside one."""
    stack: list[tuple[str, int]] = []

    def walk(items: list[Block]) -> None:
        for block in items:
            if isinstance(block, Tag):
                words = block.text[3:].replace("%}", " ").split()
                word = words[0] if words else ""
                if word in _OPENS:
                    stack.append((word, block.line))
                elif word in ("endif", "endfor"):
                    if not stack:
                        raise MarkupError(block.line, say("authoring.tag_unopened", tag=word))
                    opened, line = stack.pop()
                    if _OPENS[opened] != word:
                        raise MarkupError(block.line, say("authoring.tag_mismatch", tag=word,
                                                          line=line, opened=opened))
                elif word in ("else", "elif") and (not stack or stack[-1][0] != "if"):
                    raise MarkupError(block.line, say("authoring.tag_outside_if", tag=word))
            elif isinstance(block, Section) and stack:
                raise MarkupError(block.line, say("authoring.section_in_tag",
                                                  line=stack[-1][1]))
            elif isinstance(block, Place | Keep):
                walk(block.blocks)

    walk(blocks)
    if stack:
        raise MarkupError(stack[-1][1], say("authoring.tag_unclosed"))
