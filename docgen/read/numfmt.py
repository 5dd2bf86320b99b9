"""The text Excel shows for a number under a cell's number format.

A workbook stores `1` and shows `001` (format `000`), stores `0.15` and shows
`15%`, stores `0.3958…` and shows `9:30`. Where a plan prints a cell as text, it
must print what the administrator saw, so the reader renders the number with the
cell's format code (ECMA-376 Part 1, 18.8.31): sections, literals, digit
placeholders, thousands separators, percent, scientific notation, dates, times
and elapsed times. Fractions (`# ?/?`) and conditions beyond the usual are left
to the caller's plain rendering (`render` returns None).

Numbers keep at most 15 significant digits, as Excel does. The known differences
from Excel are rows expected to fail in tests/read/test_numfmt.py.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from docgen.domain.values import SIGNIFICANT, plain_number

# Built-in formats (ECMA-376 18.8.30), with the zh-CN variants of the
# locale-dependent ones: these workbooks are filled in on Chinese Excel.
BUILTIN = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
    11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "yyyy/m/d", 15: "d-mmm-yy", 16: "d-mmm",
    17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
    22: "yyyy/m/d h:mm", 27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"',
    30: "m-d-yy", 31: 'yyyy"年"m"月"d"日"', 32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"',
    34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"', 36: 'yyyy"年"m"月"',
    37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0",
    48: "##0.0E+0", 49: "@", 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"', 54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"',
    56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"', 58: 'm"月"d"日"',
}
_EPOCH = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DATE_TOKEN = re.compile(r"\[(h+|m+|s+)\]|yyyy|yy|e|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|"
                         r"hh|h|ss|s|am/pm|a/p|上午/下午|\.0+", re.IGNORECASE)


def too_many_digits(value: float | int) -> bool:
    """Whether the number had more significant digits than Excel keeps."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        return False
    return abs(int(value)) >= 10 ** SIGNIFICANT


# ("lit", text) | ("num", spec) | ("date", token) | ("text",) | ("general",)
Part = tuple[str, ...]


@dataclass(frozen=True)
class _Section:
    parts: tuple[Part, ...]
    kind: str  # number, date, general, text, literal
    condition: tuple[str, float] | None = None


def _split_sections(code: str) -> list[str]:
    sections, current, quoted, bracket, escape = [], [], False, False, False
    for ch in code:
        if escape:
            current.append(ch)
            escape = False
        elif ch == "\\" and not quoted:
            current.append(ch)
            escape = True
        elif ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == "[" and not quoted:
            bracket = True
            current.append(ch)
        elif ch == "]" and not quoted:
            bracket = False
            current.append(ch)
        elif ch == ";" and not quoted and not bracket:
            sections.append("".join(current))
            current = []
        else:
            current.append(ch)
    sections.append("".join(current))
    return sections


class Unsupported(ValueError):
    pass


_ELAPSED = re.compile(r"(h+|m+|s+)", re.IGNORECASE)
_CONDITION = re.compile(r"(<=|>=|<>|<|>|=)\s*(-?[\d.]+)")


