"""The Jinja environment templates run in: sandboxed, autoescaping, strict.

Values are data, never template code: Jinja never re-reads what it prints, and
autoescaping keeps `& < >` from breaking the XML. One more guard is needed:
docxtpl rewrites `{_{`, `}_}`, `{_%`, `%_}` to `{{ }} {% %}` *after* rendering,
which would alter a value that contains them; printing every `_` of a value as
the character reference `&#95;` keeps those sequences from forming, and the XML
parser turns it back into `_`.
"""

from __future__ import annotations

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from docgen.model.values import display


def finalize(value: object) -> object:
    if hasattr(value, "__html__"):  # docxtpl's InlineImage, RichText: already XML
        return value
    text = str(escape(display(value)))
    return Markup(text.replace("_", "&#95;"))


def paragraphs(value: object) -> list[str]:
    """A free-text cell's lines, one paragraph each (blank lines dropped)."""
    return [line for line in display(value).split("\n") if line.strip()]


def make_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, finalize=finalize)
    env.filters["中文日期"] = display
    env.filters["paragraphs"] = paragraphs
    return env
