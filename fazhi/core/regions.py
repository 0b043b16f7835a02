"""Region codes (GB/T 2260 with the statistical 9- and 12-digit extensions).

province 990000, city 990100, county 990102, township 990102001, village 990102001001.
A region's *prefix* is the part of its code that all its descendants share; subtree queries are
`code__startswith=prefix`, so the tree needs no join and no recursive query.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    PROVINCE = 1, _("省级")
    CITY = 2, _("市级")
    COUNTY = 3, _("县级")
    TOWNSHIP = 4, _("乡级")
    VILLAGE = 5, _("村级")


_PATTERNS = {
    Level.PROVINCE: (r"\d{2}0000", _("省级区划代码为6位数字，后4位为0（如 990000）")),
    Level.CITY: (r"\d{4}00", _("市级区划代码为6位数字，后2位为0、第3至4位不为0（如 990100）")),
    Level.COUNTY: (r"\d{6}", _("县级区划代码为6位数字，后2位不为0（如 990102）")),
    Level.TOWNSHIP: (r"\d{9}", _("乡级区划代码为9位数字（县级代码加3位，如 990102001）")),
    Level.VILLAGE: (r"\d{12}", _("村级区划代码为12位数字（乡级代码加3位，如 990102001001）")),
}


def prefix_of(code: str, level: int) -> str:
    if level == Level.PROVINCE:
        return code[:2]
    if level == Level.CITY:
        return code[:4]
    return code


def level_of(code: str) -> int | None:
    """The level a well-formed code belongs to, or None."""
    if re.fullmatch(r"\d{12}", code):
        return Level.VILLAGE
    if re.fullmatch(r"\d{9}", code):
        return Level.TOWNSHIP
    if re.fullmatch(r"\d{6}", code):
        if code[2:] == "0000":
            return Level.PROVINCE
        if code[4:] == "00":
            return Level.CITY
        return Level.COUNTY
    return None


def validate_code_for_level(code: str, level: int) -> None:
    pattern, hint = _PATTERNS[Level(level)]
    ok = re.fullmatch(pattern, code or "") and level_of(code) == level
    if not ok:
        raise ValidationError(
            gettext("区划代码“%(code)s”与级别“%(level)s”不符：%(hint)s。")
            % {"code": code, "level": Level(level).label, "hint": hint},
            code="region_code",
        )


def validate_parent(code: str, level: int, parent_code: str | None, parent_level: int | None) -> None:
    if level == Level.PROVINCE:
        if parent_code:
            raise ValidationError(gettext("省级区划不能有上级区划。"), code="region_parent")
        return
    if not parent_code:
        raise ValidationError(gettext("%(level)s区划必须指定上级区划。") % {"level": Level(level).label},
                              code="region_parent")
    if parent_level != level - 1:
        raise ValidationError(
            gettext("上级区划应为%(expected)s，实际为%(actual)s。")
            % {"expected": Level(level - 1).label, "actual": Level(parent_level).label},
            code="region_parent",
        )
    if not code.startswith(prefix_of(parent_code, parent_level)):
        raise ValidationError(
            gettext("区划代码“%(code)s”不在上级区划“%(parent)s”的代码范围内（应以“%(prefix)s”开头）。")
            % {"code": code, "parent": parent_code, "prefix": prefix_of(parent_code, parent_level)},
            code="region_parent",
        )


def ancestor_codes(prefix: str) -> list[str]:
    """Codes of the regions above the region whose prefix is given (province first)."""
    candidates = [(2, prefix[:2] + "0000"), (4, prefix[:4] + "00"), (6, prefix[:6]), (9, prefix[:9])]
    return [code for length, code in candidates if len(prefix) > length]
