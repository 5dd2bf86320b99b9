"""Numbers as Excel shows them under their cell's number format (docgen.read.numfmt).

Each row is a format code, the number the workbook stores and the text Excel shows
for it, checked against Microsoft's "Number format codes" and "Review guidelines for
customizing a number format" pages and, for the finer points, against Excel output
recorded in SheetJS's format tests (SSF test/oddities.json, exp.tsv, comma.tsv).

`shown` is what the reader prints: the rendering, or the plain General text
(docgen.domain.values.plain_number) where `render` leaves the number to its caller.
"""

from __future__ import annotations

import pytest

from docgen.domain.values import plain_number
from docgen.read.numfmt import BUILTIN, render, too_many_digits

DAY = 46099  # 2026-03-18, a Wednesday
H930 = 9.5 / 24  # 9:30
SECOND = 1 / 86400
ACCOUNTING = '_ "¥"* #,##0.00_ ;_ "¥"* \\-#,##0.00_ ;_ "¥"* "-"??_ ;_ @_ '  # 会计专用


def shown(code: str, value: float | int, date1904: bool = False) -> str:
    text = render(value, code, date1904)
    return plain_number(value) if text is None else text


# General prints the number plainly with at most 15 significant digits. Excel's
# General also switches to E notation when the digits outrun the column (1E+20,
# 1E-20, 1.23457E+17 in a standard-width cell); plans print the digits instead.
GENERAL = [
    ("General", 5, "5"),
    ("General", -5, "-5"),
    ("General", 5.0, "5"),
    ("General", 2.5, "2.5"),
    ("General", -0.125, "-0.125"),
    ("General", 0.1 + 0.2, "0.3"),
    ("General", 1.2345678901234567, "1.23456789012346"),
    ("General", 13800138000, "13800138000"),
    ("General", 123456789012345678, "123456789012346000"),
    ("General", 1e20, "100000000000000000000"),
    ("General", 1e-20, "0.00000000000000000001"),
    ("general", 7, "7"),
    ("", 7, "7"),
    # General among colours, conditions and literals
    ("[Red]General", 5, "5"),
    ("[Blue]General", -1, "-1"),
    ('General" 元"', 5, "5 元"),
    ("[Red][=50]General;[Blue]000", 50, "50"),
    ("[Red][=50]General;[Blue]000", 51, "051"),
    ("[Red]General ;[Blue]General\\ ;[Green]Generalp;[Yellow]General'", 50, "50 "),
    ("[Red]General ;[Blue]General\\ ;[Green]Generalp;[Yellow]General'", 0, "0p"),
    ('"General"0', 5, "General5"),
]

DIGITS = [
    ("0", 5, "5"),
    ("0", 2.5, "3"),  # halves round away from zero
    ("0", -2.5, "-3"),
    ("0", 0.4, "0"),
    ("0", -0.4, "-0"),  # the section is chosen by the value, not by its rounding
    ("0", -0.0, "0"),
    ("0.00", 2.5, "2.50"),
    ("0.00", 1.005, "1.01"),
    ("0.00", 1.0001, "1.00"),
    ("0.00", -1234.567, "-1234.57"),
    ("0.00", 0, "0.00"),
    ("0.0", -1, "-1.0"),
    ("0.0", -0.04, "-0.0"),
    ("#,##0", 1234567, "1,234,567"),
    ("#,##0", -1234567.5, "-1,234,568"),
    ("#,##0", 999.5, "1,000"),
    ("#,##0", 0, "0"),
    ("#,##0", -0.4, "-0"),
    ("#,##0.00", 1234.5, "1,234.50"),
    ("#,##0.00", 0.5, "0.50"),
    ("#,##0.00", -0.005, "-0.01"),
    ("#,##0.00", 1000000, "1,000,000.00"),
    ("#,##0.0", 1234, "1,234.0"),
    ("#,###", 12345.6789, "12,346"),
    ("#,###", 0, ""),
    ("###,###", 1234, "1,234"),
    ("#,###.00", 0.99, ".99"),
    ("#.##", 1, "1."),  # Excel keeps the point of a whole number
    ("#.##", 0, "."),
    ("#.##", 0.5, ".5"),
    ("0.##", 2, "2."),
    ("0.##", 1.007, "1.01"),
    ("0.##", -1.2, "-1.2"),
    ("#0.#", 12.34, "12.3"),
    ("0.0#", 12.345, "12.35"),
    ("0.0#", 1234.5, "1234.5"),
    ("0.0#", 0.0012345, "0.0"),
    ("?.??", 2.5, "2.5 "),  # ? keeps the place of an insignificant zero with a space
    ("0.0?", 2.5, "2.5 "),
    ("#", 0, ""),
    ("#0#######", 12345.6789, "012346"),
    # No more than the 15 significant digits Excel keeps: an ID number typed as a
    # number comes back from the file as the float 110101199003071008.
    ("0", 110101199003071008, "110101199003071000"),
    ("0", 1e20, "100000000000000000000"),
    ("#,##0", 1234567890123456789, "1,234,567,890,123,460,000"),
    ("0.00000000000000000", 0.1 + 0.2, "0.30000000000000000"),
    ("0.00", 1234567890.123456, "1234567890.12"),
]

