"""Compiled templates kept between runs (docgen.render.cache): a run that finds its
template kept skips the compile and writes the very same document; a damaged,
missing or unwritable cache costs time, never a wrong document or an error."""

from __future__ import annotations

from pathlib import Path

import docx
import jinja2
import pytest

from docgen import cache as kept_files
from docgen.api import build
from docgen.render import cache, template
from docgen.render.template import Kept, load_template

SERVICE = "service.docx"


@pytest.fixture
def kept(tmp_path, monkeypatch) -> Path:
    """A cache folder of the test's own; compiled templates forgotten in memory."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(kept_files.CACHE_VAR, str(folder))
    template._load.cache_clear()
    yield folder
    template._load.cache_clear()


def _refuse_compiling(monkeypatch) -> None:
    def compile_again(*args, **kwargs):
        raise AssertionError("compiled although the cache holds the template")

    monkeypatch.setattr(template, "_compile", compile_again)


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / "templates").glob("*.pickle"))


def test_a_kept_template_builds_the_same_document_without_compiling(tmp_path, kept,
                                                                    repo_root, monkeypatch):
    first = build(repo_root / "inputs", tmp_path / "first", toc_pages=False)
    assert first.ok and len(_entries(kept)) == 1
    template._load.cache_clear()
    _refuse_compiling(monkeypatch)
    second = build(repo_root / "inputs", tmp_path / "second", toc_pages=False)
    assert second.ok
    assert second.written[0].read_bytes() == first.written[0].read_bytes()


def test_headers_with_tags_are_kept_too(tmp_path, kept, monkeypatch):
    document = docx.Document()
    document.add_paragraph("正文 {{ unit }}")
    document.sections[0].header.paragraphs[0].text = "页眉 {{ unit }}"
    path = tmp_path / "custom.docx"
    document.save(path)
    compiled = load_template(path)
    template._load.cache_clear()
    _refuse_compiling(monkeypatch)
    again = load_template(path)
    assert list(again.parts) == list(compiled.parts) and again.parts
    for name, (source, part) in compiled.parts.items():
        assert again.parts[name][0] == source
        assert again.parts[name][1].render(unit="甲单位") == part.render(unit="甲单位")
    assert "甲单位" in again.skeleton.render(unit="甲单位", docgen_fragment=None)


def test_a_damaged_entry_is_compiled_again_and_replaced(kept, repo_root):
    path = repo_root / "templates_docx" / SERVICE
    load_template(path)
    [entry] = _entries(kept)
    entry.write_bytes(b"not a pickle")
    template._load.cache_clear()
    compiled = load_template(path)
    assert compiled.programs and compiled.places
    assert isinstance(cache.load(path.read_bytes()), Kept)


def test_an_entry_that_unpickles_to_something_else_is_not_trusted(kept, repo_root):
    path = repo_root / "templates_docx" / SERVICE
    load_template(path)
    cache.save(path.read_bytes(), {"not": "a compiled template"})
    template._load.cache_clear()
    assert load_template(path).places


def test_off_keeps_nothing(tmp_path, kept, monkeypatch, repo_root):
    monkeypatch.setenv(kept_files.CACHE_VAR, "off")
    load_template(repo_root / "templates_docx" / SERVICE)
    assert not kept.exists()


def test_an_unwritable_folder_is_no_error(tmp_path, monkeypatch, repo_root):
    blocked = tmp_path / "a file"
    blocked.write_text("x")
    monkeypatch.setenv(kept_files.CACHE_VAR, str(blocked / "cache"))
    template._load.cache_clear()
    try:
        assert load_template(repo_root / "templates_docx" / SERVICE).programs
    finally:
        template._load.cache_clear()


def test_the_key_follows_the_template_and_the_compilers(kept, monkeypatch, repo_root):
    data = (repo_root / "templates_docx" / SERVICE).read_bytes()
    entry = cache.key(data)
    assert cache.key(data + b" ") != entry
    monkeypatch.setattr(jinja2, "__version__", "0.0-other")
    cache._fingerprint.cache_clear()
    try:
        assert cache.key(data) != entry
    finally:
        cache._fingerprint.cache_clear()
