"""docs/ARCHITECTURE.md stays a true map of the code.

Every package and module of docgen/, every data file of docgen/data/ and every file
of templates_docx/ is named there; every path and every `docgen.x.y` name it gives
exists; its import layers are pyproject's; its table of data files names the schema
each file is really loaded with. And recipe (a), adding an industry pack, is
followed once: a pack file no code names is picked by a workbook's 所属行业.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from fnmatch import fnmatchcase
from pathlib import Path

import msgspec
import pytest
from conftest import minimal_sheets, write_workbook
from docx_helpers import document_text

import docgen.packs as packs_module
from docgen import datafile
from docgen.messages import Message
from docgen.packs import Pack, match_industry
from docgen.pipeline import check_unit
from docgen.profiles import find_profile
from docgen.read import discover_units
from docgen.render import load_template, plan_context, render

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "ARCHITECTURE.md"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))

# Paths the map may give, relative to the repository; `<key>` placeholders end a path.
PATH = re.compile(r"(?<![A-Za-z0-9_./-])(?:docgen|templates_docx|tests|scripts|benchmarks|docs)"
                  r"/[A-Za-z0-9_./*-]*")
DOTTED = re.compile(r"(?<![A-Za-z0-9_./-])docgen(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
TOKEN = re.compile(r"[A-Za-z0-9_./*-]+")
# Installed packages whose folder is elsewhere (pyproject's package-dir): docgen.templates.
PACKAGE_DIRS = {name: ROOT / folder for name, folder in
                PYPROJECT["tool"]["setuptools"]["package-dir"].items()}


def _text() -> str:
    return DOC.read_text("utf-8")


def _paths(text: str) -> set[str]:
    return {p.rstrip(".") for p in PATH.findall(text)}


def _dotted(text: str) -> set[str]:
    return set(DOTTED.findall(text))


def _tokens(text: str) -> set[str]:
    return {t.rstrip(".") for t in TOKEN.findall(text)}


def _packages() -> list[Path]:
    return sorted(p.parent for p in (ROOT / "docgen").rglob("__init__.py")
                  if p.parent != ROOT / "docgen" and "__pycache__" not in p.parts)


def _modules() -> list[Path]:
    return sorted(p for p in (ROOT / "docgen").rglob("*.py")
                  if p.name != "__init__.py" and "__pycache__" not in p.parts)


def _files(folder: Path) -> list[str]:
    """The files of a folder, relative to it, as a map would name them."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.name != ".gitignore")


def _dotted_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _glob_covers(pattern: str, name: str) -> bool:
    """`hazards/*.toml` covers hazards/fire.toml: a `*` stands for part of one path
    segment, never for a folder, and a glob must name its folder (no bare `*.toml`)."""
    if "*" not in pattern or "/" not in pattern or pattern.startswith("*"):
        return False
    parts, wanted = pattern.split("/"), name.split("/")
    return len(parts) == len(wanted) and \
        all(fnmatchcase(w, p) for p, w in zip(parts, wanted, strict=True))


def _named(relative: str, tokens: set[str], prefix: str, top_globs: bool = False) -> bool:
    """Whether a file (relative to `prefix`) is named by its path or covered by a glob;
    a glob of the top folder itself (`templates_docx/*.docx`) counts only with
    `top_globs`, so `docgen/data/*.toml` never stands for the data files one by one."""
    if {relative, prefix + relative} & tokens:
        return True
    globs = [t for t in tokens if "*" in t]
    return any(_glob_covers(g.removeprefix(prefix), relative)
               or (top_globs and _glob_covers(g, prefix + relative)) for g in globs)


# ---------------------------------------------------------------- the code is on the map

def test_every_package_is_on_the_map():
    paths, dotted = _paths(_text()), _dotted(_text())
    missing = [".".join(p.relative_to(ROOT).parts) for p in _packages()
               if p.relative_to(ROOT).as_posix() + "/" not in paths
               and ".".join(p.relative_to(ROOT).parts) not in dotted]
    assert not missing, f"packages docs/ARCHITECTURE.md does not name: {missing}"


def test_every_module_is_on_the_map():
    paths, dotted = _paths(_text()), _dotted(_text())
    missing = []
    for path in _modules():
        name = _dotted_name(path)
        if path.relative_to(ROOT).as_posix() in paths or name in dotted or \
                any(d.startswith(name + ".") for d in dotted):
            continue
        missing.append(path.relative_to(ROOT).as_posix())
    assert not missing, f"modules docs/ARCHITECTURE.md does not name: {missing}"


def test_every_data_file_is_on_the_map():
    tokens = _tokens(_text())
    data = ROOT / "docgen" / "data"
    missing = [name for name in _files(data)
               if name != "__init__.py" and not _named(name, tokens, "docgen/data/")]
    assert not missing, f"data files docs/ARCHITECTURE.md does not name: {missing}"