PERCENT = [
    ("0%", 0.15, "15%"),
    ("0%", 0.155, "16%"),
    ("0%", 0.005, "1%"),
    ("0%", 1, "100%"),
    ("0%", -0.5, "-50%"),
    ("0.0%", 0.1234, "12.3%"),
    ("0.0%", -0.1234, "-12.3%"),
    ("0.0%", 0.00049, "0.0%"),
    ("0.00%", 0.12345, "12.35%"),
    ("0.0%;-0.0%", -0.1, "-10.0%"),
    ('0.00"%"', 5, "5.00%"),  # a quoted % is only text
]

LEADING_ZEROS = [
    ("000", 1, "001"),
    ("000", 12, "012"),
    ("000", 1234, "1234"),
    ("000", -5, "-005"),
    ("00000", 0, "00000"),
    ("000.0", 1.25, "001.3"),
    ("0,000", 5, "0,005"),
    ("0,000", 12345, "12,345"),
    ("#,#00", 5, "05"),
    ("00,000.00", 12345, "12,345.00"),
    ("00,000.00,", 12345, "00,012.35"),
    # Literals between the placeholders stay in place: phone and post codes.
    ("0000-00000000", 1088886666, "0010-88886666"),
    ("000-0000-0000", 13800138000, "138-0013-8000"),
    ("00000-0000", 941051630, "94105-1630"),
    ("00000-0000", 12345.6789, "00001-2346"),
    ("000-00-0000", 123456789, "123-45-6789"),
    ("00000\\-0000", 941051630, "94105-1630"),
    # A literal shows while digits remain to its left or a 0 placeholder precedes it
    # (Excel shows every literal: -0-5, ###-#### shows 5 as -5).
    ("#-0-#", 5, "0-5"),
    ("0-#-#", 5, "0--5"),
    ("###-####", 5, "5"),
]

CURRENCY = [
    ("¥#,##0.00", 1234.5, "¥1,234.50"),
    ("¥#,##0.00", -1234.5, "-¥1,234.50"),  # one section: the sign comes first
    ('"¥"#,##0;-"¥"#,##0', 1234, "¥1,234"),
    ('"¥"#,##0;-"¥"#,##0', -1234, "-¥1,234"),
    ('"¥"#,##0;-"¥"#,##0', 0, "¥0"),
    ('"¥"#,##0.00;[Red]"¥"-#,##0.00', -5, "¥-5.00"),
    ("[$¥-804]#,##0.00", 1234.5, "¥1,234.50"),
    ("[$$-409]#,##0.00", 1234.5, "$1,234.50"),
    ("#,##0.00[$元-804]", 5, "5.00元"),
    ("[$INR]\\ #,##0.00", 3.14159, "INR 3.14"),
    ("[$£-809]#,##0.0000;\\-[$£-809]#,##0.0000", -3.14159, "-£3.1416"),
    ('"Rs."#,##0.00', -51968287, "-Rs.51,968,287.00"),
    ('"£"#.####;-"£"#.####', 3.141592654, "£3.1416"),
    ("$#.00", -3.14159, "-$3.14"),
    ('"-"0.00', -3.14159, "--3.14"),  # a literal minus and the sign
    # 会计专用: _x leaves the width of x as a space; the * fill has no width to fill.
    (ACCOUNTING, 1234.5, " ¥1,234.50 "),
    (ACCOUNTING, -1234.5, " ¥-1,234.50 "),
    (ACCOUNTING, 0, " ¥-   "),
]

