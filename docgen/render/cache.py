"""Compiled templates kept on disk between runs (docgen.cache).

Compiling a Word template (docxtpl's tag patching, Jinja's parse and code
generation) takes a quarter to half a second in every run and every batch worker;
loading what an earlier run kept takes a few hundredths. An entry is keyed by the
template's bytes and by everything that compiles them: docgen's render and wordml
code, Jinja, docxtpl, python-docx and Python itself.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import docx
import docxtpl
import jinja2

from docgen import cache

KIND = "templates"
_SOURCES = ("render", "wordml")  # docgen's folders whose code compiles templates


@lru_cache(maxsize=1)
def _fingerprint() -> bytes:
    """The code that compiles templates: its versions and docgen's own source."""
    digest = hashlib.sha256(sys.version.encode())
    compilers: tuple[ModuleType, ...] = (jinja2, docxtpl, docx)
    for module in compilers:
        digest.update(f"{module.__name__} {getattr(module, '__version__', '')}".encode())
    package = Path(__file__).resolve().parent.parent
    for source in _SOURCES:
        for path in sorted((package / source).glob("*.py")):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.digest()


def key(template: bytes) -> bytes:
    return _fingerprint() + template


def load(template: bytes) -> object | None:
    """What an earlier run compiled from these template bytes, or None."""
    return cache.load(KIND, key(template))


def save(template: bytes, compiled: object) -> None:
    cache.save(KIND, key(template), compiled)