class _SectionParser:
    """One section of a format code read left to right into its parts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.parts: list[Part] = []
        self.condition: tuple[str, float] | None = None
        self.is_date = False

    def parse(self) -> _Section:
        i = 0
        while i < len(self.text):
            i = self._part(i)
        parts = self.parts
        if self.is_date:  # a point or comma among dates prints as it is: 2026.3.18
            parts = [("lit", p[1]) if p[0] == "num" else p for p in parts]
        return _Section(tuple(parts), self._kind(), self.condition)

    def _part(self, i: int) -> int:
        """Reads the part that begins at i; returns where the next one begins."""
        ch = self.text[i]
        if ch == '"':
            return self._quoted(i)
        if ch in "\\_*" and i + 1 < len(self.text):
            return self._escaped(i)
        if ch == "[":
            return self._bracket(i)
        if self.text[i:i + 7].lower() == "general":
            self.parts.append(("general",))
            return i + 7
        end = self._date_token(i)
        return self._other(i) if end is None else end

    def _quoted(self, i: int) -> int:
        text = self.text
        end = text.index('"', i + 1) if '"' in text[i + 1:] else len(text)
        self.parts.append(("lit", text[i + 1:end]))
        return end + 1

    def _escaped(self, i: int) -> int:
        """`\\x` prints x, `_x` a space as wide as x, `*x` fills the cell with x: nothing
        here, there is no cell width to fill."""
        ch = self.text[i]
        if ch == "\\":
            self.parts.append(("lit", self.text[i + 1]))
        elif ch == "_":
            self.parts.append(("lit", " "))
        return i + 2

    def _bracket(self, i: int) -> int:
        """An elapsed time ([h]), a currency and locale ([$¥-804]), a condition ([>=100]);
        colours ([Red], [Color5]) and locales print nothing."""
        text = self.text
        end = text.index("]", i) if "]" in text[i:] else len(text)
        inner = text[i + 1:end]
        if _ELAPSED.fullmatch(inner):
            self.parts.append(("date", f"[{inner.lower()}]"))
            self.is_date = True
        elif inner.startswith("$"):
            symbol = inner[1:].split("-", 1)[0]
            if symbol:
                self.parts.append(("lit", symbol))
        elif m := _CONDITION.fullmatch(inner):
            self.condition = (m.group(1), float(m.group(2)))
        return end + 1

    def _date_token(self, i: int) -> int | None:
        """Where a date or time token at i ends; None if there is none. `e` (the year)
        and `.0` (tenths of a second) count only after another date token."""
        match = _DATE_TOKEN.match(self.text, i)
        if match is None:
            return None
        token = match.group(0).lower()
        if not self.is_date and (token == "e" or token.startswith(".")):
            return None
        self.parts.append(("date", token))
        self.is_date = True
        return match.end()

    def _other(self, i: int) -> int:
        """The text placeholder, a digit placeholder, or a character printed as it is."""
        text, ch = self.text, self.text[i]
        if ch == "@":
            self.parts.append(("text",))
            return i + 1
        if ch in "Ee" and i + 1 < len(text) and text[i + 1] in "+-":
            self.parts.append(("num", text[i:i + 2]))
            return i + 2
        if ch in "0#?.,%":
            self.parts.append(("num", ch))
            return i + 1
        if ch == "/" and not self.is_date and any(p[0] == "num" for p in self.parts):
            raise Unsupported("fraction")
        self.parts.append(("lit", ch))
        return i + 1

    def _kind(self) -> str:
        kinds = {p[0] for p in self.parts}
        if self.is_date:
            return "date"
        if "num" in kinds:
            return "number"
        if "general" in kinds:
            return "general"
        if "text" in kinds:
            return "text"
        return "literal"


def _parse_section(text: str) -> _Section:
    return _SectionParser(text).parse()


@lru_cache(maxsize=512)
def _compile(code: str) -> tuple[_Section, ...]:
    if code.strip().lower() in ("general", ""):
        return (_Section((), "general"),)
    return tuple(_parse_section(s) for s in _split_sections(code))


def _choose(sections: tuple[_Section, ...], value: float) -> tuple[_Section, bool]:
    """The section for the value, and whether it prints the sign itself."""
    numeric = [s for s in sections if s.kind != "text"] or list(sections)
    if any(s.condition for s in numeric):
        for s in numeric:
            if s.condition is None:
                return s, False
            op, bound = s.condition
            if {"<": value < bound, "<=": value <= bound, ">": value > bound,
                    ">=": value >= bound, "=": value == bound, "<>": value != bound}[op]:
                return s, False
        return numeric[-1], False
    if len(numeric) == 1:
        return numeric[0], True
    if value < 0:
        return numeric[1], False
    if value == 0 and len(numeric) >= 3:
        return numeric[2], False
    return numeric[0], True


@dataclass(frozen=True)
class _Layout:
    """What a number section does with the number, read once per section: its digit
    placeholders from the first to the last, and the literals around them."""

    prefix: str  # the literals before the first placeholder
    suffix: str  # the percent signs, then the literals after the last placeholder
    percent: int  # each % multiplies by 100
    thousands: int  # each comma after the last digit placeholder divides by 1000
    integer_spec: str
    fraction_spec: str
    exponent_spec: str | None  # E+00, E-0 …
    slots: tuple[Part, ...]  # the integer part's digit placeholders and the literals among them

    @property
    def places(self) -> int:
        return sum(1 for c in self.fraction_spec if c in "0#?")

    @property
    def grouping(self) -> bool:
        return "," in self.integer_spec


@lru_cache(maxsize=512)
def _layout(parts: tuple[Part, ...]) -> _Layout:
    nums = [i for i, p in enumerate(parts) if p[0] == "num"]
    first, last = nums[0], nums[-1]
    specs = "".join(parts[i][1] for i in range(first, last + 1) if parts[i][0] == "num")
    exponent_at = next((k for k, c in enumerate(specs) if c in "Ee"), None)
    mantissa_spec = specs if exponent_at is None else specs[:exponent_at]
    integer_spec, _, fraction_spec = mantissa_spec.rstrip(",%").replace("%", "").partition(".")
    return _Layout(
        prefix="".join(p[1] for p in parts[:first] if p[0] == "lit"),
        suffix="%" * specs.count("%") + "".join(p[1] for p in parts[last + 1:] if p[0] == "lit"),
        percent=specs.count("%"),
        thousands=len(mantissa_spec) - len(mantissa_spec.rstrip(",")),
        integer_spec=integer_spec,
        fraction_spec=fraction_spec,
        exponent_spec=None if exponent_at is None else specs[exponent_at:],
        slots=_integer_slots(parts[first:last + 1]))


def _integer_slots(template: tuple[Part, ...]) -> tuple[Part, ...]:
    """The digit placeholders of the integer part and the literals between them."""
    slots = []
    for p in template:
        if p[0] == "num" and p[1][0] in ".Ee":  # the integer part ends here
            break
        if p[0] == "lit" or p[1] in "0#?":
            slots.append(p)
    return tuple(slots)


def _rounded(value: Decimal, places: int) -> Decimal:
    """Rounded to `places` decimals, halves away from zero as Excel rounds."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _digits(value: Decimal, places: int) -> tuple[str, str]:
    text = format(abs(_rounded(value, places)), "f")
    integer, _, fraction = text.partition(".")
    return integer.lstrip("0"), fraction


