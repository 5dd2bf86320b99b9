"""The plain-text markup the shipped templates are written in
(templates_docx/src/README.md): one line, one paragraph."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path


class MarkupError(ValueError):
    def __init__(self, line: int | str, message: str):
        where = line if isinstance(line, str) else f"第{line}行"
        super().__init__(f"{where}：{message}")


@dataclass(frozen=True)
class Origin:
    """Where a source line came from: its file (for @include) and its number."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file} 第{self.line}行" if self.file else f"第{self.line}行"


def expand(text: str, folder: Path | None, name: str = "",
           seen: tuple[str, ...] = ()) -> list[tuple[Origin, str]]:
    """The source's lines with every `@include FILE` replaced by that file's lines
    (relative to `folder`, the folder of the including file's source)."""
    out: list[tuple[Origin, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped.startswith("@include"):
            out.append((Origin(name, number), line))
            continue
        target = stripped[len("@include"):].strip()
        if folder is None or not target:
            raise MarkupError(str(Origin(name, number)), "@include 后应为文件名")
        path = (folder / target).resolve()
        if str(path) in seen:
            raise MarkupError(str(Origin(name, number)), f"@include 循环引用：{target}")
        if not path.is_file():
            raise MarkupError(str(Origin(name, number)), f"找不到 @include 的文件：{target}")
        out += expand(path.read_text("utf-8"), path.parent, target, (*seen, str(path)))
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


@dataclass
class Flow:
    """A flowchart: one box per line, arrows between; `a || b` puts two boxes side by side."""

    steps: list[list[str]]
    title: str | None = None
    width_mm: float = 120


@dataclass
class Place:
    name: str
    blocks: list = field(default_factory=list)


@dataclass
class Keep:
    """Blocks kept on one page together (an order and its signature lines)."""

    blocks: list = field(default_factory=list)


Block = Paragraph | Tag | PageBreak | Space | Toc | Section | Image | Table | Flow | Place | Keep

_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
_STYLE = re.compile(r"^@style\s+([^:：]+)[:：]\s?(.*)$")


def _options(text: str, line: int) -> dict[str, str]:
    try:
        parts = shlex.split(text)
    except ValueError as exc:
        raise MarkupError(line, f"选项无法解析：{exc}") from exc
    out = {}
    for part in parts:
        key, sep, value = part.partition("=")
        if not sep:
            raise MarkupError(line, f"选项应为 名称=值：{part}")
        out[key] = value
    return out


def _cells(line: str, number: int) -> list[str]:
    if not (line.startswith("|") and line.endswith("|")):
        raise MarkupError(number, "表格行应以 | 开始并以 | 结束")
    return [c.strip() for c in line[1:-1].split("|")]


def parse(text: str, folder: Path | None = None) -> list[Block]:
    """The blocks of a markup source; `folder` is where its @include files are."""
    origins, lines = zip(*expand(text, folder), strict=True) if text.strip() else ((), ())
    try:
        return _parse(list(lines))
    except MarkupError as exc:
        match = re.match(r"第(\d+)行：(.*)", str(exc), re.DOTALL)
        if match and any(o.file for o in origins):
            raise MarkupError(str(origins[int(match[1]) - 1]), match[2]) from None
        raise


def _parse(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    stack: list[list[Block]] = [blocks]
    places: set[str] = set()
    i = 0
    while i < len(lines):
        number, line = i + 1, lines[i].strip()
        i += 1
        if not line or line.startswith("%"):
            continue
        target = stack[-1]
        if m := _HEADING.match(line):
            target.append(Paragraph(f"Heading{len(m[1])}", m[2].strip()))
        elif line.startswith("{%p"):
            target.append(Tag(line, number))
        elif m := _STYLE.match(line):
            target.append(Paragraph(m[1].strip(), m[2]))
        elif line == "@pagebreak":
            target.append(PageBreak())
        elif line.startswith("@space"):
            target.append(Space(int(line.split()[1]) if len(line.split()) > 1 else 1))
        elif line == "@toc":
            target.append(Toc())
        elif line.startswith("@section"):
            kind = line.split()[1] if len(line.split()) > 1 else ""
            if kind not in ("body", "landscape", "portrait"):
                raise MarkupError(number, "@section 后应为 body、landscape 或 portrait")
            if len(stack) > 1:
                raise MarkupError(number, "@section 不能放在 @place 中")
            target.append(Section(kind, number))
        elif line.startswith("@image"):
            target.append(Image(line[len("@image"):].strip()))
        elif line == "@keep":
            keep = Keep()
            target.append(keep)
            stack.append(keep.blocks)
        elif line.startswith("@place"):
            name = line[len("@place"):].strip()
            if not name or name in places:
                raise MarkupError(number, f"位置名称为空或重复：{name}")
            places.add(name)
            place = Place(name)
            target.append(place)
            stack.append(place.blocks)
        elif line.startswith("@table"):
            options = _options(line[len("@table"):], number)
            rows = []
            while i < len(lines) and lines[i].strip() != "@end":
                if lines[i].strip() and not lines[i].strip().startswith("%"):
                    rows.append(_cells(lines[i].strip(), i + 1))
                i += 1
            if i >= len(lines):
                raise MarkupError(number, "@table 缺少 @end")
            i += 1
            if not rows or len({len(r) for r in rows}) != 1:
                raise MarkupError(number, "表格为空，或各行列数不同")
            widths = [float(w) for w in options["widths"].split(",")] if "widths" in options \
                else None
            if widths and len(widths) != len(rows[0]):
                raise MarkupError(number, "widths 的个数与列数不同")
            height = float(options["height"]) if "height" in options else None
            align = options["align"].split(",") if "align" in options else None
            if align and (len(align) != len(rows[0]) or set(align) - {"l", "c", "r"}):
                raise MarkupError(number, "align 应为每列一个 l、c 或 r，以逗号分隔")
            target.append(Table(rows, options.get("loop"), widths, options.get("empty"),
                                options.get("title"), height, align,
                                options.get("keep") == "true"))
        elif line.startswith("@flow"):
            options = _options(line[len("@flow"):], number)
            steps = []
            while i < len(lines) and lines[i].strip() != "@end":
                if lines[i].strip() and not lines[i].strip().startswith("%"):
                    steps.append([s.strip() for s in lines[i].split("||")])
                i += 1
            if i >= len(lines) or not steps:
                raise MarkupError(number, "@flow 缺少步骤或 @end")
            i += 1
            target.append(Flow(steps, options.get("title")))
        elif line == "@end":
            if len(stack) == 1:
                raise MarkupError(number, "多余的 @end")
            stack.pop()
        elif line.startswith("@"):
            raise MarkupError(number, f"未知的指令：{line.split()[0]}")
        else:
            target.append(Paragraph("Normal", line))
    if len(stack) > 1:
        raise MarkupError(len(lines), "@place 或 @keep 缺少 @end")
    check_balance(blocks)
    return blocks


_OPENS = {"if": "endif", "for": "endfor"}


def check_balance(blocks: list[Block]) -> None:
    """`{%p if/for %}` must close with their own endif/endfor, in order, and a section
    break never sits inside one (SPEC §5.2)."""
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
                        raise MarkupError(block.line, f"{{%p {word} %}} 前面没有对应的开始标签")
                    opened, line = stack.pop()
                    if _OPENS[opened] != word:
                        raise MarkupError(block.line, f"{{%p {word} %}} 与第{line}行的"
                                          f"{{%p {opened} … %}} 不配对")
                elif word in ("else", "elif") and (not stack or stack[-1][0] != "if"):
                    raise MarkupError(block.line, f"{{%p {word} %}} 不在 {{%p if %}} 块中")
            elif isinstance(block, Section) and stack:
                raise MarkupError(block.line, f"分节符不能放在第{stack[-1][1]}行开始的 "
                                  "{%p if/for %} 块中")
            elif isinstance(block, Place | Keep):
                walk(block.blocks)

    walk(blocks)
    if stack:
        raise MarkupError(stack[-1][1], "{%p if/for %} 没有对应的 endif/endfor")
