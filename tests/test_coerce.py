"""Cell values → typed values (SPEC §4.3): Excel floats, dates, text kept as typed."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.domain.values import Month
from docgen.report import Location, ValidationReport
from docgen.schema import ColumnRule
from docgen.validate.coerce import coerce

WHERE = Location("plan.xlsx", "风险", 7, "可能性")

TEXT = ColumnRule("应对措施", "measures")
INT_1_5 = ColumnRule("可能性", "likelihood", type="int", min=1, max=5)
COUNT = ColumnRule("从业人数", "staff_count", type="int", min=0)
NUMBER = ColumnRule("数量", "quantity", type="number", min=0)
DATE = ColumnRule("发布日期", "publish_date", type="date")
DATE_OR_MONTH = ColumnRule("计划时间", "when", type="date_or_month")
PHONE = ColumnRule("办公电话", "office_phone", type="phone")
MOBILE = ColumnRule("手机", "mobile", type="mobile")
CHOICE = ColumnRule("风险类别", "category", type="choice", values=("自然灾害", "技术故障", "其他"))
LIST = ColumnRule("成员", "members", type="list")


def run(raw, rule: ColumnRule):
    report = ValidationReport()
    return coerce(raw, rule, WHERE, report), report


def ok(raw, rule: ColumnRule):
    value, report = run(raw, rule)
    assert report.issues == [], [str(i) for i in report.issues]
    return value


def only_issue(report: ValidationReport):
    assert len(report.issues) == 1, [str(i) for i in report.issues]
    return report.issues[0]


# --- numbers -----------------------------------------------------------------


def test_phone_stored_as_float_prints_without_decimals():
    assert ok(13800138000.0, PHONE) == "13800138000"
    assert ok(13800138000.0, MOBILE) == "13800138000"


@pytest.mark.parametrize("raw", [5.0, 5, "5", " 5 ", "５", "'5", "’5", "5.0"])
def test_integer_forms(raw):
    value = ok(raw, INT_1_5)
    assert value == 5
    assert type(value) is int


def test_int_with_a_fraction_is_an_error():
    value, report = run(2.5, INT_1_5)
    assert value is None
    assert only_issue(report).code == "value.int"


def test_int_out_of_range_is_an_error():
    value, report = run(6, INT_1_5)
    assert value is None
    assert "应为1–5的整数" in only_issue(report).message


def test_word_where_a_score_belongs_is_a_located_error():
    value, report = run("高", INT_1_5)
    issue = only_issue(report)
    assert value is None
    assert (issue.severity.value, issue.code, issue.where) == ("错误", "value.int", WHERE)
    assert "应为1–5的整数" in issue.message
    assert "实际为“高”" in issue.message


def test_int_without_maximum_names_its_minimum():
    _, report = run("很多", COUNT)
    assert "不小于0的整数" in only_issue(report).message


@pytest.mark.parametrize(("raw", "expected"), [(2.0, 2), (2.5, 2.5), ("３", 3), ("1,200", 1200)])
def test_number_forms(raw, expected):
    value = ok(raw, NUMBER)
    assert value == expected
    assert type(value) is type(expected)


def test_negative_quantity_is_an_error():
    value, report = run(-1, NUMBER)
    assert value is None
    assert only_issue(report).code == "value.number"


# --- dates ---------------------------------------------------------------------


@pytest.mark.parametrize("raw", [
    "2026-3-18", "2026/3/18", "2026.3.18", "2026年3月18日", "2026-03-18", " 2026年3月18日 ",
    "２０２６年３月１８日", dt.date(2026, 3, 18), dt.datetime(2026, 3, 18), 46099, 46099.0,
])
def test_date_forms(raw):
    value = ok(raw, DATE)
    assert value == dt.date(2026, 3, 18)
    assert type(value) is dt.date


@pytest.mark.parametrize("raw", [32873, 73416, 120000, 5])
def test_serial_number_outside_1990_2100_is_an_error(raw):
    value, report = run(raw, DATE)
    assert value is None
    assert only_issue(report).code == "value.date"


def test_serial_numbers_at_the_edges_of_1990_2100():
    assert ok(32874, DATE) == dt.date(1990, 1, 1)
    assert ok(73051, DATE) == dt.date(2100, 1, 1)


def test_serial_number_late_in_2100_is_a_date():
    assert ok(73415, DATE) == dt.date(2100, 12, 31)


@pytest.mark.parametrize("raw", ["2026-2-30", "2026-13-1", "明年三月", "2026年6月"])
def test_impossible_or_month_only_date_is_an_error(raw):
    value, report = run(raw, DATE)
    assert value is None
    issue = only_issue(report)
    assert issue.code == "value.date"
    assert f"实际为“{raw}”" in issue.message


@pytest.mark.parametrize("raw", ["2026年6月", "2026-6", "2026/06", "2026.6"])
def test_month_only_is_accepted_for_date_or_month(raw):
    assert ok(raw, DATE_OR_MONTH) == Month(2026, 6)


def test_date_or_month_still_takes_full_dates():
    assert ok("2026年6月15日", DATE_OR_MONTH) == dt.date(2026, 6, 15)


def test_month_thirteen_is_an_error():
    value, report = run("2026年13月", DATE_OR_MONTH)
    assert value is None
    assert only_issue(report).code == "value.date_or_month"


# --- text ----------------------------------------------------------------------


@pytest.mark.parametrize("typed", [
    "转移  设备",
    "A & B < C > D \"引号\" '单引号'",
    "{{ plan.name }} {% if x %} {_{ y }_}",
    "防汛🌧️预警⚠",
    "第一步\t第二步",
    "第一行\n第二行\n\n第四行",
])
def test_text_is_kept_exactly_as_typed(typed):
    assert ok(typed, TEXT) == typed


def test_text_is_trimmed_of_surrounding_spaces_only():
    assert ok("  内 部 空格  ", TEXT) == "内 部 空格"


def test_windows_line_breaks_become_line_feeds():
    assert ok("第一行\r\n第二行\r第三行", TEXT) == "第一行\n第二行\n第三行"


def test_text_column_keeps_what_looks_like_a_number_or_date():
    assert ok("0739", TEXT) == "0739"
    assert ok("2026-3-18", TEXT) == "2026-3-18"
    assert ok("５号楼", TEXT) == "５号楼"  # no full-width normalisation in text


def test_numbers_and_dates_in_text_columns_print_plainly():
    assert ok(5.0, TEXT) == "5"
    assert ok(13800138000.0, TEXT) == "13800138000"
    assert ok(dt.date(2026, 3, 8), TEXT) == "2026年3月8日"


@pytest.mark.parametrize("char", ["\x0c", "\x07", "\x00", "\x1b"])
def test_control_characters_are_dropped_with_a_warning(char):
    value, report = run(f"转移{char}设备", TEXT)
    assert value == "转移设备"
    issue = only_issue(report)
    assert (issue.severity.value, issue.code, issue.where) == ("警告", "text.control", WHERE)


# --- choices and lists ------------------------------------------------------------


def test_choice_accepts_an_allowed_value():
    assert ok("技术故障", CHOICE) == "技术故障"
    assert ok(" 技术 故障 ", CHOICE) == "技术故障"


def test_choice_rejects_a_value_not_allowed_and_lists_the_allowed_ones():
    value, report = run("火灾", CHOICE)
    issue = only_issue(report)
    assert value is None
    assert issue.code == "value.choice"
    assert "自然灾害、技术故障、其他之一" in issue.message
    assert "实际为“火灾”" in issue.message


@pytest.mark.parametrize("typed", [
    "张三、李四，王五,赵六；钱七;孙八\n周九",
    "张三、 李四，，王五,赵六；钱七;孙八\r\n周九、",
])
def test_list_is_split_on_every_separator(typed):
    assert ok(typed, LIST) == ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九"]


def test_list_of_one_item():
    assert ok("张三", LIST) == ["张三"]