SECTIONS = [
    ('0;(0);"zero";@', 5, "5"),
    ('0;(0);"zero";@', -5, "(5)"),
    ('0;(0);"zero";@', 0, "zero"),
    ("0;(0)", -5, "(5)"),
    ("0;(0)", 0, "0"),
    ("0;0", -1.1, "1"),
    ('0.0;-0.0;"零"', -0.04, "-0.0"),
    ('0.00;"负"0.00', -5, "负5.00"),
    ('$0.00" Surplus";$-0.00" Shortage"', 125.74, "$125.74 Surplus"),
    ('$0.00" Surplus";$-0.00" Shortage"', -125.74, "$-125.74 Shortage"),
    ('"foo";"bar";"baz";"qux"', -1, "bar"),
    ('"foo";"bar";"baz"', 0, "baz"),
    ('"foo";"bar";@', 0, "foo"),  # a last section with @ is the text section
    ('"foo";"bar"', 0, "foo"),
    ('0;-0;0;@"元"', 5, "5"),
    ("0.00;;", -5, ""),  # an empty section hides the number
    ("0;;;", 0, ""),
    (";;;", 5, ""),
    ('"a;b"0', 5, "a;b5"),
    ("#,##0 ;(#,##0)", 1234, "1,234 "),
    ("#,##0_);(#,##0)", 1234, "1,234 "),
    ("#,##0_);[Red](#,##0)", -1234, "(1,234)"),
]

COLOURS = [
    ("[Red]0", 5, "5"),
    ("0;[Red]-0", -5, "-5"),
    ("[Blue]0.00;[Red]-0.00", -1.5, "-1.50"),
    ("[Green]#,##0", 1234, "1,234"),
    ("[Color10]0", 5, "5"),
    ("[Black]0;[Magenta]-0;[Cyan]0;[White]@", 0, "0"),
]

CONDITIONS = [
    ('[>=100]"big";"small"', 150, "big"),
    ('[>=100]"big";"small"', 50, "small"),
    ("[>=100]0.0;0", 150, "150.0"),
    ("[>=100]0.0;0", 50, "50"),
    ('[<0]"neg";0', -3, "neg"),
    ('[=1]"一";[=2]"二";0', 2, "二"),
    ('[=1]"一";[=2]"二";0', 3, "3"),
    ("[Red][<=100]0;[Blue][>100]0.0", 50, "50"),
    ("[Red][<=100]0;[Blue][>100]0.0", 150, "150.0"),
    ("[<>50]0;000", 50, "050"),
    ("[<=9999999]###-####;(###) ###-####", 8675309, "867-5309"),
    ("[<=9999999]###-####;(###) ###-####", 2813308004, "(281) 330-8004"),
    ("[<1].00¢;$0.00_¢", 0.35, ".35¢"),
    ("[<1].00¢;$0.00_¢", 3, "$3.00 "),
    ("[>=0.5]0.0;0", 0.75, "0.8"),
]

LITERALS = [
    ('0" 人"', 5, "5 人"),
    ('0"人"', 5, "5人"),
    ('"共"0"项"', 12, "共12项"),
    ('0.0"万元"', 12.34, "12.3万元"),
    ('#,##0.00 "元"', 1234.5, "1,234.50 元"),
    ("0\\ \\k\\g", 5, "5 kg"),
    ('"值："0', 3, "值：3"),
    ('0""', 5, "5"),
    ('"a"', 5, "a"),
    ("0_)", 5, "5 "),
    ("0_);(0)", -5, "(5)"),
    ("_-* #,##0_-", 5, " 5 "),
    ("*-0", 5, "5"),  # the fill character repeats to the cell's width: none here
    ("0*x", 5, "5"),
    ("@", 5, "5"),  # a text format shows a number as General
    ('@"元"', 5, "5"),
]

SCALING = [
    ("0,", 1234567, "1235"),
    ("0,,", 1234567890, "1235"),
    ("0.0,,", 1234567890, "1234.6"),
    ("#,##0,", 1234567, "1,235"),
    ('0.0,,"M"', 1500000, "1.5M"),
    ('0,"K"', 1500, "2K"),
    ('#,##0.00,,"百万"', 123456789, "123.46百万"),
    ("#.0000,", 1234, "1.2340"),
    ("#.0000,,", 0.99, ".0000"),
    ("#.0000,,,", 1234567890, "1.2346"),
]

