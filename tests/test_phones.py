"""Phone numbers (SPEC §4.1 通讯录): clearly wrong is an error, unusual is a warning."""

from __future__ import annotations

import pytest

from docgen.validate.phones import check_phone, lost_leading_zero


@pytest.mark.parametrize("number", [
    "13800138000",
    "0739-82345678",
    "073982345678",
    "(0739)82345678",
    "（0739）82345678",
    "010-88886666",
    "010-88886666转801",
    "010-88886666 分机 801",
    "400-800-1234",
    "800-820-8820",
    "110",
    "119",
    "120",
    "122",
    "12345",
    "95598",
    "96110",
    "10086",
    "+86 138 0013 8000",
    "8613800138000",
])
def test_real_numbers_are_ok(number):
    assert check_phone(number).level == "ok", check_phone(number).reason


@pytest.mark.parametrize("number", ["+86-10-88886666", "0739-8234567", "1088886666"])
def test_plausible_numbers_are_never_blocked(number):
    # unusual forms may be warned about, but a validator must never block a real number
    assert check_phone(number).level != "error"


@pytest.mark.parametrize("number", ["abc123", "电话未知", "138-0013-800O"])
def test_letters_are_an_error(number):
    verdict = check_phone(number)
    assert verdict.level == "error"
    assert number in verdict.reason


@pytest.mark.parametrize("number", ["12", "1", "-"])
def test_too_few_or_too_many_digits_are_an_error(number):
    assert check_phone(number).level == "error"


@pytest.mark.parametrize("number", ["82345678", "8234567"])
def test_local_number_without_area_code_is_a_warning(number):
    verdict = check_phone(number)
    assert verdict.level == "warning"
    assert "区号" in verdict.reason


@pytest.mark.parametrize("number", ["0739-82345678", "119", "400-800-1234"])
def test_non_mobile_in_a_mobile_field_is_a_warning(number):
    assert check_phone(number, expect_mobile=False).level == "ok"
    verdict = check_phone(number, expect_mobile=True)
    assert verdict.level == "warning"
    assert "手机" in verdict.reason


def test_mobile_in_a_mobile_field_is_ok():
    assert check_phone("13800138000", expect_mobile=True).level == "ok"


@pytest.mark.parametrize("cell", [
    "13800138000/0739-82345678",
    "13800138000 / 0739-82345678",
    "13800138000、0739-82345678",
    "13800138000、119、010-88886666转801",
])
def test_several_numbers_in_one_cell(cell):
    assert check_phone(cell).level == "ok"


def test_worst_number_of_a_cell_wins():
    assert check_phone("13800138000/82345678").level == "warning"
    error = check_phone("13800138000、abc")
    assert error.level == "error"
    assert "abc" in error.reason


@pytest.mark.parametrize("number", ["010-88886666-801", "0739-82345678-8001"])
def test_extension_after_a_dash_is_not_blocked(number):
    assert check_phone(number).level != "error"


def test_landline_that_lost_its_leading_zero():
    assert lost_leading_zero(73982345678) is True
    assert lost_leading_zero(73982345678.0) is True
    assert lost_leading_zero(2188886666) is True


@pytest.mark.parametrize("number", [13800138000, 119, 12345, 82345678])
def test_mobiles_and_short_numbers_did_not_lose_a_zero(number):
    assert lost_leading_zero(number) is False


def test_beijing_landline_that_lost_its_leading_zero():
    assert lost_leading_zero(1088886666) is True


@pytest.mark.parametrize("number", ["0518-96889", "0739-95598"])
def test_local_hotline_with_area_code_is_accepted(number):
    assert check_phone(number).level == "ok"


def test_unusual_number_warning_says_what_was_expected():
    verdict = check_phone("123456789")
    assert verdict.level == "warning"
    assert "9位" in verdict.reason and "0739-82345678" in verdict.reason
