"""Small value types of the domain and how they read in a formal Chinese document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


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


def plain_number(value: float | int | Decimal) -> str:
    """13800138000.0 → 13800138000, 5.0 → 5, 2.5 → 2.5 (never 1.38E+10)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        text = format(Decimal(repr(value)), "f")
        return text
    return str(value)


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
    if isinstance(value, list | tuple):
        return "、".join(display(v) for v in value)
    return str(value)
