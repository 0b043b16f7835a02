"""Validators for the identifiers the platform stores: region codes, credit codes, ID numbers.

Each raises django.core.exceptions.ValidationError with a Chinese message that says what is wrong.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# GB 32100-2015: 18 characters from this 31-character set (no I, O, S, V, Z).
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015, 5.2)."""
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位，当前为%(n)d位。") % {"n": len(code)}, code="length")
    bad = [c for c in code if c not in CREDIT_CODE_CHARS]
    if bad:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符“%(c)s”（不使用 I、O、S、V、Z）。") % {"c": bad[0]}, code="chars"
        )
    if not code[2:8].isdigit():
        raise ValidationError(_("统一社会信用代码第3至8位应为登记管理机关行政区划码（6位数字）。"), code="region")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位错误：第18位应为“%(e)s”，实际为“%(a)s”（GB 32100-2015）。")
            % {"e": expected, "a": code[17]},
            code="check",
        )


# GB 11643-1999 citizen identity numbers.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_number_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def validate_id_number(value: str) -> None:
    number = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(_("公民身份号码应为18位：前17位数字，最后一位为数字或X。"), code="format")
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("公民身份号码中的出生日期“%(d)s”不是有效日期。") % {"d": number[6:14]},
                              code="birth") from None
    if born > datetime.date.today() or born.year < 1880:
        raise ValidationError(_("公民身份号码中的出生日期“%(d)s”不合理。") % {"d": number[6:14]}, code="birth")
    expected = id_number_check_char(number[:17])
    if number[17] != expected:
        raise ValidationError(
            _("公民身份号码校验位错误：第18位应为“%(e)s”（GB 11643-1999）。") % {"e": expected}, code="check"
        )


def org_code_check_char(first8: str) -> str:
    """GB 11714 organisation code check character (positions 9–17 of a credit code hold the code)."""
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def make_credit_code(region_code: str, serial: int, prefix: str = "11") -> str:
    """A valid credit code for invented units (demo data, tests): 11 = organ registered by 机构编制."""
    org = f"{serial % 10**8:08d}"
    first17 = prefix + region_code[:6] + org + org_code_check_char(org)
    return first17 + credit_code_check_char(first17)