def _format_number(section: _Section, value: float, signed: bool) -> str:
    layout = _layout(section.parts)
    number = _significant(value)
    number *= Decimal(100) ** layout.percent
    number /= Decimal(1000) ** layout.thousands
    exponent_text = ""
    if layout.exponent_spec is not None:
        number, exponent_text = _scientific(number, layout)
    integer, fraction = _digits(number, layout.places)
    # Excel keeps the point of `0.##` for a whole number ("2."), as here.
    body = _integer_text(integer, layout)
    if layout.fraction_spec:
        body += "." + _trim_fraction(fraction, layout.fraction_spec)
    negative = signed and value < 0 and number != 0
    return ("-" if negative else "") + layout.prefix + body + exponent_text + layout.suffix


def _significant(value: float | int) -> Decimal:
    """The number with the 15 significant digits Excel keeps: an 18-digit number under
    `0` shows as 110101199003071000, not with the float's 110101199003071008."""
    number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    if not number:
        return number
    return number.quantize(Decimal(1).scaleb(number.adjusted() - SIGNIFICANT + 1),
                           rounding=ROUND_HALF_UP)


def _scientific(number: Decimal, layout: _Layout) -> tuple[Decimal, str]:
    """The mantissa, and the exponent as the format writes it (E+04)."""
    spec = layout.exponent_spec or ""
    power = _power(number, layout)
    # A mantissa that rounds up to one digit more (9.999 → 10.00) moves the exponent.
    power = _power(_rounded(number.scaleb(-power), layout.places).scaleb(power), layout)
    sign = "-" if power < 0 else ("+" if "+" in spec else "")
    return number.scaleb(-power), spec[0] + sign + str(abs(power)).zfill(spec.count("0"))