SCIENTIFIC = [
    ("0.00E+00", 12345, "1.23E+04"),
    ("0.00E+00", 0.000123, "1.23E-04"),
    ("0.00E+00", -12345, "-1.23E+04"),
    ("0.00E+00", 0, "0.00E+00"),
    ("0.00E+00", 1e300, "1.00E+300"),
    ("0.00E-00", 12345, "1.23E04"),  # E- shows only a negative exponent's sign
    ("0.00E-00", 0.00123, "1.23E-03"),
    ("0E+0", 5, "5E+0"),
    ("0.0E+0", 1234567, "1.2E+6"),
    # A mantissa rounding up to one digit more moves the exponent.
    ("0.00E+00", 9.999, "1.00E+01"),
    ("0.00E+00", -9.999, "-1.00E+01"),
    ("0.00E+00", 99999, "1.00E+05"),
    ("0E+0", 9.6, "1E+1"),
    # Engineering notation: with # among the integer placeholders the exponent is a
    # multiple of their count.
    ("##0.0E+0", 0, "0.0E+0"),
    ("##0.0E+0", 1, "1.0E+0"),
    ("##0.0E+0", 12, "12.0E+0"),
    ("##0.0E+0", 123, "123.0E+0"),
    ("##0.0E+0", 1234, "1.2E+3"),
    ("##0.0E+0", 12345, "12.3E+3"),
    ("##0.0E+0", 123456789, "123.5E+6"),
    ("##0.0E+0", 0.000123457, "123.5E-6"),
    ("##0.0E+0", 1.23457e-13, "123.5E-15"),
    ("##0.0E+0", 999.96, "1.0E+3"),
    ("#0.0E+0", 123.456789, "1.2E+2"),
    ("#0.0E+0", 1.23457e-13, "12.3E-14"),
    ("###0.0E+0", 12345678.9, "1234.6E+4"),
    ("####0.0E+0", 1234567890, "12345.7E+5"),
]

DATES = [
    ("yyyy-m-d", DAY, "2026-3-18"),
    ("yyyy/mm/dd", DAY, "2026/03/18"),
    ('yyyy"年"m"月"d"日"', DAY, "2026年3月18日"),
    ("yyyy年m月d日", DAY, "2026年3月18日"),
    ('[$-804]yyyy"年"m"月"d"日"', DAY, "2026年3月18日"),
    ("[$-zh-CN]yyyy-mm-dd", DAY, "2026-03-18"),
    ("yyyy-mm-dd;@", DAY, "2026-03-18"),
    ("YYYY-MM-DD", DAY, "2026-03-18"),
    ("yy-mm-dd", DAY, "26-03-18"),
    ("m/d/yyyy", DAY, "3/18/2026"),
    ("dd/mm/yyyy", DAY, "18/03/2026"),
    ("d-mmm-yy", DAY, "18-Mar-26"),
    ("mmm-yy", DAY, "Mar-26"),
    ("[$-409]mmm\\-yy", 12345, "Oct-33"),
    ("mmmm", DAY, "March"),
    ("mmmmm", DAY, "M"),
    ("dddd", DAY, "Wednesday"),
    ("ddd", DAY, "Wed"),
    ("dd", DAY, "18"),
    ("m", DAY, "3"),
    ("yyyy.mm.dd", DAY, "2026.03.18"),
    ("yyyy.m.d", DAY, "2026.3.18"),
    ("d.m.yyyy", DAY, "18.3.2026"),
    ("[$-409]mmmm d, yyyy", DAY, "March 18, 2026"),
    ("yyyy-mm-dd", DAY + 0.75, "2026-03-18"),
    ("yyyy-mm-dd", 61, "1900-03-01"),
]

