"""The organisation tree's import kinds: regions, units, staff (bound to fazhi.core.forms).

Lookups (a region by code, a unit by credit code or by name) go through the access layer for the
importing user, with the same "change" querysets as the forms, and are cached for the whole file:
one query per distinct code or name, not per row. A record saved by an earlier row is added to the
caches, so later rows can refer to it.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core import regions
from fazhi.core.access import CHANGE, Role, Scope
from fazhi.core.forms import RegionForm, StaffForm, UnitForm, writable_regions
from fazhi.core.models import Region, Unit, UnitType
from fazhi.core.services import save_region, save_staff, save_unit
from fazhi.core.validators import CREDIT_CODE_CHARS
from fazhi.imports.registry import Column, ImportContext, ImportKind, Row, register

_CREDIT_CODE = re.compile(f"[{CREDIT_CODE_CHARS}]{{18}}")


class TreeLookups(ImportContext):
    """Regions and units the importing user may change, cached by code and name for one import."""

    def __init__(self, user: Any):
        super().__init__(user)
        self._regions: dict[tuple[str, type], Region | None] = {}
        self._units_by_code: dict[str, Unit | None] = {}
        self._units_by_name: dict[str, list[Unit]] = {}

    def region(self, code: str, for_model: type = Region) -> Region | None:
        """A region in which the user may place records of `for_model` (a region's parent, a unit…)."""
        key = (str(code), for_model)
        if key not in self._regions:
            self._regions[key] = writable_regions(self.user, for_model).filter(code=key[0]).first()
        return self._regions[key]

    def remember_region(self, region: Region) -> None:
        # A region created by an earlier row: look it up afresh for every purpose.
        self._regions = {k: v for k, v in self._regions.items() if k[0] != region.code}

    def _units(self):
        return Unit.objects.visible_to(self.user, CHANGE).select_related("region")

    def unit(self, ref: str, near_region: str = "") -> tuple[Unit | None, str]:
        """A unit by credit code or by name; with several of that name, the one nearest `near_region`."""
        ref = str(ref).strip()
        code = ref.upper()
        if _CREDIT_CODE.fullmatch(code):
            if code not in self._units_by_code:
                self._units_by_code[code] = self._units().filter(credit_code=code).first()
            unit = self._units_by_code[code]
            if unit is None:
                return None, gettext("找不到统一社会信用代码为“%(c)s”的单位，或您无权管理该单位。") % {"c": code}
            return unit, ""
        if ref not in self._units_by_name:
            self._units_by_name[ref] = list(self._units().filter(name=ref))
        candidates = self._units_by_name[ref]
        if len(candidates) == 1:
            return candidates[0], ""
        if not candidates:
            return None, gettext("找不到名为“%(n)s”的单位，或您无权管理该单位。") % {"n": ref}
        level = regions.level_of(near_region) if near_region else None
        if level:
            # The same name in several regions (e.g. “司法局”): the row's region, then upwards.
            codes = [near_region, *reversed(regions.ancestor_codes(regions.prefix_of(near_region, level)))]
            for region_code in codes:
                matches = [u for u in candidates if u.region_id == region_code]
                if len(matches) == 1:
                    return matches[0], ""
        return None, gettext("有多个名为“%(n)s”的单位，请改填其统一社会信用代码。") % {"n": ref}

    def remember_unit(self, unit: Unit) -> None:
        if unit.credit_code:
            self._units_by_code[unit.credit_code] = unit
        if unit.name in self._units_by_name:
            self._units_by_name[unit.name].append(unit)


def _region_not_found(code: str) -> str:
    return gettext("区划代码“%(c)s”不存在，或不在您可管理的范围内。") % {"c": code}


# ---------------------------------------------------------------- regions


def region_form_data(row: Row, ctx: TreeLookups) -> dict[str, Any]:
    data = {"code": row["code"], "name": row["name"], "level": row["level"], "parent": row["parent"]}
    if row["parent"] and ctx.region(row["parent"]) is None:
        row.error("parent", _region_not_found(row["parent"]))
    return data


def save_region_row(form: RegionForm, ctx: TreeLookups) -> Region:
    region = save_region(actor=ctx.user, region=form.save(commit=False), validate=False)
    ctx.remember_region(region)
    return region


REGIONS = register(ImportKind(
    key="regions",
    label=_("行政区划"),
    description=_("按 GB/T 2260 代码导入行政区划：先写上级，再写下级。"),
    columns=(
        Column("区划代码", "code", required=True, example="990102",
               help=_("省级、市级、县级为6位数字，乡级9位，村级12位。")),
        Column("名称", "name", required=True, example="示范区"),
        Column("级别", "level", required=True, example="县级", choices=regions.Level.choices,
               help=_("须与区划代码的位数相符。")),
        Column("上级区划代码", "parent", example="990100",
               help=_("省级留空；其他级别必填，可以是本文件前面行中的区划。")),
    ),
    form_class=RegionForm,
    to_form_data=region_form_data,
    save=save_region_row,
    context=TreeLookups,
    roles=frozenset({Role.ADMIN}),
))


# ---------------------------------------------------------------- units


def unit_form_data(row: Row, ctx: TreeLookups) -> dict[str, Any]:
    data = {"name": row["name"], "short_name": row["short_name"], "unit_type": row["unit_type"],
            "region": row["region"], "parent": "", "credit_code": row["credit_code"], "is_active": True}
    region_code = str(row["region"])
    if region_code and not row.has_error("region") and ctx.region(region_code, Unit) is None:
        row.error("region", _region_not_found(region_code))
    if row["parent"]:
        parent, message = ctx.unit(row["parent"], near_region=region_code)
        if parent is None:
            row.error("parent", message)
        else:
            data["parent"] = parent.pk
    return data


def save_unit_row(form: UnitForm, ctx: TreeLookups) -> Unit:
    unit = save_unit(actor=ctx.user, unit=form.save(commit=False), validate=False)
    ctx.remember_unit(unit)
    return unit


UNITS = register(ImportKind(
    key="units",
    label=_("单位"),
    description=_("上级单位可以是已有单位，也可以是本文件前面行中的单位。"),
    columns=(
        Column("单位名称", "name", required=True, example="示范市司法局", help=_("同一区划内不能重名。")),
        Column("简称", "short_name", example="市司法局"),
        Column("单位类型", "unit_type", required=True, example=str(UnitType.DEPARTMENT.label),
               choices=UnitType.choices),
        Column("所属区划代码", "region", required=True, example="990100",
               help=_("须是您可管理的区划。")),
        Column("上级单位", "parent", example="示范市人民政府",
               help=_("填写上级单位的名称或统一社会信用代码；重名时请填统一社会信用代码。")),
        Column("统一社会信用代码", "credit_code", example="11990100000000027A",
               help=_("18位，按 GB 32100-2015 校验第18位。")),
    ),
    form_class=UnitForm,
    to_form_data=unit_form_data,
    save=save_unit_row,
    context=TreeLookups,
    non_field_column="单位名称",
))


# ---------------------------------------------------------------- staff


def staff_form_data(row: Row, ctx: TreeLookups) -> dict[str, Any]:
    data = {"username": row["username"], "full_name": row["full_name"], "unit": "", "phone": row["phone"],
            "is_active": True, "role": row["role"], "scope": row["scope"], "password": row["password"]}
    if row["unit"]:
        unit, message = ctx.unit(row["unit"])
        if unit is None:
            row.error("unit", message)
        else:
            data["unit"] = unit.pk
    return data


def save_staff_row(form: StaffForm, ctx: TreeLookups):
    return save_staff(actor=ctx.user, user=form.save(commit=False), password=form.cleaned_data["password"],
                      role=form.cleaned_data["role"], scope=form.cleaned_data.get("scope") or "")


STAFF = register(ImportKind(
    key="staff",
    label=_("工作人员"),
    description=_("每行新建一名工作人员，并授予一个角色；更多角色在工作人员页面添加。"),
    columns=(
        Column("用户名", "username", required=True, example="zhangsan",
               help=_("登录用的名字：字母、数字和 @ . + - _。")),
        Column("姓名", "full_name", required=True, example="张三"),
        Column("所属单位", "unit", required=True, example="示范市司法局",
               help=_("单位名称或统一社会信用代码；重名时请填统一社会信用代码。")),
        Column("联系电话", "phone", example="0990-12345678"),
        Column("角色", "role", required=True, example=str(Role.LEGAL_OFFICER.label), choices=Role.choices),
        Column("范围", "scope", example=str(Scope.UNIT_SUBTREE.label), choices=Scope.choices,
               help=_("留空则按角色默认。")),
        Column("初始密码", "password", required=True, example="Chushi-mima-2025",
               help=_("至少8位，不能全是数字，不能与用户名相近；请通知本人登录后修改。")),
    ),
    form_class=StaffForm,
    to_form_data=staff_form_data,
    save=save_staff_row,
    context=TreeLookups,
))
