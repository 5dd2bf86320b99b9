"""Files kept between runs (docgen.cache), and the data files parsed once and kept
(docgen.datafile): an entry comes back as it was saved, a changed input is a new
entry, and a damaged, missing or unwritable cache costs time, never an error."""

from __future__ import annotations

import os
import sys

import pytest
import tomli

from docgen import cache, datafile
from docgen.errors import DataFileError


@pytest.fixture
def kept(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_VAR, str(folder))
    return folder


def test_the_default_folder_is_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.CACHE_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform != "win32":
        assert cache.folder() == tmp_path / "docgen"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert cache.folder() == tmp_path / "Local" / "docgen" / "cache"


def test_off_keeps_nothing(kept, monkeypatch):
    monkeypatch.setenv(cache.CACHE_VAR, "off")
    assert cache.folder() is None
    cache.save("kind", b"key", 1)
    assert cache.load("kind", b"key") is None and not kept.exists()


def test_only_the_newest_entries_of_a_kind_are_kept(kept, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 3)
    for n in range(5):
        cache.save("templates", f"template {n}".encode(), n)
        cache.save("data", f"data {n}".encode(), n, keep=5)
        stamp = 1_700_000_000 + n  # a clock's coarse ticks must not tie them
        entry = cache.entry("templates", f"template {n}".encode())
        assert entry is not None
        os.utime(entry, (stamp, stamp))
    assert [cache.load("templates", f"template {n}".encode()) for n in range(5)] == \
        [None, None, 2, 3, 4]
    assert [cache.load("data", f"data {n}".encode()) for n in range(5)] == list(range(5))


def test_an_unwritable_folder_is_no_error(tmp_path, monkeypatch):
    blocked = tmp_path / "a file"
    blocked.write_text("x")
    monkeypatch.setenv(cache.CACHE_VAR, str(blocked / "cache"))
    cache.save("kind", b"key", 1)
    assert cache.load("kind", b"key") is None


TEXT = '[[level]]\nname = "重大"\ncolor = "FF0000"\n'


def test_a_data_file_is_parsed_once_and_its_parse_kept(kept, monkeypatch):
    first = datafile.parsed_toml(TEXT, "x.toml")
    assert first == tomli.loads(TEXT)

    def refuse(text: str) -> object:
        raise AssertionError("parsed again although the cache holds it")

    monkeypatch.setattr(datafile.tomli, "loads", refuse)
    assert datafile.parsed_toml(TEXT, "x.toml") == first
    with pytest.raises(AssertionError):  # another text is another entry
        datafile.parsed_toml(TEXT + "# 注释\n", "x.toml")


def test_a_damaged_parse_is_parsed_again(kept):
    datafile.parsed_toml(TEXT, "x.toml")
    [entry] = (kept / "data").glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert datafile.parsed_toml(TEXT, "x.toml") == tomli.loads(TEXT)


def test_a_broken_file_is_still_reported_and_never_kept(kept):
    with pytest.raises(DataFileError) as caught:
        datafile.parsed_toml('name = "未闭合\n', "bad.toml")
    assert "bad.toml" in str(caught.value) and "TOML" in str(caught.value)
    assert list(kept.rglob("*.pickle")) == []


def test_every_shipped_data_file_comes_back_from_the_cache_as_parsed(kept):
    names = [n for folder in ("", "packs", "hazards") for n in datafile.data_names(folder)]
    names = [n.lstrip("/") for n in names]
    assert len(names) >= 20
    for name in names:
        datafile.parsed_toml(datafile.read_text(name), name)
    assert len(list((kept / "data").glob("*.pickle"))) == len(set(names))
    for name in names:
        text = datafile.read_text(name)
        assert datafile.parsed_toml(text, name) == tomli.loads(text), name