def _power(number: Decimal, layout: _Layout) -> int:
    """The exponent: the integer placeholders take as many digits as they are; with
    a # among them (##0.0E+0) the exponent is a multiple of their count instead,
    engineering notation: 12.3E+3, 1.2E+6."""
    if number == 0:
        return 0
    width = max(1, sum(1 for c in layout.integer_spec if c in "0#?"))
    adjusted = number.copy_abs().adjusted()
    if "#" in layout.integer_spec:
        return adjusted // width * width
    return adjusted - width + 1


def _trim_fraction(fraction: str, fraction_spec: str) -> str:
    """Trailing zeros dropped where the format has `#`, blanked where it has `?`."""
    spec = fraction_spec.replace(",", "")
    kept = list(fraction)
    for k in range(len(spec) - 1, -1, -1):
        c = spec[k]
        if c == "0" or k >= len(kept):
            break
        if kept[k] != "0":
            break
        kept[k] = "" if c == "#" else " "
    return "".join(kept)


def _integer_text(integer: str, layout: _Layout) -> str:
    minimum = sum(1 for p in layout.slots if p[0] == "num" and p[1] == "0")
    digits = integer.rjust(minimum, "0")
    if layout.grouping:
        return _grouped(digits)
    return _place_digits(digits, layout.slots)


def _grouped(digits: str) -> str:
    """In threes, with the zeros the format asks for: 1234567 → 1,234,567, 00012 → 00,012."""
    head = len(digits) % 3 or 3
    return ",".join([digits[:head], *(digits[k:k + 3] for k in range(head, len(digits), 3))])


def _place_digits(digits: str, slots: tuple[Part, ...]) -> str:
    """The integer digits fill the placeholders from the right; literals between
    placeholders stay where they are (a phone format such as 0000-00000000)."""
    out = []
    remaining = list(digits)
    for k in range(len(slots) - 1, -1, -1):
        p = slots[k]
        if p[0] == "lit":  # shown while digits remain or a 0 placeholder comes before
            if remaining or any(q[0] == "num" and q[1] == "0" for q in slots[:k]):
                out.append(p[1])
            continue
        if remaining:
            out.append(remaining.pop())
        elif p[1] == "0":
            out.append("0")
        elif p[1] == "?":
            out.append(" ")
    out.append("".join(remaining))
    return "".join(reversed(out))


@dataclass(frozen=True)
class _Clock:
    """A serial as a section shows it, rounded to the finest unit the section shows."""

    moment: dt.datetime
    seconds: int  # the whole time in seconds, for [h], [mm], [ss]
    fraction: str  # the digits of a second it shows, for .0, .00, .000
    twelve: bool  # AM/PM, A/P or 上午/下午: hours on a 12-hour clock


def _clock(tokens: list[str], value: float, date1904: bool) -> _Clock:
    # Excel rounds a time to the unit it shows: 12:00:00.6 is 12:00:01 under h:mm:ss,
    # 12:00:00.6 under h:mm:ss.0. A date alone is read to the millisecond.
    digits = _time_digits(tokens)
    places = 3 if digits is None else digits
    units = round(value * (86400 * 10 ** places))
    epoch = _EPOCH_1904 if date1904 else _EPOCH
    # Excel's day 60 is 1900-02-29, which did not exist; serials are counted from
    # 1899-12-30 so that dates from March 1900 on come out right.
    moment = epoch + dt.timedelta(microseconds=units * 10 ** (6 - places))
    fraction = f"{units % 10 ** places:0{places}d}" if places else ""
    return _Clock(moment, units // 10 ** places, fraction,
                  any(token in _HALF_DAY for token in tokens))


def _time_digits(tokens: list[str]) -> int | None:
    """None for a section that shows no time; else the digits of a second it shows
    (0 when it shows whole seconds, minutes or hours)."""
    if not any(token[0] in "hs[." for token in tokens):
        return None
    return min(6, max((len(t) - 1 for t in tokens if t.startswith(".")), default=0))


