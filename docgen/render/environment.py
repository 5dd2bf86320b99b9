"""The Jinja environment templates run in: sandboxed, autoescaping, strict.

Values are data, never template code: Jinja never re-reads what it prints, and
every value is printed as escaped Word text (`output`), its line breaks and tabs
as Word's own elements. docxtpl's habit of rewriting `{_{` to `{{` after
rendering is not used, so a value holding `{_{` prints as typed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Undefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from docgen.domain.numerals import chinese_numeral
from docgen.domain.values import display
from docgen.messages import say
from docgen.wordml import whole, whole_codes, word, xml_text


def output(value: Any) -> str:
    """A value as XML text for the inside of a `w:t`. A standard's designation
    in it (GB 6441-1986 in a library text or a typed measure) is kept whole at line
    ends, as in the template's own words: word joiners, and a narrow no-break space
    for the space after its prefix; the text reads as typed."""
    if isinstance(value, str):
        return value if isinstance(value, Markup) else _text(value)
    if hasattr(value, "__html__"):  # docxtpl's InlineImage, RichText, our figures: XML
        markup: str = value.__html__()
        return markup
    if isinstance(value, Undefined):
        str(value)  # StrictUndefined raises, naming the missing name
    return xml_text(whole_codes(display(value)))


@lru_cache(maxsize=1 << 14)
def _text(value: str) -> str:
    """A text value as XML text (a register repeats its values: levels, units, names)."""
    return xml_text(whole_codes(value))


def finalize(value: Any) -> Markup:
    return Markup(output(value))


def paragraphs(value: object) -> list[str]:
    """A free-text cell's lines, one paragraph each (blank lines dropped)."""
    return [line for line in display(value).split("\n") if line.strip()]


def keep_whole(value: object) -> Markup:
    """A phone number or code kept on one line: {{ plan.duty_phone|whole }}."""
    return Markup(xml_text(whole(display(value))))


def keep_word(value: object) -> Markup:
    """A name kept on one line as a word, each of a list's on its own (an accident
    type in a table cell: {{ word(r.hazard.name) }}); its column is made wide enough."""
    return Markup(xml_text(word(display(value))))


# A template is the administrator's file: arithmetic in it is bounded, so that a typo
# or a hostile `{{ 9**999999999 }}` cannot hang docgen while compiling (an intercepted
# operator is never folded into a constant) or exhaust memory while rendering.
MAX_EXPONENT = 64
MAX_SEQUENCE = 1_000_000  # characters or items a `*` may make
MAX_LOOP = 10_000  # items range() may give


class BoundedEnvironment(SandboxedEnvironment):
    intercepted_binops = frozenset({"**", "*"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise OverflowError(say("template.too_large", what=f"{left}**{right}"))
            return left ** right
        if isinstance(left, int) and isinstance(right, str | list | tuple):
            left, right = right, left
        if isinstance(left, str | list | tuple) and isinstance(right, int) and \
                len(left) * right > MAX_SEQUENCE:
            raise OverflowError(say("template.too_large", what="*"))
        return left * right


def bounded_range(*args: int) -> range:
    items = range(*args)
    if len(items) > MAX_LOOP:
        raise OverflowError(say("template.too_large", what=f"range{args}"))
    return items


def make_environment() -> SandboxedEnvironment:
    env = BoundedEnvironment(autoescape=True, undefined=StrictUndefined, finalize=finalize)
    env.globals["range"] = bounded_range
    env.filters["中文日期"] = display
    env.filters["paragraphs"] = paragraphs
    env.filters["cn"] = chinese_numeral  # 12 → 十二, for （十二） and 第十二章
    # A phone number or code in running text, kept on one line: {{ plan.duty_phone|whole }}
    env.filters["whole"] = keep_whole
    env.globals["whole"] = keep_whole  # in a table cell, where | separates cells
    # A name (an accident type) held as one word: {{ r.hazard.name|word }}, word(…) in a cell
    env.filters["word"] = keep_word
    env.globals["word"] = keep_word
    return env