TIMES = [
    ("h:mm", H930, "9:30"),
    ("h:mm", DAY + H930, "9:30"),
    ("hh:mm", H930, "09:30"),
    ("h:mm:ss", H930 + 5 * SECOND, "9:30:05"),
    ("h:mm", 0, "0:00"),
    ("m:s", 0.0005, "0:43"),
    ("mm:ss", 0.25 / 24, "15:00"),
    ("mm:ss", DAY + 0.25 / 24, "15:00"),
    ("[h]:mm", 26 / 24, "26:00"),
    ("[h]:mm:ss", 26 / 24 + 5 * SECOND, "26:00:05"),
    ("[h]:mm:ss;@", 2.9999999999999996, "72:00:00"),
    ("[h]:mm:ss", DAY + H930, "1106385:30:00"),
    ("[mm]:ss", 1.5 / 24, "90:00"),
    ("[ss]", 0.01, "864"),
    ("h:mm AM/PM", H930, "9:30 AM"),
    ("h:mm AM/PM", 0.75, "6:00 PM"),
    ("h:mm AM/PM", 0, "12:00 AM"),
    ("h:mm AM/PM", 0.5, "12:00 PM"),
    ("hh:mm AM/PM", 0.7, "04:48 PM"),
    ("hh:mm:ss am/pm", 0.5, "12:00:00 PM"),
    ("h:mm A/P", 0.75, "6:00 P"),
    ("A/P", 0.7, "P"),
    ('上午/下午h"时"mm"分"', 0.75, "下午6时00分"),
    ('上午/下午h"时"mm"分"', H930, "上午9时30分"),
    ('h"时"mm"分"', H930, "9时30分"),
    ("mm:ss.0", (15 * 60 + 0.5) * SECOND, "15:00.5"),
    ("hh:mm:ss.000", 0.70707, "16:58:10.848"),
    ("hh.000", 0.70707, "16.848"),
    ("yyyy/m/d h:mm", DAY + 0.5, "2026/3/18 12:00"),
    ("yyyy-mm-dd hh:mm:ss", DAY + (13 * 3600 + 5 * 60 + 9) * SECOND, "2026-03-18 13:05:09"),
    # A time rounds to the finest unit the format shows (seconds or their digits),
    # and every field is read from the rounded time; a date alone does not round up.
    ("h:mm:ss", 0.5 + 0.4 * SECOND, "12:00:00"),
    ("h:mm:ss", 0.5 + 0.6 * SECOND, "12:00:01"),
    ("h:mm:ss.0", 0.5 + 0.96 * SECOND, "12:00:01.0"),
    ("hh:mm:ss.000", 0.7, "16:48:00.000"),
    ("hh .00 .000", 0.70707, "16 .84 .848"),
    ("mm:ss.0", 46099.3958333333, "30:00.0"),  # 9:30 stored to ten places
    ("[h]:mm:ss", 3599.6 * SECOND, "1:00:00"),
    ("[m]:ss", 59.6 * SECOND, "1:00"),
    ("[ss]", 59.6 * SECOND, "60"),
    ("[h]:mm", 0.9999999, "24:00"),
    ("h:mm", 0.99999999, "0:00"),
    ("yyyy-mm-dd", DAY + 0.9999999, "2026-03-18"),
    ("h:mm;@", H930, "9:30"),
    ("[$-409]h:mm:ss AM/PM;@", H930, "9:30:00 AM"),
]

ROWS = (GENERAL + DIGITS + PERCENT + LEADING_ZEROS + CURRENCY + SECTIONS + COLOURS + CONDITIONS
        + LITERALS + SCALING + SCIENTIFIC + DATES + TIMES)


@pytest.mark.parametrize(("code", "value", "expected"), ROWS)
def test_shown_as_excel_shows_it(code: str, value: float | int, expected: str) -> None:
    assert shown(code, value) == expected


# (built-in format id, value, text): the ids a workbook may use without writing out
# their code, with the zh-CN variants Chinese Excel uses.
BUILTINS = [
    (1, 2.5, "3"),
    (2, 2.5, "2.50"),
    (3, 1234567, "1,234,567"),
    (4, 1234.5, "1,234.50"),
    (9, 0.15, "15%"),
    (10, 0.12345, "12.35%"),
    (11, 12345, "1.23E+04"),
    (14, DAY, "2026/3/18"),
    (20, H930, "9:30"),
    (21, H930, "9:30:00"),
    (22, DAY + 0.5, "2026/3/18 12:00"),
    (27, DAY, "2026年3月"),
    (31, DAY, "2026年3月18日"),
    (32, H930, "9时30分"),
    (33, H930, "9时30分00秒"),
    (34, 0.75, "下午6时00分"),
    (35, H930, "上午9时30分00秒"),
    (37, -1234.5, "(1,235)"),
    (38, 1234, "1,234 "),
    (39, -1234.5, "(1,234.50)"),
    (40, 1234.5, "1,234.50"),
    (45, 0.25 / 24, "15:00"),
    (46, 26 / 24, "26:00:00"),
    (48, 12345, "12.3E+3"),
    (47, 46099.3958333333, "3000.0"),
    (58, DAY, "3月18日"),
]


