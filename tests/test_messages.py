"""One message catalogue: every message a user reads comes from
docgen/data/messages.toml by its code (docgen.messages.say, report.add), never
from a literal in the code; and every call fills exactly the placeholders of its
message."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.messages import catalogue, say

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile("[\u4e00-\u9fff]")

# The catalogue's own loaders keep their few texts: a broken or incomplete catalogue
# cannot describe itself.
EXEMPT = {"docgen/datafile.py", "docgen/messages.py"}

# What a user reads: an exception raised, a line printed, a compliance finding.
ECHOES = {"echo", "secho"}  # click.echo, click.secho
FINDINGS = {"Hit", "Finding", "RuleResult"}
LISTS = {"problems", "remarks"}  # in docgen/check: messages collected for the report


def _sources() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "docgen").rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), path.read_text("utf-8")


def _chinese(node: ast.AST | None) -> bool:
    """A literal holding Chinese: a string, an f-string with Chinese literal parts, or
    one of them concatenated, chosen (a if c else b) or listed."""
    match node:
        case ast.Constant(value=str(text)):
            return bool(CJK.search(text))
        case ast.JoinedStr(values=parts):
            return any(_chinese(p) for p in parts)
        case ast.BinOp(left=left, right=right):
            return _chinese(left) or _chinese(right)
        case ast.IfExp(body=body, orelse=orelse):
            return _chinese(body) or _chinese(orelse)
        case ast.List(elts=items) | ast.Tuple(elts=items):
            return any(_chinese(i) for i in items)
        case ast.ListComp(elt=item):
            return _chinese(item)
    return False


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _arguments(call: ast.Call) -> list[ast.expr]:
    return [*call.args, *(k.value for k in call.keywords)]


def _is_click(func: ast.expr) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr in ECHOES
            and isinstance(func.value, ast.Name) and func.value.id == "click")


def literal_messages(source: str, in_check: bool) -> list[int]:
    """The lines where a Chinese literal goes straight to the user."""
    found: list[int] = []

    def flag(node: ast.expr) -> None:
        if _chinese(node):
            found.append(node.lineno)

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            for argument in _arguments(node.exc):
                flag(argument)
        elif isinstance(node, ast.Call):
            name = _name(node.func)
            if _is_click(node.func) or name in FINDINGS or (
                    name == "result" and isinstance(node.func, ast.Attribute)):
                for argument in _arguments(node):
                    flag(argument)
            elif in_check and name in ("append", "extend") and isinstance(
                    node.func, ast.Attribute) and _name(node.func.value) in LISTS:
                for argument in node.args:
                    flag(argument)
            elif in_check:
                for keyword in node.keywords:
                    if keyword.arg in LISTS:
                        flag(keyword.value)
        elif in_check and isinstance(node, ast.AugAssign) and _name(node.target) in LISTS:
            flag(node.value)
        elif in_check and isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is not None and any(_name(t) in LISTS for t in targets):
                flag(node.value)
    return sorted(found)


def test_no_message_is_a_chinese_literal_in_the_code():
    """A message raised, echoed or found is said by its code (messages.toml)."""
    literals = [f"{file}:{line}" for file, source in _sources() if file not in EXEMPT
                for line in literal_messages(source, file.startswith("docgen/check/"))]
    assert not literals, f"messages written in the code, not in messages.toml: {literals}"


@pytest.mark.parametrize("source", [
    'raise UsageError(f"找不到输入：{path}")',
    'raise MarkupError(number, "多余的 @end")',
    'click.echo(f"已生成：{path}", err=True)',
    'click.echo("提示：" + hint)',
    'hits.append(Hit(f"风险“{name}”没有应对措施", place(risk, "measures")))',
    'Finding(rule.id, Severity.NOTE, rule.title, f"{why}，本条未检查", rule.basis)',
    'results.append(rule.result("not_for_subject", "只检查 .docx 文档"))',
    'problems.append(f"模板标签有误：{exc.message}")',
    'remarks += [f"工作簿另有 {n} 个输入警告"]',
    'CheckReport(subject, "workbook", remarks=["改正后才能检查"])',
    'raise DataFileError(label, [f"rule：规则 id“{rule_id}”重复"])',
])
def test_the_check_finds_a_literal_message(source):
    assert literal_messages(source, in_check=True) == [1]


@pytest.mark.parametrize("source", [
    'raise UsageError(say("usage.inputs_not_found", path=path))',
    'click.echo(say("cli.written", path=path))',
    'click.echo(f"【{unit}】")',  # no Chinese: nothing to translate
    'hits.append(Hit(say("check.risks.no_measures", risk=name), where))',
    'title = "应急预案合规检查报告"',  # not a message: a value the check does not reach
])
def test_the_check_lets_a_said_message_pass(source):
    assert literal_messages(source, in_check=True) == []


def _fields(text: str) -> set[str]:
    """The placeholders of a message: {name}, {name:.0f} → name."""
    return {re.split(r"[.\[]", field)[0] for _, field, _, _ in string.Formatter().parse(text)
            if field}


def _said() -> Iterator[tuple[str, int, str, set[str]]]:
    """Every say("code", name=…) with a literal code and no **params."""
    for file, source in _sources():
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and _name(node.func) == "say" and node.args):
                continue
            code = node.args[0]
            if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
                continue
            if any(k.arg is None for k in node.keywords):  # say(code, **params)
                continue
            yield file, node.lineno, code.value, {k.arg for k in node.keywords if k.arg}


def test_say_fills_exactly_the_placeholders_of_its_message():
    messages = catalogue()
    calls = list(_said())
    assert len(calls) > 100  # the scan sees the calls
    wrong = []
    for file, line, code, given in calls:
        if code not in messages:
            wrong.append(f"{file}:{line}: {code} is not in messages.toml")
            continue
        wanted = _fields(messages[code].message)
        if given != wanted:
            wrong.append(f"{file}:{line}: {code} takes {sorted(wanted)}, given {sorted(given)}")
    assert not wrong, "\n".join(wrong)


def test_a_plain_message_has_no_severity_and_fills_its_placeholders():
    assert catalogue()["cli.written"].severity is None
    assert say("cli.written", path="output/a.docx") == "已生成：output/a.docx"
