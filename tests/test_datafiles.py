"""Every data file of docgen/data is checked when loaded, and the files agree with
each other and with the code."""

from __future__ import annotations

import ast
import dataclasses
import re
import tomllib
import typing
from pathlib import Path

import pytest

from docgen import datafile
from docgen.authoring.guide import GuideFile
from docgen.check.review import ReviewFile, review_tables
from docgen.check.rules import RulesFile, load_rules
from docgen.check.text import SupersededFile, superseded
from docgen.clicktext import ClickWords
from docgen.datafile import data_names, read_text
from docgen.diff.changes import RevisionRulesFile, revision_rules
from docgen.domain.defaults import Defaults, defaults
from docgen.domain.records import RECORD_TYPES, PlanInfo
from docgen.errors import DataFileError
from docgen.hazards import FamiliesFile, Hazard
from docgen.messages import Message, catalogue
from docgen.packs import Pack, packs
from docgen.profiles import DocumentKind, ProfilesFile, profiles
from docgen.render.templates import every_place
from docgen.schema import SheetsFile, load_schema
from docgen.vocabulary import VocabularyFile, vocabulary

ROOT = Path(__file__).resolve().parent.parent

# Every data file and the schema it is read with.
SCHEMAS: dict[str, type] = {
    "vocabulary.toml": VocabularyFile,
    "sheets.toml": SheetsFile,
    "profiles.toml": ProfilesFile,
    "defaults.toml": Defaults,
    "rules.toml": RulesFile,
    "revision_rules.toml": RevisionRulesFile,
    "review.toml": ReviewFile,
    "superseded.toml": SupersededFile,
    "click.toml": ClickWords,
    "guide.toml": GuideFile,
    **{name: Pack for name in data_names("packs")},
    "hazards/families.toml": FamiliesFile,
    **{name: Hazard for name in data_names("hazards") if not name.endswith("families.toml")},
}


def test_every_data_file_has_a_schema():
    shipped = {p.relative_to(ROOT / "docgen" / "data").as_posix()
               for p in (ROOT / "docgen" / "data").rglob("*.toml")}
    assert shipped - {"messages.toml"} == set(SCHEMAS)


def test_every_data_file_loads():
    assert vocabulary().level_names
    assert load_schema().sheets
    assert "all" in profiles()
    assert defaults().response_levels
    assert load_rules()
    assert revision_rules()[1]
    assert "general" in packs()
    assert "value.int" in catalogue()
    assert len(review_tables()) == 4
    assert superseded()


def _misspellings(text: str):
    """The file with one `key =` line's key misspelt (two letters swapped, as typed in
    haste), key by key."""
    for match in re.finditer(r"^([a-z_]{4,}) = ", text, re.MULTILINE):
        key = match.group(1)
        i = next((i for i in range(1, len(key) - 1) if key[i] != key[i + 1]), None)
        if i is None:
            continue
        wrong = key[:i] + key[i + 1] + key[i] + key[i + 2:]
        yield text[:match.start()] + wrong + text[match.start() + len(key):], wrong, key


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_a_misspelt_key_is_named_with_the_closest_known_key(name):
    # The first misspelling that lands in a record (not in a table of free keys such
    # as vocabulary's [lists]) must be refused, naming the file, the key and the key
    # it most resembles.
    for text, wrong, key in _misspellings(read_text(name)):
        try:
            datafile.parse(text, SCHEMAS[name], f"docgen/data/{name}")
        except DataFileError as caught:
            message = caught.message
            assert f"docgen/data/{name}" in message
            assert f"未知的键“{wrong}”（是不是“{key}”？）" in message
            return
    pytest.fail(f"no misspelt key of {name} was refused")


def test_the_misspelt_key_of_the_messages_catalogue_is_located(tmp_path, monkeypatch):
    text = read_text("messages.toml").replace("severity = ", "severty = ", 1)
    monkeypatch.setattr(datafile, "read_text", lambda name: text)
    with pytest.raises(DataFileError) as caught:
        datafile.load_tree("messages.toml", Message)
    assert "未知的键“severty”（是不是“severity”？）" in caught.value.message
    assert "file.empty" in caught.value.message


def test_a_wrong_type_and_a_missing_key_are_errors_with_their_path():
    text = read_text("packs/general.toml")
    text = text.replace("drill_months = 12", 'drill_months = "十二"', 1)
    with pytest.raises(DataFileError) as caught:
        datafile.parse(text, Pack, "packs/general.toml")
    assert "drill_months：应为整数，实际为文本" in caught.value.message
    text = re.sub(r'^name = "通用"\n', "", read_text("packs/general.toml"), flags=re.M)
    with pytest.raises(DataFileError) as caught:
        datafile.parse(text, Pack, "packs/general.toml")
    assert "name：缺少必填的键“name”" in caught.value.message


def test_all_problems_are_listed_at_once():
    text = read_text("profiles.toml").replace("width = ", "widht = ").replace(
        "template = ", "templat = ")
    with pytest.raises(DataFileError) as caught:
        datafile.parse(text, ProfilesFile, "profiles.toml")
    problems = caught.value.problems
    assert sum("widht" in p for p in problems) == 2  # both pages
    assert sum("templat" in p for p in problems) >= 9  # every document


def test_an_unknown_document_kind_is_refused_when_loaded():
    text = read_text("profiles.toml").replace('kind = "cards"', 'kind = "card"', 1)
    with pytest.raises(DataFileError) as caught:
        datafile.parse(text, ProfilesFile, "profiles.toml")
    assert "kind" in caught.value.message


# ------------------------------------------------------------ the files agree

def test_every_pack_place_is_a_place_some_template_has():
    places = set(every_place(None))
    for pack in packs().values():
        assert set(pack.places) <= places, (pack.key, set(pack.places) - places)
        assert {s.after for s in pack.sections} <= places, pack.key


def test_every_profile_kind_is_one_the_document_layer_knows():
    known = set(typing.get_args(DocumentKind))
    documents = (ROOT / "docgen" / "documents.py").read_text("utf-8")
    for profile in profiles().values():
        for spec in profile.documents:
            assert spec.kind in known
    for kind in known - {"comprehensive", "extra"}:
        assert f'"{kind}"' in documents, kind


def test_sheet_fields_are_fields_of_their_record_classes():
    for sheet in load_schema().sheets.values():
        cls = PlanInfo if sheet.layout == "keyvalue" else RECORD_TYPES[sheet.record]
        fields = {f.name for f in dataclasses.fields(cls)}
        for column in sheet.columns:
            assert column.field in fields, (sheet.name, column.field, cls.__name__)


def _literals() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "docgen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def test_every_message_code_used_exists_and_every_code_is_used():
    codes = set(catalogue())
    literals = _literals()
    used = {s for s in literals if re.fullmatch(r"[a-z_]+(\.[a-z_0-9]+)+", s)}
    # Codes built from a prefix (value.{type}): the prefix is a literal ending with a dot.
    prefixes = {s for s in literals if re.fullmatch(r"[a-z_]+\.", s)}
    dotted_not_codes = {s for s in used - codes if not s.endswith((".py", ".toml", ".docx"))}
    assert not {c for c in dotted_not_codes if c.split(".")[0] in
                {c.split(".")[0] for c in codes}}, "codes used but not in messages.toml"
    unused = {c for c in codes - used if not any(c.startswith(p) for p in prefixes)}
    assert not unused, f"codes in messages.toml that no code uses: {sorted(unused)}"


def test_data_files_are_toml_and_utf8():
    for path in (ROOT / "docgen" / "data").rglob("*.toml"):
        tomllib.loads(path.read_text("utf-8"))
