"""Data files (docgen/data/**/*.toml), checked when they are loaded.

Each file has a schema: msgspec Structs that forbid unknown keys. Loading walks
the parsed TOML against the schema first, so that every unknown key (with the
known key it most resembles) and every missing required key is reported at
once, each with the file and its path in the file; msgspec then converts the
values, and a value of the wrong type is reported the same way. A data file with
a mistake never half-works: a misspelt key would otherwise silently do nothing.

msgspec, rather than pydantic: it is small, imports in milliseconds (batches
start a worker process per core), and its Structs are frozen, typed records that
mypy understands. tomli rather than the standard library's tomllib (the same parser,
from the same source): its wheels are compiled, and parse docgen's data three times
as fast, a quarter of a second off every run's start. What it parses is kept between
runs (docgen.cache), keyed by the file's text: loading it back takes a sixth of the
parse, which is most of what a plan's first data costs.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import msgspec.inspect as mi
import tomli

from docgen import cache
from docgen.errors import DataFileError

T = TypeVar("T")

_TYPES = {"int": "整数", "float": "数字", "str": "文本", "bool": "true 或 false",
          "array": "列表", "object": "表", "null": "空值"}
_PARSER = f"{sys.version} tomli {getattr(tomli, '__version__', '')}\n".encode()
KEEP_PARSED = 256  # parsed files kept: docgen's own data, rules files, and past versions
_EXPECTED = re.compile(r"Expected `([^`]+)`, got `([^`]+)`(?: - at `\$\.?([^`]*)`)?")


class Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every data-file record: immutable, keyword-built, no unknown keys.

    Subclasses inherit all three, but say `frozen=True` again: mypy reads msgspec's
    Structs through PEP 681's dataclass_transform, which does not inherit it."""


def data_path(name: str) -> str:
    return f"docgen/data/{name}"


def read_text(name: str) -> str:
    """A file of docgen/data (installed with the package)."""
    return resources.files("docgen.data").joinpath(name).read_text("utf-8")


def data_names(folder: str, suffix: str = ".toml") -> list[str]:
    """The files of a folder of docgen/data, sorted, as names load() takes."""
    root = resources.files("docgen.data").joinpath(folder)
    return sorted(f"{folder}/{p.name}" for p in root.iterdir()
                  if p.name.endswith(suffix) and not p.name.startswith((".", "_")))


def load(name: str, schema: type[T]) -> T:
    """docgen/data/NAME, checked against `schema`."""
    return parse(read_text(name), schema, data_path(name))


def load_file(path: Path, schema: type[T]) -> T:
    """A data file outside the package (a local rules file), checked the same way."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), [f"无法读取（{exc}）"]) from exc
    return parse(text, schema, str(path))


def parsed_toml(text: str, label: str) -> dict[str, Any]:
    """The TOML `text` parsed, or what an earlier run kept of it."""
    key = _PARSER + text.encode("utf-8")
    kept = cache.load("data", key)
    if isinstance(kept, dict):
        return kept
    try:
        raw = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise DataFileError(label, [f"不是有效的 TOML（{exc}）"]) from exc
    cache.save("data", key, raw, keep=KEEP_PARSED)
    return raw


def parse(text: str, schema: type[T], label: str) -> T:
    raw = parsed_toml(text, label)
    try:
        return msgspec.convert(raw, schema)
    except msgspec.ValidationError as exc:
        # msgspec stops at the first mistake; the walk finds every unknown and
        # missing key at once. Only a file that fails needs it: every Record
        # forbids unknown keys, so a file msgspec accepts has none to report.
        problems = list(_walk(raw, mi.type_info(schema), "")) or [_translate(str(exc))]
        raise DataFileError(label, problems) from exc


def _translate(message: str) -> str:
    """msgspec's English for a wrong value, in Chinese."""
    found = _EXPECTED.search(message)
    if found:
        expected, got, where = found.groups()
        names = " 或 ".join(_TYPES.get(t.strip(), t.strip()) for t in expected.split("|"))
        return f"{where or '（顶层）'}：应为{names}，实际为{_TYPES.get(got, got)}"
    where = re.search(r"at `\$\.?([^`]*)`", message)
    detail = re.sub(r"\s*- at `[^`]*`", "", message)
    return f"{where.group(1) if where else '（顶层）'}：取值不符合要求（{detail}）"


def _join(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _walk(value: Any, info: mi.Type, path: str) -> Iterator[str]:
    """Unknown and missing keys, anywhere under `value`."""
    if isinstance(info, mi.UnionType):
        arms = [t for t in info.types if not isinstance(t, mi.NoneType)]
        if value is not None and len(arms) == 1:
            yield from _walk(value, arms[0], path)
        return
    if isinstance(info, mi.StructType) and isinstance(value, dict):
        fields = {f.encode_name: f for f in info.fields}
        for key in value:
            if key not in fields:
                near = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.5)
                hint = f"（是不是“{near[0]}”？）" if near else \
                    f"（可用的键：{'、'.join(fields)}）"
                yield f"{_join(path, key)}：未知的键“{key}”{hint}"
        for key, field in fields.items():
            if key in value:
                yield from _walk(value[key], field.type, _join(path, key))
            elif field.required:
                yield f"{_join(path, key)}：缺少必填的键“{key}”"
    elif isinstance(info, (mi.ListType, mi.VarTupleType, mi.SetType, mi.FrozenSetType)) \
            and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, info.item_type, _join(path, i))
    elif isinstance(info, mi.DictType) and isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, info.value_type, _join(path, key))


def load_tree(name: str, leaf: type[T], marker: str = "message") -> dict[str, T]:
    """A file of nested tables whose leaves (tables holding `marker`) are records of
    `leaf`, by their dotted path: messages.toml's codes."""
    label = data_path(name)
    raw = parsed_toml(read_text(name), label)
    info = mi.type_info(leaf)
    leaves: dict[str, Any] = {}
    problems: list[str] = []

    def walk(table: dict[str, Any], prefix: str) -> None:
        for key, value in table.items():
            path = _join(prefix, key)
            if not isinstance(value, dict):
                problems.append(f"{path}：应为表（含 {marker} 的条目或一组条目）")
            elif marker in value:
                problems.extend(_walk(value, info, path))
                leaves[path] = value
            else:
                walk(value, path)

    walk(raw, "")
    if problems:
        raise DataFileError(label, problems)
    found = {}
    for path, value in leaves.items():
        try:
            found[path] = msgspec.convert(value, leaf)
        except msgspec.ValidationError as exc:
            problems.append(f"{path}.{_translate(str(exc))}")
    if problems:
        raise DataFileError(label, problems)
    return found