@pytest.mark.parametrize(("number", "value", "expected"), BUILTINS)
def test_builtin_formats(number: int, value: float, expected: str) -> None:
    assert shown(BUILTIN[number], value) == expected


# What render leaves to the caller's plain General rendering (None).
LEFT_TO_CALLER = [
    ("General", 5),
    ("@", 5),
    ("# ?/?", 1.5),  # fractions: Excel shows 1 1/2
    ("# ??/??", 1.25),
    ("?/?", 0.5),
    ("yyyy-mm-dd", -1),  # Excel shows ##### for a negative date
    ("[h]:mm", -1),
    ("yyyy-mm-dd", 2958466),  # past 9999-12-31: ##### too
    ("0", float("inf")),
    ("0.0", float("nan")),
    ("h:mm", float("nan")),
    ('"a"', float("nan")),
    ("0", 1e300),  # more digits than the decimal arithmetic carries
    ("0", 10 ** 400),
]


@pytest.mark.parametrize(("code", "value"), LEFT_TO_CALLER)
def test_left_to_the_caller(code: str, value: float) -> None:
    assert render(value, code) is None


def test_1904_date_system() -> None:
    assert render(0, "yyyy-mm-dd", date1904=True) == "1904-01-01"
    assert render(DAY - 1462, "yyyy-m-d", date1904=True) == "2026-3-18"
    assert render(DAY, "yyyy-m-d", date1904=False) == "2026-3-18"


@pytest.mark.parametrize(("value", "expected"), [
    (10 ** 15, True), (-(10 ** 15), True), (10 ** 15 - 1, False), (1e15, True),
    (1.5e15, True), (12345.5, False), (True, False), ("1000000000000000", False),
    (float("inf"), False), (float("nan"), False),
])
def test_too_many_digits(value: object, expected: bool) -> None:
    assert too_many_digits(value) is expected  # type: ignore[arg-type]


def _differs(code: str, value: float, excel: str, why: str):
    return pytest.param(code, value, excel, marks=pytest.mark.xfail(strict=True, reason=why))


# Where the renderer knowingly differs from Excel: the text Excel shows, expected to
# fail until the renderer learns it (strict: a row that starts passing says so).
DEVIATIONS = [
    _differs("yyyy-mm-dd", 0, "1900-01-00", "serials before March 1900 are a day early"),
    _differs("yyyy-mm-dd", 1, "1900-01-01", "serials before March 1900 are a day early"),
    _differs("yyyy-mm-dd", 60, "1900-02-29", "Excel's nonexistent 1900-02-29"),
    _differs("# ?/?", 1.5, "1 1/2", "fractions are left to the plain rendering"),
    _differs("# ??/??", 12.3456789, "12 28/81", "fractions are left to the plain rendering"),
    _differs('yyyy"年"m"月"d"日" aaaa', DAY, "2026年3月18日 星期三", "aaaa (星期) is not read"),
    _differs("[$-804]dddd", DAY, "星期三", "locale tags do not change day and month names"),
    _differs("[$-804]mmmm", DAY, "三月", "locale tags do not change day and month names"),
    _differs("[DBNum1][$-804]General", 123, "一百二十三", "[DBNum1] numerals are not read"),
    _differs("###\\###\\##0.00", 0.101, "##0.10", "Excel shows every literal among digits"),
    _differs("###-####", 5, "-5", "Excel shows every literal among digits"),
    _differs('"This is a ".00"test"000', 3.14159, "This is a 3.14test159",
             "literals among the decimals are dropped"),
    _differs("h:mm a/p", 0.75, "6:00 p", "A/P prints upper case whatever the code's case"),
    _differs("[>=100]0", -5, "-5", "a conditional section never prints the sign"),
    _differs("e", DAY, "2026", "e is the year only after another date token"),
]


@pytest.mark.parametrize(("code", "value", "expected"), DEVIATIONS)
def test_known_deviations_from_excel(code: str, value: float, expected: str) -> None:
    assert shown(code, value) == expected
