"""The user's guide stays true: README.md is short, its test command is the one CI
runs, every relative link of README.md and docs/*.md leads to a file (and, with a
#fragment, to a heading of it), and what the pages name exists as they name it:
`docgen` commands and their options (the click CLI), `make` targets and variables
(the Makefile), sheets and columns (sheets.toml), the README's common messages
(messages.toml, as docgen prints them), the industry packs with their default
profiles, the profiles and the compliance rules."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import click
import pytest
from click.testing import CliRunner

from docgen.check.rules import load_rules
from docgen.cli import main
from docgen.messages import catalogue
from docgen.packs import packs
from docgen.profiles import profiles
from docgen.schema import load_schema

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
    """The names listed under "命令:" (click's "Commands:", in Chinese) in a --help."""
    heading = next((h for h in ("命令:", "Commands:") if h in help_text), None)
    listing = help_text.split(heading, 1)[1] if heading else ""
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


# --------------------------------------------------------------- options and make


def _options(command: click.Command) -> set[str]:
    helps = main.context_settings.get("help_option_names", ["--help"])  # inherited
    return {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)
            if opt.startswith("-")} | set(helps)


@cache
def _all_options() -> frozenset[str]:
    found: set[str] = set(_options(main))
    groups: list[click.Command] = [main]
    while groups:
        group = groups.pop()
        for sub in getattr(group, "commands", {}).values():
            found |= _options(sub)
            groups.append(sub)
    return frozenset(found)


def _code_lines(text: str) -> list[str]:
    """Every line of a fenced block and every code span, one by one."""
    return [line for line in _code(text).splitlines() if line.strip()]


OPTION = re.compile(r"(?<![\w-])(--?[a-z][a-z-]*)")
# `docgen build`, `.venv\Scripts\docgen check`, `py -m docgen diff` (not docgen-0.1.0.whl).
INVOCATION = re.compile(r"(?:^|[\s/\\`])docgen(?=[\s`]|$)((?:[ \t]+[a-z][a-z-]*){0,2})")


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_every_option_named_exists(page: Path):
    """`docgen build mine/ --stage 送审稿`: --stage is an option of build; an option
    in code on its own (`--strict`) is an option of some command."""
    unknown = []
    for line in _code_lines(page.read_text("utf-8")):
        line = line.strip().strip("`").split("#")[0]
        calls = list(INVOCATION.finditer(line))
        if not calls:
            if line.startswith("-"):
                unknown += [o for o in OPTION.findall(line) if o not in _all_options()]
            continue  # pip, sha256sum, make … : not docgen's options
        for m, end in zip(calls, [c.start() for c in calls[1:]] + [len(line)], strict=True):
            command: click.Command = main
            path: list[str] = []
            for word in m.group(1).split():
                sub = getattr(command, "commands", {}).get(word)
                if sub is None:
                    break
                path.append(word)
                command = sub
            named = OPTION.findall(line[m.end(): end])
            unknown += [f"{' '.join(['docgen', *path])} {opt}"
                        for opt in named if opt not in _options(command)]
    assert not unknown, f"{_rel(page)} names options the CLI lacks: {unknown}"


MAKEFILE = (ROOT / "Makefile").read_text("utf-8")
MAKE = re.compile(r"(?:^|[\s`])make[ \t]+([a-z][a-z-]*)")
VARIABLE = re.compile(r"(?<![\w-])([A-Z][A-Z_]*)=")


def _make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, re.M))


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_every_make_target_and_variable_named_exists(page: Path):
    targets, unknown = _make_targets(), []
    for line in _code_lines(page.read_text("utf-8")):
        unknown += [f"make {t}" for t in MAKE.findall(line) if t not in targets]
        if "make" in line or re.match(r"`?[A-Z_]+=", line.strip()):
            unknown += [f"{v}=" for v in VARIABLE.findall(line.split("#")[0])
                        if not re.search(rf"\$\({v}\)|^{v}\s*\??=", MAKEFILE, re.M)]
    assert not unknown, f"{_rel(page)} names what the Makefile lacks: {unknown}"


# --------------------------------------------------------------- sheets and columns

GUIDE = ROOT / "docs" / "填写说明.md"


