"""Phone numbers as Chinese organisations write them.

Clearly wrong (letters, too few digits) is an error; merely unusual is a warning.
A validator must never block a real number, so anything plausible passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Separators between several numbers in one cell, and marks inside one number.
_SPLIT = re.compile(r"[/、，,；;\n]+")
_EXTENSION = re.compile(r"(转|分机|ext\.?|x)\s*\d{1,6}$", re.IGNORECASE)
# An extension after a second dash: 010-88886666-801, (0739)82345678-8001.
_DASH_EXTENSION = re.compile(r"^([(（]?0\d{2,3}[)）]?\s*-?\s*\d{7,8})\s*-\s*\d{1,6}$")
_ALLOWED = re.compile(r"^[\d\s\-()（）+]+$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class PhoneVerdict:
    level: str  # "ok", "warning" or "error"
    reason: str = ""


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def check_one(number: str, expect_mobile: bool = False) -> PhoneVerdict:
    text = _EXTENSION.sub("", number.strip())
    text = _DASH_EXTENSION.sub(r"\1", text)
    if not _ALLOWED.match(text):
        return PhoneVerdict("error", "含有数字和 - ( ) + 以外的字符")
    digits = _digits(text)
    if text.lstrip().startswith("+86") or (digits.startswith("86") and len(digits) == 13):
        digits = digits[2:]
    if len(digits) < 3:
        return PhoneVerdict("error", "位数太少")
    if len(digits) > 13:
        return PhoneVerdict("error", "位数太多")
    if _MOBILE.match(digits):
        return PhoneVerdict("ok")
    if expect_mobile:
        return PhoneVerdict("warning", "不是11位手机号码，请确认")
    if digits.startswith(("400", "800")) and len(digits) == 10:
        return PhoneVerdict("ok")
    if digits.startswith("0") and 10 <= len(digits) <= 12:
        return PhoneVerdict("ok")  # landline with area code
    if digits.startswith("1") and len(digits) <= 5:
        return PhoneVerdict("ok")  # 110, 119, 120, 122, 12345, 12350 …
    if digits.startswith("9") and len(digits) == 5:
        return PhoneVerdict("ok")  # 95598, 96xxx service numbers
    if digits.startswith("0") and len(digits) in (8, 9) and digits[-5] == "9":
        return PhoneVerdict("ok")  # a local 95xxx/96xxx hotline written with its area code
    if len(digits) in (7, 8) and not digits.startswith("0"):
        return PhoneVerdict("warning", "固定电话缺少区号，请确认（如 0739-82345678）")
    return PhoneVerdict("warning", f"共{len(digits)}位数字，不像手机号（11位）、带区号的固定电话"
                        "（如 0739-82345678）、400/800号码或 110、12345、95598 这类服务号码，"
                        "请核对")


def check_phone(text: str, expect_mobile: bool = False) -> PhoneVerdict:
    """Check every number of a cell; the worst verdict wins."""
    worst = PhoneVerdict("ok")
    for part in (p for p in _SPLIT.split(text) if p.strip()):
        verdict = check_one(part, expect_mobile)
        if verdict.level == "error":
            return PhoneVerdict("error", f"“{part.strip()}”{verdict.reason}")
        if verdict.level == "warning" and worst.level == "ok":
            worst = PhoneVerdict("warning", f"“{part.strip()}”{verdict.reason}")
    return worst


def lost_leading_zero(number: float | int) -> bool:
    """A landline typed as an Excel number loses its 0: 073982345678 → 73982345678,
    010-88886666 → 1088886666. Mobiles and 400/800 numbers keep their digits."""
    digits = str(int(number))
    if _MOBILE.match(digits) or (len(digits) == 10 and digits.startswith(("400", "800"))):
        return False
    # With its 0 back it would be an area code (2–3 digits after the 0) and a 7–8 digit number.
    return len(digits) in (9, 10, 11)