# The date and time tokens that read one field of the moment.
_FIELDS: dict[str, Callable[[dt.datetime], str]] = {
    "yyyy": lambda m: str(m.year),
    "e": lambda m: str(m.year),
    "yy": lambda m: f"{m.year % 100:02d}",
    "mmmmm": lambda m: _MONTHS[m.month - 1][0],
    "mmmm": lambda m: _MONTHS[m.month - 1],
    "mmm": lambda m: _MONTHS[m.month - 1][:3],
    "mm": lambda m: f"{m.month:02d}",
    "m": lambda m: str(m.month),
    "dddd": lambda m: _DAYS[m.weekday()],
    "ddd": lambda m: _DAYS[m.weekday()][:3],
    "dd": lambda m: f"{m.day:02d}",
    "d": lambda m: str(m.day),
    "ss": lambda m: f"{m.second:02d}",
    "s": lambda m: str(m.second),
}
_MINUTES: dict[str, Callable[[dt.datetime], str]] = {
    "mm": lambda m: f"{m.minute:02d}",
    "m": lambda m: str(m.minute),
}
_HALF_DAY = {"am/pm": ("AM", "PM"), "a/p": ("A", "P"), "上午/下午": ("上午", "下午")}


def _format_date(section: _Section, value: float, date1904: bool) -> str:
    tokens = [p[1] for p in section.parts if p[0] == "date"]
    clock = _clock(tokens, value, date1904)
    fields = iter([_date_field(tokens, at, clock) for at in range(len(tokens))])
    return "".join(p[1] if p[0] == "lit" else next(fields)
                   for p in section.parts if p[0] in ("lit", "date"))


def _date_field(tokens: list[str], at: int, clock: _Clock) -> str:
    """The text of the date or time token `tokens[at]`."""
    token, moment = tokens[at], clock.moment
    if token in _MINUTES and _is_minute(tokens, at):
        return _MINUTES[token](moment)
    if token in _FIELDS:
        return _FIELDS[token](moment)
    if token in ("hh", "h"):
        hour = moment.hour % 12 or 12 if clock.twelve else moment.hour
        return f"{hour:02d}" if token == "hh" else str(hour)
    if token in _HALF_DAY:
        return _HALF_DAY[token][moment.hour >= 12]
    if token.startswith("["):
        return _elapsed(token, clock.seconds)
    if token.startswith("."):
        digits = len(token) - 1  # .0, .00, .000: tenths, hundredths, thousandths
        return "." + clock.fraction[:digits].ljust(digits, "0")
    return ""


def _is_minute(tokens: list[str], at: int) -> bool:
    """m and mm are minutes right after an hour or right before seconds, else months."""
    before = tokens[at - 1] if at else ""
    after = tokens[at + 1] if at + 1 < len(tokens) else ""
    return before.strip("[]").startswith("h") or after.strip("[]").startswith("s")


def _elapsed(token: str, seconds: int) -> str:
    """[h], [mm], [ss]: the whole time in hours, minutes or seconds."""
    unit = token.strip("[]")
    amount = {"h": seconds // 3600, "m": seconds // 60, "s": seconds}[unit[0]]
    return str(amount).zfill(len(unit))


def _format_general(section: _Section, value: float | int) -> str | None:
    """General among colours, conditions and literals ([Red]General, General" 元"): the
    plain number, with its sign in any section, between the literals; None when there
    are no literals."""
    if all(p[0] == "general" for p in section.parts):
        return None
    return "".join(plain_number(value) if p[0] == "general" else p[1]
                   for p in section.parts if p[0] in ("lit", "general"))


def render(value: float | int, code: str, date1904: bool = False) -> str | None:
    """The text Excel shows for the number under `code`; None for General (print it
    plainly) or for what this renderer does not cover (fractions)."""
    if isinstance(value, float) and not math.isfinite(value):  # Excel writes none
        return None
    try:
        sections = _compile(code)
        section, signed = _choose(sections, float(value))
        if section.kind == "general":
            return _format_general(section, value)
        if section.kind == "date":
            if value < 0:
                return None
            return _format_date(section, float(value), date1904)
        if section.kind == "number":
            return _format_number(section, value, signed)
        if section.kind == "literal":
            return "".join(p[1] for p in section.parts if p[0] == "lit")
        return None  # a text section for a number: Excel shows the number as General
    except (Unsupported, ValueError, ArithmeticError, IndexError, OverflowError):
        return None
