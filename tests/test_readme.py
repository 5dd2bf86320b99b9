"""The user's guide stays true: README.md is short, its test command is the one CI
runs, every relative link of README.md and docs/*.md leads to a file (and, with a
#fragment, to a heading of it), and every `docgen <command>` the pages name exists."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from docgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]

# [text](target) and <img src="target">, not inside code.
LINK = re.compile(r"\]\(([^()\s]+)\)|<img\s[^>]*src=\"([^\"]+)\"")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
CODE_SPAN = re.compile(r"`[^`\n]+`")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)
# `docgen build`, `.venv/bin/docgen check`, `.venv\Scripts\docgen init` … in code.
COMMAND = re.compile(r"(?:^|[\s/\\`])docgen[ \t]+([a-z][a-z-]*)(?:[ \t]+([a-z][a-z-]*))?", re.M)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _without_code_blocks(text: str) -> str:
    return FENCE.sub("", text)


def _without_code(text: str) -> str:
    return CODE_SPAN.sub("", _without_code_blocks(text))


def _code(text: str) -> str:
    """The fenced blocks and the code spans of a page."""
    return "\n".join([m.group(0) for m in FENCE.finditer(text)]
                     + [m.group(0) for m in CODE_SPAN.finditer(_without_code_blocks(text))])


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces → -."""
    text = re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return kept.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {_slug(h) for h in HEADING.findall(_without_code_blocks(path.read_text("utf-8")))}


def _help(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


def _commands(help_text: str) -> set[str]:
    """The names listed under "Commands:" in a click --help."""
    listing = help_text.split("Commands:", 1)[1] if "Commands:" in help_text else ""
    return {line.split()[0] for line in listing.splitlines() if line.startswith("  ")}


def test_the_readme_is_short():
    lines = README.read_text("utf-8").splitlines()
    assert len(lines) < 200, f"README.md has {len(lines)} lines: move reference to docs/"


def test_the_readme_test_command_is_make_test():
    text = README.read_text("utf-8")
    blocks = [m.group(0) for m in FENCE.finditer(text)]
    assert blocks, "README.md shows no command"
    commands = [line.split("#")[0].strip() for line in blocks[0].splitlines()[1:-1]]
    assert "make test" in commands, "the README's first commands must include `make test`"
    assert "make plan" in commands
    assert re.search(r"^test:", (ROOT / "Makefile").read_text("utf-8"), re.M)


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_every_relative_link_leads_somewhere(page: Path):
    broken = []
    for m in LINK.finditer(_without_code(page.read_text("utf-8"))):
        target = m.group(1) or m.group(2)
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto: …
            continue
        file_part, _, fragment = unquote(target).partition("#")
        linked = (page.parent / file_part).resolve() if file_part else page
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif fragment and linked.suffix == ".md" and fragment not in _anchors(linked):
            broken.append(f"{target}: no heading #{fragment} in {_rel(linked)}")
    assert not broken, f"{_rel(page)}: {broken}"


def test_the_guide_links_its_pages():
    """README.md links every page of docs/ but the developers' map (reached from
    DEVELOPING.md) and the template names (reached from 修改模板.md)."""
    text = README.read_text("utf-8")
    linked = {unquote(m.group(1) or m.group(2)).partition("#")[0]
              for m in LINK.finditer(_without_code(text))}
    reached = {"docs/ARCHITECTURE.md", "docs/template-context.md"}
    pages = {_rel(p) for p in PAGES[1:]} - reached
    assert pages <= linked, f"README.md does not link {sorted(pages - linked)}"


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_every_docgen_command_named_exists(page: Path):
    top = _commands(_help())
    assert {"build", "validate", "init", "bundle", "diff", "check"} <= top
    sub = {name: _commands(_help(name)) for name in top}
    unknown = []
    for m in COMMAND.finditer(_code(page.read_text("utf-8"))):
        name, second = m.group(1), m.group(2)
        if name not in top:
            unknown.append(f"docgen {name}")
        elif sub[name] and second not in sub[name]:
            unknown.append(f"docgen {name} {second or ''}".strip())
    assert not unknown, f"{_rel(page)} names commands `docgen --help` does not list: {unknown}"