def _section(text: str, heading: str) -> str:
    """The text under the heading `heading` (any level), to the next heading."""
    m = re.search(rf"^#+ {re.escape(heading)}\s*$(.*?)(?=^#|\Z)", text, re.M | re.S)
    assert m, f"no heading {heading!r}"
    return m.group(1)


def _table(text: str) -> list[list[str]]:
    """The rows of the first Markdown table of `text`, header and rule left out."""
    rows = [line for line in text.splitlines() if line.startswith("|")]
    return [[cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", row)[1:-1]]
            for row in rows[2:]]


def _bare(cell: str) -> str:
    return cell.replace("**", "").strip()


def test_the_readme_names_every_sheet():
    table = _table(_section(README.read_text("utf-8"), "填写说明"))
    named = [_bare(row[0]) for row in table if _bare(row[0]) != "可选"]
    optional = next(row[1] for row in table if _bare(row[0]) == "可选")
    named += [n.strip() for n in optional.split("；")[0].split("、")]
    named = [re.sub(r"（.*?）", "", n) for n in named]
    sheets = list(load_schema().sheets)
    assert sorted(named) == sorted(sheets), (
        f"README's 填写说明 names {sorted(set(named) - set(sheets))} that sheets.toml lacks "
        f"and leaves out {sorted(set(sheets) - set(named))}")


def _listed_columns(cell: str, names: set[str]) -> list[str]:
    """可能性*（1–5）、类别（内部/外部）、营业收入（万元） → 可能性*, 类别, 营业收入（万元）:
    a bracket is a note unless it belongs to the name."""
    items, depth, item = [], 0, ""
    for char in cell + "、":
        depth += (char in "（(") - (char in "）)")
        if char == "、" and not depth:
            items.append(item.strip())
            item = ""
        else:
            item += char
    listed = []
    for item in filter(None, items):
        if item.rstrip("*") not in names:
            item = re.sub(r"（[^（）]*）|\([^()]*\)", "", item)
        listed.append(item)
    return listed


def test_the_columns_of_the_guide_are_the_schemas():
    """docs/填写说明.md lists every sheet with every column (and 基本信息 every item),
    required ones with *, as sheets.toml has them."""
    schema = load_schema().sheets
    rows = {_bare(row[0]): row for row in _table(_section(GUIDE.read_text("utf-8"), "4. 各工作表"))}
    assert sorted(rows) == sorted(schema)
    wrong = {}
    for name, rule in schema.items():
        want = [c.name + ("*" if c.required else "") for c in rule.columns if c.fillin]
        names = {c.name for c in rule.columns}
        if rule.layout == "keyvalue":
            assert rows[name][1] == f"{rule.key_header} | {rule.value_header}"
            listed = _listed_columns(rows[name][2].split("：", 1)[1].split("。")[0], names)
        else:
            listed = _listed_columns(rows[name][1], names)
        if sorted(listed) != sorted(want):
            wrong[name] = (listed, want)
    assert not wrong, f"docs/填写说明.md lists other columns than sheets.toml: {wrong}"
    hidden = [c.name for r in schema.values() for c in r.columns if not c.fillin]
    text = GUIDE.read_text("utf-8")
    assert all(f"“{c}”" in text for c in hidden), hidden


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_every_sheet_quoted_exists(page: Path):
    """A sheet named as “风险”表 or the “风险” sheet exists."""
    sheets = set(load_schema().sheets) | {load_schema().guide_sheet}
    quoted = set(re.findall(r"“([^”]{1,8})”(?:表|工作表)", page.read_text("utf-8")))
    assert quoted <= sheets, f"{_rel(page)} quotes sheets that do not exist: {quoted - sheets}"


# --------------------------------------------------------------- messages

SEVERITY_WORDS = {"错误": "error", "警告": "warning", "提示": "info"}


def _may_meet(a: list, b: list) -> bool:
    """Whether some text matches both patterns (None matches any run of characters)."""
    reach = {(0, 0)}
    seen = set()
    while reach:
        i, j = reach.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(a) and j == len(b):
            return True
        if i < len(a) and a[i] is None:
            reach |= {(i + 1, j)} | ({(i, j + 1)} if j < len(b) else set())
        if j < len(b) and b[j] is None:
            reach |= {(i, j + 1)} | ({(i + 1, j)} if i < len(a) else set())
        if i < len(a) and j < len(b) and a[i] is not None and a[i] == b[j]:
            reach.add((i + 1, j + 1))
    return False


def _template(message: str) -> list:
    """The catalogue's message: each {placeholder} any text, {{ and }} a brace."""
    out: list = []
    for m in re.finditer(r"\{\{|\}\}|\{[^{}]*\}|[^{}]+|.", message):
        piece = m.group(0)
        if piece in ("{{", "}}"):
            out.append(piece[0])
        elif piece.startswith("{") and piece.endswith("}") and len(piece) > 1:
            out.append(None)
        else:
            out += list(piece)
    return out


def _quoted(text: str) -> list:
    """The README's quotation: …… stands for the parts that vary."""
    out: list = []
    for i, piece in enumerate(text.split("……")):
        out += ([None] if i else []) + list(piece)
    return out


def test_the_common_messages_are_docgens():
    """Each row of the README's table: a code of the catalogue, its severity, and
    wording the catalogue's message prints (…… for the parts that vary)."""
    rows = _table(_section(README.read_text("utf-8"), "常见提示及处理"))
    assert len(rows) == 10, "the README lists the ten messages administrators meet most"
    wrong = []
    for code_cell, quoted, _ in rows:
        code = code_cell.strip("`")
        entry = catalogue().get(code)
        if entry is None:
            wrong.append(f"{code}: no such code")
            continue
        if entry.severity:
            word, _, quoted = quoted.partition("：")
            if SEVERITY_WORDS.get(word) != entry.severity:
                wrong.append(f"{code}: {word}, but the catalogue says {entry.severity}")
        if not _may_meet(_template(entry.message), _quoted(quoted)):
            wrong.append(f"{code}: docgen does not print “{quoted}”")
    assert not wrong, wrong


def test_the_example_line_is_docgens():
    """The line the README shows before its table is a line `docgen validate` prints."""
    block = _section(README.read_text("utf-8"), "常见提示及处理")
    line = FENCE.search(block).group(0).splitlines()[1]
    word, where, message = re.match(r"(\S+) (.+?): (.*)$", line).groups()
    assert word in SEVERITY_WORDS
    codes = [code for code, entry in catalogue().items()
             if entry.severity == SEVERITY_WORDS[word]
             and _may_meet(_template(entry.message), list(message))]
    assert codes, line
    assert re.fullmatch(r"\S+\.xlsx › \S+ › 第\d+行 › \S+", where), where


# --------------------------------------------------------------- packs, profiles, rules


def test_the_packs_listed_are_the_packs():
    """The README's two lists of packs by default profile, and 预案结构.md's table."""
    by_profile: dict[str, set[str]] = {}
    for pack in packs().values():
        by_profile.setdefault(pack.default_profile, set()).add(pack.name)
    text = _section(README.read_text("utf-8"), "预案体系与行业包")
    listed = {m.group(1): {n.strip() for n in m.group(2).rstrip("；。").split("、")}
              for m in re.finditer(r"^- 默认生成.*?（`(\w+)`）：(.+)$", text, re.M)}
    assert listed == by_profile
    assert f"随附 {len(packs())} 个行业包" in text
    structure = (ROOT / "docs" / "预案结构.md").read_text("utf-8")
    table = {_bare(r[0]): r[2].strip("`") for r in _table(_section(structure, "2. 行业包"))}
    assert table == {p.name: p.default_profile for p in packs().values()}


@pytest.mark.parametrize("page", [README, ROOT / "docs" / "预案结构.md"], ids=_rel)
def test_the_profiles_listed_are_the_profiles(page: Path):
    heading = "预案体系与行业包" if page == README else "1. 预案类型（--profile）"
    rows = _table(_section(page.read_text("utf-8"), heading))
    names = [re.match(r"`(\w+)`", row[0]).group(1) for row in rows]
    assert names == list(profiles())


def test_every_rule_is_documented():
    """docs/合规检查.md's table names every rule of rules.toml, and only those."""
    text = _section((ROOT / "docs" / "合规检查.md").read_text("utf-8"), "1. 合规检查")
    named = {n for row in _table(text) for n in re.split(r"[\s/、]+", row[0]) if n}
    ids = {rule.id for rule in load_rules()}
    assert named == ids, (sorted(named - ids), sorted(ids - named))
