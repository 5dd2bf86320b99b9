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


def numeral_value(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 12 → 12: the numbers headings and references use
    (below 100); None for anything else."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _DIGITS + "十〇" for c in text):
        return None
    text = text.replace("〇", "零")
    if "十" not in text:
        return _DIGITS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(ones) if ones else 0)
