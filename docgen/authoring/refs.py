"""References made from the document's own headings, never typed as numbers.

A heading names itself with `{#key}` at its end (several: `{#a #b}`); any line may
say `${ref:key}`, which becomes where that heading stands as seen from the line:
第六章第四节, 本章第八节, 本节第（一）项, 第一章 or 附件2. The numbers are read from the
headings as written after every @include has been expanded and shifted, so a
chapter moved or renumbered carries its references along."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.messages import say

ANCHOR = re.compile(r"\s*\{(#[A-Za-z0-9_-]+(?:\s+#[A-Za-z0-9_-]+)*)\}\s*$")
REF = re.compile(r"\$\{ref:([A-Za-z0-9_-]+)\}")
_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
_CHAPTER = re.compile(r"^(第[一二三四五六七八九十]+章|附件\s*\d+)")
_SECTION = re.compile(r"^([一二三四五六七八九十]+)、")
_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）")


@dataclass(frozen=True)
class Position:
    """Where a line stands: its chapter (第三章 or 附件2), section (四) and item (二)."""

    chapter: str = ""
    section: str = ""
    item: str = ""

    def seen_from(self, here: Position, level: int) -> str:
        """This heading (of `level`) as a line at `here` names it."""
        if level == 1 or not self.section:
            return self.chapter
        own_chapter = here.chapter == self.chapter
        section = f"第{self.section}节"
        if level == 2 or not self.item:
            return f"本章{section}" if own_chapter else f"{self.chapter}{section}"
        item = f"第（{self.item}）项"
        if own_chapter and here.section == self.section:
            return f"本节{item}"
        return f"本章{section}{item}" if own_chapter else f"{self.chapter}{section}{item}"


class RefError(ValueError):
    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index  # the line, counted from 0


def resolve(lines: list[str]) -> list[str]:
    """The lines with every `${ref:key}` replaced and every `{#key}` removed."""
    here = Position()
    positions: list[Position] = []
    anchors: dict[str, tuple[Position, int]] = {}
    for index, line in enumerate(lines):
        heading = _HEADING.match(line.strip())
        if heading:
            level, text = len(heading[1]), ANCHOR.sub("", heading[2]).strip()
            here = _moved(here, level, text)
            if found := ANCHOR.search(heading[2]):
                for key in found[1].split():
                    if key[1:] in anchors:
                        raise RefError(index, say("authoring.ref_twice", key=key[1:]))
                    anchors[key[1:]] = (here, level)
        positions.append(here)
    out = []
    for index, line in enumerate(lines):
        if "{#" in line and _HEADING.match(line.strip()):
            line = ANCHOR.sub("", line)
        for key in REF.findall(line):
            if key not in anchors:
                raise RefError(index, say("authoring.ref_unknown", key=key,
                                          known="、".join(sorted(anchors)) or "—"))
            target, level = anchors[key]
            line = line.replace("${ref:" + key + "}", target.seen_from(positions[index], level))
        out.append(line)
    return out


def _moved(here: Position, level: int, text: str) -> Position:
    """The position after a heading of `level` reading `text`."""
    if level == 1:
        found = _CHAPTER.match(text)
        return Position(found[1].replace(" ", "") if found else "")
    if level == 2:
        found = _SECTION.match(text)
        return Position(here.chapter, found[1] if found else "")
    if level == 3:
        found = _ITEM.match(text)
        return Position(here.chapter, here.section, found[1] if found else "")
    return here
