"""Credit codes (GB 32100-2015) and citizen ID numbers (GB 11643-1999)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core.forms import UnitForm
from fazhi.core.models import Unit
from fazhi.core.validators import (
    CREDIT_CODE_CHARS,
    credit_code_check_char,
    id_number_check_char,
    make_credit_code,
    validate_credit_code,
    validate_id_number,
)


def _error(validator, value) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        validator(value)
    return exc.value


# --- credit codes ------------------------------------------------------------------------------

@pytest.mark.parametrize("region,serial", [("990102", 1), ("990103", 42), ("110105", 99999999), ("440300", 0)])
def test_made_credit_codes_are_valid(region, serial):
    code = make_credit_code(region, serial)
    assert len(code) == 18 and code[2:8] == region
    validate_credit_code(code)


def test_published_example_credit_code():
    # The example printed with GB 32100-2015 (a Fuzhou enterprise). Its check character, computed
    # with the standard's weights (1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28, mod 31), is 3.
    code = "91350100M000100Y43"
    assert credit_code_check_char(code[:17]) == "3"
    validate_credit_code(code)


def test_credit_code_check_character_by_hand():
    # Σ(value × weight) for "11990102000000051": 1·1 + 1·3 + 9·9 + 9·27 + 0·19 + 1·26 + 0·16 + 2·17
    # + 0·… + 5·30 + 1·28 = 566; 566 mod 31 = 8; 31 − 8 = 23 → CREDIT_CODE_CHARS[23] = "P".
    assert credit_code_check_char("11990102000000051") == "P"


def test_wrong_check_character_rejected():
    code = make_credit_code("990102", 5)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    error = _error(validate_credit_code, wrong)
    assert error.code == "check"
    assert f"第18位应为“{code[17]}”" in error.messages[0]


@pytest.mark.parametrize("value,length", [("", 0), ("1199010200000005", 16), ("11990102000000051P0", 19)])
def test_wrong_length_rejected(value, length):
    error = _error(validate_credit_code, value)
    assert error.code == "length"
    assert f"应为18位，当前为{length}位" in error.messages[0]


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_forbidden_letters_rejected(letter):
    code = make_credit_code("990102", 5)
    bad = code[:10] + letter + code[11:]
    error = _error(validate_credit_code, bad)
    assert error.code == "chars"
    assert f"不允许的字符“{letter}”" in error.messages[0]


def test_region_part_must_be_digits():
    first17 = "11A90102000000051"
    error = _error(validate_credit_code, first17 + credit_code_check_char(first17))
    assert error.code == "region"
    assert "行政区划码" in error.messages[0]


def _code_with_letter_check(region: str) -> str:
    return next(c for c in (make_credit_code(region, n) for n in range(1, 500)) if c[17].isalpha())


def test_lowercase_code_accepted_and_normalised_by_form(tree):
    code = _code_with_letter_check("990102")
    form = UnitForm(data={"name": "东城区城市管理局", "unit_type": "department", "region": "990102",
                          "parent": tree.gov_a.pk, "credit_code": f" {code.lower()} ", "is_active": True},
                    user=tree.admin)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["credit_code"] == code
    unit = form.save()
    assert Unit.objects.get(pk=unit.pk).credit_code == code


def test_form_rejects_lowercase_forbidden_letter(tree):
    code = make_credit_code("990102", 77)
    form = UnitForm(data={"name": "东城区城市管理局", "unit_type": "department", "region": "990102",
                          "credit_code": code[:12].lower() + "o" + code[13:], "is_active": True},
                    user=tree.admin)
    assert not form.is_valid()
    assert "不使用 I、O、S、V、Z" in form.errors["credit_code"][0]


# Positions 3–8 hold the registering authority's region code: digits only.
first17_codes = st.builds(
    lambda head, region, tail: head + region + tail,
    st.text(alphabet=CREDIT_CODE_CHARS, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=CREDIT_CODE_CHARS, min_size=9, max_size=9),
)


@given(first17=first17_codes, other=st.sampled_from(CREDIT_CODE_CHARS))
def test_check_character_property(first17, other):
    check = credit_code_check_char(first17)
    validate_credit_code(first17 + check)
    validate_credit_code((first17 + check).lower())  # the validator normalises case
    if other != check:
        assert _error(validate_credit_code, first17 + other).code == "check"


@given(first17=first17_codes, position=st.integers(0, 16), replacement=st.sampled_from(CREDIT_CODE_CHARS))
def test_single_character_change_detected(first17, position, replacement):
    # Mod 31 with weights coprime to 31: any one changed character changes the check character.
    code = first17 + credit_code_check_char(first17)
    changed = code[:position] + replacement + code[position + 1:]
    if changed != code and changed[2:8].isdigit():
        assert _error(validate_credit_code, changed).code == "check"


# --- citizen ID numbers ------------------------------------------------------------------------

def _id_number(region: str, born: datetime.date, serial: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{serial:03d}"
    return first17 + id_number_check_char(first17)


def test_published_example_id_number():
    # The example of GB 11643-1999: 11010519491231002X (check character computed, not copied).
    assert id_number_check_char("11010519491231002") == "X"
    validate_id_number("11010519491231002X")
    validate_id_number("11010519491231002x")  # lowercase x normalised


def test_valid_id_numbers():
    for number in (_id_number("990102", datetime.date(1980, 2, 29), 17),
                   _id_number("440524", datetime.date(2000, 1, 1), 1)):
        validate_id_number(number)


def test_wrong_id_check_character():
    number = _id_number("990102", datetime.date(1985, 6, 15), 123)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    error = _error(validate_id_number, wrong)
    assert error.code == "check"
    assert f"第18位应为“{number[17]}”" in error.messages[0]


def test_impossible_birth_date():
    first17 = "99010219990231001"  # 1999-02-31
    error = _error(validate_id_number, first17 + id_number_check_char(first17))
    assert error.code == "birth"
    assert "19990231" in error.messages[0] and "不是有效日期" in error.messages[0]


def test_future_birth_date():
    future = datetime.date.today() + datetime.timedelta(days=400)
    error = _error(validate_id_number, _id_number("990102", future, 1))
    assert error.code == "birth" and "不合理" in error.messages[0]


@pytest.mark.parametrize("value", ["", "11010519491231002", "11010519491231002X0", "1101051949123100ZX",
                                   "X1010519491231002X"])
def test_id_number_format(value):
    error = _error(validate_id_number, value)
    assert error.code == "format"
    assert "应为18位" in error.messages[0]


@given(region=st.text(alphabet="0123456789", min_size=6, max_size=6),
       born=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31)),
       serial=st.integers(0, 999),
       other=st.sampled_from("0123456789X"))
def test_id_check_character_property(region, born, serial, other):
    number = _id_number(region, born, serial)
    validate_id_number(number)
    if other != number[17]:
        assert _error(validate_id_number, number[:17] + other).code == "check"
