"""Small value types of the domain and how they read in a formal Chinese document."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final


@dataclass(frozen=True, order=True)
class Month:
    """A month-only date, as plans often give (计划时间: 2026年6月)."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月"


def chinese_date(value: dt.date) -> str:
    # No zero padding: 2026年3月18日, as formal documents print dates.
    return f"{value.year}年{value.month}月{value.day}日"


SIGNIFICANT: Final = 15  # digits Excel keeps of a number


def plain_number(value: float | int | Decimal) -> str:
    """A number as Excel's General format keeps it, written out: 13800138000.0 →
    13800138000, 5.0 → 5, 2.5 → 2.5, 0.1 + 0.2 → 0.3 (never 1.38E+10), and no more
    than 15 significant digits."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Shown):
        return value.text
    if isinstance(value, int) and abs(value) < 10 ** SIGNIFICANT:
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number == 0:
        return "0"
    exponent = number.adjusted() - SIGNIFICANT + 1
    rounded = number.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
    text = format(rounded.normalize(), "f")
    return text[:-2] if text.endswith(".0") else text


class Shown(float):
    """A number together with the text Excel showed for it under its cell's number
    format (`2.50`, `¥1,234.50`): it computes as the number and prints as the text."""

    text: str

    def __new__(cls, value: float, text: str) -> Shown:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __reduce__(self) -> tuple[type[Shown], tuple[float, str]]:
        return Shown, (float(self), self.text)


def display(value: object) -> str:
    """How any value reads in the document."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return chinese_date(value.date())
    if isinstance(value, dt.date):
        return chinese_date(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return plain_number(value)
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}" + (f":{value.second:02d}" if value.second
                                                    else "")
    if isinstance(value, list | tuple):
        return "、".join(display(v) for v in value)
    return str(value)


def display_width(text: str) -> int:
    """Columns a text takes: a CJK (full-width) character two, others one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
