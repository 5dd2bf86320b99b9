"""Chinese numerals for counts and headings: 一, 十二, 一百零一, 一万零一十."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_UNITS = ("", "十", "百", "千")
_GROUPS = ("", "万", "亿", "万亿")  # enough for any count a plan holds


def _below_10000(n: int) -> str:
    out, zero = "", False
    for power in range(3, -1, -1):
        digit = n // 10 ** power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[digit] + _UNITS[power]
    return out


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 101 → 一百零一, 10010 → 一万零一十: any count."""
    if n <= 0:
        return "零" if n == 0 else "负" + chinese_numeral(-n)
    groups = []
    while n:
        n, rest = divmod(n, 10000)
        groups.append(rest)
    out = ""
    for i in range(len(groups) - 1, -1, -1):
        group = groups[i]
        if group == 0:
            continue
        if out and group < 1000:
            out += "零"
        out += _below_10000(group) + _GROUPS[i]
    # 十二, not 一十二, when the number starts with a ten.
    return out[1:] if out.startswith("一十") else out
