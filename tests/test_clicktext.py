"""click's own words in Chinese (docgen.clicktext, docgen/data/click.toml): --help of
every command, and the usage errors, carry no English sentence; usage errors still
exit 2; the catalogue covers every text the installed click marks for translation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from docgen import clicktext
from docgen.cli import _Command, _Group, main

CLICK = Path(click.__file__).parent
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z]+\)s")

# What may stay in Latin letters: options, metavars and names of things.
ALLOWED = re.compile(r"'[^'\n]*'|--?[A-Za-z][\w-]*|\b[A-Z][A-Z_]+\b|[\w.-]*[./][\w./-]*"
                     r"|\b(?:docgen|LibreOffice|PDF|WPS|Excel|Word|CPU|text|json|html"
                     r"|service|comprehensive|special|onsite|all|xml|nope|bogus|buld)\b")
ENGLISH = re.compile(r"\b[A-Za-z]{2,}\b(?:[\s,;:'!?()]+\b[A-Za-z]{2,}\b)+")
CLICK_WORDS = re.compile(r"\b(?:Usage|Options|Commands|Error|Try|Show|Missing|Invalid|"
                         r"default|required|Got|Did|mean|TEXT|INTEGER|PATH|FILE\b(?=\s{2}))\b")


def english(text: str, command: str = "") -> list[str]:
    """Runs of two or more English words, and click's own words alone (the command's
    own name, `template places`, aside)."""
    plain = ALLOWED.sub(" ", text.replace(f"docgen {command}", "docgen") if command else text)
    return ENGLISH.findall(plain) + CLICK_WORDS.findall(plain)


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="docgen")


def test_the_check_itself_finds_click_english():
    assert english("Usage: docgen [OPTIONS]\n\nOptions:\n  --help  Show this message and exit.")
    assert english("Error: No such option: --bogus")
    assert not english("用法: docgen build [选项] [INPUTS]\n  --out 路径  输出  [默认：output]")


COMMANDS = [[], ["build"], ["validate"], ["bundle"], ["diff"], ["check"], ["init"],
            ["hazards"], ["template"], ["template", "places"], ["template", "check"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "docgen")
def test_every_help_is_chinese(command):
    result = run(*command, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"用法: docgen {' '.join(command)}".rstrip() + " [选项]")
    assert "选项:" in result.output and "显示本帮助并退出。" in result.output
    assert english(result.output, " ".join(command)) == [], result.output


def test_groups_list_their_commands_in_chinese():
    assert "命令:" in run("--help").output
    assert "命令 [参数]..." in run("template", "--help").output
    assert "[默认：output]" in run("build", "--help").output


MISTAKES = {
    "a wrong option": (["build", "--bogus"], "没有选项"),
    "a near option": (["build", "--profil", "x"], "是不是"),
    "a missing argument": (["diff"], "缺少参数"),
    "a bad choice": (["check", "--format", "xml"], "的值无效"),
    "a bad number": (["build", "--jobs", "x"], "不是有效的整数"),
    "out of range": (["build", "--jobs", "0"], "不在范围"),
    "an extra argument": (["build", "a", "b"], "多余的参数"),
    "an unknown command": (["buld"], "没有命令"),
    "an unknown nested command": (["template", "nope"], "没有命令"),
    "a missing file": (["template", "check", "nope.docx"], "不存在"),
    "a flag with a value": (["build", "--pdf=yes"], "不接受值"),
    "an option without its value": (["build", "--out"], "需要一个值"),
}


@pytest.mark.parametrize("args,words", MISTAKES.values(), ids=MISTAKES.keys())
def test_usage_errors_are_chinese_and_exit_2(args, words):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert "错误：" in result.output
    if "用法" in result.output:  # click gives no usage line for some parser errors
        assert result.output.startswith("用法: docgen") and "查看帮助。" in result.output
    assert english(result.output, " ".join(args[:2])) == [], result.output


def test_required_options_and_the_version_are_chinese():
    group = _Group(name="docgen")
    group.add_command(_Command("demo", params=[click.Option(["--unit"], required=True,
                                                             help="单位")]))
    helped = CliRunner().invoke(group, ["demo", "--help"], prog_name="docgen")
    assert "[必填]" in helped.output and english(helped.output) == []
    missing = CliRunner().invoke(group, ["demo"], prog_name="docgen")
    assert missing.exit_code == 2 and "缺少选项 '--unit'" in missing.output
    version = run("--version")
    assert version.exit_code == 0 and "版本" in version.output and "version" not in version.output


def test_help_columns_count_a_chinese_character_as_two():
    lines = run("build", "--help").output.splitlines()
    starts = {clicktext.width(line[:line.index("输出文件夹")]) for line in lines
              if "输出文件夹" in line}
    jobs = next(line for line in lines if line.lstrip().startswith("-j, --jobs"))
    assert starts == {clicktext.width(jobs[:jobs.index("批量")])}


def _marked_texts() -> tuple[set[str], set[tuple[str, str]]]:
    """Every literal the installed click passes to `_` or `ngettext`."""
    texts, plurals = set(), set()
    for source in CLICK.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            values = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id == "_" and values:
                texts.add(values[0])
            elif node.func.id == "ngettext" and len(values) >= 2:
                plurals.add((values[0], values[1]))
    return texts, plurals


def test_the_catalogue_has_every_text_of_the_installed_click():
    texts, plurals = _marked_texts()
    assert "Show this message and exit." in texts  # the scan works
    known = {t.msgid for t in clicktext.words().text}
    known_plurals = {(p.msgid, p.msgid_plural) for p in clicktext.words().plural}
    assert texts - known == set()
    assert plurals - known_plurals == set()


def test_every_translation_keeps_its_placeholders():
    words = clicktext.words()
    for text in words.text:
        assert set(PLACEHOLDER.findall(text.msgstr)) == set(PLACEHOLDER.findall(text.msgid)), \
            text.msgid
    for plural in words.plural:
        assert set(PLACEHOLDER.findall(plural.msgstr)) <= set(PLACEHOLDER.findall(plural.msgid))
        assert set(PLACEHOLDER.findall(plural.msgstr_plural)) <= \
            set(PLACEHOLDER.findall(plural.msgid_plural))


def test_every_click_module_that_speaks_is_patched():
    """A click whose modules bind `_` some other way would silently speak English."""
    patched = set(clicktext.install())
    speaking = {f"click.{p.stem}" for p in CLICK.glob("*.py")
                if re.search(r"^from gettext import", p.read_text("utf-8"), re.MULTILINE)}
    assert speaking - {"click._winconsole"} <= patched
    assert click.core._ is clicktext.gettext  # type: ignore[attr-defined]
