"""click's own words (the usage line, --help, usage errors) in Chinese.

click marks its texts for gettext: each of its modules does
`from gettext import gettext as _` (and `ngettext`) and calls `_("Usage:")` when it
prints, looking `_` up in the module's globals at that moment. click ships no
catalogue; gettext's own would need compiled .mo files and a Chinese locale named
by the user's environment (LANGUAGE, LANG), which a Windows administrator's rarely
is. So `install` rebinds `_` and `ngettext` in every click module to functions that
look the English up in docgen/data/click.toml, a data file like the others. The
names of click's parameter types (`integer`, `text`), which click shows without
gettext, are set from the same file, and click's help is aligned by the columns a
text takes on a terminal (a Chinese character takes two), not by its length.

This rests on click's internals, the same from 8.1 to 8.5 (pyproject pins click
<9): tests/test_clicktext.py fails when a click module binds `_` otherwise, or when
the installed click has a text the catalogue lacks. Only the command line installs
it (docgen.cli, before it declares its commands): the library API leaves click alone.
"""

from __future__ import annotations

import gettext as _gettext
import importlib
import importlib.abc
import importlib.util
import pkgutil
import unicodedata
from functools import cache

import click
import click.formatting
import click.types

from docgen.datafile import Record, load


class Text(Record, frozen=True):
    msgid: str
    msgstr: str


class Plural(Record, frozen=True):
    msgid: str
    msgid_plural: str
    msgstr: str
    msgstr_plural: str


class ClickWords(Record, frozen=True):
    text: list[Text]
    plural: list[Plural]
    types: dict[str, str]


@cache
def words() -> ClickWords:
    return load("click.toml", ClickWords)


@cache
def _texts() -> dict[str, str]:
    return {t.msgid: t.msgstr for t in words().text}


@cache
def _plurals() -> dict[tuple[str, str], Plural]:
    return {(p.msgid, p.msgid_plural): p for p in words().plural}


def gettext(message: str) -> str:
    """click's `_`: the Chinese of an English text (the English when there is none)."""
    return _texts().get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """click's `ngettext`: the form for n, by English's rule (one, or not one)."""
    found = _plurals().get((singular, plural))
    if found is None:
        return singular if n == 1 else plural
    return found.msgstr if n == 1 else found.msgstr_plural


def width(text: str) -> int:
    """Columns a text takes on a terminal (ANSI colours take none, CJK two)."""
    plain = click.unstyle(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in plain)


def click_modules() -> list[str]:
    """click's modules that translate with gettext, imported. Found by their source,
    so that the others are not imported for nothing (click.testing brings pdb, and
    click._winconsole ctypes, to every run): the one only for Windows fails elsewhere
    and is skipped."""
    names = []
    for info in pkgutil.iter_modules(click.__path__, "click."):
        spec = importlib.util.find_spec(info.name)
        loader = spec.loader if spec is not None else None
        source = loader.get_source(info.name) if isinstance(
            loader, importlib.abc.InspectLoader) else None
        if source is not None and "gettext" not in source:
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # click._winconsole asserts it runs on Windows
            continue
        names.append(info.name)
    return names


def install() -> list[str]:
    """Make click speak Chinese; returns the modules whose `_` or `ngettext` now
    look texts up in the catalogue. Installing twice changes nothing more."""
    patched = []
    for name in click_modules():
        module = importlib.import_module(name)
        found = False
        if getattr(module, "_", None) in (_gettext.gettext, gettext):
            module._ = gettext  # type: ignore[attr-defined]
            found = True
        if getattr(module, "ngettext", None) in (_gettext.ngettext, ngettext):
            module.ngettext = ngettext  # type: ignore[attr-defined]
            found = True
        if found:
            patched.append(name)
    names = words().types
    for kind in vars(click.types).values():
        if isinstance(kind, type) and issubclass(kind, click.ParamType) and \
                vars(kind).get("name") in names:
            kind.name = names[vars(kind)["name"]]
    setattr(click.formatting, "term_len", width)  # noqa: B010 (click types it by its name x)
    return patched
