"""The text Excel shows for a number under a cell's number format.

A workbook stores `1` and shows `001` (format `000`), stores `0.15` and shows
`15%`, stores `0.3958…` and shows `9:30`. Where a plan prints a cell as text, it
must print what the administrator saw, so the reader renders the number with the
cell's format code (ECMA-376 Part 1, 18.8.31): sections, literals, digit
placeholders, thousands separators, percent, scientific notation, dates, times
and elapsed times. Fractions (`# ?/?`) and conditions beyond the usual are left
to the caller's plain rendering (`render` returns None).

General numbers keep at most 15 significant digits, as Excel does.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from docgen.domain.values import SIGNIFICANT

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


@dataclass(frozen=True)
class _Section:
    parts: tuple  # ("lit", text) | ("num", spec) | ("date", token) | ("text",)
    kind: str  # number, date, text, general
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


def _parse_section(text: str) -> _Section:
    parts: list[tuple] = []
    condition = None
    i = 0
    is_date = False
    while i < len(text):
        ch = text[i]
        if ch == '"':
            end = text.index('"', i + 1) if '"' in text[i + 1:] else len(text)
            parts.append(("lit", text[i + 1:end]))
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(text):
            parts.append(("lit", text[i + 1]))
            i += 2
            continue
        if ch == "_" and i + 1 < len(text):
            parts.append(("lit", " "))
            i += 2
            continue
        if ch == "*" and i + 1 < len(text):
            i += 2
            continue
        if ch == "[":
            end = text.index("]", i) if "]" in text[i:] else len(text)
            inner = text[i + 1:end]
            if re.fullmatch(r"(h+|m+|s+)", inner, re.IGNORECASE):
                parts.append(("date", f"[{inner.lower()}]"))
                is_date = True
            elif inner.startswith("$"):
                symbol = inner[1:].split("-", 1)[0]
                if symbol:
                    parts.append(("lit", symbol))
            elif m := re.fullmatch(r"(<=|>=|<>|<|>|=)\s*(-?[\d.]+)", inner):
                condition = (m.group(1), float(m.group(2)))
            # colours ([Red], [Color5]) and locales print nothing
            i = end + 1
            continue
        match = _DATE_TOKEN.match(text, i)
        if match and (match.group(0).lower() not in ("e",) or is_date):
            token = match.group(0)
            if token.startswith(".") and not is_date:
                match = None
            else:
                parts.append(("date", token.lower() if token != "上午/下午" else token))
                is_date = True
                i = match.end()
                continue
        if ch == "@":
            parts.append(("text",))
            i += 1
            continue
        if ch in "0#?.,%" or (ch in "Ee" and i + 1 < len(text) and text[i + 1] in "+-"):
            if ch in "Ee":
                parts.append(("num", text[i:i + 2]))
                i += 2
                continue
            parts.append(("num", ch))
            i += 1
            continue
        if ch == "/" and any(p[0] == "num" for p in parts) and not is_date:
            raise Unsupported("fraction")
        parts.append(("lit", ch))
        i += 1
    kinds = {p[0] for p in parts}
    if is_date:
        kind = "date"
    elif "num" in kinds:
        kind = "number"
    elif "text" in kinds:
        kind = "text"
    elif text.strip().lower() == "general":
        kind = "general"
    else:
        kind = "literal"
    return _Section(tuple(parts), kind, condition)


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


def _digits(value: Decimal, places: int) -> tuple[str, str]:
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) if places \
        else value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    text = format(abs(q), "f")
    integer, _, fraction = text.partition(".")
    return integer.lstrip("0"), fraction


def _format_number(section: _Section, value: float, signed: bool) -> str:
    parts = list(section.parts)
    nums = [i for i, p in enumerate(parts) if p[0] == "num"]
    first, last = nums[0], nums[-1]
    specs = "".join(parts[i][1] for i in range(first, last + 1) if parts[i][0] == "num")
    number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    number *= Decimal(100) ** specs.count("%")
    exponent_at = next((k for k, c in enumerate(specs) if c in "Ee"), None)
    mantissa_spec = specs if exponent_at is None else specs[:exponent_at]
    trailing = len(mantissa_spec) - len(mantissa_spec.rstrip(","))
    number /= Decimal(1000) ** trailing
    integer_spec, _, fraction_spec = mantissa_spec.rstrip(",%").replace("%", "").partition(".")
    places = sum(1 for c in fraction_spec if c in "0#?")
    grouping = "," in integer_spec
    exponent_text = ""
    if exponent_at is not None:
        exponent_spec = specs[exponent_at:]
        width = sum(1 for c in exponent_spec if c == "0")
        integer_width = max(1, sum(1 for c in integer_spec if c in "0#?"))
        power = 0 if number == 0 else number.copy_abs().adjusted() - integer_width + 1
        number = number.scaleb(-power)
        sign = "-" if power < 0 else ("+" if "+" in exponent_spec else "")
        exponent_text = exponent_spec[0] + sign + str(abs(power)).zfill(width)
    integer, fraction = _digits(number, places)
    if fraction_spec:
        kept = list(fraction)
        for k in range(len(fraction_spec.replace(",", "")) - 1, -1, -1):
            c = fraction_spec.replace(",", "")[k]
            if c == "0" or k >= len(kept):
                break
            if kept[k] == "0":
                kept[k] = "" if c == "#" else " "
            else:
                break
        fraction = "".join(kept)
    # The integer digits fill the placeholders from the right; literals between
    # placeholders stay where they are (a phone format such as 0000-00000000).
    template = parts[first:last + 1]
    integer_template = []
    for p in template:
        if p[0] == "num" and p[1][0] in ".Ee":  # the integer part ends here
            break
        integer_template.append(p)
    slots = [p for p in integer_template if p[0] == "lit" or p[1] in "0#?"]
    minimum = sum(1 for p in slots if p[0] == "num" and p[1] == "0")
    digits = integer.rjust(minimum, "0") if len(integer) < minimum else integer
    if grouping:
        digits = f"{int(digits or '0'):,}" if digits else ""
        out_integer = digits
    else:
        out = []
        remaining = list(digits)
        for p in reversed(slots):
            if p[0] == "lit":
                if remaining or any(q[0] == "num" and q[1] == "0" for q in
                                    slots[:slots.index(p)]):
                    out.append(p[1])
                continue
            if remaining:
                out.append(remaining.pop())
            elif p[1] == "0":
                out.append("0")
            elif p[1] == "?":
                out.append(" ")
        out.append("".join(remaining))
        out_integer = "".join(reversed(out))
    # Excel keeps the point of `0.##` for a whole number ("2."), as here.
    body = out_integer + ("." + fraction if fraction_spec else "") + exponent_text
    prefix = "".join(p[1] for p in parts[:first] if p[0] == "lit")
    suffix = "%" * specs.count("%") + "".join(p[1] for p in parts[last + 1:] if p[0] == "lit")
    negative = signed and value < 0 and number != 0
    return ("-" if negative else "") + prefix + body + suffix


def _as_datetime(value: float, date1904: bool) -> dt.datetime:
    epoch = _EPOCH_1904 if date1904 else _EPOCH
    # Excel's day 60 is 1900-02-29, which did not exist; serials are counted from
    # 1899-12-30 so that dates from March 1900 on come out right.
    milliseconds = round(value * 86400000)
    return epoch + dt.timedelta(milliseconds=milliseconds)


def _format_date(section: _Section, value: float, date1904: bool) -> str:
    moment = _as_datetime(value, date1904)
    tokens = list(section.parts)
    twelve = any(p[0] == "date" and p[1] in ("am/pm", "a/p", "上午/下午") for p in tokens)
    out = []
    date_tokens = [i for i, p in enumerate(tokens) if p[0] == "date"]
    for i, p in enumerate(tokens):
        if p[0] == "lit":
            out.append(p[1])
            continue
        if p[0] != "date":
            continue
        token = p[1]
        at = date_tokens.index(i)
        before = tokens[date_tokens[at - 1]][1] if at else ""
        after = tokens[date_tokens[at + 1]][1] if at + 1 < len(date_tokens) else ""
        minute = token in ("m", "mm") and (before.strip("[]").startswith("h")
                                           or after.startswith("s")
                                           or after.strip("[]").startswith("s"))
        hour = moment.hour % 12 or 12 if twelve else moment.hour
        total_seconds = round(value * 86400)
        match token:
            case "yyyy" | "e":
                out.append(str(moment.year))
            case "yy":
                out.append(f"{moment.year % 100:02d}")
            case "mmmmm":
                out.append(_MONTHS[moment.month - 1][0])
            case "mmmm":
                out.append(_MONTHS[moment.month - 1])
            case "mmm":
                out.append(_MONTHS[moment.month - 1][:3])
            case "mm":
                out.append(f"{moment.minute:02d}" if minute else f"{moment.month:02d}")
            case "m":
                out.append(str(moment.minute) if minute else str(moment.month))
            case "dddd":
                out.append(_DAYS[moment.weekday()])
            case "ddd":
                out.append(_DAYS[moment.weekday()][:3])
            case "dd":
                out.append(f"{moment.day:02d}")
            case "d":
                out.append(str(moment.day))
            case "hh":
                out.append(f"{hour:02d}")
            case "h":
                out.append(str(hour))
            case "ss":
                out.append(f"{moment.second:02d}")
            case "s":
                out.append(str(moment.second))
            case "am/pm":
                out.append("AM" if moment.hour < 12 else "PM")
            case "a/p":
                out.append("A" if moment.hour < 12 else "P")
            case "上午/下午":
                out.append("上午" if moment.hour < 12 else "下午")
            case _ if token.startswith("["):
                unit = token.strip("[]")
                width = len(unit)
                amount = {"h": total_seconds // 3600, "m": total_seconds // 60,
                          "s": total_seconds}[unit[0]]
                out.append(str(amount).zfill(width))
            case _ if token.startswith("."):
                fraction = value * 86400 - math.floor(value * 86400)
                out.append("." + str(round(fraction * 10 ** (len(token) - 1)))
                           .zfill(len(token) - 1))
    return "".join(out)


def render(value: float | int, code: str, date1904: bool = False) -> str | None:
    """The text Excel shows for the number under `code`; None for General (print it
    plainly) or for what this renderer does not cover (fractions)."""
    try:
        sections = _compile(code)
        section, signed = _choose(sections, float(value))
        if section.kind == "general":
            return None
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
