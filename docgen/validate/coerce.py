"""Turn raw cell values into typed values, reporting what cannot be read.

Text is kept exactly as typed (trimmed of surrounding spaces). Normalisation
(full-width digits, stray apostrophes, Excel floats) applies only to numbers,
dates and phone numbers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from docgen.domain.values import Month, Shown, chinese_date, display, plain_number
from docgen.hazards import find_type, library
from docgen.report import Location, ValidationReport
from docgen.schema import ColumnRule, closest
from docgen.validate.phones import check_phone, lost_leading_zero

# Characters XML 1.0 cannot hold (tab, line feed and carriage return are allowed).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LIST_SPLIT = re.compile(r"[、，,；;\n]+")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
# A date copied from another system with its time of day: 2026-03-18 00:00:00, 2026/3/18 9:30.
_DATE_TIME = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(:\d{2})?)$")
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
# Serial numbers Excel uses for dates, taken as dates only within 1990–2100.
_SERIAL_MIN, _SERIAL_MAX = 32874, 73415  # 1990-01-01 … 2100-12-31
_EXCEL_EPOCH = dt.date(1899, 12, 30)


Place = Location | Callable[[], Location]


class Cell:
    """One value being read, with its place for any message (given as a function
    when it is costly to make: only a cell with a problem needs it)."""

    __slots__ = ("_where", "raw", "report", "rule", "shown")

    def __init__(self, raw: Any, rule: ColumnRule, where: Place, report: ValidationReport,
                 shown: str | None = None):
        self.raw, self.rule, self._where, self.report = raw, rule, where, report
        self.shown = shown  # the text Excel shows for a number under the cell's format

    @property
    def where(self) -> Location:
        return self._where if isinstance(self._where, Location) else self._where()

    def error(self, expected: str, found: Any = None) -> None:
        shown = self.raw if found is None else found
        self.report.add(f"value.{self.rule.type}", self.where, expected=expected,
                        found=_shown(shown))

    def warning(self, code: str, **params: object) -> None:
        self.report.add(code, self.where, **params)


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return chinese_date(value if not isinstance(value, dt.datetime) else value.date())
    if isinstance(value, float):
        return plain_number(value)
    return str(value)


def text_of(cell: Cell) -> str:
    raw = cell.raw
    if isinstance(raw, str):
        text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
        # isprintable() is a fast "nothing to look for" for most one-line cells.
        if not text.isprintable() and _XML_ILLEGAL.search(text):
            text = _XML_ILLEGAL.sub("", text)
            cell.warning("text.control")
        return text
    if cell.shown is not None:  # a number (or date, time) under its cell's number format
        return cell.shown
    if isinstance(raw, dt.datetime):
        return chinese_date(raw.date()) if raw.time() == dt.time() else str(raw)
    if isinstance(raw, dt.time):
        return display(raw)
    if isinstance(raw, dt.date):
        return chinese_date(raw)
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, int | float):
        return plain_number(raw)
    return str(raw)


def _number_text(cell: Cell) -> str:
    """A number typed as text: full-width digits, stray apostrophes and spaces removed."""
    text = unicodedata.normalize("NFKC", text_of(cell))
    return text.lstrip("'‘’`").strip().replace(",", "")


def to_int(cell: Cell) -> int | None:
    rule = cell.rule
    raw = cell.raw
    value: int | None = None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = int(raw) if float(raw).is_integer() else None
    else:
        text = _number_text(cell)
        value = int(Decimal(text)) if re.fullmatch(r"[+-]?\d+(\.0+)?", text) else None
    if value is None or (rule.min is not None and value < rule.min) or (
            rule.max is not None and value > rule.max):
        cell.error(_range_text(rule, integer=True))
        return None
    return value


def _range_text(rule: ColumnRule, integer: bool) -> str:
    kind = "整数" if integer else "数字"
    if rule.min is not None and rule.max is not None:
        return f"{plain_number(rule.min)}–{plain_number(rule.max)}的{kind}"
    if rule.min is not None:
        return f"不小于{plain_number(rule.min)}的{kind}"
    return kind


def to_number(cell: Cell) -> int | float | None:
    raw = cell.raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value: int | float = raw
    else:
        try:
            value = float(Decimal(_number_text(cell)))
        except (InvalidOperation, ValueError):
            cell.error(_range_text(cell.rule, integer=False))
            return None
    if not math.isfinite(value):  # "NaN", "Infinity", 1e999 typed as text
        cell.error(_range_text(cell.rule, integer=False))
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if cell.rule.min is not None and value < cell.rule.min:
        cell.error(_range_text(cell.rule, integer=False))
        return None
    if cell.shown is not None and cell.shown != plain_number(value):
        return Shown(value, cell.shown)  # computes as the number, prints as Excel shows it
    return value


def _date_from(cell: Cell, allow_month: bool) -> dt.date | Month | None:
    raw = cell.raw
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if _SERIAL_MIN <= raw <= _SERIAL_MAX:
            return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
        return None
    text = _number_text(cell)
    try:
        if m := _DATE.match(text) or _DATE_TIME.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if allow_month and (m := _MONTH.match(text)) and 1 <= int(m[2]) <= 12:
            return Month(int(m[1]), int(m[2]))
    except ValueError:  # 2026-2-30
        return None
    return None


def to_date(cell: Cell, allow_month: bool = False) -> dt.date | Month | None:
    value = _date_from(cell, allow_month)
    if value is None:
        cell.error("日期或月份（如 2026-3-18 或 2026年6月）" if allow_month
                   else "日期（如 2026-3-18 或 2026年3月18日）")
    return value


def to_phone(cell: Cell, expect_mobile: bool) -> str | None:
    raw = cell.raw
    lost_zero = False
    if isinstance(raw, int | float) and not isinstance(raw, bool) and cell.shown:
        # A number under a format such as 0000-00000000 shows its area code's 0.
        text = unicodedata.normalize("NFKC", cell.shown).strip()
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        text = plain_number(raw)
        lost_zero = not expect_mobile and float(raw).is_integer() and lost_leading_zero(raw)
        if lost_zero:
            cell.warning("phone.number", number=text)
    else:
        text = unicodedata.normalize("NFKC", text_of(cell)).lstrip("'‘’`").strip()
    verdict = check_phone(text, expect_mobile)
    if verdict.level == "error":
        # Reported here; the text is kept so that later checks do not also call it missing.
        cell.error("电话号码（如 13800138000、0739-82345678、119）", text)
        return text
    if verdict.level == "warning" and not lost_zero:  # one warning for one cause
        cell.warning("phone.unusual", reason=verdict.reason)
    return text


def to_choice(cell: Cell) -> str | None:
    text = text_of(cell)
    key = unicodedata.normalize("NFKC", text).replace(" ", "")
    for allowed in cell.rule.values:
        if key == allowed:
            return allowed
    cell.error("、".join(cell.rule.values) + "之一")  # quoting the cell as typed
    return None


def to_accident_type(cell: Cell) -> str | None:
    """A type of the hazard library, by its name or an alias only it has (GB 6441-2025's
    names among them); an unknown one is an error naming the closest type."""
    text = text_of(cell)
    found = find_type(text)
    if found is not None:
        return found.name
    near = closest(text, library().names)
    cell.report.add("value.accident_type", cell.where, found=text,
                    closest=f"是不是“{near}”？" if near else "")
    return None


def to_list(cell: Cell) -> list[str]:
    return [item.strip() for item in _LIST_SPLIT.split(text_of(cell)) if item.strip()]


def coerce(raw: Any, rule: ColumnRule, where: Place, report: ValidationReport,
           shown: str | None = None) -> Any:
    """The typed value of one cell, or None after reporting why it cannot be read."""
    cell = Cell(raw, rule, where, report, shown)
    match rule.type:
        case "int":
            return to_int(cell)
        case "number":
            return to_number(cell)
        case "date":
            return to_date(cell)
        case "date_or_month":
            return to_date(cell, allow_month=True)
        case "phone" | "mobile":
            return to_phone(cell, expect_mobile=rule.type == "mobile")
        case "choice":
            return to_choice(cell)
        case "list":
            return to_list(cell)
        case "accident_type":
            return to_accident_type(cell)
        case _:
            return text_of(cell)