def test_every_template_file_is_on_the_map():
    tokens = _tokens(_text())
    missing = [name for name in _files(ROOT / "templates_docx")
               if not _named(name, tokens, "templates_docx/", top_globs=True)]
    assert not missing, f"templates_docx files docs/ARCHITECTURE.md does not name: {missing}"


# ---------------------------------------------------------------- the map names what exists

def test_every_path_on_the_map_exists():
    gone = []
    for path in sorted(_paths(_text())):
        if "*" in path:
            if not any(ROOT.glob(path)):
                gone.append(path)
        elif not (ROOT / path).exists():
            gone.append(path)
    assert not gone, f"docs/ARCHITECTURE.md names paths that do not exist: {gone}"


def _module_file(name: str) -> Path | None:
    """The source of an importable module or package of the repository, if any."""
    for installed, folder in PACKAGE_DIRS.items():
        if name == installed or name.startswith(installed + "."):
            rest = name.removeprefix(installed).strip(".")
            base = folder.joinpath(*rest.split(".")) if rest else folder
            break
    else:
        base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _resolve(name: str) -> object:
    """The module, or the module's attribute, a dotted name stands for; raises if none."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        module = ".".join(parts[:cut])
        if _module_file(module) is None:
            continue
        if cut == len(parts):
            return module
        found: object = importlib.import_module(module)
        for attr in parts[cut:]:
            found = getattr(found, attr)
        return found
    raise LookupError(name)


def test_every_module_function_and_class_on_the_map_exists():
    gone = []
    for name in sorted(_dotted(_text())):
        try:
            _resolve(name)
        except (LookupError, AttributeError, ImportError):
            gone.append(name)
    assert not gone, f"docs/ARCHITECTURE.md names what does not exist: {gone}"


def test_the_layers_on_the_map_are_the_import_contract():
    [contract] = PYPROJECT["tool"]["importlinter"]["contracts"]
    layers = [" | ".join(part.strip() for part in layer.split("|"))
              for layer in contract["layers"]]
    lines = [line.strip() for line in _text().splitlines()]
    assert layers[0] in lines, "the import layers are missing from docs/ARCHITECTURE.md"
    start = lines.index(layers[0])
    assert lines[start:start + len(layers)] == layers


def _schema_rows() -> dict[str, set[str]]:
    """The data-file table: file (under docgen/data/) → the schemas it names."""
    rows = {}
    for line in _text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`") and ".toml" in cells[0]:
            rows[cells[0].split("`")[1]] = _dotted(cells[2])
    return rows


def test_the_map_names_the_schema_each_data_file_is_loaded_with():
    from test_datafiles import SCHEMAS  # the tests' own file → schema table

    loaded_with = {**SCHEMAS, "messages.toml": Message}
    rows = _schema_rows()
    for name, schema in loaded_with.items():
        # A file's own row, else the row of its folder's glob (hazards/*.toml).
        named = rows.get(name) or next(
            (s for pattern, s in rows.items() if _glob_covers(pattern, name)), None)
        assert named, f"no row of the data-file table for {name}"
        assert {_resolve(s) for s in named} == {schema}, name
        assert issubclass(schema, datafile.Record)


# ---------------------------------------------------------------- recipe (a), followed once

FUNERAL = '''
name = "殡葬服务"
aliases = ["殡葬", "殡仪馆", "殡葬服务", "公墓"]
description = "适用于殡仪馆、公墓等殡葬服务单位（recipe (a) 的示例，只在测试中存在）。"
high_risk = false
crowded_place = true
drill_months = 6
evaluation_years = 3
sector = "其他未列明行业"
default_profile = "service"

[size]
staff = 100

[places]
"资源调配" = ["{单位名称}的遗体接运车辆和冷藏设备由应急办公室统一调配（示例行业包的措辞）。"]
'''


@pytest.fixture
def funeral_pack(tmp_path, monkeypatch):
    """A pack file written to tmp_path, seen by docgen.packs as if it lay in
    docgen/data/packs/: only the folder's listing and the reading of that one name
    are pointed at it, through the loader that takes a path (datafile.load_file,
    which parses exactly as datafile.load does)."""
    path = tmp_path / "funeral.toml"
    path.write_text(FUNERAL, "utf-8")
    name = "packs/funeral.toml"
    real_names, real_load = packs_module.data_names, packs_module.load

    def names(folder: str, suffix: str = ".toml") -> list[str]:
        return [*real_names(folder, suffix), name] if folder == "packs" else \
            real_names(folder, suffix)

    monkeypatch.setattr(packs_module, "data_names", names)
    monkeypatch.setattr(packs_module, "load", lambda n, schema: datafile.load_file(path, schema)
                        if n == name else real_load(n, schema))
    packs_module.packs.cache_clear()
    yield path
    packs_module.packs.cache_clear()


def test_recipe_a_a_new_pack_file_is_picked_with_no_code_change(funeral_pack, tmp_path):
    pack = datafile.load_file(funeral_pack, Pack)  # step 2: the schema accepts it
    assert pack.name == "殡葬服务"
    assert match_industry("市殡仪馆")[0].key == "funeral"  # step 6: the folder is listed

    sheets = minimal_sheets()
    sheets["基本信息"].append(["所属行业", "市殡仪馆"])
    workbook = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    report, plan = check_unit(discover_units(workbook.parent)[0][0])
    assert plan is not None, report.to_text()
    assert (plan.pack.key, plan.pack.drill_months, plan.pack.crowded_place) == \
        ("funeral", 6, True)
    assert any(i.code == "industry.pack" and "殡葬服务" in i.message for i in report.issues)

    assert plan.text.lines("资源调配") == [  # step 5: its wording, at a place templates have
        "测试服务有限公司的遗体接运车辆和冷藏设备由应急办公室统一调配（示例行业包的措辞）。"]

    # This repository's template prints it, every loop through Jinja. It is read by path:
    # an editable install of another checkout may answer for the package docgen.templates.
    page = find_profile(plan.profile).documents[0].page
    rendered = render(load_template(ROOT / "templates_docx" / "service.docx"),
                      lambda host: plan_context(plan, host, workbook.parent, page), fast=False)
    try:
        text = document_text(rendered.document)
    finally:
        rendered.fragments.close()
    assert "测试服务有限公司的遗体接运车辆和冷藏设备由应急办公室统一调配" in text


# ---------------------------------------------------------------- recipe (e), followed once

@pytest.fixture
def frostbite_type(tmp_path, monkeypatch):
    """Recipe (e) step 1–2: a type file (a neighbour's copy, renamed) in tmp_path and its
    name in families.toml's order, seen by docgen.hazards as if they lay in
    docgen/data/hazards/. Only the listing and the reading of those two files are
    pointed at tmp_path."""
    import docgen.hazards as hazards_module
    from docgen.hazards import FamiliesFile

    text = (ROOT / "docgen/data/hazards/drowning.toml").read_text("utf-8")
    text = text.replace('name = "淹溺"', 'name = "冷库冻伤"', 1)
    text = re.sub(r"(?m)^aliases = \[.*\]$", 'aliases = ["冷库冻伤", "冻伤"]', text, count=1)
    path = tmp_path / "frostbite.toml"
    path.write_text(text, "utf-8")
    name = "hazards/frostbite.toml"
    real_names, real_load = hazards_module.data_names, hazards_module.load

    def names(folder: str, suffix: str = ".toml") -> list[str]:
        listed = real_names(folder, suffix)
        return [*listed, name] if folder == "hazards" else listed

    def load(n, schema):
        if n == name:
            return datafile.load_file(path, schema)
        loaded = real_load(n, schema)
        if schema is FamiliesFile:  # step 2: the type's name in the order
            return msgspec.structs.replace(loaded, order=(*loaded.order, "冷库冻伤"))
        return loaded

    monkeypatch.setattr(hazards_module, "data_names", names)
    monkeypatch.setattr(hazards_module, "load", load)
    hazards_module.library.cache_clear()
    yield path
    hazards_module.library.cache_clear()


def test_recipe_e_a_new_accident_type_is_recognised_and_printed_with_no_code_change(
        frostbite_type, tmp_path):
    from docgen.api import build
    from docgen.hazards import library, recognise

    assert "冷库冻伤" in library().hazards
    assert recognise("冷库作业冻伤", "").hazard.name == "冷库冻伤"  # step 4: recognition
    sheets = minimal_sheets()
    header = sheets["风险"][0]
    values = {"编号": "R-09", "风险类别": "事故灾难", "风险名称": "冷库作业冻伤", "可能性": 4,
              "严重程度": 5, "应对措施": "发现险情立即报告", "责任机构": "技术组"}
    sheets["风险"].append([values.get(str(h).rstrip("*")) for h in header])
    workbook = write_workbook(tmp_path / "in" / "plan.xlsx", sheets)
    result = build(workbook.parent, tmp_path / "out", profile="onsite", toc_pages=False)
    assert result.ok, result.units[0].report.to_text()
    procedures = document_text(next(p for p in result.written if "现场处置方案" in p.name))
    assert "R-09 冷库作业冻伤" in procedures
    # the type's name and its own steps (those of the copied file)
    assert "冷库冻伤" in procedures and "优先在岸上施救" in procedures
