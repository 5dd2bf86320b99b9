"""Free text the administrator typed, made to read as finished text: a cell of
several lines (职责, 应对措施) becomes numbered items that end in punctuation.
The items sit under headings numbered 1. 2. …, so they take the next level of
GB/T 9704-2012 7.3.3 (一、（一）1.（1）): （1）（2）….
Numbering and a closing 。 or ； are added only where the typed line has none;
the typed words are never changed."""

from __future__ import annotations

import re

# A line that already says its place in a list: 1. 1、 (1) （一） 一、 ① - •
_MARKED = re.compile(r"^(?:\d+\s*[.、．)）]|[（(]\s*[\d一二三四五六七八九十]+\s*[)）]|"
                     r"[①-⑳]|[一二三四五六七八九十]+、|[-•·*●▪■◆])")
_CLOSED = tuple("。；;！？!?…：:，,")


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def _closed(line: str, last: bool) -> str:
    if line.endswith(_CLOSED):
        return line
    # A line ending in a closing bracket or quote still takes its full stop after it.
    return line + ("。" if last else "；")


def finished_items(text: str) -> list[str]:
    """The lines of a cell as items of a list: numbered (unless the typed lines
    number themselves) and ending in punctuation."""
    lines = lines_of(text)
    if len(lines) <= 1:
        return [_closed(line, True) for line in lines]
    marked = [bool(_MARKED.match(line)) for line in lines]
    number = not any(marked)
    return [(f"（{i}）" if number else "") + _closed(line, i == len(lines))
            for i, line in enumerate(lines, 1)]


def sentence(text: str) -> str:
    """One line of text ending in a full stop (unless it ends in punctuation)."""
    text = text.strip()
    return text if not text or text.endswith(_CLOSED) else text + "。"


def continued_items(typed: list[str], more: list[str]) -> list[str]:
    """Typed lines, then more lines, as one list numbered 1. 2. …, each a sentence.
    Lines the administrator numbered keep their own numbers, and the others go on
    from where they stop."""
    if any(_MARKED.match(line) for line in typed):
        items = [sentence(line) for line in typed]
    else:
        items = [f"{i}. {sentence(line)}" for i, line in enumerate(typed, 1)]
    return items + [f"{i}. {sentence(line)}" for i, line in enumerate(more, len(typed) + 1)]


def extended_items(typed: list[str], more: list[str]) -> list[str]:
    """Typed lines, then more lines, as one list numbered （1）（2）… as
    `finished_items` numbers a cell; typed lines that number themselves keep their
    numbers, and the more lines follow as sentences."""
    lines = typed + more
    closed = [_closed(line, i == len(lines)) for i, line in enumerate(lines, 1)]
    if len(lines) <= 1 or any(_MARKED.match(line) for line in typed):
        return closed
    return [f"（{i}）{line}" for i, line in enumerate(closed, 1)]
